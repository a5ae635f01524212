"""`signaldesk train`: the same data and seed give the same artifact, and a tagger loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.tagging.version import model_hash

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")


def _train(labeled: Path, out: Path, seed: int) -> str:
    subprocess.run(
        [SIGNALDESK, "train", "--labeled", str(labeled), "--seed", str(seed), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return model_hash(out)


def test_same_seed_same_artifact(tiny_labeled, tmp_path):
    first = _train(tiny_labeled, tmp_path / "a", 13)
    assert _train(tiny_labeled, tmp_path / "b", 13) == first
    assert _train(tiny_labeled, tmp_path / "c", 14) != first


def test_trained_artifact_loads_into_a_tagger(tiny_labeled, tmp_path):
    from pipeline.tagging import Tagger

    out = tmp_path / "model"
    digest = _train(tiny_labeled, out, 13)
    tagger = Tagger(model_dir=out)
    assert tagger.version.endswith(f"-m{digest}")
    result = tagger.tag("Hackers breach hospital network")
    assert result.categories and all(c.evidence["model_score"] is not None for c in result.categories)
