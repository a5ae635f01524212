"""Rewrite `<slug>.expected.json` from a real crawl: `python -m tests.spiders.record_expected [slug ...]`.

Review the diff by hand before keeping it (see cases.py).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.spiders.cases import CASES, comparable, crawl_cases
from tests.support.httpserver import LoopbackServer


def main(slugs: list[str]) -> int:
    chosen = [c for c in CASES if not slugs or c.slug in slugs]
    with tempfile.TemporaryDirectory() as tmp, LoopbackServer() as server:
        outcomes = crawl_cases(chosen, server, Path(tmp))
        for case in chosen:
            outcome = outcomes[case.slug]
            if outcome.errors:
                print(f"{case.slug}: not recorded, the crawl reported errors: {outcome.errors}")
                continue
            rows = comparable(outcome, server)
            case.expected_file.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{case.slug}: {len(rows)} items -> {case.expected_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
