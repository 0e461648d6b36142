#!/usr/bin/env python3
"""Burst client for scripts/bench-burst: N concurrent uploads of one prepared body, each on its own connection,
all started at once; prints "elapsed_s ok other errors" (ok = 200 answers).

Usage: bench-burst.py HOST PORT PATH BODY_FILE BOUNDARY AUTHORIZATION N
"""
import asyncio
import sys
import time


async def upload(host, port, head, body):
    try:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(head)
        writer.write(body)
        await writer.drain()
        line = await reader.readline()
        status = int(line.split()[1])
        length = 0
        while True:
            header = await reader.readline()
            if header in (b"\r\n", b""):
                break
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await reader.readexactly(length)
        writer.close()
        return status
    except Exception:
        return -1


async def main():
    host, port, path, body_file, boundary, auth, n = sys.argv[1:8]
    body = open(body_file, "rb").read()
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode()
    started = time.monotonic()
    statuses = await asyncio.gather(*(upload(host, int(port), head, body) for _ in range(int(n))))
    elapsed = time.monotonic() - started
    ok = sum(1 for s in statuses if s == 200)
    errors = sum(1 for s in statuses if s < 0)
    print(f"{elapsed:.3f} {ok} {len(statuses) - ok - errors} {errors}")


asyncio.run(main())
