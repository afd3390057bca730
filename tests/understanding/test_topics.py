"""simulator.understanding.topics: what a turn is about, typed or recognised, with evidence.

Phrasings here are deliberately not the ones in defaults.yaml or the bridge: the reader
must generalise from a few phrasings per topic to the way officers actually ask.
"""

from __future__ import annotations

import pytest

from simulator.conversation.person import topic_reader
from simulator.scenario.loader import load_scenario_or_raise
from simulator.understanding.topics import TopicReader, TopicSpec


@pytest.fixture(scope="module")
def bridge():
    return topic_reader(load_scenario_or_raise("scenarios/bridge_suicidal.yaml"))


@pytest.mark.parametrize(("text", "topic"), [
    ("Sorry, what was your name again?", "name"),
    ("whats your name ma'am", "name"),
    ("How long have you been awake now?", "sleep"),
    ("have you had any booze tonight", "substances"),
    ("Can I bring you a blanket? It's freezing.", "temperature"),
    ("is there a doctor who prescribes you anything", "medication"),
    ("Is that your car on the shoulder with the lights going?", "hazard_lights"),
    ("tell me about karen", "sister"),
    ("how old is eli", "son"),
    ("Do you want to die tonight, Denise?", "suicide"),
    ("what do you do for work", "job"),
    ("Where are you living these days?", "home"),
])
def test_questions_are_read_as_their_topic(bridge, text, topic):
    hit = bridge.read(text)
    assert hit is not None and hit.id == topic, (text, bridge.scores(text)[:3])
    assert hit.evidence  # the trainee and the author can see why


def test_typed_and_recogniser_text_read_alike(bridge):
    typed = bridge.read("Have you eaten anything today?")
    spoken = bridge.read("have you eaten anything today")
    assert typed is not None and spoken is not None and typed.id == spoken.id == "food_water"


def test_a_turn_about_nothing_in_particular_has_no_topic(bridge):
    assert bridge.read("it sounds like you're really scared right now") is None
    assert bridge.read("mm hmm") is None
    assert bridge.read("") is None


def test_the_last_question_in_a_long_turn_wins(bridge):
    hit = bridge.read("I'm Officer Ruiz, I'm with the police. What's your name?")
    assert hit is not None and hit.id == "name"


def test_a_scenarios_own_word_beats_the_shared_default():
    reader = TopicReader([
        TopicSpec("weapons", ("do you have any weapons", "are you armed"), ("knife", "weapon"), common=True),
        TopicSpec("the_knife", ("can you put the knife down", "tell me about the knife"), ("knife",)),
    ])
    hit = reader.read("what about the knife")
    assert hit is not None and hit.id == "the_knife"
