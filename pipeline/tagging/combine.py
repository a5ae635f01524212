"""How the rules and the classifier make one decision per category, explainably.

For each category the rules give a score: the weight of the strongest matching subtopic, +0.05 for each
further subtopic that matched, minus the category's `against` weight when a cue against it matched (a
settlement, a hack loss, a review), times the category's `without_context` factor when its context is
missing (demand without any AI). That score, the subtopics, the cues and the context are features of the
classifier (features.py), which learned from the labeled items how far each is to be trusted; its
probability decides. `decided_by` names who carried it: "rule+model" (a rule of the category matched and
the model agreed), "model" (no rule matched), "rule" (no model, or one that never learned the category:
then the rule score alone decides, at RULES_ONLY). So "why is this capital?" reads: rule "funding" matched
"raises $34 million" (rule score 0.9), model 0.97.
"""

from __future__ import annotations

from pipeline.tagging.results import CategoryResult

EXTRA_SUBTOPIC_BONUS = 0.05
RULES_ONLY = 0.6  # the rule score that keeps a category when no trained model has a vote on it
# The probability a category needs when a cue against it matched (a settlement for capital; a review, a
# buying guide or a shopping deal for every category): the taxonomy files those under none, and a few
# hundred labeled items teach a model too few of them to hold that line alone.
CONTRADICTED = 0.7
# The probability a category needs when no rule of it matched at all: the words alone must be sure. On the
# labeled items' folds no category was decided that way between 0.5 and 0.7 (the same scores at either),
# while on new text the words alone mislead ("Google to buy Wiz" read as infrastructure at 0.57).
MODEL_ALONE = 0.7


def rule_score(weights: list[float], against: float, *, context_factor: float = 1.0) -> float:
    """Strength of the rule evidence for one category from its matched subtopic weights."""
    if not weights:
        return 0.0
    ordered = sorted(weights, reverse=True)
    score = ordered[0] + EXTRA_SUBTOPIC_BONUS * (len(ordered) - 1)
    score -= against  # the matched against-cue's penalty from the category file, or 0
    score *= context_factor
    return round(max(0.0, min(score, 0.99)), 4)


def decide(
    category: str, rule: float, model: float | None, threshold: float, *, contradicted: bool = False
) -> CategoryResult | None:
    """The category's result, or None when the evidence is too weak. `model`: the classifier's probability,
    None when it has no vote on this category; `contradicted`: a cue against the category matched."""
    if model is None:
        if rule < RULES_ONLY:
            return None
        decided_by, score = "rule", rule
    else:
        need = max(threshold, CONTRADICTED) if contradicted else threshold
        if rule == 0:
            need = max(need, MODEL_ALONE)
        if model < need:
            return None
        decided_by, score = ("rule+model" if rule > 0 else "model"), model
    details = {"rule_score": rule, "model_score": None if model is None else round(model, 4)}
    return CategoryResult(category=category, score=round(min(score, 1.0), 4), decided_by=decided_by, evidence=details)
