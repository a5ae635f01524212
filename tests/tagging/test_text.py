"""Sentence boundaries of the composed text: the evidence sentence of every span comes from them."""

from __future__ import annotations

import random
import re

from pipeline.tagging import text as module
from pipeline.tagging.text import sentence_at


def test_sentence_boundaries_equal_those_of_the_lookbehind_pattern():
    # text.py's pattern starts at the punctuation so the engine can jump to it; the lookbehind form it
    # replaced is the reference: every sentence start and end must be the same.
    reference = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘'(])|\n+")
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice("aA.!? \n\"'”’)](U.S.X1“‘(") for _ in range(rng.randint(0, 16)))
        starts, ends = [0], []
        for match in reference.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        assert module._boundaries.__wrapped__(text) == (starts, ends), repr(text)


def test_the_one_set_pattern_matches_as_the_plain_one():
    # text.py scans with a pattern that opens with one character set (fast); SENTENCE_END_PLAIN says the same
    # matches in two branches: every match must start and end at the same place.
    rng = random.Random(11)
    samples = ['Nimbus Grid Co. buys 2 plants.\n\nIts U.S. arm said so! "Next" (maybe)?  Yes.\n']
    samples += [
        "".join(rng.choice("aA.!? \t\n\"'”’)](U.S.X1“‘(") for _ in range(rng.randint(0, 24))) for _ in range(30_000)
    ]
    for text in samples:
        fast = [m.span() for m in module._SENTENCE_END.finditer(text)]
        assert fast == [m.span() for m in module.SENTENCE_END_PLAIN.finditer(text)], repr(text)


def test_an_initial_does_not_end_a_sentence_and_a_newline_does():
    text = "U.S. Steel raises prices. Buyers balk!\nNext line"
    assert sentence_at(text, 0, 4) == "U.S. Steel raises prices."
    assert sentence_at(text, 26, 32) == "Buyers balk!"
    assert sentence_at(text, 40, 44) == "Next line"


def test_clean_gives_what_its_plain_version_gives():
    rng = random.Random(5)
    alphabet = "aZ9 .,<>&;#x/!\t\n\r\x00\x0b\x7f\u00a0\u200b\u2003\u3000\ufeff\ufffe\u0131é€”"
    samples = ["Nimbus Grid raises $40M  for  2 GW", "  spaced  out  ", "Q&amp;A with <b>Quill</b>", "\u00a0x"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20))) for _ in range(30_000)]
    for text in samples:
        assert module.clean(text) == module.clean_plain(text), repr(text)
