"""simulator.scenario.checks: scenarios that load but cannot play well (graph, coverage, voices)."""

from __future__ import annotations

# Variants of minimal.yaml in which no ending can be reached except by the time limit.
NO_ENDINGS = (
    ("to: struggle", "to: contact"),
    ("to: runs_off", "to: contact"),
    ("accepted: {to: goes_with_team, say", "accepted: {say"),
    ("accepted: {to: arrested}", "accepted: {say: Fine.}"),
)
# Remove the catch-all line and leave a gap (50 <= agitation < 60) that no line covers.
SILENT_GAP = (
    ("      - {id: contact.any.1, text: I just want to be left alone.}\n", ""),
    ('when: "agitation < 60"', 'when: "agitation < 50"'),
)


def test_unreachable_phase_is_an_error(checked, where):
    """A phase no transition or referral leads to is an error at its id."""
    c = checked(("    to: talking\n", "    to: runs_off\n"))
    (d,) = c.errors
    assert d.message == "phase 'talking' can never be reached"
    assert "add a transition whose `to:` is this phase" in d.hint
    assert (d.line, d.column) == where(c.path, "talking\n")


def test_phase_with_no_way_out_is_an_error(checked, where):
    """A phase that no transition or referral leaves is a trap: an error at its id."""
    c = checked(
        ('from: "*"\n    to: struggle', "from: [contact]\n    to: struggle"),
        ('from: "*"\n    to: runs_off', "from: [contact]\n    to: runs_off"),
        ("accepted: {to: goes_with_team, say", "accepted: {say"),
        ("accepted: {to: arrested}", "accepted: {say: Fine.}"),
    )
    (d,) = c.errors
    assert d.message == "phase 'talking' has no way out"
    assert d.hint == "add a transition from it to another phase or an ending"
    assert (d.line, d.column) == where(c.path, "talking\n")


def test_referral_outcomes_count_as_ways_out(checked):
    """A phase left only through a referral's outcome is not a trap."""
    c = checked(('from: "*"\n    to: struggle', "from: [contact]\n    to: struggle"), ('from: "*"\n    to: runs_off', "from: [contact]\n    to: runs_off"))
    assert c.errors == []


def test_no_reachable_ending_is_an_error(checked, where):
    """If only the time limit can end the scenario, that is an error at `endings:`."""
    c = checked(*NO_ENDINGS)
    (d,) = c.errors
    assert d.message == "no ending can be reached except by running out of time"
    assert d.line == where(c.path, "- id: goes_with_team")[0]


def test_unreachable_ending_is_a_warning(checked, where):
    """An ending nothing leads to is a warning at its id (the scenario still plays)."""
    c = checked(("accepted: {to: arrested}", "accepted: {to: struggle}"))
    assert c.errors == []
    d = c.warning("ending 'arrested' can never be reached")
    assert (d.line, d.column) == where(c.path, "arrested\n")


def test_time_limit_ending_needs_no_transition(minimal_path, check):
    """The limits' ending is reached by the clock, so it is never reported as unreachable."""
    assert not [d for d in check(minimal_path).warnings if "out_of_time" in d.message]


def test_silent_state_is_a_warning_naming_the_state(checked, where):
    """A phase where, for some state, no line fits is a warning that names such a state; the file still loads."""
    c = checked(*SILENT_GAP)
    assert c.errors == []
    assert c.scenario is not None
    d = c.warning("has no line to say")
    assert d.severity == "warning"
    assert d.message.startswith("in phase 'contact' the person has no line to say when agitation=5")
    assert "told_story=" in d.message
    assert "catch-all" in d.hint
    assert d.line == where(c.path, "      - {id: contact.cmd.1")[0]


def test_lines_that_only_answer_something_do_not_cover_a_state(checked):
    """Lines with `after:` are replies to a move, so they do not count as something to say in general."""
    c = checked(*SILENT_GAP, ('      - {id: contact.high.1, when: "agitation >= 60", text', "      - {id: contact.high.1, after: [other], text"))
    assert c.warning("has no line to say")


def test_a_line_without_when_covers_every_state(checked):
    """A catch-all line (no `when`, no `after`) silences the warning."""
    c = checked(('when: "agitation < 60"', 'when: "agitation < 50"'))
    assert not [d for d in c.warnings if "no line to say" in d.message]


def test_conditions_that_cover_every_state_need_no_catch_all(checked):
    """Complementary conditions (>= 60 / < 60) cover every state without a catch-all."""
    c = checked(("      - {id: contact.any.1, text: I just want to be left alone.}\n", ""))
    assert not [d for d in c.warnings if "no line to say" in d.message]


def test_missing_voice_profile_is_a_warning(checked, where):
    """A person whose voice profile is not in voices/ is a warning at `voice:`."""
    c = checked(("voice: test_voice", "voice: nobody_sounds_like_this"))
    assert c.errors == []
    d = c.warning("nobody_sounds_like_this")
    assert d.message == "no voice profile 'nobody_sounds_like_this' in voices/"
    assert "voices/nobody_sounds_like_this.yaml" in d.hint
    assert (d.line, d.column) == where(c.path, "nobody_sounds_like_this")


def test_missing_character_voice_is_a_warning_at_that_character(checked, where):
    """A character's missing voice is a warning on that character's `voice:`."""
    c = checked(("  - {id: dispatcher, name: Dispatch}\n", "  - {id: medic, name: Medic}\n  - {id: dispatcher, name: Dispatch, voice: radio_voice}\n"))
    d = c.warning("radio_voice")
    assert (d.line, d.column) == where(c.path, "radio_voice")


def test_a_shipped_voice_raises_no_warning(checked):
    """A voice profile that exists in voices/ is fine."""
    from simulator.voices import voice_ids

    some_voice = sorted(voice_ids())[0]
    c = checked(("voice: test_voice", f"voice: {some_voice}"))
    assert not [d for d in c.warnings if "voice" in d.message]


def test_graph_errors_keep_the_model_from_playing(checked):
    """A scenario with a graph error is not returned for play."""
    assert checked(*NO_ENDINGS).scenario is None
