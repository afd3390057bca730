"""Measuring synthesised speech in tests: pitch (F0) of the voiced frames, with numpy.

Duration and loudness come from ``Audio`` itself; pitch needs an estimator, kept
here so the core stays free of numpy.
"""

from __future__ import annotations

import numpy as np

from simulator.speech.synth import Audio


def f0_track(audio: Audio, lo: float = 50.0, hi: float = 500.0) -> np.ndarray:
    """F0 in Hz of each clearly voiced 40 ms frame (autocorrelation peak above 0.5)."""
    x = np.frombuffer(audio.samples, dtype="<i2").astype(np.float64)
    size, hop = int(0.04 * audio.rate), int(0.01 * audio.rate)
    if len(x) < size:
        return np.array([])
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop]
    energy = (frames**2).mean(axis=1)
    frames = frames[energy > energy.max() * 10 ** (-30 / 10)]
    lags = np.arange(int(audio.rate / hi), int(audio.rate / lo) + 1)
    found = []
    for frame in frames:
        frame = frame - frame.mean()
        spectrum = np.fft.rfft(frame, 2 * size)
        ac = np.fft.irfft(spectrum * np.conj(spectrum))[:size]
        if ac[0] <= 0:
            continue
        ac = ac / ac[0]
        best = lags[np.argmax(ac[lags])]
        if ac[best] > 0.5:
            found.append(audio.rate / best)
    return np.array(found)


def median_f0(audio: Audio) -> float:
    track = f0_track(audio)
    return float(np.median(track)) if len(track) else 0.0


def f0_spread(audio: Audio) -> float:
    """How much the pitch moves: the 10th–90th percentile span of F0 in semitones."""
    track = f0_track(audio)
    if len(track) < 5:
        return 0.0
    lo, hi = np.percentile(track, [10, 90])
    return float(12 * np.log2(hi / lo))
