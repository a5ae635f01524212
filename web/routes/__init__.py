"""One router per page family."""

from web.routes import api, auth, feeds, home, orgs, runs, signals, sources, stories, styles, subscribers

ROUTERS = (
    home.router,
    signals.router,
    stories.router,
    orgs.router,
    sources.router,
    runs.router,
    auth.router,
    subscribers.router,
    feeds.router,
    api.router,
    styles.router,
)
