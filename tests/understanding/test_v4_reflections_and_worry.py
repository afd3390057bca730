"""Issue #19: the turns skilled play was misread on, and the aside set written to measure them.

Verbless reflections, worry said with or without a limit, the officer's
observations of the scene, affirmations, guilt levers beside questions about
reasons to live, sarcasm, roadblocks and threats dressed as choices.
aside_v4.jsonl (compose_v4.py, every third hand-written line) is never
trained on; these tests hold the reader to it.
"""

from __future__ import annotations

import re

import pytest

from devtools.train_understanding import load_split, training_splits
from simulator.understanding.data.compose_v4 import rows
from simulator.understanding.model import ModelReader
from simulator.understanding.rules import RuleReader
from simulator.vocabulary import polarity


@pytest.fixture(scope="module")
def reader() -> ModelReader:
    return ModelReader()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def test_the_aside_set_is_written_by_the_composer_and_never_trained_on():
    """train_v4/aside_v4.jsonl are what compose_v4 writes; the aside is no training split and shares no sentence with one."""
    train, aside = rows()
    assert load_split("train_v4") == train
    assert load_split("aside_v4") == aside
    assert "aside_v4" not in training_splits() and "train_v4" in training_splits()
    trained = {_key(r["text"]) for name in training_splits() for r in load_split(name)}
    assert not [r["text"] for r in aside if _key(r["text"]) in trained]
    assert {r["style"] for r in aside} == {"typed", "recognizer"}


def test_the_aside_set_reads_well(reader):
    """On the aside set: primary ≥ 0.86 and polarity ≥ 0.92 (measured 0.886 / 0.935; before issue #19 0.696 / 0.804)."""
    aside = load_split("aside_v4")
    readings = [reader.read(r["text"]) for r in aside]
    primary = sum(x.primary == r["primary"] for x, r in zip(readings, aside, strict=True)) / len(aside)
    pol = sum(x.polarity == polarity(r["primary"]) for x, r in zip(readings, aside, strict=True)) / len(aside)
    assert primary >= 0.86
    assert pol >= 0.92


@pytest.mark.parametrize("text", ["So hot. Can't cool down.", "so hot cant cool down", "Can't sleep. Can't eat.",
                                  "uh three days without sleep", "No money, no car, nowhere to stay."])
def test_a_verbless_reflection_is_a_reflection_not_an_order(reader, text):
    reading = reader.read(text)
    assert reading.polarity == "supportive", reading.to_dict()
    assert reading.primary == "paraphrase", reading.to_dict()


@pytest.mark.parametrize("text", ["you can't cool down, and that worries me", "I'm worried about you.",
                                  "that cut on your hand worries me", "honestly you've got me a bit worried"])
def test_worry_without_a_limit_is_care_not_a_command(reader, text):
    reading = reader.read(text)
    assert reading.polarity == "supportive", reading.to_dict()
    assert "command" not in reading.ids()


@pytest.mark.parametrize("text", ["Would you mind moving back from the edge? You're making me nervous.",
                                  "I'd feel a lot better if you put that down.", "put the knife down i'm worried about you"])
def test_worry_with_a_limit_is_a_limit(text):
    assert RuleReader().read(text).primary == "set_limit"


@pytest.mark.parametrize("text", ["It's really hot in here.", "its so loud out here", "These lights are really bright."])
def test_an_observation_of_the_scene_is_not_a_brush_off(reader, text):
    assert reader.read(text).polarity != "escalating"


@pytest.mark.parametrize("text", ["Calm down!", "you need to cool down right now", "relax", "cool it"])
def test_a_real_calm_down_is_still_an_order(reader, text):
    assert reader.read(text).primary == "command"


@pytest.mark.parametrize(("text", "primary"), [
    ("you're a good man", "affirm"), ("you did the right thing calling", "affirm"), ("you're no quitter", "affirm"),
    ("think of your kids", "argue"), ("people love you, you know", "argue"),
    ("what's kept you going up to now?", "open_question"), ("who loves you?", "open_question"),
    ("yeah because that makes sense", "insult"), ("sure they are buddy", "insult"),
    ("How this ends is up to you.", "threaten"), ("we can do this nicely or not, it's on you", "threaten"),
    ("Would you rather sit in the shade or in the car?", "offer_choice"),
    ("Let's talk about something happier.", "dismiss"),
])
def test_the_move_not_the_surface_words(reader, text, primary):
    assert reader.read(text).primary == primary, reader.read(text).to_dict()
