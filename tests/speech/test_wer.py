"""Word error rate counts what was misheard, not how it was spelled."""

from __future__ import annotations

from simulator.speech.corpus import words_of
from simulator.speech.wer import edits, wer


def test_spelling_variants_are_not_errors():
    """"OK"/"okay", "alright"/"all right", British/American spellings and "Mr."/"mister" are one word each."""
    assert edits("OK, Mr. Lee, it's alright.", "okay mister lee it's all right") == (0, 6)
    assert edits("Your neighbour's dog", "your neighbor's dog") == (0, 3)


def test_a_contraction_and_its_full_form_are_the_same_words():
    assert edits("I'm gonna stay right here, we're not leaving", "I am going to stay right here we are not leaving") == (0, 11)
    assert edits("don't worry, you can't get hurt", "do not worry you cannot get hurt")[0] == 0
    assert edits("I'm here", "I am here", contractions_differ=True) == (2, 2)  # the strict count, reported beside it


def test_a_contraction_never_hides_a_real_mishearing():
    assert edits("you're safe", "your safe") == (2, 3)  # "you are safe" against "your safe": two words wrong
    assert edits("he's here", "he is here")[0] == 2  # 's stays ("is" or "has"): counted as heard differently


def test_digits_are_read_as_words():
    assert words_of("Call 988 or 911") == ["call", "nine", "eight", "eight", "or", "nine", "one", "one"]


def test_a_number_and_the_words_it_is_said_as_are_the_same():
    """"10-29" is said "ten twenty-nine": a recogniser that writes the words has heard it (11–99 as cardinals)."""
    assert edits("Can you run a 10-29 on him?", "can you run a ten twenty-nine on him") == (0, 9)
    assert edits("Dispatch, 2-Adam-14", "dispatch two adam fourteen") == (0, 4)
    assert edits("call 911", "call nine one one") == (0, 4)
    assert edits("on a scale of 1 to 10", "on a scale of one to ten") == (0, 7)
    assert edits("in 20 minutes", "in 25 minutes") == (1, 3)  # "twenty" against "twenty five": one word too many
    assert edits("Can you run a 10-29", "can you run a ten twenty-nine", contractions_differ=True)[0] == 1  # strict


def test_one_word_written_open_or_closed_is_one_word():
    assert edits("Don't be such a cry baby.", "don't be such a crybaby") == (0, 6)
    assert edits("we've been out here forever", "we've been out here for ever") == (0, 6)
    assert edits("we've been out here forever", "we've been out here for ever", contractions_differ=True)[0] == 2


def test_joining_words_never_hides_a_real_mishearing():
    assert edits("wait for her", "wait forever")[0] == 2  # "forever" is not "for her"
    assert edits("I waited for you forever", "I waited for you for ever")[0] == 2  # "for" is in both: not joined


def test_substitutions_insertions_and_deletions_each_count_once():
    assert edits("you are safe here", "you are safe") == (1, 4)
    assert edits("you are safe", "you are not safe") == (1, 3)
    assert edits("you are safe", "we are safe") == (1, 3)


def test_corpus_rate_weighs_by_reference_words():
    assert wer([("one two three four", "one two three four"), ("a b", "")]) == 2 / 6
