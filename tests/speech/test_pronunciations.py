"""British pronunciations from espeak-ng, added to the built-in recogniser's American dictionary."""

from __future__ import annotations

import shutil

import pytest

from simulator.speech.pronunciations import british_variants, to_arpabet

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by make test")


@pytest.mark.parametrize(
    ("mnemonics", "arpabet"),
    [
        ("k'A@", "K AA"),  # car, no r
        ("w'O:ta#", "W AO T AH"),  # water
        ("f'aI@", "F AY AH"),  # fire
        ("n'VTIN", "N AH TH IH NG"),  # nothing
        ("tS'eIndZ", "CH EY N JH"),  # change: two-letter consonants before one-letter ones
        ("l'It@L", "L IH T AH L"),  # little
    ],
)
def test_espeak_mnemonics_become_arpabet(mnemonics, arpabet):
    """Stress and syllable marks are dropped; r-coloured RP vowels carry no R."""
    assert to_arpabet(mnemonics) == arpabet


@needs_espeak
def test_british_variants_come_from_the_real_espeak_ng():
    """Each word gets its own line back: "car" and "water" lose their r, words line up with their sounds."""
    got = british_variants(["car", "water", "officer", "nothing"])
    assert got["car"] == "K AA"
    assert got["water"].startswith("W AO T") and not got["water"].endswith("R")
    assert got["officer"].startswith("AA F IH S")
    assert got["nothing"].startswith("N AH TH")


@needs_espeak
def test_words_espeak_cannot_take_are_skipped_not_misaligned():
    """A word with characters espeak would split never shifts the others' sounds."""
    got = british_variants(["car", "9-1-1", "water"])
    assert "9-1-1" not in got and got["car"] == "K AA" and got["water"].startswith("W AO")


def test_without_espeak_ng_the_dictionary_stays_american(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert british_variants(["car"]) == {}
