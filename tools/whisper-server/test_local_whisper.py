"""Tests of the local Whisper engine: the multipart parser alone, then the real server started
by scripts/local-whisper on a free loopback port, transcribing speech made with espeak-ng.

Run with pytest from any Python 3.9+ (standard library only here): `pytest tools/whisper-server`.
The first run installs the engine's virtual environment (about 15 s with a warm network).
Needs espeak-ng (Debian: apt-get install espeak-ng).
"""

import http.client
import io
import json
import os
import select
import shutil
import socket
import subprocess
import threading
import uuid
import wave
from pathlib import Path

import pytest

from multipart import FormParser, MultipartError, boundary_of
from transcription import ApiError, parse_parameters, render, timestamp

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "local-whisper"
TRANSCRIPTIONS = "/v1/audio/transcriptions"
SPEECH = "hello world this is a test"


def multipart(fields, files=(), boundary=None):
    """(content type, body): text `fields` {name: value}, `files` [(name, filename, bytes)]."""
    boundary = boundary or uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  f"{value}\r\n".encode())
    for name, filename, data in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                  .encode() + data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", out.getvalue()


# -- the multipart parser --------------------------------------------------------------------------

def parse(body, boundary, chunk):
    sink = io.BytesIO()
    parser = FormParser(boundary.encode(), "file", sink)
    for at in range(0, len(body), chunk):
        parser.feed(body[at:at + chunk])
    parser.close()
    return parser, sink.getvalue()


# File content full of near-delimiters: CRLF, dashes, a prefix of the boundary.
TRICKY = b"\r\n--bound\r\n-\r--xyz\r\n--boundar" + bytes(range(256)) * 4 + b"\r\n-"


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_multipart_any_chunking(chunk):
    ctype, body = multipart({"model": "whisper-1", "prompt": "Zürich ☃"},
                            [("file", "a.wav", TRICKY)], boundary="boundary")
    parser, data = parse(b"preamble\r\n" + body + b"epilogue", boundary_of(ctype).decode(), chunk)
    assert data == TRICKY
    assert parser.file_name == "a.wav" and parser.file_size == len(TRICKY)
    assert parser.fields == {"model": ["whisper-1"], "prompt": ["Zürich ☃"]}


def test_multipart_repeated_fields_and_no_file():
    _, body = multipart({}, boundary="b")
    body = (b'--b\r\nContent-Disposition: form-data; name="g[]"\r\n\r\nword\r\n'
            b'--b\r\nContent-Disposition: form-data; name="g[]"\r\n\r\nsegment\r\n--b--')
    parser, data = parse(body, "b", 5)
    assert parser.fields == {"g[]": ["word", "segment"]}
    assert parser.file_size is None and data == b""


@pytest.mark.parametrize("content_type", [
    None, "", "application/json", "multipart/form-data", "multipart/mixed; boundary=x",
    "multipart/form-data; boundary=" + "x" * 71,
])
def test_boundary_refused(content_type):
    with pytest.raises(MultipartError):
        boundary_of(content_type)


def test_boundary_quoted():
    assert boundary_of('multipart/form-data; boundary="a b:c"') == b"a b:c"


@pytest.mark.parametrize("body", [
    b"",  # empty
    b"--b\r\n",  # headers never end
    b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',  # no closing delimiter
    b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--b',  # cut after delimiter
])
def test_multipart_truncated(body):
    with pytest.raises(MultipartError, match="truncated"):
        parse(body, "b", 3)


@pytest.mark.parametrize("body, match", [
    (b"--b\r\nno colon here\r\n\r\nx\r\n--b--", "malformed"),
    (b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "Content-Disposition"),
    (b'--b\r\nContent-Disposition: attachment; name="x"\r\n\r\nx\r\n--b--', "Content-Disposition"),
    (b"--bjunk\r\n\r\nx\r\n--b--", "delimiter"),
    (b'--b\r\nContent-Disposition: form-data; name="p"\r\n\r\n\xff\xfe\r\n--b--', "UTF-8"),
    (b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n1\r\n'
     b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n2\r\n--b--', "more than one"),
])
def test_multipart_malformed(body, match):
    with pytest.raises(MultipartError, match=match):
        parse(body, "b", 4)


def test_multipart_limits():
    with pytest.raises(MultipartError, match="too large") as caught:
        parse(multipart({"prompt": "x" * (64 * 1024 + 1)}, boundary="b")[1], "b", 4096)
    assert caught.value.param == "prompt"
    with pytest.raises(MultipartError, match="headers are too large"):
        parse(b"--b\r\nX-Pad: " + b"y" * 9000, "b", 4096)
    many = multipart({f"f{n}": "v" for n in range(65)}, boundary="b")[1]
    with pytest.raises(MultipartError, match="too many"):
        parse(many, "b", 4096)


# -- parameters and response shapes (no model needed) ---------------------------------------------

class Segment:
    """Stands in for faster-whisper's Segment."""

    def __init__(self, start, end, text, words=None):
        self.start, self.end, self.text, self.words = start, end, text, words
        self.seek, self.tokens, self.temperature = 0, [1, 2], 0.0
        self.avg_logprob, self.compression_ratio, self.no_speech_prob = -0.3, 1.1, 0.01


class EnglishOnly:
    languages = {"en"}


def test_parameter_defaults_and_normalisation():
    parameters = parse_parameters({"language": ["EN "], "prompt": ["Names: Ada"]}, EnglishOnly)
    assert parameters == {"response_format": "json", "language": "en", "prompt": "Names: Ada",
                          "temperature": 0.0, "words": False}
    assert parse_parameters({"language": ["auto"]}, EnglishOnly)["language"] is None
    words = {"response_format": ["verbose_json"], "timestamp_granularities[]": ["segment", "word"]}
    assert parse_parameters(words, EnglishOnly)["words"] is True


@pytest.mark.parametrize("field, value", [
    ("response_format", "JSON"), ("response_format", "mp3"), ("temperature", "-0.1"),
    ("temperature", "nan"), ("temperature", "1e9"), ("language", "fr"), ("language", "english"),
])
def test_parameters_refused(field, value):
    with pytest.raises(ApiError) as caught:
        parse_parameters({field: [value]}, EnglishOnly)
    assert caught.value.status == 400 and caught.value.param == field


def test_timestamps():
    assert timestamp(0, ",") == "00:00:00,000"
    assert timestamp(3723.4567, ".") == "01:02:03.457"


def test_render_shapes_and_clamping():
    segments = [Segment(0.0, 1.5, " Hello world."), Segment(1.5, 2.6, " Again.")]
    ctype, body = render("json", 2.5, "en", segments)
    assert ctype == "application/json" and json.loads(body) == {"text": "Hello world. Again."}
    assert render("text", 2.5, "en", segments) == ("text/plain; charset=utf-8",
                                                  b"Hello world. Again.\n")
    srt = render("srt", 2.5, "en", segments)[1].decode()
    assert srt == ("1\n00:00:00,000 --> 00:00:01,500\nHello world.\n\n"
                   "2\n00:00:01,500 --> 00:00:02,500\nAgain.\n")  # clamped to the duration
    vtt = render("vtt", 2.5, "en", segments)[1].decode()
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello world.\n")
    verbose = json.loads(render("verbose_json", 2.5, "en", segments)[1])
    assert verbose["language"] == "english" and verbose["duration"] == 2.5
    assert [s["id"] for s in verbose["segments"]] == [0, 1]
    assert verbose["segments"][1]["end"] == 2.5 and "words" not in verbose
    assert json.loads(render("json", 1.0, "en", [])[1]) == {"text": ""}


# -- the server ------------------------------------------------------------------------------------

def read_line(stream, timeout):
    """One line from a pipe, or "" if none comes within `timeout` seconds (no hang)."""
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else ""


def start_engine(*command):
    """Start scripts/local-whisper (optionally wrapped); (process, base URL) once it is ready."""
    process = subprocess.Popen([*command, str(SCRIPT), "--host", "127.0.0.1", "--port", "0"],
                               stdout=subprocess.PIPE, text=True)
    line = read_line(process.stdout, 180)
    if not line.startswith("local-whisper ready on http://"):
        process.kill()
        pytest.fail(f"local-whisper did not start: {line!r}")
    return process, line.split()[-1]


def stop(process):
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def engine():
    """(host, port) of a running engine."""
    subprocess.run([str(SCRIPT), "--install-only"], check=True, timeout=1800)
    process, url = start_engine()
    host, port = url.split("//")[1].split("/")[0].rsplit(":", 1)
    yield host, int(port)
    stop(process)
    assert process.returncode == 0  # SIGTERM is a clean exit


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    """(wav bytes, duration in seconds) of espeak-ng saying SPEECH."""
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is required (Debian: apt-get install espeak-ng)")
    path = tmp_path_factory.mktemp("speech") / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(path), SPEECH], check=True, timeout=60)
    with wave.open(str(path)) as audio:
        duration = audio.getnframes() / audio.getframerate()
    return path.read_bytes(), duration


def request(engine, method, path, body=None, headers=None, connection=None):
    """(status, headers, body bytes) of one request."""
    conn = connection or http.client.HTTPConnection(*engine, timeout=120)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.headers, response.read()


def transcribe(engine, audio, connection=None, **fields):
    ctype, body = multipart(fields, [("file", "speech.wav", audio)])
    return request(engine, "POST", TRANSCRIPTIONS, body, {"Content-Type": ctype}, connection)


def assert_openai_error(status, headers, body, expected_status, param=None):
    assert status == expected_status
    assert headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error" and error["message"]
    assert error["param"] == param


def words_of(text):
    return {word.strip(".,!?").lower() for word in text.split()}


def test_json_has_the_spoken_words(engine, speech):
    status, headers, body = transcribe(engine, speech[0], model="whisper-1")
    assert status == 200 and headers["Content-Type"] == "application/json"
    result = json.loads(body)
    assert list(result) == ["text"]
    heard = words_of(result["text"])
    assert {"hello", "world"} <= heard, result["text"]
    assert len(heard & set(SPEECH.split())) >= 4, result["text"]


def test_verbose_json_shape_and_duration(engine, speech):
    status, _, body = transcribe(engine, speech[0], model="tiny.en", response_format="verbose_json",
                                 language="en", temperature="0")
    assert status == 200
    result = json.loads(body)
    assert result["task"] == "transcribe" and result["language"] == "english"
    assert abs(result["duration"] - speech[1]) < 0.05
    assert "hello" in result["text"].lower()
    assert result["segments"], result
    for index, segment in enumerate(result["segments"]):
        assert set(segment) == {"id", "seek", "start", "end", "text", "tokens", "temperature",
                                "avg_logprob", "compression_ratio", "no_speech_prob"}
        assert segment["id"] == index
        assert 0 <= segment["start"] <= segment["end"] <= result["duration"]
        assert all(isinstance(token, int) for token in segment["tokens"])
    assert "".join(s["text"] for s in result["segments"]).strip() == result["text"]


def test_word_timestamps(engine, speech):
    status, _, body = transcribe(engine, speech[0], response_format="verbose_json",
                                 **{"timestamp_granularities[]": "word"})
    assert status == 200
    words = json.loads(body)["words"]
    assert "hello" in [w["word"].strip(".,").lower() for w in words]
    assert all(0 <= w["start"] <= w["end"] for w in words)


def test_text_srt_vtt(engine, speech):
    status, headers, body = transcribe(engine, speech[0], response_format="text")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert {"hello", "world"} <= words_of(body.decode())
    _, _, srt = transcribe(engine, speech[0], response_format="srt")
    assert srt.decode().startswith("1\n00:00:00,000 --> 00:00:0")
    _, _, vtt = transcribe(engine, speech[0], response_format="vtt")
    assert vtt.decode().startswith("WEBVTT\n\n00:00:00.000 --> ")


def test_keep_alive_and_concurrent_requests(engine, speech):
    connection = http.client.HTTPConnection(*engine, timeout=120)
    for _ in range(2):  # two requests on one connection
        assert transcribe(engine, speech[0], connection)[0] == 200
    assert request(engine, "GET", "/health", connection=connection)[0] == 200
    results = []
    threads = [threading.Thread(target=lambda: results.append(transcribe(engine, speech[0])))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _, _ in results] == [200, 200, 200]
    assert all("hello" in json.loads(body)["text"].lower() for _, _, body in results)


def test_models_and_health(engine):
    status, _, body = request(engine, "GET", "/v1/models")
    listing = json.loads(body)
    assert status == 200 and listing["object"] == "list"
    assert [m["id"] for m in listing["data"]] == ["whisper-1", "tiny.en"]
    assert all(m["object"] == "model" and isinstance(m["created"], int) for m in listing["data"])
    status, _, body = request(engine, "GET", "/health?probe=1")
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_missing_file(engine):
    ctype, body = multipart({"model": "whisper-1"})
    assert_openai_error(*request(engine, "POST", TRANSCRIPTIONS, body, {"Content-Type": ctype}),
                        400, "file")


@pytest.mark.parametrize("audio", [os.urandom(4096), b"RIFF\x00\x00\x00\x00WAVEfmt junk", b"\0"])
def test_undecodable_audio(engine, audio):
    assert_openai_error(*transcribe(engine, audio), 400, "file")


def test_empty_file(engine):
    assert_openai_error(*transcribe(engine, b""), 400, "file")


@pytest.mark.parametrize("field, value", [
    ("response_format", "xml"), ("temperature", "2"), ("temperature", "warm"), ("language", "de"),
])
def test_bad_parameters(engine, speech, field, value):
    assert_openai_error(*transcribe(engine, speech[0], **{field: value}), 400, field)


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data", None])
def test_not_multipart(engine, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_openai_error(*request(engine, "POST", TRANSCRIPTIONS, b"{}", headers), 400)


def test_malformed_multipart(engine):
    ctype = "multipart/form-data; boundary=b"
    body = b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'  # never closed
    status, headers, reply = request(engine, "POST", TRANSCRIPTIONS, body, {"Content-Type": ctype})
    assert_openai_error(status, headers, reply, 400)


def test_wrong_method_and_unknown_path(engine):
    status, headers, body = request(engine, "GET", TRANSCRIPTIONS)
    assert_openai_error(status, headers, body, 405)
    assert headers["Allow"] == "POST"
    assert_openai_error(*request(engine, "POST", "/v1/models", b"", {}), 405)
    assert_openai_error(*request(engine, "DELETE", "/health"), 405)
    assert_openai_error(*request(engine, "GET", "/v1/nothing"), 404)
    assert_openai_error(*request(engine, "POST", "/v2/audio/transcriptions", b"x"), 404)


def raw_exchange(engine, head, body=b"", shut=False):
    """Send raw bytes; (status, parsed JSON error) of the reply."""
    with socket.create_connection(engine, timeout=30) as sock:
        sock.sendall(head + body)
        if shut:
            sock.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, payload = reply.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(payload)["error"]


def test_length_required(engine):
    status, error = raw_exchange(engine, b"POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n"
                                 b"Content-Type: multipart/form-data; boundary=b\r\n"
                                 b"Connection: close\r\n\r\n")
    assert status == 411 and error["type"] == "invalid_request_error"
    status, error = raw_exchange(engine, b"POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n", b"5\r\nhello\r\n0\r\n\r\n")
    assert status == 411


def test_too_large_is_refused_before_the_body(engine):
    head = (b"POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: %d\r\n\r\n" % (25 * 1024 * 1024 + 1))
    status, error = raw_exchange(engine, head, shut=True)  # no body sent at all
    assert status == 413 and error["param"] == "file"
    status, _ = raw_exchange(engine, head.replace(b"\r\n\r\n", b"\r\nExpect: 100-continue\r\n\r\n"))
    assert status == 413  # answered instead of "100 Continue"


def test_too_large_while_sending_gets_the_answer(engine):
    ctype, body = multipart({}, [("file", "big.wav", b"\0" * (25 * 1024 * 1024 + 10))])
    assert_openai_error(*request(engine, "POST", TRANSCRIPTIONS, body, {"Content-Type": ctype}),
                        413, "file")


def test_truncated_body(engine):
    ctype, body = multipart({}, [("file", "a.wav", b"x" * 1000)])
    head = (f"POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body) + 500}\r\n\r\n").encode()
    status, error = raw_exchange(engine, head, body, shut=True)
    assert status == 400 and "shorter" in error["message"]


def test_server_survives_hostile_requests(engine, speech):
    """After all the above (and garbage on the wire), the engine still transcribes."""
    status, error = raw_exchange(engine, b"\x16\x03\x01 not http at all\r\n\r\n")
    assert status == 400 and error["type"] == "invalid_request_error"
    status, _ = raw_exchange(engine, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    assert status == 414
    status, _ = raw_exchange(engine, b"BREW /health HTTP/1.1\r\n\r\n")
    assert status == 501
    status, _, body = transcribe(engine, speech[0])
    assert status == 200 and "hello" in json.loads(body)["text"].lower()


def test_refuses_non_loopback_address():
    result = subprocess.run([str(SCRIPT), "--host", "0.0.0.0", "--port", "0"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "loopback" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None,
                    reason="needs root and unshare for a network namespace")
def test_loads_with_no_network_at_all(engine):
    """In a network namespace with only loopback, nothing can be downloaded: it still starts."""
    env_without_offline = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("network namespaces unavailable here")
    process = subprocess.Popen(
        ["unshare", "--net", "sh", "-c", f'ip link set lo up && exec "{SCRIPT}" --port 0'],
        stdout=subprocess.PIPE, text=True, env=env_without_offline)
    try:
        assert read_line(process.stdout, 180).startswith("local-whisper ready on http://127.0.0.1:")
    finally:
        stop(process)
