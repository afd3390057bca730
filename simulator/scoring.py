"""Scores a session from its event stream: calmness, safety, referral, communication.

Scoring reads only events, so a replayed session scores exactly as it did
live. Each score is 0–100 and comes with the reasons that produced it, and
teaching points are tied to the turns that earned them. Every weight and
penalty lives in ``WEIGHTS`` (``simulator/weights.py``), the one place to tune the trainer's
judgement (the README's "Scoring" section explains them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator import events as ev
from simulator import vocabulary as vocab
from simulator.events import SessionEvent
from simulator.rubric import Rubric, asked_about_suicide, checklist
from simulator.turns import REFLECTIONS, Turn, turns_of
from simulator.weights import WEIGHTS as WEIGHTS  # the table moved to its own module; callers still import it from here

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
    kind: str  # "critical" | "advice" | "praise" | "scenario"
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Band:
    """Where an overall score sits on the instructor's scale, and what that means."""

    name: str
    low: int
    meaning: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "low": self.low, "meaning": self.meaning}


BAND_MEANINGS = {
    "exemplary": "Exemplary: the standard to teach from. Every domain met, the right help accepted freely.",
    "competent": "Competent: safe to work this call alone. Small gaps to polish, nothing dangerous.",
    "meets the minimum": "Meets the minimum: safe, but key skills are missing or late; practise the missed items.",
    "below the minimum": "Below the minimum: not yet safe to work this call alone; focused practice on the missed items, then repeat the scenario.",
    "needs remediation": "Needs remediation: the approach raised the danger. Retrain the basics with an instructor before repeating.",
}


def band_of(overall: int) -> Band:
    """The band an overall score falls in (``WEIGHTS["bands"]``)."""
    for low, name in WEIGHTS["bands"]:
        if overall >= low:
            return Band(name, low, BAND_MEANINGS[name])
    low, name = WEIGHTS["bands"][-1]
    return Band(name, low, BAND_MEANINGS[name])


@dataclass(frozen=True)
class Scores:
    calmness: int
    safety: int
    referral: int
    communication: int
    overall: int
    explanations: dict[str, list[str]] = field(default_factory=dict)
    teaching_points: tuple[TeachingPoint, ...] = ()
    rubric: Rubric | None = None

    @property
    def band(self) -> Band:
        return band_of(self.overall)

    def as_dict(self) -> dict[str, int]:
        return {"calmness": self.calmness, "safety": self.safety, "referral": self.referral,
                "communication": self.communication, "overall": self.overall}

    def to_dict(self) -> dict[str, Any]:
        return {**self.as_dict(), "explanations": self.explanations, "teaching_points": [t.to_dict() for t in self.teaching_points],
                "band": self.band.to_dict(), "rubric": self.rubric.to_dict() if self.rubric else None}


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
    rubric = checklist(events, WEIGHTS["rubric"], turns)
    w = WEIGHTS["overall"]
    weighted = (w["calmness"] * calm + w["safety"] * safe + w["referral"] * ref + w["communication"] * comm
                + w["rubric"] * rubric.percent)
    overall_why = [f"Weighted: calmness {w['calmness']:.0%}, safety {w['safety']:.0%}, referral {w['referral']:.0%}, "
                   f"communication {w['communication']:.0%}, the rubric checklist {w['rubric']:.0%} ({rubric.percent:.0f} % of its points)."]
    weighted -= _unrepaired(rubric, overall_why)
    overall = _caps(weighted, events, turns, outcome, rubric, overall_why, points)
    for e in events:
        if e.type == ev.TEACHING_POINT:
            points.append(TeachingPoint(e.turn, "scenario", e.data["text"]))
    points += _turning_points(turns)
    comm_why += _ruptures(rubric, points)
    band = band_of(round(overall))
    overall_why.append(f"Band: {band.meaning}")
    explanations = {"calmness": calm_why, "safety": safe_why, "referral": ref_why, "communication": comm_why, "overall": overall_why}
    unique: dict[tuple[int, str], TeachingPoint] = {}
    for p in sorted(points, key=lambda p: (p.kind != "critical", p.turn, p.kind)):  # what failed the run leads
        unique.setdefault((p.turn, p.text), p)
    return Scores(round(calm), round(safe), round(ref), round(comm), round(overall), explanations, tuple(unique.values()), rubric)


def _unrepaired(rubric: Rubric, why: list[str]) -> float:
    """What the ruptures left standing cost the overall score: a slip owned at once costs less than one let stand.

    The slip itself is paid for where it happened (communication, the checklist's items); this is the price of
    not repairing it, so that a repaired slip and an unrepaired one never score the same (issue 19).
    """
    w = WEIGHTS["ruptures"]
    standing = [r["turn"] for r in rubric.ruptures if not r.get("repaired_at")]
    if not standing:
        return 0.0
    cost = min(w["unrepaired_cap"], w["unrepaired"] * len(standing))
    why.append(f"{len(standing)} rupture{'s' if len(standing) > 1 else ''} never repaired (turn{'s' if len(standing) > 1 else ''} "
               f"{', '.join(map(str, standing[:5]))}): −{cost:.0f}.")
    return float(cost)


def _caps(weighted: float, events: list[SessionEvent], turns: list[Turn], outcome: str | None, rubric: Rubric,
          why: list[str], points: list[TeachingPoint]) -> float:
    """Limits an instructor applies whatever the rest looks like: each one that bites is explained."""
    c = WEIGHTS["caps"]
    overall = _clamp(weighted)
    cues = [e for e in events if e.type == ev.PERSON_SAID and e.data.get("cue") == "suicide_risk"]
    start = next((e for e in events if e.type == ev.SESSION_STARTED), None)
    if not cues and start is not None and "suicide_risk" in (start.data.get("risks") or ()) and len(turns) >= c["declared_risk_turns"]:
        cues = [start]  # a risk the scenario declares is screened for whether or not its cue has shown yet
    if cues and not asked_about_suicide(turns):
        stand_in = next((t for t in turns if "ask_about_harm" in t.techniques), None)
        text = ("They hinted at wanting to die and nobody asked. Ask plainly: 'Are you thinking about killing yourself?'"
                + (f" (Turn {stand_in.number} asked about something else; only a question about suicide or self-harm screens for it.)" if stand_in else ""))
        points.append(TeachingPoint(cues[0].turn, "critical", text))
        if overall > c["risk_unasked"]:
            why.append(f"Suicide risk showed (turn {cues[0].turn}) and was never asked about: capped at {c['risk_unasked']}.")
            overall = c["risk_unasked"]
    spoken = [t for t in turns if t.spoken]
    content = [t for t in spoken if vocab.polarity(t.primary) == "supportive" and not t.stuffed and t.repeat_of is None
               and (t.echoed or t.listening_quality == "content" or t.topic)]
    stuffed = [t.number for t in spoken if t.stuffed]
    if len(stuffed) >= c["stuffed_turns"] and overall > c["content_free"]:
        why.append(f"Turns {', '.join(map(str, stuffed[:6]))} were lists of trigger words and stock phrases, not talk to this person: capped at {c['content_free']}.")
        overall = c["content_free"]
        points.append(TeachingPoint(stuffed[0], "critical", "Reciting trigger words is not listening. Say one thing at a time, about what this person told you."))
    if len(content) < c["content_turns"] and rubric.objectives_met == 0 and overall > c["content_free"]:
        why.append(f"Nothing you said reflected the person's own words, and none of the scenario's objectives was met: capped at {c['content_free']}.")
        overall = c["content_free"]
        if spoken:
            points.append(TeachingPoint(spoken[0].number, "critical", "Every line could have been said to anyone. Listen for this person's own words (names, places, what happened) and give them back."))
    if rubric.objectives and rubric.objectives_met < c["objectives_share"] * len(rubric.objectives) and overall > c["objectives_unmet"]:
        why.append(f"Only {rubric.objectives_met} of the scenario's {len(rubric.objectives)} objectives were met: capped at {c['objectives_unmet']}.")
        overall = c["objectives_unmet"]
    if outcome in ("injury", "self_harm", "arrest", "fled"):
        hostile = [t.number for t in turns if t.action in ("physical_control", "draw_weapon")
                   or (t.action == "approach" and (t.agitation_before or 0) >= WEIGHTS["safety"]["agitated_at"])
                   or any(vocab.polarity(x) == "escalating" and t.confidence.get(x, 1.0) >= WEIGHTS["rubric"]["escalating_sure_at"] for x in t.techniques)]
        dangerous = [t.number for t in turns if t.action in ("physical_control", "draw_weapon")
                     or (t.action == "approach" and (t.agitation_before or 0) >= WEIGHTS["safety"]["agitated_at"])
                     or any(x in ("threaten", "insult") and t.confidence.get(x, 1.0) >= WEIGHTS["rubric"]["escalating_sure_at"] for x in t.techniques)]
        # Hurt after a dangerous act or a sustained pattern is the officer's doing; a person walking off after clumsy
        # lines is a failed contact (safety already pays for it), not a run that needs remediation.
        caused = bool(dangerous) or (len(hostile) >= WEIGHTS["rubric"]["hostile_turns"] and outcome in ("injury", "self_harm"))
        cap = c["caused_harm"] if caused else (c["catastrophic"] if outcome in ("injury", "self_harm") else 100)
        if overall > cap:
            why.append(f"The encounter ended in {outcome.replace('_', ' ')}"
                       + (f" after the officer's own force, weapon or escalation (turns {', '.join(map(str, hostile[:5]))})" if caused else "")
                       + f": capped at {cap}.")
            overall = cap
    return overall


def _series(events: list[SessionEvent], start: SessionEvent) -> list[tuple[float, float]]:
    points = [(0.0, float(start.data["variables"]["agitation"]))]
    for e in events:
        if e.type == ev.STATE_CHANGED and "agitation" in e.data.get("variables", {}):
            points.append((e.t, float(e.data["variables"]["agitation"])))
    return points


def _floor(start: SessionEvent) -> float:
    """The lowest agitation this person can reach: the scenario's physiology floor, else the variable's minimum."""
    floors = start.data.get("floors") or {}
    if isinstance(floors, dict) and "agitation" in floors:
        return float(floors["agitation"])
    if isinstance(floors, list):  # [{variable, min, max, when, why}]: the unconditional minimum is the body's floor
        mins = [float(f["min"]) for f in floors if isinstance(f, dict) and f.get("variable") == "agitation"
                and f.get("min") is not None and not f.get("when")]
        if mins:
            return max(mins)
    return float((start.data.get("ranges") or {}).get("agitation", [0, 100])[0])


def _calmness(events: list[SessionEvent], start: SessionEvent, turns: list[Turn]) -> tuple[float, list[str]]:
    """Calm against the scenario's own course: agitation at its floor counts as fully calm."""
    w = WEIGHTS["calmness"]
    series = _series(events, start)
    floor = _floor(start)
    span = max(1.0, 100.0 - floor)
    end_t = max(events[-1].t, series[-1][0])
    if end_t > 0:
        area = 0.0
        for (t0, a0), (t1, _) in zip(series, [*series[1:], (end_t, series[-1][1])], strict=True):
            area += a0 * (t1 - t0)
        mean = area / end_t
    else:
        mean = sum(a for _, a in series) / len(series)
    end = series[-1][1]
    calm_at = max(w["calm_at"], floor + w["calm_margin"])
    calm_turn = next((t.number for t in turns if t.agitation_after is not None and t.agitation_after <= calm_at), None)
    if series[0][1] <= calm_at and calm_turn is None and end <= calm_at:
        calm_turn = 1
    speed = 100 * max(0.0, 1 - (calm_turn - 1) / w["speed_turns"]) if calm_turn else 0.0

    def relief(x: float) -> float:
        return 100.0 * (1 - max(0.0, x - floor) / span)

    value = w["mean"] * relief(mean) + w["end"] * relief(end) + w["speed"] * speed
    why = [f"Agitation averaged {mean:.0f} over the session (started {series[0][1]:.0f}, peaked {max(a for _, a in series):.0f}) and ended at {end:.0f}."]
    if floor > 0:
        why.append(f"Measured against this person's floor of {floor:.0f}: their body does not let agitation fall lower.")
    why.append(f"Calm (agitation ≤ {calm_at:.0f}) was reached at turn {calm_turn}." if calm_turn else f"Agitation never came down to {calm_at:.0f} or below.")
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
    """The help offered: the best resource, whether it was accepted, and whether it was pushed before rapport.

    Typed, said or picked, an offer is one REFERRAL_OFFERED event, so the same words score the same.
    """
    w = WEIGHTS["referral"]
    offers = [e for e in events if e.type == ev.REFERRAL_OFFERED]
    why: list[str] = []
    if offers:
        rapport_at = _rapport_turn(turns, w["rapport_turns"])
        values = []
        for o in offers:
            v = float(w["accepted" if o.data["accepted"] else "declined"][o.data["rating"]])
            if o.data.get("pending"):  # she was weighing it when the session ended: neither taken nor refused
                v = float(w["none"]) if not any(x.data.get("resumed") for x in offers) else v
            if not o.data["accepted"] and (rapport_at is None or o.turn <= rapport_at):
                v = min(v, float(w["declined_before_rapport"]))
            values.append(v)
        best = max(range(len(offers)), key=lambda i: values[i])
        value = values[best]
        chosen = offers[best].data
        early = not chosen["accepted"] and value <= w["declined_before_rapport"] and chosen["rating"] != "harmful"
        why.append(f"Best referral: {chosen['resource'].replace('_', ' ')} (rated {chosen['rating']} for this person), {'accepted' if chosen['accepted'] else 'declined'}"
                   + (", offered before any rapport — pushing help early scores below no offer." if early else "."))
        if early:
            points.append(TeachingPoint(offers[best].turn, "advice", "Help offered before listening was refused. Listen and show you understand first; then the same offer lands."))
        for off in offers:
            if off.data["rating"] == "harmful":
                value -= w["harmful_offered"]
                why.append(f"Turn {off.turn}: {off.data['resource'].replace('_', ' ')} is harmful for this person (−{w['harmful_offered']}): {off.data['why']}")
                points.append(TeachingPoint(off.turn, "advice", f"{off.data['resource'].replace('_', ' ').capitalize()} was the wrong resource here: {off.data['why']}"))
        declines = sum(1 for off in offers if not off.data["accepted"] and not off.data.get("pending"))  # weighed, not refused
        if declines > w["declines_tolerated"]:
            cost = (declines - w["declines_tolerated"]) * w["extra_decline"]
            value -= cost
            why.append(f"{declines} offers were refused; pushing help before trust exists costs (−{cost}).")
    else:
        value = float(w["none"])
        why.append("No referral was offered.")
    asked = asked_about_suicide(turns)
    if asked:
        points.append(TeachingPoint(asked[0], "praise", "Asking directly about suicide does not plant the idea; it shows you can hear the answer."))
    return _clamp(value), why


def _rapport_turn(turns: list[Turn], needed: int) -> int | None:
    """The turn by which the officer had listened or shown empathy ``needed`` times (None: never).

    A repeated or stuffed turn builds no rapport: reciting her cue words is not listening to her.
    """
    count = 0
    for t in turns:
        if set(t.techniques) & LISTENING and t.repeat_of is None and not t.stuffed:
            count += 1
            if count >= needed:
                return t.number
    return None


def _communication(turns: list[Turn], points: list[TeachingPoint]) -> tuple[float, list[str]]:
    """Varied, content-bearing listening: each spoken turn earns by what it carried, parroting earns nothing."""
    w = WEIGHTS["communication"]
    spoken = [t for t in turns if t.spoken]
    if not spoken:
        return 0.0, ["The officer said nothing the person could respond to."]
    credit = 0.0
    kinds = {"content": 0, "generic": 0, "repeat": 0, "encourager": 0, "escalating": 0, "neutral": 0}
    generic_uses: dict[str, int] = {}
    encouragers = 0
    for t in spoken:
        pol = vocab.polarity(t.primary)
        if pol == "escalating":
            credit += w["escalating"]
            kinds["escalating"] += 1
        elif t.repeat_of is not None or t.listening_quality == "misfire" or t.stuffed:
            credit += w["repeat"]
            kinds["repeat"] += 1
        elif t.primary == "encourage" and len(t.techniques) == 1:
            encouragers += 1
            credit += w["encourager"] if encouragers <= w["encourager_free"] else 0.0
            kinds["encourager"] += 1
        elif pol == "supportive":
            content = t.listening_quality == "content" or (t.listening_quality is None and bool(t.echoed))
            if content or t.objectives or t.topic:
                credit += w["content_reflection"] if set(t.techniques) & REFLECTIONS else w["content_move"]
                kinds["content"] += 1
            else:
                n = generic_uses.get(t.primary, 0)
                generic_uses[t.primary] = n + 1
                credit += w["generic"] * (w["generic_decay"] ** n)
                kinds["generic"] += 1
        else:
            credit += w["neutral"]
            kinds["neutral"] += 1
    value = 100.0 * min(1.0, max(0.0, credit / len(spoken)) / w["full_at"])
    why = [f"{len(spoken)} spoken turns: {kinds['content']} carried the person's own words or the scenario's content, {kinds['generic']} were generic, "
           f"{kinds['repeat']} repeated an earlier turn, stuffed keywords or reflected what was never said, {kinds['encourager']} were encouragers alone, {kinds['escalating']} escalated, {kinds['neutral']} were neutral."]
    if kinds["repeat"] or encouragers > w["encourager_free"]:
        why.append("Repeating a turn or saying only 'mm-hm' earns nothing after the first few: the person hears a script, not a listener.")
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
    engagement = min(1.0, len(spoken) / w["engaged_turns"])
    if engagement < 1:
        value *= engagement
        why.append(f"Only {len(spoken)} turns said anything; a conversation needs at least {w['engaged_turns']} (×{engagement:.2f}).")
    distinct = {x for t in spoken for x in t.techniques if vocab.polarity(x) == "supportive" and t.repeat_of is None}
    if len(distinct) >= w["variety_at"] and kinds["content"]:
        value += w["variety_bonus"]
        why.append(f"Varied technique: {len(distinct)} different supportive moves (+{w['variety_bonus']}).")
    return _clamp(value), why


def _ruptures(rubric: Rubric, points: list[TeachingPoint]) -> list[str]:
    """Each rupture the session recorded, and whether (and how) it was repaired: named with their turns."""
    why = []
    for r in rubric.ruptures:
        what = str(r.get("what", "")).replace("_", " ")
        if r.get("repaired_at"):
            how = str(r.get("repair", "")).replace("_", " ")
            why.append(f"Turn {r['turn']}: {what} was a rupture, repaired at turn {r['repaired_at']} ({how}).")
            points.append(TeachingPoint(int(r["repaired_at"]), "praise",
                                        f"You owned the misstep at turn {r['turn']} ({what}) and repaired it ({how}); the person heard it. That is what CIT teaches."))
        else:
            why.append(f"Turn {r['turn']}: {what} was a rupture that was never repaired.")
            points.append(TeachingPoint(int(r["turn"]), "advice",
                                        f"The {what} at turn {r['turn']} cost trust and was never repaired. Own it right away "
                                        "('I'm sorry, that came out wrong'), step back, and try again."))
    return why


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
