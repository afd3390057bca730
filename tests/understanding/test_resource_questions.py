"""A question about help already in the person's life is a fact question, not an offer (issue 11).

"Have you talked to anyone at the VA?" asks what he has done; the person answers it as a topic. Read as an offer of
the VA, he declined a referral nobody made. Offers phrased as questions stay offers. Written by CONV, fresh.
"""

from __future__ import annotations

import pytest

from simulator.understanding.resources import named_resources, offer_of


@pytest.mark.parametrize("text", [
    "Have you ever been to the VA for any of this?",
    "do you see a counselor for the ptsd",
    "have you ever talked to anyone at the v a",
    "Do you have a therapist you see?",
    "is your mom coming to get you",
    "did the va ever help you",
    "are you connected with the va",
    "When did you last see your doctor?",
    "were you getting treatment through the va before",
    "Who's your case manager?",
])
def test_a_question_about_their_own_help_offers_nothing(text):
    offer = offer_of(text)
    assert offer.resource is None and offer.kind == "question", offer
    assert named_resources(text) == []


@pytest.mark.parametrize(("text", "resource"), [
    ("Would you be willing to talk to someone at the VA tonight?", "veterans_services"),
    ("do you want me to call your mom to come get you", "family_or_friend"),
    ("have you thought about calling the crisis line", "crisis_line_988"),
    ("Do you know the crisis line? I can put the number in your phone.", "crisis_line_988"),
    ("do you see a counselor? i could call her office for you in the morning", "outpatient_mental_health"),
    ("Is it okay if I call your therapist?", "outpatient_mental_health"),
])
def test_an_offer_put_as_a_question_is_still_an_offer(text, resource):
    assert offer_of(text).resource == resource
