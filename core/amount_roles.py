"""The roles a money amount plays in a story: the one list the tagger, the labeled data, the briefing, the
email and the archive read.

An amount without its role misleads: "$2B raised toward a $5B goal, part of a $20B plan" is three different
things, and a company's five-year-old listing value is not money moving today. So every amount is shown
with its role, and amounts are summed or compared only within one role. `moves_money`: the roles whose
amount is money changing hands or committed now, the only ones that give a story its magnitude in ranking.
It imports nothing of ours, so every stage can read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AmountRole:
    key: str
    label: str  # how the role is written beside an amount: "$2 billion (raised)"
    moves_money: bool


REGISTRY: tuple[AmountRole, ...] = (
    AmountRole("raised", "raised", True),
    AmountRole("valuation", "valuation", False),
    AmountRole("target", "target or commitment", True),
    AmountRole("revenue", "revenue", False),
    AmountRole("price", "price", False),
    AmountRole("fine", "fine or damages", True),
    AmountRole("deal", "deal value", True),
    AmountRole("other", "amount", False),
)
AMOUNT_ROLES: tuple[str, ...] = tuple(role.key for role in REGISTRY)
BY_KEY: dict[str, AmountRole] = {role.key: role for role in REGISTRY}
OTHER = "other"


def role_of(key: str | None) -> AmountRole:
    """The role for a stored key; an absent or unknown one (written by an older tagger) is "other"."""
    return BY_KEY.get(key or OTHER, BY_KEY[OTHER])


def with_role(text: str, key: str | None) -> str:
    """An amount as shown anywhere: "$2 billion (raised)"; "other" is shown bare, it says nothing."""
    role = role_of(key)
    return text if role.key == OTHER else f"{text} ({role.label})"
