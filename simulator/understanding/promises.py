"""Promises an officer makes in words, so a broken one can become a teaching point (issue 12).

"Nobody is going to take you to the hospital", then a hospital transport, is
a false promise: the person learns the officer's word means nothing, and the
next crisis call starts from there. This module only reads the promises;
the session remembers them and decides when one is broken (by a referral, an
action or an ending), using :func:`broken_by`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.understanding.normalize import normalize

_NOBODY = r"(?:nobody|no one|nobody's|no one's|we're not|we are not|i'm not|i am not|i won't|we won't|i will not|we will not|you're not|you are not|you won't|you will not)"
_PROMISES: tuple[tuple[str, str], ...] = (
    ("no_hospital", rf"\b{_NOBODY}\b(?: is)?(?: going to| gonna| ever)? (?:take|taking|send|sending|put|putting|make|making)?(?: you)? ?(?:go(?:ing)? )?(?:to |in |into )?(?:the |a )?(?:hospital|er|emergency room|psych ward|psych unit|mental hospital)\b"
                    r"|\byou(?:'re| are| will|'ll)? not (?:going|gonna) (?:to )?(?:go )?(?:to )?(?:the |a )?hospital\b|\bno hospital\b|\byou don't have to go to (?:the |a )?hospital\b"),
    ("no_arrest", rf"\b{_NOBODY}\b(?: is)?(?: going to| gonna)? (?:arrest|arresting|lock(?:ing)? you up|charg(?:e|ing) you|book(?:ing)? you)\b"
                  r"|\byou(?:'re| are) not (?:under arrest|going to jail|getting arrested|in trouble)\b|\bno(?:body is| one is|body's)? going to jail\b|\bi won't arrest you\b"),
    ("no_handcuffs", rf"\b{_NOBODY}\b(?: is)?(?: going to| gonna)? (?:cuff|handcuff|put (?:handcuffs|cuffs) on)\b|\bno (?:handcuffs|cuffs)\b"),
    ("no_force", rf"\b{_NOBODY}\b(?: is)?(?: going to| gonna)? (?:touch|grab|hurt|tase|taser|force|tackle|put hands on|lay a hand on)\b"),
    ("stay_with_you", r"\bi(?:'m| am)? (?:not (?:going|gonna) (?:anywhere|to leave)|(?:will|'ll) stay (?:with you|right here))\b|\bi won't leave (?:you|until)\b"),
)
_COMPILED = tuple((pid, re.compile(rx)) for pid, rx in _PROMISES)

# What breaks each promise: a referral id, an action id, or an outcome id.
BROKEN_BY: dict[str, frozenset[str]] = {
    "no_hospital": frozenset({"emergency_department", "involuntary_transport"}),
    "no_arrest": frozenset({"jail", "arrest"}),
    "no_handcuffs": frozenset({"physical_control", "arrest"}),
    "no_force": frozenset({"physical_control", "draw_weapon", "injury"}),
    "stay_with_you": frozenset({"fled", "unresolved"}),
}
TEACHING: dict[str, str] = {
    "no_hospital": "You promised no hospital, then a hospital followed. Promise only what you control: say what you will try to do, and why.",
    "no_arrest": "You said there would be no arrest, then there was one. A broken promise costs the trust of this person and of the next one.",
    "no_handcuffs": "You promised no handcuffs, then used them. If restraint may be needed, say honestly what would make it necessary.",
    "no_force": "You promised nobody would touch them, then force was used. Only promise safety you can keep.",
    "stay_with_you": "You promised to stay, and the contact ended without you. Promise only the time you can give.",
}


@dataclass(frozen=True)
class Promise:
    """A promise found in a turn and the words that made it."""

    id: str
    evidence: str


def promises(text: str) -> list[Promise]:
    """The promises ``text`` makes (ids of BROKEN_BY), in the order said; none when it is a condition ("if you ...")."""
    body = normalize(text).replace(" ?", "").replace("?", "")
    if re.search(r"\bif you (?:don't|won't|keep|do not)\b|\bunless\b|\bas long as\b", body):
        return []  # a condition, not a promise
    found = []
    for pid, rx in _COMPILED:
        m = rx.search(body)
        if m:
            found.append((m.start(), Promise(pid, m.group(0))))
    return [p for _, p in sorted(found, key=lambda x: x[0])]


def broken_by(promise_id: str, event: str) -> bool:
    """Whether ``event`` (a referral, action or outcome id) breaks the promise ``promise_id``."""
    return event in BROKEN_BY.get(promise_id, frozenset())
