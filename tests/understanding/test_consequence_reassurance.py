"""An honest answer to the person's fear of what others will do is reassurance, never arguing with them.

"They don't report to your PO" answers Cody's fear of a violation; read as `argue` it cost the trust a skilled officer
had built and the medics were refused. Disputing what the person perceives stays `argue`.
"""

from __future__ import annotations

import pytest

from simulator.understanding.model import ModelReader

READER = ModelReader()


@pytest.mark.parametrize("text", [
    "The paramedics check your heart. That's it. They don't report to your PO.",
    "the medics won't call your probation officer",
    "The hospital doesn't call the police about drugs.",
    "The medics aren't gonna call the cops on you",
    "nurses don't tell your boss anything",
])
def test_a_fear_of_consequences_answered_honestly_is_reassurance(text):
    reading = READER.read(text)
    assert reading.primary == "reassure" and reading.polarity == "supportive", reading


@pytest.mark.parametrize("text", [
    "nobody's following you, they don't exist",
    "They aren't following you.",
    "the voices aren't real",
    "they don't call you anything, you're imagining it",
])
def test_disputing_what_the_person_perceives_is_still_arguing(text):
    assert READER.read(text).primary == "argue", READER.read(text)
