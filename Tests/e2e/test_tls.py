"""HTTPS on the server's port (OpenSSL, ALPN h2 and http/1.1), certificate reload on SIGHUP, and certificates
refused at start. Certificates are made with the openssl command line."""
import json
import os
import pathlib
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import warnings

import pytest

from conftest import Eloquent, StandInProvider, binary, free_port
from h2client import H2Client
from test_http2 import multipart, wav_bytes


def make_cert(directory: pathlib.Path, name: str, days: int = 30, key: pathlib.Path | None = None):
    """A self-signed certificate for localhost/127.0.0.1 (`days` < 0: already expired) and its key."""
    key = key or directory / f"{name}.key"
    cert = directory / f"{name}.pem"
    if not key.exists():
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-out", str(key)], check=True, capture_output=True)
    csr = directory / f"{name}.csr"
    subprocess.run(["openssl", "req", "-new", "-key", str(key), "-subj", f"/CN={name}", "-out", str(csr)],
                   check=True, capture_output=True)
    ext = directory / f"{name}.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    subprocess.run(["openssl", "x509", "-req", "-in", str(csr), "-signkey", str(key), "-days", str(days),
                    "-extfile", str(ext), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def client_context(cafile=None, alpn=("h2", "http/1.1")) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(cafile)) if cafile else ssl._create_unverified_context()
    ctx.set_alpn_protocols(list(alpn))
    return ctx


class TLSEloquent(Eloquent):
    """The server binary with TLS_CERT_FILE/TLS_KEY_FILE, waited for over HTTPS."""

    def __init__(self, cert, key, env=None):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="eloquent-e2e-")
        self.env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port), "DATA_DIR": self.data,
                    "LOG_LEVEL": "warning", "TLS_CERT_FILE": str(cert), "TLS_KEY_FILE": str(key), **(env or {})}
        self.proc = subprocess.Popen([binary(), "serve", "--env-file", "/nonexistent"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as raw:
                    with client_context().wrap_socket(raw, server_hostname="localhost"):
                        break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"


@pytest.fixture
def certs(tmp_path):
    return make_cert(tmp_path, "first")


def curl(*args):
    return subprocess.run(["curl", "-sS", "--max-time", "10", *args], capture_output=True, text=True, check=True)


def test_curl_alpn_h2_and_http11_over_tls(certs):
    cert, key = certs
    s = TLSEloquent(cert, key)
    try:
        out = curl("--http2", "-k", "-w", "\n%{http_version}", s.url + "/health").stdout
        body, version = out.rsplit("\n", 1)
        assert version == "2" and json.loads(body)["status"] == "ok"
        out = curl("--http2", "--cacert", str(cert), "-w", "\n%{http_version}",
                   f"https://localhost:{s.port}/health").stdout  # verified against the served certificate
        assert out.rsplit("\n", 1)[1] == "2"
        out = curl("--http1.1", "-k", "-w", "\n%{http_version}", s.url + "/health").stdout
        assert out.rsplit("\n", 1)[1] == "1.1"
        with socket.create_connection(("127.0.0.1", s.port)) as raw:
            with client_context(cert).wrap_socket(raw, server_hostname="localhost") as tls:
                assert tls.version() in ("TLSv1.2", "TLSv1.3")
                assert tls.selected_alpn_protocol() == "h2"
        with socket.create_connection(("127.0.0.1", s.port)) as raw:
            with client_context(cert, alpn=("http/1.1",)).wrap_socket(raw, server_hostname="localhost") as tls:
                assert tls.selected_alpn_protocol() == "http/1.1"
                tls.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                reply = b""
                while chunk := tls.recv(65536):
                    reply += chunk
                assert reply.startswith(b"HTTP/1.1 200 ")
        # TLS 1.1 is refused by the server (the client here allows it: security level 0).
        old = ssl._create_unverified_context()
        old.set_ciphers("DEFAULT:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
        with pytest.raises(ssl.SSLError) as refused:
            with socket.create_connection(("127.0.0.1", s.port)) as raw:
                old.wrap_socket(raw, server_hostname="localhost")
        assert "PROTOCOL_VERSION" in str(refused.value).upper()
        # Plain HTTP on the TLS port gets nothing usable, and the server carries on.
        with socket.create_connection(("127.0.0.1", s.port), timeout=5) as raw:
            raw.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert not raw.recv(65536).startswith(b"HTTP/1.1 200")
        assert curl("-k", s.url + "/health").stdout.startswith('{"status":"ok"')
    finally:
        s.close()


def test_h2_streams_and_large_upload_over_tls(tmp_path):
    cert, key = make_cert(tmp_path, "upload")
    provider = StandInProvider(key="provider-secret")
    s = TLSEloquent(cert, key, {"TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": "provider-secret",
                                "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    try:
        c = H2Client(s.port, tls_context=client_context(cert))
        assert c.sock.selected_alpn_protocol() == "h2"
        ids = [c.request("GET", f"/health?i={i}") for i in range(50)]
        c.until(lambda: all(c.streams[i].ended for i in ids))
        assert all(c.streams[i].status == 200 for i in ids)
        audio = wav_bytes(5 << 20)
        content_type, body = multipart({"model": "whisper-1"}, "big.wav", audio)
        sid = c.request("POST", "/v1/audio/transcriptions",
                        [("authorization", f"Bearer {s.token()}"), ("content-type", content_type),
                         ("content-length", str(len(body)))], body=body)
        c.until(lambda: c.streams[sid].ended, timeout=60)
        assert c.streams[sid].status == 200, c.streams[sid].data
        assert provider.requests[-1]["files"]["file"][1] == audio
        c.close()
    finally:
        s.close()
        provider.close()


def test_http11_upload_over_tls(tmp_path):
    """A 5 MiB HTTP/1.1 upload over TLS: the body is read through the TLS filter as the handler consumes it."""
    cert, key = make_cert(tmp_path, "h1")
    provider = StandInProvider(key="provider-secret")
    s = TLSEloquent(cert, key, {"TRANSCRIPTION_PROVIDER": "groq", "GROQ_API_KEY": "provider-secret",
                                "GROQ_BASE_URL": f"http://127.0.0.1:{provider.port}/openai/v1"})
    try:
        audio = tmp_path / "big.wav"
        audio.write_bytes(wav_bytes(5 << 20))
        out = curl("--http1.1", "--cacert", str(cert), "-w", "\n%{http_code} %{http_version}",
                   "-H", f"Authorization: Bearer {s.token()}", "-F", "model=whisper-1", "-F", f"file=@{audio};type=audio/wav",
                   f"https://localhost:{s.port}/v1/audio/transcriptions").stdout
        body, status = out.rsplit("\n", 1)
        assert status == "200 1.1", body
        assert json.loads(body)["text"] == "the quick brown fox"
        assert provider.requests[-1]["files"]["file"][1] == audio.read_bytes()
    finally:
        s.close()
        provider.close()


def test_sighup_reloads_certificate_without_dropping_connections(tmp_path):
    cert, key = make_cert(tmp_path, "first")
    s = TLSEloquent(cert, key)
    try:
        old = H2Client(s.port, tls_context=client_context())
        first_der = old.sock.getpeercert(binary_form=True)
        assert old.get("/health").status == 200

        # Replace the files with a new certificate and key, then SIGHUP.
        new_cert, new_key = make_cert(tmp_path, "second")
        os.replace(new_cert, cert)
        os.replace(new_key, key)
        s.proc.send_signal(signal.SIGHUP)
        expected = ssl.PEM_cert_to_DER_cert(cert.read_text())
        deadline = time.monotonic() + 5
        while True:
            with socket.create_connection(("127.0.0.1", s.port)) as raw:
                with client_context().wrap_socket(raw, server_hostname="localhost") as tls:
                    seen = tls.getpeercert(binary_form=True)
            if seen == expected or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert seen == expected and seen != first_der
        assert old.get("/health").status == 200  # the connection made before the reload still works

        # A broken replacement is refused at reload: the server keeps the current certificate and keeps serving.
        cert.write_text("not a certificate\n")
        s.proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", s.port)) as raw:
            with client_context().wrap_socket(raw, server_hostname="localhost") as tls:
                assert tls.getpeercert(binary_form=True) == expected
        assert s.proc.poll() is None
        old.close()
    finally:
        s.close()


def start_refused(env) -> subprocess.CompletedProcess:
    data = tempfile.mkdtemp(prefix="eloquent-e2e-")
    full = {**os.environ, "HOST": "127.0.0.1", "PORT": str(free_port()), "DATA_DIR": data, "LOG_FORMAT": "text", **env}
    return subprocess.run([binary(), "serve", "--env-file", "/nonexistent"], env=full, capture_output=True, text=True,
                          timeout=30)


def test_expired_certificate_refused_at_start(tmp_path):
    cert, key = make_cert(tmp_path, "expired", days=-1)
    result = start_refused({"TLS_CERT_FILE": str(cert), "TLS_KEY_FILE": str(key)})
    assert result.returncode != 0
    assert "TLS certificate refused" in result.stderr and "expired on" in result.stderr
    assert str(cert) in result.stderr


def test_mismatched_key_refused_at_start(tmp_path):
    cert, _ = make_cert(tmp_path, "mine")
    _, other_key = make_cert(tmp_path, "theirs")
    result = start_refused({"TLS_CERT_FILE": str(cert), "TLS_KEY_FILE": str(other_key)})
    assert result.returncode != 0
    assert f"the key in {other_key} does not match the certificate in {cert}" in result.stderr


def test_half_configured_tls_refused_at_start(tmp_path):
    cert, _ = make_cert(tmp_path, "alone")
    result = start_refused({"TLS_CERT_FILE": str(cert)})
    assert result.returncode != 0
    assert "TLS_CERT_FILE and TLS_KEY_FILE go together" in result.stderr
