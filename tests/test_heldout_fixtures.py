"""The held-out evaluation sets stay well-formed: every label is a real id, every set keeps the
shape its issue asks for, and every gaming transcript is a playable script.

These tests check the files' form only, never what the program makes of them: the sets are
for measuring, and nothing may be tuned against them (tests/fixtures/heldout/README.md).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from simulator.inputs import Refer
from simulator.script import parse_script
from simulator.vocabulary import ESCALATING, NEUTRAL, REFERRALS, SUPPORTIVE, TECHNIQUES

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[1] / "scenarios").glob("*.yaml"))
# The common topics of ../shared/TECHNIQUES.md (version 2), which every shipped person answers.
COMMON_TOPICS = {
    "name", "how_are_you", "what_happened", "injuries", "weapons", "substances", "medication", "sleep",
    "food_water", "family_friends", "home", "where_going", "what_would_help", "call_someone",
    "temperature", "orientation", "officer",
}
CATEGORIES = {
    "affirmation", "caring_commitment", "worry_with_limit", "sarcasm_mock_agreement", "explore_delusion",
    "argue_delusion", "cant_see_but_believe", "substance_injury_medication_question", "real_suicide_question",
    "guilt_lever_reasons_to_live", "roadblock", "threat_as_choice", "id_demand_order_without_now",
    "polite_hedged_order", "own_next_move", "apology_repair", "long_rambling", "other_language",
}
GAMING_FILES = {
    "generic_best_referral.txt", "keyword_stuffing.txt", "parroting_same_line.txt", "parroting_mm_hmm.txt",
    "wait_then_refer.txt", "actions_only.txt", "no_suicide_question.txt", "substance_instead_of_suicide.txt",
    "skilled_content.txt", "slip_and_repair.txt",
}
# Recogniser output: lower case and no punctuation (apostrophes and hyphens may stay).
ASR_FORBIDDEN = re.compile(r"[A-Z.,!?;:\"]")


def polarity_of(technique: str) -> str:
    if technique in SUPPORTIVE:
        return "supportive"
    if technique in ESCALATING:
        return "escalating"
    assert technique in NEUTRAL
    return "neutral"


def rows(name: str) -> list[dict[str, Any]]:
    with open(HELDOUT / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check_style(row: dict[str, Any]) -> None:
    assert row["style"] in ("typed", "asr"), row
    if row["style"] == "asr":
        assert not ASR_FORBIDDEN.search(row["text"]), f"recogniser-style text has case or punctuation: {row}"


def check_half_asr(items: list[dict[str, Any]], what: str) -> None:
    share = sum(r["style"] == "asr" for r in items) / len(items)
    assert 0.4 <= share <= 0.6, f"{what}: {share:.0%} recogniser style, the issue asks for half"


def test_understanding_dev_labels_are_vocabulary_ids_and_polarity_follows_the_primary() -> None:
    data = rows("understanding_dev.jsonl")
    for row in data:
        check_style(row)
        assert row["category"] in CATEGORIES, row
        assert row["primary"] in TECHNIQUES and row["primary"] in row["acceptable"], row
        assert set(row["acceptable"]) <= set(TECHNIQUES), row
        assert row["polarity"] == polarity_of(row["primary"]), row
        if row["category"] == "other_language":
            assert row["primary"] == "other" and row["language"] and row["understood"] is False, row
    assert len({r["text"].lower() for r in data}) == len(data), "a sentence appears twice"


def test_understanding_dev_has_every_category_with_at_least_25_half_recogniser_style() -> None:
    data = rows("understanding_dev.jsonl")
    assert len(data) >= 400
    counts = Counter(r["category"] for r in data)
    assert set(counts) == CATEGORIES
    for category in CATEGORIES:
        items = [r for r in data if r["category"] == category]
        assert len(items) >= 25, f"{category}: only {len(items)}"
        check_half_asr(items, category)


def test_referral_offers_name_a_real_resource_or_none_for_announcements_and_statements() -> None:
    data = rows("referral_offers.jsonl")
    assert len(data) >= 80
    assert {r["scenario"] for r in data} == set(SCENARIOS)
    for row in data:
        check_style(row)
        assert row["kind"] in ("offer", "announcement", "statement", "combined"), row
        if row["kind"] in ("announcement", "statement"):
            assert row["resource"] is None, row
        else:
            assert row["resource"] in REFERRALS, row
        if row["kind"] == "combined":
            assert row["support"] is None or row["support"] in REFERRALS, row
    check_half_asr(data, "referral_offers")
    assert Counter(r["kind"] for r in data).keys() == {"offer", "announcement", "statement", "combined"}


def test_topic_questions_cover_every_common_topic_in_every_scenario() -> None:
    data = rows("topic_questions.jsonl")
    assert len(data) >= 320
    for row in data:
        check_style(row)
        assert row["topic"] in COMMON_TOPICS or re.fullmatch(r"scenario:\S.*", row["topic"]), row
        assert row["kind"] in ("fact_question", "statement"), row
    for scenario in SCENARIOS:
        items = [r for r in data if r["scenario"] == scenario]
        assert {r["topic"] for r in items} >= COMMON_TOPICS, scenario
        assert any(r["topic"].startswith("scenario:") for r in items), scenario
        check_half_asr(items, scenario)


def test_topic_none_lines_carry_no_topic_in_every_scenario() -> None:
    data = rows("topic_none.jsonl")
    for row in data:
        check_style(row)
        assert row["topic"] is None, row
    assert {r["scenario"] for r in data} == set(SCENARIOS)
    check_half_asr(data, "topic_none")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_has_each_gaming_transcript_and_each_is_a_playable_script(scenario: str) -> None:
    folder = HELDOUT / "gaming" / scenario
    assert {p.name for p in folder.glob("*.txt")} == GAMING_FILES
    expectations = json.loads((HELDOUT / "gaming" / "expectations.json").read_text(encoding="utf-8"))
    assert set(expectations) == GAMING_FILES
    for path in sorted(folder.glob("*.txt")):
        steps = parse_script(path.read_text(encoding="utf-8"), str(path))
        assert len(steps) >= 8, path
        assert any(isinstance(s.input, Refer) for s in steps), f"{path}: no referral is offered"
