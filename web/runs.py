"""Run now: start a daily run and follow its state and log, behind one small interface.

- EmbeddedLauncher (no Prefect server): runs the `signaldesk run` command as a child process; its output
  goes to <home>/runs/<id>.log and its state to <home>/runs/<id>.json (queued -> running ->
  completed | failed, with the exit code). The argv prefix is injectable so tests run a tiny fake command.
- PrefectLauncher (PREFECT_API_URL set): asks Prefect for a run of the "daily-briefing/adhoc"
  deployment and reads its state and logs back from the Prefect API.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from core.files import write_atomic

RUN_ID = re.compile(r"^[A-Za-z0-9-]{6,64}$")
LOG_TAIL_BYTES = 64 * 1024
DEPLOYMENT = "daily-briefing/adhoc"
DEFAULT_PREFIX = (sys.executable, "-m", "cli")


@dataclass(frozen=True)
class RunRequest:
    day: date
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    dry_run: bool = False

    def cli_args(self) -> list[str]:
        args = ["run", "--date", self.day.isoformat()]
        if self.categories:
            args += ["--categories", ",".join(self.categories)]
        for key in self.sources:
            args += ["--only", key]
        # Runs started from the web never mail subscribers: no delivery, or a dry run of it that sends nothing.
        return args + (["--dry-run"] if self.dry_run else ["--no-email"])

    def parameters(self) -> dict:
        # The same run as cli_args, as parameters of flows.daily.daily_briefing; None means "all" there.
        return {
            "date": self.day.isoformat(),
            "categories": list(self.categories) or None,
            "only": list(self.sources) or None,
            "dry_run": self.dry_run,
            "email": self.dry_run,
        }


@dataclass
class RunStatus:
    id: str
    state: str  # queued | running | completed | failed
    request: dict
    started_at: str
    exit_code: int | None = None
    log: str = ""
    backend: str = "embedded"
    finished_at: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.state in ("completed", "failed")


class RunLauncher(Protocol):
    backend: str

    def start(self, request: RunRequest) -> str: ...

    def status(self, run_id: str) -> RunStatus | None: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class EmbeddedLauncher:
    backend = "embedded"

    def __init__(
        self,
        runs_dir: Path,
        *,
        argv_prefix: tuple[str, ...] = DEFAULT_PREFIX,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ):
        self.runs_dir = runs_dir
        self.argv_prefix = tuple(argv_prefix)
        self.env = env or {}
        self.cwd = cwd

    def start(self, request: RunRequest) -> str:
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        run_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)
        status = RunStatus(id=run_id, state="queued", request=_describe(request), started_at=_now())
        self._save(status)
        log = open(self.runs_dir / f"{run_id}.log", "ab")  # handed to the child; closed by the watcher
        try:
            process = subprocess.Popen(
                [*self.argv_prefix, *request.cli_args()],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **self.env},
                cwd=self.cwd,
            )
        except OSError as exc:
            log.close()
            self._finish(status, 127, f"could not start the run: {exc}")
            return run_id
        status.state, status.extra = "running", {"pid": process.pid}
        self._save(status)
        threading.Thread(target=self._watch, args=(status, process, log), daemon=True).start()
        return run_id

    def status(self, run_id: str) -> RunStatus | None:
        path = self.runs_dir / f"{run_id}.json"
        if not RUN_ID.match(run_id) or not path.exists():
            return None
        status = RunStatus(**json.loads(path.read_text(encoding="utf-8")))
        status.log = self._tail(run_id)
        return status

    def _watch(self, status: RunStatus, process: subprocess.Popen, log) -> None:
        code = process.wait()
        log.close()
        self._finish(status, code)

    def _finish(self, status: RunStatus, code: int, note: str | None = None) -> None:
        if note:
            with open(self.runs_dir / f"{status.id}.log", "a", encoding="utf-8") as log:
                log.write(note + "\n")
        status.state = "completed" if code == 0 else "failed"
        status.exit_code, status.finished_at = code, _now()
        self._save(status)

    def _save(self, status: RunStatus) -> None:
        record = asdict(status)
        record.pop("log")
        write_atomic(self.runs_dir / f"{status.id}.json", json.dumps(record))  # a reader never sees half a file

    def _tail(self, run_id: str) -> str:
        path = self.runs_dir / f"{run_id}.log"
        if not path.exists():
            return ""
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
            return handle.read().decode("utf-8", errors="replace")


class PrefectLauncher:
    backend = "prefect"
    _STATES = {
        "SCHEDULED": "queued",
        "PENDING": "queued",
        "RUNNING": "running",
        "COMPLETED": "completed",
        "PAUSED": "running",
        "CANCELLING": "running",
    }

    def start(self, request: RunRequest) -> str:
        from prefect.deployments import run_deployment

        flow_run = run_deployment(name=DEPLOYMENT, parameters=request.parameters(), timeout=0)
        return str(flow_run.id)

    def status(self, run_id: str) -> RunStatus | None:
        from uuid import UUID

        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
        from prefect.exceptions import ObjectNotFound

        try:
            flow_run_id = UUID(run_id)
        except ValueError:
            return None
        with get_client(sync_client=True) as client:
            try:
                run = client.read_flow_run(flow_run_id)
            except ObjectNotFound:
                return None
            logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200)
        state_type = run.state.type.value if run.state else "PENDING"
        return RunStatus(
            id=run_id,
            state=self._STATES.get(state_type, "failed"),
            request=dict(run.parameters or {}),
            started_at=(run.start_time or run.expected_start_time or run.created).isoformat(),
            backend=self.backend,
            log="\n".join(f"{entry.timestamp:%H:%M:%S} {entry.message}" for entry in logs),
            finished_at=run.end_time.isoformat() if run.end_time else None,
            extra={"state_name": run.state.name if run.state else ""},
        )


def _describe(request: RunRequest) -> dict:
    return {
        "date": request.day.isoformat(),
        "categories": list(request.categories),
        "sources": list(request.sources),
        "dry_run": request.dry_run,
    }


def make_launcher(
    settings, *, prefect_api_url: str | None = None, argv_prefix: tuple[str, ...] | None = None
) -> RunLauncher:
    """Prefect when an API URL is configured, else a child process sharing this app's home and store."""
    if prefect_api_url:
        return PrefectLauncher()
    env = {"SIGNALDESK_HOME": str(Path(settings.home).resolve()), "SIGNALDESK_DATABASE_URL": settings.db_url}
    return EmbeddedLauncher(Path(settings.home) / "runs", argv_prefix=argv_prefix or DEFAULT_PREFIX, env=env)
