"""The archive app: `create_app(settings)` wires the store, the run launcher, security and the pages."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from pipeline.settings import Settings
from web.edge import refuse_unreadable_parameters
from web.errors import install_error_handlers
from web.queries.stats import StatsCache
from web.routes import ROUTERS, admin_subscribers
from web.runs import RunLauncher, make_launcher
from web.security import SESSION_MAX_AGE, Guard, RateLimiter, security_middleware
from web.sessions import SessionStore
from web.throttle import FailureThrottle

STATIC = Path(__file__).parent / "static"


def create_app(
    settings: Settings,
    *,
    launcher: RunLauncher | None = None,
    run_rate: tuple[int, float] = (3, 60.0),
    auth_throttle: FailureThrottle | None = None,
) -> FastAPI:
    """The app for one store. `launcher` replaces the default (Prefect if configured, else a subprocess).

    Raises ConfigError for an admin token too short to withstand guessing.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        from models.db import ensure_schema

        # The archive reads FTS tables that only exist from migration 0002 on.
        ensure_schema(settings.db_url)
        yield

    app = FastAPI(
        title="Signaldesk archive API",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        description="Read-only JSON over the Signaldesk archive: signals, stories "
        "and briefings. Human-readable reference at /api.",
    )
    app.state.settings = settings
    app.state.guard = Guard(
        settings.admin_token.get_secret_value() if settings.admin_token else None,
        sessions=SessionStore(settings.db_url, SESSION_MAX_AGE),
        throttle=auth_throttle,
        trusted_proxies=settings.trusted_proxies,
        secure_cookies=settings.public_url.startswith("https://"),
    )
    app.state.launcher = launcher or make_launcher(settings, prefect_api_url=_prefect_api_url())
    app.state.stats = StatsCache()
    app.state.run_limiter = RateLimiter(*run_rate)
    # The later one wraps the earlier: refusals of unreadable parameters get the security headers too.
    app.middleware("http")(refuse_unreadable_parameters)
    app.middleware("http")(security_middleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(admin_subscribers.router)
    install_error_handlers(app)
    return app


def _prefect_api_url() -> str | None:
    """Prefect's own setting (PREFECT_API_URL or its profile), read through Prefect, not os.environ."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url
