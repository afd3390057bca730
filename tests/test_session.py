"""simulator.session: the person's state machine, inner state and replies, turn by turn.

Sessions run on a ManualClock with fixed seeds. Most turns are menu choices (read with
confidence 1), so the numbers below follow from defaults.yaml and the scenario alone;
the few typed turns check only what does not depend on how text is read.
"""

from __future__ import annotations

import itertools
import json

import pytest

from simulator import events as ev
from simulator.clock import ManualClock
from simulator.scenario.loader import load_scenario
from simulator.session import Session

NO_FLEEING = ('when: "agitation >= 95"', 'when: "agitation >= 95 and trust > 100"')
NO_SILENCE = ("  silence:\n    after_seconds: 30\n    change: {agitation: 2}\n", "")
CALM_START = ("agitation: {start: 70}", "agitation: {start: 40}")


def of_type(session: Session, type_: str, since: int = 0) -> list[dict]:
    """The data of the session's events of one type (from event ``since`` on)."""
    return [e.data for e in session.events[since:] if e.type == type_]


def said_lines(session: Session, since: int = 0) -> list[str]:
    return [d["line"] for d in of_type(session, ev.PERSON_SAID, since)]


# -- starting -----------------------------------------------------------------------------------


def test_starts_in_the_start_phase_and_the_person_speaks_first(start_session):
    """start() sets the scene in the start phase: narration, then the person's enter line, before any turn."""
    s = start_session()
    assert s.phase == "contact" and s.turn == 0 and not s.finished
    assert [e.type for e in s.events] == [ev.SESSION_STARTED, ev.PERSON_SAID, ev.PERSON_SAID]
    started = s.events[0].data
    assert (started["scenario"], started["phase"], started["seed"]) == ("minimal", "contact", 0)
    assert started["variables"] == {"agitation": 70, "trust": 20, "hope": 2, "told_story": False}
    narration, first = s.events[1].data, s.events[2].data
    assert (narration["speaker"], narration["text"]) == ("narrator", "He stops pacing when he sees you.")
    assert (first["line"], first["speaker"]) == ("contact.enter.1", "person")


def test_start_is_idempotent(start_session):
    """Calling start() again does not restart or repeat anything."""
    s = start_session()
    s.start()
    assert len(s.events) == 3


def test_first_input_starts_the_session(minimal_path):
    """An input before start() starts the session first, so the person still speaks first."""
    scenario, _ = load_scenario(minimal_path)
    s = Session(scenario, seed=0, clock=ManualClock())
    s.act("hands_visible")
    assert [e.type for e in s.events[:3]] == [ev.SESSION_STARTED, ev.PERSON_SAID, ev.PERSON_SAID]
    assert s.turn == 1


# -- how techniques move the person ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "agitation", "trust"),
    [
        ("contact.time", -5, 3),  # give_time default
        ("contact.label", -7, 6),  # emotion_label default
        ("contact.help", 3, -3),  # offer_help before trust exists backfires
        ("contact.harm", 0, 1),  # ask_about_harm with trust < 25
        ("contact.c2", 10, -8),  # command default
        ("contact.argue", 12, -10),  # the scenario's override of argue (default is +8/-8)
    ],
)
def test_a_technique_moves_the_person_by_its_reaction(start_session, rich_path, choice, agitation, trust):
    """Each technique changes agitation and trust by its reaction: the default, or the scenario's override."""
    s = start_session(rich_path)
    s.choose(choice)
    assert s.variables["agitation"] == 70 + agitation
    assert s.variables["trust"] == 20 + trust


def test_techniques_after_the_primary_count_half(start_session):
    """In a turn with several techniques the primary counts fully and the others half."""
    s = start_session()
    s.choose("contact.c1")  # open_question (primary: -3/+4) and introduce (half of -2/+4)
    assert (s.variables["agitation"], s.variables["trust"]) == (70 - 3 - 1, 20 + 4 + 2)


def test_the_first_reaction_case_that_holds_applies(start_session, variant):
    """A reaction with cases applies the first whose `when` holds (approach: +15 when agitated, else +3)."""
    agitated = start_session()
    agitated.act("approach")
    calm = start_session(variant(CALM_START))
    calm.act("approach")
    assert (agitated.variables["agitation"], agitated.variables["trust"]) == (85, 12)
    assert (calm.variables["agitation"], calm.variables["trust"]) == (43, 20)


def test_values_are_clamped_to_their_range(start_session, rich_path):
    """Variables never leave their range: agitation stops at 100 and trust at 0."""
    s = start_session(rich_path)
    for _ in range(3):
        s.choose("contact.c2")  # +10/-8 three times from 70/20
    assert (s.variables["agitation"], s.variables["trust"]) == (100, 0)


def test_repeated_supportive_moves_are_halved(start_session, rich_path):
    """The same supportive move repeated within four turns counts half, then a quarter (it stops working)."""
    s = start_session(rich_path)
    agitation = []
    for _ in range(3):
        s.choose("contact.time")
        agitation.append(s.variables["agitation"])
    assert agitation == [65, 62.5, 61.25]
    assert s.variables["trust"] == 20 + 3 + 1.5 + 0.75


def test_a_supportive_move_recovers_after_four_other_turns(start_session, rich_path):
    """Once four other turns have passed, the move counts fully again."""
    s = start_session(rich_path)
    s.choose("contact.time")
    for _ in range(4):
        s.choose("contact.harm")
    before = s.variables["agitation"]
    s.choose("contact.time")
    assert before - s.variables["agitation"] == 5


def test_escalating_moves_never_wear_off(start_session):
    """Escalating moves are not halved when repeated."""
    s = start_session()
    s.choose("contact.c2")
    s.choose("contact.c2")
    assert s.variables["agitation"] == 90
    assert s.variables["trust"] == 4


def test_confidence_scales_the_effect(start_session, rich_path):
    """A technique read with confidence below 1 moves the person less than the same technique picked from the menu."""
    typed = start_session()
    typed.say("you sound exhausted")
    (reading,) = of_type(typed, ev.UNDERSTOOD)
    assert [h["id"] for h in reading["techniques"]] == ["emotion_label"], "precondition: read as emotion_label alone"
    assert reading["techniques"][0]["confidence"] < 1
    menu = start_session(rich_path)
    menu.choose("contact.label")
    typed_drop = 70 - typed.variables["agitation"]
    menu_drop = 70 - menu.variables["agitation"]
    assert 0 < typed_drop < menu_drop == 7
    assert 0 < typed.variables["trust"] - 20 < menu.variables["trust"] - 20


# -- actions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actions", "facts"),
    [
        (["step_back"], {"distance": 2}),
        (["step_back"] * 3, {"distance": 3}),
        (["approach"], {"distance": 0}),
        (["approach", "approach"], {"distance": 0}),
        (["sit_down"], {"seated": True}),
        (["hands_visible"], {"hands_shown": True}),
        (["call_backup"], {"backup_called": True}),
        (["call_mobile_crisis"], {"crisis_team_called": True}),
        (["draw_weapon"], {"weapon_drawn": True}),
        (["draw_weapon", "holster"], {"weapon_drawn": False}),
        (["physical_control"], {"force_used": True, "distance": 0}),
    ],
)
def test_actions_change_the_officer_facts(start_session, variant, actions, facts):
    """Actions set what conditions can read about the officer: distance (0–3), seated, weapon drawn, force used..."""
    s = start_session(variant(CALM_START))
    for action in actions:
        assert s.act(action)
    for name, value in facts.items():
        assert s.officer[name] == value


def test_officer_fact_changes_are_events(start_session):
    """A changed officer fact appears in the turn's state_changed event with its old and new value."""
    s = start_session()
    s.act("step_back")
    (change,) = of_type(s, ev.STATE_CHANGED)
    assert change["changes"]["distance"] == [1, 2]
    assert change["causes"] == ["action:step_back"]


def test_action_not_offered_is_ignored_and_recorded(start_session, variant):
    """An action the scenario does not offer is an input_ignored event: no turn, no effect, no exception."""
    s = start_session(variant(("draw_weapon, holster, ", "")))
    before = dict(s.variables)
    assert s.act("draw_weapon") is False
    assert of_type(s, ev.INPUT_IGNORED) == [{"kind": "action", "value": "draw_weapon", "reason": "this scenario does not offer it"}]
    assert s.turn == 0 and s.variables == before and s.officer["weapon_drawn"] is False


def test_unknown_action_is_ignored_and_recorded(start_session):
    """An action id outside the vocabulary is an input_ignored event, never an exception."""
    s = start_session()
    assert s.act("teleport") is False
    assert of_type(s, ev.INPUT_IGNORED)[0]["reason"] == "unknown action"
    assert s.turn == 0


# -- transitions ----------------------------------------------------------------------------------------


def test_transition_fires_on_its_technique_when_its_condition_holds(start_session, rich_path):
    """A transition fires when the turn has one of its techniques and its `when` holds; the new phase speaks."""
    s = start_session(rich_path)
    s.choose("contact.c1")  # 66 / 26: guard not yet true
    assert s.phase == "contact"
    mark = len(s.events)
    s.choose("contact.label")  # 59 / 32: emotion_label with trust >= 30 and agitation < 70
    assert s.phase == "talking"
    assert of_type(s, ev.PHASE_CHANGED, mark) == [{"from": "contact", "to": "talking", "transition": "opens_up"}]
    assert said_lines(s, mark) == ["talking.narration", "talking.enter.1"]
    assert s.variables["told_story"] is True  # the enter line's own change


def test_transition_waits_for_its_condition(start_session, rich_path):
    """The right technique with the condition false does not move the scene."""
    s = start_session(rich_path)
    s.choose("contact.label")  # 63 / 26: trust too low
    assert s.phase == "contact"
    assert of_type(s, ev.PHASE_CHANGED) == []


def test_transition_needs_its_trigger_not_just_its_condition(start_session, rich_path):
    """With the condition true, a technique the transition does not list does not fire it."""
    s = start_session(rich_path)
    s.choose("contact.c1")
    s.choose("contact.time")
    s.choose("contact.time")  # 58.5 / 30.5: condition holds, but give_time is not a trigger
    assert s.env()["trust"] >= 30 and s.env()["agitation"] < 70
    assert s.phase == "contact"


def test_transition_fires_on_a_choice(start_session, rich_path):
    """A choice listed in `on: choices` fires the transition (when its condition holds)."""
    s = start_session(rich_path)
    s.choose("contact.time")
    s.choose("contact.time")
    s.choose("contact.c1")
    assert s.phase == "talking"


def test_transition_fires_on_an_action(start_session):
    """An action listed in `on: actions` fires the transition, here into an ending."""
    s = start_session()
    s.act("physical_control")
    assert s.ending == "struggle"
    assert of_type(s, ev.SESSION_ENDED)[0]["outcome"] == "injury"


def test_transition_teaching_point_is_tied_to_its_turn(start_session, rich_path):
    """A transition's teaching point is an event of the turn that fired it."""
    s = start_session(rich_path)
    s.choose("contact.c1")
    s.choose("contact.label")
    (point,) = [e for e in s.events if e.type == ev.TEACHING_POINT]
    assert point.turn == 2
    assert point.data == {"text": "He told you his story once you asked and listened.", "source": "transition:opens_up"}


def test_condition_only_transition_fires(start_session, rich_path):
    """A transition without `on:` fires on its condition alone (agitation >= 95: he runs)."""
    s = start_session(rich_path)
    s.choose("contact.c2")
    s.choose("contact.c2")
    assert s.phase == "contact"
    s.choose("contact.argue")
    assert s.variables["agitation"] == 100
    assert of_type(s, ev.PHASE_CHANGED)[-1]["transition"] == "flees"
    assert s.ending == "runs_off" and s.finished


def test_condition_only_transition_fires_with_time_alone(start_session):
    """Drift and silence can fire a condition-only transition without any input."""
    s = start_session()
    s.wait(300)  # 10 silences (+20) and 5 minutes of drift (+5)
    assert s.ending == "runs_off"


def test_phase_turns_restart_in_a_new_phase(start_session, rich_path):
    """`phase_turns` counts the turns since the current phase was entered; `turn` counts them all."""
    s = start_session(rich_path)
    s.choose("contact.c1")
    s.choose("contact.label")
    s.act("step_back")
    assert (s.env()["turn"], s.env()["phase_turns"]) == (3, 1)


def test_the_machine_state_is_the_phase(start_session, rich_path):
    """The `transitions` machine's state is always the session's phase, and ends in the ending."""
    s = start_session(rich_path)
    seen = []
    s.subscribe(lambda e: seen.append((e.type, s.machine.get_model_state(s.machine.model).name, s.phase)))
    for choice in ("contact.c1", "contact.label"):
        s.choose(choice)
    s.act("physical_control")
    assert all(state == phase for _, state, phase in seen)
    assert [phase for kind, _, phase in seen if kind == ev.PHASE_CHANGED] == ["talking", "struggle"]
    assert s.machine.model.state == s.phase == "struggle"


# -- keywords ---------------------------------------------------------------------------------------------

SUMMARIZING_KEYWORD = ("techniques: [open_question]\n    change: {trust: 5}", "techniques: [summarize]\n    change: {trust: 5}")


def test_keyword_is_heard_and_adds_its_techniques(start_session, variant):
    """A keyword phrase in what is said is heard, adds the keyword's techniques, its change and its teaching point."""
    s = start_session(variant(SUMMARIZING_KEYWORD))
    s.say("tell me about the warehouse")
    assert of_type(s, ev.KEYWORD_HEARD) == [{"keyword": "mentions_job", "phrase": "the warehouse"}]
    (reading,) = of_type(s, ev.UNDERSTOOD)
    assert "summarize" in [h["id"] for h in reading["techniques"]]
    assert "keyword:mentions_job" in of_type(s, ev.STATE_CHANGED)[0]["causes"]
    points = [(e.turn, e.data["source"]) for e in s.events if e.type == ev.TEACHING_POINT]
    assert (1, "keyword:mentions_job") in points


def test_keyword_matches_without_case_or_punctuation(start_session):
    """Keywords match typed text with capitals and punctuation as well as recogniser output."""
    s = start_session()
    s.say("Your JOB, was it hard?")
    assert of_type(s, ev.KEYWORD_HEARD)[0]["phrase"] == "your job"


def test_a_once_keyword_counts_only_the_first_time(start_session):
    """A keyword with `once: true` is heard the first time only."""
    s = start_session()
    s.say("tell me about the warehouse")
    s.say("what happened at your job")
    assert len(of_type(s, ev.KEYWORD_HEARD)) == 1


def test_a_keyword_without_once_counts_every_time(start_session, variant):
    """A keyword without `once` is heard every time it is said."""
    s = start_session(variant(("    once: true\n", "")))
    s.say("tell me about the warehouse")
    s.say("what happened at your job")
    assert len(of_type(s, ev.KEYWORD_HEARD)) == 2


def test_a_keyword_counts_even_when_the_utterance_matches_a_choice(start_session):
    """A keyword in an utterance that also matches a menu choice is still heard."""
    s = start_session()
    s.say("Hi, I'm Officer Lee. What's going on at your job?")
    assert of_type(s, ev.CHOICE_MADE)  # precondition: taken as contact.c1
    assert of_type(s, ev.KEYWORD_HEARD)


# -- choices ----------------------------------------------------------------------------------------------


def test_a_choice_counts_its_techniques_and_its_action(start_session, rich_path):
    """A menu choice is one turn that counts its techniques (confidence 1) and its action."""
    s = start_session(rich_path)
    assert s.choose("contact.back") is True  # reassure + step_back
    assert s.turn == 1
    (made,) = of_type(s, ev.CHOICE_MADE)
    assert (made["choice"], made["techniques"], made["action"]) == ("contact.back", ["reassure"], "step_back")
    (reading,) = of_type(s, ev.UNDERSTOOD)
    assert reading["techniques"] == [{"id": "reassure", "confidence": 1.0, "evidence": "menu choice"}]
    assert of_type(s, ev.ACTION_TAKEN) == [{"action": "step_back", "via": "choice"}]
    assert s.officer["distance"] == 2
    assert (s.variables["agitation"], s.variables["trust"]) == (70 - 5 - 5, 20 + 4 + 3)


def test_a_choice_counts_its_referral(start_session, rich_path):
    """A choice with a referral offers it in the same turn."""
    s = start_session(rich_path)
    s.choose("contact.c1")
    s.choose("contact.label")
    s.choose("talking.c1")
    assert s.turn == 3
    (offer,) = of_type(s, ev.REFERRAL_OFFERED)
    assert (offer["resource"], offer["rating"]) == ("mobile_crisis_team", "best")


def test_a_choice_from_another_phase_is_ignored(start_session):
    """Only the current phase's choices count; another phase's choice is recorded as ignored."""
    s = start_session()
    assert s.choose("talking.c1") is False
    (ignored,) = of_type(s, ev.INPUT_IGNORED)
    assert (ignored["kind"], ignored["value"]) == ("choice", "talking.c1")
    assert "contact" in ignored["reason"]
    assert s.turn == 0 and s.variables["trust"] == 20


def test_an_unknown_choice_is_ignored(start_session):
    """A choice id that does not exist is recorded as ignored, never an exception."""
    s = start_session()
    assert s.choose("no.such.choice") is False
    assert of_type(s, ev.INPUT_IGNORED)[0]["kind"] == "choice"


# -- referrals --------------------------------------------------------------------------------------------


def test_accepted_referral_leads_to_its_ending(start_session, variant):
    """An accepted referral: the person says yes, and the scene moves to the referral's ending."""
    s = start_session(variant(('accept_when: "trust >= 45 and agitation <= 50"', 'accept_when: "trust >= 20"')))
    mark = len(s.events)
    assert s.refer("mobile_crisis_team") is True
    assert of_type(s, ev.REFERRAL_OFFERED, mark)[0]["accepted"] is True
    assert [d["text"] for d in of_type(s, ev.PERSON_SAID, mark)] == ["Okay. I'll talk to them.", "Thanks for listening."]
    (ended,) = of_type(s, ev.SESSION_ENDED)
    assert (ended["ending"], ended["outcome"]) == ("goes_with_team", "voluntary_help")
    assert s.ending == "goes_with_team" and s.turn == 1


def test_declined_referral_says_why_and_changes_trust(start_session):
    """A declined referral: the person says why, its change applies, and the scene stays."""
    s = start_session()
    mark = len(s.events)
    assert s.refer("mobile_crisis_team") is False
    assert [d["text"] for d in of_type(s, ev.PERSON_SAID, mark)] == ["I'm not crazy."]
    assert s.variables["trust"] == 17
    assert s.phase == "contact" and s.ending is None and s.turn == 1


def test_declined_referral_without_its_own_reply_uses_the_defaults(start_session):
    """Without `declined:`, trust drops by the default and a line `after: [referral]` answers."""
    s = start_session()
    mark = len(s.events)
    assert s.refer("crisis_line_988") is False
    assert said_lines(s, mark) == ["contact.refer.1"]
    assert s.variables["trust"] == 18


def test_harmful_referral_can_end_the_scene(start_session):
    """Jail, rated harmful and accepted when true, ends the scene in arrest."""
    s = start_session()
    s.refer("jail")
    assert s.ending == "arrested"
    assert of_type(s, ev.REFERRAL_OFFERED)[0]["rating"] == "harmful"


def test_unknown_referral_is_ignored_and_recorded(start_session):
    """A referral id outside the vocabulary is an input_ignored event, never an exception."""
    s = start_session()
    assert s.refer("the_moon") is None
    assert of_type(s, ev.INPUT_IGNORED) == [{"kind": "referral", "value": "the_moon", "reason": "unknown resource"}]
    assert s.turn == 0


def test_unrated_referral_is_ignored_and_recorded(start_session, variant):
    """A referral the scenario does not rate is ignored with a reason."""
    s = start_session(variant(("  youth_services: {rating: poor, why: He is an adult.}\n", "")))
    assert s.refer("youth_services") is None
    assert of_type(s, ev.INPUT_IGNORED)[0]["reason"] == "this scenario does not rate it"


# -- time ----------------------------------------------------------------------------------------------------


def test_drift_moves_the_person_per_minute(start_session, variant):
    """`drift.per_minute` applies continuously with time: two minutes of +1/min is +2."""
    s = start_session(variant(NO_SILENCE))
    s.clock.advance(120)
    s.tick()
    assert s.variables["agitation"] == 72
    assert of_type(s, ev.STATE_CHANGED)[0]["causes"] == ["drift"]


def test_drift_is_applied_before_an_input(start_session, variant):
    """Time that passed before a turn is accounted for before the turn's own effect."""
    s = start_session(variant(NO_SILENCE))
    s.clock.advance(60)
    s.act("hands_visible")
    assert s.variables["agitation"] == 70 + 1 - 3


def test_silence_moves_the_person_and_gets_a_reply(start_session):
    """Each `after_seconds` of silence applies the silence change once, and the person answers the silence."""
    s = start_session()
    s.wait(29)
    assert said_lines(s, 3) == []
    mark = len(s.events)
    s.wait(1)
    assert said_lines(s, mark) == ["contact.silence.1"]
    assert s.variables["agitation"] == pytest.approx(70 + 0.5 + 2)
    assert [d["seconds"] for d in of_type(s, ev.WAITED)] == [29, 1]


def test_an_input_resets_the_silence(start_session):
    """Any input restarts the silence count."""
    s = start_session()
    s.wait(20)
    s.act("hands_visible")
    mark = len(s.events)
    s.wait(20)
    assert "contact.silence.1" not in said_lines(s, mark)


def test_turn_limit_ends_in_the_unresolved_ending(start_session, variant):
    """Reaching `limits.turns` ends the session in the limits' ending."""
    s = start_session(variant(("limits: {turns: 30", "limits: {turns: 3")))
    for _ in range(3):
        s.act("hands_visible")
    assert s.ending == "out_of_time"
    assert of_type(s, ev.SESSION_ENDED)[0]["outcome"] == "unresolved"


def test_time_limit_ends_the_session_at_the_next_turn(start_session, variant):
    """Once `limits.minutes` have passed, the next turn ends the session in the limits' ending."""
    s = start_session(variant(("minutes: 15", "minutes: 1")))
    s.clock.advance(61)
    s.act("hands_visible")
    assert s.ending == "out_of_time"


def test_time_limit_ends_the_session_on_a_tick(start_session, variant):
    """Time running out while the officer does nothing ends the session at the tick."""
    s = start_session(variant(("minutes: 15", "minutes: 1"), NO_SILENCE))
    s.clock.advance(61)
    s.tick()
    assert s.ending == "out_of_time"


def test_time_limit_ends_the_session_during_a_silence(start_session, variant):
    """Time running out during a silence ends the session at that tick, even if the person also answers the silence."""
    s = start_session(variant(("minutes: 15", "minutes: 1"), NO_FLEEING))
    s.wait(61)
    assert s.ending == "out_of_time"


# -- the end ----------------------------------------------------------------------------------------------------


def test_inputs_after_the_end_are_ignored(start_session):
    """After an ending every input is recorded as ignored and changes nothing."""
    s = start_session()
    s.refer("jail")
    state, turn, mark = dict(s.variables), s.turn, len(s.events)
    s.say("are you ok")
    s.choose("contact.c1")
    s.act("step_back")
    s.refer("mobile_crisis_team")
    s.wait(60)
    s.tick()
    logged = [e.data["kind"] for e in s.events[mark:] if e.type == ev.INPUT]
    assert logged == ["say", "choose", "act", "refer", "wait"]  # each input is logged; the tick after the end is not
    ignored = [e for e in s.events[mark:] if e.type != ev.INPUT]
    assert [e.type for e in ignored] == [ev.INPUT_IGNORED] * 5
    assert {e.data["reason"] for e in ignored} == {"the session has ended"}
    assert s.variables == state and s.turn == turn and s.ending == "arrested"


def test_quit_closes_without_an_ending(start_session):
    """quit() closes the session with a reason and no ending; later inputs are ignored."""
    s = start_session()
    s.quit()
    assert s.finished and s.closed and s.ending is None
    assert of_type(s, ev.SESSION_CLOSED) == [{"reason": "the trainee ended the session"}]
    s.act("step_back")
    s.quit()
    assert [e.type for e in s.events[-3:]] == [ev.SESSION_CLOSED, ev.INPUT, ev.INPUT_IGNORED]  # the second quit: nothing


def test_quit_after_an_ending_does_nothing(start_session):
    """An ended session cannot also be closed."""
    s = start_session()
    s.refer("jail")
    s.quit()
    assert of_type(s, ev.SESSION_CLOSED) == []


# -- reproducibility and the event stream -----------------------------------------------------------------------


def play_mixed(path, seed: int) -> Session:
    scenario, _ = load_scenario(path)
    s = Session(scenario, seed=seed, clock=ManualClock())
    s.start()
    s.say("hi i'm officer lee i'm not here to hurt you")
    s.clock.advance(5)
    s.act("step_back")
    s.choose("contact.c1")
    s.wait(31)
    s.say("it sounds like you're really scared right now")
    s.refer("crisis_line_988")
    s.act("teleport")
    s.clock.advance(3)
    s.say("tell me about the warehouse")
    s.refer("mobile_crisis_team")
    s.act("physical_control")
    return s


def test_same_seed_and_inputs_give_identical_events(minimal_path):
    """A session is reproducible: the same seed, inputs and times give the same event list."""
    a = [e.to_dict() for e in play_mixed(minimal_path, 7).events]
    b = [e.to_dict() for e in play_mixed(minimal_path, 7).events]
    assert a == b


def test_different_seeds_can_pick_different_lines(start_session):
    """When several lines fit, the seed decides which one is said."""
    first_replies = set()
    for seed in range(20):
        s = start_session(seed=seed)
        s.act("hands_visible")
        first_replies.add(said_lines(s, 3)[0])
    assert first_replies == {"contact.high.1", "contact.any.1"}


def test_lines_answering_the_move_win(start_session):
    """A line `after:` the turn's technique or action is said rather than a general one."""
    s = start_session()
    s.act("approach")
    assert said_lines(s, 3) == ["contact.close.1"]


def test_recent_lines_are_avoided(start_session):
    """When several lines fit, the one just said is not repeated."""
    s = start_session(seed=3)
    s.act("hands_visible")
    s.act("sit_down")
    first, second = said_lines(s, 3)
    assert first != second


def test_event_stream_is_ordered_timed_and_serialisable(minimal_path):
    """Every event has seq = its index, non-decreasing t and turn, and plain JSON data that round-trips."""
    events = play_mixed(minimal_path, 3).events
    assert [e.seq for e in events] == list(range(len(events)))
    assert all(a.t <= b.t for a, b in itertools.pairwise(events))
    assert all(a.turn <= b.turn for a, b in itertools.pairwise(events))
    for e in events:
        text = json.dumps(e.to_dict(), allow_nan=False)
        assert json.loads(text) == e.to_dict()


def test_listeners_receive_every_event_in_order(start_session):
    """subscribe() delivers every later event, in order, as it happens."""
    s = start_session()
    got = []
    s.subscribe(got.append)
    s.act("step_back")
    s.refer("jail")
    assert got == s.events[3:]


def test_snapshot_reports_the_current_state(start_session):
    """snapshot() gives phase, variables, officer facts, turn, elapsed time and ending."""
    s = start_session()
    s.clock.advance(12.5)
    s.act("step_back")
    snap = s.snapshot()
    assert (snap["phase"], snap["turn"], snap["elapsed"], snap["ending"]) == ("contact", 1, 12.5, None)
    assert snap["officer"]["distance"] == 2 and "agitation" in snap["variables"]


def test_inputs_can_be_performed_by_name(start_session):
    """Scripts and replays drive a session by input kind; an unknown kind is a programming error."""
    s = start_session()
    s.perform("say", "it sounds like you're really scared right now")
    s.perform("action", "step_back")
    assert s.turn == 2
    with pytest.raises(ValueError, match="unknown input kind"):
        s.perform("dance")


def test_a_spoken_turn_records_what_was_heard_beside_what_was_sent():
    """The trainee corrected the recogniser before sending: the turn is read as sent, and the record keeps both."""
    from simulator.catalog import find
    from simulator.inputs import Say
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=1)
    session.handle(Say("you sound exhausted", "speech", heard="you sound exhaustive", confidence=0.55))
    (said,) = [e for e in session.events if e.type == ev.TRAINEE_SAID]
    assert said.data == {"text": "you sound exhausted", "source": "speech", "heard": "you sound exhaustive", "confidence": 0.55}


def _turn_events(session, turn: int) -> list:
    return [e for e in session.events if e.turn == turn]


def test_a_turn_in_a_language_the_reader_cannot_read_moves_nobody():
    """Spanish to a person who is read in English: flagged as not understood, and she is not moved by it."""
    from simulator.catalog import find
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=1)
    session.say("hi, I'm officer Lee")
    before = dict(session.variables)
    reading = session.say("Tranquilo, todo va a estar bien, estoy aquí para ayudarte")
    assert reading is not None and not reading.understood and reading.language == "es"
    turn = _turn_events(session, session.turn)
    assert [e.type for e in turn] == [ev.TRAINEE_SAID, ev.UNDERSTOOD]  # no reply, no change, no transition
    assert turn[-1].data["understood"] is False and turn[-1].data["language"] == "es"
    assert session.variables == before


def test_a_broken_promise_becomes_a_teaching_point_naming_the_turn():
    """'Nobody is taking you to the hospital', then the emergency department: taught once, with the promise's turn."""
    from simulator.catalog import find
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=1)
    session.say("hi, I'm officer Lee")
    session.say("nobody is going to take you to the hospital, okay?")
    session.refer("emergency_department")
    session.refer("emergency_department")
    points = [e for e in session.events if e.type == ev.TEACHING_POINT and e.data["source"] == "promise:no_hospital"]
    assert len(points) == 1 and "turn 2" in points[0].data["text"]


def test_a_kept_promise_is_not_taught():
    from simulator.catalog import find
    from simulator.session import Session

    session = Session(find("bridge_suicidal"), seed=1)
    session.say("nobody is going to take you to the hospital")
    session.refer("mobile_crisis_team")
    assert not [e for e in session.events if e.type == ev.TEACHING_POINT and e.data["source"].startswith("promise:")]


def test_a_polite_order_costs_less_than_a_bare_one():
    """Both are orders (command); the hedged one is marked softened and moves the person half as far."""
    from simulator.catalog import find
    from simulator.session import Session

    def cost(line: str) -> float:
        session = Session(find("bridge_suicidal"), seed=1)
        session.say("hi, I'm officer Lee")
        before = session.variables["agitation"]
        reading = session.say(line)
        assert reading is not None and reading.primary == "command"
        return session.variables["agitation"] - before

    bare, polite = cost("Get back over the railing."), cost("Could you maybe come back over the railing for me, please?")
    assert 0 < polite < bare


def test_a_plain_question_with_a_faint_insult_reading_is_still_answered():
    """The reader may give a plain question a faint 'insult'; only a sure one (or one leading the turn) goes unanswered.

    The readings are given (the session's rule is under test, not the reader's weights).
    """
    from simulator.catalog import find
    from simulator.session import Session
    from simulator.understanding.reading import Reading, TechniqueHit

    class Given:
        def __init__(self, insult: float) -> None:
            self.insult = insult

        def read(self, text: str) -> Reading:
            if "name" not in text:
                return Reading.of(text, [TechniqueHit("introduce", 0.9, "given")])
            hits = (TechniqueHit("open_question", 0.9, "given"), TechniqueHit("insult", self.insult, "given"))
            return Reading(text, hits, "open_question" if self.insult < 0.5 else "insult", "supportive" if self.insult < 0.5 else "escalating")

    bridge = find("bridge_suicidal")
    for insult, answered in ((0.2, True), (0.95, False)):
        session = Session(bridge, seed=3, reader=Given(insult))
        session.say("hi i'm officer ruiz i'm here to help")
        session.act("step_back")
        session.say(bridge.topics["name"].phrasings[0])
        topics = [e.data.get("topic") for e in session.events if e.type == ev.PERSON_SAID and e.turn == session.turn]
        assert ("name" in topics) is answered, (insult, topics)


def test_an_offer_she_would_take_but_made_too_soon_is_weighed_then_answered():
    """The skilled path played at twice the speed a person can take: the offer is weighed (no refusal, no cost),
    and she answers it once the scenario's minimum pace is met."""
    from simulator.catalog import find
    from simulator.clock import ManualClock
    from simulator.inputs import Refer, Tick
    from simulator.script import parse_script, seconds_before
    from simulator.session import Session

    bridge = find("bridge_suicidal")
    pt = next(p for p in bridge.playthroughs if p.expect_outcome == "voluntary_help"
              or (p.expect_ending and bridge.endings[p.expect_ending].outcome == "voluntary_help"))
    session = Session(bridge, seed=pt.seed, clock=ManualClock())
    session.start()
    for step in parse_script("\n".join(pt.script)):
        if session.finished:
            break
        session.clock.advance(seconds_before(session, step.input) / 2)
        session.handle(step.input)
    offers = [e for e in session.events if e.type == ev.REFERRAL_OFFERED]
    assert not session.finished and session.pending_offer is not None, [o.data for o in offers]
    assert offers[-1].data["pending"] is True and offers[-1].data["held_back"].startswith("too soon")
    trust = session.variables["trust"]
    session.clock.advance(session.seconds_to_pace() + 1)
    session.handle(Tick())
    assert session.ending and bridge.endings[session.ending].outcome == "voluntary_help"
    resumed = [e for e in session.events if e.type == ev.REFERRAL_OFFERED][-1]
    assert resumed.data["accepted"] and resumed.data["resumed"] and session.variables["trust"] >= trust
    assert isinstance(Refer(resumed.data["resource"]), Refer)


def test_naming_what_the_briefing_said_is_not_name_dropping():
    """The divorce is on the person's card the trainee reads: naming it is not naming a fact she never told;
    a turn of several facts nobody has told yet is recorded as such."""
    from simulator.catalog import find
    from simulator.session import Session

    bridge = find("bridge_suicidal")
    session = Session(bridge, seed=1)
    assert "divorce" in bridge.person.presentation  # the card the trainee reads names it
    assert session._untold("since the divorce, your son eli and your sister karen") == ["sister", "son"]
    untold = [f for f in bridge.facts.values() if f.mentions and not f.known and not f.feeling and f.id != "divorce"]
    text = " and ".join(f.mentions[0] for f in untold[:8])
    assert len(session._untold(text)) >= 3


def test_a_stuffed_turn_meets_no_objective():
    """The suicide question asked alone meets the bridge's objective; fired among three other questions, it does not."""
    from simulator.catalog import find
    from simulator.session import Session

    def met(line: str) -> list:
        session = Session(find("bridge_suicidal"), seed=1)
        session.say("hi, I'm officer Lee")
        session.say(line)
        return [e.data["objective"] for e in session.events if e.type == ev.OBJECTIVE_MET and e.turn == session.turn]

    alone = met("Denise, are you thinking about killing yourself?")
    barrage = met("What's your name? Are you cold? Is anyone coming? Are you thinking about killing yourself?")
    assert alone and not barrage, (alone, barrage)
