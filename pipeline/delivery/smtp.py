"""SMTP: the URL in settings parsed into a config, and one connection reused for a run's messages.

`smtp://user:pass@host:587?starttls=true` (STARTTLS; the default on port 587), `smtps://...:465` (implicit
TLS), `smtp://host:25` (plain, for a local relay). Query options: `starttls`, `timeout` (seconds, default 30),
`cafile` (a CA bundle for a private relay). The password is kept out of every repr, log line and error.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from core.errors import ConfigError, DeliveryError
from core.safe_text import terminal_text

log = logging.getLogger(__name__)
_FIELD = "SIGNALDESK_SMTP_URL"
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|[0-9a-f:.]+", re.IGNORECASE)  # a name, IPv4 or [IPv6]
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class TransientDeliveryError(DeliveryError):
    """The server said 'try later' (4xx) or the connection broke: retry this recipient."""


class PermanentDeliveryError(DeliveryError):
    """The server refused for good (5xx): do not retry this recipient."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    cafile: str | None = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpConfig:
    """The settings URL as a config; a malformed one is one ConfigError line that never echoes the URL, so
    neither the password nor a piece of it (after a stray `?` or `#`) can reach a log or a terminal."""
    parts = _split(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(options) - {"starttls", "timeout", "cafile"}
    if unknown:
        raise ConfigError(f"unknown option {', '.join(sorted(map(terminal_text, unknown)))}", resource=_FIELD)
    implicit = parts.scheme == "smtps"
    port = _port(parts)
    return SmtpConfig(
        host=_host(parts),
        port=port,
        implicit_tls=implicit,
        starttls=not implicit and _flag(options.get("starttls"), default=port == 587),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=_timeout(options.get("timeout")),
        cafile=options.get("cafile"),
    )


def _split(url: str):
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed [IPv6 literal
        raise ConfigError("not a URL of the form smtp://user:password@host:port", resource=_FIELD) from None
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError("scheme must be smtp:// or smtps://", resource=_FIELD)
    if parts.path not in ("", "/") or parts.fragment:
        raise ConfigError(
            "unexpected text after the host and port (a password with / ? # @ must be percent-encoded)", resource=_FIELD
        )
    return parts


def _host(parts) -> str:
    host = parts.hostname or ""
    if not host:
        raise ConfigError("no host in the SMTP URL", resource=_FIELD)
    if not _HOST.fullmatch(host):
        raise ConfigError(
            "the host must be an ASCII name or an IP address (an international name in its xn-- form)", resource=_FIELD
        )
    return host


def _port(parts) -> int:
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is None:
        return 465 if parts.scheme == "smtps" else 587
    if not 0 < port < 65536:
        raise ConfigError("port is not a number between 1 and 65535", resource=_FIELD)
    return port


class SmtpSender:
    """Sends messages over one connection, opened on first use and reopened after the server drops it."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        # Built before any recipient is claimed: a wrong cafile is the operator's mistake, not a dropped link.
        self._context = tls_context(config)
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def delivered(self, subscriber_id: int) -> bool | None:
        """SMTP leaves no receipt to look up: whether an interrupted send arrived cannot be known."""
        return None

    def send(self, message: EmailMessage, *, subscriber_id: int | None = None) -> None:
        """Deliver one message or raise Transient/PermanentDeliveryError naming the recipient."""
        recipient = str(message["To"])
        # The envelope names the To address alone: smtplib would otherwise also send to any Cc or Bcc header.
        envelope = [address.addr_spec for address in message["To"].addresses]
        try:
            client = self._connect()
            refused = client.send_message(message, to_addrs=envelope)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _classified(code, reply, recipient) from None
        except smtplib.SMTPResponseException as exc:
            self._reset()
            raise _classified(exc.smtp_code, exc.smtp_error, recipient) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self.close()
            where = self.config.where
            raise TransientDeliveryError(f"connection to {where} lost: {exc}", resource=recipient) from None
        if refused:
            code, reply = next(iter(refused.values()))
            raise _classified(code, reply, recipient)

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def _connect(self) -> smtplib.SMTP:
        if self._client is not None:
            return self._client
        cfg, context = self.config, self._context
        try:
            if cfg.implicit_tls:
                client = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
            else:
                client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
                if cfg.starttls:
                    client.starttls(context=context)
            if cfg.username:
                client.login(cfg.username, cfg.password or "")
        except smtplib.SMTPAuthenticationError:
            raise DeliveryError("the server refused the SMTP user name or password", resource=cfg.where) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(f"the server does not support {exc}", resource=cfg.where) from None
        except ssl.SSLError as exc:
            raise DeliveryError(f"TLS failed: {exc.reason or exc}", resource=cfg.where) from None
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(f"cannot connect to {cfg.where}: {exc}", resource=cfg.where) from None
        log.debug(
            "connected to %s (tls=%s, starttls=%s, user=%s)", cfg.where, cfg.implicit_tls, cfg.starttls, cfg.username
        )
        self._client = client
        return client

    def _reset(self) -> None:
        """After a refused transaction, RSET so the next recipient starts clean; a dead link is reopened."""
        if self._client is None:
            return
        try:
            self._client.rset()
        except (smtplib.SMTPException, OSError):
            self.close()


def tls_context(config: SmtpConfig) -> ssl.SSLContext:
    """The context for TLS to the relay, trusting `cafile` when given; an unusable one is a ConfigError.

    The path is not repeated: after a password's unencoded `?` it could hold a piece of that password."""
    if config.cafile is None:
        return ssl.create_default_context()
    if not os.path.isfile(config.cafile) or not os.access(config.cafile, os.R_OK):
        raise ConfigError("the cafile option does not name a readable file", resource=_FIELD)
    try:
        return ssl.create_default_context(cafile=config.cafile)
    except (ssl.SSLError, OSError, ValueError):
        raise ConfigError("the cafile option names a file without a usable CA certificate", resource=_FIELD) from None


def _classified(code: int, reply: bytes | str, recipient: str) -> DeliveryError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    message = f"SMTP {code} {text}".strip()
    if 400 <= code < 500:
        return TransientDeliveryError(message, resource=recipient)
    return PermanentDeliveryError(message, resource=recipient)


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ConfigError("starttls must be true or false", resource=_FIELD)


def _timeout(value: str | None) -> float:
    if value is None:
        return 30.0
    try:
        seconds = float(value)
    except ValueError:
        raise ConfigError("timeout must be a number of seconds", resource=_FIELD) from None
    if not 0 < seconds <= 600:
        raise ConfigError("timeout must be between 0 and 600 seconds", resource=_FIELD)
    return seconds
