"""The built-in engine (pocketsphinx + the officer language model) on real recordings and synthesised officer phrases."""

from __future__ import annotations

import pytest

from devtools.testaudio import officer_phrases, real_recordings, shared_dir, synthesize, tuning_phrases
from simulator.speech.corpus import corpus_sentences, words_of
from simulator.speech.recognizer import make_recognizer, transcribe
from simulator.speech.sphinx_engine import NoiseFloor, build_language_model
from simulator.speech.synth import Audio
from simulator.speech.wer import edits, wer

VOICES = ("en-us", "en-us+f3", "en-gb-x-rp")
# As in test_recognizer_moonshine: a clone that is not beside ../shared (CI's is) skips, and says why.
needs_shared = pytest.mark.skipif(shared_dir() is None, reason="the real recordings (../shared/audio) are not beside the repository")


@pytest.fixture(scope="module")
def builtin(tmp_path_factory):
    from simulator.speech.sphinx_engine import SphinxRecognizer

    return SphinxRecognizer(cache=tmp_path_factory.mktemp("lm"))


@needs_shared
def test_shared_recordings_are_there():
    """Beside ../shared, its real recordings are all read (each with its transcript)."""
    assert len(real_recordings()) >= 10


@needs_shared
def test_real_command_recordings_are_recognised(builtin):
    """Real human speech, two short commands (9 words): measured 3 word errors, bound 4."""
    clips = [c for c in real_recordings() if c.name.endswith(("goforward.wav", "something.wav"))]
    assert len(clips) == 2
    total = [edits(c.reference, transcribe(builtin, c.audio).text) for c in clips]
    assert sum(e for e, _ in total) <= 4, total


@needs_shared
def test_real_recordings_word_error_rate_is_bounded(builtin):
    """Out-of-domain read speech (Austen, card names) with an officer-speech model: measured 60 %, bound 80 %."""
    pairs = [(c.reference, transcribe(builtin, c.audio).text) for c in real_recordings()]
    assert wer(pairs) <= 0.80


def test_synthesised_officer_phrases_word_error_rate_is_bounded(builtin):
    """Unseen officer phrases in three espeak-ng voices: 23.6 % over all 316 (bench speech); these 30 measured 30.5 %, bound 38 %.

    (The engine before the noise floor, padding, pronunciations, warps and extra text measured 54 %.)
    """
    phrases = officer_phrases(30)
    pairs = [(p, transcribe(builtin, synthesize(p, VOICES[i % 3])).text) for i, p in enumerate(phrases)]
    assert wer(pairs) <= 0.38, pairs


def test_phrases_in_the_language_model_are_recognised_well(builtin):
    """Officer phrases the model was built with (menu lines) do better than unseen ones: measured 0 %, bound 15 %."""
    phrases = ["there's no rush take your time", "my name is officer ruiz", "are you thinking about killing yourself"]
    pairs = [(p, transcribe(builtin, synthesize(p, v)).text) for p in phrases for v in VOICES]
    assert wer(pairs) <= 0.15, pairs


def test_digital_silence_around_speech_does_not_swallow_it(builtin):
    """Exact zeros (synthesised speech, a gated input) once cost whole phrases; the noise floor keeps them."""
    phrase = "you're not in any trouble i just want to make sure you're safe tonight"
    audio = synthesize(phrase, "en-us")
    second = bytes(2 * 16000)
    framed = Audio(second + audio.samples + second, 16000)
    assert edits(phrase, transcribe(builtin, framed).text)[0] <= 2


def test_the_same_recording_always_reads_the_same(builtin):
    """Each file starts from the same cepstral mean and the same noise, whatever was decoded before it."""
    first = transcribe(builtin, synthesize("can you tell me what happened tonight", "en-gb-x-rp")).text
    transcribe(builtin, synthesize("put the knife down right now", "en-us+f3"))
    assert transcribe(builtin, synthesize("can you tell me what happened tonight", "en-gb-x-rp")).text == first


def test_the_noise_floor_is_quiet_seeded_and_keeps_every_sample():
    """About 30 of 32768 (-61 dBFS), the same for the same seed, and an odd byte waits for its partner."""
    import numpy as np

    floor = NoiseFloor()
    out = floor(bytes(16001)) + floor(bytes(1))
    x = np.frombuffer(out, dtype="<i2")
    assert len(x) == 8001 and 25 < x.std() < 35
    assert NoiseFloor()(bytes(320)) == NoiseFloor()(bytes(320))


def test_benchmark_phrases_are_unseen():
    """No benchmark phrase is in the language model's corpus, among the tuning phrases, or a made-up misrecognition."""
    bench = officer_phrases(120)
    assert len(bench) == 120
    corpus = set(corpus_sentences())
    assert not [p for p in bench if " ".join(words_of(p)) in corpus]
    assert not set(bench) & set(tuning_phrases())
    from devtools.train_understanding import load_split

    made_up = {r["text"] for r in load_split("dev") if "misrecognized" in r["tags"]}
    assert made_up and not set(bench) & made_up


def test_the_language_model_is_cached_by_corpus(tmp_path):
    """Built once per corpus: the second build returns the same files without rebuilding."""
    first = build_language_model(["a brand new phrase about the bridge"], cache=tmp_path)
    mtime = first[0].stat().st_mtime_ns
    second = build_language_model(["a brand new phrase about the bridge"], cache=tmp_path)
    assert first == second and second[0].stat().st_mtime_ns == mtime
    other = build_language_model(["another phrase"], cache=tmp_path)
    assert other[0] != first[0]


def test_streaming_partials_and_a_final(builtin):
    """The built-in engine streams partial text too, and finishes with timed words."""
    audio = synthesize("hi my name is officer ruiz i'm here to help", "en-us")
    stream = builtin.stream()
    partials = [t for i in range(0, len(audio.samples), 3200) if (t := stream.accept(audio.samples[i : i + 3200]))]
    final = stream.finish()
    assert partials and final.text and all(w.end > w.start for w in final.words)


def test_scripted_engine_replays_its_script():
    """The scripted engine (for fast app tests) hears its next line, with growing partials."""
    rec = make_recognizer("scripted", ["you sound exhausted", "take your time"])
    stream = rec.stream()
    partials = [stream.accept(bytes(3200 * 4)) for _ in range(6)]
    assert stream.finish().text == "you sound exhausted"
    assert any(partials)
    assert rec.stream().finish().text == "take your time"


LONG_PHRASE = ("my name is officer ruiz and i am here to help you tonight can you tell me what happened before we got here "
               "nobody is in any trouble i just want to make sure that everybody is safe")


def test_decoding_runs_in_a_process_of_its_own_so_this_interpreter_keeps_running(builtin):
    """pocketsphinx holds the interpreter lock for as long as it decodes (a whole clip is one call): in the app's
    process that starved the GUI thread for seconds. Decoded in its own process, a thread here keeps ticking."""
    import os
    import threading
    import time

    assert builtin.process_id not in (None, os.getpid())
    audio = synthesize(LONG_PHRASE, "en-us")  # ~10 s of speech: seconds of decoding, three warps
    heard: dict[str, str] = {}
    worker = threading.Thread(target=lambda: heard.setdefault("text", transcribe(builtin, audio).text))
    gaps, last = [], time.perf_counter()
    worker.start()
    while worker.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    assert "officer ruiz" in heard["text"], heard
    assert max(gaps) < 0.5, f"this thread waited {max(gaps):.2f} s for the interpreter while the clip was decoded"


def test_a_killed_decoder_process_loses_one_utterance_and_the_next_is_heard(builtin):
    """The child dies mid-utterance (killed, out of memory): that utterance fails plainly, a new child is started
    at once, and the next utterance is decoded by it."""
    import os
    import signal

    from simulator.speech.sphinx_process import SpeechProcessDied

    audio = synthesize("can you tell me what happened", "en-us").samples
    first = builtin.process_id
    stream = builtin.stream()
    stream.accept(audio[: len(audio) // 2])
    os.kill(first, signal.SIGKILL)
    with pytest.raises(SpeechProcessDied, match="died"):
        stream.accept(audio[len(audio) // 2 :])
        stream.finish()
    assert builtin.restarts == 1 and builtin.process_id not in (None, first)
    with pytest.raises(SpeechProcessDied, match="lost"):  # the old utterance stays lost on the new child
        stream.finish()
    assert "what happened" in transcribe(builtin, Audio(audio, 16000)).text


def test_the_listener_reports_a_dead_decoder_and_hears_the_next_utterance(builtin):
    """Through the listener the app uses: the death is reported (on_error, which the app turns into a restarted
    listener and a status line) and the listener goes on hearing."""
    import os
    import signal

    from simulator.speech.listener import Listener

    audio = synthesize("can you tell me what happened", "en-us").samples  # a phrase this weak engine hears reliably
    finals, errors = [], []
    listener = Listener(builtin, finals.append, mode="push_to_talk", on_error=errors.append)
    try:
        listener.press()
        listener.feed(audio[:3200])
        listener.drain()
        os.kill(builtin.process_id, signal.SIGKILL)
        listener.feed(audio[3200:])
        listener.release()
        listener.drain(30)
        assert finals == [] and len(errors) == 1 and "died" in errors[0], errors
        listener.press()
        for i in range(0, len(audio), 3200):
            listener.feed(audio[i : i + 3200])
        listener.release()
        listener.drain(60)
        assert len(finals) == 1 and "what happened" in finals[0].transcript.text, [f.transcript.text for f in finals]
    finally:
        listener.close()


def test_a_decoder_process_dropped_while_it_still_builds_its_model_is_ended_not_left_loading(tmp_path):
    """A session left before the built-in engine loaded drops its engine: the child building the language model
    (seconds of work that reads no input until done) is ended at once, not left holding 100 MB while the next
    session's child builds its own (the short soak saw seven pile up). One that has loaded ends on its own."""
    import os
    import time

    from simulator.speech.sphinx_process import SphinxProcess

    def gone(pid: int, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)
                os.kill(pid, 0)
            except (ChildProcessError, ProcessLookupError):
                return True
            time.sleep(0.05)
        return False

    loading = SphinxProcess(["a phrase that only this test has ever used"], tmp_path / "empty-cache", ())
    pid = loading.pid
    assert pid is not None
    loading.close()
    assert gone(pid, 1.5), "the loading child was left to finish building"

    loaded = SphinxProcess(None, tmp_path / "cache", ("1.0",))
    assert loaded.wait_ready() > 1000
    pid = loaded.pid
    assert pid is not None
    loaded.close()
    assert gone(pid, 5.0), "a loaded child did not end when its stdin closed"
