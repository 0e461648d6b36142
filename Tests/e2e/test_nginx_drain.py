"""Three real eloquent-server processes on one PostgreSQL and one Redis (the scale-out set-up of SPEC section 10)
behind a real nginx configured with deploy/nginx.conf as shipped (only its ports are rewritten): SIGTERM to one
instance under load (GETs and POSTs, keep-alive) costs no request. PostgreSQL and Redis come from
scripts/with-postgres and scripts/with-redis (scripts/test runs the end-to-end tests under both)."""
import http.client
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

from conftest import ROOT, Eloquent, free_port, wait_http

SHIPPED = ROOT / "deploy" / "nginx.conf"


def nginx_binary() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(path):
        pytest.fail("nginx is not installed (scripts/test installs it)")
    return path


class Nginx:
    """nginx in the foreground with a main configuration of its own that includes the shipped file, its instance
    ports and its listen port rewritten."""

    def __init__(self, upstream_ports):
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="eloquent-nginx-"))
        self.port = free_port()
        text = SHIPPED.read_text()
        for default, port in zip((3001, 3002, 3003), upstream_ports):
            assert f"127.0.0.1:{default}" in text
            text = text.replace(f"127.0.0.1:{default}", f"127.0.0.1:{port}")
        assert "listen 8080;" in text
        text = text.replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        (self.dir / "eloquent.conf").write_text(text)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.dir / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
    include {self.dir}/eloquent.conf;
}}
""")
        check = subprocess.run([nginx_binary(), "-t", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.proc = subprocess.Popen([nginx_binary(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_http(f"http://127.0.0.1:{self.port}/health")

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text() if path.exists() else ""

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def test_sigterm_to_one_instance_under_load_fails_no_request():
    secret = "nginx-drain-test-secret-0123456789abcdef"
    env = {"SUPABASE_JWT_SECRET": secret, "SHUTDOWN_DELAY": "5s", "RATE_LIMIT_REQUESTS": "1000000",
           "EVENT_LOOPS": "1", "TRANSCRIPTION_PROVIDER": "local", "LOCAL_WHISPER_URL": "http://127.0.0.1:9/v1"}
    shared = {"DATABASE_URL": "ELOQUENT_TEST_POSTGRES_URL", "REDIS_URL": "ELOQUENT_TEST_REDIS_URL"}
    for setting, variable in shared.items():
        if not os.environ.get(variable):
            pytest.fail(f"{variable} is not set: run under scripts/with-postgres scripts/with-redis (scripts/test does)")
        env[setting] = os.environ[variable]
    instances = [Eloquent(env) for _ in range(3)]
    nginx = None
    try:
        nginx = Nginx([i.port for i in instances])
        token = instances[0].token()
        stop = threading.Event()
        results = {"ok": 0, "failed": [], "by_method": {"GET": 0, "POST": 0}}
        lock = threading.Lock()

        def worker(n: int):
            conn = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=30)
            i = 0
            while not stop.is_set():
                i += 1
                method = "POST" if (i + n) % 2 else "GET"
                try:
                    if method == "POST":
                        conn.request("POST", "/api/auth/validate", body=b"{}",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                    else:
                        conn.request("GET", "/")
                    response = conn.getresponse()
                    body = response.read()
                    with lock:
                        if response.status == 200:
                            results["ok"] += 1
                            results["by_method"][method] += 1
                        else:
                            results["failed"].append((method, response.status, body[:200]))
                except (OSError, http.client.HTTPException) as error:
                    with lock:
                        results["failed"].append((method, "exception", repr(error)))
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=30)
            conn.close()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        time.sleep(2)
        leaving = instances[1]
        leaving.proc.terminate()  # SIGTERM
        # /ready turns 503 as soon as the signal is handled, while the instance still serves during SHUTDOWN_DELAY.
        deadline = time.monotonic() + 3
        while True:
            ready = http.client.HTTPConnection("127.0.0.1", leaving.port, timeout=5)
            ready.request("GET", "/ready")
            reply = ready.getresponse()
            body = reply.read()
            ready.close()
            if reply.status == 503 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert reply.status == 503 and json.loads(body)["status"] == "draining"
        code = leaving.proc.wait(timeout=30)
        time.sleep(1)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        assert code == 0, leaving.proc.stderr.read().decode()
        errors = [line for line in nginx.error_log().splitlines() if "[error]" in line]
        assert results["failed"] == [], (len(results["failed"]), results["failed"][:3], errors[:5])
        assert results["by_method"]["GET"] > 100 and results["by_method"]["POST"] > 100, results
        # One store and one Redis behind them: the remaining instances report both in use.
        for instance in (instances[0], instances[2]):
            ready = json.loads(urllib.request.urlopen(f"{instance.url}/ready", timeout=5).read())
            assert ready["store"] == "ok" and ready["redis"] == "ok", ready
    finally:
        if nginx:
            nginx.close()
        for instance in instances:
            if instance.proc.poll() is None:
                instance.close()
            else:
                shutil.rmtree(instance.data, ignore_errors=True)
