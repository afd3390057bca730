"""The Synthesizer engines, the Audio they return, the registry, and the shipped voices through a real engine."""

from __future__ import annotations

import logging
import math
import shutil
import struct
import subprocess
import wave
from array import array
from dataclasses import replace
from pathlib import Path

import pytest
from audio_checks import f0_spread, median_f0

from devtools.bench_voice import run as bench_run
from simulator.catalog import catalog
from simulator.speech import synth as synth_module
from simulator.speech.espeak_synth import EspeakNgSynth
from simulator.speech.pyttsx3_synth import Pyttsx3Synth, nearest_voice
from simulator.speech.silent_synth import SilentSynth
from simulator.speech.synth import (
    SILENCE_DB,
    Audio,
    AudioFileError,
    SynthesisError,
    Synthesizer,
    choose_synthesizer,
    engine_order,
    make_synthesizer,
    pick_synthesizer,
)
from simulator.voices import VoiceSettings, find_voice, voice_ids

LINE = "Nobody is listening to me, and I am so tired of all of it."
MAN = VoiceSettings("en-us", "m3", "en-US", "male", rate=160.0, pitch=50.0, range=50.0, volume=0.5)


def _sine(seconds: float, amplitude: float, rate: int = 16000, hz: float = 220.0) -> array:
    return array("h", (round(amplitude * 32767 * math.sin(2 * math.pi * hz * i / rate)) for i in range(round(seconds * rate))))


def _espeak(backend: str = "library") -> EspeakNgSynth:
    synth = EspeakNgSynth(backend)
    ok, why = synth.available()
    assert ok, f"espeak-ng ({backend}) must work on the test machines: {why}"
    return synth


# --- Audio ---


def test_audio_duration_and_wav_round_trip(tmp_path: Path) -> None:
    audio = Audio(_sine(0.5, 0.5).tobytes(), 16000)
    assert audio.duration == pytest.approx(0.5)
    back = Audio.from_file(audio.to_wav(tmp_path / "a.wav"))
    assert back == audio
    assert Audio.from_file(_write(tmp_path / "b.wav", audio.to_wav_bytes())) == audio


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_rms_db_is_the_level_of_the_speech_not_of_the_pauses() -> None:
    """A full-scale sine is -3 dBFS; adding long silence around it must not lower the figure."""
    tone = _sine(0.5, 1.0)
    padded = array("h", bytes(16000 * 2)) + tone + array("h", bytes(16000 * 4))
    assert Audio(tone.tobytes(), 16000).rms_db() == pytest.approx(-3.01, abs=0.05)
    assert Audio(padded.tobytes(), 16000).rms_db() == pytest.approx(-3.01, abs=0.05)
    assert Audio(_sine(0.5, 0.1).tobytes(), 16000).rms_db() == pytest.approx(-23.01, abs=0.05)
    assert Audio.silence(1.0).rms_db() == SILENCE_DB


def test_stereo_and_8_bit_wav_are_read_as_16_bit_mono(tmp_path: Path) -> None:
    mono = _sine(0.1, 0.5, rate=8000)
    stereo = array("h", (x for s in mono for x in (s, s)))
    with wave.open(str(tmp_path / "s.wav"), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(stereo.tobytes())
    assert Audio.from_file(tmp_path / "s.wav").samples == mono.tobytes()
    with wave.open(str(tmp_path / "u8.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(bytes((s >> 8) + 128 for s in mono))
    eight = Audio.from_file(tmp_path / "u8.wav")
    assert eight.frames == len(mono) and eight.rms_db() == pytest.approx(Audio(mono.tobytes(), 8000).rms_db(), abs=0.5)


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox makes the AIFF test file: sudo apt-get install sox")
def test_aiff_as_macos_speech_writes_it_is_read(tmp_path: Path) -> None:
    source = Audio(_sine(0.2, 0.5, rate=22050).tobytes(), 22050).to_wav(tmp_path / "a.wav")
    subprocess.run(["sox", str(source), str(tmp_path / "a.aiff")], check=True)
    audio = Audio.from_file(tmp_path / "a.aiff")
    assert audio.rate == 22050 and audio.samples == Audio.from_file(source).samples


def test_a_non_aiff_iff_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="not AIFF"):
        Audio.from_file(_write(tmp_path / "x.wav", b"FORM" + struct.pack(">I", 4) + b"8SVX"))


# --- the silent engine ---


def test_silent_engine_is_silence_as_long_as_the_line_would_take() -> None:
    silent = SilentSynth()
    assert silent.available()[0]
    slow = silent.synthesize(LINE, replace(MAN, rate=100.0))
    fast = silent.synthesize(LINE, replace(MAN, rate=300.0))
    assert set(slow.samples) == {0} and slow.rms_db() == SILENCE_DB
    assert 3.0 < slow.duration < 10.0  # 14 words at 100 wpm: about 8.4 s
    assert fast.duration < slow.duration / 2
    assert silent.synthesize("   ", MAN).duration == 0.0


# --- espeak-ng ---


def test_espeak_library_speaks_and_says_how() -> None:
    synth = _espeak("library")
    assert "libespeak-ng 1." in synth.available()[1]
    audio = synth.synthesize(LINE, MAN)
    assert audio.rate == 22050
    assert 2.0 < audio.duration < 8.0 and audio.rms_db() > -35.0
    assert synth.describe(MAN) == "-v en-us+m3 -s 160 -p 50 -a 100 range 50"


def test_espeak_command_gives_the_same_speech_and_says_range_is_ignored() -> None:
    library, command = _espeak("library").synthesize(LINE, MAN), _espeak("command").synthesize(LINE, MAN)
    assert command.duration == pytest.approx(library.duration, rel=0.05)
    assert command.rms_db() == pytest.approx(library.rms_db(), abs=1.0)
    assert "range 50 ignored" in _espeak("command").describe(MAN)


def test_pitch_range_is_applied_through_the_library_and_ignored_by_the_command() -> None:
    flat, lively = replace(MAN, range=5.0), replace(MAN, range=95.0)
    library = _espeak("library")
    assert f0_spread(library.synthesize(LINE, flat)) + 3.0 < f0_spread(library.synthesize(LINE, lively))
    command = _espeak("command")
    assert command.synthesize(LINE, flat).samples == command.synthesize(LINE, lively).samples


def test_espeak_unknown_voice_is_a_clear_error() -> None:
    with pytest.raises(SynthesisError, match=r"no voice 'xx-nowhere'.*espeak-ng --voices"):
        _espeak("library").synthesize("Hello.", replace(MAN, base_voice="xx-nowhere", variant=None))
    with pytest.raises(SynthesisError, match="xx-nowhere"):
        _espeak("command").synthesize("Hello.", replace(MAN, base_voice="xx-nowhere", variant=None))


def test_espeak_without_its_command_says_what_to_install(tmp_path: Path) -> None:
    synth = EspeakNgSynth("command", command=str(tmp_path / "espeak-ng"))
    ok, why = synth.available()
    assert not ok and "sudo apt-get install espeak-ng" in why
    with pytest.raises(SynthesisError, match="not available"):
        synth.synthesize("Hello.", MAN)


def test_blank_text_is_empty_audio_for_every_engine() -> None:
    for synth in (_espeak("library"), _espeak("command"), SilentSynth()):
        assert synth.synthesize(" \n", MAN).duration == 0.0


# --- pyttsx3 ---


@pytest.fixture(scope="module")
def pyttsx3_engine() -> Pyttsx3Synth:
    synth = Pyttsx3Synth()
    ok, why = synth.available()
    if not ok:
        pytest.skip(f"pyttsx3 cannot start here: {why}")
    return synth


def test_pyttsx3_renders_to_memory_with_the_settings_it_describes(pyttsx3_engine: Pyttsx3Synth) -> None:
    audio = pyttsx3_engine.synthesize(LINE, MAN)
    assert audio.rate == 22050 and 2.0 < audio.duration < 8.0 and audio.rms_db() > -40.0
    assert pyttsx3_engine.describe(MAN).startswith("voice gmw/en-us+m3 rate 160 wpm volume 0.50 pitch 50")


def test_pyttsx3_runs_on_its_own_thread_and_prints_nothing(pyttsx3_engine: Pyttsx3Synth, capfd: pytest.CaptureFixture[str]) -> None:
    import threading

    pyttsx3_engine.synthesize("Just go away.", MAN)
    assert "pyttsx3-worker" in {t.name for t in threading.enumerate()}
    assert "Audio saved" not in capfd.readouterr().out


def test_nearest_voice_prefers_language_then_espeak_name_then_gender() -> None:
    from pyttsx3.voice import Voice

    voices = [
        Voice("gmw/en", "English (GB)", ["en-gb"], "Male"),
        Voice("gmw/en-us", "English (America)", ["en-us"], "Male"),
        Voice("HKEY\\ZIRA", "Microsoft Zira Desktop - English (United States)", [], "Female"),
        Voice("roa/fr", "French", ["fr-fr"], "Male"),
    ]
    assert nearest_voice(voices, MAN).id == "gmw/en-us"
    assert nearest_voice(voices, replace(MAN, language="fr-CA", base_voice="fr")).id == "roa/fr"
    sapi = [v for v in voices if v.id.startswith("HKEY")] + [Voice("HKEY\\PAULINA", "Microsoft Paulina - Spanish (Mexico)", [], "Female")]
    assert nearest_voice(sapi, replace(MAN, gender="female")).id == "HKEY\\ZIRA"
    assert nearest_voice([], MAN) is None


# --- the registry ---


def test_engine_order_prefers_espeak_on_linux_and_system_voices_elsewhere() -> None:
    assert engine_order("linux") == ("espeak-ng", "pyttsx3", "silent")
    assert engine_order("win32")[0] == engine_order("darwin")[0] == "pyttsx3"


def test_choose_picks_espeak_here_and_honours_a_preference() -> None:
    assert choose_synthesizer(None, "linux").synthesizer.name == "espeak-ng"
    silent = choose_synthesizer("silent", "linux")
    assert silent.synthesizer.name == "silent" and not silent.speaks
    with pytest.raises(ValueError, match="unknown speech engine 'festival'"):
        choose_synthesizer("festival")
    with pytest.raises(ValueError, match="use one of espeak-ng, pyttsx3, silent"):
        make_synthesizer("festival")
    assert isinstance(make_synthesizer("espeak-ng"), Synthesizer)


def test_fallback_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """With espeak-ng genuinely unusable (its command is missing), the next engine is picked and the reason kept."""
    real = synth_module.make_synthesizer

    def without_espeak(name: str) -> Synthesizer:
        return EspeakNgSynth("command", command=str(tmp_path / "espeak-ng")) if name == "espeak-ng" else real(name)

    monkeypatch.setattr(synth_module, "make_synthesizer", without_espeak)
    choice = choose_synthesizer(None, "linux")
    assert choice.synthesizer.name in ("pyttsx3", "silent")
    assert choice.skipped[0][0] == "espeak-ng" and "sudo apt-get install espeak-ng" in choice.skipped[0][1]
    with caplog.at_level(logging.WARNING):
        pick_synthesizer(None)
    assert "espeak-ng is not available" in caplog.text


# --- voice profiles through a real engine ---


def test_agitation_makes_every_shipped_voice_faster_louder_and_higher() -> None:
    synth = _espeak("library")
    for voice_id in sorted(voice_ids()):
        profile = find_voice(voice_id)
        moves = profile.by_state.get("agitation", {})
        assert moves.get("rate", 0) > 0 and moves.get("volume", 0) > 0 and moves.get("pitch", 0) > 0, voice_id
        calm, agitated = (synth.synthesize(LINE, profile.settings({"agitation": a})) for a in (0, 100))
        assert agitated.duration < 0.85 * calm.duration, voice_id
        # At least half the nominal gain: eSpeak compresses amplitudes above ~150 of 200.
        nominal_db = 20 * math.log10(profile.settings({"agitation": 100}).volume / profile.settings({"agitation": 0}).volume)
        assert agitated.rms_db() > calm.rms_db() + nominal_db / 2, voice_id
        assert median_f0(agitated) > 1.1 * median_f0(calm), voice_id


def test_the_depressed_voice_is_slow_and_flat() -> None:
    """denise_harmon (bridge_suicidal) at rest: slower and flatter than the meth-binge voice at rest."""
    synth = _espeak("library")
    depressed = synth.synthesize(LINE, find_voice("denise_harmon").settings({"agitation": 0}))
    pressured = synth.synthesize(LINE, find_voice("cody_marsh").settings({"agitation": 0}))
    assert depressed.duration > 1.2 * pressured.duration
    assert f0_spread(depressed) < f0_spread(pressured)


def test_every_shipped_scenario_person_voice_loads_and_speaks() -> None:
    synth = _espeak("library")
    entries = [e for e in catalog() if e.scenario]
    assert len(entries) >= 6
    for entry in entries:
        scenario = entry.scenario
        assert scenario is not None
        state = {name: v.start for name, v in scenario.variables.items()}
        ranges = {name: (v.minimum, v.maximum) for name, v in scenario.variables.items()}
        voices = [scenario.person.voice] + [c.voice for c in scenario.characters.values() if c.voice]
        for voice_id in voices:
            settings = find_voice(voice_id).settings(state, ranges)
            audio = synth.synthesize(f"I'm {scenario.person.name}. Please just listen to me.", settings)
            assert audio.duration > 1.0 and audio.rms_db() > -30.0, (scenario.id, voice_id)


# --- the benchmark ---


def test_bench_prints_a_row_per_engine() -> None:
    lines: list[str] = []
    results = bench_run(lines.append, repeats=2)
    assert "12-word line" in lines[0]
    assert results["espeak-ng (library)"]["available"] and results["espeak-ng (library)"]["median_ms"] < 200
    assert any(line.strip().startswith("silent") for line in lines)
    assert len(lines) == 1 + len(results)
