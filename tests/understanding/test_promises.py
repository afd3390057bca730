"""False promises (issue 12): the promises an officer makes in words, and what breaks them."""

from __future__ import annotations

import pytest

from simulator.understanding.promises import BROKEN_BY, TEACHING, broken_by, promises


@pytest.mark.parametrize(("text", "expected"), [
    ("Nobody is going to take you to the hospital, okay?", "no_hospital"),
    ("you're not going to the hospital tonight i promise", "no_hospital"),
    ("You're not under arrest.", "no_arrest"),
    ("no one's going to jail over this", "no_arrest"),
    ("Nobody's going to put handcuffs on you.", "no_handcuffs"),
    ("no one is going to touch you", "no_force"),
    ("I'm not going anywhere.", "stay_with_you"),
])
def test_a_promise_is_read(text: str, expected: str):
    assert expected in [p.id for p in promises(text)]


@pytest.mark.parametrize("text", [
    "If you don't put it down, nobody can keep you out of the hospital.",
    "Would you be willing to go to the hospital?",
    "The hospital is a long way from here.",
    "what happened before we got here",
])
def test_no_promise_where_none_is_made(text: str):
    assert promises(text) == []


def test_what_breaks_each_promise():
    """A hospital referral breaks 'no hospital'; a family referral does not; every promise has a teaching point."""
    assert broken_by("no_hospital", "emergency_department")
    assert broken_by("no_hospital", "involuntary_transport")
    assert not broken_by("no_hospital", "family_or_friend")
    assert broken_by("no_handcuffs", "physical_control")
    assert set(TEACHING) == set(BROKEN_BY)
