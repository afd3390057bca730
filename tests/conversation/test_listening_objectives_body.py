"""Content-graded listening, checkable objectives, floors, pacing, idle actions and seeded variation."""

from __future__ import annotations

import itertools

import pytest

from simulator.conversation import body
from simulator.conversation.listening import grade
from simulator.conversation.objectives import ObjectiveTracker, TurnContent
from simulator.conversation.variation import vary
from simulator.scenario.loader import load_scenario_or_raise


@pytest.fixture(scope="module")
def bridge():
    return load_scenario_or_raise("scenarios/bridge_suicidal.yaml")


def test_a_reflection_of_what_she_said_counts_fully(bridge):
    g = grade(bridge, "So you signed the house over today, after nineteen years.", "paraphrase", {"house_sold"}, 0)
    assert (g.quality, g.facts, g.weight) == ("content", ("house_sold",), 1.0)


def test_a_generic_reflection_counts_less_and_wears_off(bridge):
    weights = [grade(bridge, "It sounds like you're going through a lot.", "emotion_label", set(), n).weight for n in range(4)]
    assert weights[0] < 1.0 and all(a > b for a, b in itertools.pairwise(weights))


def test_reflecting_something_never_said_is_a_misfire(bridge):
    g = grade(bridge, "So the divorce is what brought you here.", "paraphrase", set(), 0)
    assert g.quality == "misfire" and g.facts == ("divorce",) and g.weight == 0


def test_naming_a_feeling_she_shows_is_not_a_misfire(bridge):
    assert grade(bridge, "You look exhausted.", "emotion_label", set(), 0).quality == "generic"


def test_an_objective_needs_every_kind_it_lists_in_the_same_turn(bridge):
    tracker = ObjectiveTracker(bridge.objectives)
    # a substance question read as ask_about_harm does not pass the suicide question
    env = {"opened_up": False}
    assert tracker.update(TurnContent(techniques=frozenset({"ask_about_harm"}), topics=frozenset({"substances"})), env, 3) == []
    assert tracker.update(TurnContent(techniques=frozenset({"ask_about_harm"}), topics=frozenset({"suicide"})), env, 4) == ["asks_about_suicide"]
    assert tracker.env()["met_asks_about_suicide"] and tracker.met == {"asks_about_suicide": 4}


def test_an_objective_with_when_only_counts_while_it_holds(bridge):
    tracker = ObjectiveTracker(bridge.objectives)
    turn = TurnContent(topics=frozenset({"son"}), techniques=frozenset({"open_question"}))
    assert tracker.update(turn, {"opened_up": False}, 1) == []
    assert tracker.update(turn, {"opened_up": True}, 2) == ["her_own_reasons"]


def test_floors_stop_moves_but_do_not_cause_them(bridge):
    env = {"met_asks_about_suicide": False, "met_reflects_her_losses": False}
    assert body.hold(bridge, "agitation", 45.0, 30.0, env) == 38.0
    assert body.hold(bridge, "agitation", 36.0, 30.0, env) == 36.0  # already past the floor: not pushed back, not lowered
    assert body.hold(bridge, "trust", 40.0, 50.0, env) == 44.0
    met = {"met_asks_about_suicide": True, "met_reflects_her_losses": True}
    assert body.hold(bridge, "agitation", 45.0, 30.0, met) == 30.0
    assert body.hold(bridge, "agitation", 20.0, 5.0, met) == 12.0  # the body's floor holds always


def test_a_good_ending_waits_for_its_objectives_and_the_minimum_pace(bridge):
    all_met = {f"met_{o.id}": True for o in bridge.objectives}
    assert "too soon" in body.ending_blocked(bridge, "gets_help_tonight", {**all_met, "elapsed": 99, "turn": 8})
    assert "requires" in body.ending_blocked(bridge, "gets_help_tonight", {**all_met, "met_her_own_reasons": False, "elapsed": 900, "turn": 30})
    assert body.ending_blocked(bridge, "gets_help_tonight", {**all_met, "elapsed": 900, "turn": 30}) is None
    assert body.ending_blocked(bridge, "lets_go", {"elapsed": 5, "turn": 1}) is None  # a catastrophe has no minimum pace


@pytest.mark.parametrize(("action", "officer", "idle"), [
    ("step_back", {"distance": 3}, True), ("step_back", {"distance": 1}, False),
    ("sit_down", {"seated": True}, True), ("hands_visible", {"hands_shown": False}, False),
    ("approach", {"distance": 0}, True), ("call_backup", {"backup_called": True}, True),
])
def test_actions_repeated_to_no_purpose_are_idle(action, officer, idle):
    assert body.action_is_idle(action, officer) is idle


def test_the_seed_varies_the_person_within_declared_ranges(bridge):
    people = [vary(bridge, seed) for seed in range(30)]
    starts = {p.start["agitation"] for p in people}
    assert len(starts) > 3 and all(60 <= a <= 72 for a in starts)
    assert all(1.0 <= p.scale["approach"] <= 1.6 for p in people)
    assert vary(bridge, 7) == vary(bridge, 7)
