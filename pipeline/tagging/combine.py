"""How rule matches and the classifier's probability make one decision per category, explainably.

For each category:
- rule score: the weight of the strongest matching subtopic, +0.05 for each further subtopic that matched,
  minus the category's `against` weight when a cue against it matched (a settlement, a hack loss, a review),
  times the category's `without_context` factor when its context is missing (demand without any AI);
- model score: the textcat probability;
- blended score: `rule_weight` x rule + (1 - rule_weight) x model.
The category is kept when the blend reaches `threshold`, or one side alone is sure enough (`rule_alone`,
`model_alone`; the model alone never overrides a cue against the category). `decided_by` names who carried
it: "rule" (rule matched, model under 0.5), "model" (no rule matched), "rule+model" (both). So "why is this
capital?" reads: rule "funding" matched "raises $34 million" (0.9), model 0.81, blend 0.86.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.tagging.results import CategoryResult


@dataclass(frozen=True)
class Combination:
    # Chosen by a grid search over 5-fold cross-validated predictions on the development set
    # (`signaldesk eval`): the best macro-F1 whose worst per-category precision stays at 0.85 or more.
    rule_weight: float = 0.6
    threshold: float = 0.4
    rule_alone: float = 0.95
    model_alone: float = 0.7
    rules_only: float = 0.6  # threshold when no trained model is loaded
    extra_subtopic_bonus: float = 0.05


SETTINGS = Combination()


def rule_score(
    weights: list[float], against: float, settings: Combination = SETTINGS, *, context_factor: float = 1.0
) -> float:
    """Strength of the rule evidence for one category from its matched subtopic weights."""
    if not weights:
        return 0.0
    ordered = sorted(weights, reverse=True)
    score = ordered[0] + settings.extra_subtopic_bonus * (len(ordered) - 1)
    score -= against  # the matched against-cue's penalty from the category file, or 0
    score *= context_factor
    return round(max(0.0, min(score, 0.99)), 4)


def model_may_keep_alone(model: float | None, settings: Combination = SETTINGS) -> bool:
    """Whether `decide` could keep a category no rule matched (rule score 0) on this model vote: the tagger
    skips building the others."""
    if model is None:
        return 0.0 >= settings.rules_only
    return model >= settings.model_alone or (1 - settings.rule_weight) * model >= settings.threshold


def decide(
    category: str,
    rule: float,
    model: float | None,
    evidence: dict,
    settings: Combination = SETTINGS,
    *,
    contradicted: bool = False,
) -> CategoryResult | None:
    """The category's result, or None when the evidence is too weak.

    `contradicted`: a cue against the category matched; the model alone may then not decide (a fine is
    not capital however money-like the headline reads to a bag of words).
    """
    if model is None:  # rules-only tagger (no trained model shipped)
        model_part, blend = 0.0, rule
        keep = rule >= settings.rules_only
    else:
        model_part = model
        blend = settings.rule_weight * rule + (1 - settings.rule_weight) * model
        model_decides = model >= settings.model_alone and not contradicted
        keep = blend >= settings.threshold or rule >= settings.rule_alone or model_decides
    if not keep:
        return None
    if rule > 0 and model_part >= 0.5:
        decided_by = "rule+model"
    elif rule > 0:
        decided_by = "rule"
    else:
        decided_by = "model"
    score = max(
        blend,
        rule if rule >= settings.rule_alone else 0.0,
        model_part if model_part >= settings.model_alone and not contradicted else 0.0,
    )
    details = {**evidence, "rule_score": rule, "model_score": None if model is None else round(model, 4)}
    return CategoryResult(category=category, score=round(min(score, 1.0), 4), decided_by=decided_by, evidence=details)
