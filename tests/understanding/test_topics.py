"""simulator.understanding.topics: what a turn is about, typed or recognised, with evidence.

Phrasings here are deliberately not the ones in defaults.yaml or the bridge: the reader
must generalise from a few phrasings per topic to the way officers actually ask.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.conversation.person import topic_reader
from simulator.scenario.loader import load_scenario_or_raise
from simulator.understanding.topics import TopicReader, TopicSpec


@pytest.fixture(scope="module")
def bridge():
    return topic_reader(load_scenario_or_raise("scenarios/bridge_suicidal.yaml"))


@pytest.mark.parametrize(("text", "topic"), [
    ("Sorry, what was your name again?", "name"),
    ("whats your name ma'am", "name"),
    ("How long have you been awake now?", "sleep"),
    ("have you had any booze tonight", "substances"),
    ("Can I bring you a blanket? It's freezing.", "temperature"),
    ("is there a doctor who prescribes you anything", "medication"),
    ("Is that your car on the shoulder with the lights going?", "hazard_lights"),
    ("tell me about karen", "sister"),
    ("how old is eli", "son"),
    ("Do you want to die tonight, Denise?", "suicide"),
    ("what do you do for work", "job"),
    ("Where are you living these days?", "home"),
])
def test_questions_are_read_as_their_topic(bridge, text, topic):
    hit = bridge.read(text)
    assert hit is not None and hit.id == topic, (text, bridge.scores(text)[:3])
    assert hit.evidence  # the trainee and the author can see why


def test_typed_and_recogniser_text_read_alike(bridge):
    typed = bridge.read("Have you eaten anything today?")
    spoken = bridge.read("have you eaten anything today")
    assert typed is not None and spoken is not None and typed.id == spoken.id == "food_water"


def test_a_turn_about_nothing_in_particular_has_no_topic(bridge):
    assert bridge.read("it sounds like you're really scared right now") is None
    assert bridge.read("mm hmm") is None
    assert bridge.read("") is None


def test_the_last_question_in_a_long_turn_wins(bridge):
    hit = bridge.read("I'm Officer Ruiz, I'm with the police. What's your name?")
    assert hit is not None and hit.id == "name"


def test_a_scenarios_own_word_beats_the_shared_default():
    reader = TopicReader([
        TopicSpec("weapons", ("do you have any weapons", "are you armed"), ("knife", "weapon"), common=True),
        TopicSpec("the_knife", ("can you put the knife down", "tell me about the knife"), ("knife",)),
    ])
    hit = reader.read("what about the knife")
    assert hit is not None and hit.id == "the_knife"


# -- issue 11: what the reader gets right beyond the phrasings -------------------------------------------------------

def _reader(*specs: TopicSpec) -> TopicReader:
    return TopicReader(specs)


def test_declared_words_match_their_inflections_and_irregular_forms():
    reader = _reader(TopicSpec("danny", ("tell me about danny",), ("lost someone", "danny")),
                     TopicSpec("house", ("tell me about the house",), ("sold",)))
    assert (hit := reader.read("did you lose somebody over there")) is not None and hit.id == "danny"
    assert (hit := reader.read("are you selling the place")) is not None and hit.id == "house"


def test_a_word_ending_in_a_double_letter_matches_itself():
    """'kaylee' and 'bill' were cut to 'kayle' and 'bil' and then never met themselves."""
    reader = _reader(TopicSpec("kaylee", ("how old is your daughter",), ("kaylee",)))
    assert (hit := reader.read("Who's Kaylee?")) is not None and hit.id == "kaylee"


def test_the_recognisers_split_words_and_spelled_out_letters_are_heard():
    reader = _reader(TopicSpec("headphones", ("are those yours",), ("headphones",)),
                     TopicSpec("va_care", ("have you had help",), ("va",)))
    assert (hit := reader.read("did your head phones break")) is not None and hit.id == "headphones"
    assert (hit := reader.read("are you hooked up with the v a")) is not None and hit.id == "va_care"


def test_a_word_inside_a_longer_one_another_topic_declares_belongs_to_that_topic():
    reader = _reader(TopicSpec("home", ("where do you live",), ("live", "home"), common=True),
                     TopicSpec("family_friends", ("do you have family",), ("family", "live with"), common=True))
    assert (hit := reader.read("who do you live with")) is not None and hit.id == "family_friends"


@pytest.mark.parametrize(("text", "topic"), [
    ("what's your wife's name", "family_friends"),  # not the person's own name
    ("What's going on with the house?", "house"),  # "what's going on" only frames it
    ("Are you okay with me calling your sister?", "sister"),  # a permission, not "how are you"
    ("What's going on with you tonight?", "what_happened"),  # nothing else to be about
])
def test_a_common_topics_words_that_only_frame_another_question_give_way(bridge, text, topic):
    hit = bridge.read(text)
    assert (hit.id if hit else None) == topic, bridge.scores(text)[:3]


def test_the_shared_words_give_way_where_the_scenario_declares_the_word_for_its_own_topic():
    """In the meth scenario "the shade" is his shade (a topic of its own), not the weather's."""
    meth = topic_reader(load_scenario_or_raise("scenarios/intoxication_meth.yaml"))
    assert (hit := meth.read("want to move over into the shade")) is not None and hit.id == "shade"
    dementia = topic_reader(load_scenario_or_raise("scenarios/dementia_lost.yaml"))
    assert (hit := dementia.read("do you have a daughter")) is not None and hit.id == "karen"


def test_a_name_as_the_subject_of_a_question_decides_what_it_is_about():
    veteran = topic_reader(load_scenario_or_raise("scenarios/veteran_ptsd.yaml"))
    assert (hit := veteran.read("does linda know where you are")) is not None and hit.id == "linda"
    assert (hit := veteran.read("do you know where you are")) is not None and hit.id == "orientation"


DEV = Path(__file__).resolve().parents[1] / "fixtures" / "topics"


def _dev_rows(folder: Path) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for f in sorted(folder.glob("*.tsv")):
        if f.stem.endswith("_dev"):
            continue
        rows[f.stem] = [tuple(line.split("\t", 1)) for line in f.read_text(encoding="utf-8").splitlines()  # type: ignore[misc]
                        if line.strip() and not line.startswith("#")]
    return rows


@pytest.mark.parametrize("folder", [DEV, DEV / "check", DEV / "patrol", DEV / "patrol" / "check"],
                         ids=["dev", "check", "patrol", "patrol-check"])
def test_our_own_fact_questions_are_read_as_their_topic_in_every_scenario(folder):
    """CONV's own sets (never the held-out one): at least 90 % of the fact questions read as their topic in each
    scenario, and at most one listening line in ten read as any topic."""
    for scenario, rows in _dev_rows(folder).items():
        reader = topic_reader(load_scenario_or_raise(f"scenarios/{scenario}.yaml"))
        asked = [(t, text) for t, text in rows if t != "none"]
        right = [text for t, text in asked if (h := reader.read(text)) is not None and h.id == t]
        assert len(right) >= 0.9 * len(asked), (scenario, [text for _, text in asked if text not in right])
        nones = [text for t, text in rows if t == "none"]
        assert sum(reader.read(text) is not None for text in nones) <= max(1, len(nones) // 10), scenario


# -- issue 11, round 3: how officers and recognisers actually say it -------------------------------------------------

@pytest.mark.parametrize("text", ["what's your name", "what is your name", "whats ur name buddy", "Sorry, what is your name?"])
def test_contractions_written_out_or_shortened_read_alike(bridge, text):
    assert (hit := bridge.read(text)) is not None and hit.id == "name", bridge.scores(text)[:3]


def test_a_short_word_the_recogniser_dropped_and_you_for_your_still_match_a_declared_phrase():
    reader = _reader(TopicSpec("where_going", ("where were you headed",), ("where are you going",), common=True),
                     TopicSpec("helen", ("tell me about helen",), ("your wife",)),
                     TopicSpec("baby", ("when is the baby due",), ("expecting",)))
    assert (hit := reader.read("where you going")) is not None and hit.id == "where_going"
    assert (hit := reader.read("is you wife home")) is not None and hit.id == "helen"


def test_what_is_asked_after_something_told_is_what_the_turn_is_about():
    reader = _reader(TopicSpec("officer", ("i'm officer ruiz",), ("i'm officer",), common=True),
                     TopicSpec("name", ("what's your name",), ("your name",), common=True),
                     TopicSpec("self_injury", ("why do you hit your head",), ("hit your head",)),
                     TopicSpec("injuries", ("are you hurt",), ("hurt",), common=True))
    assert (hit := reader.read("i'm officer ruiz what's your name")) is not None and hit.id == "name"
    assert (hit := reader.read("You hit your head on the floor. Does it hurt?")) is not None and hit.id == "injuries"


def test_a_word_in_an_if_clause_sets_the_scene_and_the_main_clause_decides():
    reader = _reader(TopicSpec("lockup_fear", ("are you scared of jail",), ("locked up",)),
                     TopicSpec("railing", ("come back over the rail",), ("come back over",)))
    hit = reader.read("are you scared you'll be locked up if you come back over")
    assert hit is not None and hit.id == "lockup_fear"


def test_a_shared_phrase_longer_than_the_scenarios_own_word_stays_with_its_topic():
    """The veteran's flashlight declares "holding"; "how are you holding up" is still how he is."""
    veteran = topic_reader(load_scenario_or_raise("scenarios/veteran_ptsd.yaml"))
    assert (hit := veteran.read("okay so curtis how you holding up right now")) is not None and hit.id == "how_are_you"
    assert (hit := veteran.read("what are you holding")) is not None and hit.id == "flashlight"


@pytest.mark.parametrize("text, topic", [
    ("When you come down off this, do you think about killing yourself?", "suicide"),
    ("when you crash do you think about suicide", "suicide"),
    ("when you come down what happens", "comedown"),  # no question after it: the clause is the question
])
def test_an_opening_when_clause_sets_the_scene_and_the_question_after_it_is_the_topic(text, topic):
    """The crash is the scene; asking straight out about suicide is what the officer asked (and what the objective needs)."""
    meth = topic_reader(load_scenario_or_raise("scenarios/intoxication_meth.yaml"))
    assert meth.read(text).id == topic, meth.scores(text)[:3]
