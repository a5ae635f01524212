"""Misbehaving HTTP servers on loopback that tests/support/httpserver.py's Route cannot express: a body of
any size streamed from a generator (never held in memory), and a redirect chain that never ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MB = 1024 * 1024
_CHUNK = 64 * 1024


def endless_feed(total: int) -> Iterator[bytes]:
    """`total` bytes of a never-closing RSS document, 64 KiB at a time."""
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
    filler = (b"<item><title>padding</title><link>http://example.org/p</link></item>" * 1000)[:_CHUNK]
    yield head
    sent = len(head)
    while sent < total:
        chunk = filler[: total - sent]
        yield chunk
        sent += len(chunk)


class FaultServer:
    """`/huge` streams `huge_bytes` (no Content-Length: the reader only learns the size by reading it),
    `/huge-declared` announces the same size up front, `/forever/N` redirects to `/forever/N+1` for ever.
    `sent` counts the body bytes that left the server per path, so a test can see where the client stopped."""

    def __init__(self, huge_bytes: int = 100 * MB):
        self.huge_bytes = huge_bytes
        self.sent: dict[str, int] = {}
        self.redirects = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, path: str, size: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + size

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: FaultServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path.startswith("/forever/"):
                self._redirect(int(self.path.rsplit("/", 1)[1]))
            elif self.path in ("/huge", "/huge-declared"):
                self._stream(declared=self.path == "/huge-declared")
            else:
                self.send_error(404)

        def _redirect(self, step: int) -> None:
            server.redirects += 1
            self.send_response(302)
            self.send_header("Location", f"/forever/{step + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _stream(self, *, declared: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            if declared:
                self.send_header("Content-Length", str(server.huge_bytes))
            else:
                self.send_header("Connection", "close")  # the body ends when the connection does
                self.close_connection = True
            self.end_headers()
            try:
                for chunk in endless_feed(server.huge_bytes):
                    self.wfile.write(chunk)
                    server.count(self.path, len(chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler
