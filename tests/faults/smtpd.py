"""A small SMTP server on loopback that fails at moments aiosmtpd's handlers cannot reach: while the message
body is still arriving (aiosmtpd calls handle_DATA only after the final dot), or after the whole message
arrived but before the reply. Each recipient has a script of actions, one per delivery attempt.

Actions: "ok" (250), "drop-mid-data" (close after part of the body), "drop-after-data" (close after the
final dot, without a reply: the server has the message, the client never hears), or a reply code such as
"451" or "554" sent after the final dot.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy

REPLIES = {"451": "451 4.7.1 greylisted, try again later", "554": "554 5.7.1 message refused"}


class ScriptedSMTP:
    def __init__(self, scripts: dict[str, list[str]]):
        self.scripts = {rcpt: list(actions) for rcpt, actions in scripts.items()}
        self.received: list[tuple[str, bytes]] = []  # (recipient, whole message) kept by the server
        self.partial: list[tuple[str, int]] = []  # (recipient, bytes read) of bodies cut short
        self.lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]

    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?starttls=false&timeout=5"

    def next_action(self, rcpt: str) -> str:
        with self.lock:
            script = self.scripts.get(rcpt) or []
            return script.pop(0) if script else "ok"

    def to(self, rcpt: str) -> list:
        return [message_from_bytes(data, policy=policy.default) for who, data in self.received if who == rcpt]

    def __enter__(self) -> ScriptedSMTP:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(server: ScriptedSMTP):
    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 loopback scripted SMTP")
            rcpts: list[str] = []
            for raw in self.rfile:
                verb = raw[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    self.wfile.write(b"250-loopback\r\n250 8BITMIME\r\n")
                elif verb == b"MAIL":
                    rcpts = []
                    self.reply("250 2.1.0 ok")
                elif verb == b"RCPT":
                    rcpts.append(raw.split(b"<", 1)[1].split(b">", 1)[0].decode())
                    self.reply("250 2.1.5 ok")
                elif verb == b"DATA":
                    if not self.data(rcpts):
                        return  # connection dropped on purpose
                elif verb == b"QUIT":
                    self.reply("221 2.0.0 bye")
                    return
                else:  # RSET, NOOP
                    rcpts = [] if verb == b"RSET" else rcpts
                    self.reply("250 2.0.0 ok")

        def data(self, rcpts: list[str]) -> bool:
            action = server.next_action(rcpts[0])
            self.reply("354 end data with <CR><LF>.<CR><LF>")
            if action == "drop-mid-data":
                read = len(self.rfile.read1(512))
                with server.lock:
                    server.partial.append((rcpts[0], read))
                return False
            body = b"".join(iter(lambda: self._line(), None))
            if action == "drop-after-data":
                with server.lock:
                    server.received.append((rcpts[0], body))
                return False
            if action in REPLIES:
                self.reply(REPLIES[action])
                return True
            with server.lock:
                server.received.append((rcpts[0], body))
            self.reply("250 2.0.0 queued")
            return True

        def _line(self) -> bytes | None:
            line = self.rfile.readline()
            if not line or line == b".\r\n":
                return None
            return line[1:] if line.startswith(b"..") else line

    return Handler
