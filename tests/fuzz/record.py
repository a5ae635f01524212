"""Running one fuzz input, classifying what went wrong, and keeping the smallest input of each failure.

A failing input is saved as `tests/fuzz/crashes/<target>-<kind>-<signature>.json`; test_regressions.py
replays every saved file, so a crash found by the fuzz command becomes a regression test by being there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from core.files import write_atomic
from tests.fuzz.checks import Unsanitized, Violation
from tests.fuzz.targets import Target

CRASHES = Path(__file__).resolve().parent / "crashes"
_PROJECT = str(Path(__file__).resolve().parents[2])


@dataclass
class Tally:
    inputs: int = 0
    crashes: int = 0
    unsanitized: int = 0
    violations: int = 0
    saved: dict[str, str] = field(default_factory=dict)  # signature -> first line of the error

    def add(self, other: Tally) -> None:
        for name in ("inputs", "crashes", "unsanitized", "violations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.saved.update(other.saved)


def encode(sample):
    """JSON for any fuzz input: text, bytes, None and tuples of those."""
    if isinstance(sample, bytes):
        return {"base64": base64.b64encode(sample).decode("ascii")}
    if isinstance(sample, tuple):
        return {"tuple": [encode(part) for part in sample]}
    return sample


def decode(value):
    if isinstance(value, dict) and "base64" in value:
        return base64.b64decode(value["base64"])
    if isinstance(value, dict) and "tuple" in value:
        return tuple(decode(part) for part in value["tuple"])
    return value


def kind_of(exc: BaseException) -> str:
    return "unsanitized" if isinstance(exc, Unsanitized) else "violation" if isinstance(exc, Violation) else "crash"


def signature(exc: BaseException) -> str:
    """Exception type and the innermost project line outside the checks' `expect`: one per bug, not per input."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith(_PROJECT) and "/.venv/" not in f.filename and f.name != "expect"
    ]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__}@{where}"


_COUNTER = {"crash": "crashes", "unsanitized": "unsanitized", "violation": "violations"}


def run_one(target: Target, sample, tally: Tally) -> None:
    tally.inputs += 1
    try:
        target.check(sample)
    except Exception as exc:  # noqa: BLE001 - classifying every escape is the point of a fuzzer
        kind = kind_of(exc)
        setattr(tally, _COUNTER[kind], getattr(tally, _COUNTER[kind]) + 1)
        save(target.name, kind, sample, exc, tally)


def save(target: str, kind: str, sample, exc: BaseException, tally: Tally) -> None:
    sig = signature(exc)
    digest = hashlib.sha256(f"{target}|{sig}".encode()).hexdigest()[:12]
    path = CRASHES / f"{target}-{kind}-{digest}.json"
    payload = {
        "target": target,
        "kind": kind,
        "signature": sig,
        "error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:500],
        "input": encode(sample),
    }
    size = len(json.dumps(payload["input"]))
    kept = _kept_input_size(path)
    if kept is not None and kept <= size:
        tally.saved.setdefault(sig, str(path.relative_to(CRASHES.parents[2])))
        return  # a smaller input of the same failure is already kept
    _write(path, payload)
    tally.saved[sig] = str(path.relative_to(CRASHES.parents[2]))


def _kept_input_size(path: Path) -> int | None:
    """The size of the input already saved at `path`; None when there is none (or it is unreadable)."""
    try:
        return len(json.dumps(json.loads(path.read_text(encoding="utf-8"))["input"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, payload: dict) -> None:
    # ASCII escapes: an input may hold a lone surrogate, which UTF-8 cannot carry; written aside and renamed
    # over, so the other lane never reads half a file.
    CRASHES.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(payload, ensure_ascii=True, indent=1) + "\n")


def save_artifact(target: Target, data: bytes, reason: str) -> str:
    """An input libFuzzer stopped on (hang, memory): kept like any other failure, as the target's input."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = CRASHES / f"{target.name}-{reason}-{digest}.json"
    payload = {
        "target": target.name,
        "kind": "crash",
        "signature": f"libFuzzer {reason}",
        "error": f"libFuzzer stopped on {reason}",
        "input": encode(target.from_bytes(data)),
    }
    _write(path, payload)
    return str(path.relative_to(CRASHES.parents[2]))


def saved_cases() -> list[tuple[str, dict]]:
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(CRASHES.glob("*.json"))]
