"""Fixtures for end-to-end tests: the real eloquent-server binary, a loopback stand-in provider, espeak-ng speech."""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def binary() -> str:
    path = os.environ.get("ELOQUENT_BINARY") or str(ROOT / ".build" / "debug" / "eloquent-server")
    if not os.path.exists(path):
        pytest.fail(f"eloquent-server binary not found at {path}: run scripts/test (it builds and sets ELOQUENT_BINARY)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(url)


class StandInProvider:
    """An OpenAI-compatible transcription API on loopback that records what it received."""

    def __init__(self, key: str, text: str = "the quick brown fox"):
        self.key = key
        self.text = text
        self.requests = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                if self.headers.get("Authorization") != f"Bearer {provider.key}":
                    return self.reply(401, {"error": {"message": "bad key", "type": "invalid_request_error"}})
                if not self.path.endswith("/audio/transcriptions"):
                    return self.reply(404, {"error": {"message": "no such path"}})
                msg = BytesParser(policy=HTTP).parsebytes(
                    b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + body)
                fields, files = {}, {}
                for part in msg.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if part.get_filename():
                        files[name] = (part.get_filename(), part.get_payload(decode=True))
                    else:
                        fields[name] = part.get_content().strip()
                provider.requests.append({"fields": fields, "files": files})
                fmt = fields.get("response_format", "json")
                if fmt == "text":
                    data = provider.text.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                return self.reply(200, {"task": "transcribe", "language": fields.get("language", "english"),
                                        "duration": 2.5, "text": provider.text, "segments": []})

            def reply(self, status, obj):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Eloquent:
    """The real server binary on a free loopback port with its own DATA_DIR."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="eloquent-e2e-")
        self.env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port), "DATA_DIR": self.data,
                    "LOG_LEVEL": "warning", **env}
        self.proc = subprocess.Popen([binary(), "serve", "--env-file", "/nonexistent"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_http(f"http://127.0.0.1:{self.port}/health")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def token(self, sub="5f0c1a52-9d7e-4c1b-8a51-3f8a2c9d0e11", email="user@example.com") -> str:
        out = subprocess.run([binary(), "token", "--sub", sub, "--email", email, "--env-file", "/nonexistent"],
                             env=self.env, capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def close(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=15)
        finally:
            shutil.rmtree(self.data, ignore_errors=True)
        assert code == 0, self.proc.stderr.read().decode()


@pytest.fixture
def speech_wav(tmp_path) -> pathlib.Path:
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is not installed (scripts/test installs it)")
    path = tmp_path / "speech.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "hello world this is a test"], check=True)
    return path
