"""A store of N synthetic-but-realistic documents with signals, built fast for benchmarks.

Documents read like the trade press (an organization, a verb, an object, sometimes an amount) with a
long tail of rare words so full-text search sees both common and rare terms. Rows go in with bulk
inserts (executemany on SQLite, COPY on PostgreSQL) into a schema made by the real migrations; the
SQLite file is cached under var/bench/ keyed by N so a second run starts at once.

    from bench.store_builder import cached_sqlite_store, build_postgres_store
    url = cached_sqlite_store(100_000)
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.categories import CATEGORIES

BUILDER_VERSION = 1
SOURCES = (
    "techmeme",
    "nist-news",
    "the-register",
    "datacenter-dynamics",
    "reuters-tech",
    "bleepingcomputer",
    "ft-tech",
    "semianalysis",
    "krebs",
    "politico-tech",
    "hn-frontpage",
    "ars-technica",
)
ORGS = (
    "Nvidia",
    "Microsoft",
    "Google",
    "Amazon",
    "Meta",
    "OpenAI",
    "Anthropic",
    "TSMC",
    "Intel",
    "AMD",
    "Samsung",
    "SK Hynix",
    "Micron",
    "Oracle",
    "CoreWeave",
    "Equinix",
    "Digital Realty",
    "Cisco",
    "IBM",
    "Broadcom",
    "Arm",
    "Apple",
    "CISA",
    "NIST",
    "FTC",
    "European Commission",
    "CMA",
    "DOJ",
    "Mistral",
    "xAI",
    "Cloudflare",
    "CrowdStrike",
    "Palo Alto Networks",
    "Wiz",
    "Okta",
    "Snowflake",
    "Databricks",
    "Sequoia",
    "Andreessen Horowitz",
    "SoftBank",
    "BlackRock",
    "Freeport-McMoRan",
    "Glencore",
    "Rio Tinto",
)
# Headline words per category; a category without any here (a new one) is named by its key.
TOPICS = {
    "infrastructure": (
        "data center",
        "GPU cluster",
        "copper supply",
        "HBM memory",
        "power grid",
        "subsea cable",
        "cooling plant",
        "fab capacity",
        "rare earths",
        "cloud region",
    ),
    "capital": ("funding round", "acquisition", "IPO filing", "capex plan", "debt financing", "stake sale"),
    "security": ("zero-day", "ransomware attack", "supply-chain compromise", "data breach", "CVE", "spyware"),
    "demand": ("enterprise AI agents", "AI subscription", "assistant rollout", "AI revenue"),
    "policy": ("antitrust probe", "export controls", "AI Act rules", "court ruling", "chip tariffs"),
}
VERBS = ("announces", "expands", "warns of", "discloses", "plans", "secures", "faces", "delays", "unveils")
FILLER = (
    "the company said",
    "according to people familiar with the matter",
    "analysts expect",
    "in a filing",
    "the move follows",
    "executives told investors",
    "customers in Europe and Asia",
    "later this year",
)
_SYLLABLES = ("ka", "lo", "ve", "rin", "dex", "tor", "qua", "mir", "zel", "pho", "nyx", "bra", "sul", "tev")


@dataclass(frozen=True)
class Doc:
    id: int
    title: str
    summary: str
    body: str
    source_key: str
    published_at: datetime
    categories: tuple[str, ...]
    orgs: tuple[str, ...]
    amount: tuple[str, float] | None


def rare_words(count: int, rng: random.Random) -> list[str]:
    """Pronounceable made-up words; drawn with a Zipf-like skew, most occur only a handful of times."""
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))) for _ in range(count)]


def _topics(category: str) -> tuple[str, ...]:
    return TOPICS.get(category, (category,))


def generate(n_docs: int, *, seed: int = 7, end: datetime | None = None) -> Iterator[Doc]:
    rng = random.Random(seed)
    tail = rare_words(max(1000, n_docs // 20), rng)
    end = end or datetime(2026, 1, 15, tzinfo=UTC)
    span = timedelta(days=3 * 365).total_seconds()
    for i in range(1, n_docs + 1):
        # Ids roughly follow time, with jitter so id order is not publication order (late backfills).
        offset = span * (1 - i / n_docs) + rng.uniform(-36_000, 36_000)
        yield _doc(i, rng, tail, end - timedelta(seconds=max(0.0, offset)))


def _doc(i: int, rng: random.Random, tail: list[str], published: datetime) -> Doc:
    cats = tuple(rng.sample(CATEGORIES, rng.choice((0, 1, 1, 1, 2, 2, 3)))) if rng.random() < 0.8 else ()
    topic_cat = cats[0] if cats else rng.choice(CATEGORIES)
    orgs = tuple(rng.sample(ORGS, rng.choice((1, 1, 2, 3))))
    topic = rng.choice(_topics(topic_cat))
    amount = None
    if "capital" in cats or rng.random() < 0.1:
        value = round(rng.choice((1, 5, 20, 150, 900, 4000)) * rng.uniform(0.5, 2.0), 1)
        amount = (f"${value}M", value * 1e6)
    rare = tail[min(len(tail) - 1, int(rng.paretovariate(1.1)) * rng.randint(1, 40))]
    title = f"{orgs[0]} {rng.choice(VERBS)} {topic}" + (f" worth {amount[0]}" if amount else "")
    summary = f"{orgs[-1]} {rng.choice(VERBS)} {rng.choice(_topics(topic_cat))}; {rng.choice(FILLER)}."
    words = [rng.choice(FILLER) for _ in range(6)] + [rare, rng.choice(_topics(rng.choice(CATEGORIES)))]
    rng.shuffle(words)
    body = f"{title}. {summary} " + ", ".join(words) + "."
    return Doc(i, title, summary, body, rng.choice(SOURCES), published, cats, orgs, amount)


def _sqlite_ts(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _rows(docs: Iterator[Doc], stamp: datetime) -> Iterator[tuple[tuple, list[tuple], list[tuple]]]:
    for d in docs:
        doc = (
            d.id,
            f"https://example.test/{d.source_key}/{d.id}",
            f"https://example.test/{d.source_key}/{d.id}",
            d.title,
            d.summary,
            d.body,
            d.source_key.replace("-", " ").title(),
            d.source_key,
            d.published_at,
            stamp,
            stamp,
            f"{d.id:064x}",
            "en",
        )
        signals = [(d.id, c, 0.9, "rule", json.dumps({"sentences": [d.title]}), "bench-1", stamp) for c in d.categories]
        mentions = [(d.id, "org", o, o, None, None, d.title, "bench-1") for o in d.orgs]
        if d.amount:
            mentions.append((d.id, "amount", d.amount[0], None, d.amount[1], "USD", d.title, "bench-1"))
        yield doc, signals, mentions


_DOC_COLS = (
    "id, canonical_url, original_url, title, summary, body, publication, source_key, published_at, "
    "fetched_at, updated_at, content_hash, language"
)
_SIG_COLS = "document_id, category, score, decided_by, evidence, tagger_version, created_at"
_MEN_COLS = "document_id, kind, text, canonical, value, unit, sentence, tagger_version"


def build_sqlite_store(path: Path, n_docs: int, *, seed: int = 7, batch: int = 20_000) -> str:
    """Create `path` with the real schema and n_docs documents; returns its SQLAlchemy URL."""
    from models.db import get_engine, upgrade

    url = f"sqlite:///{path.resolve()}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    upgrade(url)
    get_engine(url).dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    # One FTS rebuild at the end is about twice as fast as indexing row by row through the trigger.
    (trigger_sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'document_fts_ai'").fetchone()
    conn.execute("DROP TRIGGER document_fts_ai")
    stamp = _sqlite_ts(datetime.now(UTC))
    for chunk in _chunks(_rows(generate(n_docs, seed=seed), stamp), batch):
        docs = [d[:8] + (_sqlite_ts(d[8]),) + d[9:] for d, _, _ in chunk]
        conn.executemany(
            f"INSERT INTO document ({_DOC_COLS}, date_is_fallback, extra) VALUES ({', '.join('?' * 13)}, 0, '{{}}')",
            docs,
        )
        conn.executemany(
            f"INSERT INTO signal ({_SIG_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)", [s for _, sigs, _ in chunk for s in sigs]
        )
        conn.executemany(
            f"INSERT INTO mention ({_MEN_COLS}, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{{}}')",
            [m for _, _, mens in chunk for m in mens],
        )
        conn.commit()
    conn.execute("INSERT INTO document_fts(document_fts) VALUES ('rebuild')")
    conn.execute(trigger_sql)
    conn.commit()
    conn.close()
    return url


def cached_sqlite_store(n_docs: int, root: Path = Path("var/bench")) -> str:
    """The SQLite store for n_docs, built once and reused (keyed by N and the builder version)."""
    path = root / f"store-v{BUILDER_VERSION}-{n_docs}.db"
    if path.exists():
        return f"sqlite:///{path.resolve()}"
    partial = path.with_suffix(".partial")
    build_sqlite_store(partial, n_docs)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    partial.rename(path)
    return f"sqlite:///{path.resolve()}"


def build_postgres_store(url: str, n_docs: int, *, seed: int = 7, batch: int = 20_000) -> str:
    """Load n_docs into the (empty, migrated) PostgreSQL store at url with COPY; returns url."""
    from models.db import get_engine, upgrade

    upgrade(url)
    engine = get_engine(url)
    stamp = datetime.now(UTC)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for chunk in _chunks(_rows(generate(n_docs, seed=seed), stamp), batch):
            _copy(cur, f"document ({_DOC_COLS}, date_is_fallback, extra)", [d + (False, "{}") for d, _, _ in chunk])
            _copy(cur, f"signal ({_SIG_COLS})", [s for _, sigs, _ in chunk for s in sigs])
            _copy(cur, f"mention ({_MEN_COLS}, extra)", [m + ("{}",) for _, _, mens in chunk for m in mens])
        cur.execute("SELECT setval(pg_get_serial_sequence('document', 'id'), (SELECT max(id) FROM document))")
        raw.commit()
        # Steady state, as autovacuum would leave it: statistics, and a visibility map for index-only scans.
        raw.driver_connection.autocommit = True
        for table in ("document", "signal", "mention"):
            cur.execute(f"VACUUM ANALYZE {table}")
    finally:
        raw.close()
    return url


def _copy(cur, target: str, rows: list[tuple]) -> None:
    with cur.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
