"""A real HTTP server on loopback that serves recorded pages and misbehaves on request.

Routes map a path to a Route; anything else is a 404. Used by spider, crawl and demo tests.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/xml; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between bytes of the body (a slow server)
    reset: bool = False  # close the connection without an answer
    etag: str | None = None  # answer 304 when If-None-Match matches
    hits: list = field(default_factory=list)  # request headers of every hit, for assertions


class LoopbackServer:
    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        handler = _make_handler(self)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _make_handler(server: LoopbackServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
            if route is None:
                self._answer(404, b"not found", "text/plain", {})
                return
            route.hits.append(dict(self.headers))
            if route.delay:
                time.sleep(route.delay)
            if route.reset:
                # SO_LINGER 0 turns close() into a TCP reset; the buffered reader holds the socket
                # open too, so it has to be closed first.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()
                self.close_connection = True
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
                if self.headers.get("If-None-Match") == route.etag:
                    self._answer(304, b"", route.content_type, headers)
                    return
            self._answer(route.status, route.body, route.content_type, headers, route.drip)

        def _answer(self, status, body, ctype, headers, drip=0.0) -> None:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if status == 304 or not body:
                return
            try:
                if drip:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(drip)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler
