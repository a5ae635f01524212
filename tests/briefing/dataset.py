"""A two-day fixture store: 2026-04-14 and 2026-04-15 (UTC), invented items in real feeds' style (see README)."""

from __future__ import annotations

from tests.support.builders import crawl, document, source, tag

DAY1, DAY2 = "2026-04-14", "2026-04-15"
SOURCES = {
    "techcrunch": "press",
    "datacenterdynamics": "press",
    "techmeme": "aggregator",
    "cisa-advisories": "primary",
    "securityweek": "press",
    "bleepingcomputer": "press",
    "theregister": "press",
    "ieee-spectrum": "press",
    "hn": "community",
}


def seed_sources(session) -> None:
    for key, tier in SOURCES.items():
        source(session, key, tier=tier)


def seed_day1(session) -> None:
    tag(
        session,
        document(
            session,
            url="https://techcrunch.com/2026/04/14/northwind-compute-talks-1b-round/",
            title="Northwind Compute in talks to raise $1B for Texas AI campus",
            summary="GPU cloud startup Northwind Compute is in talks to raise about $1 billion to fund an AI data "
            "center campus in Texas, according to people familiar with the matter.",
            publication="TechCrunch",
            source="techcrunch",
            published="2026-04-14T15:00",
        ),
        "capital",
        "infrastructure",
        orgs=["Northwind Compute"],
        amounts=[("$1 billion", 1e9, "USD")],
    )
    tag(
        session,
        document(
            session,
            url="https://www.theregister.com/2026/04/14/eu_kestrel_cloud_probe/",
            title="EU opens antitrust probe into Kestrel Cloud's bundling of AI services",
            summary="The European Commission has opened a formal investigation into whether Kestrel Cloud ties its "
            "AI model hosting to its compute contracts.",
            publication="The Register",
            source="theregister",
            published="2026-04-14T10:00",
        ),
        "policy",
        orgs=["European Commission", "Kestrel Cloud"],
    )
    crawl(session, "techcrunch", run_id="run-d1", items=20, started="2026-04-14T06:00")
    crawl(session, "theregister", run_id="run-d1", items=30, started="2026-04-14T06:00")


def seed_day2(session) -> None:
    _northwind_round(session)
    _other_stories(session)
    document(
        session,
        url="https://www.theverge.com/reviews/best-mechanical-keyboards-2026",
        title="The best mechanical keyboards for programmers",
        summary="Our picks after three months of typing.",
        publication="The Verge",
        source="theverge",
        published="2026-04-15T12:00",
    )
    for key, status, items in (
        ("techcrunch", "ok", 20),
        ("datacenterdynamics", "ok", 15),
        ("techmeme", "ok", 40),
        ("cisa-advisories", "ok", 10),
        ("securityweek", "failed", 0),
        ("theregister", "ok", 30),
    ):
        crawl(
            session,
            key,
            status,
            run_id="run-d2",
            items=items,
            started="2026-04-15T06:00",
            messages=[{"level": "error", "message": "HTTP 503 from feed"}] if status == "failed" else [],
        )


def _northwind_round(session) -> None:
    """One event, three outlets: the press, a trade title, and Techmeme's cluster with its More: list."""
    round_ = dict(
        orgs=["Northwind Compute", "Crestline Capital"],
        amounts=[("$1.2 billion", 1.2e9, "USD")],
        measures=[("500MW", 500, "MW")],
    )
    tag(
        session,
        document(
            session,
            url="https://techcrunch.com/2026/04/15/northwind-compute-raises-1-2b-series-c/",
            title="Northwind Compute raises $1.2B Series C to build a 500MW AI campus in Texas",
            summary="The GPU cloud startup said the round, led by Crestline Capital, will fund a 500-megawatt campus "
            "near Abilene. Construction starts this summer, with the first halls due in 2027.",
            publication="TechCrunch",
            source="techcrunch",
            published="2026-04-15T13:05",
        ),
        "capital",
        "infrastructure",
        score=0.92,
        **round_,
    )
    tag(
        session,
        document(
            session,
            url="https://www.datacenterdynamics.com/en/news/northwind-lands-12bn-for-abilene-campus/",
            title="Northwind lands $1.2bn for Abilene AI data center campus",
            summary="Northwind Compute has closed a $1.2 billion funding round to finance the first phase of a "
            "500MW data center campus in Abilene, Texas, powered by an on-site gas plant.",
            publication="DatacenterDynamics",
            source="datacenterdynamics",
            published="2026-04-15T14:20",
        ),
        "infrastructure",
        "capital",
        score=0.88,
        **round_,
    )
    tag(
        session,
        document(
            session,
            url="https://www.bloomberg.com/news/articles/2026-04-15/northwind-compute-series-c",
            title="Northwind Compute, which rents GPUs to AI labs, raises a $1.2B Series C led by Crestline Capital",
            summary="Northwind Compute raised $1.2 billion in a round led by Crestline Capital.",
            publication="Bloomberg",
            source="techmeme",
            published="2026-04-15T13:40",
            extra={
                "cluster": "260415p12",
                "permalink": "https://www.techmeme.com/260415/p12#a260415p12",
                "related_outlets": ["TechCrunch", "DatacenterDynamics", "The Information", "Reuters"],
            },
        ),
        "capital",
        score=0.9,
        **round_,
    )


def _other_stories(session) -> None:
    _security_stories(session)
    _market_stories(session)


def _security_stories(session) -> None:
    tag(
        session,
        document(
            session,
            url="https://www.bleepingcomputer.com/news/security/northwind-compute-console-breach-exposes-api-keys/",
            title="Northwind Compute discloses breach of customer console, API keys exposed",
            summary="Northwind Compute is telling customers to rotate API keys after attackers accessed its web "
            "console through a compromised support account.",
            publication="BleepingComputer",
            source="bleepingcomputer",
            published="2026-04-15T16:10",
        ),
        "security",
        score=0.95,
        orgs=["Northwind Compute"],
    )
    cve = dict(orgs=["Halvard Systems", "CISA"], measures=[("CVE-2026-21345", 1, "CVE"), ("CVSS 9.8", 9.8, "CVSS")])
    tag(
        session,
        document(
            session,
            url="https://www.cisa.gov/news-events/alerts/2026/04/15/cisa-adds-one-known-exploited-vulnerability",
            title="CISA Adds Halvard Gateway Flaw CVE-2026-21345 to Known Exploited Vulnerabilities Catalog",
            summary="CISA has added one vulnerability to its KEV catalog, based on evidence of active exploitation: "
            "CVE-2026-21345, a Halvard Systems Gateway authentication bypass.",
            publication="CISA",
            source="cisa-advisories",
            published="2026-04-15T17:00",
        ),
        "security",
        score=0.97,
        **cve,
    )
    tag(
        session,
        document(
            session,
            url="https://www.securityweek.com/halvard-patches-exploited-gateway-zero-day/",
            title="Halvard patches exploited Gateway zero-day CVE-2026-21345",
            summary="Halvard Systems released fixes for an authentication bypass in its Gateway appliances that "
            "attackers have exploited since early April.",
            publication="SecurityWeek",
            source="securityweek",
            published="2026-04-15T18:30",
        ),
        "security",
        score=0.93,
        **cve,
    )


def _market_stories(session) -> None:
    tag(
        session,
        document(
            session,
            url="https://techcrunch.com/2026/04/15/halvard-ai-security-copilot-pricing/",
            title="Halvard prices its AI security copilot at $30 per user per month",
            summary="Halvard Systems will sell its Sentinel copilot to enterprise customers at $30 per user per month "
            "from May, with usage caps on the base plan.",
            publication="TechCrunch",
            source="techcrunch",
            published="2026-04-15T11:00",
        ),
        "demand",
        "security",
        score=0.8,
        orgs=["Halvard Systems"],
        amounts=[("$30 per user per month", 30, "USD", "month")],
    )
    tag(
        session,
        document(
            session,
            url="https://spectrum.ieee.org/hbm-supply-sold-out-2027",
            title="Memory makers say HBM supply is sold out through 2027",
            summary="Orlin Memory and two rivals told investors that high-bandwidth memory output is fully booked "
            "for two years, as AI accelerator demand outruns new fab capacity.",
            publication="IEEE Spectrum",
            source="ieee-spectrum",
            published="2026-04-15T09:00",
        ),
        "infrastructure",
        score=0.85,
        orgs=["Orlin Memory"],
    )
    tag(
        session,
        document(
            session,
            url="https://www.theregister.com/2026/04/15/kestrel_cloud_eu_probe/",
            title="Kestrel Cloud faces EU antitrust probe over AI bundling",
            summary="The European Commission is investigating whether Kestrel Cloud ties its AI model hosting to "
            "its compute contracts.",
            publication="The Register",
            source="theregister",
            published="2026-04-15T08:00",
        ),
        "policy",
        score=0.86,
        orgs=["European Commission", "Kestrel Cloud"],
    )
