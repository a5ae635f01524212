"""Run one Scrapy crawl process per source and read its items and status back.

Twisted's reactor cannot restart inside one process, so every source is its own
`python -m spiders.run <kind>` process (what `scrapy crawl` does, quicker to start) with a wall timeout.
A source's failure is a value in its CrawlOutcome (errors as one-line messages), never an exception that stops
the other sources.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from core.items import RawItem
from core.kinds import BY_KEY as KIND
from core.validators import promote
from pipeline.sources import SourceSpec

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class CrawlOptions:
    """How the crawl processes run: decided once at the edge (the settings, or the demo for its loopback
    server), then passed down through the flow and the runner into each crawl process it starts."""

    allow_private: bool = False  # may a source, its redirects and followed links reach non-global addresses
    fast: bool = False  # one retry, short timeouts, no politeness delays: for sources on loopback
    timeout: float = 120.0  # wall time of one crawl process, in seconds

    @classmethod
    def from_settings(cls, settings) -> CrawlOptions:
        return cls(
            allow_private=settings.allow_private_sources, fast=settings.crawl_fast, timeout=settings.crawl_timeout
        )


DEFAULT_OPTIONS = CrawlOptions()  # what a crawl gets when nobody says otherwise: the settings' own defaults


@dataclass
class CrawlOutcome:
    source_key: str
    items: list[RawItem]
    http_status: int | None
    not_modified: bool
    errors: list[str]
    items_file: Path | None
    process_ok: bool = True  # False when the crawl process crashed or was killed
    log_file: Path | None = None
    finish_reason: str | None = None
    validators_file: Path | None = None  # fresh ETag / Last-Modified, not yet current (commit_validators)

    @property
    def failed(self) -> bool:
        return not self.process_ok or (not self.items and not self.not_modified)


def current_validators(state_dir: Path, key: str) -> Path:
    """The validators the next crawl of `key` asks with."""
    return Path(state_dir) / "http-validators" / f"{key}.json"


@dataclass(frozen=True)
class _Paths:
    items: Path
    status: Path
    log: Path
    validators: Path  # current: read by the crawl process
    fresh_validators: Path  # written by the crawl process beside its items

    @classmethod
    def for_source(cls, key: str, out_dir: Path, state_dir: Path) -> _Paths:
        return cls(
            out_dir / f"{key}.jsonl",
            out_dir / f"{key}.status.json",
            out_dir / f"{key}.log",
            current_validators(state_dir, key),
            out_dir / f"{key}.validators.json",
        )


def crawl_command(
    spec: SourceSpec,
    items_file: Path,
    options: CrawlOptions = DEFAULT_OPTIONS,
    overrides: Mapping[str, object] | None = None,
) -> list[str]:
    """The crawl process's command line, which any local user can read (`ps`): so never the source URL, whose
    `user:pass@` or `?token=` the sources file may hold; crawl_env hands the URL over. The SSRF rule goes as the
    Scrapy setting spiders/guard.py reads; `overrides` are more Scrapy settings."""
    command = [
        sys.executable,
        "-m",
        "spiders.run",
        KIND[spec.kind].spider,
        "-a",
        f"source_key={spec.key}",
        "-a",
        f"publication={spec.name}",
        "--output",
        str(items_file),
    ]
    for name, value in {"SIGNALDESK_ALLOW_PRIVATE_SOURCES": options.allow_private, **(overrides or {})}.items():
        command += ["-s", f"{name}={value}"]
    return command


# The crawl process parses what strangers serve and needs none of these: a parser exploit there must not
# find the mail password, the admin token, the LLM key or database credentials in its environment.
SECRET_VARIABLES = ("SIGNALDESK_SMTP_URL", "SIGNALDESK_ADMIN_TOKEN", "SIGNALDESK_LLM_KEY", "SIGNALDESK_DATABASE_URL")


def crawl_env(
    paths: _Paths, env: Mapping[str, str] | None, url: str, options: CrawlOptions = DEFAULT_OPTIONS
) -> dict[str, str]:
    merged = {k: v for k, v in (os.environ if env is None else env).items() if k not in SECRET_VARIABLES}
    # A process's environment is readable only by its owner and root, unlike its command line.
    merged["SIGNALDESK_SOURCE_URL"] = url
    # spiders/settings.py reads it as the module loads (delays and timeouts are plain names there), so it goes
    # in the environment; set from the options either way, never inherited from this process.
    merged["SIGNALDESK_CRAWL_FAST"] = "1" if options.fast else "0"
    merged["SCRAPY_SETTINGS_MODULE"] = "spiders.settings"
    merged["SIGNALDESK_HTTP_VALIDATORS"] = str(paths.validators)
    merged["SIGNALDESK_FRESH_VALIDATORS"] = str(paths.fresh_validators)
    merged["SIGNALDESK_CRAWL_STATUS"] = str(paths.status)
    merged["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), merged.get("PYTHONPATH")]))
    return merged


def run_process(command: list[str], env: dict[str, str], log: Path, timeout: float) -> str | None:
    """Runs the crawl with its output in `log`; returns why the process failed, or None."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return f"crawl process killed after the {timeout:g}s wall timeout (log: {log})"
    if code != 0:
        return f"crawl process exited with code {code}: {_last_line(log)} (log: {log})"
    return None


def _last_line(log: Path) -> str:
    lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    return lines[-1].strip()[:300] if lines else "no output"


def read_items(path: Path) -> tuple[list[RawItem], list[str]]:
    """Items of a JSON Lines file; a malformed line is an error and the other lines are kept."""
    if not path.exists():
        return [], []
    items, errors = [], []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict) or not data.get("url"):
                    raise ValueError("not an item object with a url")
                items.append(RawItem.from_dict(data))
            except (ValueError, TypeError) as exc:
                errors.append(f"{path.name} line {number}: malformed item ({exc})")
    return items, errors


def read_status(path: Path) -> dict:
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def crawl_source(
    spec: SourceSpec,
    *,
    out_dir: Path,
    state_dir: Path,
    options: CrawlOptions = DEFAULT_OPTIONS,
    overrides: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
) -> CrawlOutcome:
    """Crawls one source in its own process, run as `options` say. `overrides` are more Scrapy settings
    (`-s NAME=VALUE`); `env` replaces the inherited environment of the crawl process, less its secrets."""
    if spec.kind not in KIND:
        return _outcome_without_crawl(spec, f"unknown source kind {spec.kind!r}")
    out_dir, state_dir = Path(out_dir), Path(state_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = _Paths.for_source(spec.key, out_dir, state_dir)
    for stale in (paths.items, paths.status, paths.fresh_validators):
        stale.unlink(missing_ok=True)
    process_error = run_process(
        crawl_command(spec, paths.items, options, overrides),
        crawl_env(paths, env, spec.url, options),
        paths.log,
        options.timeout,
    )
    return _collect(spec, paths, process_error)


def _collect(spec: SourceSpec, paths: _Paths, process_error: str | None) -> CrawlOutcome:
    status = read_status(paths.status)
    items, line_errors = read_items(paths.items)
    errors = [str(e) for e in status.get("errors", [])] + line_errors
    if process_error:
        errors.append(f"{spec.url}: {process_error}")
    elif not status:
        errors.append(f"{spec.url}: the crawl wrote no status file (log: {paths.log})")
    not_modified = bool(status.get("not_modified"))
    if not items and not not_modified and not errors:
        errors.append(f"{spec.url}: the crawl finished with 0 items and no reason given (log: {paths.log})")
    return CrawlOutcome(
        source_key=spec.key,
        items=items,
        http_status=status.get("http_status"),
        not_modified=not_modified,
        errors=errors,
        items_file=paths.items if paths.items.exists() else None,
        process_ok=process_error is None,
        log_file=paths.log,
        finish_reason=status.get("finish_reason"),
        validators_file=paths.fresh_validators if paths.fresh_validators.exists() else None,
    )


def commit_validators(outcome: CrawlOutcome, state_dir: Path) -> bool:
    """Make a crawl's fresh validators current. Call it only after the store committed the outcome's items,
    and only for a crawl without errors: anything else must be downloaded in full next time."""
    if outcome.validators_file is None or outcome.errors or not outcome.process_ok:
        return False
    return promote(outcome.validators_file, current_validators(state_dir, outcome.source_key))


def _outcome_without_crawl(spec: SourceSpec, message: str) -> CrawlOutcome:
    return CrawlOutcome(
        source_key=spec.key,
        items=[],
        http_status=None,
        not_modified=False,
        errors=[f"{spec.url}: {message}"],
        items_file=None,
        process_ok=False,
    )


def crawl_sources(
    specs: list[SourceSpec],
    *,
    out_dir: Path,
    state_dir: Path,
    options: CrawlOptions = DEFAULT_OPTIONS,
    concurrency: int = 4,
    on_done: Callable[[CrawlOutcome], None] | None = None,
    overrides: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
) -> list[CrawlOutcome]:
    """Crawls the sources in parallel processes; outcomes come back in the order of `specs`."""

    def one(spec: SourceSpec) -> CrawlOutcome:
        try:
            return crawl_source(
                spec, out_dir=out_dir, state_dir=state_dir, options=options, overrides=overrides, env=env
            )
        except OSError as exc:  # e.g. the interpreter could not be started: this source only
            return _outcome_without_crawl(spec, f"could not start the crawl process ({exc})")

    outcomes: dict[str, CrawlOutcome] = {}
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(one, spec): spec for spec in specs}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes[futures[future].key] = outcome
            if on_done is not None:
                on_done(outcome)
    return [outcomes[spec.key] for spec in specs]
