"""Issue 11: a spoken offer that names a resource is answered by the referral's yes or no, and that answer is the
answer to what the offer asked about ("can I call your wife?" is answered about Linda)."""

from __future__ import annotations

from simulator import events as ev
from simulator.clock import ManualClock
from simulator.scenario.loader import load_scenario_or_raise
from simulator.script import parse_script, play_steps
from simulator.session import Session
from simulator.understanding import default_reader

OPENING = ["hi my name is officer ruiz i'm here to make sure you're okay", "/step_back", "there's no rush we can take all the time you need"]


def test_the_answer_to_a_spoken_offer_carries_the_topic_it_asked_about():
    session = Session(load_scenario_or_raise("scenarios/veteran_ptsd.yaml"), seed=0, clock=ManualClock(), reader=default_reader())
    play_steps(session, parse_script("\n".join(OPENING), "opening"))
    mark = len(session.events)
    session.say("can i call your wife linda", source="speech")
    new = session.events[mark:]
    offered = [e for e in new if e.type == ev.REFERRAL_OFFERED]
    said = [e for e in new if e.type == ev.PERSON_SAID and e.data.get("speaker") != "narrator"]
    assert offered and offered[0].data["resource"] == "family_or_friend"
    assert said and all(e.data.get("topic") == "linda" for e in said), [e.data for e in said]
