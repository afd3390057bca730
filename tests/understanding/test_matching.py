""""Say it your way": free speech takes the menu branch it means, and only when it is close enough."""

from __future__ import annotations

from simulator.understanding import default_reader
from simulator.understanding.matching import match_choice, spoken_part

CHOICES = [
    ("c1", "Hi, I'm Officer Lee. What's going on today?", ("introduce", "open_question"), False),
    ("c2", "Calm down right now.", ("command",), False),
    ("c3", "Step closer and grab his arm.", (), True),
    ("c4", "Approach slowly, hands open: 'I'm not here to hurt you. Can I sit down here?'", ("reassure", "offer_choice"), True),
]


def _match(text: str, choices=CHOICES):
    return match_choice(text, choices, default_reader().read(text))


def test_a_close_paraphrase_of_a_choice_takes_it():
    """'hi i'm officer lee what's going on' matches the introduction choice, with its similarity."""
    found = _match("hi i'm officer lee what's going on", CHOICES)
    assert found is not None and found.choice_id == "c1" and 0.5 <= found.similarity <= 1


def test_shared_technique_alone_does_not_match():
    """An unrelated command is not the menu's command: the words must overlap too."""
    assert _match("put your hands on the car", CHOICES) is None


def test_a_choice_that_acts_needs_closer_words():
    """A menu line that also moves or grabs is only taken when the words are nearly the same."""
    found = _match("i'm officer lee", CHOICES)
    assert found is None or found.choice_id != "c4"
    found = _match("i'm not here to hurt you can i sit down here", CHOICES)
    assert found is not None and found.choice_id == "c4"


def test_the_spoken_part_of_a_narrated_choice_is_its_quote():
    """Stage-and-option choices describe an action around a quote: only the quote is compared."""
    assert spoken_part(CHOICES[3][1]) == "I'm not here to hurt you. Can I sit down here?"


def test_nothing_to_match_without_choices():
    """A phase with no menu never matches."""
    assert _match("anything at all", []) is None
