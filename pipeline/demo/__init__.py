"""The offline demo: a bundled snapshot of real-format sources and the loopback server that serves it.

`build` renders the snapshot (run by maintainers, output committed); `server` serves it to `signaldesk demo`.
"""

from pathlib import Path

SNAPSHOT = Path(__file__).parent / "snapshot"
