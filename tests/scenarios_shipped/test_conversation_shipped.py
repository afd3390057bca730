"""Every shipped person answers what was said, remembers it, and lets only real skill resolve the crisis (issue 11).

The content-free transcripts here are built from each scenario's public surface only
(its best referral, its offered actions, its own fact words for keyword stuffing) and
never from its skilled playthrough: kind words, buttons, waiting and name-dropping must
not be enough to resolve the crisis. The skilled path is each scenario's own embedded
playthrough that reaches voluntary help.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from simulator import events as ev
from simulator.catalog import scenario_files
from simulator.scenario.conversation import common_topics
from simulator.scenario.loader import load_scenario
from simulator.script import parse_script, result, run_script

FILES = scenario_files()
MIN_TOPICS = 25

GENERIC = [
    "hi i'm officer ruiz i'm here to help",
    "it sounds like you're really scared right now",
    "take your time there's no rush",
    "that makes sense anyone would feel that way",
    "i'm here to listen",
    "it sounds like you're going through a lot",
    "you're not in trouble",
    "that sounds really hard",
    "i can hear how upset you are",
    "we can take this slowly",
    "you're doing really well talking to me",
    "it seems like this has been building for a while",
    "i understand",
    "i'm not going anywhere",
    "what would help right now",
    "that must be really difficult",
    "it's okay to feel this way",
]


def _scenario(path: Path):
    s, diags = load_scenario(path)
    assert s is not None, "\n".join(map(str, diags))
    return s


def _best(s) -> str:
    return next(r for r, ref in s.referrals.items() if ref.rating == "best")


def _content_free(s) -> dict[str, list[str]]:
    best = f"/refer {_best(s)}"
    stuffing_words = [m for f in s.facts.values() if not f.known for m in f.mentions[:1]]
    stuffed = [" ".join(chunk) for chunk in itertools.zip_longest(*[iter(stuffing_words)] * 4, fillvalue="")]
    actions = [f"/{a}" for a in ("step_back", "hands_visible", "sit_down", "call_mobile_crisis") if a in s.actions]
    return {
        "generic_empathy_then_best_referral": [*GENERIC, best, *GENERIC[:8], best, *GENERIC[8:], best],
        "keyword_stuffing": [GENERIC[0], *[f"{w} {w}" for w in stuffed] * 3, best, *stuffed, best],
        "actions_only": [*actions, *["/step_back", "/hands_visible", "/sit_down"] * 4, best, "/wait 30", best],
        "wait_then_refer": [GENERIC[0], *["/wait 60"] * 12, best, "/wait 60", best],
    }


def _conversational():
    return [p for p in FILES if _scenario(p).conversational]


CONV_FILES = _conversational()


def test_every_shipped_scenario_is_schema_2():
    """All six people hold a conversation (a schema-1 scenario cannot teach active listening)."""
    assert [p.stem for p in FILES if p not in CONV_FILES] == []


@pytest.mark.parametrize("path", CONV_FILES, ids=lambda p: p.stem)
def test_every_person_answers_every_common_topic_and_has_enough_topics(path: Path):
    s = _scenario(path)
    assert set(common_topics()) <= set(s.topics)
    assert len(s.topics) >= MIN_TOPICS
    for t in s.topics.values():
        assert len(t.phrasings) >= 6, t.id
        assert t.answers


@pytest.mark.parametrize("path", CONV_FILES, ids=lambda p: p.stem)
def test_content_free_play_never_resolves_the_crisis(path: Path):
    s = _scenario(path)
    for name, script in _content_free(s).items():
        for seed in (1, 2, 3):
            out = result(run_script(s, parse_script("\n".join(script), name), seed=seed))
            outcome = out["ending"]["outcome"] if out["ending"] else None
            assert outcome != "voluntary_help", (name, seed)
            assert out["scores"]["overall"] < 70, (name, seed, out["scores"])


@pytest.mark.parametrize("path", CONV_FILES, ids=lambda p: p.stem)
def test_skilled_play_that_uses_the_content_resolves_it_on_every_seed(path: Path):
    s = _scenario(path)
    skilled = [p for p in s.playthroughs if p.expect_outcome == "voluntary_help"
               or (p.expect_ending and s.endings[p.expect_ending].outcome == "voluntary_help")]
    assert skilled
    for pt in skilled:
        for seed in (pt.seed, pt.seed + 1, pt.seed + 2):
            session = run_script(s, parse_script("\n".join(pt.script), pt.id), seed=seed)
            assert session.ending and s.endings[session.ending].outcome == "voluntary_help", (pt.id, seed, session.ending)


@pytest.mark.parametrize("path", CONV_FILES, ids=lambda p: p.stem)
def test_no_person_line_twice_in_a_row_in_any_playthrough(path: Path):
    s = _scenario(path)
    for pt in s.playthroughs:
        session = run_script(s, parse_script("\n".join(pt.script), pt.id), seed=pt.seed)
        said = [e.data["line"] for e in session.events if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
        assert all(a != b for a, b in itertools.pairwise(said)), (pt.id, said)


@pytest.mark.parametrize("path", CONV_FILES, ids=lambda p: p.stem)
def test_a_fact_question_after_a_respectful_opening_is_answered_on_topic(path: Path):
    """Each common topic, asked in one of its own phrasings after a respectful opening, gets an answer to that topic."""
    s = _scenario(path)
    misses = []
    for tid in common_topics():
        phrasing = s.topics[tid].phrasings[0]
        session = run_script(s, parse_script("\n".join(["hi i'm officer ruiz i'm here to help", "/step_back", phrasing]), tid), seed=3)
        last_turn = [e for e in session.events if e.type == ev.PERSON_SAID and e.turn == session.turn]
        if not any(e.data.get("topic") == tid for e in last_turn):
            misses.append((tid, phrasing))
    assert misses == []
