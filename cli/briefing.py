"""`signaldesk brief --date YYYY-MM-DD [--categories ...]`: rebuild one day's briefing from the store."""

from __future__ import annotations

from core.categories import choices_text


def register(subparsers) -> None:
    brief = subparsers.add_parser(
        "brief",
        help="rebuild one day's briefing from the store and write its JSON, Markdown (and HTML) files",
        description="Cluster the day's tagged items into stories, rank them, store the briefing and write "
        "<home>/briefings/<date>.json and .md (and .html when the HTML renderer is installed).",
    )
    brief.add_argument("--date", help="calendar day YYYY-MM-DD in SIGNALDESK_TIMEZONE (default: yesterday)")
    brief.add_argument(
        "--categories",
        nargs="+",
        metavar="CATEGORY",
        help=f"only these categories (space or comma separated): {choices_text(' ')}",
    )
    brief.add_argument("--run-id", help="take coverage from this crawl run (default: latest run per source)")
    brief.set_defaults(handler=_brief)


def _brief(args) -> int:
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.briefing import build_briefing, check_categories, render_markdown, write_briefing_files
    from pipeline.dates import parse_day, yesterday

    settings = open_store()
    day = yesterday(settings.tz) if args.date is None else parse_day(args.date, "--date")
    categories = check_categories([c for arg in args.categories or [] for c in arg.split(",") if c.strip()])
    with session_scope(settings.db_url) as session:
        briefing = build_briefing(
            session, settings, day, run_id=args.run_id, categories=categories if args.categories else None
        )
        paths = write_briefing_files(settings, briefing, render_markdown(briefing))
        html = _render_html(settings, session, day)
    for path in [*paths.values(), *([html] if html else [])]:
        print(path)
    return 0


def _render_html(settings, session, day):
    """The HTML briefing, when the delivery stage that renders it is installed."""
    import importlib
    import importlib.util

    if (
        importlib.util.find_spec("pipeline.delivery") is None
        or importlib.util.find_spec("pipeline.delivery.html") is None
    ):
        return None
    return importlib.import_module("pipeline.delivery.html").render_briefing_html(settings, session, day)
