"""The optional LLM writer against a real loopback server: cited lines or the extractive fallback."""

from __future__ import annotations

import pytest

from pipeline.briefing import render_markdown
from pipeline.briefing.contracts import MinuteLine, Story
from pipeline.briefing.llm import LLMWriter
from pipeline.settings import Settings
from tests.briefing.chat_server import ChatScript, ChatServer
from tests.briefing.conftest import DAY2, build

STORIES = [
    Story(
        id=f"story{n}",
        title=title,
        categories=["security"],
        sources=[{"url": f"https://example.com/{n}", "publication": "Wire"}],
    )
    for n, title in enumerate(["Halvard Gateway flaw exploited", "Northwind raises $1.2B", "HBM sold out"], start=1)
]
GOOD = (
    "Attackers are exploiting a Halvard Gateway flaw [S1].\n"
    "Northwind raised $1.2B for a Texas campus [S2][S3].\n"
    "Memory for AI accelerators is sold out [S3]."
)


@pytest.fixture
def chat():
    script = ChatScript(content=GOOD)
    with ChatServer(script) as server:
        yield script, server


def _writer(tmp_path, server, **kw) -> LLMWriter:
    settings = Settings(home=tmp_path, llm_enabled=True, llm_url=server.base, llm_key="sk-test", **kw)
    return LLMWriter(settings, timeout=kw.pop("timeout", 5.0))


def test_a_good_answer_becomes_cited_lines(tmp_path, chat):
    script, server = chat
    lines = _writer(tmp_path, server).write_minute(STORIES)
    assert lines == [
        MinuteLine(text="Attackers are exploiting a Halvard Gateway flaw.", story_ids=["story1"]),
        MinuteLine(text="Northwind raised $1.2B for a Texas campus.", story_ids=["story2", "story3"]),
        MinuteLine(text="Memory for AI accelerators is sold out.", story_ids=["story3"]),
    ]
    headers, path, body = script.requests[0]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer sk-test"
    assert "[S2] (security; 1 sources) Northwind raises $1.2B." in body["messages"][1]["content"]


def test_a_sentence_citing_no_story_is_dropped(tmp_path, chat):
    script, server = chat
    script.content = "Halvard is patching [S1]. Markets are nervous. A made-up story [S9].\nNo citation here either."
    lines = _writer(tmp_path, server).write_minute(STORIES)
    assert lines == [MinuteLine(text="Halvard is patching.", story_ids=["story1"])]


@pytest.mark.parametrize("status", [500, 429])
def test_a_server_error_falls_back(tmp_path, chat, status):
    script, server = chat
    script.status = status
    writer = _writer(tmp_path, server)
    assert writer.write_minute(STORIES) is None
    assert f"HTTP {status}" in writer.last_error


def test_a_timeout_falls_back(tmp_path, chat):
    script, server = chat
    script.delay = 2.0
    writer = LLMWriter(Settings(home=tmp_path, llm_enabled=True, llm_url=server.base), timeout=0.3)
    assert writer.write_minute(STORIES) is None
    assert "Timeout" in writer.last_error


def test_an_exceeded_budget_makes_no_request(tmp_path, chat):
    script, server = chat
    writer = _writer(tmp_path, server, llm_token_budget=100)
    assert writer.write_minute(STORIES) is None
    assert "token budget 100" in writer.last_error and script.requests == []


def test_the_budget_is_spent_across_calls_of_one_run(tmp_path, chat):
    script, server = chat
    script.total_tokens = 900
    writer = _writer(tmp_path, server, llm_token_budget=1000)
    assert writer.write_minute(STORIES) is not None
    assert writer.write_minute(STORIES[:2]) is None  # a different prompt: not cached, and 900 of 1000 are spent
    assert len(script.requests) == 1


def test_answers_are_cached_on_disk(tmp_path, chat):
    script, server = chat
    first = _writer(tmp_path, server).write_minute(STORIES)
    second = _writer(tmp_path, server).write_minute(STORIES)
    assert first == second and len(script.requests) == 1
    assert list((tmp_path / "cache" / "llm").glob("*.json"))


def test_build_uses_the_llm_lines_and_links_them(seeded, chat):
    script, server = chat
    script.content = "An exploited Halvard flaw leads a busy security day [S1]."
    seeded.llm_enabled, seeded.llm_url = True, server.base
    briefing = build(seeded, DAY2)
    assert briefing.minute_writer == "llm"
    assert briefing.minute[0].story_ids == [briefing.stories[0].id]
    markdown = render_markdown(briefing)
    lead = briefing.stories[0].lead
    assert f"- An exploited Halvard flaw leads a busy security day. ([{lead.publication}]({lead.url}))" in markdown
    # The other two lines are topped up from the stories' own headlines.
    assert markdown.split("## The day in one minute", 1)[1].split("\n## ", 1)[0].count("\n- ") == 3


def test_build_falls_back_on_failure_and_kill_switch_stops_calls(seeded, chat):
    script, server = chat
    script.status = 500
    seeded.llm_enabled, seeded.llm_url = True, server.base
    assert build(seeded, DAY2).minute_writer == "extractive"
    hits = len(script.requests)
    seeded.llm_enabled = False
    assert build(seeded, DAY2).minute_writer == "extractive"
    assert len(script.requests) == hits == 1
