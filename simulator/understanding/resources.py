"""Which help a spoken offer offers: "would you talk to the crisis team?" offers the mobile crisis team.

A trainee who offers help by voice should not have to press a referral
button as well. When a turn is read as ``offer_help`` and offers a resource,
the session treats it as offering that referral (so it is rated, accepted or
declined, and scored). Jail is never offered this way: naming it is a threat,
not help.

Three things the first-named resource gets wrong (issue 12), handled here:

* **The resource actually offered**, not the first one named: a hospital
  offer that mentions "a doctor" offers the hospital; "let me call your sister
  to meet us at the hospital" offers the hospital, with the sister as support.
  A place the person would go to (after "to", "at", "into") is what is
  offered; people who come along are support; a resource ruled out
  ("instead of the hospital") is never the offer.
* **An announcement offers nothing**: "the crisis team is on its way" tells
  the person what is happening; it is not a question they can accept, and it
  is never their acceptance.
* **A statement of fact offers nothing**: "your sister rang the station
  earlier" names family, but offers no help.

And one issue 11 found: **a question about the person's own help is a fact
question, not an offer**. "Have you ever been to the VA?", "do you see a
counselor?", "is your mom coming to get you?" ask what is already in their
life (the person answers it as a topic); "would you talk to someone at the
VA?" and "do you want me to call your mom?" offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.understanding.normalize import is_question, normalize

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("crisis_line_988", r"\b988\b|\bcrisis (?:line|hotline|text line|chat)\b|\bhot ?line\b|\bhelp ?line\b|\bsuicide (?:line|hotline|prevention line)\b|"
                        r"\bveterans crisis line\b|\btext line\b|\bnine eight eight\b"),
    ("mobile_crisis_team", r"\bmobile (?:crisis|team|unit)\b|\bcrisis (?:team|worker|workers|counselor|counsellor|clinician|response|responders?)\b|"
                           r"\bclinicians?\b|\bmental health (?:team|worker|workers|professional|folks|people|clinician|nurse|responders?)\b|\bmetal health team\b|"
                           r"\bcrisis (?:folks|people|counsell?ors?|nurse|specialists?)\b|\bcounsell?ors? (?:who|that) (?:comes?|can come)\b"),
    ("crisis_stabilization_unit", r"\bstabili[sz]ation\b|\bcrisis (?:center|centre|unit|house|care center)\b|\brespite\b|\bcrisis beds?\b|\bwalk in (?:center|centre|clinic)\b|\bcrisis stabili[sz]\w*\b|\bquiet (?:place|unit|house) (?:where|to rest|with)\b"),
    ("veterans_services", r"\bthe va\b|\bv a\b|\bveterans? (?:affairs|services|center|centre|clinic|hospital|outreach|counselor|office)\b|\bvet center\b|\bva (?:clinic|hospital|center)\b"),
    ("emergency_department", r"\bhospitals?\b|\bemergency (?:room|department)\b|\bthe er\b|\ban er\b|\ba and e\b|\bambulance\b|\bparamedics?\b|\bmedics\b|\bems\b|"
                             r"\bget (?:you )?checked (?:out|over)\b|\bthe emergency\b"),
    ("detox_treatment", r"\bdetox\b|\brehab\b|\btreatment (?:program|programme|center|centre|place|facility|bed)\b|\brecovery (?:program|center|centre)\b|\bsober\w*\b|\bwithdrawal (?:unit|program)\b"),
    ("dementia_services", r"\bmemory (?:care|clinic|services|unit)\b|\bdementia\b|\balzheimer\w*\b|\bcare home\b|\bsilver alert\b|\bsenior services\b"),
    ("youth_services", r"\byouth\b|\bschool counsel\w+\b|\bteen\w*\b|\bstudent (?:services|counsel\w+)\b"),
    ("peer_support", r"\bpeers?\b|\bsupport group\b|\b(?:other|fellow) (?:veterans|vets)\b|\bsomeone who(?:'s| has) been (?:through|there)\b|\bsponsor\b|\bpeer specialist\b"),
    ("social_services", r"\bsocial (?:worker|services)\b|\bbenefits\b|\bfood bank\b|\bcase ?worker\b|\bcase manager\b|\bhousing (?:office|help|services)\b"),
    ("homeless_outreach", r"\bshelters?\b|\boutreach\b|\ba bed (?:for|tonight)\b|\bplace to (?:stay|sleep)\b|\bwarming (?:center|centre)\b"),
    ("outpatient_mental_health", r"\b(?:your|a|her|his|the) (?:own |regular |usual )?(?:doctor|therapist|counsel+or|psychiatrist|psychologist|clinic|gp|care team|treatment team|prescriber|nurse practitioner)\b|\bdr \w+\b|\bdoctor \w+\b|\btherapy\b|\boutpatient\b|"
                                 r"\bappointment\b|\bmental health clinic\b"),
    ("family_or_friend", r"\b(?:your|her|his) (?:sister|brother|mom|mum|mother|dad|father|wife|husband|partner|son|daughter|family|friend|friends|kids|"
                         r"parents|aunt|uncle|grand\w+|girlfriend|boyfriend|neighbou?r|roommate|cousin|nan|niece|nephew|fiancee?|stepdad|stepmom|buddy|mate|pal)\b|"
                         r"\bsomeone you trust\b|\bsomebody you trust\b|\b(?:call|ring|phone|text) (?:mom|mum|dad|home|family)\b|\byour (?:people|folks|loved ones|emergency contact)\b|\bsomeone (?:close to you|from (?:your|the) family)\b"),
)
_COMPILED = tuple((rid, re.compile(rx)) for rid, rx in _PATTERNS)
# Places a person is taken to or meets someone at: what a combined offer offers.
PLACES = frozenset({"emergency_department", "crisis_stabilization_unit", "detox_treatment", "veterans_services", "homeless_outreach",
                    "dementia_services"})
PEOPLE = frozenset({"family_or_friend", "peer_support"})

ANNOUNCEMENT = re.compile(
    r"\b(?:is|are|'s|'re) (?:already )?(?:on (?:its|their|the|his|her) way|coming(?! to (?:the|a|an|your))|en route|heading (?:here|over|this way|our way)|"
    r"pulling up|arriving|outside|downstairs|here now|nearly here|almost here|a few minutes out|minutes away|been (?:called|notified|paged|dispatched|told))"
    r"|\bi(?:'ve| have) (?:already )?(?:called|requested|asked for|paged|radioed|notified|got|put in a call)\b"
    r"|\bi(?:'m| am) (?:calling|getting|having|radioing|requesting|sending for|taking you)\b(?!.*\b(?:if you|okay with you|would you|do you|alright with you)\b)"
    r"|\b(?:we|they)(?:'re| are) (?:taking you|going to take you|gonna take you|sending)\b(?!.*\b(?:if you|would you|do you)\b)"
    r"|\b(?:will|'ll) be here\b|\bdispatch (?:has|is) (?:sent|sending)\b|\bis being sent\b|\b(?:have|has) been (?:called|sent|notified|paged|dispatched|told|requested)\b|\bare being sent\b"
    r"|\bi(?:'ve| have) (?:already )?(?:let|told) (?:them|the|your|her|his)\b"
)
OFFER = re.compile(
    r"\b(?:would you (?:like|want|be (?:open|willing|okay|up for|interested)|consider|think about|mind if)|do you want|how about|what about|"
    r"can i (?:call|get|take|set|ring|bring|drive|text|phone|contact|connect|put)|could i (?:call|get|take|ring|drive)|i can (?:call|get|take|drive|set|connect|bring|ring|phone|text|put|give)|"
    r"i could (?:call|get|take|drive|set|connect|bring|ring|phone)|we could|we can|would it help|are you open|is it okay if (?:i|we)|"
    r"is it alright if (?:i|we)|let me (?:call|get|ring|text|phone|connect|take|drive|see if)|let's (?:call|get|go|ring|see|take|try)|shall (?:i|we)|"
    r"should (?:i|we) call|if you(?:'d)? (?:want|like)|you could (?:call|talk|go|stay|see|ring|text|try|speak)|you can (?:call|talk|go|stay|text|ring|speak)|"
    r"open to|willing to|up for|interested in|how would you feel about|what do you think about|do you think (?:you|it)|would you rather|"
    r"i(?:'d| would) like to (?:call|get|take|connect|set)|i want to (?:call|get|take|connect)|want me to|like me to|are you okay with|"
    r"(?:who|which|that) (?:can|could) (?:help|talk|meet|see|check|come|sit|give)|can (?:help|meet us|meet you|see you|check you|come (?:and|get|pick))|"
    r"there(?:'s| is| are) (?:a|an|some|people|folks|someone|somebody)\b[^.?]*\b(?:who|that) (?:can|could|help)|"
    r"might (?:help|be (?:good|worth|nice|easier|better))|worth (?:a try|trying|calling|talking)|i(?:'d| would) (?:suggest|recommend)|my suggestion|"
    r"maybe (?:we|you|i)|perhaps (?:we|you|i)|have you (?:thought about|considered|ever tried)|what if (?:we|i|you)|why don't (?:we|i|you)|"
    r"i(?:'m| am|was) (?:wondering|thinking) (?:if|whether|about|we)|i think (?:it|you|we) (?:would|might|could|should)|it (?:could|would|might) help|"
    r"(?:a|one) (?:good )?option|any interest|fancy|is there (?:anyone|anybody|someone|somebody)|who (?:would|could|can) you|"
    r"(?:i|we) (?:could|can|might) (?:also )?(?:call|get|take|ring|phone|text|bring|set|drive|arrange|line up|sort)|"
    r"(?:consider|try) (?:talking|calling|going|seeing|reaching)|(?:it's|that's) (?:an option|up to you)|if you(?:'re| are) (?:okay|up for|willing|open)|"
    r"(?:could|would|can) (?:come|meet|pick you|give you|sit with|talk with|help)|(?:are|would) you (?:okay|alright|happy) (?:with|if|to))\b"
)
RULED_OUT = re.compile(
    r"\b(?:instead of|rather than|not|no|never|without|other than|don't have to|do not have to|won't|wouldn't|aren't|isn't|skip|avoid|"
    r"no need for|don't need|nobody is taking you to|no one is taking you to|nobody's taking you to)\b[^.?,]{0,25}$"
)
# How a question about what is already in the person's life starts: have you / do you see / did / are you connected /
# is your ... (after a filler or a name). Not "do you want", "do you think", "have you thought about", "is it okay if".
_LEAD = r"^(?:(?:so|and|okay|alright|now|well|hey|sir|ma'am|mister|miss|buddy|man|also|but|then|um|uh|[a-z]+,)\s+){0,2}"
FACT_QUESTION = re.compile(
    _LEAD + r"(?:"
    r"(?:have|has) (?:you|he|she|they|anyone|anybody|someone|somebody|your \w+)\b(?! (?:thought|considered|ever (?:thought|considered|tried)|tried))"
    r"|(?:do|does) (?:you|he|she|they|your \w+)\b(?! (?:want|wanna|think|need|wish|mind|feel like|prefer|fancy|reckon|like (?:the idea|to|me)|suppose))"
    r"|did (?:you|he|she|they|your \w+|the \w+|anyone|anybody|someone|somebody)\b(?! (?:want|think))"
    r"|are you (?:connected|hooked|seeing|in touch|getting|still|enrolled|signed|registered|with|under|on (?:a|the|any) (?:list|waiting)|a patient|a client)\b"
    r"|(?:were|was) (?:you|he|she|they|it|that|there)\b|is there (?:anyone|anybody|someone|somebody) (?:at|from|in|with)\b"
    r"|is (?:your|that|he|she|they)\b|who(?:'s| is| are| was| were)\b|when(?:'s| is| was| did| do)\b|how (?:long|often|many)\b"
    r"|where (?:do|did|does)\b|what(?:'s| is| was) (?:your|his|her|the name)\b"
    r")"
)
TO_PLACE = re.compile(r"\b(?:to|at|into|in|over to|down to|up to|from|by)\s+(?:the |a |an |your |our |that |this )?$")


@dataclass(frozen=True)
class Offer:
    """What a spoken turn offers: the resource (or None), how it was said, and who comes along as support."""

    resource: str | None
    kind: str  # offer | announcement | statement | combined | question (about the help already in their life)
    support: str | None = None
    named: tuple[str, ...] = ()


def _named(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, referral id) of each resource named, in the order said, the first mention of each id."""
    found: dict[str, tuple[int, int]] = {}
    for rid, rx in _COMPILED:
        m = rx.search(norm)
        if m:
            found[rid] = (m.start(), m.end())
    # "the VA hospital" is the VA; "the crisis center" is not "the crisis team".
    if "veterans_services" in found and "emergency_department" in found:
        vs, ed = found["veterans_services"], found["emergency_department"]
        if abs(vs[1] - ed[0]) <= 10 or abs(ed[1] - vs[0]) <= 10:
            del found["emergency_department"]
    if "outpatient_mental_health" in found and "emergency_department" in found and re.search(r"\ba doctor\b", norm):
        del found["outpatient_mental_health"]  # a doctor at the hospital is the hospital's
    return sorted((s, e, rid) for rid, (s, e) in found.items())


def offer_of(text: str) -> Offer:
    """What ``text`` offers. ``resource`` is None for an announcement, a statement of fact, or no resource at all."""
    # "the ER" survives normalising, which drops "er" as a filler word
    norm = normalize(re.sub(r"\b(the|an|to) er\b", r"\1 emergency room", text, flags=re.IGNORECASE))
    body = norm.replace(" ?", "?")
    named = _named(body)
    ids = tuple(rid for _, _, rid in named)
    if not named:
        return Offer(None, "statement", named=ids)
    kept = [(s, e, rid) for s, e, rid in named if not RULED_OUT.search(body[max(0, s - 40) : s])]
    is_offer = bool(OFFER.search(body)) or (is_question(text, norm) and not ANNOUNCEMENT.search(body))
    if ANNOUNCEMENT.search(body) and not OFFER.search(body):
        return Offer(None, "announcement", named=ids)
    if not is_offer or not kept:
        return Offer(None, "statement", named=ids)
    if _asks_about_own_help(text):
        return Offer(None, "question", named=ids)
    places = [(s, e, rid) for s, e, rid in kept if rid in PLACES and TO_PLACE.search(body[max(0, s - 14) : s])]
    places = places or [(s, e, rid) for s, e, rid in kept if rid in PLACES]
    if places and len(kept) > 1:
        chosen = places[0][2]
    else:
        chosen = _object_of_offer(body, kept)
    others = [rid for _, _, rid in kept if rid != chosen]
    support = next((rid for rid in others if rid in PEOPLE or rid == "mobile_crisis_team"), None)
    return Offer(chosen, "combined" if len(named) > 1 else "offer", support, ids)


def _asks_about_own_help(text: str) -> bool:
    """Every sentence of the turn that asks something asks what is already in the person's life ("do you see a
    counselor?"), none offers ("would you like me to call her?")."""
    if STRONG_OFFER.search(normalize(text)):  # "do you know the crisis line? I can put it in your phone" offers
        return False
    asked = [p for p in re.split(r"(?<=[.?!])\s+", text.strip()) if p and is_question(p, normalize(p))] or [text]
    return all(FACT_QUESTION.search(normalize(part).replace(" ?", "?")) for part in asked)


# The offering forms that stay offers even inside a question that starts like a fact question
# ("do you have someone I can call for you?", "is your mom someone we could call?").
STRONG_OFFER = re.compile(
    r"\b(?:would you (?:like|want|be (?:open|willing|okay|up for|interested)|consider|mind)|(?:want|like) me to|i (?:can|could) (?:call|get|take|drive|ring|phone|text|connect|bring)|"
    r"(?:can|could|shall|should|may) (?:i|we)|let me|we (?:can|could)|how about|what about|would it help|are you open|open to|willing to|"
    r"if you(?:'d)? (?:want|like)|you'd (?:want|like|be)|would that (?:help|be|work)|(?:does|do) that sound|sound (?:okay|good|alright)|"
    r"is that (?:okay|alright)|i(?:'d| would) like to|i want to (?:call|get|take|connect)|i(?:'ll| will) (?:call|get|ring|text|phone))\b"
)


def _object_of_offer(body: str, kept: list[tuple[int, int, str]]) -> str:
    """The named resource nearest after the words that make the offer (or the first kept one)."""
    m = OFFER.search(body)
    if m:
        after = [(s, rid) for s, _, rid in kept if s >= m.start()]
        if after:
            return min(after)[1]
    return kept[0][2]


def named_resources(text: str) -> list[str]:
    """The referral id a turn offers, as a list of one (never ``jail``); empty when nothing is offered.

    The session takes it as the referral a spoken offer makes when its
    scenario rates it; people named alongside (the sister who meets you at
    the hospital) are support, not the offer. An announcement ("the crisis team is on its
    way") or a statement of fact offers nothing, so it returns nothing: the
    person's acceptance must come from the person.
    """
    offer = offer_of(text)
    return [] if offer.resource is None else [offer.resource]
