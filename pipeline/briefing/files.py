"""The briefing files under <home>/briefings: <date>.json and <date>.md."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.briefing.contracts import Briefing
from pipeline.errors import StoreError
from pipeline.settings import Settings


def write_briefing_files(settings: Settings, briefing: Briefing, markdown: str) -> dict[str, Path]:
    folder = settings.briefings_dir
    paths = {"json": folder / f"{briefing.date}.json", "md": folder / f"{briefing.date}.md"}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(paths["json"], json.dumps(briefing.to_json(), ensure_ascii=False, indent=2) + "\n")
        _write_atomically(paths["md"], markdown)
    except OSError as exc:
        raise StoreError(f"cannot write briefing files ({exc.strerror or exc})", resource=str(folder)) from None
    return paths


def _write_atomically(path: Path, text: str) -> None:
    # A reader (web app, mailer) never sees half a file: write aside, then rename over.
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
