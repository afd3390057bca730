"""What an ending's narration claims the officer did, checked against what the session's events show.

An ending that says "your hands close on her wrists" after a session with no
hands-on force, or "the paramedics, called only now" after the officer called
them at the start, teaches the wrong lesson and tells the trainee the record
is wrong. Each claim here is a pattern in the narration and the events that
support it; ``unsupported(events)`` lists the claims of the session's ending
that the events do not support. Hedged sentences ("whether he came at you or
you went to him") claim nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from simulator import events as ev
from simulator.events import SessionEvent

EMS_WORDS = re.compile(r"\b(ambulance|paramedics?|medics|ems|emt|a doctor|check your heart|get you checked)\b")
ARREST_WORDS = re.compile(r"\b(under arrest|arrest(ing)? you|to jail|you're going in|in cuffs|handcuff)")


def _actions(events: list[SessionEvent]) -> list[tuple[int, str]]:
    return [(e.turn, str(e.data.get("action"))) for e in events if e.type == ev.ACTION_TAKEN]


def _said(events: list[SessionEvent]) -> list[tuple[int, str]]:
    out = []
    for e in events:
        if e.type == ev.TRAINEE_SAID:
            out.append((e.turn, str(e.data.get("text", "")).lower()))
        elif e.type == ev.CHOICE_MADE:
            out.append((e.turn, str(e.data.get("said") or e.data.get("text", "")).lower()))
    return out


def _techniques(events: list[SessionEvent]) -> set[str]:
    return {str(h.get("id")) for e in events if e.type == ev.UNDERSTOOD for h in e.data.get("techniques", [])}


def used_force(events: list[SessionEvent]) -> bool:
    return any(a == "physical_control" for _, a in _actions(events))


def closed_in(events: list[SessionEvent]) -> bool:
    return any(a in ("approach", "physical_control") for _, a in _actions(events))


def drew_weapon(events: list[SessionEvent]) -> bool:
    return any(a == "draw_weapon" for _, a in _actions(events))


def spoke_of_arrest(events: list[SessionEvent]) -> bool:
    referred_jail = any(e.type == ev.REFERRAL_OFFERED and e.data.get("resource") == "jail" for e in events)
    return referred_jail or "threaten" in _techniques(events) or any(ARREST_WORDS.search(t) for _, t in _said(events)) or used_force(events)


def ems_called_before_the_end(events: list[SessionEvent]) -> bool:
    """The officer asked for EMS or offered the hospital (by words, a menu line or a referral) before the ending."""
    if any(e.type == ev.REFERRAL_OFFERED and e.data.get("resource") == "emergency_department" for e in events):
        return True
    return any(EMS_WORDS.search(t) for _, t in _said(events))


@dataclass(frozen=True)
class Claim:
    """A kind of statement an ending makes, how to spot it, and what in the events must support it."""

    id: str
    pattern: re.Pattern[str]
    supported: Callable[[list[SessionEvent]], bool]
    what: str


CLAIMS: tuple[Claim, ...] = (
    Claim("force", re.compile(r"\byour hands close on|\byou lunge|\byou (grab|tackle|seize|take (him|her) down)\b|\bthe two of you pin|"
                              r"\breach for (her|his) wrists"), used_force, "the officer going hands-on"),
    Claim("approach", re.compile(r"\byou close the distance|\byou (step|move|walk) (closer|in)\b|\byou came closer\b"), closed_in,
          "the officer closing in"),
    Claim("weapon", re.compile(r"\bat the sight of (the|your) (weapon|gun|taser)|\bthe taser is out\b|\byou draw\b|\byour (gun|taser) (is )?out\b"),
          drew_weapon, "a weapon drawn by the officer"),
    Claim("arrest", re.compile(r"\byou (tell|told) (her|him) (she|he)('s| is) (under arrest|going in cuffs)|\byou arrest (him|her)\b"),
          spoke_of_arrest, "the officer arresting or threatening arrest"),
    Claim("ems_late", re.compile(r"\bcalled only now\b|\bonly now call|\bfinally call(s|ed)? (ems|the paramedics|an ambulance)"),
          lambda events: not ems_called_before_the_end(events), "EMS called only at the end"),
)


def claims_of(narration: str) -> list[Claim]:
    """The claims a narration makes (hedged sentences — 'whether … or …' — make none)."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", narration):
        low = sentence.lower()
        if "whether" in low:
            continue
        for claim in CLAIMS:
            if claim.pattern.search(low) and claim not in found:
                found.append(claim)
    return found


def unsupported(events: list[SessionEvent]) -> list[str]:
    """The ending's claims that the session's events do not support, as readable sentences (empty: all true)."""
    ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
    if ended is None:
        return []
    narration = str(ended.data.get("narration") or "")
    return [f"ending '{ended.data.get('ending')}' narrates {c.what}, which the session's events do not show"
            for c in claims_of(narration) if not c.supported(events)]
