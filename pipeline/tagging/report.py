"""The `signaldesk eval` report as a plain-text table: tagger and baseline side by side."""

from __future__ import annotations

from pipeline.tagging.results import CATEGORIES


def render_report(report: dict) -> str:
    lines = [f"{report['items']} labeled items; {report['folds']}-fold cross-validation, seed {report['seed']}", ""]
    columns = [
        (name, report[key])
        for name, key in (
            ("cross-validated", "cross_validated"),
            ("keyword baseline", "baseline"),
            ("shipped model*", "shipped"),
        )
        if key in report
    ]
    header = f"{'category':<16}" + "".join(f"{name:>26}" for name, _ in columns)
    lines += [header, f"{'':<16}" + "".join(f"{'P     R     F1':>26}" for _ in columns)]
    for category in CATEGORIES:
        cells = "".join(_cell(block["categories"][category]) for _, block in columns)
        lines.append(f"{category:<16}{cells}")
    lines.append(f"{'macro-F1':<16}" + "".join(f"{block['macro_f1']:>26.3f}" for _, block in columns))
    if "holdout" in report:
        lines += ["", _holdout_lines(report["holdout"])]
    lines += ["", "entities (exact match on items with gold entities)   tagger P/R/F1       baseline P/R/F1"]
    for kind, block in report.get("entities", {}).items():
        lines.append(
            f"{kind:<8} ({block['items']} items, {block['tagger']['support']} gold)".ljust(52)
            + _cell(block["tagger"], width=20)
            + _cell(block["baseline"], width=20)
        )
    if "shipped" in report:
        lines += [
            "",
            f"* shipped model {report['shipped']['tagger_version']}, scored on these items; if they are "
            "its training data this is an upper bound, not a generalization estimate.",
        ]
    return "\n".join(lines)


def _cell(scores: dict, width: int = 26) -> str:
    return f"{scores['precision']:.3f} {scores['recall']:.3f} {scores['f1']:.3f}".rjust(width)


def _holdout_lines(block: dict) -> str:
    """The honest number: items kept out of training and out of rule tuning (see holdout.py)."""
    head = (
        f"hold-out: {block['items']} items ({block['fraction']:.0%}, seed {block['holdout_seed']}), trained on the "
        f"rest; macro-F1 {block['macro_f1']:.3f}"
    )
    rows = [f"  {category:<16}{_cell(block['categories'][category], width=20)}" for category in CATEGORIES]
    return "\n".join([head, *rows])
