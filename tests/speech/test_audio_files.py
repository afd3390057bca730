"""Audio from any recorder: files made by sox in the formats field recorders and phones write are read as
16-bit mono, and resampling is band-limited both ways (soxr)."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from devtools.testaudio import shared_dir
from simulator.speech.audio import AudioFileError, StreamResampler, read_audio, resample
from simulator.speech.pcm import Audio

needs_sox = pytest.mark.skipif(shutil.which("sox") is None, reason="sox makes the test files: sudo apt-get install sox")
GOFORWARD = (shared_dir() / "audio" / "commands" / "goforward.wav") if shared_dir() else None


def sox(*args: str) -> None:
    subprocess.run(["sox", *args], check=True, capture_output=True)


def recorder_files(tmp_path: Path, source: Path) -> dict[str, Path]:
    """The same speech as a field recorder (24-bit stereo 48 kHz, WAVE_FORMAT_EXTENSIBLE), a DAW (32-bit float),
    a FLAC, an OGG, an AIFF and a phone (8 kHz mono) would write it."""
    out = {
        "24-bit stereo 48 kHz": tmp_path / "field.wav",
        "32-bit float": tmp_path / "float.wav",
        "FLAC": tmp_path / "speech.flac",
        "OGG Vorbis": tmp_path / "speech.ogg",
        "AIFF": tmp_path / "speech.aiff",
        "8 kHz phone": tmp_path / "phone.wav",
    }
    sox(str(source), "-b", "24", "-c", "2", "-r", "48000", str(out["24-bit stereo 48 kHz"]))
    sox(str(source), "-e", "floating-point", "-b", "32", str(out["32-bit float"]))
    sox(str(source), str(out["FLAC"]))
    sox(str(source), "-C", "6", str(out["OGG Vorbis"]))
    sox(str(source), str(out["AIFF"]))
    sox(str(source), "-r", "8000", "-c", "1", "-b", "16", str(out["8 kHz phone"]))
    return out


@needs_sox
@pytest.mark.skipif(GOFORWARD is None, reason="the real recordings (../shared/audio) are not beside the repository")
def test_every_recorder_format_is_read_as_16_bit_mono_at_its_own_rate(tmp_path: Path) -> None:
    assert GOFORWARD is not None
    original = read_audio(GOFORWARD)
    files = recorder_files(tmp_path, GOFORWARD)
    assert files["24-bit stereo 48 kHz"].read_bytes()[20:22] == b"\xfe\xff"  # WAVE_FORMAT_EXTENSIBLE (65534), which `wave` refused
    rates = {"24-bit stereo 48 kHz": 48000, "8 kHz phone": 8000}
    for what, path in files.items():
        audio = read_audio(path)
        assert audio.rate == rates.get(what, 16000), what
        assert abs(audio.duration - original.duration) < 0.05, what
        back = resample(audio, 16000)
        assert abs(back.rms_db() - original.rms_db()) < 1.5, what  # the same loudness: no width or channel mistakes


def test_stereo_is_mixed_not_one_channel_taken(tmp_path: Path) -> None:
    """A tone in the left channel only and silence in the right is read at half amplitude (-6 dB), not dropped."""
    import soundfile

    t = np.arange(16000) / 16000
    tone = 0.5 * np.sin(2 * np.pi * 440 * t)
    soundfile.write(tmp_path / "left.wav", np.stack([tone, np.zeros_like(tone)], axis=1), 16000, subtype="PCM_24")
    mono = read_audio(tmp_path / "left.wav")
    assert mono.rms_db() == pytest.approx(Audio(np.round(tone * 32768).astype("<i2").tobytes(), 16000).rms_db() - 6.02, abs=0.1)


def test_unreadable_files_say_which_file_and_how_to_convert(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio", encoding="utf-8")
    with pytest.raises(AudioFileError, match=r"notes\.wav.*sox"):
        read_audio(bad)
    with pytest.raises(AudioFileError, match="no such file"):
        read_audio(tmp_path / "missing.wav")


def _band_energy_db(audio: Audio, low: float, high: float) -> float:
    x = np.frombuffer(audio.samples, dtype="<i2").astype(np.float64)
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / audio.rate)
    band = spectrum[(freqs >= low) & (freqs < high)].sum()
    return 10 * math.log10(band / spectrum.sum() + 1e-30)


def test_upsampling_phone_audio_adds_no_images_above_its_band() -> None:
    """8 kHz audio has nothing above 4 kHz; upsampled to 16 kHz it must still have (almost) nothing there.
    Linear interpolation without a filter leaves mirror images of a 3 kHz tone at 5 kHz."""
    t = np.arange(8000) / 8000
    tone = Audio(np.round(0.5 * 32767 * np.sin(2 * np.pi * 3000 * t)).astype("<i2").tobytes(), 8000)
    up = resample(tone, 16000)
    assert up.rate == 16000 and abs(up.frames - 16000) <= 1
    assert _band_energy_db(up, 4200, 8000) < -60


def test_downsampling_does_not_fold_high_frequencies_into_speech() -> None:
    """A 9.5 kHz tone at 22.05 kHz (espeak's rate) is above what 16 kHz audio can hold (8 kHz): it must vanish,
    not fold back into the speech band at 6.5 kHz."""
    t = np.arange(22050) / 22050
    high = Audio(np.round(0.5 * 32767 * np.sin(2 * np.pi * 9500 * t)).astype("<i2").tobytes(), 22050)
    down = resample(high, 16000)
    middle = Audio(down.samples[4000:-4000], 16000)  # away from the start and end, where any filter rings
    assert middle.rms_db() < high.rms_db() - 60


def test_a_stream_resampled_in_chunks_matches_the_whole() -> None:
    """The microphone resamples 48 kHz chunk by chunk; the filter state carries over, so there are no clicks at the joins."""
    t = np.arange(48000) / 48000
    pcm = np.round(0.3 * 32767 * np.sin(2 * np.pi * 300 * t)).astype("<i2").tobytes()
    stream = StreamResampler(48000, 16000)
    chunks = [stream(pcm[i : i + 4800]) for i in range(0, len(pcm), 4800)] + [stream(b"", last=True)]
    joined = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float64)
    whole = np.frombuffer(resample(Audio(pcm, 48000), 16000).samples, dtype="<i2").astype(np.float64)
    n = min(len(joined), len(whole))
    assert abs(len(joined) - 16000) <= 32
    assert np.abs(joined[200 : n - 200] - whole[200 : n - 200]).max() < 400  # same signal (soxr's stream and batch filters differ slightly)
