"""Write train_v5.jsonl: hand-written turns for the misreads of issue 12 that survived version 4.

    python -m simulator.understanding.data.compose_v5

Every line below was written by hand for this file, one at a time, about the
general shapes instructors reported, not about any sentence of a dev or
held-out set: worry that comes with a limit and the harm it prevents ("stop
that, you're going to hurt your hand"); caring and commitment said with a
directive verb in it ("let me stay with you", "I'll keep you company"), which
orders nothing; affirmations that mention the person's family (praise, not a
guilt lever); guilt levers and reasons-to-live lectures, next to real
questions about what keeps the person going; sarcasm and mock agreement next
to honest agreement; threats dressed as a choice next to real choices;
roadblocks; the officer's own next move; bare and softened orders, so that
real commands stay commands. Each line is kept as typed and as a recogniser
would return it (lower case, no punctuation, a filler, sometimes a word
misheard), so half the rows are in recogniser style.

``overlaps`` counts lines that are near-duplicates of an evaluation line
(same normalised text, or most of their word pairs shared) in dev.jsonl,
dev_v2.jsonl, aside_v4.jsonl and the held-out sets; such a line is dropped and only the count
is printed, never a held-out sentence.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from pathlib import Path

from simulator.understanding.data import write_jsonl
from simulator.understanding.data.compose_v2 import key
from simulator.understanding.data.compose_v4 import PERSONAS_TAIL, labelled, spoken

DATA = Path(__file__).resolve().parent
HELDOUT = DATA.parents[2] / "tests" / "fixtures" / "heldout"
OVERLAP = 0.6  # share of a line's word pairs found in one evaluation line from which the two count as near-duplicates

GROUPS: dict[str, str] = {
    # The harm a limit prevents, said beside it: a limit with its reason, never a bare order or a threat.
    "worry_with_limit": """
set_limit | Hey, stop that, you're going to hurt your hand.
set_limit | Please quit punching the bricks, your knuckles are already bleeding.
set_limit | Keep away from the edge of the platform, I'm frightened you'll slip.
set_limit | Can you stop banging your head on the door? I don't want you knocking yourself out.
set_limit | Stop pulling at the drip, please, you'll tear your arm.
set_limit | I want you off that railing, Marcus, I'm scared for you.
set_limit | Put the lighter down, please, the petrol on your jeans could catch.
set_limit | Would you do me a favour and stop scratching? It's starting to bleed and it's worrying me.
set_limit | Don't walk on the glass in bare feet, you're cutting yourself.
set_limit | Please stop hitting the wall with your fist, I don't want you breaking anything.
set_limit | Try not to rub your eye, you'll make it worse.
set_limit | Sit down on the kerb for me, you're swaying and I'm afraid you'll fall into the road.
set_limit | Please don't drink the rest of that bottle, I'm worried it'll knock you out.
set_limit | Stop biting your arm, honey, you're hurting yourself and I care about you.
set_limit | Move back from the heater, please, your sleeve is getting too close.
set_limit | Hold the rail with both hands, I'm scared you'll lose your footing.
set_limit | Leave the dressing on, please, I don't want that wound getting infected.
set_limit | Quit slamming your head, mate, I'd hate for you to end up concussed.
set_limit | Please step back from the tracks, a train could come through any time and I'm worried.
set_limit | Stop kicking the cabinet, you're going to break a toe.
set_limit | Please put your shoes back on, the ground's freezing and you'll get frostbite.
set_limit | Let go of the hot pan, you're burning your hand.
set_limit | Could you come away from the window? I'm really nervous you'll lean too far.
set_limit | Please don't stand on the chair, it's wobbly and you could fall.
set_limit | Stop pressing on the cut, you're making it bleed more.
set_limit | Don't pick at the stitches, please, they'll open up again.
set_limit | Please stop hitting your legs, I can see the bruises and it worries me.
set_limit | Put the screwdriver down for me, you're gouging your own wrist.
set_limit | Please get down off the wall, it's wet and I'm afraid you'll slip.
set_limit | Come back under the shelter, please, you're soaked and I'm worried you'll get hypothermia.
set_limit | I need you to stop tugging at the cuffs, they're digging in and I don't want your wrists cut.
set_limit | Stop rocking the chair back like that, you'll crack your head.
set_limit | Please don't climb the fence, the top has wire on it and you'll cut yourself.
set_limit | Keep your hand out of the fire pit, please, I don't want you burned.
set_limit | Put down the broken bottle, please, you're cutting your palm on it.
set_limit | Stop scraping your arm on the wall, you're taking the skin off.
set_limit | Please take your finger off the blade, I'm scared it'll slip.
set_limit | Slow down on the stairs, please, you're going to trip.
set_limit | Don't lean over the balcony like that, I'm terrified you'll go over.
set_limit | Please stop smacking your forehead, you'll give yourself a concussion.
set_limit | Put the hammer down before you hurt your hand, please.
set_limit | Can you stop pulling out your hair, love? It's hurting you and I hate seeing it.
set_limit | Get out of the road, please, the cars can't see you and I'm worried.
set_limit | Come down off the roof of the car, you could slip and break your neck.
set_limit | Please stop throwing yourself against the door, you'll dislocate your shoulder.
set_limit | Don't go any further out on the ice, it won't hold you.
set_limit | Hey, stop, stop, you're bleeding all over your shirt.
set_limit | Please stop hitting yourself, it's scaring me.
set_limit | Quit scratching your face, you're drawing blood and I don't want it getting worse.
set_limit | Stop, please, you're going to hurt yourself on that railing.
reassure | I'm scared you're going to get hurt out here.
reassure | You're bleeding and it worries me.
reassure | It scares me seeing you hit your head like that.
""",
    # Care and commitment, often with a directive verb inside that orders nothing.
    "caring_commitment": """
reassure | Let me stay with you for a while.
reassure | I'll keep you company until the ambulance crew gets here.
reassure | I'm going to stay right by you, okay?
reassure | We'll get through tonight, you and me.
reassure | What happens to you really matters to me.
reassure | You matter, and I'm not going anywhere.
reassure | I'll stick around as long as you need.
reassure | Whatever you decide, I'm staying with you.
reassure | I'm on your side here, Jess.
reassure | I want you to come out of tonight okay, that's all I care about.
reassure | I'll be right beside you the whole way.
reassure | I'm not going to leave you on your own with this.
reassure | I'll wait with you as long as it takes.
reassure | We're going to work this out together.
reassure | I care about what happens to you tonight.
reassure | I'm here for you, not for anything else.
reassure | Let me sit with you for a bit.
reassure | I'll hold on to your bag for you while we talk, if that's okay.
reassure | You're not on your own anymore, I've got you.
reassure | I'm going to keep checking on you, I promise.
reassure | Your life matters to me, it really does.
reassure | I'll stay here and keep you safe.
reassure | Nobody's rushing you and I'm staying put.
reassure | I'd like to get you home safe tonight.
reassure | I'll walk with you to the ambulance if you want.
reassure | I'm staying, whatever you say to me.
reassure | Hey, I've got your back.
reassure | I want to help you get through this.
offer_help | I'll get you a blanket, you look frozen.
offer_help | I'm going to get you some water, hang tight.
offer_help | Let me help you find somewhere warm to sleep tonight.
offer_help | I can get you a ride to the shelter if you want.
reassure | Stay as long as you need, I'm not going anywhere.
""",
    # Praise of a strength, effort or value, often naming family or service: affirm, never a guilt lever.
    "affirmation": """
affirm | You've looked after your mum for years, that takes a lot of love.
affirm | Your daughter's lucky you fight for her like this.
affirm | You got your brother out of that house, that was brave.
affirm | You're clearly a devoted grandad.
affirm | You served your country and you still show up for your mates.
affirm | You've kept your kids fed through all of this, that's no small thing.
affirm | It says a lot that you came out to talk to me.
affirm | You're the reason your family's still together, you know.
affirm | That was a smart call, leaving the knife in the kitchen.
affirm | You've been really brave tonight.
affirm | You're tougher than most people I meet in this job.
affirm | I can see how hard you've worked to stay sober.
affirm | You were right to call us, that was the right thing.
affirm | You know how to keep your head in a crisis, I saw that.
affirm | Your wife told me you're the kindest man she knows, and I can see why.
affirm | You've done everything you could for your son.
affirm | You've stayed sober eleven months, that's huge.
affirm | You're a good listener, you know that?
affirm | Honestly, I respect how honest you've been with me.
affirm | You came back for your dog, that says something about you.
affirm | You protected your little sister tonight.
affirm | You kept going to work every day while all this was happening, that's strength.
affirm | You're a hard worker, anyone can see it.
affirm | It took guts to put the bat down.
affirm | You've been patient with me, and I appreciate it.
affirm | You did well to get yourself to the bus station.
affirm | You look out for the people on this block, that matters.
affirm | Your kids have a dad who loves them, that's clear.
affirm | You're a survivor, you've proved that.
affirm | You held it together for your daughter today.
affirm | You're good with people, I can tell.
affirm | That was really thoughtful, checking on your neighbour.
affirm | Most people wouldn't have had the courage to say that out loud.
affirm | You've got a lot of heart, man.
affirm | You were a medic, you've saved lives, and that's still who you are.
affirm | You handled the paramedics really well.
affirm | You're a strong mum, your kids see that.
affirm | Fair play to you for walking away from that fight.
affirm | You've been so careful with your nan, I can see it.
affirm | You're someone who keeps promises, I can tell.
""",
    # Guilt levers and reasons-to-live lectures: argue, whatever their kind words.
    "guilt_lever": """
argue | Think about your mum getting that phone call.
argue | Your boys need their father, don't do this to them.
argue | How would your wife cope without you?
argue | You've got too much to lose to do something stupid.
argue | What would your daughter think if she saw you now?
argue | Your brothers would carry this for the rest of their lives.
argue | You can't leave your kids like that.
argue | Come on, you've got a great life, don't waste it.
argue | Think how your friends would feel at your funeral.
argue | There's so much out there for you to live for.
argue | Your grandkids need their grandma.
argue | Doing this would destroy your parents.
argue | You're being selfish, think about your family.
argue | People out there have it way worse and they keep going.
argue | Imagine your little girl finding you here.
argue | Your dog would be waiting for you forever.
argue | You don't want your son to grow up without a dad.
argue | Everyone who loves you would be devastated.
argue | It's a permanent fix for a temporary problem.
argue | You owe it to your kids to stay.
argue | Your mum already buried your brother, she can't bury you too.
argue | Think about everything you'd miss, your daughter's wedding, all of it.
argue | God wouldn't want you to do this.
argue | Think about the people who'd have to clean this up.
argue | You're young, your whole life is in front of you.
argue | What kind of message does that send to your kids?
argue | Your husband would be lost without you.
argue | Life's worth living, you'll see.
open_question | What's kept you going this long?
open_question | Who are the people that matter most to you?
open_question | What would your kids say helps you on bad days?
open_question | Is there someone you'd want me to call for you?
open_question | What's something you're looking forward to, even a little?
open_question | Tell me about your daughter.
""",
    # Sarcasm and mock agreement: insult. Honest agreement and honest exploring: not.
    "sarcasm": """
insult | Oh sure, and the postman is in on it too.
insult | Yeah, right, the whole street is bugged.
insult | Of course they are, buddy. Of course they are.
insult | Right, and the TV is sending you secret messages. Got it.
insult | Oh, absolutely, the pigeons work for the government.
insult | Sure, and my partner here is Father Christmas.
insult | Uh huh, and the microwave is reading your mind.
insult | Oh yeah, the neighbours are totally beaming voices into your head.
insult | Great plan, climbing a crane in the rain. Genius.
insult | How convenient, the voices told you to do it.
insult | Oh, of course, the whole world revolves around you.
insult | Right, sure, they put a chip in your tooth. Whatever you say.
insult | Yeah, and the aliens are parked outside, I bet.
insult | Oh totally, the cat is spying on you.
insult | Sure, pal, the CIA cares about your flat.
insult | Wow, brilliant idea, standing in traffic.
insult | Oh yes, I'm sure the mayor is personally after you.
insult | Right, because that makes total sense.
insult | Yeah yeah, everybody's watching you, we know.
insult | Of course, your phone is talking to the fridge.
insult | Oh sure, they're following you in a helicopter. Makes sense.
insult | Nice one, real smart move smashing the window.
insult | Oh I believe you, the lamp post is recording you.
insult | Sure thing, and your landlord is a lizard too.
other | Yeah, sure, I can move the car for you.
reassure | Of course, we can stop for a minute.
validate | Yeah, that would scare anyone.
validate | Right, of course you're upset, anybody would be.
encourage | Sure, go on, I'm listening.
open_question | Okay, and when did you first notice the cameras?
open_question | What do the voices say to you?
validate | I can't hear them, but I believe they're really loud for you.
""",
    # A "choice" between a threat and compliance: threaten. A real choice: offer_choice.
    "threat_as_choice": """
threaten | You can walk to the car or we carry you, up to you.
threaten | Either you hand over the knife, or I take it off you.
threaten | Your choice: hospital tonight or a night in the cells.
threaten | We can do this gently, or we can do it the other way.
threaten | Talk to me now or talk to the judge in the morning.
threaten | Pick one, the ambulance or the back of the van.
threaten | Come down yourself or the fire crew drags you down, your call.
threaten | It's up to you whether you leave in cuffs.
threaten | You decide: open the door or we break it down.
threaten | Simple choice, mate, cooperate or get arrested.
threaten | Either way you're coming with us, so make it easy.
threaten | You can sit in the front with me, or in the back in handcuffs.
threaten | Drop it, or this is going to end badly for you, your choice.
threaten | Two ways this goes: you come quietly, or you get tasered.
threaten | You want the easy way or the hard way?
threaten | Your decision, the detox unit or a charge sheet.
threaten | Either you let the medics look at you, or I'm taking you in.
threaten | Come out with your hands up or the dogs come in, you choose.
threaten | Up to you, buddy, we can talk or I can call the tactical team.
threaten | You can go voluntarily, or I'll section you, which is it?
threaten | Make this easy on yourself or it gets ugly.
threaten | Choose, walk out with me or be dragged out.
offer_choice | Would you rather sit in the car or on the bench while we talk?
offer_choice | You can ride with the paramedics or your sister can drive you, your choice.
offer_choice | It's up to you whether we talk inside or out here.
offer_choice | Do you want the ambulance or would you prefer the crisis team to come here?
offer_choice | We can keep talking on the swings or head to the café, whichever suits you.
offer_choice | Would it help to call your mum first, or would you rather I did?
offer_choice | You get to decide who comes in, me or my partner.
offer_choice | Water or tea, what would you like?
""",
    # Roadblocks: dismiss ("I know exactly how you feel"), and lectures.
    "roadblock": """
dismiss | I know exactly how you feel, I've been there.
dismiss | Trust me, it'll all look better in the morning.
dismiss | Everyone goes through a breakup, you'll be fine.
dismiss | Cheer up, it's not the end of the world.
dismiss | Don't worry about it, it's only a job.
dismiss | Just try to think happy thoughts.
dismiss | You'll laugh about this one day.
dismiss | It's just stress, you'll sleep it off.
argue | You shouldn't feel that way about your dad.
argue | That's the drink talking and you know it.
""",
    # More sarcasm: mock praise, mock sympathy, mock belief without the usual "sure" opener.
    "sarcasm_more": """
insult | Well done, Einstein, that worked out great.
insult | Oh, poor baby, did someone hurt your feelings?
insult | The cameras? Definitely. Every single one of them is pointed at you.
insult | What a tragic story, I'm welling up here.
insult | Oh I'm sure you were just minding your own business.
insult | Wow, you really thought that one through.
insult | Uh huh, and the dog told you to do it.
insult | Yeah, course, the bus driver's a spy.
insult | Sure, mate, and the moon's made of cheese.
insult | Oh, no doubt the government's got nothing better to do than watch you.
insult | Right, the voices. Naturally.
insult | Ha, good one, the radio is talking to you.
insult | Yeah, the fridge has it in for you, I totally believe that.
insult | Absolutely, the ceiling fan is recording you, makes perfect sense.
insult | Oh brilliant, so now it's the neighbour's cat spying on you.
insult | Obviously, the satellites picked you out of everyone.
validate | Honestly, if I thought someone was watching me, I'd be scared too.
open_question | Where do you notice the cameras most?
reassure | Sure, I'll stay right here.
other | Sure, my shift ends at six.
""",
    # More affirmation in everyday words.
    "affirmation_more": """
affirm | You've got a good head on your shoulders.
affirm | Your kids must be really proud of you.
affirm | You obviously care a lot about the people in this building.
affirm | You clearly know your stuff about bikes.
affirm | Thank you for being so straight with me, that helps.
affirm | That's a big step, telling me about the pills.
affirm | You stuck it out in the army for twelve years, you know how to get through hard things.
affirm | You're a good big sister, she's lucky.
affirm | You were honest with me when it would have been easier not to be.
affirm | You've been trying really hard tonight, I can see it.
affirm | It's impressive that you kept your shop going through all that.
affirm | You make good choices when you slow down, like just now.
affirm | You've done the hard part already by talking to me.
affirm | Your grandson talks about you like you hung the moon.
affirm | You're a good dad, Kevin, you really are.
affirm | You put your friend's safety first, that's loyalty.
affirm | You've kept this place spotless even while you've been struggling.
affirm | That took a lot of self control just now.
affirm | You're really good at explaining what's going on in your head.
affirm | You've got real strength, getting out of bed every day through this.
""",
    # A reassurance about what the officer is not here for, and conditional threats beside it.
    "consequence_reassurance": """
reassure | This isn't about arresting anyone tonight.
reassure | Nobody is taking you to jail for this.
reassure | You're not going in handcuffs, I promise.
reassure | I'm not here to lock you up, I'm here because your sister is worried.
reassure | Tonight isn't about getting anybody in trouble.
reassure | You haven't done anything wrong by calling us.
reassure | There's no charge here, nobody's in trouble.
reassure | It's not about punishing you, it's about getting you safe.
threaten | If you run, you're going to be in a lot more trouble.
threaten | If you lie to me again, you'll end up in the back of the car.
threaten | If I have to come up there, you'll be charged.
threaten | If you keep this up, you're spending the night in a cell.
""",
    # Practical help and referrals with "help" in them: offer_help, not only care.
    "help_offer": """
offer_help | I'm here to get you some help tonight, maybe someone from the crisis team.
offer_help | Let me get you connected with somebody who knows about this stuff.
offer_help | I can help you get a bed at the shelter tonight.
offer_help | I can call the mobile crisis team to come and talk with you here.
offer_help | There's a counsellor on call, I can get them on the phone for you.
offer_help | Would it help if I rang the crisis line with you?
offer_help | I can get you a sandwich and some water from the car.
offer_help | We can get someone out to fix your door tonight.
offer_help | The outreach van has sleeping bags, I can call them.
offer_help | I can help you get in touch with the VA in the morning.
""",
    # Real choices said with "either", and small talk: neither is a threat nor an insult.
    "choice_and_small_talk": """
offer_choice | We can walk out now or wait a bit, either way is fine.
offer_choice | Inside or outside, whichever you like.
offer_choice | You can sit or stand, either's fine by me.
offer_choice | Front seat or back seat, whichever feels better.
other | You a Lakers fan?
other | Supposed to rain all weekend.
other | That's a nice bike.
other | Busy night on this street.
other | My kid has the same trainers.
other | The traffic on the bridge was terrible.
other | Those roses out front yours?
other | i think the bus stops running at midnight
""",
    # Mock sympathy and mock understanding: sarcasm wearing the words of validation.
    "mock_validation": """
insult | Oh, that must be so hard for you, being followed by the toaster.
insult | I totally understand, everyone's out to get you, right?
insult | Sure you did.
insult | Riiight, of course.
insult | Oh, I'm sure that's exactly how it happened.
insult | Yeah, that sounds really scary, the big bad neighbour with his wifi.
insult | Poor thing, the whole world is so unfair to you.
insult | Okay, and I'm sure the FBI has nothing better to do tonight.
insult | Makes total sense, the lamp is plotting against you.
insult | Oh wow, they must really think you're important.
insult | Sure, it's always somebody else's fault, isn't it?
insult | Ha, the neighbours again, what a surprise.
insult | Oh I hear you, the microchip made you do it.
insult | Totally, mate, the clouds are following you around.
validate | It makes sense you'd feel watched after everything that happened.
emotion_label | That sounds really frightening for you.
""",
    # Guilt levers asked as questions, and reasons-to-live lectures in everyday words.
    "guilt_question": """
argue | Don't you care about your kids at all?
argue | What about your mother, have you thought about her?
argue | Would your kids want this for you?
argue | Haven't you put your family through enough?
argue | How could you do this to the people who love you?
argue | Who do you think is going to find you?
argue | You've got so much going for you, why throw it all away?
argue | You're too good a person to waste your life like this.
argue | Tomorrow's a new day, things always look better.
argue | Your kids will grow up thinking it's their fault.
argue | Think of your poor wife, for God's sake.
argue | What would your dad say if he could see you?
open_question | Who would you want to talk to right now, if you could talk to anyone?
open_question | What's made it possible to get through the bad nights before?
""",
    # Praise said without the usual words of praise.
    "affirmation_plain": """
affirm | Not many people would have stayed as calm as you did.
affirm | You raised three kids on your own, that's no joke.
affirm | I can tell you're someone people rely on.
affirm | Your neighbours say you're always the first to help.
affirm | You've got a real gift with animals.
affirm | You kept your word, you said you'd put it down and you did.
affirm | You've been carrying a lot for a long time and you're still standing.
affirm | You know your own mind, I respect that.
affirm | You looked after those lads in Helmand, that's who you are.
affirm | You've taught me a thing or two about engines tonight.
""",
    # Mock offers, mock questions and mock perception: sarcasm dressed as help, curiosity or agreement.
    "mock_offer": """
insult | Want me to arrest the toaster while I'm at it?
insult | Should I call the Ghostbusters for you?
insult | Sure, let me just ring the FBI and tell them you're onto them.
insult | Oh yeah, I can hear them too, buddy, loud and clear.
insult | Shall I put out an all points bulletin on your microwave?
insult | Do you want a tinfoil hat to go with that?
insult | Yep, I see the little green men too.
insult | I'll get right on it, officer of the alien patrol reporting for duty.
insult | Maybe we should call NASA, then?
insult | Sure, I'll have the lab test your cornflakes for mind control.
offer_help | Do you want me to check the hallway with you so you can see for yourself?
open_question | What do you hear when the voices start?
""",
    # The officer's own next move, and statements with a directive verb that order nothing.
    "own_next_move": """
reassure | I'm going to step back a bit to give you room.
reassure | I'll put my torch away so it's not in your eyes.
reassure | I'm going to sit down here on the step.
reassure | I'll turn the radio down so we can hear each other.
reassure | I'm going to keep my hands where you can see them.
reassure | I'll stay over here by the door.
reassure | I'm just going to crouch down so I'm not standing over you.
reassure | I'll move my car so the lights aren't flashing at you.
give_time | I'll wait right here until you're ready.
reassure | I'm going to ask my partner to stay back by the gate.
reassure | Let me take a step back, I'm too close.
reassure | I'm going to put my hat down, it's hot.
""",
    # Real orders, barked and softened: they stay commands (so the fixes above take nothing from them).
    "orders_stay_orders": """
command | Put the knife down.
command | Sam, step back from the car.
command | Okay buddy, hands on the wall.
command | Stay right there and don't move.
command | Could you just put that down for me?
command | Would you mind showing me your hands?
command | Go sit on the kerb.
command | Turn around and face the wall.
command | Open the door, please.
command | Give me the phone.
command | Let go of her arm.
command | Please stand up for me.
command | Stop that.
command | Get out of the car.
command | Hey, drop the bottle.
command | I need to see some ID.
""",
}


def overlaps(text: str, evaluation: list[tuple[str, set[str]]]) -> bool:
    """A near-duplicate of an evaluation line: the same normalised text, or most of its word pairs in one line."""
    k = key(text)
    pairs = _pairs(k)
    for other, other_pairs in evaluation:
        if k == other:
            return True
        if pairs and len(pairs & other_pairs) / len(pairs) >= OVERLAP:
            return True
    return False


def _pairs(k: str) -> set[str]:
    words = k.split()
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


def evaluation_lines() -> list[tuple[str, set[str]]]:
    """Every dev, aside and held-out line, normalised (read only to be compared with, never printed)."""
    paths = [DATA / "dev.jsonl", DATA / "dev_v2.jsonl", DATA / "aside_v4.jsonl", *sorted(HELDOUT.glob("*.jsonl"))]
    out = []
    for path in paths:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    k = key(json.loads(line)["text"])
                    out.append((k, _pairs(k)))
    return out


def rows() -> tuple[list[dict], int]:
    """The training rows, each line typed and spoken, and how many were dropped as near-duplicates of an evaluation line."""
    rng = random.Random(512)
    evaluation = evaluation_lines()
    out: list[dict] = []
    dropped = 0
    for category, block in GROUPS.items():
        for line in (ln for ln in block.strip().splitlines() if ln.strip()):
            primary, techniques, text = labelled(category, line)
            base = {"primary": primary, "techniques": techniques, "tags": ["v5"], "category": category}
            said = spoken(text, rng)
            if rng.random() < 0.3:
                said += rng.choice(PERSONAS_TAIL)
            said = re.sub(r"\s+", " ", said).strip()
            for shape, style in ((text, "typed"), (said, "recognizer")):
                if overlaps(shape, evaluation):
                    dropped += 1
                    continue
                out.append({"text": shape, **base, "style": style})
    return out, dropped


def main() -> int:
    train, dropped = rows()
    write_jsonl(DATA / "train_v5.jsonl", train)
    print(f"wrote {len(train)} training rows; {dropped} dropped as near-duplicates of a dev or held-out line", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
