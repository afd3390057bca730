"""Ruptures and repairs: a slip is a setback the officer can repair, and the reaction fits the mistake.

Every CIT course teaches repair: own the misstep, step back, try again. This
module is the session's ledger of it, kept apart from the session so that it
can be read and tested on its own:

- **Proportional reactions.** A clumsy line ("calm down", a brush-off, one
  argument with a belief, rushing) is a *slip*: it costs trust and raises
  agitation by about a step, a little more when the person is already near the
  top, never the scenario's whole reaction at once. Dangerous acts (closing in on
  an agitated person, force, threats, a weapon drawn) keep their full cost.
- **Which endings a mistake can reach.** Injury and self-harm endings need a
  *cause*: a dangerous act, or a sustained pattern of unrepaired slips. A
  scenario may declare the causes of each catastrophic ending (``causes``);
  otherwise ``DEFAULT_CAUSES`` apply. The validator checks that every such
  ending has a declared cause the scenario can actually produce.
- **Repair.** Right after a rupture (within ``REPAIR_WINDOW`` turns), a sincere
  apology or the repair that fits the act (stepping back after an approach,
  holstering a drawn weapon, slowing down after rushing) wins back
  ``REPAIR_SHARE`` of what the rupture cost, once. An apology with nothing to
  repair does nothing, and a second apology for the same rupture earns
  nothing. An apology that owns the mistake outright names it ("I shouldn't
  have told you it isn't real"): the slip of that kind a reader sees in it is
  the apology quoting the misstep (``Ledger.quoted``), not a new slip. The person does not forget: the rest of the cost stays, and the
  count of ruptures is there for conditions (``ruptures``, ``unrepaired``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SIZES = ("slip", "hurtful", "dangerous")  # how big a misstep is, smallest first
SLIPS = frozenset({"command", "dismiss", "argue", "pressure"})  # clumsy lines: a step, not a tip
DANGEROUS_TECHNIQUES = frozenset({"threaten"})
HURTFUL_TECHNIQUES = frozenset({"insult"})  # full cost, but a line, not an act: counts toward the pattern twice
DANGEROUS_ACTIONS = frozenset({"physical_control", "draw_weapon"})
APPROACH_DANGEROUS_AT = 50.0  # closing in on a person this agitated is a dangerous act
STEP = {"agitation": 10.0, "trust": 10.0}  # the size of a slip's reaction at middling agitation (a step: the defaults fit in it)
STEP_STATE_GAIN = 0.6  # ... times (1 + gain * (agitation - 50) / 50): a person near the top reacts more
REPAIR_SHARE = 0.5  # a sincere repair wins back half of what the rupture cost
REPAIR_WINDOW = 2  # ... if it comes within this many turns of the rupture
PATTERN = 3  # unrepaired ruptures that make a sustained pattern
CATASTROPHIC = frozenset({"injury", "self_harm"})
# Which repairs fit which rupture: an apology fits any; an act is repaired by undoing it.
FITTING_ACTIONS = {"approach": "step_back", "draw_weapon": "holster", "physical_control": "step_back"}
SLOWING = frozenset({"give_time"})  # slowing down repairs rushing
DEFAULT_CAUSES: dict[str, dict[str, Any]] = {
    # outcome -> what can lead there: dangerous acts (action ids or technique ids) or a pattern of unrepaired ruptures
    "injury": {"acts": ["physical_control", "draw_weapon", "approach", "threaten"], "pattern": PATTERN},
    "self_harm": {"acts": ["approach", "physical_control", "draw_weapon", "threaten"], "pattern": PATTERN},
}

_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|my (mistake|bad|fault)|i was wrong|that came out wrong|that was wrong of me|i shouldn'?t have|"
    r"let me (try|say) (that|it) again|i take that back|forgive me|you'?re right,? i)\b"
)


def sounds_like_apology(text: str) -> bool:
    """Whether the words own a mistake ("I'm sorry, that came out wrong"), for readers that do not yet label ``apologize``."""
    return bool(_APOLOGY.search(text.lower().replace("\u2019", "'")))


# Words that own the officer's own misstep, not a bare "sorry" (which also prefaces an order: "sorry, but ...").
_OWNING = re.compile(
    r"\b(my (mistake|bad|fault)|i was wrong|that came out wrong|that (was|wasn'?t|is|isn'?t) (wrong|fair|right|okay|ok|cool) "
    r"(of|for|from) me|that was (out of line|uncalled for|not fair|unfair|wrong)|i shouldn'?t have|i take (that|it) back|"
    r"i brushed (?:(?:it|you|that|them) )?off|i (was|got) out of line|let me (try|say) (that|it) again|forgive me)\b"
)
# An apology names the misstep it owns ("I shouldn't have told you it isn't real", "I brushed it off"), so a reader
# taking the sentence alone may see that misstep in it again. These are the slips an apology for each slip may quote.
QUOTES: dict[str, frozenset[str]] = {
    "argue": frozenset({"argue", "dismiss"}), "dismiss": frozenset({"argue", "dismiss"}),  # invalidating what they feel or believe
    "command": frozenset({"command", "pressure"}), "pressure": frozenset({"command", "pressure"}),  # controlling, rushing
}


def owns_mistake(text: str) -> bool:
    """Whether the words own the officer's own misstep outright, with no "but" taking it back after.

    "I'm sorry. That wasn't fair of me." owns it; "Sorry, but there's no truck" and a bare "sorry" do not.
    """
    low = text.lower().replace("\u2019", "'")
    found = _OWNING.search(low)
    return found is not None and not re.search(r"\bbut\b", low[found.start():])


@dataclass
class Rupture:
    """One misstep and what it cost (the deltas it caused), until it is repaired."""

    turn: int
    what: str  # technique or action id
    size: str  # "slip" | "hurtful" | "dangerous"
    cost: dict[str, float] = field(default_factory=dict)
    repaired_at: int | None = None
    how: str = ""

    def to_event(self) -> dict[str, Any]:
        return {"what": self.what, "size": self.size, "cost": {k: round(v, 2) for k, v in self.cost.items()}}


@dataclass(frozen=True)
class Repair:
    """A repair that landed: which rupture, how, and what it gave back."""

    rupture: Rupture
    how: str
    restore: dict[str, float]
    quoted: tuple[str, ...] = ()  # the slips the apology was read as that were it naming the misstep (``Ledger.quoted``)

    def to_event(self) -> dict[str, Any]:
        return {"rupture_turn": self.rupture.turn, "what": self.rupture.what, "how": self.how,
                "restored": {k: round(v, 2) for k, v in self.restore.items()}, **({"quoted": list(self.quoted)} if self.quoted else {})}


def step_limit(variable: str, agitation: float) -> float:
    """How far one slip may move ``variable`` for a person at ``agitation``."""
    base = STEP.get(variable)
    if base is None:
        return float("inf")
    return base * max(0.5, 1 + STEP_STATE_GAIN * (agitation - 50.0) / 50.0)


def misstep_size(technique_or_action: str, agitation: float, is_action: bool) -> str | None:
    """``"slip"``, ``"hurtful"``, ``"dangerous"`` or None (not a misstep)."""
    if is_action:
        if technique_or_action in DANGEROUS_ACTIONS:
            return "dangerous"
        if technique_or_action == "approach" and agitation >= APPROACH_DANGEROUS_AT:
            return "dangerous"
        return None
    if technique_or_action in DANGEROUS_TECHNIQUES:
        return "dangerous"
    if technique_or_action in HURTFUL_TECHNIQUES:
        return "hurtful"
    if technique_or_action in SLIPS:
        return "slip"
    return None


@dataclass
class Ledger:
    """The session's record of ruptures, repairs and dangerous acts."""

    ruptures: list[Rupture] = field(default_factory=list)
    dangerous_acts: list[tuple[int, str]] = field(default_factory=list)

    # -- proportional reactions --------------------------------------------------------
    def proportional(self, change: Mapping[str, float | bool], technique: str, agitation: float) -> dict[str, float | bool]:
        """A slip's reaction, held to about a step for this person's state; anything else unchanged."""
        if misstep_size(technique, agitation, is_action=False) != "slip":
            return dict(change)
        out: dict[str, float | bool] = {}
        for name, delta in change.items():
            if isinstance(delta, bool):
                out[name] = delta
                continue
            limit = step_limit(name, agitation)
            out[name] = max(-limit, min(limit, float(delta)))
        return out

    # -- recording --------------------------------------------------------------------
    def record(self, turn: int, what: str, size: str, cost: Mapping[str, float]) -> Rupture:
        rupture = Rupture(turn, what, size, {k: float(v) for k, v in cost.items() if not isinstance(v, bool) and v})
        self.ruptures.append(rupture)
        if size == "dangerous":
            self.dangerous_acts.append((turn, what))
        return rupture

    # -- repair -------------------------------------------------------------------------
    def open_rupture(self, turn: int) -> Rupture | None:
        """The latest rupture that is still unrepaired and recent enough to repair now."""
        for r in reversed(self.ruptures):
            if r.turn >= turn:
                continue
            if turn - r.turn > REPAIR_WINDOW:
                return None
            if r.repaired_at is None:
                return r
        return None

    def quoted(self, turn: int, text: str, techniques: Iterable[str]) -> frozenset[str]:
        """The slips a turn reads as that are its apology naming the open rupture's misstep, not a new one.

        Only for words that own the mistake outright (``owns_mistake``), right after a rupture of a slip of the
        same kind, and never a threat or an insult: "That wasn't fair of me, I shouldn't have told you it isn't
        real" repairs the argument it names, while "Sorry. There's no truck, man." owns nothing and argues again.
        """
        rupture = self.open_rupture(turn)
        if rupture is None or not owns_mistake(text):
            return frozenset()
        used = frozenset(techniques)
        quotes = used & QUOTES.get(rupture.what, frozenset())
        if used & (SLIPS | DANGEROUS_TECHNIQUES | HURTFUL_TECHNIQUES) - quotes:
            return frozenset()  # another misstep in the same breath: not a clean repair, so nothing in it is a quotation
        return quotes

    def repair(self, turn: int, apology: bool, action: str | None, techniques: Iterable[str],
               quoted: Iterable[str] = ()) -> Repair | None:
        """A repair this turn makes, if it fits an open rupture (once per rupture, only right after it).

        ``quoted``: the slips read in the apology that are it naming the misstep (``quoted``), not new ones.
        """
        rupture = self.open_rupture(turn)
        if rupture is None:
            return None
        named = tuple(sorted(set(quoted)))
        used = set(techniques) - set(named)
        if used & (SLIPS | DANGEROUS_TECHNIQUES | HURTFUL_TECHNIQUES):
            return None  # "sorry, but calm down" is not a repair
        how = ""
        if apology:
            how = "apology"
        elif action is not None and FITTING_ACTIONS.get(rupture.what) == action:
            how = action
        elif rupture.what == "pressure" and used & SLOWING:
            how = "slowing down"
        if not how:
            return None
        rupture.repaired_at, rupture.how = turn, how
        restore = {k: -REPAIR_SHARE * v for k, v in rupture.cost.items()}
        return Repair(rupture, how, restore, named)

    # -- what endings may follow ------------------------------------------------------------
    @property
    def unrepaired(self) -> int:
        return sum(1 for r in self.ruptures if r.repaired_at is None)

    def pattern_weight(self) -> int:
        """Unrepaired ruptures, a hurtful line counting twice: the 'sustained pattern' measure."""
        return sum(2 if r.size == "hurtful" else 1 for r in self.ruptures if r.repaired_at is None)

    def cause_for(self, outcome: str, causes: Mapping[str, Any] | None) -> str | None:
        """Why a catastrophic ending may happen now (a dangerous act or a pattern), or None if nothing caused it."""
        if outcome not in CATASTROPHIC:
            return "not catastrophic"
        declared = causes if causes is not None else DEFAULT_CAUSES.get(outcome, {})
        acts = set(declared.get("acts", ()))
        for turn, what in self.dangerous_acts:
            if what in acts:
                return f"{what.replace('_', ' ')} at turn {turn}"
        pattern = declared.get("pattern")
        if pattern and self.pattern_weight() >= int(pattern):
            turns = [r.turn for r in self.ruptures if r.repaired_at is None]
            return f"{len(turns)} unrepaired escalating moves (turns {', '.join(map(str, turns))})"
        return None

    def env(self) -> dict[str, float]:
        """What conditions may read: ``ruptures``, ``unrepaired``, ``repairs``, ``dangerous_acts``."""
        return {"ruptures": float(len(self.ruptures)), "unrepaired": float(self.unrepaired),
                "repairs": float(sum(1 for r in self.ruptures if r.repaired_at is not None)),
                "dangerous_acts": float(len(self.dangerous_acts))}


def cause_problems(ending_id: str, outcome: str, causes: Mapping[str, Any] | None, actions: Iterable[str]) -> list[str]:
    """What is wrong with a catastrophic ending's declared causes (for the validator): none declared, or none reachable."""
    if outcome not in CATASTROPHIC:
        return []
    declared = causes if causes is not None else DEFAULT_CAUSES.get(outcome)
    if not declared:
        return [f"ending '{ending_id}' ({outcome}) declares no cause — add `causes: {{acts: [...], pattern: N}}`"]
    offered = set(actions)
    acts = [a for a in declared.get("acts", ()) if a in offered or a in DANGEROUS_TECHNIQUES | HURTFUL_TECHNIQUES]
    if not acts and not declared.get("pattern"):
        return [f"ending '{ending_id}' ({outcome}): none of its causes can happen here "
                f"(acts {list(declared.get('acts', ()))} are not among the scenario's actions and no pattern is declared)"]
    return []
