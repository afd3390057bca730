"""Write train_v3.jsonl: the constructions the reader still misread, built by a phrase grammar (issue 12).

    python -m simulator.understanding.data.compose_v3

A different way of writing data from the template banks of compose_v2: each
construction is assembled from interchangeable parts (an opening, the move's
core, a tail), so one core is seen after a greeting, after a name, alone, in
the middle of a spoken run, typed or as a recogniser returns it. Next to
every construction are its near misses with the other label (an honest
"of course you're scared" beside a mocking "of course they are"; "would you
like to sit down?" beside "would you mind sitting down?"), so the model
learns the move, not the words. Names, objects and places are new, taken
from neither bank. Nothing here is taken from the held-out sets in
tests/fixtures/heldout/, which were not read for it.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from simulator.understanding.data.compose_v2 import key, recognised
from simulator.vocabulary import TECHNIQUES, primary_of

DATA = Path(__file__).resolve().parent

NAMES = ["Reggie", "Marisol", "Mr. Petrov", "Ms. Adeyemi", "Colin", "Tamsin", "Hector", "Brenda", "Dmitri", "Shauna", "Arturo",
         "Kezia", "Mr. Lindqvist", "Paulette", "Ravi", "Agnes", "Tobias", "Mrs. Ferreira", "Kwame", "Lorraine", "boss", "friend",
         "big man", "sweetheart", "chief", "bud", "son", "ma'am", "sir"]
FAMILY = ["kids", "little boy", "two girls", "mum", "mother", "dad", "old man", "nan", "grandkids", "wife", "husband", "partner",
          "sister", "brother", "baby", "son", "daughter", "parents", "family", "fiancé", "best mate", "niece", "nephew", "dog"]
OBJECTS = ["the screwdriver", "that shovel", "the wrench", "the broken bottle", "the steak knife", "the bat", "the pool cue",
           "the letter opener", "that pipe", "the scissors", "the hatchet", "the lighter", "the can of spray paint", "the cleaver"]
BELIEFS = ["the satellites", "the people upstairs", "the microwave", "the implant in your neck", "the police radio", "the drones",
           "the man in the blue coat", "the phone company", "the TV", "the birds on the wire", "the neighbour's dog", "the cameras",
           "the secret service", "the gas company", "your landlord", "the lights in the sky", "the cult", "your ex"]
ACTIONS = ["put the screwdriver on the ground", "set that shovel down", "step back from the edge", "sit on the curb",
           "come out from behind the car", "show me your hands", "take your hand out of your pocket", "turn the music off",
           "move away from the door", "put the bottle in the bin", "stay on the pavement", "slide the knife over to me",
           "get down off the wall", "open the door", "keep your hands on the steering wheel", "let go of the railing",
           "put your phone away", "take a step back", "wait by the car", "empty your pockets onto the bonnet"]
ACTIONS_ING = ["putting the screwdriver on the ground", "setting that shovel down", "stepping back from the edge", "sitting on the curb",
               "coming out from behind the car", "showing me your hands", "taking your hand out of your pocket",
               "turning the music off", "moving away from the door", "staying on the pavement", "getting down off the wall",
               "opening the door", "letting go of the railing", "taking a step back", "waiting by the car"]
DANGER = [("step back from the edge", "you could slip"), ("get down off the wall", "it's a long drop"),
          ("put the lighter away", "there's petrol on the ground"), ("stay on the pavement", "the cars are flying past"),
          ("put the broken bottle down", "you're already bleeding"), ("stop punching the door", "you'll break your hand"),
          ("let go of the railing on that side", "it's icy"), ("sit down for me", "you look like you might faint"),
          ("come away from the water", "the current is strong here"), ("stop scratching your arm", "it's starting to bleed"),
          ("put the cleaver on the counter", "I don't want anyone getting cut, you included"),
          ("keep off the tracks", "a train could come any minute"), ("don't drive tonight", "you've had a lot to drink"),
          ("take your hand off the stove", "you'll burn yourself"), ("come down off the roof", "the tiles are wet")]
EFFORTS = ["stayed sober for three years", "raised those kids on your own", "kept working through all of it", "called us yourself",
           "looked after your dad all this time", "kept your sister safe tonight", "put the bat down when I asked",
           "told me the truth about the pills", "got your neighbour out of the fire", "held it together this long",
           "went back to school at forty", "came out here to talk to me", "stood by your brother through his treatment",
           "kept your temper when they were shouting at you", "walked away from the fight"]
ROLES = ["dad", "mum", "grandfather", "big sister", "son", "friend", "neighbour", "nurse", "soldier", "teacher", "mechanic", "carer"]
STRENGTHS = ["strong", "brave", "tough", "patient", "resourceful", "determined", "caring", "loyal", "honest", "thoughtful"]


def pick(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def opener(rng: random.Random) -> str:
    """What comes before the move in real talk: nothing, a name, a filler, a greeting."""
    return rng.choice(["", "", "", "{n}, ", "look, ", "okay, ", "hey, ", "listen, ", "honestly, ", "so ", "right, ", "{n}, listen, "])


def finish(text: str, rng: random.Random) -> str:
    text = text.replace("{n}", rng.choice(NAMES))
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:]


# Each generator returns (text, labels). Cores are combined with openers and tails.
def guilt(rng: random.Random) -> tuple[str, list[str]]:
    f = pick(rng, FAMILY)
    core = rng.choice([
        f"think about your {f}", f"think of your {f} for a second", f"what would your {f} think if they saw you like this",
        f"what do you think your {f} would say right now", f"how is your {f} going to feel when they hear about this",
        f"do you really want your {f} to find you like this", f"your {f} needs you around", f"your {f} can't lose you",
        f"you can't do this to your {f}", f"imagine your {f} getting that phone call", f"who's going to look after your {f}",
        "you've got so much to live for", "you've got your whole life ahead of you", "you have everything going for you",
        "there are people out there who'd give anything for your life", "this is a permanent solution to a temporary problem",
        "don't throw your life away over this", f"you owe it to your {f} to keep going", f"don't you care about your {f}",
        f"your {f} would never get over it", f"it would break your {f}'s heart", "think of everything you'd be missing",
        f"picture your {f} at your funeral", f"you'd leave your {f} without anyone", "God doesn't want you to do this",
        f"what about your {f}, have you thought about them", f"your {f} loves you, you can't do that to them",
        "you're too young to give up, you've got a whole future", f"what kind of example is that for your {f}",
    ])
    tail = rng.choice(["", "", "", ", {n}", ", come on", ", think about it", ". You know that", ", seriously", ", man"])
    return finish(opener(rng) + core + tail, rng), ["argue"]


def _near(rng: random.Random, options: list[tuple[str, str]]) -> tuple[str, list[str]]:
    text, label = rng.choice(options)
    return finish(opener(rng) + text, rng), [label]


def guilt_contrast(rng: random.Random) -> tuple[str, list[str]]:
    f = pick(rng, FAMILY)
    return _near(rng, [
        (f"tell me about your {f}", "open_question"), (f"who's at home with your {f} tonight?", "open_question"),
        (f"would you like me to call your {f}?", "offer_help"), (f"I can ring your {f} for you if you want", "offer_help"),
        (f"it sounds like your {f} means a lot to you", "paraphrase"), (f"so you and your {f} haven't spoken since Christmas", "paraphrase"),
        (f"you clearly love your {f} a lot", "affirm"), (f"what's your {f} like?", "open_question"),
        ("what would help you right now?", "open_question"), ("what's kept you going on the bad days?", "open_question"),
        (f"you really miss your {f}", "emotion_label"), (f"of course you're worried about your {f}", "validate"),
        (f"is your {f} someone you'd want here with us?", "offer_choice"), (f"what would your {f} say helps you when it's like this?", "open_question"),
    ])


def sarcasm(rng: random.Random) -> tuple[str, list[str]]:
    b = pick(rng, BELIEFS)
    verb = rng.choice(["is after you", "is watching you", "is reading your thoughts", "is listening in", "is sending you messages",
                       "is following you around", "put a chip in you", "is poisoning your food", "wants you dead"])
    core = rng.choice([
        f"oh sure, {b} {verb}", f"yeah right, {b} {verb}", f"{b} {verb}? of course it is", f"{b} {verb}, sure they are",
        f"of course, {b} {verb}, and I'm the Pope", f"right, and {b} {verb} too, I suppose", f"uh huh, {b}, whatever you say",
        f"mm-hm, {b} {verb}, if you say so", f"oh absolutely, {b} has nothing better to do", f"sure thing, chief, {b} {verb}",
        f"oh yeah, totally, {b} {verb}, and pigs fly", f"{b}? riiight", "of course they are, {n}", "sure you did, pal",
        f"oh I totally believe you, {b} {verb}", "nice story, now let's hear the real one", f"{b}, that's a good one",
        "here we go again with the conspiracy stuff", f"sounds totally legit, {b} {verb}", f"yeah, and I bet {b} {verb} as well",
        f"oh wow, {b}, how exciting for you", "yeah yeah, everyone's out to get you", "sure, sure, the whole world's against you",
        f"of course {b} {verb}, why wouldn't it", f"right, {b}, makes perfect sense", "oh, you poor thing, the whole world hates you",
        "good one, got any more stories", "oh great, another genius plan", "well that's just brilliant, isn't it",
    ])
    return finish(opener(rng) + core, rng), ["insult"]


def sarcasm_contrast(rng: random.Random) -> tuple[str, list[str]]:
    b = pick(rng, BELIEFS)
    return _near(rng, [
        ("of course you're scared, anyone would be", "validate"), ("sure, I can call your sister for you", "offer_help"),
        (f"right, so {b} has been bothering you since Monday", "paraphrase"), ("yeah, that sounds really frightening", "validate"),
        ("of course I'll stay with you", "reassure"), ("sure, take your time", "give_time"), ("right, okay, go on", "encourage"),
        (f"oh, so {b} started after you moved in", "paraphrase"), ("of course you want to go home, it's your home", "validate"),
        ("yeah, I believe you're scared", "validate"), (f"what does {b} want from you, do you think?", "open_question"),
        ("sure, we can sit down if you like", "offer_choice"), ("right, I hear you", "encourage"),
        ("of course it feels real to you, it's happening to you", "validate"), ("absolutely, you can have some water", "offer_help"),
    ])


def worry_limit(rng: random.Random) -> tuple[str, list[str]]:
    action, danger = rng.choice(DANGER)
    worry = rng.choice(["I'm worried", "I'm scared", "I'm nervous", "it worries me", "I'm really concerned", "I'm afraid",
                        "it's making me nervous", "I'd hate for you to get hurt, and"])
    core = rng.choice([
        f"please {action}, {worry} because {danger}", f"{action} for me, {danger} and I don't want you hurt",
        f"I need you to {action}, {danger}", f"could you {action}? {danger} and I don't want you hurt",
        f"I'm worried about you, so please {action}", f"{worry} about you, could you {action}",
        f"can you {action}, {danger} and I'd hate for you to get hurt", f"please {action}, I don't want anyone getting hurt tonight",
        f"I care about you too much to watch you get hurt, please {action}", f"I need you to {action} before you get hurt",
        f"will you {action}? {danger}", f"hey, {danger}, so I need you to {action}",
        f"{danger}, please {action} so you don't get hurt", f"I'm asking you to {action} because I want you safe",
        f"it's making me really nervous, {danger}, can you {action}",
    ])
    return finish(opener(rng) + core, rng), ["set_limit"]


def polite_order(rng: random.Random) -> tuple[str, list[str]]:
    a, ing = pick(rng, ACTIONS), pick(rng, ACTIONS_ING)
    core = rng.choice([
        f"could you {a} for me", f"would you mind {ing}", f"do me a favour and {a}", f"can you {a}, please",
        f"I'm going to need you to {a}", f"if you could just {a}, that'd be great", f"how about you {a}",
        f"why don't you go ahead and {a}", f"would you be able to {a}", f"I'd like you to {a}, please",
        f"I'd appreciate it if you'd {a}", f"mind {ing} for me", f"any chance you could {a}", f"please {a} for me",
        f"I'm asking you nicely to {a}", f"could you maybe {a}", f"when you're ready, {a}", f"go ahead and {a} for me, {{n}}",
        f"will you {a} for me, please", f"I'll need you to {a}", f"would you please {a}", f"if you wouldn't mind, {a}",
    ])
    tail = rng.choice(["", "", "?", ", {n}", ", thanks", ", okay?", " when you get a second"])
    return finish(opener(rng) + core + tail, rng), ["command"]


def order_contrast(rng: random.Random) -> tuple[str, list[str]]:
    return _near(rng, [
        ("would you like to sit down?", "offer_choice"), ("do you want to stay out here or go inside?", "offer_choice"),
        ("would you rather talk here or in the car where it's warm?", "offer_choice"), ("is it okay if I sit down here?", "offer_choice"),
        ("could you tell me what happened?", "open_question"), ("can you help me understand what's going on?", "open_question"),
        ("would you like some water?", "offer_help"), ("can I get you a blanket?", "offer_help"),
        ("would you be open to talking to the crisis team?", "offer_help"), ("take your time, there's no rush", "give_time"),
        ("could you walk me through tonight?", "open_question"), ("would it help if I turned the lights off?", "offer_choice"),
        ("it's up to you where we sit", "offer_choice"), ("do you mind if I call you Dee?", "offer_choice"),
    ])


def hard_order(rng: random.Random) -> tuple[str, list[str]]:
    a = pick(rng, ACTIONS)
    return finish(rng.choice([f"{a} now", f"{a}, right now", f"I said {a}", f"{a}. Do it now", f"{a} immediately", f"{{n}}, {a} now!"]), rng), ["command"]


def affirm(rng: random.Random) -> tuple[str, list[str]]:
    e, r, s = pick(rng, EFFORTS), pick(rng, ROLES), pick(rng, STRENGTHS)
    core = rng.choice([
        f"you {e}, that takes real strength", f"you've {e}, that says a lot about you", f"I respect that you {e}",
        f"most people couldn't have {e}", "thank you for being so honest with me", f"you're obviously a {s} person",
        f"I can tell you're a good {r}", f"you're a {s} {r}, anyone can see it", f"you clearly love your {pick(rng, FAMILY)}",
        f"you did the right thing, you {e}", f"that was a brave thing to do, you {e}", "you're stronger than you think",
        "you've been really patient with me tonight", "thanks for sticking with me, I know this is hard",
        "you're someone who looks out for people, I can see that", f"your {pick(rng, FAMILY)} are lucky to have you",
        f"you made a good call when you {e}", "you've worked so hard to get where you are", f"that's impressive, you {e}",
        "you kept your head tonight, {n}", "you've survived a lot, you're still here", f"well done for {pick(rng, ['calling us', 'waiting', 'telling me', 'putting it down', 'staying calm'])}",
        f"I admire how you {e}", "you're doing a really good job talking to me", f"it took guts to {rng.choice(['tell me that', 'come down', 'ask for help', 'call us'])}",
        "you served your country and you looked after your unit", "you're a fighter, {n}", "that shows real character",
    ])
    return finish(opener(rng) + core, rng), ["affirm"]


def affirm_contrast(rng: random.Random) -> tuple[str, list[str]]:
    return _near(rng, [
        ("you're safe here with me", "reassure"), ("you're not in any trouble", "reassure"), ("you're doing okay, I'm right here", "reassure"),
        ("that must have been really hard", "emotion_label"), ("anyone would be exhausted after a week like that", "validate"),
        ("you sound worn out", "emotion_label"), ("so you've been looking after your dad on your own", "paraphrase"),
        ("what helped you stay sober all that time?", "open_question"), ("it makes sense you're proud of your kids", "validate"),
        ("you're a grown man, act like it", "insult"), ("you're smart enough to know this is stupid", "insult"),
    ])


def cant_see(rng: random.Random) -> tuple[str, list[str]]:
    b = pick(rng, BELIEFS)
    core = rng.choice([
        f"I don't see {b}, but I believe you're scared", "I can't hear it myself, but I believe it's real to you",
        f"I haven't seen {b}, but I can tell how frightened you are", "I'm not seeing it from here, but I believe you",
        "honestly, I don't see anything there, but I can see it's scaring you", f"I can't say I see {b}, but I believe this is awful for you",
        "I don't hear the voices, and I believe you that they're terrifying", f"I won't pretend I can see {b}, but I believe you're frightened",
        "I don't see them, I'm being honest with you, but you look terrified and that matters to me",
        "it's not something I can see, but I can tell it's real for you", f"I didn't notice {b}, but I believe it feels really scary",
    ])
    return finish(opener(rng) + core, rng), ["validate"]


def argue_delusion(rng: random.Random) -> tuple[str, list[str]]:
    b = pick(rng, BELIEFS)
    core = rng.choice([
        f"{b} isn't after you, that's just not true", "there's nothing there, {n}, you're seeing things", f"come on, {b} doesn't care about you",
        "that's not real, it's your mind playing tricks", "nobody is watching you, I promise, it's in your head", "there's no chip in your neck",
        f"{b} can't read your thoughts, that's impossible", f"you're not making any sense, {b} is just {b}", "it's all in your head, you have to see that",
    ])
    return finish(opener(rng) + core, rng), ["argue"]


def paraphrase_spoken(rng: random.Random) -> tuple[str, list[str]]:
    """Content reflections as a recogniser or a hurried officer says them: verbless, listing what the person told."""
    return _near(rng, [
        ("three nights without sleep, the voices loud the whole time", "paraphrase"),
        ("your heart pounding, sweating through your shirt, that's a lot going on in your body", "paraphrase"),
        ("the landlord, the eviction notice, then your car towed, all in one week", "paraphrase"),
        ("so the van outside every night since Tuesday", "paraphrase"), ("no food since yesterday and the pills on top of that", "paraphrase"),
        ("chest tight, hands shaking, that's your body telling you something", "paraphrase"),
        ("the shouting upstairs, the banging on the wall, and now the police at your door", "paraphrase"),
        ("so you and your brother had words and he left", "paraphrase"), ("you've been up here since the sun went down", "paraphrase"),
        ("the job gone and the rent due on Friday", "paraphrase"), ("so it started with the phone call from the hospital", "paraphrase"),
        ("so the meds ran out last week and since then it's been getting louder", "paraphrase"),
        ("you came out to get some air and then the neighbours called us", "paraphrase"),
        ("your daughter not picking up, and you thinking the worst", "paraphrase"),
        ("the smoke, the noise, people grabbing at you, and you just wanted out", "paraphrase"),
    ])


def next_move(rng: random.Random) -> tuple[str, list[str]]:
    return _near(rng, [
        ("I'm going to take a couple of steps back", "reassure"), ("I'll stay right over here by the car", "reassure"),
        ("I'm putting my torch away so it's not in your eyes", "reassure"), ("I'm going to crouch down so I'm not standing over you", "reassure"),
        ("I'm turning the lights off on the car", "reassure"), ("I'll keep my hands where you can see them", "reassure"),
        ("I'm going to give you a minute to think", "give_time"), ("I'll wait right here as long as you need", "give_time"),
        ("I'm just going to be quiet for a bit and let you breathe", "give_time"), ("I'm in no rush, I'll wait", "give_time"),
        ("I'm going to sit on the step here with you", "reassure"), ("I'm asking my partner to wait by the van", "reassure"),
    ])


def normalising(rng: random.Random) -> tuple[str, list[str]]:
    """Saying the feeling is common and understandable (validate) beside brushing it off as common (dismiss)."""
    return _near(rng, [
        ("you're not the only one who's felt like this", "validate"), ("a lot of people in your spot would feel exactly the same", "validate"),
        ("plenty of folks I meet say the same thing after a loss like that", "validate"),
        ("that's a really common reaction when something this big happens", "validate"),
        ("lots of people who've been through a fire describe it just like that", "validate"),
        ("you're far from the first person to feel that way, and it makes sense", "validate"),
        ("people who've served often tell me the nights are the worst", "validate"),
        ("everybody goes through this, you'll get over it", "dismiss"), ("we all have days like this, shake it off", "dismiss"),
        ("it happens to everybody, it's no big deal", "dismiss"), ("you're not the first person to get dumped, move on", "dismiss"),
    ])


def small_talk(rng: random.Random) -> tuple[str, list[str]]:
    """Radio, logistics and talk to nobody in particular: `other`, never an order."""
    return _near(rng, [
        ("Dispatch, we're on scene at the corner of Fifth and Elm", "other"), ("hang on, that's my radio", "other"),
        ("bear with me a second, my sergeant's calling", "other"), ("control, show us out with one male, all calm", "other"),
        ("I think this is the right building, number forty two", "other"), ("hold on, let me find my notebook", "other"),
        ("looks like the rain's stopping", "other"), ("the bus stop's just over there", "other"),
        ("my shift started at six this morning", "other"), ("is that your car with the lights on", "other"),
        ("one second, my partner needs something", "other"), ("copy that, we'll be a while here", "other"),
        ("that's a nice dog", "other"), ("it's getting dark early these days", "other"),
    ])


GENERATORS: dict[str, tuple] = {
    # category: (generator, count)
    "guilt_lever": (guilt, 170), "guilt_contrast": (guilt_contrast, 90),
    "sarcasm": (sarcasm, 170), "sarcasm_contrast": (sarcasm_contrast, 90),
    "worry_with_limit": (worry_limit, 170), "polite_order": (polite_order, 170), "order_contrast": (order_contrast, 80),
    "barked_order": (hard_order, 40), "affirm": (affirm, 170), "affirm_contrast": (affirm_contrast, 60),
    "cant_see_but_believe": (cant_see, 90), "argue_delusion": (argue_delusion, 50), "paraphrase_spoken": (paraphrase_spoken, 80),
    "own_next_move": (next_move, 70), "normalising": (normalising, 70), "small_talk": (small_talk, 60),
}
FILLERS = ["it's been a long shift", "the traffic's backed up all the way to the bridge", "my radio's been going all night",
           "I used to live round the corner from here", "the paramedics are just parked up", "it's starting to drizzle",
           "okay", "alright then", "so yeah", "my sergeant's on the phone", "the neighbours are all out on the street"]
SPOKEN_RUNS = 160
ASKING = re.compile(r"^(?:\w+, )*(?:could|would|can|will|do|does|did|what|how|who|is|are|any chance|mind)\b", re.IGNORECASE)


def compose(seed: int, exclude: set[str]) -> list[dict]:
    """Rows of every generator, alternately typed and recogniser style, no duplicates; then long spoken runs."""
    rng = random.Random(seed)
    rows: list[dict] = []
    seen = set(exclude)
    for category, (gen, count) in GENERATORS.items():
        made = tries = 0
        while made < count and tries < count * 20:
            tries += 1
            text, labels = gen(rng)
            style = "recognizer" if made % 2 else "typed"
            shown = recognised(text, rng, 0.3) if style == "recognizer" else (text if text[-1] in ".?!" else text + ("?" if ASKING.match(text) else "."))
            k = key(shown)
            if not k or k in seen:
                continue
            seen.add(k)
            rows.append(row(shown, labels, style, category, softened=category == "polite_order"))
            made += 1
    # Spoken runs: two or three moves of the above between fillers, no punctuation, labelled by the convention.
    movers = [g for c, (g, _) in GENERATORS.items() if c not in ("barked_order",)]
    made = 0
    while made < SPOKEN_RUNS:
        parts = [rng.choice(movers)(rng) for _ in range(rng.choice((2, 2, 3)))]
        for _ in range(rng.choice((1, 1, 2))):
            parts.insert(rng.randrange(len(parts) + 1), (rng.choice(FILLERS), []))
        labels = list(dict.fromkeys(t for _, ls in parts for t in ls))
        text = " ".join(t for t, _ in parts)
        style = "recognizer" if made % 2 else "typed"
        shown = recognised(text, rng, 0.3) if style == "recognizer" else ". ".join(t.rstrip(".?!") for t, _ in parts) + "."
        if key(shown) in seen:
            continue
        seen.add(key(shown))
        rows.append(row(shown, labels, style, "spoken_run"))
        made += 1
    return rows


def row(text: str, labels: list[str], style: str, category: str, softened: bool = False) -> dict:
    primary = primary_of(labels) if labels else "other"
    out = {"text": text, "primary": primary, "techniques": [primary, *[t for t in labels if t != primary]] if labels else ["other"],
           "style": style, "tags": ["v3"], "category": category}
    if softened:
        out["softened"] = True
    assert set(out["techniques"]) <= set(TECHNIQUES), out
    return out


def main() -> int:
    exclude = set()
    for p in DATA.glob("*.jsonl"):
        if p.stem != "train_v3":
            exclude |= {key(json.loads(line)["text"]) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = compose(seed=303, exclude=exclude)
    (DATA / "train_v3.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"train_v3: {len(rows)} utterances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
