"""simulator.script: transcripts (one turn a line) parsed and played on a simulated clock."""

from __future__ import annotations

import json

import pytest

from simulator import events as ev
from simulator.inputs import Act, Choose, Refer, Say, Wait
from simulator.scenario.loader import load_scenario
from simulator.script import ScriptError, Step, parse_script, play_steps, result, run_script
from simulator.session import Session

RESULT_KEYS = {"scenario", "seed", "ending", "variables", "scores", "turns", "events"}
SCORE_KEYS = {"calmness", "safety", "referral", "communication", "overall"}


def test_lines_become_steps_with_their_line_numbers():
    """Each non-empty line is one step, numbered by its line in the file; text is speech, `/` starts a command."""
    steps = parse_script("hello there\n\n/step_back\n/refer mobile_crisis_team\n/choose contact.c1\n/wait 30\n")
    assert steps == [
        Step(1, Say("hello there", "script")),
        Step(3, Act("step_back")),
        Step(4, Refer("mobile_crisis_team")),
        Step(5, Choose("contact.c1")),
        Step(6, Wait(30.0)),
    ]


def test_comments_are_skipped():
    """`#` at the start of a line, or after a space, starts a comment; a `#` inside a word does not."""
    steps = parse_script("# opening\n  # indented comment\nhello # greet him\n/refer jail   # the wrong call\nroom#4 is here\n")
    assert steps == [Step(3, Say("hello", "script")), Step(4, Refer("jail")), Step(5, Say("room#4 is here", "script"))]


def test_surrounding_spaces_are_ignored():
    """Leading and trailing spaces do not change a line."""
    assert parse_script("   /step_back   \n\t hi \n") == [Step(1, Act("step_back")), Step(2, Say("hi", "script"))]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/", "an empty command '/'"),
        ("/refer", "'/refer' needs one id"),
        ("/refer jail mobile_crisis_team", "'/refer' needs one id"),
        ("/refer mobile_crisis", "unknown referral 'mobile_crisis' — did you mean 'mobile_crisis_team'?"),
        ("/choose", "'/choose' needs one id"),
        ("/wait", "'/wait' needs a number of seconds"),
        ("/wait soon", "'/wait' needs a number of seconds"),
        ("/wait -1", "'/wait' needs a number of seconds"),
        ("/wait nan", "'/wait' needs a number of seconds"),
        ("/wait inf", "'/wait' needs a number of seconds"),
        ("/tackle", "unknown command '/tackle' — use one of:"),
        ("/stepback", "unknown command '/stepback' — did you mean 'step_back'?"),
    ],
)
def test_bad_command_is_an_error_with_the_line_number(line, says):
    """A command that cannot be played is a ScriptError naming the source, the line and what to write."""
    with pytest.raises(ScriptError) as caught:
        parse_script(f"hello\n# comment\n{line}\n", "talk.txt")
    assert str(caught.value).startswith(f"talk.txt:3: {says}")


def test_a_script_plays_on_a_simulated_clock(minimal_path):
    """Each turn takes simulated time (speaking, listening), so time passes as it would live."""
    scenario, _ = load_scenario(minimal_path)
    session = run_script(scenario, parse_script("/hands_visible\n/sit_down\n"), seed=1)
    times = [e.t for e in session.events if e.type == ev.ACTION_TAKEN]
    assert 0 < times[0] < times[1]


def test_wait_lets_time_pass(minimal_path):
    """`/wait SECONDS` is silence: the clock moves and the person answers the silence."""
    scenario, _ = load_scenario(minimal_path)
    session = run_script(scenario, parse_script("/wait 30\n"))
    (waited,) = [e for e in session.events if e.type == ev.WAITED]
    assert waited.data == {"seconds": 30.0}
    assert waited.t >= 30
    assert any(e.data.get("line") == "contact.silence.1" for e in session.events if e.type == ev.PERSON_SAID)
    assert session.turn == 0


def test_commands_reach_the_session(minimal_path):
    """`/ACTION`, `/choose ID` and `/refer ID` become an action, a menu choice and a referral."""
    scenario, _ = load_scenario(minimal_path)
    session = run_script(scenario, parse_script("/step_back\n/choose contact.c1\n/refer crisis_line_988\n"))
    types = [e.type for e in session.events if e.type in ev.INPUT_TYPES]
    assert types == [ev.ACTION_TAKEN, ev.CHOICE_MADE, ev.REFERRAL_OFFERED]
    assert session.turn == 3


def test_speech_lines_are_said(minimal_path):
    """A plain line is said, as typed by a script."""
    scenario, _ = load_scenario(minimal_path)
    session = run_script(scenario, parse_script("what's been going on today\n"))
    (said,) = [e.data for e in session.events if e.type == ev.TRAINEE_SAID]
    assert said == {"text": "what's been going on today", "source": "script"}


def test_the_script_stops_at_an_ending(minimal_path):
    """Lines after the ending are not played (no ignored inputs pile up)."""
    scenario, _ = load_scenario(minimal_path)
    session = run_script(scenario, parse_script("/refer jail\n/step_back\nhello\n"))
    assert session.ending == "arrested" and session.turn == 1
    assert not [e for e in session.events if e.type == ev.INPUT_IGNORED]


def test_play_steps_continues_an_existing_session(minimal_path):
    """play_steps feeds steps to a session someone else made (it starts it if needed)."""
    scenario, _ = load_scenario(minimal_path)
    session = Session(scenario, seed=4)
    play_steps(session, parse_script("/physical_control\n"))
    assert session.ending == "struggle"


def test_same_script_and_seed_give_the_same_result(minimal_path):
    """A script is reproducible: same scenario, script and seed, same JSON."""
    scenario, _ = load_scenario(minimal_path)
    text = "hi i'm officer lee\n/wait 40\nit sounds like you're scared\n/refer mobile_crisis_team\n"
    a = result(run_script(scenario, parse_script(text), seed=5))
    b = result(run_script(scenario, parse_script(text), seed=5))
    assert a == b


def test_result_has_exactly_the_documented_keys(minimal_path):
    """result() is the `play --json` shape: scenario, seed, ending {id, outcome}, variables, scores, turns, events."""
    scenario, _ = load_scenario(minimal_path)
    out = result(run_script(scenario, parse_script("/step_back\n/physical_control\n"), seed=9))
    assert set(out) == RESULT_KEYS
    assert (out["scenario"], out["seed"], out["turns"]) == ("minimal", 9, 2)
    assert out["ending"] == {"id": "struggle", "outcome": "injury"}
    assert set(out["scores"]) == SCORE_KEYS
    assert set(out["variables"]) == {"agitation", "trust", "hope", "told_story"}
    assert out["events"][0]["type"] == ev.SESSION_STARTED
    assert json.loads(json.dumps(out, allow_nan=False)) == out


def test_result_without_an_ending_has_ending_null(minimal_path):
    """A script that stops before any ending reports `ending: null`."""
    scenario, _ = load_scenario(minimal_path)
    out = result(run_script(scenario, parse_script("/hands_visible\n")))
    assert out["ending"] is None
    assert json.loads(json.dumps(out))["ending"] is None
