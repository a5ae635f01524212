"""A small JSON file of HTTP validators (ETag, Last-Modified) per URL, for conditional GETs.

The runner gives each source its own file, so parallel crawl processes never write the same file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.entries, handle, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
