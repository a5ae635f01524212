"""`signaldesk send --date D` and `signaldesk subscribers add|list|edit|pause|resume|remove`."""

from __future__ import annotations


def register(subparsers) -> None:
    send = subparsers.add_parser("send", help="email the stored briefing of a day to every active subscriber")
    send.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the briefing day to deliver")
    send.add_argument("--dry-run", action="store_true", help="show who would get it; send and record nothing")
    send.add_argument(
        "--resend-unknown",
        action="store_true",
        help="resend messages an interrupted run may or may not have sent (same Message-ID)",
    )
    send.add_argument(
        "--retry-failed",
        action="store_true",
        help="try again the recipients a server refused for good in an earlier run",
    )
    send.add_argument(
        "--recipient", action="append", metavar="EMAIL", help="deliver only to this subscriber (repeatable)"
    )
    send.set_defaults(handler=_send)

    subs = subparsers.add_parser("subscribers", help="who receives the briefing")
    sub = subs.add_subparsers(dest="subscribers_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="subscribe an email address")
    add.add_argument("email")
    add.add_argument("--name", help="the name shown in the To: header")
    add.add_argument("--categories", default="", help="comma-separated, e.g. security,capital (default: all)")
    add.add_argument("--watchlist", default="", help='comma-separated names, e.g. "Nvidia,TSMC"')
    add.set_defaults(handler=_add)
    ls = sub.add_parser("list", help="list subscribers")
    ls.add_argument("--all", action="store_true", help="include those who unsubscribed")
    ls.set_defaults(handler=_list)
    rm = sub.add_parser("remove", help="delete a subscriber and their delivery history")
    rm.add_argument("email")
    rm.set_defaults(handler=_remove)
    edit = sub.add_parser("edit", help="change a subscriber's name, categories or watchlist")
    edit.add_argument("email")
    edit.add_argument("--name", help="the name shown in the To: header (empty: none)")
    edit.add_argument("--categories", help="comma-separated (empty: all)")
    edit.add_argument("--watchlist", help="comma-separated names (empty: none)")
    edit.set_defaults(handler=_edit)
    for action, active in (("pause", False), ("resume", True)):
        switch = sub.add_parser(action, help=f"{action} sending to a subscriber")
        switch.add_argument("email")
        switch.set_defaults(handler=_switch, active=active)


def _send(args) -> int:
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.dates import parse_day
    from pipeline.delivery.deliver import deliver_briefing
    from pipeline.delivery.report import format_result

    day = parse_day(args.date, "--date")
    settings = open_store()
    with session_scope(settings.db_url) as session:
        report = deliver_briefing(
            session,
            settings,
            day,
            dry_run=args.dry_run,
            resend_unknown=args.resend_unknown,
            retry_failed=args.retry_failed,
            recipients=args.recipient,
            # Progress as it happens, so a long run (or a killed one) shows how far it got.
            on_result=lambda result: print(format_result(result), flush=True),
        )
    print(report.summary())
    return 0 if report.ok else 1


def _add(args) -> int:
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.delivery.subscribers import add_subscriber

    settings = open_store()
    with session_scope(settings.db_url) as session:
        subscriber = add_subscriber(
            session, args.email, name=args.name, categories=args.categories, watchlist=args.watchlist
        )
        print(f"subscribed {subscriber.email} ({_choices(subscriber)})")
    return 0


def _list(args) -> int:
    from cli.context import open_store
    from core.safe_text import terminal_text
    from models.db import session_scope
    from pipeline.delivery.subscribers import list_subscribers

    settings = open_store()
    with session_scope(settings.db_url) as session:
        rows = [
            (
                s.email,
                s.name or "",
                ",".join(s.categories) or "all",
                ", ".join(s.watchlist),
                "yes" if s.active else "no",
            )
            for s in list_subscribers(session, include_inactive=args.all)
        ]
    # Rows written before values were checked may hold escape sequences: shown, never obeyed.
    rows = [tuple(terminal_text(str(cell)) for cell in row) for row in rows]
    print(_table(("EMAIL", "NAME", "CATEGORIES", "WATCHLIST", "ACTIVE"), rows) if rows else "no subscribers")
    return 0


def _remove(args) -> int:
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.delivery.subscribers import remove_subscriber

    settings = open_store()
    with session_scope(settings.db_url) as session:
        print(f"removed {remove_subscriber(session, args.email).email}")
    return 0


def _edit(args) -> int:
    return _change(args.email, name=args.name, categories=args.categories, watchlist=args.watchlist)


def _switch(args) -> int:
    return _change(args.email, active=args.active)


def _change(email: str, **changes) -> int:
    """The same store function as the archive's subscriber admin; None leaves a value as it is."""
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.delivery.subscribers import change_subscriber, subscriber_by_email

    settings = open_store()
    with session_scope(settings.db_url) as session:
        subscriber = change_subscriber(session, subscriber_by_email(session, email), **changes)
        state = "active" if subscriber.active else "paused"
        print(f"{subscriber.email} ({_choices(subscriber)}; {state})")
    return 0


def _choices(subscriber) -> str:
    categories = ",".join(subscriber.categories) or "all categories"
    return f"{categories}; watching {', '.join(subscriber.watchlist)}" if subscriber.watchlist else categories


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in (header, *rows)]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])
