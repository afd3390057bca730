"""The session's side of ruptures and repairs (issue 19): what a turn's missteps cost and what its repairs win back.

``simulator.repair.Ledger`` holds the rules; this keeper applies them within a
turn, in the order the session runs it:

1. ``begin_turn`` — is this turn an apology (the reader's ``apologize``, or
   words that own a mistake)?
2. for each technique: ``silenced`` (an apology's supportive parts earn nothing
   by themselves), ``proportional`` (a slip moves the person about a step),
   ``technique_done`` (a confident misstep is a rupture, costed by what it moved);
3. ``repair_by_words`` / ``action_done`` — the change a fitting repair wins back
   (empty when there is nothing to repair, or it is too late, or already repaired);
4. ``marks`` — the ``rupture`` and ``repair`` events of the turn;
5. ``triggers`` — what the turn may trigger: an apology triggers lines written
   ``after: [apologize]`` (the person acknowledging it in character), not the
   transitions of the reassurance it was worded with;
6. ``allowed`` — a transition into an injury or self-harm ending needs a cause:
   a dangerous act the ending declares, or a sustained pattern of unrepaired missteps;
   while such a pattern stands, the person accepts no help (``refuses_help``) and no
   good ending follows: three unrepaired slips are not undone by what comes after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.repair import CATASTROPHIC, PATTERN, SIZES, Ledger, misstep_size, sounds_like_apology
from simulator.scenario.model import Change, Scenario, Transition
from simulator.understanding.reading import Reading, TechniqueHit

SURE_AT = 0.5  # a misstep read with less confidence than this moves the person but is not counted as a rupture
TRACKED = ("agitation", "trust")  # what a rupture's cost is measured in

Value = float | bool


class RuptureKeeper:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.ledger = Ledger()
        self._turn = -1
        self._apology = False
        self._ids: set[str] = set()
        self._quoted: frozenset[str] = frozenset()  # slips the turn's apology names: the misstep it owns, not a new one
        self._cost: dict[str, float] = {}
        self._worst: tuple[int, str] | None = None  # (size rank, id) of the turn's worst misstep
        self._marks: list[tuple[ev.EventType, dict[str, Any]]] = []

    # -- the turn ----------------------------------------------------------------------
    def begin_turn(self, turn: int, reading: Reading) -> None:
        self._reset(turn)
        self._ids = set(reading.ids())
        self._quoted = self.ledger.quoted(turn, reading.text, self._ids)
        self._apology = "apologize" in self._ids or sounds_like_apology(reading.text) or bool(self._quoted)

    def _reset(self, turn: int) -> None:
        if turn != self._turn:
            self._turn, self._apology, self._ids, self._cost, self._worst = turn, False, set(), {}, None
            self._quoted = frozenset()

    def silenced(self, technique: str) -> bool:
        """An apology's supportive parts do nothing on their own: what it is worth is the repair it makes;
        and the misstep it names (``quoted``) is not said again."""
        return (self._apology and vocab.polarity(technique) == "supportive") or technique in self._quoted

    @property
    def quoted(self) -> frozenset[str]:
        """The slips this turn's apology names (read in it, but the misstep it owns, not a new one)."""
        return self._quoted

    def proportional(self, change: Change, technique: str, variables: Mapping[str, Value]) -> Change:
        return self.ledger.proportional(change, technique, _agitation(variables))

    def technique_done(self, hit: TechniqueHit, before: Mapping[str, Value], after: Mapping[str, Value]) -> None:
        size = misstep_size(hit.id, _agitation(before), is_action=False)
        if size is None or hit.confidence < SURE_AT:
            return
        self._add_cost(hit.id, size, before, after)

    def action_done(self, turn: int, action: str, before: Mapping[str, Value], after: Mapping[str, Value]) -> Change:
        """Record a dangerous act; or, if the act repairs an open rupture (stepping back, holstering), what it wins back."""
        self._reset(turn)
        size = misstep_size(action, _agitation(before), is_action=True)
        if size is not None:
            self._add_cost(action, size, before, after)
            self._close_rupture()
            return {}
        repair = self.ledger.repair(turn, apology=False, action=action, techniques=())
        return self._repaired(repair)

    def repair_by_words(self) -> Change:
        """What this turn's words repair: an apology (or slowing down after rushing) right after a rupture."""
        self._close_rupture()
        if not self._apology and not (self._ids & {"give_time"}):
            return {}
        return self._repaired(self.ledger.repair(self._turn, apology=self._apology, action=None, techniques=self._ids,
                                                 quoted=self._quoted))

    def marks(self) -> list[tuple[ev.EventType, dict[str, Any]]]:
        """The turn's rupture and repair events, once."""
        self._close_rupture()
        out, self._marks = self._marks, []
        return out

    def triggers(self, techniques: set[str]) -> set[str]:
        """What the turn may trigger: an apology triggers its acknowledgement, not the transitions of its wording."""
        if not self._apology:
            return techniques
        return {t for t in techniques if vocab.polarity(t) != "supportive" and t not in self._quoted} | {"apologize"}

    # -- what may end the encounter ---------------------------------------------------------
    def refuses_help(self) -> bool:
        """A sustained pattern of unrepaired missteps: the person does not forget, and accepts no help from this officer."""
        return self.ledger.pattern_weight() >= PATTERN

    def allowed(self, t: Transition) -> bool:
        """A transition into an injury or self-harm ending fires only when something the officer did can cause it;
        one into a good ending not while a pattern of unrepaired missteps stands."""
        ending = self.scenario.endings.get(t.dest)
        if ending is not None and ending.outcome in vocab.GOOD_OUTCOMES:
            return not self.refuses_help()
        if ending is None or ending.outcome not in CATASTROPHIC:
            return True
        causes = ending.causes.as_dict() if ending.causes is not None else None
        return self.ledger.cause_for(ending.outcome, causes) is not None

    def env(self) -> dict[str, float]:
        return self.ledger.env()

    # -- inside ---------------------------------------------------------------------------------
    def _add_cost(self, what: str, size: str, before: Mapping[str, Value], after: Mapping[str, Value]) -> None:
        for name in TRACKED:
            if name in after and not isinstance(after[name], bool):
                delta = float(after[name]) - float(before[name])
                if delta:
                    self._cost[name] = self._cost.get(name, 0.0) + delta
        rank = SIZES.index(size)
        if self._worst is None or rank > self._worst[0]:
            self._worst = (rank, what)

    def _close_rupture(self) -> None:
        """The turn's missteps become one rupture (its worst act names it; its cost is all they moved)."""
        if self._worst is None:
            return
        rank, what = self._worst
        rupture = self.ledger.record(self._turn, what, SIZES[rank], self._cost)
        self._marks.append((ev.RUPTURE, rupture.to_event()))
        self._worst, self._cost = None, {}

    def _repaired(self, repair: Any) -> Change:
        if repair is None:
            return {}
        self._marks.append((ev.REPAIR, repair.to_event()))
        return {k: v for k, v in repair.restore.items() if k in self.scenario.variables}


def _agitation(variables: Mapping[str, Value]) -> float:
    value = variables.get("agitation", 50.0)
    return 50.0 if isinstance(value, bool) else float(value)
