"""`signaldesk eval` on a tiny labeled fixture whose keyword-baseline scores are worked out by hand.

Keyword baseline on tests/fixtures/labeled/tiny.jsonl (see pipeline/tagging/baseline.py for the words):
  t1 raises/GPU/chips/data center -> capital, infrastructure   gold capital, infrastructure
  t2 hackers/breach -> security                                gold security
  t3 court/regulator -> policy; customers -> demand            gold policy            (demand FP)
  t4 -> none                                                   gold none
  t5 chatbot/users/assistant -> demand                         gold demand
  t6 chip -> infrastructure; no policy word                    gold policy, infrastructure (policy FN)
  t7 "invests" is not the word "invest" -> none                gold none
  t8 data center -> infrastructure                             gold infrastructure
So infrastructure, capital, security: P = R = F1 = 1; demand: P 1/2, R 1, F1 2/3;
policy: P 1, R 1/2, F1 2/3; macro-F1 = (3 + 4/3) / 5 = 13/15.
Amounts (gold on t1, t3, t5): the baseline regex reads "$45 million", "$3 million" and "$12" (not
"$12/month"): TP 2, FP 1, FN 1 -> P = R = F1 = 2/3. Orgs: no baseline capitalized run is a canonical
gazetteer name -> 0 true positives of 3 gold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.categories import CATEGORIES
from pipeline.tagging.labeled import read_labeled
from pipeline.tagging.metrics import category_scores, exact_match, macro_f1

SIGNALDESK = str(Path(sys.executable).parent / "signaldesk")


@pytest.fixture(scope="module")
def report(tiny_labeled):
    done = subprocess.run(
        [SIGNALDESK, "eval", "--labeled", str(tiny_labeled), "--folds", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout)


def test_baseline_scores_match_the_hand_count(report):
    baseline = report["baseline"]["categories"]
    for category in ("infrastructure", "capital", "security"):
        assert baseline[category]["f1"] == 1.0
    assert (baseline["demand"]["precision"], baseline["demand"]["recall"]) == (0.5, 1.0)
    assert (baseline["policy"]["precision"], baseline["policy"]["recall"]) == (1.0, 0.5)
    assert baseline["demand"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["baseline"]["macro_f1"] == pytest.approx(13 / 15, abs=1e-4)


def test_entity_scores_match_the_hand_count(report):
    amounts, orgs = report["entities"]["amounts"], report["entities"]["orgs"]
    assert amounts["items"] == 3 and amounts["tagger"]["support"] == 3
    assert amounts["baseline"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert amounts["tagger"]["f1"] == 1.0  # $45 million, $3 million and $12/month exactly as written
    assert orgs["baseline"]["recall"] == 0.0


def test_report_has_every_split_and_the_shipped_block(report):
    assert report["folds"] == 2 and report["seed"] == 13
    assert list(report["splits"]) == ["random", "outlet", "month"]
    for block in [*report["splits"].values(), report["shipped"]]:
        assert list(block["categories"]) == list(CATEGORIES)
        assert 0.0 <= block["macro_f1"] <= 1.0 and set(block["relevant"]) >= {"precision", "recall", "f1"}
    assert report["shipped"]["tagger_version"].startswith("2026.11-r")


def test_text_report_prints_the_table(tiny_labeled):
    done = subprocess.run(
        [SIGNALDESK, "eval", "--labeled", str(tiny_labeled), "--folds", "0"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "keyword baseline" in done.stdout and "macro-F1" in done.stdout and "0.867" in done.stdout


def test_metrics_by_hand():
    gold = [frozenset({"capital"}), frozenset(), frozenset({"capital", "policy"})]
    predicted = [frozenset({"capital"}), frozenset({"capital"}), frozenset({"policy"})]
    scores = category_scores(gold, predicted)
    assert (scores["capital"].precision, scores["capital"].recall) == (0.5, 0.5)
    assert scores["policy"].f1 == 1.0 and scores["security"].f1 == 0.0
    assert macro_f1(scores) == pytest.approx((0.5 + 1.0) / 5)
    assert exact_match([frozenset({"$5M", "$1B"})], [frozenset({"$5M", "$5M."})]).f1 == 0.5


def test_bad_labeled_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "title": "ok", "labels": []}\n{"id": "b", "title": "x", "labels": ["weather"]}\n')
    with pytest.raises(Exception, match=r"bad.jsonl:2"):
        read_labeled(bad)
    done = subprocess.run([SIGNALDESK, "eval", "--labeled", str(bad)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "bad.jsonl:2" in done.stderr and "Traceback" not in done.stderr
