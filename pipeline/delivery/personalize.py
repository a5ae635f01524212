"""Each subscriber's Markdown: the stored briefing, or a re-render limited to their categories and watchlist."""

from __future__ import annotations

from collections.abc import Callable

from core.errors import DeliveryError
from core.safe_text import one_line
from models.tables import Briefing, Subscriber
from pipeline.briefing.contracts import Briefing as BriefingContent
from pipeline.delivery.subscriber_input import unique_names


def markdown_for(settings, briefing: Briefing, subscribers: list[Subscriber]) -> Callable[[Subscriber], str]:
    """A function giving one subscriber's Markdown; raises before any send when filtering is unavailable."""
    if not any(s.categories or s.watchlist for s in subscribers):
        return lambda _subscriber: briefing.markdown
    render_markdown = _renderer()
    content = BriefingContent.from_json(briefing.content or {})  # the stored JSON, read through its contract
    rendered: dict[tuple, str] = {}

    def for_subscriber(subscriber: Subscriber) -> str:
        if not (subscriber.categories or subscriber.watchlist):
            return briefing.markdown
        categories = list(subscriber.categories) or None
        # The stored briefing already highlights the global watchlist; a personal one adds to it.
        watchlist = unique_names(map(one_line, [*settings.watchlist, *subscriber.watchlist])) or None
        key = (tuple(categories or ()), tuple(watchlist or ()))
        if key not in rendered:
            rendered[key] = render_markdown(content, categories=categories, watchlist=watchlist)
        return rendered[key]

    return for_subscriber


def _renderer():
    try:
        from pipeline.briefing import render_markdown
    except ImportError as exc:
        raise DeliveryError(
            f"subscribers with category or watchlist preferences need pipeline.briefing.render_markdown ({exc})",
            resource="pipeline.briefing",
        ) from None
    return render_markdown
