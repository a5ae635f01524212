"""The `signaldesk` command: one entry point, a subcommand per job, `--help` on each.

Each module in this package registers its subcommands; heavy imports happen inside the handlers so that
`signaldesk --help` and quick commands stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from core.errors import SignaldeskError, StoreError
from core.safe_text import terminal_text

# Modules that add subcommands; each defines register(subparsers).
COMMAND_MODULES = ("db", "sources", "crawl", "tagging", "briefing", "delivery", "orchestration", "web", "bench")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="signaldesk",
        description="Signaldesk: industry signals for technology leaders, gathered, tagged and briefed daily.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def store_error(exc: Exception) -> StoreError | None:
    """A database that cannot be reached or refuses us (no server on that port, no such database, a wrong
    password) as one StoreError with the driver's first line, which names host and port but no password."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import OperationalError

    if not isinstance(exc, OperationalError):
        return None
    lines = str(exc.orig or exc).strip().splitlines()
    return StoreError(lines[0] if lines else type(exc.orig).__name__, resource="database")


def _report(error: SignaldeskError) -> int:
    print(f"signaldesk: {terminal_text(str(error))}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.handler(args) or 0)
    except SignaldeskError as exc:
        return _report(exc)
    except Exception as exc:
        if (error := store_error(exc)) is None:
            raise
        return _report(error)
    except KeyboardInterrupt:
        print("signaldesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
