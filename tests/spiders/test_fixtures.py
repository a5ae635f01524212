"""The recorded sources on disk and the cases of cases.py agree, and each recorded file is stored once.

A fixture recorded but listed in no case would never be crawled by the spider test; a case naming a file that
is not there would fail only when served. Both are caught here, before any crawl.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from tests.spiders.cases import CASES
from tests.support.recorded import FIXTURES, SHIPPED, recorded

EXPECTED = ".expected.json"
NOT_SERVED = {"README.md"}


def _served_names() -> set[str]:
    return {name for case in CASES for _path, name, _type in case.files}


def test_every_case_has_its_files_and_its_expected_items():
    missing = [(case.slug, name) for case in CASES for _path, name, _type in case.files if not recorded(name).is_file()]
    assert missing == []
    assert [case.slug for case in CASES if not case.expected_file.is_file()] == []


def test_every_recorded_file_and_expected_file_belongs_to_a_case():
    on_disk = {path.name for path in FIXTURES.iterdir() if path.is_file()} - NOT_SERVED
    expected = {name for name in on_disk if name.endswith(EXPECTED)}
    assert sorted(on_disk - expected - _served_names()) == [], "recorded here but served by no case in cases.py"
    assert sorted(expected - {case.expected_file.name for case in CASES}) == [], "expected items of no case"


def test_slugs_are_unique():
    slugs = [case.slug for case in CASES]
    assert len(slugs) == len(set(slugs))


def test_each_recorded_file_is_stored_once():
    by_digest = defaultdict(list)
    for folder in (FIXTURES, SHIPPED):
        for path in folder.iterdir():
            if path.is_file() and path.name not in NOT_SERVED:
                by_digest[hashlib.sha256(path.read_bytes()).hexdigest()].append(path.name)
    assert [names for names in by_digest.values() if len(names) > 1] == []
    shadowed = {p.name for p in FIXTURES.iterdir()} & {p.name for p in SHIPPED.iterdir()}
    assert shadowed == set(), "a fixture under the name of a copy the demo ships would never be read"
