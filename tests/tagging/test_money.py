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
    ("Cloud access for $100,000 a year", "$100,000 a year", 100000.0, "USD", "year"),
    ("A $34 Million round for the robot maker", "$34 Million", 34e6, "USD", None),
    ("Samsung plans 3 trillion won of spending", "3 trillion won", 3e12, "KRW", None),
    ("It raised $900B+ in commitments", "$900B+", 900e9, "USD", None),
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


# The span is the whole money expression as docs/labeling.md writes it (section 11).
@pytest.mark.parametrize(
    ("text", "written"),
    [
        # hedges and bounds glued to the sign
        ("Brevio's sales reached ~$42.3M in the quarter", ["~$42.3M"]),
        ("Laptops now start in the high-$1,000s at most stores", ["high-$1,000s"]),
        ("The sub-$500 phone is gone from the lineup", ["sub-$500"]),
        ("Investors now value Quillo at $300B+ after the round", ["$300B+"]),
        ("A $2 billion-plus bid for Harrowgate", ["$2 billion-plus"]),
        # a spaced US sign and other dollar prefixes
        ("Startups of this kind need at least US $12 million", ["US $12 million"]),
        ("Critics call the US $2 trillion plan too small", ["$2 trillion"]),
        ("Foundry revenue hit NT$850 billion; Kairo raised CA$15M", ["NT$850 billion", "CA$15M"]),
        # rates and units are part of what is written
        ("The Pro plan runs $35 per month, or $300 a year", ["$35 per month", "$300 a year"]),
        ("Brent crude traded near $82 a barrel on Monday", ["$82 a barrel"]),
        ("The figurines sell for about $40 each online", ["$40 each"]),
        ("Output tokens cost $12 per million tokens on the new tier", ["$12 per million tokens"]),
        ("Seats are billed at $15/user/month", ["$15/user/month"]),
        # a discount is written with its "off"; a fall in value is not a discount
        ("The speaker is $129 ($70 off) at most retailers", ["$129", "$70 off"]),
        ("Grab $25 off at the company's store", ["$25 off"]),
        ("The sell-off wiped $90 billion off Corvane's market value", ["$90 billion"]),
        # a dated amount is not a rate
        ("Pellar raised $8 million a year ago and is back for more", ["$8 million"]),
        ("The service costs $9 each month", ["$9"]),
        # hyphenated and plural scales
        ("Northgate raised C$1.1-billion in new debt", ["C$1.1-billion"]),
        ("Bids came in the low-$10 billions", ["low-$10 billions"]),
    ],
)
def test_span_holds_the_whole_expression(text, written):
    assert [a.text for a in find_amounts(text)] == written


@pytest.mark.parametrize(
    ("text", "written", "value", "high"),
    [
        # one quantity's range is one amount
        ("Orlin expects $40 million to $45 million in revenue", ["$40 million to $45 million"], 40e6, 45e6),
        ("A raise of $5M-$8M is planned", ["$5M-$8M"], 5e6, 8e6),
        ("Subscriptions cost $10 to $30 per month", ["$10 to $30 per month"], 10.0, 30.0),
        # "from ... to" and "between ... to" give the two ends of a change, one amount each
        ("Fees rose from $10 to $15 per seat", ["$10", "$15 per seat"], 10.0, None),
        ("Its valuation jumped from roughly $2 billion to $6 billion", ["$2 billion", "$6 billion"], 2e9, None),
        ("Ketterly cut its outlook by $3 billion to $41 billion", ["$3 billion", "$41 billion"], 3e9, None),
        ("The stock rose $4 to $88 on the news", ["$4", "$88"], 4.0, None),
    ],
)
def test_ranges(text, written, value, high):
    found = find_amounts(text)
    assert [a.text for a in found] == written
    assert (found[0].value, found[0].high) == (pytest.approx(value), pytest.approx(high) if high else None)


@pytest.mark.parametrize(
    ("text", "written", "value", "currency"),
    [
        ("Chipmaker posts NT$1.2 trillion in sales", "NT$1.2 trillion", 1.2e12, "TWD"),
        ("Farmers earn about 12m won a month from the panels", "12m won a month", 12e6, "KRW"),
        ("The ministry set aside ₹8,000 crore for chips", "₹8,000 crore", 8e10, "INR"),
        ("Telcos pledge ₹1.5 lakh crore for 6G", "₹1.5 lakh crore", 1.5e12, "INR"),
        ("Zentro agreed a USD 40 million credit line", "USD 40 million", 40e6, "USD"),
        ("Lumio took a 2 bln euros loan", "2 bln euros", 2e9, "EUR"),
        ("Vendors earned 90 billion Taiwan dollars", "90 billion Taiwan dollars", 90e9, "TWD"),
        ("Exports rose by 4 million Australian dollars", "4 million Australian dollars", 4e6, "AUD"),
        ("Quaystone raised 7 million pounds from angels", "7 million pounds", 7e6, "GBP"),
        ("The startup landed A$9 million", "A$9 million", 9e6, "AUD"),
    ],
)
def test_currencies_and_scales(text, written, value, currency):
    (amount,) = find_amounts(text)
    assert (amount.text, amount.currency) == (written, currency)
    assert amount.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "A campaign to put a scientist on the £20 note gathers pace",
        "Police found $100 bills stuffed in a drawer",
        "The 12 pounds drone flies for an hour",
        "The squad 40,000 won over fans this year",
        "Give us $ and a break",
    ],
)
def test_more_things_that_are_not_money(text):
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # "financial" is not financing; spending and money given away are "other"
        ("Filings show the senator's assets top $40m", ["other"]),
        ("She spent $3,000 — half her ad budget — on one billboard", ["other"]),
        ("Crooks stole $9 million worth of tokens", ["other"]),
        # a word that only holds a cue is no cue: "around" is no round, "islands" no "lands"
        ("Tourism brings around $5 million to the islands", ["other"]),
        # a sale of assets, a price paid in cash, are deals
        ("Verden will sell off its patents for $12 million to a rival", ["deal"]),
        ("Hollis agreed to take over Marrow, best known for its fitness app, for $2.2 billion in cash", ["deal"]),
        # a loss is a result like revenue; a subscription is a price; "a target of" is a target
        ("It swung to profit after a $16 million loss a year earlier", ["revenue"]),
        ("The feature reaches users on the $30 Max subscription", ["price"]),
        ("On track for the year-end target of $50 million to $60 million", ["target"]),
        # a price before its discount is a price; a per-unit figure is never a company's valuation
        ("The headset sells for $199 ($50 off) at Brightmart", ["price", "price"]),
        ("Collectors say each card is worth about $80 apiece", ["other"]),
        # more general cues: an adjective "valued", a unicorn, a partnership, an order to pay, "starts at"
        ("Regulators probe the $4B valued startup Norrow", ["valuation"]),
        ("Fintech Paxel becomes a unicorn: it now hits $1.1B", ["valuation"]),
        ("Brightmoor and Tessa sign a $90 million partnership", ["deal"]),
        ("Two chipmakers form a $3 billion joint venture", ["deal"]),
        ("Lumatic was ordered to pay $14m for misleading buyers", ["fine"]),
        ("The base model now starts at $649.", ["price"]),
        ("Founders launch Corvid with $25 million in venture funding", ["raised"]),
        ("Glint's $18M Series A was led by Northwind Ventures", ["raised"]),
        # a cue after the amount counts on the amount's own line only: the summary does not describe the title
        ("Orrery tops $3B\nFundraising slowed for its rivals", ["other"]),
    ],
)
def test_more_roles(text, roles):
    assert [a.role for a in find_amounts(text)] == roles
