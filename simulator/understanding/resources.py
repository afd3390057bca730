"""Which help a spoken offer names: "would you talk to the crisis team?" offers the mobile crisis team.

A trainee who offers help by voice should not have to press a referral
button as well. When a turn is read as ``offer_help`` and names a resource,
the session treats it as offering that referral (so it is rated, accepted or
declined, and scored). Jail is never offered this way: naming it is a threat,
not help.
"""

from __future__ import annotations

import re

from simulator.understanding.normalize import normalize

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("crisis_line_988", r"\b988\b|\bcrisis (?:line|hotline|text line)\b|\bhot ?line\b|\bhelp ?line\b|\bsuicide (?:line|hotline)\b|\bveterans crisis line\b"),
    ("mobile_crisis_team", r"\bmobile (?:crisis|team|unit)\b|\bcrisis (?:team|worker|workers|counselor|counsellor|clinician|response)\b|\bclinicians?\b|\bmental health (?:team|worker|workers|professional|folks|people)\b"),
    ("crisis_stabilization_unit", r"\bstabili[sz]ation\b|\bcrisis (?:center|centre|unit|house)\b|\brespite\b"),
    ("veterans_services", r"\bthe va\b|\bv a\b|\bveterans? (?:affairs|services|center|clinic|hospital|outreach)\b|\bvet center\b"),
    ("emergency_department", r"\bhospital\b|\bemergency (?:room|department)\b|\bthe er\b|\bambulance\b|\bparamedics?\b|\bmedics\b|\bems\b|\bget (?:you )?checked out\b"),
    ("detox_treatment", r"\bdetox\b|\brehab\b|\btreatment (?:program|center|centre|place)\b|\brecovery (?:program|center|centre)\b|\bsober\w*\b"),
    ("dementia_services", r"\bmemory (?:care|clinic|services)\b|\bdementia\b|\balzheimer\w*\b|\bcare home\b"),
    ("youth_services", r"\byouth\b|\bschool counsel\w+\b|\bteen\w*\b"),
    ("peer_support", r"\bpeers?\b|\bsupport group\b|\b(?:other|fellow) (?:veterans|vets)\b|\bsomeone who(?:'s| has) been through\b"),
    ("social_services", r"\bsocial (?:worker|services)\b|\bbenefits\b|\bfood bank\b"),
    ("homeless_outreach", r"\bshelter\b|\boutreach\b|\ba bed (?:for|tonight)\b|\bplace to (?:stay|sleep)\b"),
    ("outpatient_mental_health", r"\b(?:your|a) (?:doctor|therapist|counsel+or|psychiatrist|case ?worker|case manager|clinic)\b|\btherapy\b|\boutpatient\b|\bappointment\b"),
    ("family_or_friend", r"\byour (?:sister|brother|mom|mum|mother|dad|father|wife|husband|partner|son|daughter|family|friend|friends|kids|parents|aunt|uncle|grand\w+|girlfriend|boyfriend|neighbou?r)\b|\bsomeone you trust\b"),
)
_COMPILED = tuple((rid, re.compile(rx)) for rid, rx in _PATTERNS)


def named_resources(text: str) -> list[str]:
    """Referral ids named in ``text``, in the order they are said (never ``jail``)."""
    norm = normalize(text)
    found = []
    for rid, rx in _COMPILED:
        m = rx.search(norm)
        if m:
            found.append((m.start(), rid))
    return [rid for _, rid in sorted(found)]
