"""`signaldesk sources list|check|import|export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core import kinds, tiers
from core.safe_text import terminal_text

# The mode of a sources file that `import` creates: sources may hold credentials in their URLs.
SOURCES_FILE_MODE = 0o600
# A typo in one entry must not stop every source of a cron run, and the exit status is what cron watches.
BAD_ENTRIES = (
    "An entry of the sources file that does not validate is one line on stderr naming the file,\n"
    "entry and field, and is skipped: the other sources are used, and a skipped entry alone\n"
    "leaves the exit status 0. A file that cannot be read, is not TOML or has no valid entry\n"
    "is an error (exit status 2)."
)


def print_skipped(problem: str) -> None:
    """A bad entry left out of the run: one line on stderr, after which the run goes on without it."""
    print(f"signaldesk: {terminal_text(problem)} (skipped)", file=sys.stderr)


def _what_a_source_may_say() -> str:
    """The kinds and tiers a sources file may name, from their registries."""
    lines = ["kind (which spider reads the source):"]
    lines += [f"  {k.key:<12} {k.help}" for k in kinds.REGISTRY]
    lines.append(f"tier (how close the source is to the events; default {tiers.DEFAULT}):")
    lines += [f"  {t.key:<12} {t.label}" for t in tiers.REGISTRY]
    return "\n".join(lines)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "sources",
        help="list, check, import (OPML) and export (OPML) sources",
        description=BAD_ENTRIES,
        epilog=_what_a_source_may_say(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="list the configured sources")
    ls.add_argument("--sources", type=Path)
    ls.set_defaults(handler=_list)
    check = sub.add_parser("check", help="fetch each live source once and report its health (uses the network)")
    check.add_argument("--sources", type=Path)
    check.add_argument("--only", action="append", metavar="KEY")
    check.set_defaults(handler=_check)
    imp = sub.add_parser("import", help="add the feeds of an OPML file to a sources file")
    imp.add_argument("opml", type=Path)
    imp.add_argument("--into", type=Path, help="sources file to write (default: $SIGNALDESK_HOME/sources.toml)")
    imp.set_defaults(handler=_import)
    exp = sub.add_parser("export", help="print the sources as OPML")
    exp.add_argument("--sources", type=Path)
    exp.set_defaults(handler=_export)


def _specs(args, include_disabled=False):
    from pipeline.settings import load_settings
    from pipeline.sources import load_sources

    settings = load_settings()
    path = getattr(args, "sources", None) or settings.sources_path
    return (
        settings,
        path,
        load_sources(path, only=getattr(args, "only", None), include_disabled=include_disabled, warn=print_skipped),
    )


def _list(args) -> int:
    _, path, specs = _specs(args, include_disabled=True)
    print(f"# {path}")
    for s in specs:
        print(f"{s.key:<22} {s.kind:<9} {s.tier:<11} {'on ' if s.enabled else 'off'} {s.url}")
    return 0


def _check(args) -> int:
    from concurrent.futures import ThreadPoolExecutor
    from functools import partial

    from pipeline.health import check_source

    settings, _, specs = _specs(args)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(partial(check_source, allow_private=settings.allow_private_sources), specs))
    for h in results:
        mark = "ok  " if h.ok else "FAIL"
        print(f"{mark} {h.key:<22} {h.status or '-':>4} {h.seconds:6.2f}s {h.items:>5} items  {h.detail}")
    return 0 if all(h.ok for h in results) else 1


def _import(args) -> int:
    from core.errors import ConfigError
    from core.files import write_atomic
    from pipeline.settings import load_settings
    from pipeline.sources import import_opml, parse_sources, read_text, to_toml

    settings = load_settings()
    target = args.into or settings.home / "sources.toml"
    try:
        data = args.opml.read_bytes()  # bytes: the OPML's own encoding declaration decides
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror or exc})", resource=str(args.opml)) from None
    current_path = target if target.exists() else settings.sources_path
    # Strict: the file is rewritten from what loads, so an entry skipped here would be lost from it.
    current = parse_sources(read_text(current_path), str(current_path))
    result = import_opml(data, str(args.opml), current)
    for problem in result.problems:
        print_skipped(problem)
    if result.added:
        text = to_toml(current + result.added)
        parse_sources(text, str(target))  # the same rule as every later load: never write what will not load
        try:
            # A URL may carry user:pass@ or ?token=: a new sources file is the owner's alone; one that
            # exists keeps the mode its owner gave it.
            write_atomic(target, text, mode=SOURCES_FILE_MODE)
        except OSError as exc:
            raise ConfigError(f"cannot write ({exc.strerror or exc})", resource=str(target)) from None
    print(
        f"imported {len(result.added)} new source(s), {result.known} already known, "
        f"{len(result.problems)} skipped -> {target}"
    )
    return 1 if result.problems else 0


def _export(args) -> int:
    from pipeline.sources import to_opml

    _, _, specs = _specs(args, include_disabled=True)
    sys.stdout.write(to_opml(specs))
    return 0
