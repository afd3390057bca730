"""Write train_v4.jsonl and aside_v4.jsonl: hand-written turns in several officers' voices (issues #12 and #19).

    python -m simulator.understanding.data.compose_v4

A third way of writing data, unlike compose_v2's template banks and
compose_v3's phrase grammar: every line below was written by hand, one at a
time, in the voice of a particular speaker (a rookie, a rural deputy, a
British constable, a crisis clinician, a paramedic, a sergeant who speaks
English as a second language), about the misreads instructors reported from
skilled play: verbless reflections ("So hot. Can't cool down."), worry said
with or without a limit, the officer's observations about the scene,
affirmations, guilt levers next to real questions about reasons to live,
sarcasm next to honest agreement, threats dressed as choices next to real
choices, and roadblocks. Each line is kept as typed and also as a recogniser
would return it (lower case, no punctuation, a filler or two, sometimes a
word misheard).

Lines are split by position, not at random: every third line of each group
goes to ``aside_v4.jsonl``, which is never trained on and only measures
(tests/understanding/test_v4_aside.py); the rest go to ``train_v4.jsonl``.
Nothing here was taken from the held-out sets in tests/fixtures/heldout/,
which were not read for it.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from simulator.understanding.data import write_jsonl
from simulator.understanding.data.compose_v2 import key, recognised
from simulator.vocabulary import TECHNIQUES, primary_of

DATA = Path(__file__).resolve().parent
# Leading fillers: not "uh" or "um", which alone are `other` and should stay so.
FILLERS = ("so", "okay", "like", "you know", "alright", "hey", "look", "listen", "well", "yeah")

# Each group: a category, then lines "labels | text", the labels space-separated (any order; the primary is the convention's).
GROUPS: dict[str, str] = {
    # Verbless or subjectless reflections: the person's own words handed back, not an order and not a statement of fact.
    "fragment_reflection": """
paraphrase | So hot. Can't cool down.
paraphrase | Can't sleep. Can't eat. Just pacing all night.
paraphrase | Three days without sleep.
paraphrase | No money, no car, and now no place to stay.
paraphrase | Too many people looking at you.
paraphrase | The lights, the noise, all of it at once.
paraphrase | Burning up inside.
paraphrase | Can't get away from the voices.
paraphrase | Up on the roof since this morning.
paraphrase | Your sister, then the job, then the house.
paraphrase | Hot and can't breathe right.
paraphrase | Can't think straight with all this going on.
paraphrase | Heart pounding, can't slow it down.
paraphrase | Cameras everywhere you go.
paraphrase | Can't cool off no matter what.
paraphrase | Nowhere to go tonight.
paraphrase | Kicked out by your mum this afternoon.
paraphrase | Can't stop shaking.
paraphrase | Sweating and can't stop.
paraphrase | Too hot in here for you.
paraphrase | The neighbours, the cops, everybody on your back.
paraphrase | Been walking since the bus station.
paraphrase | Sixteen hours on your feet.
paraphrase | Can't find your meds.
paraphrase | No one picking up the phone.
emotion_label | Scared. Really scared of them.
emotion_label | Pretty worn out by all this, huh.
emotion_label | Angry at the whole world right now.
paraphrase | Lost your keys and your phone, and nobody will let you in.
paraphrase | Can't get comfortable, can't sit still.
paraphrase | Four nights, no sleep.
paraphrase | Can't catch your breath.
paraphrase | So thirsty, and the water tastes wrong.
paraphrase | Nobody listening, nobody believing you.
paraphrase | Stuck in this flat with the heat and the noise.
paraphrase | Can't stop the thoughts.
paraphrase | Too many voices at once.
paraphrase | Out here since midnight with nowhere to go.
paraphrase | No phone, no wallet, no idea how you got here.
""",
    # Concern said plainly, with no limit: care, not an order.
    "worry_statement": """
reassure | I'm worried about you.
reassure | Honestly, I'm a bit worried about you tonight.
reassure | I'm concerned about you, that's why I'm here.
reassure | It worries me seeing you like this.
paraphrase reassure | You can't cool down, and that worries me.
paraphrase reassure | You haven't slept in days and that scares me a little.
paraphrase reassure | You're not eating and I'm worried about that.
reassure | I'm worried for you, man.
reassure | I'll be straight with you, I'm concerned.
emotion_label reassure | You look really overheated and that worries me.
reassure | I worry about you being out here on your own.
reassure | That cut on your hand worries me.
paraphrase reassure | You said you can't breathe properly, and that concerns me.
reassure | I'm scared for you, to be honest.
reassure | It bothers me that you're out here alone in this heat.
reassure | I care what happens to you, and I'm worried.
emotion_label reassure | You seem really shaky and I'm worried about you.
reassure | My worry is that you're going to get sick out here.
reassure | I'm worried you might pass out.
reassure | I've got to be honest, you've got me worried.
paraphrase reassure | You can't cool down and it's got me a little concerned.
reassure | I'm a little concerned about how hot you are.
reassure | Honestly, you've got me a bit worried.
reassure | I worry when you go quiet like that.
paraphrase reassure | You said your chest hurts, and that worries me.
reassure | I'm concerned about you, mate, that's all.
reassure | Seeing you this shaky scares me a bit.
reassure | It bothers me that you haven't eaten.
""",
    # Concern with a limit attached: a limit with its reason.
    "worry_with_limit": """
set_limit | I'm worried you'll fall, so I need you to step back from the edge.
set_limit | It worries me, you holding that knife. Could you set it on the table so we can talk?
set_limit | I'm concerned you'll get hurt, so please stay off the road.
set_limit | I need you to sit down for me, I'm worried you're going to pass out.
set_limit | Please don't climb the fence, I'm scared you'll get hurt.
set_limit | You're really hot and that worries me, so I'd like you to sit in the shade.
set_limit | I'm worried about the glass, so please put your shoes on before you walk over here.
set_limit | Can you put the lighter down? I'm worried someone's going to get burned.
set_limit | I'm concerned for your safety, so I need you to stay on the sidewalk.
set_limit | Honestly it scares me when you wave that around, I need you to put it down.
set_limit | Please come away from the tracks, I don't want you getting hurt.
set_limit | I'm worried about you, so I'm asking you to keep your hands where I can see them while we talk.
set_limit | Stay on this side of the car please, I'm worried you'll get hit by traffic.
set_limit | It makes me nervous with the bat in your hand, could you lean it against the wall?
set_limit | I'm really worried you're overheating, I need you to drink some of this water.
set_limit | Let's keep the door open, I'm worried about you being in there alone.
set_limit | Right, I'm a bit concerned about that glass, could you pop it on the side for me?
set_limit | Sir, you're making me nervous near that road, can we step onto the grass?
set_limit | I'd feel a whole lot better if you'd set that hammer down.
set_limit | It scares me seeing you that close to the edge. Come back towards me a bit.
set_limit | Ma'am, you're worrying me, I'd like you to sit down before you fall.
set_limit | I'm nervous about the lighter, go ahead and put it in your pocket.
set_limit | Mate, that's got me worried, can you get down off the wall?
set_limit | I'd be less worried if you kept your hands out of your jacket.
set_limit | I'm getting nervous with you pacing by the tracks, can you come stand over here?
""",
    # The officer's observations about the scene: small talk that notices, never a brush-off (the dev split's
    # "man it's cold out here" is `other`); with a reason the reaction makes sense, a validation.
    "scene_observation": """
other | It's really hot in here.
other | Man, it's stuffy in this room.
other | It's loud out here with all the traffic.
other | There's a lot going on around us right now.
other | These lights are really bright.
other | It's freezing out here tonight.
other | It's pretty crowded in this hallway.
other | That sun is brutal today.
other | There are a lot of people watching, huh.
other | That alarm is really loud.
other | It's hot as anything in this kitchen.
other | It's so noisy here, I can barely hear myself.
other | It's boiling in this flat.
validate | It's cold, and you've been out here a long time.
other | That siren is a lot, isn't it.
validate | It's hot in here, no wonder you're sweating.
other | It smells like smoke in here.
other | It's really dark down here.
other | It's roasting in this car.
other | It's muggy out tonight, huh.
other | Those lights are really harsh.
other | It's packed in this corridor.
other | Jeez, it's hot out here.
other | It's so loud with the generator going.
other | The bus is running late tonight.
other | There's a game on at the stadium.
""",
    # Naming a real strength, effort or value of the person.
    "affirmation": """
affirm | You're a good man.
affirm | You did the right thing calling us.
affirm | You did the right thing calling.
affirm | That was smart, getting out of the house when you did.
affirm | You're a good mother, I can see that.
affirm | You clearly love that dog.
affirm | Coming out here to talk to me took guts.
affirm | You've looked after your brother for years, that's not nothing.
affirm | You're a fighter, you've made it through a lot.
affirm | Thanks for being straight with me.
affirm | I respect that you told me about the pills.
affirm | You kept your kids safe tonight.
affirm | You're a decent person, anyone can see it.
affirm | Calling your sister was the right move.
affirm | You've done really well to hold on this long.
affirm | You're a good friend to him.
affirm | That's a lot of strength right there.
affirm | You did good, putting the knife down.
affirm | You're a good dad, you know that?
affirm | You're a hard worker, that's obvious.
affirm | You were right to walk away from that fight.
affirm | You've been really patient with me.
affirm | You care a lot about your family, that's clear.
affirm | Good on you for asking for help.
affirm | It took a lot for you to open the door to me.
affirm | You're no quitter, I can see that.
affirm | That's what a good dad does, he looks out for his kids.
affirm | Honestly, ringing us was the smart thing to do.
affirm | You've got a big heart, the way you talk about your nan.
affirm | You kept your head when it counted.
affirm | Fair play to you for staying put.
affirm | Not everyone would own up to that.
affirm | You're a tough one, you've come through a lot.
""",
    # Guilt levers and reasons-to-live lectures: argue.
    "guilt_lever": """
argue | Think of your kids.
argue | Think about your mother.
argue | What would your daughter do without you?
argue | You've got so much to live for.
argue | Your kids need their dad.
argue | Don't do this to your family.
argue | How do you think your wife would feel?
argue | Your mum would be heartbroken.
argue | You've got your whole life ahead of you.
argue | Think about who'd find you.
argue | You don't want your boy growing up without a father.
argue | Your family would never get over it.
argue | Think about your grandkids, man.
argue | What about your little girl?
argue | You owe it to your children to keep going.
argue | There's people out there who'd give anything for your life.
argue | Your parents didn't raise you to give up.
argue | Think how your brother would take it.
argue | Your dog needs you, you know.
argue | You've got everything going for you.
argue | Your girls need their mum around.
argue | Is this what you want your son to see?
argue | You're better than this, think of your family.
argue | Everybody loves you, don't you know that?
argue | Killing yourself won't fix a thing.
argue | Your wife's already been through enough.
argue | You've got too much going on in your life to throw it away.
argue | Imagine your mum getting that phone call.
""",
    # Asking about reasons to live, and about the people in their life: an open question, not a lever.
    "reasons_to_live_question": """
open_question | What's kept you going up to now?
open_question | Who are you living for these days?
open_question | What keeps you going on the bad days?
open_question | Tell me about your kids.
open_question | Who's the most important person in your life?
open_question | What's helped you get through times like this before?
open_question | What are you looking forward to, if anything?
open_question | Who would you want to talk to right now?
open_question | What matters most to you?
open_question | Tell me about your daughter, what's she like?
open_question | How are things with your family?
open_question | What's one thing that's still good in your life?
open_question | Who in your life has your back?
open_question | What's stopped you from doing it so far?
open_question | What's made you hang on?
""",
    # Sarcasm and mock agreement: insult.
    "sarcasm": """
insult | Yeah, sure, the cameras are everywhere.
insult | Oh right, and the neighbours are in on it too.
insult | Sure they are, buddy.
insult | Uh huh, the microwave is reading your mind.
insult | Of course, the FBI cares about you.
insult | Right, and I'm the king of England.
insult | Oh yeah, totally, aliens.
insult | Sure, pal, whatever you say.
insult | Wow, what a story.
insult | Okay, genius, the government bugged your toaster.
insult | Yeah, the drones are following you, I bet.
insult | Oh, of course, everyone's out to get you.
insult | Riiight, the TV talks to you.
insult | Sure, and the moon is made of cheese.
insult | Yeah yeah, you're the victim here.
insult | Great, another conspiracy.
insult | Mhm, and the pigeons are spies as well.
insult | Yeah, real believable, pal.
insult | Oh, naturally, the whole street's in on it.
insult | Sure, sure, the lamp post is listening.
insult | Wow, that's a new one.
insult | Okay, Sherlock, who's following you this time?
insult | Oh yes, because that makes perfect sense.
""",
    # Honest agreement and reflection beside the sarcasm.
    "honest_agreement": """
paraphrase | So you believe the cameras are everywhere.
validate | Of course you're scared, anyone would be.
validate | Yeah, that sounds terrifying.
paraphrase | Right, so the neighbours have been watching you.
encourage | Sure, go on, I'm listening.
emotion_label | You sound really frightened of the drones.
validate | Yeah, I'd be on edge too if I thought someone was following me.
open_question | Okay, tell me more about the cameras.
validate | That makes sense, given what you've been through.
paraphrase | So the voices have been telling you things all night.
""",
    # Threats phrased as a choice: threaten.
    "threat_as_choice": """
threaten | You can come with me or go in cuffs, your choice.
threaten | Easy way or the hard way, up to you.
threaten | Either you put it down or I put you down.
threaten | Your call: walk to the car or get dragged.
threaten | Hospital or jail, you pick.
threaten | You can talk to me now or talk to a judge tomorrow.
threaten | Drop it, or we'll tase you. It's your decision.
threaten | You decide: sit down or I make you sit down.
threaten | We can do this nicely or not, it's on you.
threaten | Come out now, or we come in and get you.
threaten | You choose, either cooperate or spend the night in a cell.
threaten | Up to you whether this ends with handcuffs.
threaten | Get in the ambulance or get arrested, pick one.
threaten | Either you calm down or you're going to jail.
threaten | Your choice, sunshine: walk to the van or get carried.
threaten | Two options, the ambulance or the back of my car in cuffs.
threaten | It can go nice and easy or it can go the other way.
threaten | Come out, or we send the dog in. Up to you.
threaten | Either you drop it or this ends badly for you.
threaten | You can sit down yourself, or I'll sit you down.
threaten | Make it easy on yourself, mate, hands behind your back.
""",
    # Real choices beside the threats.
    "real_choice": """
offer_choice | Would you rather sit in the shade or in the car with the air on?
offer_choice | We can talk here or inside, whatever you prefer.
offer_choice | You can call your sister, or I can, it's up to you.
offer_choice | Do you want water or juice?
offer_choice | Would it help to sit down, or would you rather stand?
offer_choice | Your call, we can wait here a bit longer or head to the clinic now.
offer_choice | You pick where we sit.
offer_choice | Would you like me to stay, or would you rather I step outside?
""",
    # Roadblocks: minimising, cheering up, changing the subject: dismiss.
    "roadblock": """
dismiss | Cheer up, it's not that bad.
dismiss | You'll feel better in the morning.
dismiss | It's just the drugs talking, you'll be fine.
dismiss | At least nobody got hurt.
dismiss | Everything happens for a reason.
dismiss | Could be a lot worse, mate.
dismiss | Let's not dwell on that.
dismiss | You just need a good night's sleep.
dismiss | It's only a job, you'll get another.
dismiss | Lots of people go through breakups.
dismiss | I know exactly how you feel.
dismiss | You're fine, it's just a bit of heat.
dismiss | It's not the end of the world.
dismiss | Toughen up, you'll get through it.
dismiss | Don't be so dramatic.
dismiss | You'll laugh about this one day.
dismiss | It's all in the past now, forget about it.
dismiss | Look on the bright side.
dismiss | Don't stress about it, honestly.
dismiss | Just put it out of your mind.
dismiss | You're overreacting a little, aren't you?
dismiss | Try and think about something nice instead.
dismiss | Meh, it'll blow over.
dismiss | We've all been there, you'll get past it.
dismiss | Come on, it could always be worse.
dismiss | If I were you I'd just go home and sleep.
""",
    # Words like "calm", "cool", "relax" in a turn that orders nothing.
    "calm_word_not_order": """
paraphrase | You can't calm down, no matter what you try.
paraphrase | You've been trying to cool off for hours.
emotion_label | Sounds like it's hard to relax with all these people around.
paraphrase | Nothing's helping you cool down.
offer_help | Let's find you somewhere cooler where you can calm down.
offer_help | I can get you some water to help you cool off.
open_question | What usually helps you calm down?
open_question | What would help you cool down right now?
paraphrase | You said the shower used to help you cool down.
validate | It makes sense you can't relax after all that.
command | Calm down right now.
command | You need to cool it.
command | Relax!
command | Cool down, man.
""",
}

# Lines first tried out on the reader while its rules were being written (issue #19): they shaped the rules, so they
# are trained on and never set aside, where they would flatter the measurement.
SEEN: dict[str, str] = {
    "worry_with_limit": """
set_limit | put the knife down i'm worried about you
set_limit | I'm worried, can you put the bottle down for me
set_limit | hey i'm really worried can you just step away from the railing
set_limit | Would you mind moving back from the edge? You're making me nervous.
set_limit | I'd feel a lot better if you put that down.
set_limit | I'd feel better if you sat down, you look faint.
set_limit | Please get off the ledge, I care about you.
set_limit | I'm scared for you. Please come down.
set_limit | Come away from the window, you're scaring me.
set_limit | Drop the knife, I'm worried.
set_limit | Put it down, it makes me worried.
set_limit | You're worrying me, can you stop pacing near the road?
set_limit | My concern is your safety, so please stay where you are.
set_limit | it worries me that you're so close to the edge can you come back a bit
set_limit | I get nervous when you're that close to the water, come back this way.
open_question | I'd feel better if you told me what happened.
""",
    "affirmation": """
affirm | you're no quitter
affirm | You're one tough cookie.
affirm | Takes a strong person to admit that.
affirm | it takes a real man to ask for help
affirm | You held on this long, that's huge.
affirm | you stood up for your sister that's what a good brother does
affirm | you know what, you're a stubborn one, and that's kept you alive
affirm | you got your family out of the house, that was quick thinking
affirm | not a lot of guys would have the guts to say that
affirm | What you did for your friend was really kind.
affirm | you did right by calling us
affirm | I can see you love your kids.
affirm | you're a smart kid
reassure | You're not a bad person.
""",
    "guilt_lever": """
argue | Is this how you want your daughter to remember you?
argue | so many people love you man
argue | People love you, you know.
argue | things will get better, you're young
argue | Is this fair on your wife?
argue | your mom already lost your dad
argue | life's worth living, trust me
argue | suicide is selfish
argue | Who's going to walk your daughter down the aisle?
argue | Think about Christmas with the grandkids.
open_question | is there anything that makes life worth living for you right now
open_question | who would you miss the most
""",
    "sarcasm": """
insult | Yeah, because that makes sense.
insult | Nice. Real nice.
insult | Cool story bro.
insult | Oh well that explains everything.
insult | I'm sure the aliens will be thrilled.
insult | Sure, blame the voices.
""",
    "roadblock": """
dismiss | Let's talk about something happier.
dismiss | You should just go to bed and sleep it off.
dismiss | It's not as bad as you think.
dismiss | Everyone feels like that sometimes.
dismiss | If I were you I'd just forget about her.
dismiss | it is what it is man
dismiss | Things could always be worse.
dismiss | All you need is some rest.
dismiss | stop feeling sorry for yourself
""",
    "threat_as_choice": """
threaten | Either way you're leaving with us, how is up to you.
threaten | Make it easy on yourself and come quietly.
threaten | I'm giving you a choice: cooperate or face the consequences.
threaten | How this ends is up to you.
threaten | either you talk to me or you talk to the swat team
""",
    # Yes/no questions about what the person sees, hears or feels: they ask about the person's world (an open
    # question by the contract), unlike small talk about the scene, which stays `other`.
    "perceived_world_question": """
open_question | Is the man in the car still watching you right now?
open_question | Are the voices there with you at the moment?
open_question | Is the buzzing in your head going on now?
open_question | Can you still hear them talking to you?
open_question | Is the camera you mentioned somewhere near us now?
open_question | Are they following you tonight too?
open_question | Is the chip you told me about hurting you at the moment?
open_question | Does the helicopter come around every night?
open_question | Is the signal stronger when you're inside?
open_question | Are the people in the walls talking right now?
open_question | Is your neighbour's drone up there at the moment?
open_question | Do the messages come through the radio or the phone?
open_question | Is the noise in your ears worse out here?
open_question | Are the lights still flashing for you?
open_question | Is the stuff in your arm bothering you right now, Kev?
open_question | is the tracker still on you do you think
other | Is that your truck parked over there?
other | Are those the new Jordans?
other | Is it always this windy up here?
other | Was that thunder just now?
other | Is that a Packers jersey?
other | Do they still sell coffee at that gas station?
""",
}

PERSONAS_TAIL = ("", "", "", " man", " buddy", " mate", " ma'am", " sir", " my friend")


def spoken(text: str, rng: random.Random) -> str:
    """``text`` as a recogniser returns a spoken turn: lower case, no punctuation, maybe a filler, maybe a word misheard."""
    out = recognised(text, rng, mishear=0.2)
    words = out.split()
    if words and rng.random() < 0.4:
        words.insert(0, rng.choice(FILLERS))
    if len(words) > 4 and rng.random() < 0.2:
        words.insert(rng.randrange(2, len(words) - 1), rng.choice(("uh", "um", "like", "you know")))
    return " ".join(words)


def labelled(category: str, line: str) -> tuple[str, list[str], str]:
    """A bank line "techniques | text" as (primary, techniques primary first, text); an unknown id stops the build."""
    labels_part, text = (part.strip() for part in line.split("|", 1))
    labels = labels_part.split()
    unknown = set(labels) - set(TECHNIQUES)
    if unknown:
        raise SystemExit(f"{category}: unknown technique {sorted(unknown)} in {line!r}")
    primary = primary_of(labels)
    return primary, [primary, *[t for t in labels if t != primary]], text


def rows() -> tuple[list[dict], list[dict]]:
    """The training rows and the aside rows: every third line of each group is set aside, in both its shapes."""
    rng = random.Random(419)
    train: list[dict] = []
    aside: list[dict] = []
    # A line another author already wrote ("look on the bright side") is trained on, never set aside.
    elsewhere = {key(json.loads(line)["text"]) for path in sorted(DATA.glob("train*.jsonl")) if path.stem != "train_v4"
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    for category, block, seen in [*((c, b, False) for c, b in GROUPS.items()), *((c, b, True) for c, b in SEEN.items())]:
        lines = [line for line in block.strip().splitlines() if line.strip()]
        for number, line in enumerate(lines):
            primary, techniques, text = labelled(category, line)
            target = aside if number % 3 == 2 and not seen and key(text) not in elsewhere else train
            base = {"primary": primary, "techniques": techniques, "tags": ["v4"], "category": category}
            target.append({"text": text, **base, "style": "typed"})
            said = spoken(text, rng)
            if rng.random() < 0.3:
                said += rng.choice(PERSONAS_TAIL)
            target.append({"text": re.sub(r"\s+", " ", said).strip(), **base, "style": "recognizer"})
    return train, aside


def main() -> int:
    train, aside = rows()
    for name, part in (("train_v4", train), ("aside_v4", aside)):
        write_jsonl(DATA / f"{name}.jsonl", part)
    print(f"wrote {len(train)} training rows and {len(aside)} aside rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
