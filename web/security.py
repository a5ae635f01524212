"""Who may change things, and the defences every response carries.

- Admin: `settings.admin_token`, sent as `Authorization: Bearer ...` or exchanged on the login form for a
  signed, HttpOnly session cookie. The signing key derives from the token, so rotating it ends sessions.
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

from fastapi import HTTPException, Request

SESSION_COOKIE = "sd_session"
CSRF_COOKIE = "sd_csrf"
SESSION_MAX_AGE = 12 * 3600
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
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

    def __init__(self, admin_token: str | None, *, secure_cookies: bool = False):
        self.admin_token = admin_token or None
        seed = self.admin_token.encode() if self.admin_token else secrets.token_bytes(32)
        self.signer = Signer(hmac.new(seed, b"signaldesk-web-v1", hashlib.sha256).digest())
        self.secure_cookies = secure_cookies

    def token_matches(self, candidate: str) -> bool:
        return bool(self.admin_token) and hmac.compare_digest(candidate.encode(), self.admin_token.encode())

    def session_value(self) -> str:
        return self.signer.sign(f"admin:{int(time.time())}")

    def is_admin(self, request: Request) -> bool:
        if not self.admin_token:
            return False
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            return self.token_matches(credential.strip())
        value = self.signer.unsign(request.cookies.get(SESSION_COOKIE, ""))
        if not value or not value.startswith("admin:"):
            return False
        return time.time() - int(value.split(":", 1)[1]) < SESSION_MAX_AGE

    def is_bearer(self, request: Request) -> bool:
        return request.headers.get("authorization", "").lower().startswith("bearer ")

    def csrf_token(self, request: Request) -> str:
        return self.signer.mac("csrf:" + request.state.csrf_nonce)

    def check_csrf(self, request: Request, submitted: str | None) -> None:
        nonce = request.cookies.get(CSRF_COOKIE, "")
        expected = self.signer.mac("csrf:" + nonce) if nonce else ""
        if not expected or not hmac.compare_digest((submitted or "").encode(), expected.encode()):
            raise HTTPException(403, "This form has expired or did not come from this site; reload and retry.")


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
        response.set_cookie(CSRF_COOKIE, request.state.csrf_nonce, httponly=True, samesite="lax",
                            secure=guard.secure_cookies, path="/")
    return response


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another origin."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
