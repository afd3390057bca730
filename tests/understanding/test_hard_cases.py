"""Each technique's hard cases: the readings a trainer must never get wrong.

Written for this suite (not taken from the labelled data), in both shapes a
turn arrives in: typed text and recogniser output.
"""

from __future__ import annotations

import pytest

from simulator.understanding import default_reader

CASES: dict[str, list[str]] = {
    "introduce": [
        "Hi, I'm Officer Ruiz.",
        "my name is sam i work with the crisis team",
        "good evening i'm deputy collins with the sheriff's office",
    ],
    "open_question": [
        "have you taken anything tonight",  # TECHNIQUES.md v2: a question about substances, not the suicide question
        "What's going on for you today?",
        "how did things get to this point",
        "Can you tell me what happened before I got here?",
    ],
    "paraphrase": [
        "So the landlord changed the locks on you this morning.",
        "so you're saying your neighbor has been watching you through the window",
        "What I'm hearing is that your boss let you go without any warning.",
    ],
    "emotion_label": [
        "You sound exhausted.",
        "it seems like you're really scared right now",
        "I can see how angry you are.",
    ],
    "validate": [
        "Anybody would be upset if that happened to them.",
        "that makes a lot of sense given everything you've been through",
        "I don't think you're crazy at all.",
    ],
    "reassure": [
        "Nobody is going to hurt you.",
        "you're not under arrest",
        "I'm not going to hurt you.",
        "you're not in any trouble okay",
    ],
    "encourage": ["Mm-hm.", "go on i'm listening", "Okay... and then what?"],
    "give_time": [
        "There's no rush, take all the time you need.",
        "we've got all night no hurry",
        "Let's slow things down for a second.",
    ],
    "offer_choice": [
        "Would you prefer to sit in the shade or stay here?",
        "is it okay if i sit down on this step",
        "It's your call: we can talk here or over by the car.",
    ],
    "ask_about_harm": [
        "Are you thinking about ending your life?",
        "are you thinking about killing yourself",
        "Sometimes when people feel this low they think about not being here anymore. Is that where you are?",
    ],
    "offer_help": [
        "Would you be open to talking with someone from the crisis team?",
        "i can get you some water and a blanket if you want",
        "There are people at the VA who can help with exactly this.",
    ],
    "set_limit": [
        "I need you to set the bottle down so we can both stay safe while we talk.",
        "i need you to keep the knife down by your side so nobody gets hurt",
        "I can't let you walk into traffic, because I want you safe.",
    ],
    "summarize": [
        "Let me make sure I've got it: you lost the job, then the car, and now this.",
        "so far you've told me you haven't slept in three days you lost your apartment and your brother won't call you back",
    ],
    "command": [
        "Calm down!",
        "please calm down",
        "hands where i can see them now",
        "Maybe you should just relax.",
        "calm down so we can talk",
        "get down off the railing",
    ],
    "threaten": [
        "Keep it up and you're going to jail.",
        "I'm going to hurt you.",
        "do what i say or i'll tase you",
        "If you don't drop it I will shoot.",
    ],
    "dismiss": [
        "You're making a big deal out of nothing.",
        "it's not that bad you'll get over it",
        "At least you still have a job.",
    ],
    "argue": [
        "There are no cameras in your walls.",
        "nobody is following you that's all in your head",
        "It's not 1975 anymore, sir.",
    ],
    "insult": ["Stop acting crazy.", "you're acting like a child", "What are you, some kind of psycho?"],
    "pressure": [
        "Hurry up, I don't have all day.",
        "come on we haven't got all night",
        "Make up your mind already.",
    ],
    "other": ["Nice weather.", "uh", "copy that dispatch"],
}


@pytest.fixture(scope="module")
def reader():
    return default_reader()


@pytest.mark.parametrize(("expected", "text"), [(t, s) for t, texts in CASES.items() for s in texts])
def test_primary_technique(reader, expected: str, text: str):
    """The primary technique of each hard case is read correctly."""
    assert reader.read(text).primary == expected


@pytest.mark.parametrize(("expected", "text"), [(t, s) for t, texts in CASES.items() for s in texts if not s[0].isupper()])
def test_the_same_case_typed_reads_the_same(reader, expected: str, text: str):
    """Recogniser-style cases read the same when typed with case and punctuation."""
    typed = text[0].upper() + text[1:] + ("?" if reader.read(text).primary in ("open_question", "ask_about_harm") else ".")
    assert reader.read(typed).primary == expected


def test_several_techniques_in_one_turn(reader):
    """'I'm Officer Lee, you're not in trouble' is introduce + reassure."""
    ids = reader.read("I'm Officer Lee, you're not in trouble.").ids()
    assert {"introduce", "reassure"} <= set(ids)


def test_negation_flips_a_threat_into_reassurance(reader):
    """Negation: not going to hurt = reassure; going to hurt = threaten."""
    assert reader.read("i'm not going to hurt you").primary == "reassure"
    assert reader.read("i'm going to hurt you").primary == "threaten"


def test_politeness_does_not_change_a_command(reader):
    """'please calm down' is still a command, and escalating."""
    reading = reader.read("please calm down")
    assert (reading.primary, reading.polarity) == ("command", "escalating")


def test_every_hit_carries_confidence_and_evidence(reader):
    """Each technique comes with a confidence in (0, 1] and the words that gave it away."""
    for hit in reader.read("I'm Officer Lee, you're not in trouble. What happened?").techniques:
        assert 0 < hit.confidence <= 1
        assert hit.evidence


def test_scenario_context_adds_keyword_techniques():
    """A scenario's own phrases can add techniques through the context."""
    from simulator.understanding.reading import Context
    from simulator.understanding.rules import RuleReader

    reading = RuleReader().read("how is buster doing", Context(keywords={"open_question": ("buster",)}))
    assert "open_question" in reading.ids()
