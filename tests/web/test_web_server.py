"""The real server (werkzeug, threaded, as `serve` runs it) survives bad, huge and concurrent requests."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from click.testing import CliRunner

from leaflets.cli import main

ORDER = {"leaflet": "drug-pump", "variant": "cancer", "locale": "en", "layout": "a4"}


def post(base: str, path: str, body: bytes, timeout: float = 60) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def raw(base: str, data: bytes) -> bytes:
    host, port = base.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=20) as conn:
        conn.sendall(data)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_it_survives_bad_huge_and_concurrent_requests(live_server):
    # a body announced as 2 GB: refused from its headers, unread
    answer = raw(live_server, b"POST /api/pdf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              b"Content-Length: 2000000000\r\nConnection: close\r\n\r\n{")
    assert answer.startswith(b"HTTP/1.1 413") and b"too large" in answer
    # not HTTP at all
    assert b"400 - Bad request syntax" in raw(live_server, b"\x00\xff garbage\r\n\r\n")
    status, body = post(live_server, "/api/pdf", b"[" * 40_000)
    assert status == 413 or (status == 400 and b"not JSON" in body)
    # sixteen at once, each with its own clinic: all answered, each with its own
    def one(i):
        clinic = {"name": f"Concurrent clinic {i}", "phone": "020 7946 0500", "country": "GB"}
        return post(live_server, "/api/preview" if i % 2 else "/api/pdf",
                    json.dumps(ORDER | {"clinic": clinic}).encode())
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(16)))
    assert [status for status, _ in results] == [200] * 16
    assert all(body.startswith(b"%PDF" if i % 2 == 0 else b"\x89PNG") for i, (_, body) in enumerate(results))
    # and it still answers
    status, body = post(live_server, "/api/pdf", json.dumps(ORDER).encode())
    assert status == 200 and body.startswith(b"%PDF")


def test_serve_warns_when_it_listens_beyond_this_computer(monkeypatch):
    started = []
    monkeypatch.setattr("leaflets.web.app.serve", lambda root, host, port: started.append((host, port)))
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0 and started == [("0.0.0.0", 8123)]
    assert "warning: listening on 0.0.0.0: anyone who can reach this computer on port 8123" in result.output
    quiet = CliRunner().invoke(main, ["serve"])
    assert "warning" not in quiet.output and "Open http://localhost:8000/" in quiet.output
    assert started[-1] == ("127.0.0.1", 8000)
