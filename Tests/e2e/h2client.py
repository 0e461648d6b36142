"""A small HTTP/2 client over a plain socket (the `h2` library for framing), plus raw-frame helpers for floods."""
import socket
import ssl
import struct
import time

import h2.config
import h2.connection
import h2.events
import h2.settings
import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0x0, 0x1, 0x3, 0x4, 0x7, 0x8, 0x9
END_STREAM, END_HEADERS = 0x1, 0x4
ENHANCE_YOUR_CALM, REFUSED_STREAM, NO_ERROR = 0xB, 0x7, 0x0


class Stream:
    def __init__(self):
        self.status = None
        self.headers = {}
        self.data = bytearray()
        self.ended = False
        self.reset = None


class H2Client:
    def __init__(self, port: int, tls_context: ssl.SSLContext | None = None, host: str = "127.0.0.1"):
        raw = socket.create_connection((host, port), timeout=10)
        self.sock = tls_context.wrap_socket(raw, server_hostname="localhost") if tls_context else raw
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.initiate_connection()
        self.streams: dict[int, Stream] = {}
        self.goaway = None  # (error_code, last_stream_id)
        self.closed = False
        self.window_updates = 0  # bytes of window the server granted (connection level)
        self.remote_settings_seen = False
        self.flush()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def request(self, method: str, path: str, headers=(), body: bytes | None = None, end: bool = True) -> int:
        sid = self.conn.get_next_available_stream_id()
        hdrs = [(":method", method), (":path", path), (":scheme", "http"), (":authority", "localhost"), *headers]
        self.conn.send_headers(sid, hdrs, end_stream=end and not body)
        self.streams[sid] = Stream()
        self.flush()
        if body:
            self.send_body(sid, body, end=end)
        return sid

    def send_body(self, sid: int, body: bytes, end: bool = True, timeout: float = 30):
        """Sends `body` as the flow-control windows allow, waiting for WINDOW_UPDATE when they are closed."""
        view = memoryview(body)
        deadline = time.monotonic() + timeout
        while view:
            window = min(self.conn.local_flow_control_window(sid), self.conn.max_outbound_frame_size)
            if window <= 0:
                if time.monotonic() > deadline:
                    raise TimeoutError("window never reopened")
                self.pump(timeout=deadline - time.monotonic())
                if self.streams[sid].reset is not None or self.streams[sid].ended:
                    return
                continue
            chunk, view = view[:window], view[window:]
            self.conn.send_data(sid, chunk.tobytes(), end_stream=end and not view)
            self.flush()
        if end and not body:
            self.conn.end_stream(sid)
            self.flush()

    def pump(self, timeout: float = 10) -> bool:
        """Reads once and handles the events; False when the connection closed."""
        self.sock.settimeout(max(timeout, 0.01))
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, ssl.SSLError):
            data = b""
        if not data:
            self.closed = True
            return False
        for event in self.conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                s = self.streams[event.stream_id]
                s.headers = dict(event.headers)
                s.status = int(s.headers[":status"])
            elif isinstance(event, h2.events.DataReceived):
                self.streams[event.stream_id].data += event.data
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                self.streams[event.stream_id].ended = True
            elif isinstance(event, h2.events.StreamReset):
                if event.stream_id in self.streams:
                    self.streams[event.stream_id].reset = event.error_code
            elif isinstance(event, h2.events.WindowUpdated):
                if event.stream_id == 0:
                    self.window_updates += event.delta
            elif isinstance(event, h2.events.RemoteSettingsChanged):
                self.remote_settings_seen = True
            elif isinstance(event, h2.events.ConnectionTerminated):
                self.goaway = (event.error_code, event.last_stream_id)
        self.flush()
        return True

    def until(self, predicate, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("condition not met in time")
            if not self.pump(timeout=left) and not predicate():
                raise ConnectionError("connection closed before the condition was met")

    def get(self, path: str, headers=()) -> Stream:
        sid = self.request("GET", path, headers)
        self.until(lambda: self.streams[sid].ended or self.streams[sid].reset is not None)
        return self.streams[sid]

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def frame(ftype: int, flags: int, stream: int, payload: bytes = b"") -> bytes:
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def read_frames(sock, timeout: float = 10):
    """Yields (type, flags, stream, payload) until the peer closes or `timeout` passes without data."""
    buf = b""
    sock.settimeout(timeout)
    while True:
        while len(buf) >= 9:
            length = int.from_bytes(buf[:3], "big")
            if len(buf) < 9 + length:
                break
            yield buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF, buf[9:9 + length]
            buf = buf[9 + length:]
        try:
            data = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            return
        if not data:
            return
        buf += data


def wait_goaway(sock, timeout: float = 10):
    """The first GOAWAY's (error code, last stream id), or None when the connection ended without one."""
    for ftype, _, _, payload in read_frames(sock, timeout):
        if ftype == GOAWAY:
            return int.from_bytes(payload[4:8], "big"), int.from_bytes(payload[:4], "big") & 0x7FFFFFFF
    return None


def request_block(encoder: hpack.Encoder, path: str = "/health", extra=()) -> bytes:
    return encoder.encode([(":method", "GET"), (":path", path), (":scheme", "http"), (":authority", "localhost"), *extra])
