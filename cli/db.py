"""`signaldesk db upgrade|current`."""

from __future__ import annotations


def register(subparsers) -> None:
    db = subparsers.add_parser("db", help="database schema (Alembic migrations)")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help="upgrade the schema to the latest revision (or --revision)")
    up.add_argument("--revision", default="head")
    up.set_defaults(handler=_upgrade)
    cur = sub.add_parser("current", help="print the schema revision the store is at")
    cur.set_defaults(handler=_current)


def _upgrade(args) -> int:
    from models.db import current_revision, upgrade
    from pipeline.settings import load_settings

    settings = load_settings()
    settings.ensure_dirs()
    upgrade(settings.db_url, args.revision)
    print(f"schema at {current_revision(settings.db_url)} ({_redact(settings.db_url)})")
    return 0


def _current(args) -> int:
    from models.db import current_revision, head_revision
    from pipeline.settings import load_settings

    settings = load_settings()
    print(f"current: {current_revision(settings.db_url)}  head: {head_revision()}")
    return 0


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
