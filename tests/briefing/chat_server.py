"""A real loopback HTTP server that plays an OpenAI-compatible /v1/chat/completions endpoint.

The shared tests/support/httpserver.py answers GET only; the chat API is a POST with a JSON body.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ChatScript:
    content: str = ""
    status: int = 200
    delay: float = 0.0
    total_tokens: int = 120
    requests: list = field(default_factory=list)  # (headers, json body) of every hit


class ChatServer:
    def __init__(self, script: ChatScript):
        self.script = script
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(script: ChatScript):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            script.requests.append((dict(self.headers), self.path, body))
            if script.delay:
                time.sleep(script.delay)
            if script.status == 200:
                payload = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": script.content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"total_tokens": script.total_tokens},
                }
            else:
                payload = {"error": {"message": "upstream failure", "type": "server_error"}}
            data = json.dumps(payload).encode()
            try:
                self.send_response(script.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

    return Handler
