"""Spoken long turns read sentence by sentence, and the constructions of issue 12 read as their move.

The sentences here were written for this suite: not taken from the labelled
data, the dev splits or the held-out sets.
"""

from __future__ import annotations

import pytest

from simulator.understanding import default_reader
from simulator.understanding.clauses import NO_START, Segmenter, words_of
from simulator.understanding.model import ModelReader


@pytest.fixture(scope="module")
def reader() -> ModelReader:
    r = default_reader()
    assert isinstance(r, ModelReader)
    return r


def test_the_shipped_model_carries_a_learned_segmenter(reader: ModelReader) -> None:
    """`deescalate train understanding` learns where spoken sentences end; the shipped model has it."""
    assert reader.segmenter is not None
    assert len(reader.segmenter.weights) > 1000


def test_a_spoken_run_is_cut_where_a_new_sentence_starts(reader: ModelReader) -> None:
    """Lower case, no punctuation: cut between the moves, and every word kept in order."""
    assert reader.segmenter is not None
    text = "sorry about the wait the traffic was terrible are you thinking about killing yourself tonight"
    parts = reader.segmenter.split(text)
    assert len(parts) >= 2
    assert " ".join(parts) == " ".join(words_of(text))
    assert any(p.startswith("are you thinking") for p in parts)


def test_no_spoken_sentence_is_cut_to_start_with_a_joining_word() -> None:
    """A limit keeps its reason: even a segmenter that wants to cut everywhere never cuts before "because"."""
    eager = Segmenter({}, bias=10.0)
    parts = eager.split("i need you to put the bat down because i'm scared someone will get hurt")
    assert all(p.split()[0] not in NO_START for p in parts)
    assert not any(p.startswith("because") for p in parts)


def test_a_segmenter_that_never_cuts_leaves_the_turn_whole() -> None:
    assert Segmenter({}, bias=-10.0).split("hi there i'm officer bell what's going on tonight") == ["hi there i'm officer bell what's going on tonight"]


def test_an_escalation_buried_in_a_long_spoken_turn_leads(reader: ModelReader) -> None:
    """The spoken twin of the typed long-turn test: an insult in the middle of a ramble is the primary."""
    text = ("it's been a really long night for everyone out here and the rain won't stop "
            "stop acting like a lunatic and get off the car my partner is just parking the van")
    reading = reader.read(text)
    assert reading.polarity == "escalating"


def test_a_long_spoken_turn_keeps_each_supportive_move(reader: ModelReader) -> None:
    text = ("hi my name is officer bell i work with the county crisis team "
            "what's been going on for you tonight take as long as you need")
    reading = reader.read(text)
    assert reading.polarity == "supportive"
    assert {"introduce", "open_question"} & set(reading.ids())


@pytest.mark.parametrize(("text", "expected"), [
    # guilt levers and reasons to live: argue
    ("Think about your little girl, Roy.", "argue"),
    ("what would your father say if he could see you up here", "argue"),
    ("You've got a whole life in front of you, don't waste it.", "argue"),
    # sarcasm and mock agreement: insult
    ("Oh sure, the fridge is spying on you. Of course it is.", "insult"),
    ("yeah right the mailman put a tracker in your shoe", "insult"),
    # worry with a limit: set_limit
    ("Please get down off the ladder, I'm scared you'll fall and break something.", "set_limit"),
    ("can you move back from the curb it makes me nervous with the buses going past", "set_limit"),
    # affirmations of character and effort: affirm
    ("You kept your little brother safe tonight. That took real courage.", "affirm"),
    ("you've fought really hard to stay clean i respect that", "affirm"),
    # honest answer to a belief: validate
    ("I don't see anyone on the roof, but I believe you're frightened.", "validate"),
])
def test_the_constructions_of_issue_12_are_read_as_their_move(reader: ModelReader, text: str, expected: str) -> None:
    assert reader.read(text).primary == expected


@pytest.mark.parametrize("text", ["Would you mind stepping over to the bench for me?", "do me a favour and pop the hammer on the grass",
                                  "I'm going to need you to take your hands out of your jacket, please."])
def test_a_hedged_order_is_a_softened_command(reader: ModelReader, text: str) -> None:
    reading = reader.read(text)
    assert (reading.primary, reading.softened) == ("command", True)


@pytest.mark.parametrize(("text", "expected"), [
    ("Of course you're scared, anybody would be.", "supportive"),
    ("would you like to sit down on the bench", "supportive"),
    ("Tell me about your daughter.", "supportive"),
    ("sure i can call your brother for you if you want", "supportive"),
    ("Right, so the man in the car has been parked there since Sunday.", "supportive"),
])
def test_the_near_misses_stay_supportive(reader: ModelReader, text: str, expected: str) -> None:
    """The same words without the move: an honest "of course", a real choice, curiosity about family."""
    assert reader.read(text).polarity == expected
