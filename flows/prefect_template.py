"""An empty, migrated Prefect database to start every new embedded Prefect home from.

The plain path is Prefect's own: its embedded server creates its SQLite database on first start by running
every one of its Alembic migrations. That is most of a first `signaldesk demo`: a trivial flow in a new home
starts in 13.4 s when Prefect migrates its own database and in 6.4 s from this template (`make bench`,
2026-12-02, "Prefect ephemeral start-up" in the README; bench/bench_flow.py `ephemeral_startup`), and in
23.9 s against 14.3 s on the same two cores shared with other work.

The result depends only on the Prefect release, so `make` builds it once when it installs the environment
(`python -m flows.prefect_template`) and `seed_prefect_home` copies it into a home that has no database yet.
The template also holds the block types Prefect registers on a first start, so the run that seeded a home
skips that registration (`PREFECT_API_BLOCKS_REGISTER_ON_START`), as Prefect's own memo makes later starts
skip it. Prefect still checks the copy on start and migrates it if it is behind. Whenever the template
cannot be trusted (none for the installed release, not a SQLite file, or at a revision that is none of the
installed Prefect's migrations), nothing is copied and Prefect creates its database as it always does.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from core.files import write_atomic

DATABASE = "prefect.db"
# What a Prefect started on a freshly seeded home needs: its block types are in the template already.
SEEDED_SETTINGS = {"PREFECT_API_BLOCKS_REGISTER_ON_START": "false"}


def template_path() -> Path:
    """Where the installed environment keeps the template for the installed Prefect release."""
    return Path(sys.prefix) / "share" / "signaldesk" / f"prefect-{version('prefect')}.db"


def seed_prefect_home(prefect_home: Path, template: Path | None = None) -> bool:
    """Copy the template into a home without a database; True when it did. Never touches an existing one."""
    template = template or template_path()
    target = Path(prefect_home) / DATABASE
    if target.exists() or not usable_template(template):
        return False
    partial = target.with_name(f".{DATABASE}.{os.getpid()}.partial")
    shutil.copyfile(template, partial)
    try:
        os.link(partial, target)  # fails if another process seeded it meanwhile: theirs is as good
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)
    return True


def usable_template(template: Path) -> bool:
    """True for a SQLite file at one of the installed Prefect's own migrations: Prefect can start from it.

    Anything else would stop Prefect's start (a damaged file, or a revision its migrations do not know, as
    in a template another release built), where falling back costs only Prefect's own migrations.
    """
    if not template.is_file():
        return False
    try:
        with closing(sqlite3.connect(f"{template.resolve().as_uri()}?mode=ro", uri=True)) as db:
            revisions = db.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return False
    return len(revisions) == 1 and revisions[0][0] in prefect_revisions()


_REVISION = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*[\"']([0-9A-Za-z_]+)[\"']", re.MULTILINE)


def prefect_revisions() -> set[str]:
    """The revisions of the installed Prefect's SQLite migrations, read from their files without importing
    Prefect (its settings must not be read before PREFECT_HOME is set, and loading them through Alembic takes
    seconds). A layout we cannot read gives no revision: no template is used and Prefect migrates itself."""
    spec = find_spec("prefect")
    roots = spec.submodule_search_locations if spec else None
    if not roots:
        return set()
    versions = Path(next(iter(roots))) / "server" / "database" / "_migrations" / "versions" / "sqlite"
    return {m.group(1) for path in versions.glob("*.py") for m in _REVISION.finditer(path.read_text(encoding="utf-8"))}


def build_template(out: Path | None = None) -> Path:
    """Run Prefect's migrations on a fresh database in a child process and keep the file at `out`."""
    out = out or template_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="prefect-template-") as home:
        env = {**os.environ, "PREFECT_HOME": home, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
        env.pop("PREFECT_API_DATABASE_CONNECTION_URL", None)
        env.pop("PREFECT_API_URL", None)
        # A child process: Prefect reads PREFECT_HOME once, when it is first imported.
        subprocess.run([sys.executable, "-c", _MIGRATE], env=env, check=True)
        built = Path(home) / DATABASE
        with sqlite3.connect(built) as connection:  # fold the write-ahead log in: one self-contained file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        write_atomic(out, built.read_bytes())  # a few MiB; a concurrent seed sees the old template or this one
    return out


_MIGRATE = """
import asyncio
from prefect.server.database import provide_database_interface
from prefect.server.models.block_registration import run_block_auto_registration

async def build():
    db = provide_database_interface()
    await db.create_db()
    async with await db.session() as session:  # the block types a server registers on its first start
        await run_block_auto_registration(session=session)

asyncio.run(build())
"""


def main() -> int:
    path = build_template()
    print(f"Prefect {version('prefect')} database template: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
