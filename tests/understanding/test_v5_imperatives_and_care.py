"""Issue 12, after version 4: a directive verb is an order only in the imperative mood.

"Please stop hitting yourself, I'm worried you'll get hurt" is a limit with
its reason; "let me stay with you" and "I'll keep my hands where you can see
them" order nothing; "stop that, you're going to hurt your hand" is worry,
not a threat; a "choice" between an ambulance and the back of a cruiser is a
threat. The sentences here were written for these tests and are in no
training file.
"""

from __future__ import annotations

import pytest

from devtools.train_understanding import load_split, training_splits
from simulator.understanding.data.compose_v2 import key
from simulator.understanding.data.compose_v5 import _pairs, overlaps, rows
from simulator.understanding.model import ModelReader
from simulator.understanding.rules import RuleReader
from simulator.vocabulary import polarity


@pytest.fixture(scope="module")
def reader() -> ModelReader:
    return ModelReader()


@pytest.fixture(scope="module")
def rules() -> RuleReader:
    return RuleReader()


def test_train_v5_is_what_the_composer_writes_half_spoken_and_no_dev_line():
    """train_v5.jsonl is compose_v5's output: a training split, half recogniser style, no near-duplicate of a dev line."""
    train, _ = rows()
    assert load_split("train_v5") == train
    assert "train_v5" in training_splits()
    styles = [r["style"] for r in train]
    assert 0.45 <= styles.count("recognizer") / len(styles) <= 0.55
    dev = [(key(r["text"]), _pairs(key(r["text"]))) for name in ("dev", "dev_v2") for r in load_split(name)]
    assert not [r["text"] for r in train if overlaps(r["text"], dev)]


def test_a_near_duplicate_is_caught_by_its_word_pairs_not_only_its_exact_text():
    line = key("Please put the knife down on the table for me.")
    evaluation = [(line, _pairs(line))]
    assert overlaps("please put the knife down on the table for me mate", evaluation)
    assert not overlaps("Would you rather sit in the car or on the bench?", evaluation)


@pytest.mark.parametrize("text", [
    "I'll stay with you.",
    "let me sit with you a minute",
    "I'm going to keep my hands where you can see them.",
    "We'll get you home tonight, I promise.",
    "you look tired",
    "I'll wait over here by the gate.",
])
def test_a_directive_verb_inside_a_statement_is_no_order(rules, text):
    assert "command" not in rules.read(text).ids()


@pytest.mark.parametrize("text", [
    "Sam, put it down.",
    "okay buddy step back",
    "Hey, stay right there.",
    "put the bottle on the ground",
    "you need to get off the car",
])
def test_a_bare_imperative_is_still_an_order(rules, text):
    assert "command" in rules.read(text).ids()


@pytest.mark.parametrize("text", [
    "hey hey stop that you're going to hurt your hand",
    "Would you do me a favour and stop hitting your head? It's scaring me.",
    "please quit kicking the door your foot is swollen and i don't want it worse",
    "I want you off that ledge, I'm scared for you.",
    "Keep your hands away from your face, you'll make the cut worse.",
])
def test_worry_with_the_harm_it_prevents_is_a_limit_for_the_rules(rules, text):
    reading = rules.read(text)
    assert reading.primary == "set_limit", reading.to_dict()
    assert "threaten" not in reading.ids()


def test_a_choice_between_help_and_the_back_of_a_cruiser_is_a_threat(rules):
    assert rules.read("pick one the ambulance or the back of my cruiser").primary == "threaten"


def test_being_the_reason_your_family_holds_together_is_praise(rules):
    assert rules.read("You're the reason your sister is still in school, you know that?").primary == "affirm"
    assert rules.read("You're the reason she's crying.").primary != "affirm"


# Fresh sentences in the categories of issue 12, typed and spoken, read by the trained reader.
FRESH = [
    ("set_limit", "Stop, stop, you're cutting your feet on the glass."),
    ("set_limit", "can you stop rocking on that chair i'm scared you'll tip over"),
    ("set_limit", "Stay away from the water please, I'm afraid you'll go under."),
    ("set_limit", "put the razor down for me i'm really worried about you"),
    ("set_limit", "leave the bandage on please i dont want it getting infected"),
    ("reassure", "I'm in this with you for the long haul."),
    ("reassure", "whatever happens tonight i'm on your side"),
    ("reassure", "it matters to me whether you live through tonight"),
    ("affirm", "you've held that family together for years"),
    ("affirm", "It says a lot about you that you called your mum first."),
    ("affirm", "your kids are lucky to have a mom who fights for them like that"),
    ("argue", "come on think about your grandkids"),
    ("argue", "Is this really what you want your kids to remember?"),
    ("argue", "your dog needs you who's gonna feed him"),
    ("threaten", "you either hand me the knife or i take it off you"),
    ("threaten", "Cooperate with the paramedics or you're going in handcuffs, simple as that."),
    ("threaten", "You decide: talk to me, or I call in the tactical team."),
    ("insult", "yeah and next you'll tell me the moon landing was fake"),
    ("insult", "Sure, sure, the neighbours are poisoning your water. Totally."),
    ("insult", "Sure they are, pal. Sure they are."),
]


def test_fresh_tricky_sentences_keep_their_polarity(reader):
    """The right polarity for at least 18 of 20 and the right technique for at least 16 (measured 20 / 19)."""
    readings = [reader.read(text) for _, text in FRESH]
    right_polarity = sum(r.polarity == polarity(gold) for r, (gold, _) in zip(readings, FRESH, strict=True))
    right = sum(r.primary == gold for r, (gold, _) in zip(readings, FRESH, strict=True))
    assert right_polarity >= 18, [(t, r.primary) for r, (_, t) in zip(readings, FRESH, strict=True)]
    assert right >= 16


# Written by the lead after the bridge's slip-and-repair control ended unresolved (new lines, not the control's).
LOSSES_CONSENT_AND_THE_RAIL = [
    ("paraphrase", "You signed the apartment over this week, after twelve years."),
    ("paraphrase", "so you lost the farm after thirty years"),
    ("paraphrase", "You moved out of the apartment after fifteen years."),
    ("offer_choice", "would you be willing to sit down with me"),
    ("offer_choice", "Would you be willing to step back from the edge? Whenever you're ready."),
    ("ask_about_harm", "did you come here to jump"),
    ("ask_about_harm", "Is the wine part of a plan to go over tonight?"),
]


@pytest.mark.parametrize(("gold", "text"), LOSSES_CONSENT_AND_THE_RAIL)
def test_a_loss_said_back_consent_asked_and_the_act_named(reader, gold: str, text: str):
    """A loss restated is a paraphrase, not praise of endurance; asking whether the person is willing leaves them the
    choice; naming the jump is the direct question. ("Could you put that down" stays a softened command.)"""
    assert reader.read(text).primary == gold


def test_a_plea_not_to_jump_is_not_the_suicide_question(reader):
    assert reader.read("please don't jump").primary != "ask_about_harm"
    assert reader.read("could you put that down for me").primary == "command"
