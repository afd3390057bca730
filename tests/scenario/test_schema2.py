"""Schema 2 (facts, topics, objectives, floors, pacing, variation): what loads, and every way it is caught wrong.

Each test breaks a copy of tests/fixtures/scenarios/minimal_v2.yaml in one place and checks
the positioned message: the line it points at, error or warning, and what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_file, locate

MINIMAL_V2 = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal_v2.yaml"


@pytest.fixture
def v2(tmp_path):
    def make(*replacements: tuple[str, str]):
        text = MINIMAL_V2.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"minimal_v2.yaml no longer contains {old!r}: update the test"
            text = text.replace(old, new, 1)
        path = tmp_path / "v2.yaml"
        path.write_text(text, encoding="utf-8")
        return check_file(path)
    return make


def test_the_v2_fixture_loads_with_its_conversation():
    c = check_file(MINIMAL_V2)
    assert c.errors == []
    s = c.scenario
    assert s.schema_version == 2 and s.conversational
    assert {"name", "fired", "sister", "scared", "officer_name"} <= set(s.facts)
    assert len(s.topics) == 18 and s.topics["name"].common and not s.topics["warehouse"].common
    # a common topic takes the shared phrasings from defaults.yaml
    assert len(s.topics["name"].phrasings) >= 6
    assert [o.id for o in s.objectives] == ["asks_his_story", "reflects_the_job"]
    assert s.endings["goes_with_team"].requires is not None
    assert s.pacing.min_seconds == 60 and s.variation.start["agitation"] == (66.0, 74.0)


def test_schema_1_files_still_load_without_a_conversation(minimal_path):
    c = check_file(minimal_path)
    assert c.errors == [] and not c.scenario.conversational and c.scenario.topics == {}


def test_a_line_that_speaks_of_an_untold_fact_is_an_error(v2):
    c = v2(("      - {id: contact.any.1, text: I just want to be left alone.}",
            "      - {id: contact.any.1, text: I just want to be left alone.}\n      - {id: contact.ruth, text: Ruth would know what to do.}"))
    e = c.error("line 'contact.ruth' speaks of sister")
    assert e.line == locate(c.path, "contact.ruth")[0]
    assert "requires: [sister]" in e.hint and "reveals: [sister]" in e.hint


def test_a_choice_that_speaks_of_an_untold_fact_must_require_it(v2):
    c = v2(("        text: Hi, I'm Officer Lee. What's going on today?", "        text: Hi, I'm Officer Lee. Is this about the warehouse?"))
    e = c.error("choice 'contact.c1' speaks of fired")
    assert "requires: [fired]" in e.hint


def test_requiring_a_fact_clears_the_error_and_a_fact_nothing_reveals_is_caught(v2):
    ok = v2(("      - {id: contact.any.1, text: I just want to be left alone.}",
             "      - {id: contact.any.1, text: I just want to be left alone.}\n      - {id: contact.ruth, requires: [sister], text: Ruth would know.}"))
    assert ok.errors == []
    bad = v2(("      - {id: contact.any.1, text: I just want to be left alone.}",
              "      - {id: contact.any.1, text: I just want to be left alone.}\n      - {id: contact.x, requires: [scared_more], text: Hm.}"))
    bad.error("unknown fact 'scared_more'")


def test_feelings_and_known_facts_may_be_spoken_of_freely(v2):
    c = v2(("      - {id: contact.any.1, text: I just want to be left alone.}", "      - {id: contact.any.1, text: I'm scared. I just want to be left alone.}"))
    assert c.errors == []
    (line,) = [ln for ln in c.scenario.phases["contact"].lines if ln.id == "contact.any.1"]
    assert line.reveals == ("scared",)  # saying a feeling shows it


def test_officer_placeholder_needs_the_officer_name(v2):
    c = v2(('      - {id: topic.officer.named, requires: [officer_name], text: "You\'re {officer}. You said."}',
            '      - {id: topic.officer.named, text: "You\'re {officer}. You said."}'))
    c.error("says {officer} before the officer can have given a name")


def test_every_common_topic_must_be_answered(v2):
    c = v2(("  - id: sleep\n", "  - id: sleep_badly\n"))
    c.error("common topic 'sleep' has no answers")


def test_a_topic_needs_a_catch_all_answer_and_own_topics_six_phrasings(v2):
    c = v2(("      - {id: topic.warehouse.refuse, text: I don't want to talk about work.}",
            "      - {id: topic.warehouse.refuse, when: \"trust < 25\", text: I don't want to talk about work.}"),
           ("      - what's your job\n", ""))
    c.error("topic 'warehouse' has no answer for every state")
    c.warning("topic 'warehouse' has 5 phrasing(s)")


def test_a_topic_that_tells_a_fact_wants_a_repeat_line(v2):
    c = v2(("    repeat:\n      - {id: topic.warehouse.again, text: I told you. Gone.}\n", ""))
    c.warning("topic 'warehouse' tells fired but has no `repeat:` answer")


def test_objective_names_and_conditions_are_checked(v2):
    c = v2(("      - {reflects: [fired]}", "      - {reflects: [firedd], topics: [warehose]}"))
    c.error("unknown reflect 'firedd'")
    c.error("unknown topic 'warehose'")
    c2 = v2(('when: "not met_reflects_the_job"', 'when: "not met_reflects_job"'))
    e = c2.error("unknown name 'met_reflects_job'")
    assert "met_reflects_the_job" in e.hint


def test_floors_and_variation_are_range_checked(v2):
    c = v2(("{variable: agitation, min: 40,", "{variable: agitation, min: 140,"),
           ("start: {agitation: [66, 74]}", "start: {agitation: [74, 66]}"),
           ("scale: {command: [1.0, 1.5]}", "scale: {shouting: [1.0, 1.5]}"))
    c.error("floor min 140 is outside 'agitation' range")
    c.error("range [74, 66] for 'agitation'")
    c.error("'shouting' is neither a technique nor an action")
