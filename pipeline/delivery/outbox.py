"""With no SMTP server configured, messages land in `<home>/outbox/` as `.eml` files a mail client opens.

One file per day and subscriber, written atomically: a file that exists is a complete message, so a re-run
can tell "delivered to the outbox" from "not yet" by looking, and writing it again replaces, never doubles.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

from core.files import write_atomic

# A message carries its reader's address and personal unsubscribe link: for the owner's eyes only.
MESSAGE_MODE = 0o600


def outbox_path(outbox_dir: Path, day: date, subscriber_id: int) -> Path:
    return outbox_dir / f"{day.isoformat()}-subscriber-{subscriber_id}.eml"


class OutboxSender:
    """The SMTP sender's stand-in: same `send`, but the message goes to a file."""

    def __init__(self, outbox_dir: Path, day: date):
        self.outbox_dir = outbox_dir
        self.day = day

    def __enter__(self) -> OutboxSender:
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def path_for(self, subscriber_id: int) -> Path:
        return outbox_path(self.outbox_dir, self.day, subscriber_id)

    def delivered(self, subscriber_id: int) -> bool | None:
        return self.path_for(subscriber_id).exists()

    def send(self, message: EmailMessage, *, subscriber_id: int) -> Path:
        path = self.path_for(subscriber_id)
        write_atomic(path, message.as_bytes(), mode=MESSAGE_MODE)
        return path
