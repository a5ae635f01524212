"""The briefing files under <home>/briefings: <date>.json and <date>.md."""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import StoreError
from core.files import write_atomic
from pipeline.briefing.contracts import Briefing
from pipeline.settings import Settings


def write_briefing_files(settings: Settings, briefing: Briefing, markdown: str) -> dict[str, Path]:
    folder = settings.briefings_dir
    paths = {"json": folder / f"{briefing.date}.json", "md": folder / f"{briefing.date}.md"}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A reader (web app, mailer) never sees half a file.
        write_atomic(paths["json"], json.dumps(briefing.to_json(), ensure_ascii=False, indent=2) + "\n")
        write_atomic(paths["md"], markdown)
    except OSError as exc:
        raise StoreError(f"cannot write briefing files ({exc.strerror or exc})", resource=str(folder)) from None
    return paths
