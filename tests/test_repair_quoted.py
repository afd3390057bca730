"""An apology names the misstep it owns (issue 19): "That wasn't fair of me. I shouldn't have told you it isn't real."

Read alone, such a sentence may look like the argument it takes back. The session knows what the reader cannot:
a slip of that kind was just made. So an apology that owns the mistake outright, right after the slip, repairs
it, and the slip read in it is the apology quoting the misstep, not a new one. A bare "sorry" in front of the same
slip owns nothing, and an apology mixed with another kind of slip is not a clean repair.

The reader here is a table of readings written the way a reader misreads these lines (the test is about the
session's mechanics, not about how well the live reader reads them; tests/test_repair_scenarios.py and
tests/fixtures/repair/ play the shipped scenarios with the live reader).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.clock import ManualClock
from simulator.repair import Ledger, owns_mistake
from simulator.scenario.loader import load_scenario
from simulator.scoring import score
from simulator.session import Session
from simulator.turns import turns_of
from simulator.understanding.reading import Context, Reading, TechniqueHit

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "scenarios" / "minimal.yaml"

SLIP = "There's nobody in that van."
OWNED = "That wasn't fair of me. I shouldn't have told you it isn't real."
BARE = "Sorry. There's nobody in that van, I'm telling you."
MIXED = "That wasn't fair of me. I shouldn't have told you it isn't real. Now just listen."
READINGS: dict[str, list[tuple[str, float]]] = {
    SLIP: [("argue", 0.95)],
    OWNED: [("argue", 0.91)],  # the misread: the apology's own words about the misstep
    BARE: [("argue", 0.93), ("apologize", 0.6)],
    MIXED: [("argue", 0.9), ("command", 0.8)],
    "What's been going on?": [("open_question", 0.95)],
}


class TableReader:
    """Reads each line as the table says (a misreading reader on purpose); anything else as ``other``."""

    def read(self, text: str, context: Context | None = None) -> Reading:
        hits = READINGS.get(text, [("other", 0.9)])
        return Reading.of(text, [TechniqueHit(t, c, "table") for t, c in hits])


@pytest.fixture
def session() -> Callable[[], Session]:
    scenario, diags = load_scenario(MINIMAL)
    assert scenario is not None, [str(d) for d in diags]

    def make() -> Session:
        s = Session(scenario, seed=0, clock=ManualClock(), reader=TableReader())
        s.start()
        return s

    return make


def of_type(s: Session, kind: str) -> list:
    return [e for e in s.events if e.type == kind]


def causes(s: Session, turn: int) -> set[str]:
    return {c for e in s.events if e.type == "state_changed" and e.turn == turn for c in e.data["causes"]}


def test_an_owned_apology_read_as_the_slip_it_names_repairs_it(session):
    s = session()
    s.say(SLIP)
    s.say(OWNED)
    (rupture,) = of_type(s, "rupture")
    (repair,) = of_type(s, "repair")
    assert rupture.turn == 1 and repair.turn == 2
    assert repair.data["rupture_turn"] == 1 and repair.data["how"] == "apology" and repair.data["quoted"] == ["argue"]
    assert "technique:argue" not in causes(s, 2) and "repair:apology" in causes(s, 2)


def test_scoring_reads_the_quoting_apology_as_an_apology(session):
    s = session()
    s.say(SLIP)
    s.say(OWNED)
    s.say("What's been going on?")
    turn = turns_of(s.events)[1]
    assert turn.primary == "apologize" and "argue" not in turn.techniques
    rubric = score(s.events).rubric
    assert rubric is not None and rubric.item("agree").missed == (1,)  # the slip is counted once, the apology not at all


def test_a_bare_sorry_in_front_of_the_same_slip_owns_nothing(session):
    s = session()
    s.say(SLIP)
    s.say(BARE)
    assert [r.turn for r in of_type(s, "rupture")] == [1, 2]
    assert not of_type(s, "repair")


def test_an_apology_mixed_with_another_kind_of_slip_is_not_a_clean_repair(session):
    s = session()
    s.say(SLIP)
    s.say(MIXED)
    assert not of_type(s, "repair")
    assert 2 in [r.turn for r in of_type(s, "rupture")]


def test_with_nothing_to_repair_the_slip_in_an_apology_is_a_slip(session):
    s = session()
    s.say(OWNED)
    assert [r.turn for r in of_type(s, "rupture")] == [1]
    assert not of_type(s, "repair")


def test_a_late_apology_quotes_nothing():
    ledger = Ledger()
    ledger.record(1, "argue", "slip", {"agitation": 10.0})
    assert ledger.quoted(2, OWNED, ["argue"]) == {"argue"}
    assert ledger.quoted(5, OWNED, ["argue"]) == frozenset()  # past the repair window
    assert ledger.quoted(2, OWNED, ["command"]) == frozenset()  # not the kind of slip it owns


@pytest.mark.parametrize("text", [OWNED, "My mistake. I brushed it off.", "That was out of line, I take it back.",
                                  "i shouldn't have said that you're overreacting"])
def test_owning_words(text):
    assert owns_mistake(text)


@pytest.mark.parametrize("text", ["Sorry.", "I'm sorry you feel that way.", "I shouldn't have said it, but there's no van.",
                                  "Sorry, but you need to calm down.", "You're right, there is a van."])
def test_words_that_own_nothing(text):
    assert not owns_mistake(text)
