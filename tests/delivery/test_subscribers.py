"""Subscribers in the store (SQLite and PostgreSQL): add, list, remove, preferences, unsubscribe."""

from __future__ import annotations

import pytest

from core.errors import InputError
from models import session_scope
from pipeline.delivery.subscribers import (
    add_subscriber,
    list_subscribers,
    remove_subscriber,
    set_preferences,
    unsubscribe,
)


def test_add_normalizes_and_validates(db_url):
    with session_scope(db_url) as session:
        sub = add_subscriber(
            session,
            "  Ana@Example.COM ",
            name="Ana\r\nBcc: x",
            categories="Security, capital",
            watchlist="Nvidia, TSMC, nvidia ,",
        )
        token = sub.token
    with session_scope(db_url) as session:
        [stored] = list_subscribers(session)
    assert stored.email == "ana@example.com"
    assert stored.name == "Ana Bcc: x"
    assert stored.categories == ["capital", "security"]
    assert stored.watchlist == ["Nvidia", "TSMC"]
    assert stored.active and stored.token == token and len(token) >= 40


@pytest.mark.parametrize(
    "email",
    [
        "",
        "ana",
        "ana@",
        "@example.com",
        "ana@example",
        "a b@example.com",
        "ana@example..com",
        "ana@exa_mple.com",
        "ana@example.com\r\nBcc: x",
    ],
)
def test_bad_addresses_are_refused_with_the_address_named(db_url, email):
    with session_scope(db_url) as session, pytest.raises(InputError, match="not a valid email"):
        add_subscriber(session, email)


def test_unknown_category_names_the_valid_ones(db_url):
    with session_scope(db_url) as session, pytest.raises(InputError) as caught:
        add_subscriber(session, "ana@example.com", categories="security,crypto")
    assert "crypto" in str(caught.value) and "infrastructure" in str(caught.value)


def test_each_subscriber_gets_a_different_token(db_url):
    with session_scope(db_url) as session:
        tokens = {add_subscriber(session, f"r{i}@example.com").token for i in range(5)}
    assert len(tokens) == 5


def test_a_second_subscription_is_refused_but_an_unsubscribed_one_comes_back(db_url):
    with session_scope(db_url) as session:
        token = add_subscriber(session, "ana@example.com").token
    with session_scope(db_url) as session, pytest.raises(InputError, match="already subscribed"):
        add_subscriber(session, "ANA@example.com")
    with session_scope(db_url) as session:
        unsubscribe(session, token)
    with session_scope(db_url) as session:
        assert list_subscribers(session) == []
        assert [s.active for s in list_subscribers(session, include_inactive=True)] == [False]
        back = add_subscriber(session, "ana@example.com", categories=["policy"])
    assert back.active and back.token == token and back.categories == ["policy"]


def test_preferences_change_only_what_is_given(db_url):
    with session_scope(db_url) as session:
        token = add_subscriber(session, "ana@example.com", name="Ana", categories="security", watchlist="Nvidia").token
    with session_scope(db_url) as session:
        set_preferences(session, token, categories=["demand", "policy"])
    with session_scope(db_url) as session:
        [sub] = list_subscribers(session)
    assert (sub.name, sub.categories, sub.watchlist) == ("Ana", ["demand", "policy"], ["Nvidia"])
    with session_scope(db_url) as session:
        set_preferences(session, token, categories=[], watchlist="")
    with session_scope(db_url) as session:
        [sub] = list_subscribers(session)
    assert (sub.categories, sub.watchlist) == ([], [])


def test_unknown_token_is_a_clear_error(db_url):
    with session_scope(db_url) as session, pytest.raises(InputError, match="token"):
        unsubscribe(session, "nope")
    with session_scope(db_url) as session, pytest.raises(InputError, match="token"):
        set_preferences(session, "", categories=["security"])


def test_remove_deletes_and_unknown_remove_is_an_error(db_url):
    with session_scope(db_url) as session:
        add_subscriber(session, "ana@example.com")
        add_subscriber(session, "bo@example.com")
    with session_scope(db_url) as session:
        remove_subscriber(session, "Ana@example.com")
    with session_scope(db_url) as session:
        assert [s.email for s in list_subscribers(session, include_inactive=True)] == ["bo@example.com"]
        with pytest.raises(InputError, match="no such subscriber"):
            remove_subscriber(session, "ana@example.com")


def test_names_and_watchlists_lose_every_control_and_keep_their_order(db_url):
    with session_scope(db_url) as session:
        add_subscriber(
            session,
            "ana@example.com",
            name="Ana\x1b[2J\u2028Müller\x85\x9b",
            watchlist=["TSMC", "Nvidia\x1b]0;pwned\x07", "tsmc", "ASML\u2029", "nvidia\x1b]0;pwned\x07"],
        )
    with session_scope(db_url) as session:
        [sub] = list_subscribers(session)
    assert sub.name == "Ana [2J Müller"
    assert sub.watchlist == ["TSMC", "Nvidia ]0;pwned", "ASML"]


@pytest.mark.parametrize(
    "field, choices",
    [
        ("name", {"name": "=?utf-8?b?DQpCY2M6IHhAZXZpbC5leGFtcGxl?="}),
        ("name", {"name": "x" * 101}),
        ("watchlist", {"watchlist": ["Nvidia", "=?utf-8?q?x?="]}),
        ("watchlist", {"watchlist": ["y" * 101]}),
        ("watchlist", {"watchlist": [f"Org {i}" for i in range(51)]}),
        ("categories", {"categories": ["security", "crypto\x1b[31m"]}),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_change_nothing(db_url, field, choices):
    with session_scope(db_url) as session:
        token = add_subscriber(session, "ana@example.com", name="Ana", watchlist="TSMC").token
    with session_scope(db_url) as session, pytest.raises(InputError) as caught:
        set_preferences(session, token, **choices)
    assert str(caught.value).startswith(f"{field}: ") and "\x1b" not in str(caught.value)
    with session_scope(db_url) as session, pytest.raises(InputError, match=f"^{field}: "):
        add_subscriber(session, "bo@example.com", **choices)
    with session_scope(db_url) as session:
        [sub] = list_subscribers(session)
    assert (sub.name, sub.watchlist) == ("Ana", ["TSMC"])
