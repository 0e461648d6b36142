#!/usr/bin/env python3
"""A stand-in transcription provider for scripts/bench: answers POST .../audio/transcriptions after a fixed delay.

Speaks just enough HTTP/1.1 (keep-alive, Content-Length or chunked bodies, Expect: 100-continue) on loopback with
asyncio buffered protocols, so that one process holds many hundreds of concurrent uploads: request bodies are counted, never
stored. GET /stats answers the counters as JSON; POST /stats/reset-peaks starts the peak figures afresh.

Usage: bench-provider.py PORT DELAY_MS API_KEY
"""
import asyncio
import json
import signal
import sys

STATS = {"requests": 0, "bytes_in": 0, "unauthorized": 0, "bad_requests": 0, "connections": 0, "open": 0,
         "max_open": 0, "in_flight": 0, "max_in_flight": 0}
TRANSCRIPT = json.dumps({"task": "transcribe", "language": "english", "duration": 32.768,
                         "text": "bench transcript", "segments": []}).encode()
MAX_HEAD = 64 * 1024


def response(status: int, reason: str, body: bytes, content_type: str = "application/json") -> bytes:
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


class Connection(asyncio.BufferedProtocol):
    """One keep-alive connection; one request at a time (callers do not pipeline). Reads go into one scratch buffer
    per connection (no allocation per read); only request heads and chunked framing are copied out of it."""

    def __init__(self, delay: float, key: str):
        self.delay, self.auth = delay, f"Bearer {key}".encode()
        self.buffer = bytearray()
        self.scratch = bytearray(256 * 1024)
        self.view = memoryview(self.scratch)
        self.transport = None
        self.reset()

    def get_buffer(self, sizehint):
        return self.view

    def buffer_updated(self, nbytes):
        self.data_received(self.view[:nbytes])

    def reset(self):
        self.head = None          # (method, path, headers) once the head is read
        self.remaining = 0        # Content-Length bytes still to come
        self.chunked = False
        self.busy = False         # answer scheduled, body done

    def connection_made(self, transport):
        self.transport = transport
        STATS["connections"] += 1
        STATS["open"] += 1
        STATS["max_open"] = max(STATS["max_open"], STATS["open"])

    def connection_lost(self, exc):
        STATS["open"] -= 1
        if self.busy:
            STATS["in_flight"] -= 1
            self.busy = False

    def data_received(self, data):
        if self.head is None or self.chunked:
            self.buffer += data
        else:
            take = min(len(data), self.remaining)
            self.remaining -= take
            STATS["bytes_in"] += take
            if take < len(data):
                self.buffer += data[take:]
        self.advance()

    def advance(self):
        while not self.busy:
            if self.head is None:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self.buffer) > MAX_HEAD:
                        self.fail(431, "Request Header Fields Too Large")
                    return
                if not self.parse_head(bytes(self.buffer[:end])):
                    return
                del self.buffer[:end + 4]
                if self.remaining and not self.chunked:
                    take = min(len(self.buffer), self.remaining)
                    self.remaining -= take
                    STATS["bytes_in"] += take
                    del self.buffer[:take]
            if self.chunked and not self.read_chunks():
                return
            if self.remaining:
                return
            self.answer()

    def parse_head(self, raw: bytes) -> bool:
        lines = raw.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3:
            self.fail(400, "Bad Request")
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        self.head = (parts[0], parts[1], headers)
        self.chunked = headers.get(b"transfer-encoding", b"").lower() == b"chunked"
        try:
            self.remaining = 0 if self.chunked else int(headers.get(b"content-length", b"0"))
        except ValueError:
            self.fail(400, "Bad Request")
            return False
        if headers.get(b"expect", b"").lower() == b"100-continue":
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def read_chunks(self) -> bool:
        """Consumes whole chunks from the buffer; True once the last chunk and trailers are in."""
        while True:
            line_end = self.buffer.find(b"\r\n")
            if line_end < 0:
                return False
            try:
                size = int(bytes(self.buffer[:line_end]).split(b";")[0], 16)
            except ValueError:
                self.fail(400, "Bad Request")
                return False
            if size == 0:
                trailer_end = self.buffer.find(b"\r\n\r\n", line_end)  # no trailers: found at line_end
                if trailer_end < 0:
                    return False
                del self.buffer[:trailer_end + 4]
                self.chunked = False
                return True
            if len(self.buffer) < line_end + 2 + size + 2:
                return False
            STATS["bytes_in"] += size
            del self.buffer[:line_end + 2 + size + 2]

    def answer(self):
        method, path, headers = self.head
        if method == b"GET" and path == b"/stats":
            self.send(response(200, "OK", json.dumps(STATS).encode()))
            return
        if method == b"POST" and path == b"/stats/reset-peaks":
            STATS["max_open"], STATS["max_in_flight"] = STATS["open"], STATS["in_flight"]
            self.send(response(204, "No Content", b""))
            return
        if method != b"POST" or not path.endswith(b"/audio/transcriptions"):
            STATS["bad_requests"] += 1
            self.send(response(404, "Not Found", b'{"error":{"message":"unknown path","type":"invalid_request_error"}}'))
            return
        if headers.get(b"authorization") != self.auth:
            STATS["unauthorized"] += 1
            self.send(response(401, "Unauthorized", b'{"error":{"message":"Invalid API Key","type":"invalid_request_error"}}'))
            return
        STATS["requests"] += 1
        STATS["in_flight"] += 1
        STATS["max_in_flight"] = max(STATS["max_in_flight"], STATS["in_flight"])
        self.busy = True
        asyncio.get_running_loop().call_later(self.delay, self.delayed_answer)

    def delayed_answer(self):
        if not self.busy:
            return  # the caller went away
        self.busy = False
        STATS["in_flight"] -= 1
        self.send(response(200, "OK", TRANSCRIPT))

    def send(self, data: bytes):
        if self.transport.is_closing():
            return
        self.transport.write(data)
        self.reset()
        if self.buffer:
            self.advance()

    def fail(self, status: int, reason: str):
        self.transport.write(response(status, reason, b""))
        self.transport.close()
        self.head, self.busy = None, True


async def main(port: int, delay_ms: float, key: str):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(delay_ms / 1000, key), "127.0.0.1", port, backlog=4096)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    print(json.dumps(STATS), file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]))
