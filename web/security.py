"""Who may change things, and the defences every response carries.

- Admin: `settings.admin_token` (at least 32 characters, not guessable by its shape), sent as
  `Authorization: Bearer ...` or exchanged on the login form for a signed, HttpOnly session cookie naming a
  session kept in the store: signing out deletes it for every process. The signing key derives from the
  token, so rotating it ends sessions.
  Wrong tokens cost their sender a growing delay (web/throttle.py), counted per client (web/clientaddr.py).
- CSRF: a random nonce in a cookie; forms carry its HMAC. A cross-site page can neither read the cookie
  nor compute the HMAC. Bearer requests carry no ambient credential and need no CSRF token.
- Run triggers are rate-limited per client; every response gets CSP and friends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Sequence

from fastapi import HTTPException, Request

from core.errors import ConfigError
from web.clientaddr import Network, client_key
from web.sessions import SessionStore
from web.throttle import FailureThrottle

SESSION_COOKIE = "sd_session"
CSRF_COOKIE = "sd_csrf"
SESSION_MAX_AGE = 12 * 3600
MIN_TOKEN_LENGTH = 32
# secrets.token_hex(16) (32 draws from 16 symbols) has fewer than 8 different characters with probability
# 3.5e-8 (fewer than 10: 1e-4, too often); token_urlsafe(32) has about 31.
MIN_DISTINCT_CHARACTERS = 8
MAKE_TOKEN = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Signer:
    def __init__(self, key: bytes):
        self._key = key

    def mac(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, value: str) -> str:
        return f"{value}.{self.mac(value)}"

    def unsign(self, token: str) -> str | None:
        value, _, mac = (token or "").rpartition(".")
        return value if value and hmac.compare_digest(mac, self.mac(value)) else None


class Guard:
    """Admin authentication and CSRF for one app instance."""

    def __init__(
        self,
        admin_token: str | None,
        *,
        sessions: SessionStore,
        throttle: FailureThrottle | None = None,
        trusted_proxies: Sequence[Network] = (),
        secure_cookies: bool = False,
    ):
        require_strong_token(admin_token)
        self.admin_token = admin_token or None
        seed = self.admin_token.encode() if self.admin_token else secrets.token_bytes(32)
        self.signer = Signer(hmac.new(seed, b"signaldesk-web-v1", hashlib.sha256).digest())
        self.sessions, self.throttle = sessions, throttle or FailureThrottle()
        self.trusted_proxies = tuple(trusted_proxies)
        self.secure_cookies = secure_cookies

    def client(self, request: Request) -> str:
        return client_key(request, self.trusted_proxies)

    def token_matches(self, candidate: str) -> bool:
        # Digests have one length whatever was sent, so the comparison reveals neither content nor length.
        return bool(self.admin_token) and hmac.compare_digest(_digest(candidate), _digest(self.admin_token))

    def attempt(self, request: Request, candidate: str) -> bool:
        """Check a presented token, within the failure limit of the sender's address."""
        client = self.client(request)
        wait = self.throttle.retry_after(client)
        if wait:
            raise HTTPException(
                429,
                f"Too many wrong admin tokens from your address; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        matched = self.token_matches(candidate)
        (self.throttle.succeeded if matched else self.throttle.failed)(client)
        return matched

    def start_session(self) -> str:
        """The cookie value of a new admin session."""
        return self.signer.sign("admin:" + self.sessions.start())

    def end_session(self, request: Request) -> None:
        session_id = self._session_id(request)
        if session_id:
            self.sessions.end(session_id)

    def is_admin(self, request: Request) -> bool:
        """Whether the request comes from the admin, worked out once per request."""
        if getattr(request.state, "admin", None) is None:
            # Settled first: the error page for a refusal raised below asks again and must get an answer.
            request.state.admin = False
            request.state.admin = self._authenticate(request)
        return request.state.admin

    def _authenticate(self, request: Request) -> bool:
        if not self.admin_token:
            return False
        if self.is_bearer(request):
            return self.attempt(request, request.headers["authorization"].partition(" ")[2].strip())
        session_id = self._session_id(request)
        return bool(session_id) and self.sessions.alive(session_id)

    def _session_id(self, request: Request) -> str | None:
        value = self.signer.unsign(request.cookies.get(SESSION_COOKIE, ""))
        return value.removeprefix("admin:") if value and value.startswith("admin:") else None

    def is_bearer(self, request: Request) -> bool:
        return request.headers.get("authorization", "").lower().startswith("bearer ")

    def csrf_token(self, request: Request) -> str:
        return self.signer.mac("csrf:" + request.state.csrf_nonce)

    def check_csrf(self, request: Request, submitted: str | None) -> None:
        nonce = request.cookies.get(CSRF_COOKIE, "")
        expected = self.signer.mac("csrf:" + nonce) if nonce else ""
        if not expected or not hmac.compare_digest((submitted or "").encode(), expected.encode()):
            raise HTTPException(403, "This form has expired or did not come from this site; reload and retry.")


def require_strong_token(token: str | None) -> None:
    """A guessable admin token is refused: the archive will not serve with one, and says how to make one."""
    problem = token and token_weakness(token)
    if problem:
        raise ConfigError(f"{problem}; make one with: {MAKE_TOKEN}", resource="SIGNALDESK_ADMIN_TOKEN")


def token_weakness(token: str) -> str | None:
    """Why `token` is easy to guess, or None. Length alone is not enough: 32 spaces or "aaaa..." pass it."""
    if len(token) < MIN_TOKEN_LENGTH:
        return f"too short to withstand guessing ({len(token)} of at least {MIN_TOKEN_LENGTH} characters)"
    if any(ch.isspace() or not ch.isprintable() for ch in token):
        return "contains whitespace or control characters"
    if len(set(token)) < MIN_DISTINCT_CHARACTERS:
        return f"too few different characters ({len(set(token))} of at least {MIN_DISTINCT_CHARACTERS})"
    if _period(token) <= len(token) // 2:
        return "one short part repeated"
    return None


def _period(text: str) -> int:
    """The smallest p with text[i] == text[i + p] throughout: "abcabca" has 3, a text without repeats its length."""
    return next(p for p in range(1, len(text) + 1) if text[p:] == text[:-p])


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class RateLimiter:
    """At most `limit` hits per `window` seconds per key (sliding window, in memory)."""

    def __init__(self, limit: int = 3, window: float = 60.0):
        self.limit, self.window = limit, window
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """0 if the hit is allowed (and recorded); otherwise the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(self.window - (now - hits[0])) + 1)
            hits.append(now)
            return 0


async def security_middleware(request: Request, call_next):
    """Give each browser a CSRF nonce and put the security headers on every response.

    Server-Timing reports the time spent in the app, for browser dev tools and the benchmark.
    """
    started = time.perf_counter()
    nonce = request.cookies.get(CSRF_COOKIE)
    request.state.csrf_nonce = nonce or secrets.token_urlsafe(24)
    response = await call_next(request)
    response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not nonce:
        guard: Guard = request.app.state.guard
        response.set_cookie(
            CSRF_COOKIE, request.state.csrf_nonce, httponly=True, samesite="lax", secure=guard.secure_cookies, path="/"
        )
    return response


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another origin."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
