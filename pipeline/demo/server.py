"""Serve the bundled snapshot on a loopback port, the way the real outlets serve their feeds.

Every file under the snapshot's feeds/ and copies/ is answered with its content type, an ETag and a
Last-Modified header, and 304 to a conditional request that matches, so crawlers exercise their caching
paths offline. Only those files and /robots.txt exist; every other path is a 404.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.errors import ConfigError
from core.files import write_atomic
from pipeline.demo import SNAPSHOT

# 2026-04-15: the richest mix of CTO signals of the three days (Allbirds' "AI compute" pivot told by four
# outlets, data centres asked for their power bills, Accel's $5B fund, a cyberattack on a Swedish plant).
DEMO_DAY = date(2026, 4, 15)

SERVED_DIRS = ("feeds", "copies")
ROBOTS_TXT = b"User-agent: *\nAllow: /\n"
CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".rdf": "application/rdf+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Served:
    body: bytes
    content_type: str
    etag: str
    last_modified: float  # seconds since the epoch

    @classmethod
    def of(cls, body: bytes, content_type: str, mtime: float) -> Served:
        return cls(body, content_type, '"' + hashlib.sha256(body).hexdigest()[:24] + '"', int(mtime))


def load_files(root: Path) -> dict[str, Served]:
    """URL path -> file, read once: the snapshot is small, and a fixed table leaves no path to traverse."""
    files: dict[str, Served] = {}
    for folder in SERVED_DIRS:
        for path in sorted((root / folder).glob("*")):
            ctype = CONTENT_TYPES.get(path.suffix)
            if path.is_file() and ctype:
                files[f"/{folder}/{path.name}"] = Served.of(path.read_bytes(), ctype, path.stat().st_mtime)
    if not files:
        raise ConfigError("no snapshot files to serve (run python -m pipeline.demo.build)", resource=str(root))
    newest = max(f.last_modified for f in files.values())
    files["/robots.txt"] = Served.of(ROBOTS_TXT, CONTENT_TYPES[".txt"], newest)
    return files


def not_modified(served: Served, headers) -> bool:
    """RFC 9110: If-None-Match decides when present; If-Modified-Since only without it."""
    tags = headers.get("If-None-Match")
    if tags is not None:
        wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in wanted or served.etag in wanted
    since = headers.get("If-Modified-Since")
    if since:
        try:
            return served.last_modified <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class SnapshotHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SignaldeskDemo/1"
    files: dict[str, Served] = {}  # set per server by a subclass (see serve_snapshot)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        served = self.files.get(unquote(urlsplit(self.path).path))
        if served is None:
            self._send(404, b"not found\n", CONTENT_TYPES[".txt"], {}, with_body)
            return
        validators = {
            "ETag": served.etag,
            "Last-Modified": formatdate(served.last_modified, usegmt=True),
            "Cache-Control": "max-age=60",
        }
        if not_modified(served, self.headers):
            self._send(304, b"", served.content_type, validators, False)
            return
        self._send(200, served.body, served.content_type, validators, with_body)

    def _send(self, status: int, body: bytes, ctype: str, headers: dict, with_body: bool) -> None:
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if with_body and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                log.debug("client went away during %s", self.path)


@contextmanager
def serve_snapshot(port: int = 0, *, root: Path = SNAPSHOT) -> Iterator[str]:
    """Serve the snapshot on 127.0.0.1:`port` (0: any free port) and yield the base URL, no trailing slash."""
    files = load_files(Path(root))
    handler = type("BoundSnapshotHandler", (SnapshotHandler,), {"files": files})
    try:
        httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ConfigError(f"cannot listen for the demo server ({exc.strerror})", resource=f"127.0.0.1:{port}") from None
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="signaldesk-demo-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def write_demo_sources(base_url: str, path: Path, *, root: Path = SNAPSHOT) -> Path:
    """Render the snapshot's sources.toml.in with every URL on `base_url`; returns `path`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ConfigError(f"base URL {base_url!r} must be like http://127.0.0.1:PORT", resource="demo server")
    template = Path(root) / "sources.toml.in"
    try:
        text = template.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("sources template not found", resource=str(template)) from None
    # Atomic, as every file Signaldesk writes: a command reading these sources never sees half a file.
    return write_atomic(Path(path), text.replace("{base}", base_url.rstrip("/")))


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.demo.server [--port N]`: serve the snapshot until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.demo.server", description=main.__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    with serve_snapshot(parser.parse_args(argv).port) as base:
        print(f"serving the demo snapshot at {base}/ (Ctrl-C stops)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
