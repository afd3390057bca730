"""The rule reader: hand-written patterns per technique, with negation and reasons.

Each pattern is written against normalised text (see normalize.py) and says
which technique it shows and how sure that makes us. Three things plain
keyword spotting gets wrong are handled explicitly: negation ("I'm not going
to hurt you" reassures, "I'm going to hurt you" threatens), limits with a
reason versus bare orders (``set_limit`` vs ``command``), and questions versus
statements (asking about suicide vs lecturing about it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.understanding.language import detect
from simulator.understanding.normalize import is_question, normalize
from simulator.understanding.reading import Context, Reading, TechniqueHit

EMOTIONS = (
    r"scared|afraid|frightened|terrified|fearful|angry|mad|furious|pissed( off)?|upset|frustrated|overwhelmed|exhausted|"
    r"tired|worn out|hurt|hurting|sad|down|low|hopeless|helpless|lonely|alone|ashamed|embarrassed|anxious|worried|nervous|"
    r"confused|betrayed|desperate|stressed( out)?|panicked|panicky|heartbroken|lost|trapped|numb|grieving|on edge|fed up|"
    r"disrespected|humiliated|devastated|crushed|defeated|miserable|depressed|agitated|annoyed|irritated|uneasy|unsafe|"
    r"shaken( up)?|rattled|jumpy|paranoid|guilty|empty|broken|done|at the end of your rope|in pain|anguish|distressed|"
    r"afraid of|worried about|scared of|a lot of pain|really hard|uncomfortable|disoriented|mixed up|homesick|cold|ignored|unheard|"
    r"let down|abandoned|cornered|watched|pushed|wound up|keyed up|tense|overloaded|overstimulated|grief|loss|rage|fear|anger|sadness|shame|panic"
)
_E = rf"(?:(?:so|really|very|pretty|kind of|a little|a bit|quite|just|completely|totally|incredibly|super|extremely)\s+)*(?:{EMOTIONS})\b"
NEG = r"(?:not|never|n't|no one|nobody|no body|won't|ain't|nothing|none)"
HARM_VERBS = r"(?:tase|taser|shoot|arrest|hurt|harm|cuff|handcuff|drag|lock you up|take you down|take you in|put you (?:down|in|on the ground)|book you|charge you|pepper spray|spray you|beat|force you|make you|throw you|slam|tackle)"
DIRECTIVE_VERBS = (
    r"put|set|drop|lower|hand|give|show|keep|stay|step|back|move|get|come|sit|stand|stop|turn|lie|lay|walk|let go|"
    r"take your hands|open|leave|hold|wait|listen|look|quit|knock|cut|answer|tell|be quiet|shut|freeze|face|go"
)
REASON = (
    r"\bso (?:that |we |you |i |nobody|no one|everyone|everybody|both|neither|it |things |he |she |they )|\bbecause\b|\bcause\b|"
    r"\bfor (?:your|my|our|everyone's|everybody's|both of our|both our|the) (?:own )?(?:safety|sake|protection)|\bso we can\b|"
    r"\bbefore (?:anyone|anybody|someone|somebody|something|you|this)\b|\bthen we can\b|\bthat way\b|\band we can\b|\bin order to\b|"
    r"\bto keep (?:you|us|everyone|everybody|both)\b|\bto make sure (?:you|we|nobody|no one|everyone)\b|\bsafe\b|\bsafely\b|\bsafety\b|"
    r"\bi(?:'m| am) (?:really |so |a bit |getting )?(?:worried|scared|afraid|frightened|concerned)\b|\bit (?:worries|scares|frightens) me\b|"
    r"\b(?:don't|do not) want (?:you|to see you) (?:to )?(?:get )?(?:hurt|fall|falling|burn\w*|bleed\w*|concussed|hit|cut|go in|break\w*|slip)|\bi(?:'d| would) be (?:scared|worried) for you\b|"
    # worry given as the reason (version 2): "it makes me nervous", "you could fall", "I'd hate for you to get hurt"
    r"\bi(?:'m| am) (?:really |so |a bit |a little |getting |kind of )?(?:nervous|uneasy|anxious)\b|\b(?:it|that|this)(?:'s| is)? (?:makes|making|gets|getting) me (?:really |a bit |a little |so )?(?:nervous|worried|uneasy|scared|anxious)\b|"
    r"\b(?:don't|do not) want (?:anyone|anybody|somebody|someone|either of us|you or anyone) (?:to )?(?:get )?(?:hurt|injured|burned|cut|hit|harmed)|\bi(?:'d| would) hate (?:for|to see) (?:you|anyone|anybody|something)\b|"
    r"\byou (?:could|might|may|'ll|will|are going to|'re going to) (?:easily )?(?:fall|slip|get hurt|hurt yourself|cut yourself|burn yourself|get hit|drown|freeze|go over|lose your (?:balance|footing)|get sick|bleed|get burned)\b|"
    r"\b(?:it's|it is|that's|that is) (?:really |very |too |pretty )?(?:dangerous|slippery|not safe|unsafe|a long way down|a long drop)\b|\bin case (?:you|it|someone|somebody|anyone)\b|\bfor your (?:own )?good\b|\bi care about you\b|\bscared for you\b|\bworried (?:about|for) you\b|"
    r"\bmakes? (?:it )?(?:a lot |much )?easier (?:for (?:me|us|you|everyone|both of us))?|\bit (?:helps|would help|'d help|will help) (?:me|us) (?:to )?(?:focus|help|listen|hear|think|talk|keep)|\bso i can (?:focus|help|hear|see|listen|concentrate)\b|\bi(?:'m| am) worry\b|"
    # the harm the limit prevents, said as what is happening or about to (issue 12): "you're cutting your feet", "it'll get infected"
    r"\b(?:it's|it is|that's|that is|this is|you're|you are) (?:really |kind of |a bit |starting to )?(?:scaring|worrying|frightening|freaking) me\b|"
    r"\byou(?:'re| are) (?:going to |gonna |about to )?(?:hurt(?:ing)?|cut(?:ting)?|burn(?:ing)?|bleed(?:ing)?|injur\w*|break(?:ing)?|bruis\w*|crack(?:ing)?|knock(?:ing)?|damag\w*|smash(?:ing)?) (?:yourself|your|it|them|something)\b|"
    r"\byou(?:'ll| will|'re going to|'re gonna| could| might) (?:make (?:it|that|the \w+|them|things) worse|knock yourself|crack|break (?:your|a|something)|hurt your|cut your|lose (?:a|your) (?:finger|tooth|eye))|"
    r"\b(?:it|that|the \w+|they|it's|that's)(?:'ll| will|'s going to| could| might| is going to)? (?:get|gets|getting|going to get) (?:infected|worse|hurt|damaged|burned|cut)\b|"
    r"\bi(?:'d| would) (?:hate|not want) (?:for )?(?:you|it|that|them|anyone|anything)\b|\b(?:i|we) (?:don't|do not) want (?:it|that|them|this|things) (?:getting |to get |going |to go |any )?(?:worse|infected|bad)\b|"
    r"\bi (?:don't|do not) want (?:you|to see you|anyone|anybody) (?:getting |to get |to be )?(?:hurt|injured|harmed|burned|sick|cut|bleeding)\b|\b(?:because|cause) i care\b|\bas long as (?:it's|it is|that's|that is|you(?:'re| are| have|'ve got| hold| keep)|the \w+ is)\b|\bi want (?:this|things|everyone|everybody|us|you|both of us|all of us) to (?:stay|be|feel|keep) (?:calm|safe|okay|alright|relaxed)\b|\bi care about you\b|\bi(?:'m| am) (?:terrified|petrified|frightened|afraid|scared) (?:you|a|the|that|it|of)\b"
)
CALM_DOWN = r"\b(?:calm (?:yourself )?down|calm it|settle down|relax|chill(?: out)?|shut up|shut it|be quiet|quiet down|pipe down|stop (?:crying|yelling|screaming|shouting|whining|that)|knock it off|cut it out|get a grip|pull yourself together|get it together|simmer down|take it easy|cool it|cool off|cool down)\b"


# Fillers a spoken turn may start with, before the move itself ("uh listen, can't sleep").
FILLERS = r"(?:(?:so|and|yeah|okay|ok|uh|um|er|erm|like|just|still|oh|hmm|mm|right|man|wow|hey|look|listen|well|you know|alright|gosh|boy|god|jeez|geez|phew|and you)\s+)*"
# "calm", "cool", "relax" in a turn that orders nothing: what the person cannot do ("you can't cool down, and that
# worries me", "can't calm down"), what helps them, where they could (issue #19).
CALM_NOT_ORDERED = (
    r"\b(?:can't|cannot|cant|couldn't|can not|unable to|not able to|trying to|try to|tried to|hard to|harder to|help(?:s|ed|ing)? (?:you )?(?:to )?|"
    r"able to|somewhere (?:to|you can)|where you can|way to|chance to|time to|nothing(?:'s| is)? (?:helping|helps|letting) you|won't let you|let you|"
    r"used to help you|not) (?:(?:properly|really|just|even|at all) )?(?:calm|cool|relax|settle|chill)\w*\b"
)
# A reflection with no subject: the person's own "can't sleep, can't eat" handed back, not an order (issue #19).
# Not "can't let you ...", which is the officer's limit.
SUBJECTLESS_CANT = re.compile(
    r"^" + FILLERS + r"(?:can't|cannot|cant|couldn't|can not)\s+(?:(?:uh|um|even|really|just) )?"
    r"(?!(?:you|we|i|they|he|she|let|have|allow|do that|do this|help you|talk (?:to|with) you|hear you|see (?:your|you)|leave you|be here|stay here|wait)\b)\w+"
)
# A verbless reflection: a short run of the person's own nouns and states ("So hot.", "No money, no car, and now no place
# to stay.", "Three days without sleep."), not an order or a lecture (issue #19).
VERBLESS_REFLECTION = re.compile(
    r"^" + FILLERS + r"(?:"
    r"(?:so|too|really|very|super) (?:hot|cold|tired|loud|much|many|bright|scared|wired|sick|hungry|thirsty|dizzy|shaky|sweaty|noisy|crowded|exhausted|fast)"
    r"|(?:no|nowhere|nobody|no one|nothing) (?:money|car|phone|job|home|place|sleep|food|water|one|where|way out|help|picking|answering|listening|calling|to go|left)"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|sixteen|twenty|\d+) (?:days|nights|hours|weeks|months|years) (?:without|of|since|on|awake|straight|in)"
    r"|(?:up|out|down|stuck|alone|awake|hot|sweating|shaking|burning|pacing|walking|locked|kicked) (?:on|in|out|all|here|there|up|and|since|by|for|without|inside)"
    r")\b"
)
# Concern said as concern, with or without a limit: the officer's care (issue #19). With a directive beside it,
# _limit_or_command reads the limit; alone, it is reassurance, never an order.
WORRY = re.compile(
    r"\bi(?:'m| am) (?:really |so |a bit |a little |kind of |getting |just |honestly |pretty |very )?(?:worried|concerned|scared|afraid|nervous|frightened) (?:about|for) you\b|"
    r"\b(?:that|it|this)(?:'s| is)? (?:really )?(?:worries|worrying|concerns|concerning|scares|scaring|bothers|frightens) me\b|\b(?:worries|concerns|scares|frightens) me\b|"
    r"\b(?:got|have|has|getting) me (?:a (?:little|bit) |really |pretty |kind of )?(?:worried|concerned|scared|nervous)\b|\bmy (?:worry|concern|fear) is\b|"
    r"\bi worry (?:about|that|for|when)\b|\bi(?:'m| am) (?:really |so |a bit |a little |kind of |getting |honestly |pretty |very )?(?:worried|concerned)\b(?! (?:about (?:the|that|this|my|our|it)|that (?:i|we))\b)|"
    r"\b(?:you(?:'ve| have) got me|you got me) (?:really |a (?:little|bit) )?(?:worried|concerned|scared)\b|\bi(?:'m| am) (?:scared|afraid|frightened) for you\b|"
    r"\byou(?:'re| are) (?:really |kind of |a bit |a little )?(?:making|getting) me (?:really |a bit |a little |kind of |so )?(?:nervous|worried|scared|uneasy|anxious|jumpy)\b|"
    r"\byou(?:'re| are) (?:really |kind of |a bit |a little )?(?:scaring|worrying|frightening) me\b|\b(?:makes?|making|gets?|getting) me (?:really |a bit |a little |kind of |so )?(?:worried|nervous|scared|uneasy|anxious)\b|"
    r"\bi (?:get|got|'m getting|am getting) (?:really |a bit |a little |kind of |so )?(?:nervous|worried|scared|uneasy|anxious) when\b"
)
# "I'd feel better if you put that down": the officer's own unease as the reason for a limit (issue #19).
FEEL_BETTER_IF = re.compile(
    r"\bi(?:'d| would) (?:feel|be) (?:a lot |much |so much |way |a little |a bit |heaps )?(?:better|safer|easier|more comfortable|happier|less worried|less nervous)"
    r"(?: about (?:this|it|things))? if (?:you|we)\b(?! (?:told|tell|talked|talk|let me know|explained)\b)"
)
# The officer noticing the scene ("it's really hot in here", "that alarm is loud"): small talk, never an order or a
# brush-off (issue #19); a directive verb inside one is no command (see _tidy).
SCENE = re.compile(
    r"^" + FILLERS + r"(?:it's|it is|its|it sure is|it gets|this (?:room|place|flat|kitchen|apartment|hallway|car|house) is|"
    r"there's|there is|there are|that (?:sun|heat|alarm|siren|noise|music|light|traffic) is|these lights are|those lights are|the (?:heat|noise|sun|lights|alarm|siren|traffic) (?:is|are))\s+"
    r"(?:(?:uh|um|really|so|pretty|very|super|kind of|way too|too|a bit|a little|hot as|just|awfully|brutally) )*"
    r"(?:hot|cold|freezing|boiling|roasting|sweltering|stuffy|loud|noisy|bright|dark|crowded|busy|smoky|humid|muggy|warm|chaotic|a lot going on|a lot of (?:people|noise)|intense|brutal|cramped|packed)\b"
)

# Where a clause starts in typed text: an order hides after a comma or a greeting ("Sam, put it down").
CLAUSE_BREAK = re.compile(r"[,.;:!?\u2013\u2014]+|\s-+\s")
VOCATIVE = r"(?:sir|ma'am|maam|buddy|bud|man|mate|pal|friend|my friend|dude|bro|brother|son|honey|hon|love|sweetheart|miss|mister|champ|chief|boss|guys|folks|everybody|everyone)"
# A bare directive verb opening a clause ("put it down", "hey, stay there", "okay buddy step back"), or after a turn-taking
# word inside a spoken run ("... okay step back"): the imperative mood, which a verb elsewhere in the sentence is not.
IMPERATIVE_START = re.compile(
    rf"^{FILLERS}(?:{VOCATIVE} |\w+ (?=(?:please|just) ))?(?:please |just |now )?(?:{DIRECTIVE_VERBS})\b(?! (?:you|me|him|her|them|us)(?:'re| are| were)?\b(?! (?:down|up|back|in|out|go|see|know|have|be|the|a|your|my|off|over|on)\b))"
    rf"|\b(?:okay|alright|so|now|and then) (?:{VOCATIVE} )?(?:please |just )?(?:{DIRECTIVE_VERBS}) (?:the|that|this|it|your|those|these|down|back|up|away|out|off|over|there|here|right|still|where|with me|calm|quiet)\b"
)
# The verb after the subject of a statement ("you look tired", "we stay here") is no order; neither is a
# participle or a noun ("stop sign", "the walk home").
IMPERATIVE_NOT = re.compile(r"^" + FILLERS + r"(?:look(?:s|ing)? (?:like|tired|scared|cold|worried|exhausted|upset|hurt|pale|sick|rough|shaken|different|great|good|well|better|worse)|stay(?:ing)? (?:safe|with me i|here with you)|get(?:ting)? (?:better|worse|it|what you mean)|go(?:ing)? (?:through|on)\b|hold on (?:i|let me)|wait (?:till|until|for) (?:you|i|we|they)|tell (?:me|us) (?:about|what|how|more|why|where|when|who|if|whatever|a bit|a little))\b")


@dataclass(frozen=True)
class Rule:
    technique: str
    pattern: re.Pattern[str]
    confidence: float
    question: bool | None = None  # True: only in questions; False: only in statements
    unless: re.Pattern[str] | None = None  # not when this also matches (checked on the whole text)


def _r(technique: str, pattern: str, confidence: float, question: bool | None = None, unless: str | None = None) -> Rule:
    return Rule(technique, re.compile(pattern), confidence, question, re.compile(unless) if unless else None)


# An honest answer to the person's fear of what others will do ("the medics don't report to your PO", "the hospital
# won't call the police"): reassurance about consequences, not a dispute of what the person perceives or believes.
CONSEQUENCE_ASSURED = re.compile(
    r"\b(?:they|he|she|nobody|no one|the (?:medics|paramedics|hospital|doctors?|nurses?|ambulance|er|ems|crew|clinic|crisis team)|medics|paramedics|doctors|nurses|hospitals?)"
    r"(?:'s| is| are)? (?:(?:do not|does not|will not|don'?t|doesn'?t|won'?t|never|aren'?t going to|isn'?t going to|are not going to|is not going to|not gonna|ain'?t gonna|have no reason to|don'?t have to|do not have to)) "
    r"(?:\w+ )?(?:report|call|tell|contact|notify|arrest|charge|lock|share|inform|phone|ring)\w*\b"
)
PERCEPTION_DISPUTED = re.compile(r"\b(?:not real|isn't real|aren't real|imagin\w+|in your head|making (?:it|this) up|no one is (?:there|following|watching)|nobody is (?:there|following|watching)|doesn't exist|don't exist)\b")

RULES: tuple[Rule, ...] = (
    # introduce
    _r("introduce", r"\bmy name(?:'s| is)\b|\bname's \w+|\bthis is (?:officer|deputy|sergeant|detective|trooper|corporal)\b", 0.9),
    _r("introduce", r"\bi'?m (?:officer|deputy|sergeant|sgt|detective|trooper|corporal|lieutenant|constable|agent|chief)\b|\bi am (?:officer|deputy|sergeant|detective|trooper|corporal|lieutenant|constable)\b", 0.92),
    _r("introduce", r"\b(?:i'?m|i am|we'?re|we are) (?:with|from) (?:the )?(?:police|sheriff|county|city|crisis|mobile|department|pd|state|highway|cit|behavioral|mental)", 0.88),
    _r("introduce", r"\bi (?:work|'m working) (?:with|for|on) (?:the )?(?:police|sheriff|crisis|mobile|county|city|department|cit)", 0.85),
    _r("introduce", r"\b(?:i'?m|i am) (?:a|an|the) (?:police|officer|deputy|cop|crisis|counselor|clinician|paramedic|social worker|peer|trained|cit|mental health)\b", 0.82),
    _r("introduce", r"^(?:hi|hello|hey|good (?:morning|evening|afternoon)|evening|morning)\b.{0,30}\b(?:i'?m|i am) [a-z]+\b", 0.75, unless=rf"\bi'?m (?:not|{EMOTIONS}|sorry|here|going|listening|worried|concerned)\b"),
    _r("introduce", r"\b(?:officer|deputy|sergeant|detective) \w+ (?:here|speaking)\b|\bi'?m here (?:with|from) the\b|\bcall me \w+", 0.8),
    # open_question
    _r("open_question", r"\b(?:what(?:'s| is| has been)? (?:going on|happening|happened|brought|bring|has you|got you|led|leads|made|makes|is on your mind|'s on your mind|on your mind|do you need|would help|can you tell|kind of|worries|scares|upsets)|how (?:are|were|have|did|is|do) (?:you|things|it|that|your)|what (?:are|were|do|did) you (?:feel|think|want|need|see|hear|mean|going)|how come|what's been|what has|what was|what led|how did (?:it|things|this|that|you)|how long has|what's the|where do you want to start|what would|what matters|what's it like|how's it)", 0.82, question=True),
    _r("open_question", r"\b(?:tell me|talk to me|walk me through|help me understand|fill me in|share with me|let me know) (?:about|what|how|more|why|where|a bit|a little|what's|whats|whatever|your)|\bi'?d (?:like|love) to (?:hear|understand|know)|\bi want to (?:hear|understand|know) (?:what|how|about|your|why|more)|\bcan you tell me (?:what|how|about|more|why)|\bwhat's going on\b", 0.82, unless=r"\b(?:name|address|birthday|date of birth|id)\b"),
    _r("open_question", r"^(?:what|how|why)\b(?!.*\b(?:name|address|number|date|time is it)\b)", 0.62, question=True, unless=r"\b(?:wrong with you|the hell|is your problem|'s your problem|are you doing|you think you're doing)\b"),
    # paraphrase
    _r("paraphrase", r"\b(?:what i'?m hearing|what i hear you|i'?m hearing (?:that|you)|you'?re (?:saying|telling me)|you said|so you(?:'re| are)? (?:saying|telling|feel|think|believe|worried|thinking)|if i (?:understand|heard|hear) (?:you|that|right)|sounds like (?:you|your|the|they|he|she|someone|somebody|people|this|that|things|it)|it sounds like (?:you|your|the|they|he|she|someone|somebody|people|this|that|things)|you feel (?:like|that) (?:you|your|they|people|someone|somebody|no one|nobody|the|he|she|everyone|everybody|it)|you believe|you think (?:that )?(?:they|someone|somebody|people|the|he|she|your)|in other words)", 0.78, unless=r"\b(?:sounds like a plan|sounds like fun)\b"),
    _r("paraphrase", r"^(?:so|and so|okay so|alright so) (?:you|your|the|they|he|she|it|this|that|somebody|someone|people|after|when|since|last|this|because)\b(?!.*\b(?:calm|stop|need to|have to|better)\b)", 0.66, question=False),
    _r("paraphrase", r"^(?:so|okay so) (?:you|your|the|they|he|she) .*\b(?:right|is that right|did i get that right|yeah)\s*\??$", 0.72),
    # emotion_label
    _r("emotion_label", rf"\b(?:you're|you are|you've been|you seem|you sound|you look|you must be|you must feel|you feel|you're feeling|you are feeling|you seem to be|you've got to be|you might be|you may be) (?:like )?(?:really |so |pretty |very )?{_E}", 0.84, unless=r"\b(?:you (?:shouldn't|don't need to|have no reason to) (?:be|feel)|why are you so|stop (?:being|feeling)|don't be)\b"),
    _r("emotion_label", rf"\b(?:sounds like|seems like|looks like|i can see|i can hear|i can tell|i sense|i imagine|i bet|i get the sense|i'm guessing|i'm sensing|i notice|seems|sounds) (?:that )?(?:you(?:'re| are| feel| might be| might feel| must be| have been|'ve been)?|this is|that was|this has been|that's|it's) (?:really |so |pretty |very |a little |kind of )?{_E}", 0.86),
    _r("emotion_label", rf"\b(?:how|so) {_E} you (?:are|must be|feel|seem|sound)\b|\b(?:a lot of|so much) (?:pain|fear|anger|hurt|stress|grief|sadness|frustration)\b|\bthat (?:must|would|has to|had to) (?:have )?(?:been|be|feel|felt) (?:really |so |very )?(?:scary|frightening|terrifying|painful|lonely|exhausting|overwhelming|hard|awful|frustrating|infuriating|heartbreaking|humiliating|confusing)", 0.8),
    _r("emotion_label", rf"\b(?:you're|you are|you feel|feeling) {_E}\s*\?$", 0.8),
    _r("emotion_label", rf"^(?:feeling |a (?:little|bit) )?{_E}\s*\??$", 0.75),
    _r("emotion_label", r"\b(?:you|you're) (?:really )?(?:scared|angry|upset|hurting|frightened|terrified|overwhelmed|exhausted)\b", 0.66, unless=r"\b(?:not|no reason to|shouldn't|don't need|stop|why are you)\b"),
    # validate
    _r("validate", r"\b(?:makes (?:a lot of |total |complete |perfect )?sense|make sense that|anyone would|anybody would|any(?:one|body) in your (?:shoes|position|situation)|i(?:'d| would) (?:feel|be) (?:the same|that way|upset|scared|angry|too|exactly)|i (?:would|'d) (?:be|feel) (?:too|as well)|no wonder|of course you(?:'re| are| feel| would|'d| want| wanted| need| miss| care| love| don't want)|it's (?:okay|alright|normal|natural|understandable|human|fine) to (?:feel|be|cry|get)|you have (?:every|a) right|you have (?:good |every |a )?reason|i don't blame you|can't blame you|who (?:wouldn't|could blame)|that's (?:understandable|completely understandable|fair|a fair|a normal|a natural|totally fair|a lot to|a lot|really hard|so hard|hard|rough|awful|terrible|horrible|brutal|heavy|not crazy|not silly|not stupid|not weak|valid|real)|your feelings are|that's a (?:lot|big)|(?:that|this) (?:sounds|seems|must be|is) (?:really |so |incredibly |very )?(?:hard|awful|terrible|rough|difficult|painful|overwhelming|unfair|scary|frightening|exhausting|brutal|horrible|tough|heavy)|i get (?:it|why|that|how)|i understand (?:why|how|that|it|what)|i can (?:understand|see why|see how|imagine)|i hear you|you're not (?:crazy|weak|stupid|alone in (?:feeling|this))|i don't think you're (?:crazy|weak|stupid|overreacting|being dramatic|making it up|imagining)|(?:it|that) would (?:scare|upset|frighten|anger|bother|get to|rattle) (?:anyone|anybody)|(?:understandable|reasonable|legitimate)|there's nothing wrong with (?:feeling|being)|it's not your fault|that isn't your fault|not your fault)", 0.8),
    # reassure
    _r("reassure", rf"\b(?:you'?re|you are) (?:not|n't) (?:in (?:any )?trouble|under arrest|going to (?:jail|be arrested)|being arrested|alone|crazy|in danger)|\b{NEG}\b[^.?]{{0,24}}\b(?:going to |gonna |will |'ll |is going to |here to |trying to )?(?:{HARM_VERBS}|judge|take you|hurt you|put hands on|touch you|lay a hand|rush you|force)\b|\b(?:nobody|no one|nobody's|nothing)(?: is)? (?:going to|gonna|will) (?:hurt|harm|happen|touch|arrest|force)", 0.88, unless=r"\bif you (?:don't|won't)\b|\bunless\b|\bor else\b|\bor i\b"),
    Rule("reassure", CONSEQUENCE_ASSURED, 0.84),
    _r("reassure", r"\b(?:you'?re|you are) safe(?: now| here| with me)?\b|\b(?:i'?m|we'?re|we are|i am) (?:just )?here to (?:help|listen|make sure|keep|talk|check)|\b(?:it's|it is|everything's|everything is|things are|we're|we are|you're|you are) going to be (?:okay|alright|fine|ok)|\bwe(?:'ll| will) (?:get through|figure|work|sort) (?:this|it|that)|\bi'?m not going anywhere\b|\bi'?m (?:right )?here (?:with|for) you\b|\byou'?re not alone\b|\bi promise\b|\bnothing bad\b|\bi(?:'ll| will) (?:stay|be) (?:right )?here\b|\bi(?:'m| am) on your side\b|\bi just want (?:to make sure )?(?:you(?:'re| are)? )?(?:to be )?(?:safe|okay|alright)|\bno one(?: is)? (?:in trouble|mad at you|angry with you)\b|\byou(?:'re| are) (?:doing )?(?:okay|fine|great|good)(?: now)?\b(?!.*\b(?:calm|stop)\b)|\bi won't let (?:anyone|anybody|anything)\b|\bwe(?:'re| are) not (?:here to|going to)\b|\bdon't (?:worry|be afraid)\b|\bi(?:'m| am) (?:not|n't) (?:mad|angry|upset) (?:at|with)|\bit's (?:okay|alright)\b", 0.78, unless=r"\bi'?m (?:not )?going to (?:arrest|tase|taser|shoot)\b(?!.*\bnot\b)|\bit's okay to (?:feel|be|cry)\b"),
    # encourage
    _r("encourage", r"^(?:mhm|yeah|yes|right|okay|i see|go on|go ahead|and|and then|sure|really|wow|oh|huh|i hear you|i'm listening|keep going|uh huh)(?: (?:mhm|yeah|okay|go on|i see|and|then|right|i'm listening|keep going|go ahead|sure|what happened|what else|i hear you|really))*\s*\??$", 0.8),
    _r("encourage", r"\b(?:i'?m (?:still )?listening|go on|keep going|go ahead(?: i'?m listening)?|please continue|continue|tell me more|and then what|what else|i'm with you|i'm following|then what happened|what happened next|and what happened)\b", 0.72),
    # give_time
    _r("give_time", r"\b(?:take (?:your|all the|whatever) time|take a (?:second|minute|moment|breath|few|beat)|no (?:rush|hurry|pressure)|there's no (?:rush|hurry|pressure|clock|timeline)|not in (?:any|a) (?:rush|hurry)|i'?m in no (?:rush|hurry)|we(?:'ve| have) (?:got )?(?:all the |plenty of |lots of )?time|i(?:'ve| have) (?:got )?(?:all the |plenty of )?time|whenever you(?:'re| are) ready|when you(?:'re| are) ready|i can wait|i(?:'ll| will) wait|let's slow (?:things |this |it )?down|slow (?:it|things) down|(?:let's|we can) (?:just )?(?:take|breathe|pause|go slow|take it slow|take it easy|sit (?:here|for)|take a (?:breath|moment|minute|second))|at your (?:own )?pace|one (?:step|thing) at a time|breathe with me|deep breath(?:s)? with me|we don't have to (?:rush|hurry|decide|figure|do|solve) |you don't have to (?:decide|rush|answer|say|talk|tell) |no need to rush|as long as (?:you need|it takes)|we(?:'re| are) in no hurry|i'm not in a hurry)", 0.85),
    # offer_choice
    _r("offer_choice", r"\b(?:would you (?:prefer|rather)|do you (?:prefer|want to|wanna|'d rather)|would you like to|would it (?:help|be better|be easier) (?:if|to)|is it (?:okay|alright|all right) (?:if|with you if) (?:i|we)|do you mind if (?:i|we)|can i (?:sit|come|stand|move|get closer|ask)|may i (?:sit|come|ask|read|see|look|check|have a look|take a look|touch|hold|help)|(?:can|could) i (?:read|have a look at|take a look at|look at|check) (?:it|that|your|the)|which (?:would|do) you|where would you (?:like|prefer|rather)|it's (?:your|up to you)|up to you|your (?:choice|call|decision)|you (?:get to|can) (?:decide|choose|pick)|you decide|you choose|you can (?:either|stay|sit|stand|keep|take)|you could (?:either|stay|sit|stand)|how would you like|what would you (?:prefer|like to do)|if you want(?:,)? (?:you|we) can|would you want to|we can (?:either|do|talk|sit|stay|go) .* or )", 0.8, unless=r"\bwould you like (?:some|a|any) (?:water|blanket|coffee|food|help|jacket|coat|tea|drink|snack)\b"),
    # Asking for the person's consent to a step ("would you be willing to come back over, at your own pace") leaves the
    # decision with them: a choice, not a hedged order ("could you put that down" stays a softened command)
    _r("offer_choice", r"\b(?:would|are|were) you (?:be |feel )?(?:willing|open|ready|up for|okay|comfortable|happy) (?:to|with)\b(?!.*\b(?:now|right now|immediately|or else|or i|or we)\b)|"
                       r"\bhow would you feel about\b|\bwould you (?:consider|think about)\b|\bwhen(?:ever)? you(?:'re| are| feel) ready\b(?!.*\b(?:now|right now)\b)", 0.8, question=None,
       unless=r"\b(?:crisis|counsel\w*|therapist|doctor|hospital|clinic|the va|988|hotline|helpline|treatment|detox|shelter|social worker|case ?worker|peer|support group|mental health)\b"),
    _r("offer_choice", r"\b(?:or|or would you|or do you) (?:would you )?(?:rather|prefer|stay|sit|stand|here|there|inside|outside|talk|go|keep|in the|somewhere)\b", 0.7, question=True),
    # ask_about_harm
    _r("ask_about_harm", r"\b(?:kill(?:ing)? (?:yourself|your self)|hurt(?:ing)? (?:yourself|your self)|harm(?:ing)? (?:yourself|your self)|suicid(?:e|al)|end(?:ing)? (?:your (?:own )?life|it all|things|your life|everything|it)|take your (?:own )?life|tak(?:e|ing) your life|(?:want(?:ing)?|wish(?:ing)?|wanted) to (?:die|be dead|not be here|not wake up|disappear)|not (?:want(?:ing)?|wish(?:ing)?) to (?:be here|be alive|live|wake up|go on)|(?:thoughts|thinking|thought) (?:of|about) (?:dying|death|ending|killing|suicide|hurting|not being|jumping|taking your|harming)|better off dead|no reason to live|plan (?:to|for) (?:end|kill|hurt|die|do it)|have a plan|how would you do it|(?:hurt|harm|kill)(?:ing)? (?:someone|somebody|anyone|anybody|others|other people|him|her|them)|going to jump|thinking (?:of|about) jumping|planning (?:to|on) jumping|overdose|(?:cut|cutting) yourself|safe from yourself|life (?:is|isn't|is not) worth living|want(?:ing)? to live|going to do something to yourself|do something to yourself|give up on life|be here anymore|not being around|not be around)", 0.9, question=True),
    # naming the act at the rail, as a question or a tag ("did you come here to jump", "you were going to go over, weren't
    # you"): the direct question in a person's own terms, not a plea ("don't jump") or a promise to stop them
    _r("ask_about_harm", r"\b(?:(?:come|came|climb(?:ed)?|walk(?:ed)?|drive|drove|here|out here|up here) (?:up |out )?(?:here |there )?to (?:jump|go over|end (?:it|things|your life)|die|do it)|"
                         r"(?:going|gonna|planning|plan|meaning|meant|trying|about|fixing|ready|here) to (?:jump|go over(?: the (?:rail(?:ing)?|edge|side|barrier))?|climb over|step off|let go(?: of the rail(?:ing)?)?|fall on purpose)|"
                         r"thinking (?:of|about) (?:going over|climbing over|letting go|stepping off))\b", 0.86,
       unless=r"\b(?:don't|do not|never|please|not (?:going|gonna) to let|won't let|can't let|not let you|stop you|i'm not going to|i am not going to)\b"),
    _r("ask_about_harm", r"\b(?:i (?:need|have|want|got|'ve got|'m going|'d like) to ask (?:you )?(?:something|a|about|this|directly|straight|if|whether)|i(?:'m| am) asking (?:because|you)|can i ask (?:you )?(?:something|a hard|if|whether|directly))\b.*\b(?:suicid|kill|die|dying|hurt|harm|life|jump|end|alive|pills|safe)", 0.88),
    _r("ask_about_harm", r"\b(?:kill(?:ing)? yourself|suicid(?:e|al)|end(?:ing)? (?:your|it all)|take your (?:own )?life|want(?:ing)? to die|hurt(?:ing)? yourself)\b", 0.6, question=False, unless=r"\b(?:don't|do not|stop|never|isn't the answer|not the answer|won't solve|doesn't solve|selfish|stupid|coward)\b"),
    # offer_help
    _r("offer_help", r"\b(?:crisis (?:team|line|center|centre|worker|counselor|unit|clinician|services?|hotline|people)|mobile (?:crisis|team|unit)|988|hotline|helpline|help ?line|counsel(?:or|ing|lor)|therapist|therapy|clinician|social worker|case ?worker|psychiatr\w*|mental health (?:team|worker|professional|services?|clinic|center|people|folks|someone)|metal health (?:team|worker|services?|clinic|center)|peer (?:support|counselor|specialist|mentor)|support (?:group|line|services?|worker|team)|(?:the )?va\b|veterans? (?:affairs|services|crisis|center|hospital|line|outreach|counselor|clinic)|vet center|shelter|detox|treatment|rehab|recovery (?:program|center|coach)|outreach|social services|emergency room|\ber\b|hospital|a doctor|the doctor|your doctor|a nurse|a medic|paramedics?|ambulance|ems|medical (?:help|attention|care|team)|get (?:you )?checked out|get you (?:some |the )?(?:help|support|care|water|food|blanket|somewhere|a ride|home|back)|find you (?:a|some|somewhere|help|a place)|help you (?:get|find|with|out|through|figure)|resources|someone (?:you can|to) talk (?:to|with)|talk (?:to|with) (?:someone|somebody|a professional|a specialist|a person)|somebody (?:who|that) can help|people who can help|(?:call|contact|reach|get in touch with) (?:your|someone|somebody|a family|a friend|family|a relative|your (?:wife|husband|mom|mother|dad|father|son|daughter|sister|brother|family|friend|sponsor|caseworker|case manager))|would you (?:like|want) (?:some|a|any|me to) (?:water|blanket|coffee|help|jacket|coat|drink|food|call|get|bring|help)|can i (?:get|call|bring|grab|find) (?:you|someone|somebody|your)|let me (?:get|call|find) (?:you|someone|somebody|your)|i can (?:get|call|bring|connect|set|arrange|drive|take) (?:you|someone|somebody|your|up)|connect you|set you up|a place to (?:stay|sleep)|get you somewhere|get you home|take you home|give you a ride|someone who (?:can|could|knows|understands|has been)|there are people|there's help|help is available|get some help|get help|get the help|support you|on your side to help)", 0.8, unless=rf"(?<!\bnot here to )(?<!\bnot going to )(?<!\bnot trying to )(?<!\bnot gonna )\b(?:{HARM_VERBS}) you\b(?!.*\b{NEG}\b)|\bjail\b|^(?!.*\b(?:would|can|could|do|want|let|call|get|talk|like|open|willing|connect|help|bring|contact|reach|find|take|drive|set)\b).*\b(?:i|we)(?:'m| am| are|'re)? (?:work(?:ing)? )?(?:with|from|on|for) (?:the )?(?:crisis|mobile|mental|county|va)\b"),
    # set_limit (a directive plus a reason); see _limit_or_command for the split
    # summarize
    _r("summarize", r"\b(?:let me (?:make sure|see if|check|just check|get this straight|recap|sum)|(?:so )?to (?:sum up|recap|summari[sz]e)|so far (?:you'?ve|you have|i'?ve heard|i heard|what i'?ve)|you'?ve told me|you(?:'ve| have) (?:been telling|shared|said a lot|said that)|if i(?:'ve| have) got (?:this|it|everything|that) right|let me see if i(?:'ve| have)? got|what i(?:'ve| have) heard (?:so far|is)|so (?:let me|lemme) (?:see|get)|(?:let me|lemme) (?:repeat|play) (?:back|that)|(?:so )?(?:first|earlier)[^.?]{3,80}\b(?:then|and now|after that|and then)\b[^.?]{3,}\b(?:and now|now|and then|and today|tonight)\b|putting (?:it|that|this) all together|all (?:of )?that (?:together|on top)|on top of (?:all|everything)|a lot (?:has|'s) happened)", 0.84),
    # affirm (version 2): a real strength, effort or value of the person
    _r("affirm", r"\b(?:you(?:'re| are) (?:a |such a |one )?(?:really )?(?:good|great|loving|caring|devoted|wonderful|amazing|decent|strong|brave|tough|hell of a) (?:dad|mom|mum|father|mother|parent|grand\w+|son|daughter|brother|sister|friend|person|man|woman|guy|bloke|soldier|nurse|medic|fighter|survivor|kid)|"
       r"(?:that's|that is|you're|you are) (?:a |one |such a )?(?:really |truly )?(?:dedicated|devoted|hard working|skilled|loyal|decent|brave|good|kind|caring|strong|generous|reliable|dependable|solid) (?:man|woman|person|dad|mom|mum|father|mother|worker|soldier|nurse|guy|lady|friend|neighbou?r|employee|professional)|"
       r"hell of a (?:good |great |fine )?(?:dad|mom|father|mother|soldier|marine|sailor|medic|nurse|worker|friend|man|woman|person|job)|(?:took|takes|taking) (?:a lot of |real |some |serious )?(?:courage|guts|strength|bravery|nerve)|(?:that|it|this) (?:says|shows|tells me) (?:a lot|something|so much)(?: good)? about you|you did the right thing|you should be (?:really )?proud|i (?:really )?(?:admire|respect) (?:that|how|the way|you)|you(?:'ve| have) got (?:a lot of |real )?(?:guts|courage|heart)|thank you for (?:telling|being (?:so )?honest|talking|trusting|sharing|waiting|staying)|you(?:'re| are) a (?:fighter|survivor)|you(?:'ve| have) been (?:so |really |incredibly )?(?:strong|brave|patient|honest)|(?:lucky|blessed) to have (?:you|someone like you)|most people (?:couldn't|could not|wouldn't) have|not everybody could|you clearly (?:love|care)|i can (?:see|tell) how much you (?:love|care)|"
       r"(?:you should|you can) (?:be|feel) (?:really |so )?(?:proud|good about)|i(?:'m| am) (?:really |so )?(?:impressed|proud of you)|i (?:really )?admire|"
       r"(?:good|fair play) (?:on|to) you|credit to you|hats off|you (?:were|are|'re) (?:really |very |so )?(?:sensible|smart|wise|right|clever) to|"
       r"you handled (?:that|this|it|yourself)|you(?:'ve| have) been (?:brilliant|amazing|great|fantastic|wonderful|a rock)|"
       r"you(?:'re| are) (?:a |such a )?(?:decent|kind|solid|good|loyal|generous) (?:\w+ )?(?:bloke|guy|man|woman|person|soul|human|carer|friend)|"
       r"it's (?:clear|obvious) (?:you(?:'re| are)|that you(?:'re| are)?) (?:a )?(?:loving|caring|good|devoted|strong)|that was (?:a )?(?:wise|smart|brave|good) (?:call|move|thing|decision|choice))\b", 0.82, unless=r"\bi know exactly\b|\bthink about your\b"),
    # apologize (version 2): the officer owns a mistake and takes it back
    _r("apologize", r"\b(?:i apologi[sz]e|i owe you an apology|my (?:bad|mistake|fault)|(?:that|it) came out (?:wrong|harsh\w*|badly)|i shouldn't have (?:said|done|raised|yelled|shouted|snapped|grabbed|come|rushed|talked|called|touched|assumed|put|pushed|interrupted|cut)|i was (?:wrong|out of line|out of order|rude|too (?:harsh|pushy|loud|close|fast))|(?:that was|that's) (?:out of (?:line|order) of me|on me|my fault|wrong of me|not fair of me)|i take (?:that|it) back|forget i said that|(?:you're|you are) right,? i (?:came|was|got|rushed|pushed|didn't|wasn't|shouldn't|talked|cut|interrupted)|i (?:messed|screwed) (?:that )?up|i got (?:that|it|your \w+(?:'s)? name) wrong|i misheard|i misunderstood|(?:i'm|i am) (?:so |really )?sorry(?: about that)?\s*$|^sorry\b(?!,? (?:what|can|could|say|i didn't (?:catch|hear)|to hear|for your|about your|you))|sorry about that|(?:i'm|i am) (?:so |really )?sorry (?:i|for (?:the way|grabbing|yelling|shouting|interrupting|rushing|snapping|that|what i|cutting|raising|coming|getting|talking|not listening|calling))|sorry (?:i|for) (?:cut|interrupted|rushed|yelled|snapped|talked|grabbed|didn't|came|got|shouted|raised|cutting|interrupting|rushing|yelling|snapping|talking))\b", 0.86),
    # reassure: care and commitment, and the officer's own next move (version 2)
    _r("reassure", r"\b(?:(?:matters?|important) to me|i (?:really |genuinely )?care (?:about|what|how)|see (?:this|it) through|in this (?:together|with you)|through (?:this|tonight|it) together|(?:we're|we are) (?:a team|doing this together)|not giving up on you|not (?:going to |gonna )?(?:walk away from|abandon|leave|just leave|drop) you|not leaving (?:you|until|till)|i'm (?:sticking|staying)(?: around| right here| with you)?\b|(?:you and me|together) (?:are going to|will|we'll) (?:get|figure|work)|you matter\b)", 0.8),
    _r("reassure", r"\bi(?:'m| am)(?: going to| gonna| just)? (?:step(?:ping)? back|back(?:ing)? (?:up|off|away)|tak(?:e|ing) (?:a (?:couple|few) (?:of )?steps|a step) back|sit(?:ting)? (?:down|on)|kneel(?:ing)?|crouch(?:ing)?|mov(?:e|ing) back|keep(?:ing)? (?:my|both my) (?:hands|distance)|put(?:ting)? (?:my|the) (?:hands?|flashlight|torch|light) (?:where|away|down)|turn(?:ing)? (?:my|the) (?:radio|lights?|siren)|switch(?:ing)? (?:the|my) \w+ off|lower(?:ing)? my voice|tak(?:e|ing) my hand off|not coming (?:any )?closer|stay(?:ing)? (?:right )?(?:here|over here|back|on this side|where i am))\b|\bi(?:'ll| will) (?:stay|keep|hang back|remain) (?:on this side|over here|back|my distance|here|my hands)", 0.8),
    _r("give_time", r"\bi(?:'m| am)(?: going to| gonna| just)? (?:give you (?:some |a little |a )?(?:quiet|space|time|room to think|minute|moment|second|bit)|pause|be quiet for|hold off|let you think|wait(?:ing)? (?:here|right here|over here|until|till|as long))|\bi(?:'ll| will) (?:just )?(?:wait|give you a (?:minute|moment|second))\b", 0.86),
    _r("reassure", r"\b(?:i(?:'m| am)(?: going to)? )?(?:tell|telling|ask|asking|have|having) my (?:partner|colleague|backup|sergeant|mate|crewmate) (?:to )?(?:stay|wait|hang|move|step|keep|back)", 0.8),
    # validate: "I can't see it, but I believe it's frightening" (version 2)
    _r("validate", r"\bi (?:don't|do not|can't|cannot|'m not able to|am not able to|might not|may not|'m not|am not)(?: \w+)? (?:see|hear|seeing|hearing|notice|noticing)\b.*\b(?:but|though|even so)\b.*\b(?:believe|can tell|can see|must be|sounds|feels?|real to you|frightening|scary|terrifying|exhausting|awful|makes sense)", 0.88),
    # open_question about drugs, alcohol, medication and injuries (never ask_about_harm, version 2)
    _r("open_question", r"\b(?:have you|did you|are you|were you|how much|how many|what did you|when did you|when was|what have you|do you|is (?:that|your|anything|the)|does|who)\b.*\b(?:drink(?:ing|s)?|drunk|alcohol|beers?|vodka|whiskey|cans|take|taken|took|using|use|used|smok\w*|high|medication|medicine|meds|pills?|tablets?|prescri\w*|dose|doses|hurt|hurting|sore|injur\w*|bleeding|blood|cut|hit your head|fall|fell|spike\w*|diabetic|insulin)\b", 0.8, question=True, unless=r"yourself|suicid|kill|\bdie\b|\bdead\b|end (?:your|it|things)|your (?:own )?life|on purpose|overdos|hurt(?:ing)? (?:someone|somebody|anyone|him|her|them|your \w+)"),
    # command (bare orders; polite or hedged ones too)
    _r("command", r"\b(?:let me see|show me|i need to see|i want to see|i(?:'ll| will) need|i need|give me|hand me|hand over|pass me)\b[^.?]{0,30}\b(?:id|i d|identification|license|licence|papers|registration|wallet|date of birth|birthday|keys|address|full name|your name|last name)\b|\b(?:name and date of birth|license and registration|licence and registration|papers please)\b|^(?:id|identification|license|licence)\b", 0.82, question=False),
    _r("command", CALM_DOWN, 0.9, unless=CALM_NOT_ORDERED + r"|\b(?:i'?m not (?:going to|asking you to|telling you to) (?:tell you to )?(?:calm|relax)|not asking you to (?:calm|relax)|you don't (?:have|need) to (?:calm|relax)|help you (?:relax|calm)|(?:feel|be) (?:calmer|relaxed)|no one(?: is)? (?:telling|asking) you to|it's okay (?:if you (?:can't|don't))|take it easy on yourself)\b"),
    _r("command", r"\b(?:hands (?:up|where i can see|behind|on (?:the|your))|show me your hands|get on the ground|get down on|(?:on|to) the ground|don't (?:you )?move|freeze|do (?:it|what i say|as i say|what you're told) (?:now)?|i said (?:now|to|drop|put|get|stop)|this instant|immediately|get over here|get back here|come here|drop (?:it|the|that)|back off|back up|get back(?! (?:to|home|in(?:to)? (?:bed|the|your)|together|on (?:your|track)))|step away|listen to me|look at me|answer (?:me|the question)|stop (?:it|this|that|talking|moving|arguing|right there)|don't (?:talk back|argue|you dare)|enough|that's enough|move it|get out|get up|sit down|stand up|turn around|face the|put it down|put (?:that|the \w+) down|let go of)\b", 0.82),
    # A directive verb is a (weak) order only when something makes it one: "you need to", "please", "could you just"...
    # (a bare verb at the start of a clause is read by _weak_command). "I'll stay with you" or "let me help you" has a
    # directive verb and orders nothing (issue 12).
    _r("command", rf"\b(?:you (?:need|have|got|'ve got|better|had better|must) (?:to )?|i need you to |i want you to |i(?:'m| am) telling you to |i(?:'m| am) ordering you to |you (?:should )?just |you should |maybe you should (?:just )?|why don't you (?:just )?|could you (?:just )?|can you (?:just )?|would you (?:just )?|please (?:just )?)(?:{DIRECTIVE_VERBS})\b", 0.6, question=None),
)

RULES += (
    _r("validate", r"\b(?:a |an |the )?(?:normal|natural|understandable|human|common) (?:reaction|response|way to (?:feel|react)|thing to (?:feel|do|want))\b", 0.78),
    # issue #19: reflections without a verb or a subject, concern, the officer's observations of the scene
    # A loss said back ("you signed the house over today, after nineteen years"): the content restated, not praise of
    # endurance, however long the years were (issue 12: the reader had started to take "after N years" for an affirmation)
    _r("paraphrase", r"^(?:so |and |okay |oh )?(?:\w+ )?you(?:'ve| have)? (?:just |already |finally |had to )?(?:sold|sell|signed (?:\w+ ){0,2}over|signed away|lost|lose|gave up|give up|"
                     r"handed (?:\w+ )?(?:back|over)|moved out(?: of)?|walked away from|closed|buried|got (?:evicted|fired|laid off|let go|kicked out|dumped|divorced)|"
                     r"were (?:evicted|fired|laid off|let go|kicked out))\b(?!.*\b(?:and you (?:still|kept|got through)|and still|took (?:guts|courage|strength))\b)", 0.8, question=False),
    Rule("paraphrase", SUBJECTLESS_CANT, 0.8, question=None),  # a recogniser's "can't find your meds" may look like a question
    Rule("paraphrase", VERBLESS_REFLECTION, 0.72, question=False),
    Rule("reassure", WORRY, 0.8),
    # "this isn't about locking you up": a reassurance about what the officer is not here for (issue 12)
    _r("reassure", r"\b(?:this|it|that|tonight|i'm here|we're here)(?: isn't| is not|'s not| ain't| is never| not) (?:about|to|for) (?:getting you |you getting |you being |putting you |taking you )?(?:locked up|lock(?:ing)? you up|arrest\w*|in trouble|jail|punish\w*|charg\w*|away|in custody|taking you in|getting you in trouble)\b", 0.82,
       unless=r"\b(?:is|'s) about (?:getting you )?(?:locked|arrest|jail|in trouble|charg)|\bif you (?:don't|won't)\b|\bor (?:else|i|we)\b"),
    # getting the person help or connected: an offer, even when it names no resource (issue 12)
    _r("offer_help", r"\b(?:here to|want to|going to|i can|i could|let me|i'll|we can|we could|happy to|i'd like to) (?:get|find|connect|hook) you (?:up )?(?:with |to )?(?:some |the |a |real |proper )?(?:help|support|services|resources|somebody|someone|connected|a bed|a place)\b|\bget(?:ting)? you connected\b", 0.84),
    # a feeling or need called normal: validation ("needing a minute is completely normal")
    _r("validate", r"\b(?<!not )(?:is|are|'s|feels?) (?:completely |perfectly |totally |so |really |pretty |very )?(?:normal|natural|understandable)\b(?! (?:here|for (?:a|this) (?:place|street|area|time)))", 0.78, unless=r"\b(?:not normal|isn't normal|nothing normal|not natural)\b|\?"),
    # Correcting a person's sense of time ("the plant closed years ago, you're retired"): reality orientation is `argue`
    _r("argue", r"\b(?:closed|shut down|shut|died|passed away|passed|sold|knocked down|torn down|moved away|finished) (?:\w+ )?(?:years|months|decades|a long time|ages) ago\b|\byou retired (?:\w+ )?(?:years|decades|a long time|ages) ago\b|"
       r"\byou(?:'re| are) (?:retired|not (?:a kid|at work|working there)|(?:\w+ )?years old now)\b|\byou (?:don't|do not) (?:work|live) there any ?more\b|\bthat was (?:years|decades|a long time|ages) ago\b", 0.78,
       question=False, unless=r"\b(?:i|we|i've|we've) (?:\w+ )?(?:closed|shut|sold|moved|retired|finished)\b"),
    # "deep down you know it": telling the person what they really think is a lecture
    _r("argue", r"\b(?:deep down|in your heart) you know\b|\band you know it\b|\byou (?:know|no) (?:full|fool) well\b|\byou know (?:that's|that is|it's|it is) not (?:true|real|right)\b", 0.8),
    # "either way is fine": a real choice, said as the officer not minding which
    _r("offer_choice", r"\b(?:either (?:way|one|option)|whichever|both|any of those)(?: one)? (?:is|are|'s|works?) (?:fine|okay|alright|good|great)(?: (?:by|with|for) me)?\b|\bwhichever (?:you (?:like|want|prefer|choose|pick)|suits you|works for you|feels better)\b", 0.8),
)

# Threats: a harm verb aimed at the person, not negated, or an ultimatum.
THREAT = re.compile(
    rf"\b(?:i|we|i'll|we'll|i'?m|we'?re|i am|we are|they|they'll|someone|somebody|you'?re|you are|you'll|you will)\b[^.?]{{0,30}}\b(?:going to|will|'ll|have to|gonna|about to|got to|need to)?\s*(?:have to |be )?(?:{HARM_VERBS})\b"
    r"|\bor (?:else|i'll|i will|we'll|we will|i'm going|we're going|you're going|you'll|you will|i swear|this|things|it's going)|\bdon't make me\b|\byou(?:'ll| will) (?:regret|be sorry|get hurt|end up)|\blast (?:warning|chance|time i)|\bkeep (?:it|this|that) up\b|\b(?:use|using) force\b|\bone more (?:time|word|step|move)\b|\b(?:going|go|end up|wind up|spend the night) (?:to|in) (?:jail|prison|a cell|lockup|county|handcuffs|cuffs)\b|\bthe easy way or the hard way\b|\byou(?:'re| are) (?:going to jail|under arrest|done|going down|getting arrested|getting tasered|in (?:big|a lot of|serious) trouble)\b|\byou want to get (?:hurt|tasered|shot|arrested)\b|\bi(?:'ll| will) (?:make|have) you\b|\bwe can do this the hard way\b|\bif you (?:don't|won't|do not|keep|make)\b.*\b(?:jail|arrest|taser|shoot|hurt|force|cuff|handcuff|ground|take you|make you|go in|you'll|i'll|we'll)\b|\bunless you\b.*\b(?:jail|arrest|taser|force|cuff|take you)\b"
    # a "choice" between a threat and compliance is a threat (version 2)
    r"|\bor (?:we|i|they) (?:come in|go in|make you|drag|carry you|put you|take you|bring you|do it for you|force)\b|\b(?:nicely|nice|easy|gently|quietly|the nice way|the easy way) or (?:not|the hard way|the other way|we don't|it gets (?:ugly|rough))\b"
    r"|\b(?:whether|if) (?:this|it|tonight) ends (?:with|in) (?:handcuffs|cuffs|jail|a cell|force|a taser|someone hurt)\b"
    r"|\bif you\b[^.?]{0,40}\byou(?:'re| are|'ll| will)? (?:going to |gonna )?(?:be |get |end up )?(?:in )?(?:a lot |a whole lot |much |way |so much )?(?:more |big |serious |real |deep )?trouble\b"
    r"|\bor (?:i'm|we're|i am|we are) (?:taking|putting|bringing|locking|arresting|cuffing|booking|dragging|charging) you\b"
    r"|\byou(?:'re| are|'ll| will)? (?:going to |gonna )?(?:be )?get(?:ting)? (?:a |another |yourself a )?(?:ticket|citation|fine|summons|court date)\b|\byou(?:'ll| will) be (?:fined|cited|charged|ticketed|summonsed|nicked)\b"
    r"|\bor (?:face|suffer|deal with) (?:the )?consequences\b|\bcome quietly\b|\beither way,? you(?:'re| are) (?:leaving|coming|going)\b|\bmake it (?:easy|easier) on yourself\b"
    r"|\b(?:how|the way) (?:this|it|tonight|things) (?:ends|goes(?: down)?|plays out|finishes) is (?:up to you|on you|your (?:call|choice|decision))\b"
    r"|\b(?:or|either)\b.*\b(?:swat|tactical team|the dogs|k9|riot squad|make it involuntary|involuntar\w*|another way|the other way|it won't be pretty|you won't like)\b"
    r"|\b(?:or|either|option (?:one|two|a|b))\b.*\b(?:jail|cells?|custody|the wagon|wagon|cuffs|handcuffs|county|lockup|booking|arrest\w*|a judge|the hard way|tased|tasered|taser|carried|drag\w* you(?: out)?|pull you out|bring you down|on the ground|make you|paddy wagon|the wagon|i drop you|gets? ugly|cruiser|squad car|patrol car|police car|back of (?:my|the|our) (?:car|van|truck)|a night inside|the station|locked up|charged|a cell)\b"
    r"|\b(?:jail|cells?|custody|wagon|cuffs|handcuffs|county|lockup|arrest\w*|the hard way|tased|tasered|a judge)\b.*\b(?:or|your (?:pick|choice|call|decision)|up to you|you decide|you choose|which (?:is it|one))\b"
    r"|\b(?:your|it's your|it's up to you) (?:choice|call|pick|decision)? ?(?:whether|if)\b.*\b(?:in cuffs|in handcuffs|to jail|in the back of the (?:car|van|wagon)|arrested|under arrest|on the ground|tased|tasered)\b"
)
THREAT_NEGATED = re.compile(
    rf"\b(?:not|never|n't|no one|nobody|won't|ain't|nothing|none|no)\b[^.?]{{0,22}}\b(?:going to |gonna |will |'ll |here to |trying to |want to |have to |need to )?(?:be )?(?:{HARM_VERBS}|jail|arrested|in trouble)\b|\bnot (?:going|here) to\b|\bnobody(?: is)? going to jail\b|\bno one(?: is)? going to jail\b"
)
INSULT = re.compile(
    r"\b(?:best|greatest|nicest) (?:story|excuse|joke|one) (?:i've|i have) heard\b|\bbecause the whole (?:world|city|town|country)\b|"
    r"^(?:oh |well |ha |mm |mhm |oh wow |wow |write )?(?:yeah |ha )?(?:sure|yeah right|yeah sure|right|write|uh huh|of course|oh yeah|yep|totally|definitely|absolutely|course|sure thing|mhm|yeah)\b.*\b(?:after you|watching you|following you|out to get you|spying on you|tracking you|reading your mind|and i'm (?:the|batman)|whatever you say|just for you|plotting against you|revolves around you|i believe you totally|real believable|makes total sense|aliens|definitely after|(?:is|are) definitely|as well i suppose|too i suppose|just for you)\b|\boh i'm sure\b|\b(?:oh )?poor you\b|\bwhat a tragedy\b|\breal(?:ly)? (?:smart|clever|mature|believable)\b|\bgreat job\b(?=.*\bmature\b)|\bbig tough guy\b|\bray of sunshine\b|\bbrilliant plan\b|\b(?:crazy|crazies|psychos?|psychotic|nuts|nutcases?|nutjobs?|lunatics?|idiots?|idiotic|stupid|morons?|dumb|junkies?|crackheads?|tweakers?|druggies?|drunk(?:ard)?s?|losers?|pathetic|freaks?|weirdos?|wackos?|whackos?|retard(?:ed|s)?|sickos?|maniacs?|hysterical|childish|ridiculous|a joke|a baby|crybaby|clowns?|cowards?|selfish|disgusting|embarrassing yourself|making a fool|fools?|bums?|animals|trash|scum|lowlifes?|attention seekers?|attention seeking|drama queen|sick in the head|out of your mind|off your rocker|lost your mind|lost it|nut|mental case|whack job|head case|basket case|spoiled|brat|punks?|piece of (?:work|shit)|einstein|real smart|genius)\b"
    r"|\bwhat(?:'s| is) wrong with you\b|\bact(?:ing)? (?:like a|your age|like an|like a child|like a baby|crazy|like a maniac|like an animal)|\bgrow up\b|\bman up\b|\bwhat kind of (?:person|man|woman|father|mother|parent)\b|\byou people\b|\bsnap out of it\b|\bget a life\b|\bare you (?:crazy|nuts|stupid|insane|deaf|high|drunk|serious|kidding)\b|\bwhat are you(?:,)? (?:crazy|nuts|stupid|deaf|five)\b"
)
INSULT_NEGATED = re.compile(
    r"\b(?:not|n't|never|no one|nobody|doesn't|don't|isn't|aren't|wasn't|without|no)\b[^.?]{0,25}\b(?:crazy|psycho|nuts|stupid|weak|dumb|lunatic|a joke|a coward|selfish|pathetic|an idiot|a freak|a loser)\b|\b(?:doesn't|does not|don't|do not) make you\b|\bcrazy (?:day|night|week|time|situation|stuff|things|world|thing|amount|enough)\b|\bsounds crazy\b|\bfeel(?:s|ing)? crazy\b|\bdrive you crazy\b|\bdriving you crazy\b|\bgo(?:ing)? crazy\b"
)
DISMISS = re.compile(
    r"\b(?:(?:it's|it is|that's|that is|this is|this isn't|it isn't) (?:not )?(?:that|a|such a|really a|no) (?:bad|big deal|serious|end of the world|problem)|no big deal|not a big deal|big deal|over ?react\w*|(?:being|so|too) (?:dramatic|sensitive|emotional)|get over (?:it|yourself|him|her)|(?:could|can) be (?:a lot )?worse|(?:other|lots of|plenty of) people (?:have it|are) worse|people have it worse|it's (?:just|only) (?:a|some|one|money|a job|stuff|things|a breakup|a phone|a car|in your)|it's nothing|nothing to (?:be upset|cry|get worked up|worry) about|you(?:'ll| will) (?:be fine|get over|live|survive)|cheer up|look on the bright side|(?:at least|well at least) you|not worth (?:getting|crying|being)|it's not worth it|you(?:'re| are) fine\b|you're overthinking|stop (?:overthinking|worrying)|there's nothing to (?:be )?(?:afraid|scared|worried|upset)|no reason to be (?:upset|scared|afraid|angry|worked up)|you (?:shouldn't|don't need to|have no reason to) (?:be|feel) (?:upset|scared|afraid|angry|sad|that way)|it happens to everyone|everybody goes through|we all have bad days|move on|let it go|whatever|so what|who cares|i don't care|i don't have time for (?:this|your)|not my problem|tough luck|deal with it|suck it up|you brought this on yourself|your own fault|you did this to yourself|that's life|i know (?:exactly|just|precisely) (?:how|what) you(?:'re)? (?:feel|going through|mean)|i know how you feel|i(?:'ve| have) been (?:there|exactly where you are)|same (?:thing )?happened to me|i went through the same|happens to (?:everyone|everybody)|you(?:'ll| will) (?:feel better|bounce back|laugh about|shake it off|forget)|chin up|shake it off|tomorrow(?:'s| is) a new day|we all (?:get|have|feel)|everybody (?:feels|gets|has)|"
    # roadblock idioms (version 2)
    r"let's (?:talk about|think about|change to) (?:something|anything) (?:else|happier|nicer|more (?:positive|cheerful|fun)|better|good)|(?:let's|we should|you shouldn't|try not to) (?:not )?(?:dwell|think|talk) (?:on|about) (?:that|it|this|the past)|change the subject|"
    r"it is what it is|think positive|all you need is|(?:you just|just|you) (?:need|have) to (?:push through|get over|think positive|sleep it off|snap out|toughen up|move past)|sleep it off|if i were you|not as bad as (?:you think|it seems|it looks)|"
    r"(?:could|can) always be worse|happens to the best of us|feeling sorry for yourself|everyone feels (?:like that|that way)|you(?:'ll| will) be right\b|"
    r"mountain out of a molehill|out of (?:all )?proportion|blow(?:ing)? (?:this|it|things) (?:up|out of)|heard it all before|"
    r"(?:not|nothing) (?:really )?(?:something |anything )?to (?:cry|be upset|get upset|worry|get worked up|panic) about|it's not that deep|"
    r"first world problem|worse things happen|it's not a big thing|you(?:'re| are) (?:just )?being silly|it's all fine|stop being (?:so )?(?:dramatic|silly|sensitive))\b"
)
ARGUE = re.compile(
    r"\b(?:(?:there's|there is|there are|there aren't|there isn't) (?:no|nobody|no one|nothing|not any|any)\b(?! (?:rush|hurry|pressure|need to|reason to be ashamed|shame|wrong))|(?:that's|that is|it's|it is|this is) (?:not|n't) (?:true|real|happening|how it works|what happened|possible|the case|right|reality|going on)|(?:that|it) (?:isn't|is not|wasn't|was not) (?:true|real|happening|possible)|(?:nobody|no one)(?: is|'s)? (?:following|watching|after|listening|tracking|spying|coming|out to get|poisoning|reading|trying to (?:get|hurt|kill))|you(?:'re| are) (?:wrong|imagining|making (?:it|that|this) up|hallucinating|mistaken|not thinking straight|not making sense|delusional|paranoid about nothing)|that doesn't make (?:any )?sense|(?:that's|that is|it's) (?:ridiculous|impossible|nonsense|absurd|not possible|crazy talk|(?:all )?in your head)|(?:it's|that's) (?:all )?in your (?:head|mind|imagination)|you're not (?:making|thinking) sense|that's not what happened|that never happened|you know (?:that's|that is|it's) not|be (?:reasonable|realistic|rational|logical)|use your head|think about (?:it|what you're saying) logically|there(?:'s| is) no such thing|(?:your|the) (?:wife|husband|mother|mom|father|dad) (?:is|has been|died|passed)|(?:died|passed away|passed on|been dead) (?:years|a long time)|it(?:'s| is) (?:not|twenty|two thousand|the year|actually)|you don't (?:live|work) there|you(?:'re| are) not (?:in|at) (?:the war|war|iraq|afghanistan|vietnam|work)|that job is gone|the war is over|the voices (?:aren't|are not) real|they(?:'re| are) not real|you(?:'re| are) not (?:being|under) (?:watched|followed|attack)|no one put (?:anything|a chip)|(?:jumping|killing yourself|suicide|drinking|this) (?:won't|will not|isn't going to|doesn't|does not|is not|isn't) (?:solve|fix|help|change|the answer|going to)|it won't (?:solve|fix) anything|you(?:'ve| have) got (?:so much|everything|a lot) to live for|think (?:about|of) your (?:kids|family|children|mom|mother|wife|husband)|what about your (?:kids|family|children)|you don't (?:really )?(?:want|mean) (?:that|to)|you(?:'re| are) not (?:really )?going to|what would your \w+ (?:say|think|do)|how (?:would|will|do you think) your \w+ (?:feel|cope)|your \w+ (?:needs?|need) (?:you|their|her|his|a)|(?:so much|too much|everything) (?:to live for|going for you)|whole life ahead|don't do this to|can't do (?:this|that) to your|think (?:about|of|how) (?:who(?:'s| is) going to find|everything you'd miss|your \w+)|imagine what this would do|would (?:destroy|devastate|kill) your|what about your \w+\b[^.?]{0,30}\b(?:they'd|she'd|he'd|would|they would)|(?:they'd|she'd|he'd) be (?:gutted|devastated|heartbroken|crushed|destroyed|lost without you)|would never (?:forgive|get over)|life is precious|you owe it to|picture your)\b"
)
ARGUE_SOFTENED = re.compile(r"\b(?:i (?:don't|do not) (?:hear|see|know)|i can't (?:see|hear)|i'm not sure|i believe you|i'm not saying|you feel like|you believe|you think|sounds like|it feels)\b")
PRESSURE = re.compile(
    r"\b(?:hurry(?: it)? up|hurry|(?:i|we) (?:don't|do not|haven't|have not) (?:have|got) (?:all|time|the time)|(?:come on|c'mon)(?: (?:already|man|now|let's go|let's move|get moving))|let's (?:go|move|get moving|wrap (?:this|it) up)(?: already| now)?\b|make up your mind|quick(?:ly)?|faster|(?:running|run) out of (?:time|patience)|losing (?:my )?patience|we need to (?:wrap|hurry|move|get) (?:this|it|going|moving)|just (?:tell|answer|decide|pick|choose|do it)(?: me)? (?:already|now)|already\s*\??$|any (?:time|minute|second) now|i'?m waiting|i(?:'m| am) still waiting|how long (?:is|are) (?:this|you) going to|tick tock|(?:ten|five|three|two|thirty|sixty) seconds|i(?:'m| am) not (?:going to|gonna) (?:stand|wait|sit) (?:here|out here|around)|we(?:'ve| have) been (?:here|at this|doing this) (?:for|long|way too)|(?:i|we) can't (?:wait|stay|do this) (?:all|forever)|enough (?:stalling|talking|of this)|stop (?:stalling|wasting (?:my|our) time)|wasting (?:my|our) time|(?:get|got) (?:this|it) over with|sooner or later|move along|get a move on|not got all)\b"
)
# Guilt levers and reasons-to-live lectures are `argue` (TECHNIQUES.md version 2): whatever their kind words,
# they tell the person what to feel about their own life.
FAMILY = r"(?:kids?|children|son|sons|daughters?|boys|girls|little (?:one|ones|girl|boy|man)|baby|babies|grandkids|grand(?:son|daughter|children|ma|pa|mother|father|kids)|mom|mum|mother|mama|dad|father|papa|parents|folks|wife|husband|partner|girlfriend|boyfriend|fianc\\w*|sister|brother|family|nan|nana|granny|aunt|uncle|cousin|niece|nephew|step\\w+|friends?|mates?|dog|cat|loved ones|people who love you|unit|squad|buddies)"
GUILT = re.compile(
    rf"\bthink (?:about|of|how) (?:how |what )?(?:your|the|all the|all your|those) (?:\w+ )?{FAMILY}\b|\bthink (?:about|of) (?:what|how) (?:this|that|it|you doing this) (?:would|will|'d|is going to) (?:do|feel|look|mean)\b|"
    rf"\bwhat (?:would|will|'d|do you think) (?:your|their) (?:\w+ )?{FAMILY} (?:would |will )?(?:say|think|do|feel)\b|\bhow (?:would|will|'d|do you think|is) your (?:\w+ )?{FAMILY} (?:would |will |is going to )?(?:feel|cope|react|manage|take it|get by|live|go on)\b|"
    rf"\b(?:do|would) you (?:really )?want (?:your|the) (?:\w+ )?{FAMILY} to (?:find|see|grow up|lose|bury|live|go through|get|remember|hear)\b|\byour (?:\w+ )?{FAMILY} (?:needs?|wants?|deserves?|can't lose|would miss|will miss) (?:you|their|a|his|her|to have)\b|"
    rf"\b(?:don't|do not) you (?:care|think) about (?:your|them|him|her|anyone)\b|\b(?:so much|too much|everything|lots|plenty|a lot|a whole lot|loads) (?:left )?(?:for you )?(?:to live for|going for you|ahead of you)\b|\byou(?:'ve| have)(?: got)? (?:your whole|a whole|a great|a good|such a good) (?:life|future)\b|"
    rf"\bwhole (?:life|future) (?:ahead|in front)\b|\bpermanent solution\b|\b(?:god|jesus|the lord) (?:wouldn't|doesn't|does not|would not|didn't) want\b|\byou(?:'d| would| will|'ll)? (?:break|destroy|crush|ruin|devastate) (?:your|their|her|his) (?:\w+ )?(?:heart|hearts|life|lives|{FAMILY})\b|"
    rf"\bleav(?:e|ing) (?:your|the|those) (?:\w+ )?{FAMILY} (?:without|behind|alone|to)\b|\bwho(?:'s| is| will|'ll| would)? (?:going to )?(?:look after|take care of|raise|feed|walk|care for) (?:your|the|them|him|her)\b|"
    rf"\byou owe (?:it to |them|him|her|your)|\bthere are (?:people|others|folks|kids) (?:with|who have|who've got|out there with|who'd|who would) (?:it )?(?:way |much |a lot )?(?:worse|less|nothing|give anything)\b|\bimagine (?:your|how your|what your|what this would|what it would)\b|"
    rf"\bwould (?:never )?(?:forgive|recover|get over)\b|\b(?:they|she|he)(?:'d| would| will|'ll) (?:never )?(?:be )?(?:devastated|heartbroken|destroyed|crushed|gutted|lost|shattered|get over it)\b|\bdon't (?:throw|waste) (?:your|it|this) (?:life )?away\b|\bthrow (?:your|it all|everything) away\b|"
    rf"\bthink (?:about|of) (?:everything|all the things|all the people|what) you(?:'d| would)? (?:miss|lose|leave)\b|"
    # version 2, issue 12: the lever said as what the family would not want, and the "others have it worse" comparison
    rf"\byou (?:wouldn't|would not|don't|do not) want (?:your|the) (?:\w+ )?{FAMILY} to\b|\b(?:the one|the person|the first (?:one|person)?) (?:who|to) finds? you\b|"
    rf"\b(?:would|does|do|will) your (?:\w+ )?{FAMILY} (?:really )?want (?:to see )?(?:you|this|that)\b|"
    rf"\b(?:people|others|folks|kids|children|somebody|someone)\b[^.?]{{0,30}}\b(?:who'd|who would|would) (?:happily |gladly )?(?:swap|trade|kill for|give anything|give everything|love to have)\b|"
    rf"\bis (?:this|that) how you want (?:your|them|him|her|people|everyone)\b.*\b(?:remember|see|find|think of|to know)\b|\bis (?:this|that|it) fair (?:on|to) (?:your|them|him|her|the)\b|"
    rf"\byour (?:\w+ )?{FAMILY} (?:already |has already |just |have already )?(?:lost|buried)\b|\bthings (?:will|'ll|are going to|gonna|always) get better\b|\blife(?:'s| is) (?:worth living|too short|a gift|precious)\b|"
    rf"\b(?:suicide|killing yourself|taking your (?:own )?life|doing this) (?:is|would be|'s) (?:selfish|never the answer|not the answer|a sin|wrong|cowardly)\b|\byou(?:'re| are) (?:a|their|his|her) (?:father|mother|dad|mom|mum|parent), act like\b|\bwhat kind of (?:example|message)\b|\bit gets better\b(?=.*\b(?:live|life|kids|family)\b)"
)
# Told, not asked: "people love you" is a reasons-to-live lecture; "who loves you?" is a question about them.
GUILT_STATEMENT = re.compile(
    rf"\b(?:so many|lots of|a lot of|plenty of|all these|many) (?:people|folks|friends) (?:love|need|care about|would miss) you\b|^(?:\w+ )?(?:people|everyone|everybody|your (?:\w+ )?{FAMILY}) (?:loves?|needs?|cares? about) you\b"
)


# Contradicting the belief itself ("it's a normal car, not a spy car"): `argue`, however calmly said.
CONTRADICT = re.compile(
    r"\b(?:it's|that's|that is|it is|they're|they are|he's|she's) (?:just |only |simply )?(?:a |an |the )?(?:normal|ordinary|regular|plain|perfectly normal|everyday) \w+\b(?!.*\b(?:to (?:feel|be)|reaction|response)\b)|"
    r"\b(?:your|the) (?:\w+ )?(?:is|are) (?:just |only )?(?:a |an )?(?:symptom|symptoms|side effect|part of your illness|your illness|the drugs talking|the meth talking)\b|\bnot (?:a |an )?(?:spy|secret|government|alien|fake) \w+\b|\byou(?:'re| are) (?:seeing|hearing) things\b|\bplaying tricks on you\b|\bmade (?:it )?(?:all )?up\b"
)
# Sarcasm and mock agreement are `insult` (version 2): agreement words, then a tag that takes them back.
SARCASM = re.compile(
    r"\b(?:sure|of course|yeah|oh|right) (?:they are|it is|it does|they do|he is|she is|they did|they have|it has|they can|they will|he does|she does|it was|they were|that's it|there is|there are|you did|you do|you are|you were)(?: (?:buddy|pal|mate|chief|champ|sir|man|love|dude|sunshine))?\s*$|"
    r"\bhow (?:convenient|original|shocking|surprising)\b|\b(?:lovely|brilliant|great|wonderful|fantastic|marvellous|perfect)\b.*\banything else\s*$|\b(?:another|what a|real|such a) genius\b|\bgenius (?:move|plan|idea)\b|"
    r"\byeah right\b|\band pigs (?:can )?fly\b|\band i(?:'m| am) (?:the (?:pope|queen|king|president|tooth fairy|easter bunny|man in the moon|prime minister)|batman|santa(?: claus)?|superman|spiderman|elvis|a unicorn|an astronaut|a monkey's uncle)\b|"
    r"\bwhatever you say\b|\bif you say so\b|\bi totally believe you\b|\b(?:that's|what) a (?:good|great|new|likely) (?:one|story)\b|\blikely story\b|\bnice (?:story|try)\b|\bsounds (?:totally |real |very |super )?(?:legit|believable|likely|plausible)\b|"
    r"\b(?:yeah|sure|oh|right|okay)[, ]+(?:because|cause|'cause|coz) (?:that|this|it) (?:totally |really |completely )?(?:makes (?:total |perfect |a lot of )?sense|adds up|is (?:so |totally )?(?:believable|likely|plausible))\b|"
    r"\breal(?:ly)? nice\s*$|\bcool story\b|\bthat explains everything\b|\bi(?:'m| am) sure (?:the|they|he|she|your) (?:\w+ )?(?:will be|are|is|would be) (?:thrilled|delighted|so impressed|very interested)\b|"
    r"\bhere we go again\b|\b(?:too|as well|also)(?: i suppose| i bet| i'm sure| i guess| huh| right)\s*$|\b(?:oh |yeah |sure )(?:i bet|i'm sure)\s*(?:you (?:do|are|did|were|have))?\s*$|"
    r"^(?:oh |yeah |well |uh huh |mhm |mm |ha |wow )*(?:sure|of course|absolutely|totally|definitely|naturally|obviously|yeah|right|uh huh|mhm)(?: (?:buddy|pal|chief|champ|mate|pal|sunshine|genius|einstein))?\b.*\b(?:after you|watching you|following you|spying on you|tracking you|out to get you|reading your (?:mind|thoughts)|talking to you|sending you|recording you|listening to you|in on it|beaming|controlling you|poisoning you|bugged|implant\w*|chip in|aliens?|the (?:cia|fbi|government|illuminati|martians))\b"
)
AFFIRM_MORE = re.compile(
    # issue #19: praise phrased as a negated insult ("you're no quitter"), as "it takes a ... to", as what a good brother does
    r"\b(?:it |that )?takes? (?:a )?(?:real |strong |brave |big |special |tough |lot of )*(?:person|man|woman|guy|one|lady|courage|guts|strength) to (?:admit|ask|say|call|come|tell|walk|put|reach|own|do)\b|"
    r"\byou(?:'re| are) the (?:only |whole |main |real )?reason (?:your|she|he|they|the|this|that|everyone|everybody|we)\b(?!.*\b(?:in trouble|upset|crying|scared|hurt|angry|mad|this happened|we're here|i'm here|called)\b)|"
    r"\byou(?:'re| are) (?:a |such a |one |quite a |a bit of a )?(?:real |true |proper |total |absolute )?(?:fighter|survivor|trooper|hero|star|gem|rock|champ|champion|grafter|warrior|legend|diamond|credit to (?:your|the) \w+)\b|"
    r"\byou(?:'re| are) no (?:quitter|coward|pushover|fool|slouch|quitting type)\b|\byou(?:'re| are) (?:one |a )?tough (?:cookie|nut|one|customer|bird|lady|old bird|guy|woman|man)\b|"
    r"\bthat(?:'s| is) what a (?:good|great|real|loving) (?:brother|sister|son|daughter|dad|mom|mum|father|mother|friend|husband|wife|neighbou?r|parent|man|person) does\b|"
    r"\b(?:that was|that's|real|really|some|good|quick|smart|clear) (?:quick |smart |clear |good |fast )?thinking\b|\bwhat you did (?:for|with|about) (?:\w+ ){0,2}was (?:really |so |very )?(?:kind|brave|good|generous|amazing|selfless|smart|decent|right)\b|"
    r"\bthat(?:'s| has| have)? (?:kept you (?:alive|going|safe|standing)|got(?:ten)? you (?:through|this far))\b|\byou did right (?:by|to)\b|\bi can (?:see|tell) (?:how much )?you (?:really )?(?:love|care about|adore)\b|"
    r"\b(?:that|it|this) (?:shows|says|took|takes|showed|tells me) (?:a lot of |real |so much |some |serious |such )?(?:strength|courage|guts|character|heart|love|maturity|honesty|integrity|grit|determination|backbone|bravery)\b|"
    r"\byou(?:'ve| have) (?:worked|fought|tried|pushed) (?:so |really |incredibly )?hard\b|\byou(?:'re| are) (?:obviously |clearly |really |so |such |very |a )*(?:smart|strong|brave|resilient|resourceful|caring|thoughtful|capable|loyal|honest|patient|determined|loving|devoted|dedicated|hard ?working|good hearted|big hearted|kind hearted|courageous|selfless|generous)(?: (?:man|woman|person|guy|kid|lady|dad|mom|father|mother|one|soul|fella|young man|young woman|human being))?\b(?! (?:to|enough|for (?:a|an)))|"
    r"\byou(?:'re| are) (?:someone|somebody|the kind of (?:person|man|woman|guy)|the type of (?:person|man|woman|guy)|a (?:person|man|woman|guy)) who (?:cares|loves|shows up|doesn't give up|does not give up|never gives up|looks out|takes care|fights|keeps|protects|puts|gets through)\b|"
    r"\bi (?:really |genuinely |truly )?(?:appreciate|respect|admire) (?:you|that you|how you|the way you|your|what you)\b|\bthanks? (?:you )?(?:so much |a lot )?for (?:being|telling|talking|trusting|sharing|waiting|staying|working|putting|listening|your honesty|coming|calling|keeping|letting|hanging|sticking|answering|opening|doing)\b|"
    r"\byou(?:'ve| have) (?:done|handled|managed|got through|gotten through|made it through|survived|been through|kept going through|held it together through) (?:so |really |a |an )?(?:well|great|good|amazing|incredible|brilliant|everything|worse|so much|a lot|hell)\b|"
    r"\b(?:most|a lot of|plenty of|lots of|many) (?:people|folks|guys|men|women) (?:couldn't|could not|wouldn't|would not|would've|would have|would've given up|would have given up|can't|don't)\b|\byou (?:did|made|were) (?:the right|a good|a smart|a brave|a wise|a really good|a great) (?:thing|call|choice|decision|move)\b|"
    r"\b(?:lucky|blessed|fortunate) to have (?:you|a (?:dad|mom|mum|father|mother|friend|brother|sister|son|daughter) like you)\b|\byou(?:'re| are) (?:stronger|braver|tougher|smarter|more capable) than (?:you think|you know|you give yourself|you realise|you realize)\b|"
    r"\bi can (?:see|tell) (?:you(?:'re| are)|that you(?:'re| are)?) (?:a )?(?:really )?(?:good|caring|loving|strong|kind|devoted|great|smart|brave|decent|hard working|loyal)\b|\b(?:that's|that is) (?:really )?(?:impressive|no small thing|really something|a real achievement|an achievement)\b|"
    r"\byou kept (?:your|them|him|her|everyone|everybody|the \w+|it) (?:\w+ )?(?:cool|calm|head|safe|together|alive|out of)\b|\byou (?:served|fought) (?:your country|in|with|for|overseas)\b|\b(?:well done|nice work|good work|good job|great job|nice job) (?:for|on|getting|keeping|putting|calling|telling|waiting|talking|staying|coming)\b|"
    r"\byou(?:'re| are) doing (?:a )?(?:really |so |such a )?(?:great|good|fantastic|amazing) job\b|\byou(?:'ve| have) been (?:so |really |incredibly |very )?(?:patient|honest|brave|strong|helpful|calm|open|cooperative)\b|\byou(?:'re| are) a (?:good|great|caring|loving|devoted|decent|kind|wonderful) (?:\w+ )?(?:dad|mom|mum|father|mother|parent|son|daughter|brother|sister|friend|husband|wife|person|man|woman|carer|neighbou?r|grand\w+)\b"
)
# Polite or hedged orders: still `command`, marked softened (version 2).
POLITE_ORDER = re.compile(
    rf"\b(?:would you (?:mind|be able to|be willing to|be so kind as to|please)|do you mind|mind|could you (?:please |maybe |just |possibly )*|can you (?:please |maybe |just )*|will you (?:please |just )*|"
    rf"(?:do|could you do) me a favou?r(?: and)?|how about you|why don't you|go ahead and|if you (?:could|would|can|wouldn't mind|don't mind)(?: please| just)?|any chance you (?:could|can|would)|i(?:'d| would) (?:like|love|appreciate it if|be grateful if|really appreciate it if) you(?: to| would| could| 'd)?|"
    rf"i(?:'m| am) (?:going to|gonna) (?:need|have to ask|ask) you to|i(?:'ll| will) (?:need|have to ask) you to|i(?:'m| am) asking you (?:nicely |politely |kindly )?to|let's (?:have you|get you to)|maybe (?:you could |you can |just )?|please (?:just |kindly )?)\s*"
    rf"(?:{DIRECTIVE_VERBS}|pop|place|slide|toss|pass|unlock|empty|release|switch|take|bring|kneel|raise|remove|pull|push|throw|pick|lower|putting|setting|stepping|sitting|standing|coming|moving|getting|showing|handing|dropping|keeping|opening|taking|turning|placing|passing|backing|lowering|unlocking|emptying|popping|waiting|staying|letting)\b"
)
LIMIT_DIRECTIVE = re.compile(
    rf"(?:^{FILLERS}(?:{VOCATIVE} )?|\b(?:(?:do|would you do|could you do|can you do) me a favou?r and|i need you to|i(?:'m| am) going to (?:need|ask) you to|i(?:'d| would) like you to|i want you to|i(?:'m| am) asking you to|i have to ask you to|i(?:'ll| will) need you to|i can't let you|i(?:'m| am) not (?:able|going) to let you|i can't (?:have|allow)|you can't|you need to|please|can you|could you|will you|would you|go ahead and|let's|if you (?:could|can|would))\b)\s*(?:please |just |kindly |go ahead and )?(?:{DIRECTIVE_VERBS}|don't|quit|let me see|keep|leave|drop|hold on|give me|hand me|slide|toss|place|lower)\b|\b(?:that's (?:as )?close enough|stay (?:right )?(?:there|where you are|back|on that side)|i can't let you (?:come|get|hurt|do|go|leave|keep))\b"
    r"|\bi (?:need|want|'d like|would like) (?:you|your hands|your feet|that|it|the \w+) (?:off|out of|away from|down from|down off|back from|away|down|back|clear of|out)\b"
)
CANT_SEE = re.compile(
    r"\b(?:i (?:don't|do not|can't|cannot|couldn't|'m not able to|am not able to|might not|may not|'m not|am not|haven't|have not|didn't)(?: \w+)? (?:see|hear|seeing|hearing|seen|heard|notice|noticing|noticed|spot|spotted|feel|smell)"
    r"|i can't say i (?:see|hear)|(?:it's|it is|that's) not something i (?:can )?(?:see|hear)|nothing i can (?:see|hear))\b.*\b(?:but|though|even so|still|and i believe|i believe)\b")
SOFTENERS = re.compile(
    r"\b(?:please|could you|would you|can you|will you|would you mind|if you (?:could|would|wouldn't mind|can)|i'd (?:really )?appreciate|i'd be grateful|"
    r"do me a favou?r|for me\b|maybe|perhaps|i(?:'m| am) going to (?:need|have to ask|ask) you|i(?:'ll| will) need you|if (?:that's|it's) (?:okay|alright)|"
    r"when you get a chance|how about you|any chance|it'd (?:really )?help|sorry to ask|kindly|could i (?:get|ask) you|mind|"
    r"would you be (?:able|willing|so kind)|why don't you|do me a favou?r|go ahead and|if you don't mind|i'd like you to|i'm asking you (?:nicely|politely)|"
    r"if it's not too much trouble|when you're ready|for a second|for a sec|for a minute|possibly|if possible|let's have you|i'd love it if)\b"
)
BARKED = re.compile(r"\bnow\b|\bimmediately\b|\bthis instant\b|\bi said\b|\bor else\b|\bdon't make me\b|\bright this (?:second|minute)\b")


def softened(text: str) -> bool:
    """A polite or hedged order ("could you put that down for me?"): still a command, but softer than a barked one.

    Scenarios may let it cost less (TECHNIQUES.md version 2). A "now", an
    exclamation mark or an "or else" makes any order a barked one again.
    """
    if "!" in text:
        return False
    body = normalize(text)
    return bool(SOFTENERS.search(body)) and not BARKED.search(body)


# How an offer is made: without one, a resource named beside a reflection is only mentioned.
OFFER_VERB = re.compile(
    r"\b(?:i can|i could|we can|we could|i'll|i will|we'll|let me|would you (?:like|be open|be willing|want|consider)|do you want|want me to|how about|"
    r"happy to|get you|connect you|call (?:them|someone|somebody|the)|there's (?:a|someone|somebody|people)|you (?:can|could) (?:call|text|talk|go|see|reach|ring|try)|"
    r"should i|shall i|we've got|is there|i'd like to|open to|willing to|would it help|what about|they can|they could|they'll|someone who)\b")
INVITATION_QUESTION = re.compile(r"\b(?:would you like|do you want|can you tell|could you tell|can you help|would you be|can i|could i|do you need)\b")
INVITATION = re.compile(r"\b(?:tell me|let me|talk to me|go on|go ahead|take your time|keep going|help me understand|stay with me|let's (?:talk|sit|take|slow|breathe|figure|get you|work))\b")
LIMIT_SOFT = re.compile(r"\b(?:i can't (?:talk|help|hear|do|keep talking)|i won't be able to|we can't (?:talk|keep talking)|it's hard for me to (?:talk|help|hear|focus))\b[^.?]*\b(?:while|if|with|when|unless)\b")


def question_about_them(body: str, question: bool) -> bool:
    """An open question about the people in the person's life ("what would your mom say helps?"), not a guilt lever."""
    # Not "like this" ("would your dad want to see you like this?") nor "who'd swap places with you": levers, not questions.
    return question and bool(re.search(r"\b(?:help|helps|helped|likes?(?! (?:this|that|it)\b)|calm|good for you|best|who(?!'d| would)|call|talk to)\b", body))


class RuleReader:
    """Reads a turn with the hand-written rules; fast, explainable, no training needed."""

    def read(self, text: str, context: Context | None = None) -> Reading:
        guess = detect(text)
        if guess is not None:
            return Reading.not_understood(text, guess.language, guess.confidence)
        return self.read_english(text, context)

    def read_english(self, text: str, context: Context | None = None) -> Reading:
        """``read`` for a turn already known to be English (the trained reader checks the language once a turn)."""
        norm = normalize(text)
        question = is_question(text, norm)
        hits: dict[str, TechniqueHit] = {}

        def add(tid: str, conf: float, evidence: str) -> None:
            if tid not in hits or hits[tid].confidence < conf:
                hits[tid] = TechniqueHit(tid, conf, evidence.strip())

        body = norm.replace(" ?", "?").replace("?", "")
        for rule in RULES:
            if rule.question is True and not question:
                continue
            if rule.question is False and question:
                continue
            m = rule.pattern.search(body)
            if not m:
                continue
            if rule.unless is not None and rule.unless.search(body):
                continue
            add(rule.technique, rule.confidence, m.group(0))

        self._weak_command(text, add)
        self._threat(body, add, hits)
        self._insult(body, add)
        for rx, tid, conf in ((DISMISS, "dismiss", 0.78), (PRESSURE, "pressure", 0.8)):
            m = rx.search(body)
            if m:
                add(tid, conf, m.group(0))
        m = ARGUE.search(body)
        if m and not ARGUE_SOFTENED.search(body[: m.start()]) and not (question_about_them(body, question) and re.search(FAMILY, m.group(0))):
            add("argue", 0.78, m.group(0))
        m = GUILT.search(body) or (None if question else GUILT_STATEMENT.search(body))
        if m and not ARGUE_SOFTENED.search(body[: m.start()]) and not question_about_them(body, question):
            add("argue", 0.82, m.group(0))
        m = CONTRADICT.search(body)
        if m and not ARGUE_SOFTENED.search(body[: m.start()]) and not CANT_SEE.search(body):
            add("argue", 0.8, m.group(0))
        m = SARCASM.search(body)
        if m:
            add("insult", 0.84, m.group(0))
        m = AFFIRM_MORE.search(body)
        if m and not re.search(r"\bi know exactly\b|\bthink (?:about|of) your\b", body):
            add("affirm", 0.8, m.group(0))
        m = POLITE_ORDER.search(body)
        if m and not re.search(r"\b(?:would you (?:like|prefer|rather)|do you want|would it help)\b", body):
            add("command", 0.66, m.group(0))
        self._limit_or_command(body, question, hits, add)
        self._context(body, context, add)
        self._tidy(body, question, hits)
        return Reading.of(text, list(hits.values()))

    def negated_escalations(self, text: str) -> set[str]:
        """Escalations whose words are all negated ("I don't think you're crazy", "nobody's going to arrest you").

        The trained reader is told, so that negation never turns reassurance into an insult or a threat.
        """
        body = normalize(text).replace(" ?", "?").replace("?", "")
        out = set()
        insults = list(INSULT.finditer(body))
        if insults and all(INSULT_NEGATED.search(body[max(0, m.start() - 30) : m.end() + 12]) for m in insults):
            out.add("insult")
        threats = list(THREAT.finditer(body))
        conditional = re.search(r"\bif you (?:don't|won't)|\bunless\b|\bor else\b", body)
        if threats and not conditional and all(THREAT_NEGATED.search(body[max(0, m.start() - 12) : m.end()]) for m in threats):
            out.add("threaten")
        if CONSEQUENCE_ASSURED.search(body) and not PERCEPTION_DISPUTED.search(body):
            out.add("argue")  # "they don't report to your PO" answers a fear; it disputes nothing the person perceives
        return out

    @staticmethod
    def _weak_command(text: str, add) -> None:
        """A bare directive verb in the imperative mood: opening a clause, not somewhere inside a statement.

        "Put it down" and "Sam, step back" are orders; "I'll stay with you",
        "let me help you get warm" and "you look tired" only contain the verbs.
        Typed clauses are cut at punctuation before normalising (which drops it).
        """
        for clause in CLAUSE_BREAK.split(text.lower()):
            body = normalize(clause).replace("?", "").strip()
            if not body or IMPERATIVE_NOT.search(body):
                continue
            m = IMPERATIVE_START.search(body)
            if m:
                add("command", 0.6, m.group(0))
                return

    @staticmethod
    def _threat(body: str, add, hits: dict[str, TechniqueHit]) -> None:
        for m in THREAT.finditer(body):
            window = body[max(0, m.start() - 12) : m.end()]
            if THREAT_NEGATED.search(window) and not re.search(r"\bif you (?:don't|won't)|\bunless\b|\bor else\b", body):
                continue
            if re.search(r"\b(?:someone|somebody|anyone|anybody|they|people|he|she|them)\b[^.?]{0,20}\b(?:hurt|harm)\b", m.group(0)) and not re.search(r"\b(?:i|we|i'll|we'll)\b", m.group(0)):
                continue  # talk about others hurting, not a threat by the officer
            if re.search(r"\bhelp you\b|\bmake you (?:feel|comfortable|safe|a|some|something|laugh)|\bmake you (?:okay|better)\b|\bhave you (?:talk|sit|come)|\btake you (?:home|somewhere|to see|to get)\b", body[m.start():m.end() + 12]):
                continue
            if re.search(r"\byou(?:'re| are| will|'ll| could| might)? (?:going to |gonna |about to )?(?:hurt|harm|cut|burn|injure) (?:yourself|your (?:self|\w+)|someone|somebody|anyone|me|him|her|them|others)\b", body[m.start():m.end() + 16]):
                continue  # about the person's risk, not a threat
            if re.search(r"\b(?:get|gets|getting) hurt\b|\bend up\b", m.group(0)) and re.search(r"\b(?:worried|scared|afraid|frightened|concerned|worries me|scares me|don't want)\b", body):
                continue  # "I'm worried you'll get hurt" is worry, not a threat
            add("threaten", 0.85, m.group(0))
            return

    @staticmethod
    def _insult(body: str, add) -> None:
        for m in INSULT.finditer(body):
            window = body[max(0, m.start() - 30) : m.end() + 12]
            if INSULT_NEGATED.search(window):
                continue
            if re.search(r"\b(?:i'?m|i am|i feel|i'd be|i was|i've been|my|i must (?:look|sound))\b[^.?]{0,15}$", body[max(0, m.start() - 20) : m.start()]):
                continue  # the officer about themself
            add("insult", 0.82, m.group(0))
            return

    @staticmethod
    def _limit_or_command(body: str, question: bool, hits: dict[str, TechniqueHit], add) -> None:
        """A directive with a reason and respect is a limit; without one it is a command."""
        directive = LIMIT_DIRECTIVE.search(body) or (None if CANT_SEE.search(body) else LIMIT_SOFT.search(body)) or FEEL_BETTER_IF.search(body)
        if directive is None and "command" in hits and hits["command"].confidence < 0.7:
            directive = POLITE_ORDER.search(body)  # "would you mind moving back? you're making me nervous" is a limit too
        calm_down = re.search(CALM_DOWN, body) and not re.search(CALM_NOT_ORDERED, body)
        reason = re.search(REASON, body) or WORRY.search(body) or FEEL_BETTER_IF.search(body)
        if calm_down and reason and not re.search(CALM_DOWN.replace(r"|stop (?:crying|yelling|screaming|shouting|whining|that)", r"|stop (?:crying|yelling|screaming|shouting|whining)"), body):
            calm_down = None  # "stop that, you're going to hurt your hand": stopping the harm, with its reason, is a limit
            if "command" in hits and hits["command"].evidence.endswith("stop that"):
                del hits["command"]
        if directive and reason and not calm_down:
            add("set_limit", 0.84, directive.group(0) + " … " + reason.group(0))
            cmd = hits.get("command")
            if cmd is not None and cmd.confidence < 0.9 and not re.search(r"\b(?:right now|now!|immediately|this instant|or else|i said|do it now)\b", body):
                del hits["command"]
            return
        if LIMIT_SOFT.search(body) and not CANT_SEE.search(body):
            add("set_limit", 0.75, LIMIT_SOFT.search(body).group(0))
            return
        invitation = (question and INVITATION_QUESTION.search(body)) or (INVITATION.search(body) and not calm_down)
        if "command" in hits and hits["command"].confidence < 0.7 and invitation:
            del hits["command"]  # a weak directive match that is really an invitation

    @staticmethod
    def _context(body: str, context: Context | None, add) -> None:
        if context is None:
            return
        for tid, phrases in context.keywords.items():
            for phrase in phrases:
                if phrase and re.search(rf"\b{re.escape(phrase)}\b", body):
                    add(tid, 0.85, phrase)

    @staticmethod
    def _tidy(body: str, question: bool, hits: dict[str, TechniqueHit]) -> None:
        """Resolve pairs of readings that cannot both be right."""
        if "threaten" in hits and "reassure" in hits:
            if THREAT_NEGATED.search(body) and not re.search(r"\bif you (?:don't|won't)|\bunless\b|\bor else\b", body):
                del hits["threaten"]
            else:
                del hits["reassure"]
        if "insult" in hits and "validate" in hits and INSULT_NEGATED.search(body):
            del hits["insult"]
        if "emotion_label" in hits and "paraphrase" in hits and hits["paraphrase"].confidence <= 0.8:
            ev = hits["paraphrase"].evidence
            if re.search(rf"(?:{EMOTIONS})", body[body.find(ev) :] if ev in body else body):
                del hits["paraphrase"]
        if "summarize" in hits and "paraphrase" in hits:
            del hits["paraphrase"]
        if "encourage" in hits and len(hits) > 1 and hits["encourage"].confidence < 0.8:
            del hits["encourage"]
        if "open_question" in hits and "ask_about_harm" in hits:
            del hits["open_question"]
        if "dismiss" in hits and "validate" in hits and re.search(r"\bnot your fault\b|\bit's okay to\b", body):
            del hits["dismiss"]
        if "argue" in hits and ("paraphrase" in hits or "emotion_label" in hits) and ARGUE_SOFTENED.search(body):
            del hits["argue"]
        if "offer_choice" in hits and "command" in hits and question:
            del hits["command"]
        if "give_time" in hits and "pressure" in hits and re.search(r"\bno (?:rush|hurry|pressure)\b", body):
            del hits["pressure"]
        if "apologize" in hits and "insult" in hits and re.search(r"\b(?:stupid|dumb|idiotic|ridiculous)\b[^.?]{0,25}\b(?:of me|for me|i said|thing to say)\b", body):
            del hits["insult"]  # the officer calling their own words stupid is the apology
        if "command" in hits and hits["command"].confidence < 0.7 and (
                (CANT_SEE.search(body) and "validate" in hits) or ("reassure" in hits and re.search(r"\bi(?:'m| am|'ll| will)\b", body))):
            del hits["command"]  # "I'm going to step back", "I can't see it, but...": the officer's own words, no order
        if "command" in hits and hits["command"].confidence < 0.7 and ("give_time" in hits or "affirm" in hits or "insult" in hits):
            del hits["command"]
        if "command" in hits and hits["command"].confidence < 0.7 and (
                SUBJECTLESS_CANT.search(body) or VERBLESS_REFLECTION.search(body) or SCENE.search(body)
                or (WORRY.search(body) and not LIMIT_DIRECTIVE.search(body) and not POLITE_ORDER.search(body))):
            del hits["command"]  # a directive verb inside a reflection, a worry or an observation ("that cut worries me")
        if "offer_help" in hits and hits["offer_help"].confidence <= 0.8 and ("validate" in hits or "paraphrase" in hits) \
                and not OFFER_VERB.search(body):
            del hits["offer_help"]  # "I get why you'd stop calling the VA": the resource is named, not offered
        if "command" in hits and hits["command"].confidence < 0.9 and "affirm" in hits \
                and re.search(r"\b(?:proud|thank(?:s| you)|well done|good job|good on you|appreciate|the right thing|smart|brave)\b", body):
            del hits["command"]  # "you should be proud you put the machete on the ground": what they did, praised
        if "offer_help" in hits and "reassure" in hits and CONSEQUENCE_ASSURED.search(body) and hits["offer_help"].confidence <= 0.8:
            del hits["offer_help"]  # "the medics won't call your PO": a call that will not happen is no offer
        if "threaten" in hits and "offer_choice" in hits:
            del hits["offer_choice"]  # a "choice" between a threat and compliance is no choice
        if "validate" in hits and "argue" in hits and CANT_SEE.search(body):
            del hits["argue"]
        if "open_question" in hits and "ask_about_harm" in hits and hits["ask_about_harm"].confidence < 0.7:
            del hits["ask_about_harm"]
