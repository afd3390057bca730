"""simulator.scoring: calmness, safety, referral and communication, from the event stream alone."""

from __future__ import annotations

import json
import re

from simulator.events import SessionEvent
from simulator.scoring import WEIGHTS, score

AXES = ("calmness", "safety", "referral", "communication", "overall")
# Remove the catch-all so that, below 60 agitation, the contact phase answers with its suicide_risk line.
CUE_ONLY = ("      - {id: contact.any.1, text: I just want to be left alone.}\n", "")


def play(session, *moves: str):
    """Feed moves to a started session: 'choice.id', '/action', '/refer ID' or '/quit'."""
    for move in moves:
        if move == "/quit":
            session.quit()
        elif move.startswith("/refer "):
            session.refer(move.split()[1])
        elif move.startswith("/"):
            session.act(move[1:])
        else:
            assert session.choose(move), move
    return session


def deescalating(start_session, rich_path):
    return play(start_session(rich_path), "contact.c1", "contact.label", "/step_back", "/hands_visible", "/sit_down", "talking.label", "/refer mobile_crisis_team")


def escalating(start_session, rich_path):
    return play(start_session(rich_path), "contact.c2", "contact.argue", "/approach")


def test_escalating_run_scores_lower_on_every_axis(start_session, rich_path):
    """Listening, distance and a well-timed referral beat orders, arguing and closing in, on every score."""
    good = deescalating(start_session, rich_path)
    bad = escalating(start_session, rich_path)
    assert (good.ending, bad.ending) == ("goes_with_team", "runs_off")
    good_scores, bad_scores = score(good.events).as_dict(), score(bad.events).as_dict()
    for axis in AXES:
        assert bad_scores[axis] < good_scores[axis], axis


def test_scores_are_whole_numbers_from_0_to_100(start_session, rich_path):
    """Every score is an integer in 0–100, and every score comes with its reasons."""
    for session in (deescalating(start_session, rich_path), escalating(start_session, rich_path)):
        scores = score(session.events)
        for axis in AXES:
            value = getattr(scores, axis)
            assert isinstance(value, int) and 0 <= value <= 100
        assert set(scores.explanations) == set(AXES)
        assert all(scores.explanations[axis] for axis in AXES)


def test_overall_is_the_weighted_mean(start_session, rich_path):
    """Where no cap bites, the overall score is the weighted mean of the four scores and the rubric's share of its points."""
    s = score(deescalating(start_session, rich_path).events)
    w = WEIGHTS["overall"]
    expected = (w["calmness"] * s.calmness + w["safety"] * s.safety + w["referral"] * s.referral + w["communication"] * s.communication
                + w["rubric"] * s.rubric.percent)
    caps = [int(c) for line in s.explanations["overall"] for c in re.findall(r"capped at (\d+)", line)]
    assert abs(s.overall - min([expected, *caps])) <= 1
    assert abs(sum(w.values()) - 1) < 1e-9


def test_drawing_a_weapon_costs_safety(start_session, rich_path):
    """Drawing a weapon costs safety, and the debrief says so at that turn."""
    calm = score(play(start_session(rich_path), "contact.c1", "/hands_visible", "/quit").events)
    armed = score(play(start_session(rich_path), "contact.c1", "/draw_weapon", "/quit").events)
    assert calm.safety - armed.safety >= WEIGHTS["safety"]["draw_weapon"]
    assert any("weapon was drawn" in line for line in armed.explanations["safety"])
    assert any(p.turn == 2 and "weapon" in p.text for p in armed.teaching_points)


def test_physical_control_costs_safety(start_session, rich_path):
    """Going hands-on costs safety (force, and the injury it leads to here)."""
    calm = score(play(start_session(rich_path), "contact.c1", "/step_back", "/quit").events)
    forced = score(play(start_session(rich_path), "contact.c1", "/physical_control").events)
    assert calm.safety - forced.safety >= WEIGHTS["safety"]["physical_control"]
    assert any("hands-on force" in line for line in forced.explanations["safety"])
    assert any(p.turn == 2 and "hands-on" in p.text.lower() for p in forced.teaching_points)


def test_harmful_referral_costs_referral_score(start_session, rich_path):
    """Offering a harmful resource costs referral score even after a better one was offered."""
    fair = score(play(start_session(rich_path), "/refer crisis_line_988", "/quit").events)
    harmful = score(play(start_session(rich_path), "/refer crisis_line_988", "/refer jail").events)
    assert harmful.referral < fair.referral
    assert any("harmful" in line for line in harmful.explanations["referral"])
    assert any(p.turn == 2 and p.kind == "advice" and p.text.startswith("Jail") for p in harmful.teaching_points)


def test_no_referral_scores_low(start_session, rich_path):
    """A session with no referral offered gets the low 'none' referral score."""
    s = score(play(start_session(rich_path), "contact.c1", "/quit").events)
    assert s.referral == WEIGHTS["referral"]["none"]


def test_suicide_cue_without_asking_caps_overall_and_leads_the_teaching(start_session, rich_variant):
    """A suicide_risk line never followed by a direct question caps the overall score below 'competent', and that
    teaching point, tied to the cue's turn, comes first; asking lifts the cap and is praised at its turn."""
    path = rich_variant(CUE_ONLY)
    unasked = play(start_session(path), "/step_back", "/step_back", "/step_back", "/quit")
    asked = play(start_session(path), "/step_back", "/step_back", "/step_back", "contact.harm", "/quit")
    cue_turns = [e.turn for e in unasked.events if e.type == "person_said" and e.data.get("cue") == "suicide_risk"]
    assert cue_turns, "precondition: the person showed suicide risk"
    unasked_score, asked_score = score(unasked.events), score(asked.events)
    assert unasked_score.overall <= WEIGHTS["caps"]["risk_unasked"] < 70
    assert unasked_score.rubric.risk.rating == 0 and asked_score.rubric.risk.rating == 2
    first = unasked_score.teaching_points[0]
    assert (first.turn, first.kind) == (cue_turns[0], "critical") and "Ask plainly" in first.text
    assert "nobody asked" in unasked_score.rubric.risk.note
    assert any(p.turn == 4 and p.kind == "praise" for p in asked_score.teaching_points)


def test_influence_before_listening_costs_communication(start_session, rich_path):
    """Offering help before listening scores lower than the same moves with listening first."""
    early = score(play(start_session(rich_path), "contact.help", "contact.time", "contact.time", "/quit").events)
    later = score(play(start_session(rich_path), "contact.time", "contact.time", "contact.help", "/quit").events)
    assert early.communication < later.communication
    assert any(p.turn == 1 and "before listening" in p.text for p in early.teaching_points)
    assert not any("before listening" in p.text for p in later.teaching_points)


def test_escalating_moves_cost_communication_and_are_explained(start_session, rich_path):
    """Each escalating move costs communication and gets advice tied to its turn."""
    s = score(escalating(start_session, rich_path).events)
    advice = [(p.turn, p.text) for p in s.teaching_points if p.kind == "advice"]
    assert any(turn == 1 and text.startswith("You used command ('Calm down right now.')") for turn, text in advice)
    assert any(turn == 2 and text.startswith("You used argue") for turn, text in advice)
    assert any("escalating moves" in line for line in s.explanations["communication"])


def test_teaching_points_are_tied_to_the_turns_that_earned_them(start_session, rich_path):
    """Scenario teaching points carry the turn whose event produced them, and come out in turn order (after any critical point)."""
    s = score(deescalating(start_session, rich_path).events)
    scenario_points = [(p.turn, p.text) for p in s.teaching_points if p.kind == "scenario"]
    assert (2, "He told you his story once you asked and listened.") in scenario_points
    turns = [p.turn for p in s.teaching_points if p.kind != "critical"]
    assert turns == sorted(turns)


def test_scoring_reads_only_events(start_session, rich_path):
    """Re-scoring copies of the events (from_dict(to_dict), or through JSON) gives identical scores, reasons and points."""
    events = deescalating(start_session, rich_path).events
    copies = [SessionEvent.from_dict(e.to_dict()) for e in events]
    through_json = [SessionEvent.from_dict(raw) for raw in json.loads(json.dumps([e.to_dict() for e in events]))]
    original = score(events)
    assert score(copies) == original
    assert score(through_json) == original


def test_scoring_is_repeatable(start_session, rich_path):
    """Scoring the same events twice gives the same result, and does not change the events."""
    events = escalating(start_session, rich_path).events
    before = [e.to_dict() for e in events]
    assert score(events) == score(events)
    assert [e.to_dict() for e in events] == before


def test_a_session_that_never_started_scores_zero():
    """No events, no scores (and an explanation why)."""
    s = score([])
    assert s.as_dict() == dict.fromkeys(AXES, 0)
    assert s.explanations["overall"] == ["The session never started."]


def test_scores_serialise(start_session, rich_path):
    """Scores.to_dict is plain JSON: the five scores, the explanations and the teaching points."""
    data = score(deescalating(start_session, rich_path).events).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {*AXES, "explanations", "teaching_points", "band", "rubric"}
    assert data["band"]["name"] in {name for _, name in WEIGHTS["bands"]}
    assert {i["id"] for i in data["rubric"]["beta"]} >= {"space", "listen", "debrief"}
    assert all(set(p) == {"turn", "kind", "text"} for p in data["teaching_points"])


def test_ruptures_and_repairs_are_named_with_their_turns(start_session, rich_path):
    """A slip owned right after is praised at the repair's turn; one never repaired is advice at its own turn."""
    repaired = start_session(rich_path)
    repaired.say("Calm down right now.")
    repaired.say("I'm sorry, that came out wrong.")
    s = score(repaired.events)
    assert any("repaired at turn 2" in line for line in s.explanations["communication"])
    assert any(p.turn == 2 and p.kind == "praise" and "owned the misstep at turn 1" in p.text for p in s.teaching_points)
    rows = [r for r in s.rubric.rows() if r["group"] == "Ruptures and repairs"]
    assert rows and rows[0]["status"] == "met" and rows[0]["met"] == [2]
    unrepaired = start_session(rich_path)
    unrepaired.say("Calm down right now.")
    unrepaired.say("What's going on tonight?")
    u = score(unrepaired.events)
    assert any(p.turn == 1 and "never repaired" in p.text for p in u.teaching_points)


def test_a_turn_that_fires_four_questions_at_once_is_not_conversation():
    """One question at a time: a checklist read out in one breath earns no credit, typed or heard."""
    from simulator.turns import is_stuffed, questions_in

    assert questions_in("What happened? Are you hurt? Is anyone with you? What's your name?") == 4
    assert questions_in("are you hurt do you have anyone is there a weapon what happened tonight") >= 4
    assert questions_in("What happened tonight?") == 1
    assert is_stuffed("What happened? Are you hurt? Is anyone with you? What's your name?", ["open_question"])
    assert not is_stuffed("What happened tonight? Are you hurt?", ["open_question"])
