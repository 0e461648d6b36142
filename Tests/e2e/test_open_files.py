"""The open-file limit: the real binary raises a low soft limit to the hard one, and running out of descriptors costs
connections, never the server."""
import os
import re
import resource
import shutil
import socket
import subprocess
import tempfile
import time

from conftest import binary, free_port, wait_http


class LimitedServer:
    """The binary started with RLIMIT_NOFILE set to (soft, hard); stderr kept for the log assertions."""

    def __init__(self, soft: int, hard: int, env: dict):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="eloquent-fds-")
        self.log = tempfile.TemporaryFile()
        full = {"HOST": "127.0.0.1", "PORT": str(self.port), "DATA_DIR": self.data, "LOG_LEVEL": "info",
                "LOG_FORMAT": "json", "RATE_LIMIT_REQUESTS": "1000000", "PATH": "/usr/bin:/bin", **env}
        self.proc = subprocess.Popen([binary(), "serve", "--env-file", "/nonexistent"], env=full,
                                     stdout=subprocess.DEVNULL, stderr=self.log,
                                     preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)))
        wait_http(f"http://127.0.0.1:{self.port}/health")

    def get(self, path: str) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split(b" ")[1]), body

    def metric(self, name: str) -> float:
        status, body = self.get("/metrics")
        assert status == 200
        match = re.search(rf"^{name} (\S+)$", body.decode(), re.M)
        assert match, f"{name} missing from /metrics"
        return float(match.group(1))

    def stop(self) -> str:
        self.proc.terminate()
        code = self.proc.wait(timeout=15)
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        shutil.rmtree(self.data, ignore_errors=True)
        assert code == 0, text
        return text


def open_clients(port: int, count: int) -> list[socket.socket]:
    clients = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        clients.append(s)
    return clients


def answer(client: socket.socket) -> int | None:
    """The status of the keep-alive /health answer, or None when the server closed or reset the connection."""
    try:
        data = client.recv(65536)
    except (ConnectionResetError, socket.timeout):
        return None
    return int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else None


def test_a_low_soft_limit_is_raised_to_the_hard_one():
    server = LimitedServer(soft=128, hard=2048, env={"MAX_CONNECTIONS": "1000"})
    try:
        assert server.metric("process_max_fds") == 2048
        clients = open_clients(server.port, 600)  # far past the soft limit the process was started with
        try:
            statuses = [answer(c) for c in clients]
            assert statuses.count(200) == 600, statuses
            # process_open_fds is counted at most once a second: wait for a count taken with the clients open.
            deadline = time.monotonic() + 5
            while server.metric("process_open_fds") < 600:
                assert time.monotonic() < deadline, "process_open_fds never counted the 600 clients"
                time.sleep(0.2)
        finally:
            for c in clients:
                c.close()
        assert server.metric("eloquent_connections_accept_errors_total") == 0
    finally:
        log = server.stop()
    assert "open-file limit below MAX_CONNECTIONS" not in log  # 1000 + 256 fit in 2048: no warning


def test_a_limit_below_max_connections_caps_connections_and_keeps_the_server_whole():
    # 128 descriptors, MAX_CONNECTIONS 10000 by default: the server keeps a quarter for itself and accepts at most 96
    # client connections at once; the rest are refused at accept, counted and logged.
    server = LimitedServer(soft=128, hard=128, env={})
    try:
        assert server.metric("process_max_fds") == 128
        clients = open_clients(server.port, 300)
        try:
            statuses = [answer(c) for c in clients]
            assert len(os.listdir(f"/proc/{server.proc.pid}/fd")) < 128  # never out of descriptors
        finally:
            for c in clients:
                c.close()
        served = statuses.count(200)
        assert 0 < served <= 96, statuses
        assert all(s in (200, None) for s in statuses), statuses
        # The descriptors are back: the server answers again and counted what it refused.
        deadline = time.monotonic() + 10
        while True:
            try:
                if server.get("/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not recover after its clients left"
            time.sleep(0.05)
        assert server.metric("eloquent_connections_refused_total") >= 300 - served
        assert server.metric("eloquent_connections_accept_errors_total") == 0
    finally:
        log = server.stop()
    assert "holds fewer connections than MAX_CONNECTIONS" in log and '"connection_cap":"96"' in log.replace(" ", ""), log
    assert "connection refused: the connection cap is reached" in log


def test_every_limit_too_low_to_start_is_a_clear_error_not_a_crash():
    # Below 64 descriptors startup refuses at once, naming the limit; without that check each limit ran out at a
    # different step (libuv's loops, SQLite, the JWT secret, the listener) and some ended in a signal (libuv aborts
    # when its first loop cannot get a pipe; a loop that failed to start was freed twice). Never a signal.
    outcomes = {}
    for limit in list(range(4, 72, 3)) + [128]:
        port = free_port()
        data = tempfile.mkdtemp(prefix="eloquent-fds-")
        env = {"HOST": "127.0.0.1", "PORT": str(port), "DATA_DIR": data, "PATH": "/usr/bin:/bin"}
        proc = subprocess.Popen([binary(), "serve", "--env-file", "/nonexistent"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda n=limit: resource.setrlimit(resource.RLIMIT_NOFILE, (n, n)))
        try:
            started = False
            deadline = time.monotonic() + 20
            while proc.poll() is None and not started and time.monotonic() < deadline:
                try:
                    started = socket.create_connection(("127.0.0.1", port), timeout=1).close() is None
                except OSError:
                    time.sleep(0.02)
            if started:
                proc.terminate()
            _, err = proc.communicate(timeout=15)
        finally:
            if proc.poll() is None:
                proc.kill()
            shutil.rmtree(data, ignore_errors=True)
        outcomes[limit] = "served" if started else err.strip().splitlines()[-1:]
        if started:
            assert proc.returncode == 0, (limit, err)
        else:
            assert proc.returncode == 1, (limit, proc.returncode, err)
            assert "could not start" in err and "EMFILE" in err, (limit, err)
    assert all((outcome == "served") == (limit >= 64) for limit, outcome in outcomes.items()), outcomes
