"""simulator.conversation.memory and answers: the person remembers what was said, and says so."""

from __future__ import annotations

import itertools
import random

import pytest

from simulator.conversation.answers import pick_answer, pick_line
from simulator.conversation.memory import Memory, officer_name_in
from simulator.scenario.loader import load_scenario_or_raise


@pytest.fixture(scope="module")
def bridge():
    return load_scenario_or_raise("scenarios/bridge_suicidal.yaml")


@pytest.mark.parametrize(("text", "name"), [
    ("Hi, I'm Officer Ruiz.", "Officer Ruiz"),
    ("my name is sam i work with the crisis team", "Sam"),
    ("this is deputy lee with the sheriff", "Deputy Lee"),
    ("of sir garcia here", "Officer Garcia"),
    ("I'm here to help", None),
    ("I'm sorry", None),
])
def test_the_officer_name_is_heard(text, name):
    assert officer_name_in(text) == name


def test_asked_twice_she_says_she_told_you(bridge):
    memory = Memory.for_scenario(bridge)
    env = {"trust": 30.0, "agitation": 50.0}
    rng = random.Random(0)
    first = pick_answer(bridge.topics["name"], env, memory, rng)
    assert first is not None and first.id == "topic.name.open"
    memory.said(first.id)
    memory.tell(first.reveals, 1)
    again = pick_answer(bridge.topics["name"], env, memory, rng)
    assert again is not None and again.id.startswith("topic.name.again")
    assert "Denise" in again.text


def test_low_trust_gets_a_deflection_in_character_and_never_the_same_line_twice_in_a_row(bridge):
    memory = Memory.for_scenario(bridge)
    env = {"trust": 5.0, "agitation": 70.0}
    rng = random.Random(0)
    said = []
    for _ in range(4):
        line = pick_answer(bridge.topics["temperature"], env, memory, rng)
        assert line is not None
        said.append(line.id)
        memory.said(line.id)
    assert all(a != b for a, b in itertools.pairwise(said))
    assert "topic.cold.open" not in said  # warmth is accepted only once she trusts a little


def test_a_line_needing_an_untold_fact_is_never_said(bridge):
    memory = Memory.for_scenario(bridge)
    env = {"trust": 60.0, "agitation": 30.0}
    line = pick_answer(bridge.topics["reasons"], env, memory, random.Random(0))
    assert line is not None and line.id != "topic.reasons.games"  # Eli's games only once she told you about Eli
    memory.tell(("son",), 1)
    assert pick_answer(bridge.topics["reasons"], env, memory, random.Random(0)).id == "topic.reasons.games"


def test_no_line_more_than_twice_unless_a_refrain(bridge):
    memory = Memory.for_scenario(bridge)
    lines = list(bridge.phases["first_contact"].lines[-2:])
    rng = random.Random(1)
    counts: dict[str, int] = {}
    for _ in range(6):
        line = pick_line(lines, memory, rng)
        if line is None:
            break
        memory.said(line.id)
        counts[line.id] = counts.get(line.id, 0) + 1
    assert max(counts.values()) <= 3 and memory.last_line is not None


def test_memory_reads_as_conditions(bridge):
    memory = Memory.for_scenario(bridge)
    memory.hear_officer("I'm Officer Ruiz", 1)
    memory.tell(("house_sold",), 2)
    env = memory.env(bridge)
    assert env["told_house_sold"] and not env["told_divorce"] and env["officer_named"]
    assert memory.fill("You said. {officer}.") == "You said. Officer Ruiz."


def test_a_question_she_has_not_answered_gets_an_answer_even_when_it_names_what_she_told_elsewhere(bridge):
    """Issue 11: the bridge's 'tomorrow' catch-all mentions Karen; once she has told of Karen another way she used to
    say nothing at all to "what's on for you tomorrow?". A deflection she has not given yet beats silence."""
    memory = Memory.for_scenario(bridge)
    memory.tell(("sister",), 1)
    line = pick_answer(bridge.topics["tomorrow"], {"trust": 10.0, "agitation": 50.0}, memory, random.Random(0))
    assert line is not None and line.topic == "tomorrow"
    memory.said(line.id)
    memory.said("talking.any.1")
    again = pick_answer(bridge.topics["tomorrow"], {"trust": 10.0, "agitation": 50.0}, memory, random.Random(0))
    assert again is None  # asked again with nothing new and no "I told you" line: she does not tell it a second time


def test_asked_for_the_first_time_about_what_slipped_out_elsewhere_she_answers_it_not_i_told_you():
    """Issue 11: Cody's first words name the truck, and his weapons answer tells of the truck too. Asked "got a knife on
    you?" for the first time he used to say "Nothing. I told you. Phone and a lighter." (he had told nothing of it):
    a topic never answered gets its answer, and "I told you" waits until it was."""
    meth = load_scenario_or_raise("scenarios/intoxication_meth.yaml")
    memory = Memory.for_scenario(meth)
    memory.tell(("truck",), 1)
    env = {"trust": 25.0, "agitation": 50.0}
    first = pick_answer(meth.topics["weapons"], env, memory, random.Random(0))
    assert first is not None and first.id == "topic.weapons.open"
    memory.said(first.id)
    again = pick_answer(meth.topics["weapons"], env, memory, random.Random(0))
    assert again is not None and again.id == "topic.weapons.again"
