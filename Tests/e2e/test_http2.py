"""HTTP/2 on the server's port: h2c by prior knowledge and by Upgrade (curl, the `h2` library), the same handlers,
flow-controlled uploads through the transcription route, limits, and the rapid-reset and CONTINUATION floods."""
import io
import json
import signal
import socket
import subprocess
import threading
import time
import wave

import hpack
import pytest

from conftest import Eloquent, StandInProvider
from h2client import (CONTINUATION, DATA, END_HEADERS, END_STREAM, ENHANCE_YOUR_CALM, GOAWAY, HEADERS, NO_ERROR,
                      PREFACE, REFUSED_STREAM, RST_STREAM, SETTINGS, H2Client, frame, read_frames, request_block,
                      wait_goaway)


def curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "--max-time", "10", *args], capture_output=True, text=True, check=True)


def wav_bytes(size: int) -> bytes:
    """A 16 kHz mono 16-bit WAV of about `size` bytes (a quiet saw tooth, so nothing compresses it away)."""
    frames = (size - 44) // 2
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(bytes((i * 7) & 0xFF for i in range(frames * 2)))
    return buf.getvalue()


def multipart(fields: dict, file_name: str, file_bytes: bytes, boundary: str = "h2-test-boundary") -> tuple[str, bytes]:
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    out += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
            f"Content-Type: audio/wav\r\n\r\n").encode()
    out += file_bytes + f"\r\n--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", bytes(out)


@pytest.fixture
def server():
    s = Eloquent({})
    yield s
    s.close()


@pytest.fixture
def stack():
    provider = StandInProvider(key="provider-secret")
    s = Eloquent({"TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": "provider-secret",
                  "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    yield provider, s
    s.close()
    provider.close()


def assert_responsive(port: int):
    """A second client gets /health promptly over HTTP/2."""
    start = time.monotonic()
    other = H2Client(port)
    try:
        reply = other.get("/health")
        assert reply.status == 200
        assert json.loads(reply.data)["status"] == "ok"
    finally:
        other.close()
    assert time.monotonic() - start < 2.0


def test_curl_prior_knowledge_and_upgrade(server):
    out = curl("--http2-prior-knowledge", "-w", "\n%{http_version}", server.url + "/health").stdout
    body, version = out.rsplit("\n", 1)
    assert version == "2"
    assert json.loads(body)["status"] == "ok"

    verbose = subprocess.run(["curl", "-sS", "-v", "--http2", "-w", "\n%{http_version}", server.url + "/health"],
                             capture_output=True, text=True, check=True)
    assert "101 Switching Protocols" in verbose.stderr
    body, version = verbose.stdout.rsplit("\n", 1)
    assert version == "2"
    assert json.loads(body)["status"] == "ok"

    # HTTP/1.1 on the same port is unchanged.
    out = curl("--http1.1", "-w", "\n%{http_version}", server.url + "/health").stdout
    assert out.rsplit("\n", 1)[1] == "1.1"


def test_same_handlers_and_headers_as_http1(server):
    token = server.token()
    c = H2Client(server.port)
    try:
        stats = c.get("/api/usage/stats", headers=[("authorization", f"Bearer {token}")])
        assert stats.status == 200
        assert "current_month" in json.loads(stats.data)
        assert "x-request-id" in stats.headers and "date" in stats.headers
        assert "connection" not in stats.headers
        missing = c.get("/api/nope")
        assert missing.status == 404
        assert json.loads(missing.data)["error"] == "API endpoint not found"
        denied = c.get("/api/usage/stats")
        assert denied.status == 401
        head_sid = c.request("HEAD", "/health")
        c.until(lambda: c.streams[head_sid].ended)
        assert c.streams[head_sid].status == 200 and c.streams[head_sid].data == b""
    finally:
        c.close()


def test_hundred_concurrent_streams_on_one_connection(server):
    c = H2Client(server.port)
    try:
        c.until(lambda: c.remote_settings_seen)
        assert c.conn.remote_settings.max_concurrent_streams == 100
        ids = [c.request("GET", f"/health?i={i}") for i in range(100)]
        c.until(lambda: all(c.streams[i].ended for i in ids))
        assert all(c.streams[i].status == 200 for i in ids)
        assert all(json.loads(c.streams[i].data)["status"] == "ok" for i in ids)
        request_ids = {c.streams[i].headers["x-request-id"] for i in ids}
        assert len(request_ids) == 100
    finally:
        c.close()


def test_concurrent_stream_limit_is_enforced():
    s = Eloquent({"HTTP2_MAX_CONCURRENT_STREAMS": "5"})
    try:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        enc = hpack.Encoder()
        # Eight requests that stay open (no END_STREAM: bodies that never come), in one burst, ignoring the limit.
        burst = PREFACE + frame(SETTINGS, 0, 0)
        for i in range(8):
            block = request_block(enc, "/v1/audio/transcriptions", [("content-type", "multipart/form-data; boundary=x")])
            burst += frame(HEADERS, END_HEADERS, 2 * i + 1, block)
        sock.sendall(burst)
        resets = {}
        settings_value = None
        for ftype, flags, stream, payload in read_frames(sock, timeout=3):
            if ftype == SETTINGS and not flags & 1:
                for off in range(0, len(payload), 6):
                    if int.from_bytes(payload[off:off + 2], "big") == 0x3:
                        settings_value = int.from_bytes(payload[off + 2:off + 6], "big")
            if ftype == RST_STREAM:
                resets[stream] = int.from_bytes(payload, "big")
            if len(resets) >= 3:
                break
        assert settings_value == 5
        assert sorted(resets) == [11, 13, 15]
        assert set(resets.values()) == {REFUSED_STREAM}
        sock.close()
    finally:
        s.close()


def test_five_mib_upload_under_flow_control(stack):
    provider, s = stack
    audio = wav_bytes(5 << 20)
    content_type, body = multipart({"model": "whisper-1", "response_format": "json"}, "big.wav", audio)
    c = H2Client(s.port)
    try:
        c.until(lambda: c.remote_settings_seen)
        initial = c.conn.remote_settings.initial_window_size
        assert initial < len(body)  # the upload can only finish if the server keeps granting window
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("authorization", f"Bearer {s.token()}"), ("content-type", content_type),
                         ("content-length", str(len(body)))], body=body)
        c.until(lambda: c.streams[sid].ended, timeout=60)
        assert c.streams[sid].status == 200, c.streams[sid].data
        assert json.loads(c.streams[sid].data)["text"] == "the quick brown fox"
        assert provider.requests[-1]["files"]["file"][1] == audio
        assert c.window_updates >= len(body) - (1 << 20)  # the connection window was reopened as the body was read
    finally:
        c.close()


def test_unread_body_is_not_buffered_past_the_window(stack):
    _, s = stack
    c = H2Client(s.port)
    try:
        c.until(lambda: c.remote_settings_seen)
        window = c.conn.remote_settings.initial_window_size
        # No credentials: the handler answers 401 without reading the body.
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("content-type", "multipart/form-data; boundary=x"), ("content-length", str(4 << 20))],
                        end=False)
        sent = 0
        deadline = time.monotonic() + 10
        while not (c.streams[sid].ended or c.streams[sid].reset is not None) and time.monotonic() < deadline:
            room = min(c.conn.local_flow_control_window(sid), c.conn.max_outbound_frame_size)
            if room > 0 and sent < (4 << 20):
                c.conn.send_data(sid, b"\0" * room)
                c.flush()
                sent += room
            else:
                c.pump(timeout=1)
        assert c.streams[sid].status == 401
        assert sent <= window  # the server never opened the window for a body nobody reads
        again = c.get("/health")  # the connection is still usable
        assert again.status == 200
    finally:
        c.close()


def test_client_reset_mid_upload_leaves_connection_usable(stack):
    _, s = stack
    c = H2Client(s.port)
    try:
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("authorization", f"Bearer {s.token()}"),
                         ("content-type", "multipart/form-data; boundary=x"), ("content-length", str(1 << 20))],
                        end=False)
        c.conn.send_data(sid, b"--x\r\n" + b"a" * 1000)
        c.conn.reset_stream(sid, error_code=8)  # CANCEL
        c.flush()
        reply = c.get("/health")
        assert reply.status == 200
        assert c.goaway is None
    finally:
        c.close()


def test_goaway_on_shutdown_finishes_inflight_stream(stack):
    provider, s = stack
    audio = wav_bytes(600_000)
    content_type, body = multipart({"model": "whisper-1"}, "a.wav", audio)
    c = H2Client(s.port)
    try:
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("authorization", f"Bearer {s.token()}"), ("content-type", content_type),
                         ("content-length", str(len(body)))], end=False)
        c.send_body(sid, body, end=False)  # everything but END_STREAM: the request is in flight
        s.proc.send_signal(signal.SIGTERM)
        # From here on raw frames: the h2 library refuses to send (and to receive WINDOW_UPDATE) after a GOAWAY.
        goaway, status, data, ended = None, None, bytearray(), False
        for ftype, flags, stream, payload in read_frames(c.sock, timeout=15):
            if ftype == GOAWAY and goaway is None:
                goaway = (int.from_bytes(payload[4:8], "big"), int.from_bytes(payload[:4], "big") & 0x7FFFFFFF)
                assert status is None  # the GOAWAY comes before the response
                c.sock.sendall(frame(DATA, END_STREAM, sid))  # the admitted stream still completes
            if stream != sid:
                continue
            if ftype == HEADERS:
                status = dict(c.conn.decoder.decode(payload))[":status"]
            elif ftype == DATA:
                data += payload
            if flags & END_STREAM and ftype in (HEADERS, DATA):
                ended = True
                break
        assert goaway == (NO_ERROR, sid)
        assert ended
        assert status == "200"
        assert json.loads(data)["text"] == "the quick brown fox"
        assert provider.requests[-1]["files"]["file"][1] == audio
        assert s.proc.wait(timeout=15) == 0
    finally:
        c.close()


def test_oversized_header_list_is_431():
    s = Eloquent({"MAX_HEADER_BYTES": "4KiB"})
    try:
        c = H2Client(s.port)
        c.until(lambda: c.remote_settings_seen)
        assert c.conn.remote_settings.max_header_list_size == 4096
        big = c.get("/health", headers=[("x-big", "v" * 6000)])
        assert big.status == 431
        fine = c.get("/health", headers=[("x-small", "v" * 1000)])
        assert fine.status == 200
    finally:
        c.close()
        s.close()


def test_rapid_reset_flood_gets_enhance_your_calm(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    enc = hpack.Encoder()
    burst = bytearray(PREFACE + frame(SETTINGS, 0, 0))
    for i in range(3000):
        sid = 2 * i + 1
        burst += frame(HEADERS, END_HEADERS | END_STREAM, sid, request_block(enc))
        burst += frame(RST_STREAM, 0, sid, (8).to_bytes(4, "big"))

    def send():
        try:
            sock.sendall(burst)
        except OSError:
            pass  # the server may close while we still send

    sender = threading.Thread(target=send)
    sender.start()
    goaway = wait_goaway(sock)
    sender.join(timeout=10)
    assert goaway is not None and goaway[0] == ENHANCE_YOUR_CALM
    sock.close()
    assert_responsive(server.port)
    metrics = curl(server.url + "/metrics").stdout
    assert "eloquent_http2_clients_cut_off_total 1" in metrics


def test_continuation_flood_gets_goaway(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    enc = hpack.Encoder()
    burst = bytearray(PREFACE + frame(SETTINGS, 0, 0) + frame(HEADERS, 0, 1, request_block(enc)))
    filler = enc.encode([("x-filler", "f" * 1000)])
    for _ in range(5000):
        burst += frame(CONTINUATION, 0, 1, filler)

    def send():
        try:
            sock.sendall(burst)
        except OSError:
            pass

    sender = threading.Thread(target=send)
    sender.start()
    goaway = wait_goaway(sock)
    sender.join(timeout=10)
    assert goaway is not None and goaway[0] == ENHANCE_YOUR_CALM
    sock.close()
    assert_responsive(server.port)


def test_metrics_count_by_protocol(server):
    curl("--http2-prior-knowledge", server.url + "/health")
    curl("--http1.1", server.url + "/health")
    metrics = curl(server.url + "/metrics").stdout
    values = {}
    for line in metrics.splitlines():
        if line.startswith("eloquent_") and "protocol=" in line:
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
    assert values['eloquent_connections_by_protocol_total{protocol="h2"}'] >= 1
    assert values['eloquent_http_requests_by_protocol_total{protocol="h2"}'] >= 1
    assert values['eloquent_http_requests_by_protocol_total{protocol="http1"}'] >= 1


def test_continuation_flood_of_large_frames_is_cut_by_size():
    # With a 4 KiB header-list limit the count of CONTINUATION frames is not reached first: the block-size bound is.
    s = Eloquent({"MAX_HEADER_BYTES": "4KiB"})
    try:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        enc = hpack.Encoder()
        burst = bytearray(PREFACE + frame(SETTINGS, 0, 0) + frame(HEADERS, 0, 1, request_block(enc)))
        for i in range(12):  # fewer frames than nghttp2's CONTINUATION count limit
            burst += frame(CONTINUATION, 0, 1, enc.encode([(f"x-filler-{i}", "f" * 16000)]))
        sock.sendall(burst)
        goaway = wait_goaway(sock)
        assert goaway == (ENHANCE_YOUR_CALM, 1)
        sock.close()
        assert_responsive(s.port)
    finally:
        s.close()


def test_idle_and_read_timeouts_apply_to_http2(stack):
    provider, _ = stack
    s = Eloquent({"IDLE_TIMEOUT": "1s", "READ_TIMEOUT": "1s", "TRANSCRIPTION_PROVIDER": "groq",
                  "GROQ_API_KEY": "provider-secret", "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    try:
        # A body that stalls mid-way: the handler's read fails with 408 after READ_TIMEOUT.
        c = H2Client(s.port)
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("authorization", f"Bearer {s.token()}"), ("content-type", "multipart/form-data; boundary=x"),
                         ("content-length", "100000")], end=False)
        c.conn.send_data(sid, b"--x\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n")
        c.flush()
        started = time.monotonic()
        c.until(lambda: c.streams[sid].ended or c.streams[sid].reset is not None, timeout=10)
        assert c.streams[sid].status == 408
        assert 0.9 <= time.monotonic() - started < 5
        # With no stream open the connection is idle: after IDLE_TIMEOUT it gets GOAWAY and closes.
        idle_from = time.monotonic()
        c.until(lambda: c.goaway is not None, timeout=10)
        assert c.goaway[0] == NO_ERROR
        assert 0.9 <= time.monotonic() - idle_from < 5
        deadline = time.monotonic() + 5
        while not c.closed and time.monotonic() < deadline:
            c.pump(timeout=1)
        assert c.closed
        c.close()
    finally:
        s.close()
