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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from simulator.understanding.normalize import normalize

_KIN = (r"(?:sister|brother|sis|bro|mom|mum|mam|ma|mama|mommy|mummy|momma|mother|dad|daddy|pa|papa|father|wife|husband|spouse|partner|son|daughter|"
        r"family|friend|friends|kids?|children|parents|aunt|auntie|uncle|grand\w+|gran|granny|nana|nan|girlfriend|boyfriend|neighbou?r|roommate|"
        r"flatmate|housemate|cousin|niece|nephew|fiance|fiancee|step\w+|in laws?|buddy|mate|pal|pastor|priest|minister|church|sponsor's|"
        r"ex|ex wife|ex husband|missus|missis|old man|old lady|girl|boy|fella|bestie|bff|carer|caregiver|god\w+|baby's mom|baby mama|bf|gf)")
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("crisis_line_988", r"\b988\b|\bcrisis (?:line|hotline|text line|chat)\b|\bhot ?line\b|\bhelp ?line\b|\bsuicide (?:line|hotline|prevention line)\b|"
                        r"\bveterans crisis line\b|\btext line\b|\bnine eight eight\b|\blife ?line\b|\b741741\b|\bcrisis text\b|"
                        r"\b(?:crisis |a |the )(?:counsell?ors?|workers?|someone) (?:by|over|on) (?:the )?(?:text|phone|chat)\b|\b(?:the )?va crisis line\b"),
    ("mobile_crisis_team", r"\bmobile (?:crisis|team|unit)\b|\bcrisis teen\b|\bcrisis (?:team|worker|workers|counselor|counsellor|clinician|response|responders?)\b|"
                           r"\bclinicians?\b|\bmental health (?:team|worker|workers|professional|folks|people|clinician|nurse|responders?)\b|\bmetal health team\b|"
                           r"\bcrisis (?:folks|people|counsell?ors?|nurse|specialists?)\b|\bcounsell?ors? (?:who|that) (?:comes?|can come)\b|"
                           r"\bco ?responders?\b|\b(?:a|the|some) (?:counsell?or|therapist|nurse|social worker|clinician|psychiatrist|doctor|specialist)s? (?:who |that )?"
                           r"(?:can |could |will |would |'ll |might )?(?:come|coming) (?:out|here|over|down|by|to you|to us|to where|(?:and )?talk|(?:and )?sit|(?:and )?see you)\b|\b(?:someone|somebody|people|folks|a person|a nurse|a worker) from (?:the )?(?:county )?mental health\b|"
                           r"\b(?:a|the) counsell?or (?:to )?(?:come|coming) (?:out|here|over|down|by|to you)\b|\bbehaviou?ral health (?:team|clinicians?|workers?|specialists?|responders?|folks|people|nurse)\b"),
    ("crisis_stabilization_unit", r"\bstab[ai]li[sz]ation\b|\bcrisis stab\w*\b|\bcrisis (?:sent(?:er|re)|sensor|enter|senter)s?\b|\bstab\w*ation\b|\bstable (?:station|ization|isation)\b|"
                                  r"\bcrisis triage\b|\bget (?:you )?stabili[sz]ed\b|\bstabili[sz]\w* (?:unit|center|centre|house|bed|program|place)\b|"
                                  r"\bcrisis (?:recovery|assessment) (?:center|centre|unit)\b|\b(?:behaviou?ral health|psychiatric) urgent care\b|\b(?:quiet|calm) (?:unit|ward)\b|"
                                  r"\bcrisis (?:cafe|sanctuary|haven)\b|\bsafe haven\b|\bcrisis (?:center|centre|unit|house|care|residential)\b|\brespite\b|\bcrisis beds?\b|"
                                  r"\bwalk in (?:center|centre|clinic)\b|\bshort ?stay\b|\bc ?s ?u\b|\bcrisis (?:residence|care unit|respite)\b|\bmental health urgent care\b|"
                                  r"\b(?:somewhere|a place|a house) (?:quiet |calm |safe |peaceful )*(?:where you can|to) (?:rest|recover|get some sleep|sleep it off)\b|"
                                  r"\b(?:somewhere|a place) (?:quiet|calm|safe|peaceful)\b(?: \w+){0,6} (?:to|where you can) (?:sleep|rest|stay)\b|"
                                  r"\b(?:a few|a couple of|couple) (?:nights|days) (?:somewhere|in a place) (?:quiet|calm|safe|peaceful)\b|\bcrisis stabili[sz]\w*\b|\bquiet (?:place|unit|house) (?:where|to rest|with)\b"),
    ("veterans_services", r"\bthe va\b|\bv a\b|\bveterans? (?:affairs|administration|services|center|centre|clinic|hospital|outreach|counselor|office)\b|"
                          r"\bvets? (?:center|centre)\b|\bva\b"),
    ("emergency_department", r"(?:(?<=\bat )|(?<=\bto )|(?<=\binto )|(?<=\bover to ))(?:st|saint) [a-z]+(?:'s|s)?\b|\b(?:county|city|regional|mercy|memorial) (?:general|hospital|medical cent(?:er|re)|er)\b|\bhospitals?\b|\bhospitable\b|\bemergency (?:rooms?|department)\b|\bthe er\b|\ban er\b|\ba and e\b|\bambulances?\b|\bparamedics?\b|\bmedics\b|\bems\b|"
                             r"\bget (?:you )?(?:checked (?:out|over)|looked at)\b|"
                             r"\b(?:get|have|getting) (?:your|that|the|his) (?:\w+ )?(?:checked|looked at|seen to|seen|cleaned up|stitched|x rayed)\b|"
                             r"\blook at (?:your|that|the) (?:hand|heart|cut|arm|head|feet|foot|chest|palm|wound|leg)\b|\bthe emergency\b|\bpsych (?:ward|unit|emergency|er)\b|\bpsychiatric (?:ward|unit|emergency|er)\b|\burgent care\b|"
                             r"\b(?:psychiatric|psych|emergency|medical) (?:evaluation|eval|assessment|check|clearance)\b|\bmedically cleared\b"),
    ("detox_treatment", r"\bdetox\b|\brehab\b|\btreatment (?:program|programme|center|centre|place|facility|bed)\b|\brecovery (?:program|center|centre)\b|\bsober\w*\b|"
                        r"\bwithdrawal (?:unit|program|management)\b|\b(?:drug|substance use|substance|alcohol|addiction) (?:treatment|program|counsell?ing|services)\b|"
                        r"\b(?:into|to|in|get|getting|start|starting) treatment\b"),
    ("dementia_services", r"\bmemory (?:care|clinic|services|unit|team)\b|\bdementia\b|\balzheimer\w*\b|\bcare home\b|\bsilver alert\b|\bsenior services\b|"
                          r"\belder(?:ly)? services\b|\bcaregivers? support\b(?! group)|\bwandering\b|\bdoor alarms?\b|\brespite care\b|\bhome care\b|\baging services\b|\badult day (?:care|program|center|centre)\b|"
                          r"\balzheimer'?s (?:association|society)\b|\b(?:day )?programs? for (?:seniors|older (?:people|adults))\b|\bseniors? (?:program|center|centre)\b|\bmemory problems\b"),
    ("youth_services", r"\byouth\b|\b(?:use|yout) (?:services|workers?|programs?)\b|\bschool counsel\w+\b|\bteen\w*\b|\bstudent (?:services|counsel\w+|support)\b|"
                       r"\byoung (?:adults?|person|people)(?:'s)? (?:services|programs?|team|workers?|support|center|centre)\b|"
                       r"\b(?:programs?|services|group|support|centers?|centres?) for (?:young (?:adults|people)|teens|students)\b|\btransition (?:age|aged|program|programs|services|team)\b"),
    ("peer_support", r"\bpeers?\b|\b(?:piers?|pair) (?:support|specialists?|groups?|counsell?ors?|mentors?|workers?|network|program|recovery)\b|\bsupport group\b|\b(?:other|fellow) (?:veterans|vets)\b|\b(?:another|a fellow) (?:vet|veteran)\b|"
                     r"\b(?:a |some )?(?:vet|veteran|vets|veterans|guy|guys) (?:like you|who served|who(?:'s| has|'ve| have) served)\b|\bsomeone who served\b|"
                     r"\b(?:talk|talking|speak|speaking|sit|sitting) (?:to|with|down with) (?:a|another|other|some) (?:vets?|veterans?)\b|"
                     r"\bwho(?:'s| has|'ve| have) been where you(?:'ve| have| are)(?: been)?\b|\b(?:someone|somebody|people|folks) in recovery\b|"
                     r"\b(?:a |the )?(?:support )?group (?:for|of) (?:people|folks|vets|veterans|guys|families|moms|parents|women|men)\b|"
                     r"\bwho(?:'s| has|'ve| have)? served\b|\bother (?:autistic|autistics) (?:people|adults|students|folks)\b|\b(?:other )?(?:people|folks|someone|somebody) (?:like you|who gets? it|who understands?)\b|"
                     r"\b(?:recovery |a )?mentors?\b|\b(?:go to|going to|try|attend|come to) (?:a|an) (?:\w+ )?meetings?\b|\b(?:a|the|that|this) (?:weekly |vets? |veterans? |ptsd |trauma |combat |tuesday |peer )?group\b(?! home)|\brecovery (?:group|meeting|community|circle)s?\b|\b(?:a )?group with other\b|\bother (?:dads|moms|mums|parents)\b|\bsmart recovery\b|\b(?:12|twelve) step\b|\b(?:a|the|another|a fellow) (?:marine|soldier|combat vet|combat veteran)\b|\bfellow (?:soldiers?|marines?)\b|"
                     r"\b(?:vet center|vet centre|va) (?:guys|vets|veterans|folks)\b|\b(?:someone|somebody|people|guys|folks|a vet|vets) who(?:'s| has|'ve| have) been (?:through|there)\b|"
                     r"\bsponsor\b|\bpeer specialist\b|\brecovery coach\b|\bbuddy program\b|\bna meetings?\b|\baa meetings?\b|\b(?:narcotics|alcoholics) anonymous\b|\blived experience\b|\bpeer network\b|\bbuddy check\b|\bcaregivers? (?:group|support group)\b"),
    ("social_services", r"\bsocial (?:worker|services)\b|\bbenefits\b|\bfood bank\b|\bcase ?worker\b|\bcase manager\b|\bhousing (?:office|help|services)\b|"
                        r"\bhelp with (?:housing|rent|the rent|bills)\b|\barea agency on aging\b|\badult services\b|\bcasework\b|\bunemployment\b"),
    ("homeless_outreach", r"\bshelters?\b|\boutreach\b|\ba bed (?:for|tonight)\b|\b(?:place|somewhere) to (?:stay|sleep)\b|\bwarming (?:center|centre)\b"),
    ("outpatient_mental_health", r"\b(?:your|a|her|his|the) (?:own |regular |usual )?(?:doctor|therapist|counsel+or|council+or|psychiatrist|psychologist|clinic|gp|care team|"
                                 r"treatment team|prescriber|nurse practitioner)s?\b|\bdr \w+\b|"
                                 r"\b(?:a |the |some )?(?:mental health|psychiatric|psych) (?:counsell?ors?|therapists?|nurses?|specialists?|person|doctors?)\b|"
                                 r"\bcounsell?ors\b|\btherapists\b|\bdoctor \w+\b|\btherapy\b|\boutpatient\b|"
                                 r"\bappointment\b|\bmental health clinic\b|\b(?:restart|re start|get back on|go back on|start back on|back on) (?:your |the |a )?(?:shot|injection|meds|medication|medicine)\b|"
                                 r"\bfollow ?ups?\b|\bcheck ?ups?\b|\b(?:weekly |regular )?sessions? with\b|\bcounsell?ing\b|\bcounsell?ing (?:center|centre|service)\b"),
    ("family_or_friend", r"\b(?:your|her|his) (?:(?:little|big|older|younger|baby|twin|eldest|oldest|best|kid|old) )?" + _KIN + r"s?\b|"
                         r"\bsomeone you trust\b|\bsomebody you trust\b|\b(?:call|ring|phone|text) (?:mom|mum|dad|home|family)\b|"
                         r"\byour (?:people|folks|loved ones|emergency contact)\b|\bsomeone (?:close to you|from (?:your|the) family|in your family)\b|"
                         r"\ba (?:friend|family member|relative|buddy|mate|pal)\b(?! (?:program|check|system))|\bsomeone from your (?:old )?unit\b"),
)
_COMPILED = tuple((rid, re.compile(rx)) for rid, rx in _PATTERNS)
_HERE_NOW = re.compile(r"\b(?:come (?:and )?(?:talk|sit|see)|came here|comes here|out here|right here|come out|came out|comes out|coming out|come here|come to you|come to where|comes? to people|respond\w*|on scene|"
                       r"meet (?:you|us) here|here (?:tonight|now)|tonight|right now)\b")
_GENERIC_CLINICIAN = re.compile(r"(?:a |the |some |one )?(?:mental health |psychiatric |psych )?(?:counsell?ors?|therapists?|nurses?|specialists?|person|clinicians?|psychiatrists?|doctors?)")
# Who comes along: a person named beside a place is support, not the offer (in the order a support is named).
SUPPORTERS = ("family_or_friend", "peer_support", "mobile_crisis_team")
# Institutions a professional works at: "your counselor at the VA" offers the VA, "a doctor at the hospital" the hospital.
INSTITUTIONS = frozenset({"emergency_department", "crisis_stabilization_unit", "detox_treatment", "veterans_services", "homeless_outreach",
                          "dementia_services", "youth_services", "social_services", "outpatient_mental_health", "mobile_crisis_team"})

ANNOUNCEMENT = re.compile(
    r"\b(?:is|are|'s|'re) (?:already |just )?(?:on (?:its|their|the|his|her) way|coming(?! to (?:the|a|an|your))|en route|heading (?:here|over|this way|our way)|"
    r"pulling (?:up|in)|arriving|outside|downstairs|(?:right )?here(?: now)?\b(?! (?:if|for you|to help))|nearly here|almost here|(?:a few|\w+) minutes? (?:out|away)|"
    r"(?:right |just )?(?:around|round) the corner|on scene|standing by|staging|parked|been (?:called|notified|paged|dispatched|told|asked|radioed))"
    r"|\bi(?:'ve| have) (?:already |just )?(?:called|rung|phoned|texted|messaged|requested|asked for|paged|radioed|notified|got|put in a call|sent for|let|told)\b"
    r"|\bi(?:'m| am) (?:calling|getting|having|radioing|requesting|sending for|texting|paging|taking you)\b"
    r"|\b(?:we|they)(?:'re| are) (?:taking you|going to take you|sending)\b"
    r"|\b(?:will|'ll) be here\b|\bdispatch (?:has|is) (?:sent|sending)\b|\bis sending\b|\b(?:is|are) being sent\b|\b(?:have|has) been (?:called|sent|notified|paged|dispatched|told|requested|radioed)\b"
    r"|\b(?:has|have) (?:been )?told (?:them|the|to)\b"
)
# The words that make an offer: a question the person can say yes to, or a proposal put to them.
OFFER = re.compile(
    r"\b(?:would you (?:like|want|be (?:open|willing|okay|ok|alright|up for|interested|happy|comfortable)|consider|think about|mind|rather|prefer|"
    r"(?!stop|calm|put|drop|step|back|keep|sit down|stand|get down|show|turn|move|lower|listen)\w+)|will you (?:let|come|talk|go|see|try|check|consider|give)|"
    r"(?:do|did) you want|want (?:me )?to (?:try|go|give|do|talk|call|text|see|come|head|ring|get|set|let|sit|stay|wait|ride|rest|lie down|warm up|meet)|would (?:a|an|the|some|that|it|this)\b(?: \w+){0,4} help|how about|what about|"
    r"(?:can|could|may|shall|should) (?:i|we)|(?:i|we) (?:can|could|might) (?:also |just |always |even )?(?!see\b|hear\b|tell\b|understand|imagine|feel|sense|only|not\b)\w+|(?:i|we) (?:can|could|might) (?:also |just |always |even )?(?:call|get|take|drive|set|connect|bring|ring|phone|text|put|give|ask|have|find|arrange|"
    r"line up|sort|go|message|reach|walk|head|wait|make|book|schedule|refer|send|hook|point|help|try|see)|"
    r"would it (?:help|be (?:okay|ok|alright))|are you open|is it (?:okay|ok|alright) if|let me (?:call|get|ring|text|phone|connect|take|drive|see if|ask|find|set)|"
    r"let's (?:call|get|go|ring|see|take|try|head|wait|ask|find)|if you(?:'d)? (?:want|like|prefer)|if you(?:'re| are) (?:okay|up for|willing|open|happy)|"
    r"you (?:could|can|might) (?:also |always |just )?(?!see\b|hear\b|tell\b|feel\b|imagine|understand|not\b)\w+|"
    r"you(?:'d| would) (?:have|be|get|feel)|(?:would|'d) (?:want|like|love) (?:you|(?:the |a |an )?\w+) (?:to|talking|going|seeing)|(?:would|'d) love (?:it )?if you|"
    r"(?:might|may|could|would) (?:suit|work for|be right for)|(?:prefer|recommend|suggest)\w*|(?:better|best|good|right|safer|easier|quieter) for you|"
    r"i(?:'d| would) (?:take|drive|bring|get|walk) you|you (?:can|could) (?:leave|come and go|walk out|go home) (?:whenever|any ?time|when)|(?:the )?(?:right|best|good|better|safest|safe) (?:place|option|choice|bet|fit|idea|next step)|"
    r"open to|willing to|up for|interested in|how (?:would|do) you feel about|what do you think (?:about|of)|do you think (?:you|it)|"
    r"i(?:'d| would) like (?:to (?:call|get|take|connect|set|ask)|you to)|i want to (?:call|get|take|connect)|(?:want|like) me to|are you (?:okay|alright|happy) with|"
    r"(?:who|which|that) (?:can|could) (?:help|talk|meet|see|check|come|sit|give)|"
    r"can (?:help|meet (?:us|you)|see you|check|look at|have a look|take a look|give you|come (?:and|get|pick|out|over|with|down|here|to|see|talk|sit|visit|by|round|around)|call|ring|text|pick you|take you|drive you|ride|sit with|stay with|talk (?:to|with) you)|"
    r"(?:could|would|will|'ll) (?:come (?:and|get|pick|out|over|with|down|here|see|talk|sit|visit|by|round|around)|call (?:any|anytime|whenever)|meet (?:us|you)|pick you|give you|sit with|talk with|help|take you|drive you|ride|"
    r"call you|text you|ring you|phone you|check (?:on|in with) you|visit you|see you|talk (?:to|with) you)|"
    r"there(?:'s| is| are) \w+\b[^?]*\b(?:who|that) (?:can|could|help|helps|would|will|takes|works with|specializes|comes?|goes|go|respond\w*)|"
    r"might (?:help|be (?:good|worth|nice|easier|better))|worth (?:a try|trying|calling|talking)|i(?:'d| would) (?:suggest|recommend)|my suggestion|"
    r"maybe (?:we|you|i)|perhaps (?:we|you|i)|have you (?:thought about|considered|ever tried)|what if (?:we|i|you)|why don't (?:we|i|you)|"
    r"i(?:'m| am|was) (?:wondering|thinking) (?:if|whether|about|we)|i think (?:it|you|we) (?:would|might|could|should)|it (?:could|would|might) help|"
    r"(?:a|one|an|another) (?:good |other )?(?:option|alternative)|you (?:might|may|would|'d) (?:like|enjoy|want)|maybe (?:call|text|try|talk|ring|go|see|give|head)|(?:is|are) available|has (?:an opening|time|space|room)|any interest|fancy|is there (?:anyone|anybody|someone|somebody) (?:i|we|you) (?:can|could)|who (?:would|could|can) you|"
    r"(?:consider|try) (?:talking|calling|going|seeing|reaching)|(?:it's|that's) (?:an option|up to you)|"
    r"(?:is|would) that (?:be )?(?:okay|ok|alright|all right)|would that (?:help|work)|(?:does|do) that sound|sound (?:okay|good|alright)|"
    r"(?:are|would) you (?:okay|alright|happy) (?:with|if|to)|^(?:you )?(?:okay|ok|alright|good) with (?:me|us|that|going|talking|calling|seeing)|"
    r"you (?:should|might want to|may want to|ought to) (?:really |maybe |probably |definitely )?(?:talk|call|go|see|get|try|reach|text|speak|let|stay|think)|"
    r"how'd you feel|what would you (?:say|think)|(?:any|is there a) chance you(?:'d| would| could| might)|you(?:'re| are) welcome to|"
    r"what do you (?:think|reckon|say)$|how does that sound|(?:sounds?|sound) (?:okay|good|alright)$|"
    r"(?:you'd|you would) (?:let|like|want|be (?:okay|willing|up for))|(?:i|we)(?:'d| would) (?:really |much )?(?:like|love|prefer) (?:to|you to|for you to|a|an|some|someone|somebody|the)|"
    r"i want you to (?:talk|see|call|go|come|meet|try|get|think)|(?:can|could) you (?:come|go|call|talk|try|let|give|see|text|ring|meet|speak)|"
    r"(?:would|could|might|may) (?:really |also )?help|would be (?:a )?(?:good|better|best|great|helpful|safer|easier|quieter)|"
    r"how does .{0,50} sound|(?:work|works) for you|if you(?:'d)? rather|(?:do you )?mind if (?:i|we)|is it (?:okay|ok|alright) (?:for me|to)|"
    r"i(?:'d| would) feel (?:better|happier|a lot better) if|i(?:'ll| will) (?:stay|go|come|walk|sit|ride|drive|be) (?:with you|there)|"
    r"here(?:'s| is) (?:the|a) (?:number|card)|(?:i'll|i will|let me|i can|i could) (?:give|write) you (?:the|a) (?:number|card)|"
    r"there(?:'s| is| are) (?:a|an|room|space|someone|somebody|a spot|a place|a bed)\b(?: \w+){0,4} for you|"
    r"(?:has|have|got) (?:a |an |some )?(?:beds?|room|space|spots?|places?|appointments?|slots?|openings?|someone|people)\b(?: \w+){0,3} (?:for you|open|available|free|tonight|today)|"
    r"(?:beds?|room|space|spots?|appointments?|openings?) (?:open|available|free|waiting) (?:for you|tonight|today|now)|"
    r"^(?:(?!i\b|you\b|we\b|they\b|he\b|she\b|it\b)[a-z]+ )?(?:come|call|give|take|try|think about|go see|go to|reach out to|talk to|text|ring|head|let's))\b"
)
# A resource the turn rules out: "instead of the hospital", "nobody is taking you to the ER", "rather X than Y".
RULED_OUT = re.compile(
    r"\b(?:instead of|rather than|than|not|no|never|without|other than|don't have to|do not have to|won't|wouldn't|aren't|isn't|skip|avoid|"
    r"no need for|don't need|forget|unlike|nothing like|don't want|do not want|didn't want|hate|hated|can't stand|scared of|afraid of|nobody is (?:taking|sending|putting) you (?:to|in)|no one is (?:taking|sending|putting) you (?:to|in)|nobody's taking you to|no more)\b"
    r"(?:(?! (?:but|and|so|because|would|could|can|if|how|what|we|i|let's|shall|she|he|they|please|then)\b)[^?]){0,25}$"
)
# How a question about what is already in the person's life starts: have you / do you see / did / are you connected /
# is your ... (after a filler or a name). Not "do you want", "do you think", "have you thought about", "is it okay if".
_LEAD = r"^(?:(?:so|and|okay|alright|now|well|hey|sir|ma'am|mister|miss|buddy|man|also|but|then|um|uh|[a-z]+,)\s+){0,2}"
FACT_QUESTION = re.compile(
    _LEAD + r"(?:"
    r"(?:have|has) (?!(?:a|an|the|some|it)\b)\w+\b(?! (?:thought|considered|ever (?:thought|considered|tried)|tried))"
    r"|(?:do|does) (?:you|he|she|they|your \w+)\b(?! (?:want|wanna|think|need|wish|mind|feel like|prefer|fancy|reckon|like (?:the idea|to|me)|suppose))"
    r"|did (?:you|he|she|they|your \w+|the \w+|anyone|anybody|someone|somebody|\w+)\b(?! (?:want|think))"
    r"|are you (?:connected|hooked|seeing|in touch|getting|still|enrolled|signed|registered|with|under|on (?:a|the|any) (?:list|waiting)|a patient|a client)\b"
    r"|(?:were|was) (?:you|he|she|they|it|that|there)\b|is there (?:a|an|any|anyone|anybody|someone|somebody|another|other)\b(?! \w+ (?:i|we) (?:can|could))"
    r"|is (?!(?:it|this|that) (?:okay|ok|alright)|there\b)\w+\b|who(?:'s| is| are| was| were)\b|when(?:'s| is| was| did| do)\b|how (?:long|often|many)\b"
    r"|where (?:do|did|does)\b|what(?:'s| is| was) (?:your|his|her|the name)\b"
    r")"
    r"|\b(?:doesn't|don't|isn't|aren't|didn't|wasn't|weren't|haven't|hasn't) (?:she|he|they|you|it|there|i)$"  # a tag question asks a fact
)
# The offering forms that stay offers even inside a question that starts like a fact question
# ("do you have someone I can call for you?", "is your mom someone we could call?").
STRONG_OFFER = re.compile(
    r"\b(?:would you (?:like|want|be (?:open|willing|okay|up for|interested)|consider|mind)|(?:want|like) me to|i (?:can|could) (?:call|get|take|drive|ring|phone|text|connect|bring)|"
    r"(?:can|could|shall|should|may) (?:i|we)|let me|we (?:can|could)|how about|what about|would it help|are you open|open to|willing to|"
    r"if you(?:'d)? (?:want|like)|you'd (?:want|like|be)|would that (?:help|be|work)|(?:does|do) that sound|sound (?:okay|good|alright)|"
    r"is that (?:okay|alright)|i(?:'d| would) like to|i want to (?:call|get|take|connect)|i(?:'ll| will) (?:call|get|ring|text|phone)|"
    r"(?:any|a) chance you|you(?:'d| would) (?!have|know|never|not)\w+|(?:have|did) you (?:ever )?hear[d]? (?:of|about)|ever heard of|"
    r"(?:do|did) you know (?:about|of|there's|there is)|you know (?:about|of) (?:the|a|an))\b"
)
_QUESTION_START = re.compile(
    r"^(?:(?:so|and|okay|alright|hey|now|well|sir|ma'am|(?!(?:they|we|i|it|he|she|you|that|there|this|these|those|who)\b)[a-z]+)\s+)?"
    r"(?:would|could|can|will|shall|do|does|did|are|is|have|has|were|was|should|may|might|how|what|when|where|who|why|want)\b"
)
# Where a place follows: "take you to", "meet us at", "a bed at", "go into". Not "talk to" or "listen to".
_TO_PLACE = re.compile(r"(?<!\btalk )(?<!\bspeak )(?<!\blisten )(?<!\bchat )(?<!\bwrite )(?<!\bout )"
                       r"\b(?:to|at|into|in|over to|down to|up to|back to|round to|home to|(?:get|pick|collect|fetch) you(?: up)? from)\s+(?:(?:the|a|an|your|our|that|this|his|her) (?:\w+ )?)?$")
# Words after a resource that make it the one who comes along: "your sister can meet us there", "ana could ride along".
_COMES_ALONG = re.compile(r"^(?:'s)?\s*(?:\w+ )?(?:can|could|will|'ll|would|might|is able to)? ?(?:also |just )?"
                          r"(?:meet|met|come|came|pick|drive|drove|ride|rode|visit|sit|sat|stay|join|be there|be with|go with|wait|bring|brought|take|took|"
                          r"call|ring|rang|text|phone|contact)(?:s|ed|d)?\b")

# A person the trainee names ("can I call Karen", "Travis can meet us there") is family or a friend: a name fills the
# slot a relative would. Words that fill those slots but are no name:
_NOT_NAMES = frozenset("""
a an the this that these those it its it's them they their there here her him his he she me my you your you're we us our
i i'm someone somebody anyone anybody everyone everybody no one nobody people folks one ones each other who what which
back ahead now later first tonight today tomorrow soon again right over up out in into off on for to about around round
anytime whenever together directly instead quickly yourself myself ourselves anyway also still even only
program group coach vets veterans guys center centre unit service services staff crew clinicians peer peers
security control medical fire sergeant supervisor boss lt sgt dr mr mrs ms deputy captain chief landlord lawyer attorney kids know go speak try walk head leave rest
home work school dispatch police cops cop backup 911 help a questions question why how if whether when where and or so but
because then just also all some any everything anything something nothing things stuff that's this what's there's
officer sir ma'am mister miss buddy man mate dear son love honey ambulance paramedics medics ems doctor doctors nurse nurses
team crisis line number hotline worker workers counselor counsellor therapist clinic hospital shelter outreach services
housing money food water rent bills meds medication pills sleep voices nightmares autism ptsd drugs alcohol using meth
truth story name mind time minute second moment break breath seat look rest chat talk word call text message phone
can could will would should might may must shall do does did is are was were be been being have has had get got let make
go going come coming take taking stay sit wait meet bring pick drive ride join see watch keep give tell ask put
okay ok alright yes yeah no not never please thanks thank sorry well really very too quite much more less
care kind way place car truck van station bridge street road lot store park office room building house apartment
him her us
""".split())
_NAME_SLOTS = tuple(re.compile(rx) for rx in (
    r"\b(?:call|calling|ring|ringing|phone|phoning|text|texting|message|messaging|contact|ask|asking|tell|reach|get hold of|wait for|waiting for|"
    r"wait on|with|home to|let) (?P<name>[a-z]+)\b",
    r"\b(?:want|like|have|get|got) (?P<name>[a-z]+) (?:to (?:meet|come|pick|drive|take|be|sit|stay|ride|join|know)|with you|with us|there|here|on the (?:phone|line))\b",
    r"(?:^|\b(?:and|so|or|if|then|maybe|but|because|rather|while) )(?P<name>[a-z]+)(?:'s)? (?:can|could|will|would|'ll|might|is able to|is going to)? ?(?:also |just )?"
    r"(?:meet|met|come|came|pick|picked|drive|drove|take|took|bring|brought|sit|sat|stay|ride|rode|visit|join|be there|be with|go with|wait)(?:s|ed)?\b",
    r"\b(?P<name>[a-z]+)(?:'s| is) (?:on (?:her|his|their) way|coming)\b",
    r"\b(?:would|could|can|will|might|should) (?P<name>[a-z]+) (?:be|come|meet|want|like|help|pick|drive|take|join|stay|sit)\b",
    r"\b(?:is|was) (?P<name>[a-z]+) (?:around|home|at home|awake|up|nearby|close by|there)\b",
    r"\bgive (?P<name>[a-z]+) a (?:ring|call|bell|buzz|text|shout)\b",
))


@dataclass(frozen=True)
class Offer:
    """What a spoken turn offers: the resource (or None), how it was said, and who comes along as support."""

    resource: str | None
    kind: str  # offer | announcement | statement | combined | question (about the help already in their life)
    support: str | None = None
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    rid: str


@dataclass
class _Sentence:
    """One sentence of the turn, normalised, with the resources it names and what kind of sentence it is."""

    text: str
    mentions: list[_Mention]
    offer: re.Match[str] | None
    announces: bool
    asks_fact: bool
    question: bool


# Spoken reductions the offer words need in full: "lemme call", "how bout", "would ya".
_REDUCED = ((re.compile(r"\blemme\b"), "let me"), (re.compile(r"\bgimme\b"), "give me"), (re.compile(r"\b(?:how|what) bout\b"), lambda m: m.group(0).replace("bout", "about")),
            (re.compile(r"\b(would|could|can|do|did|will|if|are|were) ya\b"), r"\1 you"), (re.compile(r"\bd'you\b"), "do you"), (re.compile(r"\b9 8 8\b"), "988"))


def _prepare(text: str) -> str:
    for rx, repl in _REDUCED:
        text = rx.sub(repl, text)
    # "the ER" survives normalising, which drops "er" as a filler word
    return normalize(re.sub(r"\b(the|an|to|at|psych|psychiatric|nearest|local) (?:er|e r)\b", r"\1 emergency room", text, flags=re.IGNORECASE))


def _names(original: str, norm: str, people: Mapping[str, str]) -> list[_Mention]:
    """Spans of first names, with the help each is: a name the scenarios declare anywhere ("Lorna" is the clinic's case
    manager, "Karen" a sister), any other word in the slots a relative fills ("can I call Travis", "Ana can meet us
    there") as family or a friend. Typed text (with capitals) must capitalise an undeclared name; a recogniser's
    "with ..." names only a declared person.
    """
    typed = original != original.lower()
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", original)}
    found: dict[int, _Mention] = {}
    for m in re.finditer(r"[a-z]+", norm):
        if people.get(m.group()) and (not typed or m.group() in capitalised):
            found[m.start()] = _Mention(m.start(), m.end(), people[m.group()])
    for i, rx in enumerate(_NAME_SLOTS):
        for m in rx.finditer(norm):
            word = m.group("name")
            # the person's own name ("Denise, take your time") is never a helper: people_of maps it to ""
            if m.start("name") in found or word in people or word in _NOT_NAMES or len(word) < 2 or word.isdigit() or word.endswith("ing"):
                continue
            if typed and word not in capitalised:
                continue
            if not typed and i == 0 and re.match(r"with|wait|let|home", m.group()):
                continue
            found[m.start("name")] = _Mention(m.start("name"), m.end("name"), "family_or_friend")
    return sorted(found.values(), key=lambda n: n.start)


@lru_cache(maxsize=1)
def shipped_people() -> dict[str, str]:
    """First names the shipped scenarios declare, and the help each person is (see :func:`people_of`)."""
    import yaml

    from simulator.paths import scenarios_dir

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    people: dict[str, str] = {}
    for path in sorted(scenarios_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        # Only the two top-level blocks needed, so the first spoken offer of a session does not parse a whole scenario.
        blocks = {m.group(1): m.group(0) for m in re.finditer(r"(?ms)^(person|facts):\n.*?(?=^[a-z_]+:|\Z)", text)}
        data = yaml.load("".join(blocks.values()), Loader=loader) or {}
        own = str((data.get("person") or {}).get("name", "")).lower().split()
        facts = {fid: (str(f.get("text", "")), [str(x) for x in f.get("mentions", [])]) for fid, f in (data.get("facts") or {}).items()}
        for name, role in people_of(facts, own).items():
            if role or name not in people:  # across scenarios, a helper's name wins over another scenario's person
                people[name] = role
    return people


def people_of(facts: Mapping[str, tuple[str, Sequence[str]]], own_names: Sequence[str] = ()) -> dict[str, str]:
    """Names a scenario's facts declare, mapped to the help the fact says that person is.

    "His sister Ana calls every day" makes ``ana`` family; "Lorna, his case
    manager at the clinic" makes ``lorna`` the clinic (outpatient care). A
    name is a one-word mention written with a capital in the fact. The
    person's own names map to "": never a helper, however the turn says them
    ("Denise, would you come with me" is no offer of family).
    """
    people: dict[str, str] = {w: "" for w in own_names if re.fullmatch(r"[a-z]+", w) and w not in _NOT_NAMES}
    for fid, (text, mentions) in facts.items():
        if fid == "name":
            continue
        found = _mentions(text, normalize(text), {})
        if not found:
            continue
        for word in mentions:
            w = word.lower()
            said = rf"\b{w[:1].upper()}{w[1:]}\b"
            if not re.fullmatch(r"[a-z]+", w) or w in own_names or w in _NOT_NAMES or not re.search(said, text):
                continue
            if re.search(r"(?i)\b(?:in|to|from|at|near|of|a|an|the)\s+" + said, text):  # "in Toledo", "a Fallujah vet": a place
                continue
            if w not in people:
                people[w] = found[0].rid
    return people


def _mentions(original: str, norm: str, people: Mapping[str, str]) -> list[_Mention]:
    """Every resource named, in the order said: each mention, not only the first of each id."""
    found = [_Mention(m.start(), m.end(), rid) for rid, rx in _COMPILED for m in rx.finditer(norm)]
    names = [n for n in _names(original, norm, people) if not any(f.start <= n.start < f.end for f in found)]
    found += names
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for m in found:  # the longer of two overlapping mentions: "the VA hospital" is the VA, "crisis line" not "text line"
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    # "the VA hospital" / "the hospital at the VA": the VA.
    vas = [m for m in kept if m.rid == "veterans_services"]
    kept = [m for m in kept if not (m.rid == "emergency_department" and any(abs(v.end - m.start) <= 10 or abs(m.end - v.start) <= 10
                                                                            or re.fullmatch(r"(?: \w+){0,3} (?:has|have|has got|'s got) (?:a|an|its own|their own) ", norm[v.end : m.start])
                                                                            for v in vas))]
    # A professional at an institution is the institution's: "your counselor at the VA", "a doctor at the hospital";
    # a peer at one is the peer ("a peer at the Vet Center"); a line of a service is the service's ("a dementia helpline").
    out: list[_Mention] = []
    skip: set[int] = set()
    for i, m in enumerate(kept):
        if i in skip:
            continue
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        gap = norm[m.end : nxt.start] if nxt is not None else ""
        attached = nxt is not None and nxt.rid in INSTITUTIONS and nxt.rid != m.rid and bool(
            re.fullmatch(r" (?:at|from|in|with|over at|down at|through|run by) (?:the |a |an |your )?", gap)
            or (m.rid == "peer_support" and re.fullmatch(r" (?:group|program|programme|meeting|network) (?:at|from|in|through|run by) (?:the |a |an |your )?", gap)))
        if attached and m.rid in ("outpatient_mental_health", "mobile_crisis_team", "social_services"):
            continue
        if nxt is not None and re.fullmatch(r" (?:is|are|'s|'re|means|being) (?:a |an |all |just |mostly |really |staffed by |run by )?", gap):
            skip.add(i + 1)  # "the crisis team are counsellors", "the veterans crisis line is other vets": one and the same
        if attached and m.rid == "peer_support":
            skip.add(i + 1)
        if nxt is not None and nxt.rid == "peer_support" and m.rid in INSTITUTIONS and gap == " ":  # "a vet center peer"
            continue
        if nxt is not None and m.rid == "peer_support" and nxt.rid in ("outpatient_mental_health", "mobile_crisis_team") and gap == " ":
            skip.add(i + 1)  # "peer counselors", "a peer crisis worker": the peer
        if (nxt is not None and nxt.rid == "crisis_line_988" and m.rid in ("dementia_services", "youth_services")
                and re.fullmatch(r"(?:'s)?(?: \w+)? |(?: \w+){0,2} (?:has|have|runs|run|'s got) (?:a|an|its own|their own) (?:\w+ )?", gap)):
            skip.add(i + 1)
        out.append(m)
    # "a bed" at a place named is that place's bed: "the detox has a bed tonight", "a bed at the crisis center"
    if any(m.rid in INSTITUTIONS and m.rid != "homeless_outreach" for m in out):
        out = [m for m in out if not (m.rid == "homeless_outreach" and norm[m.start : m.end].startswith("a bed"))]
    # A counsellor or nurse who comes out here is the crisis team's, not a clinic's: "a counselor could come out here".
    if _HERE_NOW.search(norm):
        out = [_Mention(m.start, m.end, "mobile_crisis_team") if m.rid == "outpatient_mental_health" and _GENERIC_CLINICIAN.fullmatch(norm[m.start : m.end]) else m
               for m in out]
    if any(m.rid == "emergency_department" for m in out):  # "a doctor" with the hospital named is the hospital's doctor
        out = [m for m in out if not (m.rid == "outpatient_mental_health" and re.fullmatch(r"(?:a|the) doctors?", norm[m.start : m.end]))]
    return out


def _split(text: str) -> list[str]:
    """Typed sentences by their marks; a recogniser's run stays one (its offer words decide)."""
    parts: list[str] = []
    for p in re.split(r"(?<=[.?!;])\s+", text.strip()):
        if parts and re.search(r"(?i)\b(?:dr|mr|mrs|ms|st|sgt|lt|no)\.$", parts[-1]):  # "Dr. Patel" is one sentence
            parts[-1] += " " + p
        else:
            parts.append(p)
    parts = [p for p in parts if p.strip(" .?!;")]
    return parts or [text]


def _is_question(original: str, norm: str) -> bool:
    return "?" in original or bool(_QUESTION_START.match(norm))


def _sentences(text: str, people: Mapping[str, str]) -> list[_Sentence]:
    out = []
    for part in _split(text):
        norm = _prepare(part).replace(" ?", "").replace("?", "").strip()
        offer = OFFER.search(norm)
        question = _is_question(part, norm)
        asks_fact = bool(question and FACT_QUESTION.search(norm) and not STRONG_OFFER.search(norm))
        out.append(_Sentence(norm, _mentions(part, norm, people), offer, bool(ANNOUNCEMENT.search(norm)), asks_fact, question))
    return out


def _ruled_out(norm: str, m: _Mention, mentions: list[_Mention]) -> bool:
    """Ruled out by the words just before it, and only it: "not the hospital, your mum can take you home" keeps the mum."""
    start = max([0, m.start - 45] + [o.end for o in mentions if o.end <= m.start])
    return bool(RULED_OUT.search(norm[start : m.start]) or _RULED_OUT_AFTER.match(norm[m.end :]))


_RULED_OUT_AFTER = re.compile(r"^(?:'s)? (?:scares?|frightens?|terrifies|worries|upsets?) (?:you|him|her)\b|^(?:'s)? (?:is|isn't|is not|are|aren't|would be|'d be) "
                              r"(?:not )?(?:needed|necessary|too (?:loud|much|busy|scary|bright)|out|off the table|not for you|no good)\b|"
                              r"^(?:'s)? (?:isn't|is not|aren't|are not|wouldn't be|won't be) (?:needed|necessary|where|the (?:place|answer|right|best|only)|right|a good|good|for you)\b")


# Words before "at the hospital" that say where someone is or works, not where the person would go:
# "she's a nurse at the hospital", "he works at the VA", "you were at the hospital".
_NOT_GOING = re.compile(r"\b(?:works?|worked|working|employed|volunteers?|nurse|job|shift|lives?|lived|born|called|calls|rang|phoned|texted|"
                        r"studies|studying|enrolled|registered|was|were|been|is|are|'s|'re)(?: \w+){0,2} (?:to|at|into|in|from|by) (?:the |a |an |your |his |her )?(?:\w+ )?$")


# Help the officer asks or talks about, not offers: "tell me about your sister", "what would Karen say", "do you want
# to talk about what happened with your therapist". "How about"/"what about" stay offers ("what about the crisis unit?").
_ABOUT_BEFORE = re.compile(r"(?<!\bhow )(?<!\bwhat )(?<!\bthink )(?<!\bfeel )(?<!\bthoughts )(?<!\bsay )(?<!\bknow )(?<!\bheard )(?<!\bhear )\babout\b(?: (?!(?:to|at|into|go|going|get|getting|call|calling|see|seeing|meet|meeting|bring|having)\b)[\w']+){0,7} $")
_SUBJECT_OF_WH = re.compile(r"\b(?:what|how|why|when|where|who) (?:would|did|does|do|will|is|was|has|might|could|'d|'s) (?:(?:the|a|your|his|her|their) (?:\w+ )?)?$")
_WH_VERB_AFTER = re.compile(r"^(?:'s)? (?:say|said|think|thought|feel|felt|know|knew|want|wanted|do|did|mean|make of|tell|told|like|reckon)\b")


def _spoken_of(norm: str, m: _Mention) -> bool:
    """The help is what a question or remark is about, or who is asked about ("what would your sister say"): no offer.
    A place the person would go to is still offered ("talk about going to the hospital tonight")."""
    before = norm[max(0, m.start - 60) : m.start]
    if _ABOUT_BEFORE.search(before) and not _is_place(norm, m):
        return True
    return bool(_SUBJECT_OF_WH.search(before) and _WH_VERB_AFTER.match(norm[m.end :]))


def _is_place(norm: str, m: _Mention) -> bool:
    """A place the person would go or meet at: after "to", "at", "into" (not "talk to", not "works at")."""
    before = norm[max(0, m.start - 40) : m.start]
    return bool(_TO_PLACE.search(before) and not _NOT_GOING.search(before))


def _offering(s: _Sentence) -> bool:
    """A sentence that offers: offer words, or a question that neither announces nor asks what is already in their life."""
    if s.asks_fact:
        return False
    return s.offer is not None or (s.question and not s.announces)


_CONNECTS = re.compile(r"\b(?:in touch with|(?:give|send|pass|text)(?: \w+){1,2} (?:the )?(?:number|details|info|information|card|leaflet|address) (?:for|of|to)|(?:let|tell|ask|show|remind)(?: \w+){1,2} (?:know )?about|(?:connect|link|hook|set|sign|put)(?: \w+){1,2} (?:up )?(?:with|to|through to)|refer(?: \w+){1,2} to)\s")
_PRONOUN_OBJECT = re.compile(r"\s*(?:to |with |me to \w+ |to \w+ |\w+ )?(?:to |with )?(?:them|her|him|it|there|that one)\b")
# An offer sentence with no object of its own: it proposes what the sentence beside it names.
_BARE_PROPOSAL = re.compile(r"^(?:\w+ ){0,3}\w+$|\b(?:willing|open|interested|up for|game|keen|okay|alright|ok|think|say|reckon|try|go|do that|consider)$")
_POINTS_BACK = re.compile(r"\b(?:them|they|her|him|she|he|there|that|it|this|one|go|going|the (?:number|card|details|info))\b")


def offer_of(text: str, people: Mapping[str, str] | None = None) -> Offer:
    """What ``text`` offers. ``resource`` is None for an announcement, a statement of fact, or no resource at all.

    The turn is read sentence by sentence. A sentence with offer words (or a
    question that neither announces nor asks a fact) offers; the resource it
    offers is the place the person would go to or meet at if one is named,
    else the first resource named after the offer words. A sentence that only
    points back ("would you talk to them?", "want to go?") offers what the
    sentence before it named. Resources ruled out are never offered; people
    who come along to the place offered are its support. ``people`` maps the
    first names a scenario declares to the help each person is (by default,
    those of the shipped scenarios).
    """
    sentences = _sentences(text, shipped_people() if people is None else people)
    ids = tuple(dict.fromkeys(m.rid for s in sentences for m in s.mentions))
    if not ids:
        return Offer(None, "statement", named=ids)
    chosen: tuple[_Sentence, list[_Mention]] | None = None
    for i, s in enumerate(sentences):
        after_refusal = i > 0 and any(_ruled_out(sentences[i - 1].text, m, sentences[i - 1].mentions) for m in sentences[i - 1].mentions)
        if not _offering(s) and not (not s.announces and not s.asks_fact and (_contrasts(s) or (after_refusal and s.mentions))):
            continue  # "I'm not taking you to the ER. There's a crisis stabilization unit that's voluntary." offers the unit
        named_here = [m for m in s.mentions if not _ruled_out(s.text, m, s.mentions)]
        kept = [m for m in named_here if not _spoken_of(s.text, m)]
        if kept and all(_awaited(s.text, m) for m in kept) and len(kept) == len(s.mentions):
            kept = []  # "or wait here for Karen" (she is coming); not "wait for your son instead of going to the hospital"
        if s.offer is not None and s.announces and kept:  # "the crisis team is coming, would you like water": only what follows the offer
            after = [m for m in kept if m.start >= s.offer.start()]
            if not after and not _POINTS_BACK.search(s.text[s.offer.end() :]):
                continue
        # "Would you call them with me, and let them set you up with the VA?": the object is "them", said before
        pronoun = s.offer is not None and bool(_PRONOUN_OBJECT.match(s.text[s.offer.end() :]))
        if pronoun and s.offer is not None and not [m for m in kept if m.end <= s.offer.start()]:
            # "tell me more about the VA would you want me to call them": what was asked about is what "them" offers
            asked_about = [m for m in named_here if m.end <= s.offer.start()]
            if asked_about:
                kept = [asked_about[-1], *kept]
        if pronoun and s.offer is not None and not [m for m in kept if m.end <= s.offer.start()]:
            kept_after = kept
            kept = []
        else:
            kept_after = []
        if not kept:
            # An offer that names nothing takes what a sentence beside it names: "Your sister mentioned the VA. Would you
            # want me to call them?" (the one "them" points to), "The crisis unit has beds. What do you think?", "Would
            # you try something? There's a group on Tuesdays." A mere announcement before it lends only to a pointer.
            bare = _BARE_PROPOSAL.search(s.text) is not None
            for j in (i - 1, i - 2, i + 1):  # the nearest before it that names something, else the one after
                if not 0 <= j < len(sentences) or (j > i and (_offering(sentences[j]) or sentences[j].announces)):
                    continue
                near = sentences[j]
                if not (_POINTS_BACK.search(s.text) or (bare and not near.announces and not near.asks_fact)):
                    continue
                earlier = [m for m in near.mentions if not _ruled_out(near.text, m, near.mentions)]
                if j == i - 2 and sentences[i - 1].mentions:
                    continue
                if earlier:
                    pick = _pointed_at(s.text, earlier)
                    return Offer(pick.rid, "combined" if len(ids) > 1 else "offer", _support(earlier, pick), ids)
        kept = kept or kept_after
        if kept:
            chosen = (s, kept)
            break
    if chosen is None:
        if any(s.announces for s in sentences):
            return Offer(None, "announcement", named=ids)
        if any(s.asks_fact for s in sentences):
            return Offer(None, "question", named=ids)
        return Offer(None, "statement", named=ids)
    s, kept = chosen
    resource = _object_of_offer(s, kept)
    if resource.rid == "family_or_friend" and len(ids) == 1 and _ALONG_TOO.match(s.text[resource.end :]):
        # "Karen can come too if you want her": she joins whatever help is under way; she is not the help offered
        return Offer(None, "statement", "family_or_friend", ids)
    if resource.rid == "family_or_friend" and (_comes_along(s.text, resource) or re.search(r"\bthere\b", s.text[resource.end :])):
        # "The hospital is ten minutes away. If you want, Karen can meet us there.": the sister comes along to the
        # help named beside her, which is what is offered; she is its support
        # ("the hospital is ten minutes away" reads as an arrival; a place does not arrive, so it still counts)
        beside = [m for other in sentences if other is not s
                  for m in other.mentions if m.rid not in SUPPORTERS and not _ruled_out(other.text, m, other.mentions)
                  and (not other.announces or _PLACE_WORD.search(other.text[m.start : m.end]))]
        if beside:
            return Offer(beside[-1].rid, "combined", "family_or_friend", ids)
    support = _support(kept, resource)
    return Offer(resource.rid, "combined" if len(ids) > 1 else "offer", support, ids)


_CONTRAST = re.compile(r"\b(?:instead of|rather than|other than|than|unlike|nothing like|not like|different from|skip|forget|don't have to|do not have to|doesn't have to|no need for|not the|not a)\b[^?]{0,25}$")
_NOT_ONLY = re.compile(r"\b(?:isn't|is not|aren't|are not|wouldn't be|not) (?:the|your) only\b")


def _contrasts(s: _Sentence) -> bool:
    """Help put against help ruled out is offered: "Rather than the hospital, there's the crisis stabilization unit."."""
    def window(m: _Mention) -> str:
        return s.text[max([0, m.start - 40] + [o.end for o in s.mentions if o.end <= m.start]) : m.start]

    ruled = [m for m in s.mentions if _CONTRAST.search(window(m)) or _RULED_OUT_AFTER.match(s.text[m.end :])]
    if _NOT_ONLY.search(s.text):  # "The hospital isn't the only option: there's a crisis stabilization unit."
        ruled = ruled or [m for m in s.mentions if m.end <= _NOT_ONLY.search(s.text).start()]  # type: ignore[union-attr]
    return bool(ruled) and any(m not in ruled and not _ruled_out(s.text, m, s.mentions) for m in s.mentions)


def _object_of_offer(s: _Sentence, kept: list[_Mention]) -> _Mention:
    """The place named (where the person would go or meet someone), else the first resource after the offer words.

    People who come along ("your sister can meet us there", "with Ana") are
    support when something else is named. With nothing named after the offer
    words ("the VA has a group, would you try it?"), the one its pronoun
    points back to, else the last named before them.
    """
    # A place to go (not one offered as the other choice: "home or to the hospital"); a relative's home is one too.
    places = [m for m in kept if ((m.rid not in SUPPORTERS and _is_place(s.text, m)) or _home_to(s.text, m))
              and not re.search(r"\bor (?:to |at |into )?(?:the |a |an |your )?$", s.text[max(0, m.start - 20) : m.start])]
    peers = [m for m in kept if m.rid == "peer_support" and re.search(r"\b(?:talk|speak|sit|meet|see)(?:ing)? (?:to|with|down with)?\s*$", s.text[: m.start])]
    if peers:  # "talk with a vet who served, at the VA", "go to the Vet Center and talk to a peer": the peer
        return peers[0]
    if places:
        return places[0]
    # "put Karen in touch with dementia services", "set you up with the VA": the help after "with", not who is connected
    for link in _CONNECTS.finditer(s.text):
        linked = [m for m in kept if m.start >= link.end() and not _ruled_out(s.text, m, kept)]
        if linked and (s.offer is None or link.start() >= s.offer.start()):
            return linked[0]

    def leading(mentions: list[_Mention]) -> list[_Mention]:
        return [m for m in mentions if not _comes_along(s.text, m) and not _acts_for(s.text, m)] or mentions

    if s.offer is not None and re.match(r"(?:can|could|would|will|'ll|might|may) (?!i\b|we\b|you\b|love\b|want\b|like\b|prefer\b)|(?:has|have|got)\b", s.offer.group()):
        # "the memory clinic could help Karen", "a dementia support worker could come": the one who can is offered
        subject = [m for m in kept if m.end <= s.offer.start()
                   and re.fullmatch(r"(?:'s)?(?: [a-z]+){0,2} ?|(?: [a-z]+)? (?:who|that)(?:'s)?(?: [a-z']+){1,4} ", s.text[m.end : s.offer.start()])]
        if not subject and s.offer.group().startswith(("has", "have", "got")):  # "a detox place on the east side that has a bed"
            subject = [m for m in kept if m.end <= s.offer.start()][-1:]
        if subject and not _comes_along(s.text, subject[-1]):
            return subject[-1]
    if s.offer is not None:
        after = [m for m in kept if m.start >= s.offer.start()]
        doing = [m for m in after if not _comes_along(s.text, m) and not _acts_for(s.text, m)]
        if doing:
            return doing[0]
        rest = s.text[s.offer.start() :]
        if after and not _PRONOUN_ANYWHERE.search(rest):
            return after[0]
        return _pointed_at(rest, leading(kept))
    return leading(kept)[0]


# Someone who does something for the person, not the help offered: "would you like Karen to look into it",
# "let Karen know about the wandering program", "your mum called your therapist".
_ACTS = re.compile(r"^(?:'s)?\s*(?:to |can |could |will |would |'ll )?(?:look into|find out|call|ring|phone|contact|check|arrange|set up|sort|ask|talk to|"
                   r"speak to|know about|know|find|book|get in touch)\b")


def _awaited(norm: str, m: _Mention) -> bool:
    """Someone already coming, waited for: "wait here for Karen" offers no referral (she is on her way)."""
    return m.rid == "family_or_friend" and bool(re.search(r"\bwait(?:ing)? (?:\w+ ){0,4}(?:for|on)\s+$", norm[max(0, m.start - 40) : m.start]))


def _acts_for(norm: str, m: _Mention) -> bool:
    """A relative or friend who does something for the person ("Karen could call the clinic"), or is helped ("help Karen")."""
    return m.rid in SUPPORTERS and bool(_ACTS.match(norm[m.end :]) or re.search(r"\b(?:help|helps|helping|support|supports)\s+(?:you and )?$", norm[: m.start]))


def _home_to(norm: str, m: _Mention) -> bool:
    """A relative's home as the place to go: "drive you home to Karen", "back to your daughter"."""
    return m.rid == "family_or_friend" and bool(re.search(r"\b(?:home|back) to\s+$|\bto (?:stay|be) with\s+$", norm[max(0, m.start - 20) : m.start]))


_ALONG_TOO = re.compile(r"^(?:'s)?(?: \w+){0,2}? (?:come|coming|be there|join us|join you|ride|tag) (?:along |with (?:us|you) )?(?:too|as well|also)\b|"
                        r"^(?:'s)?(?: \w+){0,2}? (?:come|coming|ride|tag) along\b")
_PLACE_WORD = re.compile(r"\b(?:hospital|emergency|er|cent(?:er|re)|unit|clinic|st|saint|general|memorial|shelter|detox)\b")
_PRONOUN_ANYWHERE = re.compile(r"\b(?:her|him|them|it|there|that|this)\b")


_PERSONS = frozenset({"family_or_friend", "outpatient_mental_health", "peer_support", "social_services"})


def _pointed_at(words: str, mentions: list[_Mention]) -> _Mention:
    """The mention a pronoun points back to: "her"/"him" a person, "them"/"it"/"there" a service or place; the latest."""
    pronouns = re.findall(r"\b(?:her|him|she|he|them|they|it|there|that|this|one|the number)\b", words)
    if not pronouns:  # nothing points back: the first help named, not the relative who spoke of it ("your wife said ...")
        return next((m for m in mentions if m.rid != "family_or_friend"), mentions[0])
    if pronouns[-1] in ("her", "him", "she", "he"):  # the last one: "tell her about it" points to "it"
        fitting = [m for m in mentions if m.rid in _PERSONS]
    else:
        fitting = [m for m in mentions if m.rid != "family_or_friend"]
    return (fitting or mentions)[-1]


_COMPANION_BEFORE = re.compile(r"\b(?:with|while (?:we|you) wait for|wait for|waiting for|and)\s+$")


def _comes_along(norm: str, m: _Mention) -> bool:
    """A relative, friend, peer or crisis worker who comes along: "your sister can meet us there", "with Ana", "Ana here"."""
    if m.rid not in SUPPORTERS:
        return False
    return bool(_COMES_ALONG.match(norm[m.end :]) or _COMPANION_BEFORE.search(norm[max(0, m.start - 25) : m.start])
                or re.match(r"\s*(?:here|there|with you|with us)\b", norm[m.end :]))


def _support(kept: list[_Mention], resource: _Mention) -> str | None:
    """Who comes along to the resource offered: a relative or friend first, then a peer, then the crisis team."""
    others = {m.rid for m in kept if m.rid != resource.rid}
    return next((rid for rid in SUPPORTERS if rid in others), None)


def named_resources(text: str, people: Mapping[str, str] | None = None) -> list[str]:
    """The referral id a turn offers, as a list of one (never ``jail``); empty when nothing is offered.

    The session takes it as the referral a spoken offer makes when its
    scenario rates it; people named alongside (the sister who meets you at
    the hospital) are support, not the offer. An announcement ("the crisis team is on its
    way") or a statement of fact offers nothing, so it returns nothing: the
    person's acceptance must come from the person.
    """
    offer = offer_of(text, people)
    return [] if offer.resource is None else [offer.resource]
