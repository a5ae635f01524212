"""`signaldesk tag`, `signaldesk eval` and `signaldesk train`: the signal tagging stage from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.arguments import day_argument

# The labeled items, kept in the repository with their provenance (data/labeled/README.md): the development
# set and the labeled pool of the demo days and source copies.
LABELED_DIR = Path(__file__).resolve().parents[1] / "data" / "labeled"
DEFAULT_LABELED = [LABELED_DIR / "signals-dev.jsonl", LABELED_DIR / "signals-pool.jsonl"]
CHUNK = 256


def register(subparsers) -> None:
    tag = subparsers.add_parser(
        "tag",
        help="tag JSON Lines {id, title, summary} from stdin, or the stored documents",
        description='Reads JSON Lines {"id", "title", "summary"[, "body"]} on stdin and writes one JSON line '
        "per input on stdout. A malformed line is reported on stderr as '<stdin> line N: ...'; "
        "the rest go on, and the exit status is 1 if any line was skipped. With --stored, tags the "
        "documents in the store that have no signals of the current tagger version.",
    )
    tag.add_argument("--stored", action="store_true", help="tag documents in the store instead of stdin")
    tag.add_argument(
        "--since",
        type=day_argument,
        help="with --stored: only documents published on or after YYYY-MM-DD in SIGNALDESK_TIMEZONE",
    )
    tag.set_defaults(handler=_tag)

    ev = subparsers.add_parser("eval", help="precision/recall/F1 on a labeled JSONL file, next to a baseline")
    ev.add_argument(
        "--labeled",
        type=Path,
        nargs="+",
        default=DEFAULT_LABELED,
        help="labeled JSONL files (format of data/labeled; default: the development set and the labeled pool)",
    )
    ev.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: no cross-validation)")
    ev.add_argument("--seed", type=int, default=13, help="seed fixing the random folds")
    ev.add_argument(
        "--holdout",
        type=_fraction,
        default=None,
        metavar="FRACTION",
        help="also train on the rest and score a seeded hold-out of this share (e.g. 0.2) of the items",
    )
    ev.add_argument("--holdout-seed", type=int, default=99, help="seed fixing which items are held out")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.set_defaults(handler=_eval)

    tr = subparsers.add_parser("train", help="train the category classifier and write the model artifact")
    tr.add_argument("--labeled", type=Path, nargs="+", default=DEFAULT_LABELED, help="labeled JSONL files to train on")
    tr.add_argument("--out", type=Path, default=None, help="output folder (default: the shipped model folder)")
    tr.set_defaults(handler=_train)


def _fraction(value: str) -> float:
    try:
        share = float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}") from exc
    if not 0.0 < share < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}")
    return share


def _tag(args) -> int:
    if args.stored:
        return _tag_stored(args)
    from pipeline.tagging import load_tagger
    from pipeline.tagging.stream import tag_stream

    # Bytes, decoded line by line: a line that is not UTF-8 is that line's problem, not the stream's.
    skipped = tag_stream(getattr(sys.stdin, "buffer", sys.stdin), sys.stdout, sys.stderr, load_tagger(), chunk=CHUNK)
    return 1 if skipped else 0


def _tag_stored(args) -> int:
    from cli.context import open_store
    from models.db import session_scope
    from pipeline.dates import day_start
    from pipeline.tagging.persist import tag_pending

    settings = open_store()
    # The day begins at midnight in the configured zone, as it does for the tag flow and the briefing.
    since = day_start(args.since, settings.tz) if args.since else None
    with session_scope(settings.db_url) as session:
        report = tag_pending(session, since=since)
    print(
        f"tagged {report.documents} documents with {report.version}: "
        f"{report.signals} signals, {report.mentions} mentions"
    )
    return 0


def _eval(args) -> int:
    from pipeline.tagging.evaluate import evaluate
    from pipeline.tagging.labeled import read_labeled_files
    from pipeline.tagging.report import render_report

    report = evaluate(
        read_labeled_files(args.labeled),
        folds=args.folds,
        seed=args.seed,
        holdout=args.holdout,
        holdout_seed=args.holdout_seed,
    )
    print(json.dumps(report, indent=2) if args.json else render_report(report))
    return 0


def _train(args) -> int:
    from pipeline.tagging.labeled import data_hash, read_labeled_files
    from pipeline.tagging.pipeline import MODEL_DIR
    from pipeline.tagging.train import save_classifier, train_classifier
    from pipeline.tagging.version import model_hash

    items = read_labeled_files(args.labeled)
    out = args.out or MODEL_DIR
    meta = {"items": len(items), "data": {path.name: data_hash(path) for path in args.labeled}}
    save_classifier(train_classifier(items), out, meta)
    print(f"trained on {len(items)} items -> {out} (model hash {model_hash(out)})")
    return 0
