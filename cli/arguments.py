"""Argument types the commands share, read by the same rule as everywhere else (pipeline.dates); a bad value
is argparse's usage error (exit 2), which names the option itself."""

from __future__ import annotations

import argparse
from datetime import date


def day_argument(text: str) -> date:
    """A calendar day YYYY-MM-DD."""
    from core.errors import InputError
    from pipeline.dates import parse_day

    try:
        return parse_day(text, "day")
    except InputError as exc:
        # argparse puts "argument --date:" in front already; the error's own field name would say it twice.
        raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{exc.resource}: ")) from None
