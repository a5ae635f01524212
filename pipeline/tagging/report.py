"""The `signaldesk eval` report as a plain-text table: each split, the baseline and the shipped model side by side."""

from __future__ import annotations

from pipeline.tagging.results import CATEGORIES

SPLIT_NAMES = {"random": "random folds", "outlet": "held-out outlets", "month": "held-out months"}


def render_report(report: dict) -> str:
    lines = [
        f"{report['items']} labeled items; {report['folds']}-fold cross-validation (seed {report['seed']}): "
        "random folds, and folds holding out whole outlets and whole months",
        "",
    ]
    columns = [(SPLIT_NAMES[name], block) for name, block in report.get("splits", {}).items()]
    columns += [(name, report[key]) for name, key in (("keyword baseline", "baseline"), ("shipped*", "shipped"))]
    width = 20
    lines.append(f"{'category':<16}" + "".join(f"{name:>{width}}" for name, _ in columns))
    lines.append(f"{'':<16}" + "".join(f"{'P     R     F1':>{width}}" for _ in columns))
    for category in CATEGORIES:
        lines.append(f"{category:<16}" + "".join(_cell(block["categories"][category], width) for _, block in columns))
    lines.append(f"{'macro-F1':<16}" + "".join(f"{block['macro_f1']:>{width}.3f}" for _, block in columns))
    lines.append(f"{'any category':<16}" + "".join(_cell(block["relevant"], width) for _, block in columns))
    if "holdout" in report:
        lines += ["", _holdout_lines(report["holdout"])]
    entities = report.get("entities", {})
    lines += ["", "entities (exact match on items with gold entities)   tagger P/R/F1       baseline P/R/F1"]
    for kind in ("amounts", "orgs"):
        if block := entities.get(kind):
            lines.append(
                f"{kind:<8} ({block['items']} items, {block['tagger']['support']} gold)".ljust(52)
                + _cell(block["tagger"], width=20)
                + _cell(block["baseline"], width=20)
            )
    if roles := entities.get("amount_roles"):
        confusions = ", ".join(f"{k} {n}" for k, n in list(roles["confusions"].items())[:4])
        lines.append(
            f"amount roles: {roles['accuracy']:.3f} right of {roles['scored']} gold amounts found"
            + (f" (most confused: {confusions})" if confusions else "")
        )
    lines += [
        "",
        "Entities need no training: the shipped rules score them, the same on every split.",
        f"* shipped model {report['shipped']['tagger_version']}, scored on these items; if they are its training "
        "data this is an upper bound, not a generalization estimate.",
    ]
    return "\n".join(lines)


def _cell(scores: dict, width: int) -> str:
    return f"{scores['precision']:.3f} {scores['recall']:.3f} {scores['f1']:.3f}".rjust(width)


def _holdout_lines(block: dict) -> str:
    """Items kept out of training and out of rule tuning (see holdout.py)."""
    head = (
        f"hold-out: {block['items']} items ({block['fraction']:.0%}, seed {block['holdout_seed']}), trained on the "
        f"rest; macro-F1 {block['macro_f1']:.3f}"
    )
    rows = [f"  {category:<16}{_cell(block['categories'][category], width=20)}" for category in CATEGORIES]
    return "\n".join([head, *rows])
