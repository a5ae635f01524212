"""Money amounts: exact spans as written and normalized values, and the things that are not money."""

from __future__ import annotations

import pytest

from pipeline.tagging.money import find_amounts

CASES = [
    ("Tutorly raises $12.5B in new funding", "$12.5B", 12.5e9, "USD", None),
    ("Airbus weighs a €7.8 billion order", "€7.8 billion", 7.8e9, "EUR", None),
    ("Kioxia will invest 1.5 trillion yen in a new fab", "1.5 trillion yen", 1.5e12, "JPY", None),
    ("The plan costs $99/month per team", "$99/month", 99.0, "USD", "month"),
    ("Heavy users sit on the $200-a-month tier", "$200-a-month", 200.0, "USD", "month"),
    ("The seed round brought in US$5M from angels", "US$5M", 5e6, "USD", None),
    ("The company was sold for $350M.", "$350M", 350e6, "USD", None),
    ("Regulator imposes a £520,000 penalty", "£520,000", 520000.0, "GBP", None),
    ("Offers reached up to $1bn for researchers", "$1bn", 1e9, "USD", None),
    ("The city saved 15 million euros in licences", "15 million euros", 15e6, "EUR", None),
    ("Cloud access for $100,000 a year", "$100,000", 100000.0, "USD", "year"),
    ("A $34 Million round for the robot maker", "$34 Million", 34e6, "USD", None),
    ("Samsung plans 3 trillion won of spending", "3 trillion won", 3e12, "KRW", None),
    ("It raised $900B+ in commitments", "$900B", 900e9, "USD", None),
]


@pytest.mark.parametrize(("text", "written", "value", "currency", "period"), CASES)
def test_amount_is_found_as_written_and_normalized(text, written, value, currency, period):
    amounts = find_amounts(text)
    assert [a.text for a in amounts] == [written]
    assert amounts[0].value == pytest.approx(value)
    assert (amounts[0].currency, amounts[0].period) == (currency, period)


@pytest.mark.parametrize(
    "text",
    [
        "Carriers expand 5G coverage",
        "Windows 11 gets a new start menu",
        "Traders bid $NVDA higher",
        "The iPhone 17 has 12GB of RAM",
        "Who won 3 games in a row?",
        "Item ¥3 on the list",
    ],
)
def test_no_false_amounts(text):
    assert find_amounts(text) == []


def test_range_keeps_both_ends():
    (amount,) = find_amounts("a round of $5-10 million")
    assert (amount.text, amount.value, amount.high) == ("$5-10 million", 5e6, 10e6)


def test_two_amounts_in_a_to_range_are_two_spans():
    assert [a.text for a in find_amounts("between $5 million to $10 million")] == ["$5 million", "$10 million"]


def test_qualifier_and_role_come_from_the_words_around():
    text = "Fluxgrid raised $40 million at a $1.2 billion valuation, and offers of up to $2 million."
    raised, valuation, offer = find_amounts(text)
    assert raised.role == "raised"
    assert valuation.role == "valuation"
    assert offer.qualifier == "up_to"


def test_fine_role_and_sentence():
    (amount,) = find_amounts("New rules land.\nThe firm will pay $75 million to settle the case. Shares rose.")
    assert amount.role == "fine"
    assert amount.sentence == "The firm will pay $75 million to settle the case."


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Korvell raised $2 billion toward a $5 billion goal", ["raised", "target"]),
        ("Talvi is in talks to raise another $300 million", ["target"]),
        ("Nimbra will invest $40 billion in data centers through 2028", ["target"]),
        ("Ostrand agreed to buy Pellucid for $1.2 billion in cash", ["deal"]),
        ("Ostrand reports revenue of $7.1B, vs. $6.9B est.", ["revenue", "revenue"]),
        ("The ChipCo board approved $25 billion in capex for 2027", ["target"]),
        ("Its new laptop is priced at $1,299", ["price"]),
        ("Thieves stole $4 million in crypto from the exchange", ["other"]),
        ("Once a $4 billion apparel brand, it now sells GPUs", ["other"]),
        ("Vellum sues Kestrel for $380 million over a breach", ["fine"]),
    ],
)
def test_each_amount_takes_the_role_of_its_nearest_cue(text, roles):
    from core.amount_roles import AMOUNT_ROLES

    found = find_amounts(text)
    assert [a.role for a in found] == roles
    assert all(a.role in AMOUNT_ROLES for a in found)
