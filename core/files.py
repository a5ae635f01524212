"""Writing a file whole: a reader sees the old content or the new one, never half of either.

No imports of ours: the crawl process (spiders/) writes its status and HTTP validators with it too.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

# A new file is readable by everyone, as a plain `open(path, "w")` under the usual umask 022 would make it.
NEW_FILE_MODE = 0o644


def write_atomic(path: Path | str, data: bytes | str, mode: int | None = None) -> Path:
    """Write `data` (text as UTF-8) to a temporary file beside `path`, flush it to disk, then rename it over.

    A file that exists keeps its permissions, so an operator's chmod survives a rewrite; a new one gets `mode`
    (default NEW_FILE_MODE). The permissions are set before any byte is written, so a private file is never
    readable by others, not even while it is being written.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    permissions = _existing_mode(path)
    if permissions is None:
        permissions = NEW_FILE_MODE if mode is None else mode
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), permissions)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _existing_mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
