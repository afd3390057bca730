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


def test_substitutions_insertions_and_deletions_each_count_once():
    assert edits("you are safe here", "you are safe") == (1, 4)
    assert edits("you are safe", "you are not safe") == (1, 3)
    assert edits("you are safe", "we are safe") == (1, 3)


def test_corpus_rate_weighs_by_reference_words():
    assert wer([("one two three four", "one two three four"), ("a b", "")]) == 2 / 6
