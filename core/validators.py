"""A small JSON file of HTTP validators (ETag, Last-Modified) per URL, for conditional GETs.

Each source has two files. The current one (under the home's state) is what the next crawl asks with; the crawl
process only reads it. The fresh one, beside the source's raw items, is what the crawl process learnt. A
validator may only become current once the items it describes are committed to the store: a validator ahead
of the store turns the next crawl into a 304 and loses those items for good. So the runner, not the crawl
process, promotes the fresh file after the store's transaction for that source committed.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from core.files import write_atomic

logger = logging.getLogger(__name__)
# Keyed by the source's URL, which may carry credentials (user:pass@, ?token=): the owner's eyes only.
VALIDATORS_MODE = 0o600


class ValidatorStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.entries: dict[str, dict[str, str]] = self._load()

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # A damaged cache only costs one full download; it is rewritten on the next success.
            logger.warning("%s: ignoring unreadable HTTP validators file (%s)", self.path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return {url: v for url, v in data.items() if isinstance(v, dict)}

    def get(self, url: str) -> dict[str, str]:
        return self.entries.get(url, {})

    def update(self, fresh: dict[str, dict[str, str]]) -> None:
        self.entries.update(fresh)

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True), mode=VALIDATORS_MODE)


def promote(fresh: Path, current: Path) -> bool:
    """Merge the validators in `fresh` into `current` (replaced atomically); False when there were none."""
    entries = ValidatorStore(fresh).entries
    if not entries:
        return False
    store = ValidatorStore(current)
    store.update(entries)
    store.save()
    return True
