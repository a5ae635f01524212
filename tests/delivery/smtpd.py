"""Real SMTP servers on 127.0.0.1 for delivery tests (aiosmtpd), with handlers that misbehave on purpose."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class LoopbackSMTP(Controller):
    """aiosmtpd's Controller on an ephemeral port: bind to port 0, then learn the port before the self-check."""

    def __init__(self, handler, **smtp_kwargs):
        super().__init__(handler, hostname="127.0.0.1", port=0, **smtp_kwargs)

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()

    def url(self, scheme: str = "smtp", userinfo: str = "", query: str = "starttls=false&timeout=5") -> str:
        auth = f"{userinfo}@" if userinfo else ""
        return f"{scheme}://{auth}127.0.0.1:{self.port}?{query}"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)


class Collector:
    """Accepts everything and keeps each envelope."""

    def __init__(self):
        self.received: list[Received] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 queued"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


class DeferOnce(Collector):
    """Answers 451 to the first message for each target (greylisting), 250 after that and to everyone else."""

    def __init__(self, *targets: str):
        super().__init__()
        self.targets = set(targets)
        self.deferred: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        fresh = [rcpt for rcpt in envelope.rcpt_tos if rcpt in self.targets and rcpt not in self.deferred]
        if fresh:
            self.deferred.extend(fresh)
            return "451 4.7.1 greylisted, try again later"
        return await super().handle_DATA(server, session, envelope)


class Refuse(Collector):
    """Refuses the given recipients for good (550) and accepts the rest."""

    def __init__(self, *refused: str):
        super().__init__()
        self.refused = set(refused)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 ok"


class DropOnRecipient(Collector):
    """Cuts the connection at RCPT for the given recipients, `times` times each, without answering."""

    def __init__(self, *targets: str, times: int = 1):
        super().__init__()
        self.remaining = {target: times for target in targets}
        self.drops = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.remaining.get(address, 0) > 0:
            self.remaining[address] -= 1
            self.drops += 1
            server.transport.abort()
            return "421 4.4.2 connection dropped"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 ok"


class HoldRecipient(Collector):
    """Keeps a recipient's RCPT waiting until released, so a test can kill the sender mid-run."""

    def __init__(self, target: str):
        super().__init__()
        self.target = target
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.target and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 try later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 ok"
