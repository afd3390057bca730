"""Scores a session from its event stream: calmness, safety, referral, communication.

Scoring reads only events, so a replayed session scores exactly as it did
live. Each score is 0–100 and comes with the reasons that produced it, and
teaching points are tied to the turns that earned them. Every weight and
penalty lives in ``WEIGHTS`` below, the one place to tune the trainer's
judgement (the README's "Scoring" section explains them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.events import SessionEvent

WEIGHTS: dict[str, Any] = {
    # overall = weighted mean of the four scores
    "overall": {"calmness": 0.30, "safety": 0.30, "referral": 0.20, "communication": 0.20},
    # calmness: agitation over the whole session, where it ended, how fast it came down
    "calmness": {"mean": 0.4, "end": 0.4, "speed": 0.2, "calm_at": 35, "speed_turns": 20},
    # safety: deductions from 100
    "safety": {
        "draw_weapon": 25, "physical_control": 35, "approach_agitated": 8, "agitated_at": 60,
        "close_while_agitated": 5, "close_cap": 20,
        "outcome": {"injury": 50, "self_harm": 60, "arrest": 20, "fled": 35, "involuntary_transport": 10, "unresolved": 10, None: 10},
    },
    # referral: value of the best resource offered, by rating and whether it was accepted
    "referral": {
        "accepted": {"best": 100, "acceptable": 75, "poor": 30, "harmful": 0},
        "declined": {"best": 65, "acceptable": 50, "poor": 25, "harmful": 0},
        "none": 25, "harmful_offered": 40, "risk_not_asked": 30, "risk_asked_bonus": 10,
        "declines_tolerated": 2, "extra_decline": 5,
    },
    # communication: share of supportive moves, escalations, listening before influence, variety
    "communication": {"escalation": 6, "escalation_cap": 40, "early_influence": 8, "early_influence_cap": 24,
                      "listening_first": 2, "variety_bonus": 5, "variety_at": 4, "narrow_penalty": 10, "engaged_turns": 6},
}

ADVICE = {
    "command": "orders like this raise agitation and invite a power struggle. Name the feeling or give a reason instead.",
    "threaten": "a threat makes the person fight or flee. Say what you will do to keep them safe, not what you will do to them.",
    "dismiss": "minimising tells the person they are not heard. Validate first: 'anyone would be upset'.",
    "argue": "arguing with a belief or a feeling hardens it. Reflect what they experience without agreeing or disputing.",
    "insult": "a label shames and escalates. Describe behaviour, never the person.",
    "pressure": "rushing raises the stakes. Slow down: 'there's no rush, take your time'.",
}
PRAISE = {
    "emotion_label": "naming the feeling",
    "validate": "validating their reaction",
    "paraphrase": "reflecting back what they said",
    "summarize": "summarising their story",
    "open_question": "inviting their story",
    "give_time": "slowing things down",
    "reassure": "reassuring them",
    "offer_choice": "giving them a choice",
    "ask_about_harm": "asking directly about harm",
    "offer_help": "offering help at the right time",
    "set_limit": "setting a calm limit with a reason",
    "introduce": "introducing yourself",
    "encourage": "encouraging them to go on",
    "affirm": "naming a real strength of theirs",
    "apologize": "owning your misstep",
}
LISTENING = frozenset(t for t, s in vocab.STAIR.items() if s in ("listening", "empathy"))
INFLUENCE = frozenset(t for t, s in vocab.STAIR.items() if s == "influence")


@dataclass(frozen=True)
class TeachingPoint:
    turn: int
    kind: str  # "advice" | "praise" | "scenario"
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Scores:
    calmness: int
    safety: int
    referral: int
    communication: int
    overall: int
    explanations: dict[str, list[str]] = field(default_factory=dict)
    teaching_points: tuple[TeachingPoint, ...] = ()

    def as_dict(self) -> dict[str, int]:
        return {"calmness": self.calmness, "safety": self.safety, "referral": self.referral,
                "communication": self.communication, "overall": self.overall}

    def to_dict(self) -> dict[str, Any]:
        return {**self.as_dict(), "explanations": self.explanations, "teaching_points": [t.to_dict() for t in self.teaching_points]}


@dataclass
class Turn:
    """One trainee turn, reassembled from the events."""

    number: int
    t: float
    kind: str = ""
    text: str = ""
    primary: str = ""
    techniques: list[str] = field(default_factory=list)
    action: str | None = None
    referral: dict[str, Any] | None = None
    delta: dict[str, float] = field(default_factory=dict)
    agitation_after: float | None = None


def turns_of(events: list[SessionEvent]) -> list[Turn]:
    """The trainee's turns with what each did and how it moved the person."""
    turns: dict[int, Turn] = {}
    for e in events:
        if e.turn == 0:
            continue
        turn = turns.setdefault(e.turn, Turn(e.turn, e.t))
        d = e.data
        if e.type == ev.TRAINEE_SAID:
            turn.kind, turn.text = "said", d["text"]
        elif e.type == ev.CHOICE_MADE:
            turn.kind, turn.text = "choice", d["text"]
        elif e.type == ev.UNDERSTOOD:
            turn.primary = d["primary"]
            turn.techniques = [h["id"] for h in d["techniques"]]
        elif e.type == ev.ACTION_TAKEN:
            turn.action = d["action"]
            turn.kind = turn.kind or "action"
        elif e.type == ev.REFERRAL_OFFERED:
            turn.referral = d
            turn.kind = turn.kind or "referral"
        elif e.type == ev.STATE_CHANGED:
            for k, (old, new) in d["changes"].items():
                if isinstance(new, bool) or isinstance(old, bool):
                    continue
                turn.delta[k] = turn.delta.get(k, 0.0) + float(new) - float(old)
            if "agitation" in d.get("variables", {}):
                turn.agitation_after = float(d["variables"]["agitation"])
    return [turns[k] for k in sorted(turns)]


def score(events: list[SessionEvent]) -> Scores:
    """Score a session from its events."""
    start = next((e for e in events if e.type == ev.SESSION_STARTED), None)
    if start is None:
        return Scores(0, 0, 0, 0, 0, {"overall": ["The session never started."]})
    ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
    outcome = ended.data["outcome"] if ended else None
    turns = turns_of(events)
    points: list[TeachingPoint] = []
    calm, calm_why = _calmness(events, start, turns)
    safe, safe_why = _safety(events, turns, outcome, points)
    ref, ref_why = _referral(events, turns, points)
    comm, comm_why = _communication(turns, points)
    w = WEIGHTS["overall"]
    overall = round(w["calmness"] * calm + w["safety"] * safe + w["referral"] * ref + w["communication"] * comm)
    for e in events:
        if e.type == ev.TEACHING_POINT:
            points.append(TeachingPoint(e.turn, "scenario", e.data["text"]))
    points += _turning_points(turns)
    explanations = {"calmness": calm_why, "safety": safe_why, "referral": ref_why, "communication": comm_why,
                    "overall": [f"Weighted: calmness {w['calmness']:.0%}, safety {w['safety']:.0%}, referral {w['referral']:.0%}, communication {w['communication']:.0%}."]}
    unique: dict[tuple[int, str], TeachingPoint] = {}
    for p in sorted(points, key=lambda p: (p.turn, p.kind)):
        unique.setdefault((p.turn, p.text), p)
    return Scores(round(calm), round(safe), round(ref), round(comm), overall, explanations, tuple(unique.values()))


def _series(events: list[SessionEvent], start: SessionEvent) -> list[tuple[float, float]]:
    points = [(0.0, float(start.data["variables"]["agitation"]))]
    for e in events:
        if e.type == ev.STATE_CHANGED and "agitation" in e.data.get("variables", {}):
            points.append((e.t, float(e.data["variables"]["agitation"])))
    return points


def _calmness(events: list[SessionEvent], start: SessionEvent, turns: list[Turn]) -> tuple[float, list[str]]:
    w = WEIGHTS["calmness"]
    series = _series(events, start)
    end_t = max(events[-1].t, series[-1][0])
    if end_t > 0:
        area = 0.0
        for (t0, a0), (t1, _) in zip(series, [*series[1:], (end_t, series[-1][1])], strict=True):
            area += a0 * (t1 - t0)
        mean = area / end_t
    else:
        mean = sum(a for _, a in series) / len(series)
    end = series[-1][1]
    calm_turn = next((t.number for t in turns if t.agitation_after is not None and t.agitation_after <= w["calm_at"]), None)
    if series[0][1] <= w["calm_at"] and calm_turn is None and end <= w["calm_at"]:
        calm_turn = 1
    speed = 100 * max(0.0, 1 - (calm_turn - 1) / w["speed_turns"]) if calm_turn else 0.0
    value = w["mean"] * (100 - mean) + w["end"] * (100 - end) + w["speed"] * speed
    why = [f"Agitation averaged {mean:.0f} over the session (started {series[0][1]:.0f}, peaked {max(a for _, a in series):.0f}) and ended at {end:.0f}."]
    why.append(f"Calm (agitation ≤ {w['calm_at']}) was reached at turn {calm_turn}." if calm_turn else f"Agitation never came down to {w['calm_at']} or below.")
    return _clamp(value), why


def _safety(events: list[SessionEvent], turns: list[Turn], outcome: str | None, points: list[TeachingPoint]) -> tuple[float, list[str]]:
    w = WEIGHTS["safety"]
    value, why = 100.0, []
    agitation = None
    close_penalty = 0.0
    for t in turns:
        before = (t.agitation_after - t.delta.get("agitation", 0.0)) if t.agitation_after is not None else agitation
        if t.action == "draw_weapon":
            value -= w["draw_weapon"]
            why.append(f"Turn {t.number}: a weapon was drawn (−{w['draw_weapon']}).")
            points.append(TeachingPoint(t.number, "advice", "Drawing a weapon on a person in crisis raised the stakes; distance, cover and time were the safer tools."))
        if t.action == "physical_control":
            value -= w["physical_control"]
            why.append(f"Turn {t.number}: hands-on force was used (−{w['physical_control']}).")
            points.append(TeachingPoint(t.number, "advice", "Going hands-on is where officers and people in crisis get hurt; it should be the last resort, not a way to end the talk."))
        if t.action == "approach" and before is not None and before >= w["agitated_at"]:
            value -= w["approach_agitated"]
            why.append(f"Turn {t.number}: moved closer while agitation was {before:.0f} (−{w['approach_agitated']}).")
        if t.agitation_after is not None:
            agitation = t.agitation_after
    distance = 1.0
    for e in events:
        if e.type == ev.STATE_CHANGED and "distance" in e.data["changes"]:
            distance = float(e.data["changes"]["distance"][1])
        if e.type == ev.STATE_CHANGED and distance == 0 and float(e.data.get("variables", {}).get("agitation", 0)) >= w["agitated_at"]:
            close_penalty += w["close_while_agitated"]
    if close_penalty:
        close_penalty = min(close_penalty, w["close_cap"])
        value -= close_penalty
        why.append(f"Stayed within arm's reach of an agitated person (−{close_penalty:.0f}).")
    if outcome in w["outcome"] or outcome is None:
        cost = w["outcome"].get(outcome, 0)
        if cost:
            value -= cost
            why.append(f"The encounter ended {'without an ending' if outcome is None else 'in ' + outcome.replace('_', ' ')} (−{cost}).")
    if not why:
        why.append("No force, no weapon, safe distance kept, and nobody hurt.")
    return _clamp(value), why


def _referral(events: list[SessionEvent], turns: list[Turn], points: list[TeachingPoint]) -> tuple[float, list[str]]:
    w = WEIGHTS["referral"]
    offers = [e for e in events if e.type == ev.REFERRAL_OFFERED]
    why: list[str] = []
    if offers:
        values = [w["accepted" if o.data["accepted"] else "declined"][o.data["rating"]] for o in offers]
        best = max(range(len(offers)), key=lambda i: values[i])
        value = float(values[best])
        o = offers[best].data
        why.append(f"Best referral: {o['resource'].replace('_', ' ')} (rated {o['rating']} for this person), {'accepted' if o['accepted'] else 'declined'}.")
        for off in offers:
            if off.data["rating"] == "harmful":
                value -= w["harmful_offered"]
                why.append(f"Turn {off.turn}: {off.data['resource'].replace('_', ' ')} is harmful for this person (−{w['harmful_offered']}): {off.data['why']}")
                points.append(TeachingPoint(off.turn, "advice", f"{off.data['resource'].replace('_', ' ').capitalize()} was the wrong resource here: {off.data['why']}"))
        declines = sum(1 for off in offers if not off.data["accepted"])
        if declines > w["declines_tolerated"]:
            cost = (declines - w["declines_tolerated"]) * w["extra_decline"]
            value -= cost
            why.append(f"{declines} offers were refused; pushing help before trust exists costs (−{cost}).")
    else:
        value = float(w["none"])
        why.append("No referral was offered.")
    cues = [e for e in events if e.type == ev.PERSON_SAID and e.data.get("cue") == "suicide_risk"]
    if cues:
        asked = [t for t in turns if "ask_about_harm" in t.techniques]
        if asked:
            value += w["risk_asked_bonus"]
            why.append(f"Suicide risk was asked about directly (turn {asked[0].number}) (+{w['risk_asked_bonus']}).")
            points.append(TeachingPoint(asked[0].number, "praise", "Asking directly about suicide does not plant the idea; it shows you can hear the answer."))
        else:
            value -= w["risk_not_asked"]
            why.append(f"The person showed suicide risk (turn {cues[0].turn}) and was never asked about it (−{w['risk_not_asked']}).")
            points.append(TeachingPoint(cues[0].turn, "advice", "They hinted at wanting to die and nobody asked. Ask plainly: 'Are you thinking about killing yourself?'"))
    return _clamp(value), why


def _communication(turns: list[Turn], points: list[TeachingPoint]) -> tuple[float, list[str]]:
    w = WEIGHTS["communication"]
    spoken = [t for t in turns if t.techniques]
    if not spoken:
        return 0.0, ["The officer said nothing the person could respond to."]
    engagement = min(1.0, len(spoken) / w["engaged_turns"])
    supportive = sum(1 for t in spoken if vocab.polarity(t.primary) == "supportive")
    escalating = sum(1 for t in spoken if vocab.polarity(t.primary) == "escalating")
    neutral = len(spoken) - supportive - escalating
    value = 100.0 * supportive / max(1.0, supportive + escalating + 0.5 * neutral)
    why = [f"{supportive} of {len(spoken)} turns were supportive, {escalating} escalating, {neutral} neutral."]
    esc_moves = [(t, x) for t in spoken for x in t.techniques if vocab.polarity(x) == "escalating"]
    if esc_moves:
        cost = min(w["escalation_cap"], w["escalation"] * len(esc_moves))
        value -= cost
        why.append(f"{len(esc_moves)} escalating moves (−{cost}).")
        for t, x in esc_moves:
            quote = f" ('{_short(t.text)}')" if t.text else ""
            points.append(TeachingPoint(t.number, "advice", f"You used {x.replace('_', ' ')}{quote}: {ADVICE[x]}"))
    listening = 0
    early = 0
    for t in turns:
        used = set(t.techniques) | ({"offer_help"} if t.referral else set())
        if used & INFLUENCE and listening < w["listening_first"]:
            early += 1
            if early == 1:
                points.append(TeachingPoint(t.number, "advice", "You moved to influence (help, limits, choices) before listening; the stairway climbs from listening and empathy to influence."))
        if used & LISTENING:
            listening += 1
    if early:
        cost = min(w["early_influence_cap"], w["early_influence"] * early)
        value -= cost
        why.append(f"{early} influence moves came before listening (−{cost}).")
    if engagement < 1:
        value *= engagement
        why.append(f"Only {len(spoken)} turns said anything; a conversation needs at least {w['engaged_turns']} (×{engagement:.2f}).")
    distinct = {x for t in spoken for x in t.techniques if vocab.polarity(x) == "supportive"}
    if len(distinct) >= w["variety_at"]:
        value += w["variety_bonus"]
        why.append(f"Varied technique: {len(distinct)} different supportive moves (+{w['variety_bonus']}).")
    elif len(spoken) >= 6:
        value -= w["narrow_penalty"]
        why.append(f"Only {len(distinct)} different supportive moves in {len(spoken)} turns (−{w['narrow_penalty']}).")
    return _clamp(value), why


def _turning_points(turns: list[Turn]) -> list[TeachingPoint]:
    """The turn that calmed the person most, and the one that agitated them most."""
    out = []
    moved = [t for t in turns if "agitation" in t.delta]
    if moved:
        best = min(moved, key=lambda t: t.delta["agitation"])
        if best.delta["agitation"] <= -5 and best.primary in PRAISE:
            out.append(TeachingPoint(best.number, "praise", f"Your biggest calming moment: {PRAISE[best.primary]} lowered agitation by {-best.delta['agitation']:.0f}."))
        worst = max(moved, key=lambda t: t.delta["agitation"])
        if worst.delta["agitation"] >= 8:
            what = worst.primary if worst.primary and worst.primary != "other" else (worst.action or "this turn")
            out.append(TeachingPoint(worst.number, "advice", f"The sharpest rise in agitation (+{worst.delta['agitation']:.0f}) followed {what.replace('_', ' ')}."))
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))
