"""The checklist an instructor signs: Project BETA's ten domains, the CIT evaluation's areas, the scenario's objectives.

Scores say *how much*; the rubric says *what*, in the field's own words. Each
item is rated 0 (missed), 1 (partly) or 2 (met), the way a field training
officer marks a daily observation report, and carries the turns that met it
and the turns that missed it, so the debrief and the reports can point at
them. Everything is computed from the event stream (through
``simulator.turns``), like the scores, so a replayed session has the same
checklist. Thresholds live in ``WEIGHTS["rubric"]`` (``simulator/weights.py``),
the one table of the trainer's judgement; scoring passes them in, and a direct
call reads them from that table, so this module never imports scoring.

Sources: Richmond et al. 2012, "Verbal De-escalation of the Agitated Patient"
(Project BETA, ten domains); the CIT (Memphis model) evaluation (verbal
de-escalation, procedural justice, disposition); ../shared/TECHNIQUES.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.events import SessionEvent
from simulator.turns import REFLECTIONS, Turn, is_harm_question, turns_of
from simulator.weights import WEIGHTS

RATINGS = ("missed", "partly", "met")  # 0, 1, 2
Uses = Callable[..., list[int]]

BETA_DOMAINS: tuple[tuple[str, str], ...] = (
    ("space", "Respect personal space"),
    ("provocation", "Do not be provocative"),
    ("one_voice", "Establish verbal contact (one communicator)"),
    ("concise", "Be concise"),
    ("wants_feelings", "Identify wants and feelings"),
    ("listen", "Listen closely"),
    ("agree", "Agree or agree to disagree"),
    ("limits", "Set clear limits"),
    ("choices", "Offer choices and optimism"),
    ("debrief", "Debrief"),
)
CIT_AREAS: tuple[tuple[str, str], ...] = (
    ("verbal_deescalation", "Verbal de-escalation"),
    ("procedural_justice", "Procedural justice (voice, neutrality, respect, trustworthy motives)"),
    ("disposition", "Disposition"),
)
RISK = ("risk", "Risk screening (suicide question where risk shows)")
# The twelve items the calibration raters mark (tests/calibration/RUBRIC.md): BETA's ten, risk, disposition.
CALIBRATION_ITEMS: tuple[str, ...] = (*(d for d, _ in BETA_DOMAINS), "risk", "disposition")

_WANTS = re.compile(r"\b(what (would|might|could|can) (help|make)|what do you (need|want)|what can i do|how can i help|what would you like|what matters)\b")
_NEXT_STEPS = re.compile(r"\b(what happens (next|now)|here'?s what|they will|they'll|i'll (stay|wait|walk|be here|tell|come)|we'll|i will (stay|wait|tell))\b")


@dataclass(frozen=True)
class RubricItem:
    """One line of the checklist: a rating 0–2 and the turns behind it."""

    id: str
    framework: str  # "BETA" | "CIT"
    title: str
    rating: int
    met: tuple[int, ...] = ()
    missed: tuple[int, ...] = ()
    note: str = ""

    @property
    def status(self) -> str:
        return RATINGS[self.rating]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "framework": self.framework, "title": self.title, "rating": self.rating, "status": self.status,
                "met": list(self.met), "missed": list(self.missed), "note": self.note}


@dataclass(frozen=True)
class Objective:
    """One of the scenario's own checkable objectives, and the turn that met it (None: not met)."""

    id: str
    text: str
    met_at: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "met": self.met_at is not None, "turn": self.met_at}


@dataclass(frozen=True)
class Rubric:
    """The whole checklist of one session."""

    beta: tuple[RubricItem, ...]
    cit: tuple[RubricItem, ...]
    risk: RubricItem
    objectives: tuple[Objective, ...] = ()
    ruptures: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def item(self, item_id: str) -> RubricItem:
        for it in (*self.beta, *self.cit, self.risk):
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    @property
    def percent(self) -> float:
        """The twelve calibration items as a share of their 24 points, 0–100."""
        return 100.0 * sum(self.item(i).rating for i in CALIBRATION_ITEMS) / (2 * len(CALIBRATION_ITEMS))

    @property
    def objectives_met(self) -> int:
        return sum(1 for o in self.objectives if o.met_at is not None)

    def to_dict(self) -> dict[str, Any]:
        return {"beta": [i.to_dict() for i in self.beta], "cit": [i.to_dict() for i in self.cit], "risk": self.risk.to_dict(),
                "objectives": [o.to_dict() for o in self.objectives], "percent": round(self.percent),
                "ruptures": [dict(r) for r in self.ruptures]}

    def rows(self) -> list[dict[str, Any]]:
        """The checklist flattened for a view (the debrief, the reports): one row a line, in reading order.

        Each row: group ("Project BETA" | "CIT evaluation" | "Scenario objectives" | "Ruptures and repairs"),
        title, status ("met" | "partly" | "missed"), met and missed turns, and a short note.
        """
        out: list[dict[str, Any]] = []
        for it in self.beta:
            out.append({"group": "Project BETA", "id": it.id, "title": it.title, "status": it.status, "met": list(it.met), "missed": list(it.missed), "note": it.note})
        for it in (self.risk, *self.cit):
            out.append({"group": "CIT evaluation", "id": it.id, "title": it.title, "status": it.status, "met": list(it.met), "missed": list(it.missed), "note": it.note})
        for o in self.objectives:
            out.append({"group": "Scenario objectives", "id": o.id, "title": o.text, "status": "met" if o.met_at is not None else "missed",
                        "met": [o.met_at] if o.met_at is not None else [], "missed": [], "note": ""})
        for r in self.ruptures:
            repaired = r.get("repaired_at")
            out.append({"group": "Ruptures and repairs", "id": f"rupture-{r['turn']}", "title": f"Turn {r['turn']}: {r.get('what', '')}".strip(),
                        "status": "met" if repaired else "missed", "met": [repaired] if repaired else [], "missed": [r["turn"]],
                        "note": (f"repaired at turn {repaired}" + (f" ({r['repair']})" if r.get("repair") else "")) if repaired else "not repaired"})
        return out

    def lines(self) -> list[str]:
        """The checklist as plain lines (the terminal, the PDF): ``[met] Title — turns …``."""
        out = []
        for it in (*self.beta, self.risk, *self.cit):
            out.append(f"[{it.status}] {it.framework} {it.title}{_turns_text(it)}")
        for o in self.objectives:
            out.append(f"[{'met' if o.met_at is not None else 'missed'}] Objective: {o.text}" + (f" — turn {o.met_at}" if o.met_at else ""))
        return out


def _turns_text(it: RubricItem) -> str:
    parts = []
    if it.met:
        parts.append("met at turn " + ", ".join(map(str, it.met[:6])) + ("…" if len(it.met) > 6 else ""))
    if it.missed:
        parts.append("missed at turn " + ", ".join(map(str, it.missed[:6])) + ("…" if len(it.missed) > 6 else ""))
    return (" — " + "; ".join(parts)) if parts else ""


def checklist(events: list[SessionEvent], weights: dict[str, Any] | None = None, turns: list[Turn] | None = None) -> Rubric:
    """The rubric of a session, from its events alone."""
    if weights is None:
        weights = WEIGHTS["rubric"]
    w = weights
    turns = turns_of(events) if turns is None else turns
    spoken = [t for t in turns if t.spoken]
    stuffed = [t.number for t in spoken if t.stuffed]
    turns = [t if not t.stuffed else _without_credit(t) for t in turns]  # stuffing earns no item, it only misses them
    spoken = [t for t in turns if t.spoken]
    start = next((e for e in events if e.type == ev.SESSION_STARTED), None)
    ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
    outcome = ended.data.get("outcome") if ended else None
    uses = _uses(turns, w["escalating_sure_at"])
    repairs = {t.number for t in turns if "apologize" in t.techniques or t.action in ("step_back", "holster")}

    def repaired(miss: int) -> bool:
        return any(miss < r <= miss + w["repair_within"] for r in repairs)

    items: dict[str, RubricItem] = {}

    # 1 respect personal space: closing in on a person in crisis (uninvited) or going hands-on misses it
    closer = [t.number for t in turns if t.action == "approach" and (t.agitation_before or 0) >= w["agitated_at"]]
    force = uses("physical_control", action=True)
    backs = uses("step_back", action=True)
    rating = 2 - len(closer)
    if closer and len(closer) == 1 and repaired(closer[0]):
        rating = 1
    items["space"] = _item("space", 0 if force else rating, backs, sorted(closer + force),
                           "hands-on force" if force else ("closed in on a person in crisis" if closer else "kept a safe distance"))

    # 2 do not be provocative: threats, mockery, a weapon or force miss it outright; barked orders wear it down
    provoking = sorted(uses("threaten", "insult") + uses("draw_weapon", "physical_control", action=True))
    barked = uses("command")
    calming = uses("hands_visible", "sit_down", "holster", action=True)
    if provoking:
        rating = 1 if len(provoking) == 1 and repaired(provoking[0]) and not barked else 0
    else:
        rating = 2 if len(barked) == 0 else (1 if len(barked) <= w["order_slips"] else 0)
    items["provocation"] = _item("provocation", rating, calming, sorted(provoking + barked),
                                 "threats, mockery or a weapon" if provoking else ("orders" if barked else "calm, non-threatening presence"))

    # 3 one communicator: introduce yourself, one steady voice
    intro = uses("introduce")
    first_words = [t.number for t in spoken[: w["introduce_within"]]]
    rating = 2 if intro and intro[0] in first_words else (1 if intro else 0)
    items["one_voice"] = _item("one_voice", rating, intro, [] if intro else first_words[:1], "introduced yourself" if intro else "never said who you are")

    # 4 be concise: short turns, one question at a time, no barrage
    long_or_many = [t.number for t in spoken if t.words > w["concise_words"] or t.text.count("?") >= w["questions_at_once"]]
    barrage, run = [], 0
    for t in spoken:
        question = t.primary in ("open_question", "ask_about_harm")  # an offer put as a question is not interrogation
        run = run + 1 if question and not (set(t.techniques) & REFLECTIONS) else 0
        if run >= w["question_run"]:
            barrage.append(t.number)
    misses = sorted(set(long_or_many + barrage + stuffed))
    rating = 1 if len(spoken) < 3 else (2 if not misses else (1 if len(misses) <= w["concise_slips"] else 0))
    items["concise"] = _item("concise", rating, [], misses, "a question too many in a row" if barrage else ("" if not misses else "long turns"))

    # 5 identify wants and feelings: name or acknowledge the feeling, ask what they want or need
    feelings = uses("emotion_label", "validate")
    wants = [t.number for t in spoken if t.topic == "what_would_help" or _WANTS.search(t.text.lower())
             or (set(t.techniques) & {"open_question", "offer_choice"} and t.number not in uses(*vocab.ESCALATING))]
    got = bool(feelings) + bool(wants)
    if len(uses(*vocab.ESCALATING)) >= w["hostile_turns"]:  # questions fired between orders and insults are not curiosity
        got = min(got, 1) if feelings else 0
    items["wants_feelings"] = _item("wants_feelings", got, sorted(set(feelings + wants)), [], "")

    # 6 listen closely: reflections that carry the person's own content; parroting misses
    content = [t.number for t in spoken if _is_content_reflection(t)]
    generic = [t.number for t in spoken if set(t.techniques) & REFLECTIONS and t.number not in content]
    parrots = [t.number for t in spoken if t.repeat_of is not None or t.listening_quality == "misfire"]
    encouragers = [t.number for t in spoken if t.primary == "encourage"]
    parrots += encouragers[w["encourager_free"]:]
    parrots = sorted(set(parrots + stuffed))
    if len(content) >= w["listen_content"] and len(parrots) <= w["listen_slips"]:
        rating = 2
    elif content or len(generic) >= 2:
        rating = 1
    else:
        rating = 0
    if spoken and len(parrots) > len(spoken) / 2:
        rating = 0
    items["listen"] = _item("listen", rating, content, parrots, "reflected their own words" if content else "no reflection of what they actually said")

    # 7 agree or agree to disagree: validate; never argue with, brush off or mock what they feel
    arguing = uses("argue", "dismiss", "insult")
    validating = uses("validate")
    if not arguing:
        rating = 2 if validating else 1
    elif len(arguing) == 1 and (repaired(arguing[0]) or validating):
        rating = 1
    else:
        rating = 0
    items["agree"] = _item("agree", rating, validating, arguing, "argued with, brushed off or mocked what they feel" if arguing else "")

    # 8 set clear limits: a limit with a reason, never an order or an ultimatum
    orders = uses("command", "pressure")
    threats = uses("threaten")
    limits = uses("set_limit")
    if threats or len(orders) > w["order_slips"]:
        rating = 0
    elif orders:
        rating = 1 if (limits or all(repaired(n) for n in orders)) else 0 if len(orders) > 1 else 1
    else:
        rating = 2
    items["limits"] = _item("limits", rating, limits, sorted(orders + threats), "orders or threats instead of limits" if orders or threats else "")

    # 9 offer choices and optimism
    choices = uses("offer_choice")
    hope = uses("reassure", "affirm")
    items["choices"] = _item("choices", bool(choices) + bool(hope), sorted(choices + hope), [], "")

    # 10 debrief: sum up what you heard, and say what happens next; force ends it
    summaries = [n for n in uses("summarize") if any(t.number == n and (t.echoed or t.listening_quality == "content") for t in turns)]
    offers = [t for t in turns if t.referral]
    explained = [t.number for t in spoken if _NEXT_STEPS.search(t.text.lower())
                 or ("offer_help" in t.techniques and len(t.echoed) >= w["explain_words"])]
    rating = bool(summaries) + bool(explained)
    if outcome in ("injury", "arrest") or force:
        rating = 0
    items["debrief"] = _item("debrief", rating, sorted(summaries + explained), force, "")

    # risk screening: a real suicide question where risk shows
    cues = [e.turn for e in events if e.type == ev.PERSON_SAID and e.data.get("cue") == "suicide_risk"]
    asked = asked_about_suicide(turns)
    stand_ins = [t.number for t in turns if "ask_about_harm" in t.techniques and t.number not in asked]
    if asked:
        late = bool(cues) and asked[0] > cues[0] + w["risk_late_turns"]
        rating, note = (1, "asked, but long after the first cue") if late else (2, "asked directly")
    elif cues:
        rating, note = 0, f"risk showed at turn {cues[0]} and nobody asked"
    else:
        rating, note = 0, "never asked (no cue had shown yet)"
    risk = RubricItem("risk", "CIT", RISK[1], rating, tuple(asked), tuple(([cues[0]] if cues and not asked else []) + stand_ins), note)

    # disposition: the right resource, accepted freely, after rapport
    escalations = uses(*vocab.ESCALATING)
    disposition, d_met, d_missed, d_note = _disposition(offers, outcome, turns, escalations, w["rapport_turns"])
    items["disposition"] = RubricItem("disposition", "CIT", dict(CIT_AREAS)["disposition"], disposition, tuple(d_met), tuple(d_missed), d_note)

    beta = tuple(RubricItem(i, "BETA", title, items[i].rating, items[i].met, items[i].missed, items[i].note) for i, title in BETA_DOMAINS)
    verbal_ids = ("provocation", "concise", "wants_feelings", "listen", "agree", "limits", "choices")
    verbal = round(sum(items[i].rating for i in verbal_ids) / len(verbal_ids))
    verbal_item = RubricItem("verbal_deescalation", "CIT", dict(CIT_AREAS)["verbal_deescalation"], verbal,
                             tuple(sorted({n for i in verbal_ids for n in items[i].met})), tuple(sorted({n for i in verbal_ids for n in items[i].missed})))
    cit = (verbal_item, _procedural_justice(uses, spoken), items["disposition"])
    return Rubric(beta, cit, risk, _objectives(start, events), _ruptures(events))


def asked_about_suicide(turns: list[Turn]) -> list[int]:
    """The turns that really asked about suicide or self-harm, by their words (typed, heard or the menu line's).

    A question about drugs, drink or injuries is not one, whatever the reader made of it, and
    neither is the question buried in a string of stock phrases.
    """
    return [t.number for t in turns if "ask_about_harm" in t.techniques and is_harm_question(t.text) and not t.stuffed]


def _without_credit(t: Turn) -> Turn:
    """A stuffed turn as the rubric sees it: said, but carrying no technique or content worth credit."""
    from dataclasses import replace

    escalating = [x for x in t.techniques if vocab.polarity(x) == "escalating"]
    return replace(t, techniques=escalating or ["other"], primary=escalating[0] if escalating else "other", echoed=set())


def _is_content_reflection(t: Turn) -> bool:
    if t.listening_quality is not None:
        return t.listening_quality == "content"
    return bool(set(t.techniques) & REFLECTIONS) and bool(t.echoed) and t.repeat_of is None


def _uses(turns: list[Turn], sure_at: float) -> Uses:
    """``uses(ids…)``: the turns that used any of these techniques (or, with action=True, actions).

    An escalating technique counts only when the reader was fairly sure of it: a misread
    kind sentence must not mark an officer down as provocative.
    """

    def uses(*ids: str, action: bool = False) -> list[int]:
        if action:
            return [t.number for t in turns if t.action in ids]
        return [t.number for t in turns
                if any(x in t.techniques and (vocab.polarity(x) != "escalating" or t.confidence.get(x, 1.0) >= sure_at) for x in ids)]

    return uses


def _item(item_id: str, rating: int | bool, met: Iterable[int], missed: Iterable[int], note: str) -> RubricItem:
    title = dict(BETA_DOMAINS).get(item_id, item_id)
    return RubricItem(item_id, "BETA", title, max(0, min(2, int(rating))), tuple(met), tuple(missed), note)


def _disposition(offers: list[Turn], outcome: str | None, turns: list[Turn], escalations: list[int], rapport_turns: int) -> tuple[int, list[int], list[int], str]:
    """The help offered: the right resource, offered once there was rapport and without coercion."""
    harmful = [t.number for t in offers if t.referral and t.referral.get("rating") == "harmful"]
    if harmful or outcome in ("injury", "arrest"):
        return 0, [], harmful, "a harmful resource, force or arrest"
    listened = 0
    rapport_at = None
    for t in turns:
        if set(t.techniques) & {"open_question", "paraphrase", "emotion_label", "validate", "summarize", "reassure", "give_time"}:
            listened += 1
            if listened >= rapport_turns:
                rapport_at = t.number
                break
    ratings = {t.number: str(t.referral.get("rating")) for t in offers if t.referral}
    best = [n for n, r in ratings.items() if r == "best"]
    fair = [n for n, r in ratings.items() if r == "acceptable"]
    coerced = len(escalations) >= 2
    if best and not coerced and rapport_at is not None and max(best) > rapport_at:
        return 2, best, [], "the right help, offered once there was rapport"
    if (best or fair) and not coerced:
        return 1, best + fair, [], "help offered, but not the best fit or before rapport"
    if best or fair:
        return 0, [], best + fair, "help offered amid orders and pressure"
    if outcome == "voluntary_help":
        return 1, [], [], "help accepted, no resource named"
    return 0, [], [t.number for t in offers], "no fitting help offered" if not offers else "only a poor fit offered"


def _procedural_justice(uses: Uses, spoken: list[Turn]) -> RubricItem:
    voice = sorted(uses("open_question", "paraphrase", "summarize", "emotion_label"))
    unfair = sorted(uses("argue", "dismiss", "insult"))
    disrespect = sorted(uses("insult", "threaten") + uses("command")[1:])
    motives = sorted(uses("reassure", "introduce"))
    parts = [len(voice) >= 2, not unfair, not disrespect and bool(uses("introduce")), bool(motives) and not uses("threaten")]
    rating = 2 if all(parts) else (1 if sum(parts) >= 2 else 0)
    if not spoken:
        rating = 0
    names = ("voice", "neutrality", "respect", "trustworthy motives")
    note = "missing: " + ", ".join(n for n, ok in zip(names, parts, strict=True) if not ok) if not all(parts) else "voice, neutrality, respect and trustworthy motives"
    return RubricItem("procedural_justice", "CIT", dict(CIT_AREAS)["procedural_justice"], rating, tuple(voice), tuple(sorted(set(unfair + disrespect))), note)


def _objectives(start: SessionEvent | None, events: list[SessionEvent]) -> tuple[Objective, ...]:
    declared = (start.data.get("objectives") if start else None) or []
    met: dict[str, int] = {}
    for e in events:
        if e.type == "objective_met":
            met.setdefault(str(e.data.get("objective")), e.turn)
    out = []
    for o in declared:
        oid, text = (str(o.get("id")), str(o.get("text") or o.get("id"))) if isinstance(o, dict) else (str(o), str(o).replace("_", " "))
        out.append(Objective(oid, text, met.get(oid)))
    for oid, turn in met.items():
        if oid not in {o.id for o in out}:
            out.append(Objective(oid, oid.replace("_", " "), turn))
    return tuple(out)


def _ruptures(events: list[SessionEvent]) -> tuple[dict[str, Any], ...]:
    """Ruptures and their repairs, as the session recorded them (issue 19)."""
    out: list[dict[str, Any]] = []
    for e in events:
        if e.type == "rupture":
            out.append({"turn": e.turn, "what": e.data.get("what", ""), "size": e.data.get("size", ""), "repaired_at": None})
        elif e.type == "repair" and out:
            target = next((r for r in reversed(out) if r["turn"] == e.data.get("rupture_turn")), out[-1])
            target["repaired_at"] = e.turn
            target["repair"] = e.data.get("how", "")
    return tuple(out)


__all__ = ["BETA_DOMAINS", "CALIBRATION_ITEMS", "CIT_AREAS", "Objective", "Rubric", "RubricItem", "asked_about_suicide", "checklist"]
