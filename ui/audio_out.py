"""The person's voice: the core's Speaker synthesises off the GUI thread, QtMultimedia plays it here.

Speaker callbacks arrive on its worker thread, so they are re-emitted as Qt
signals (queued to the GUI thread) before anything touches QtMultimedia. While a
line plays, ``speaking`` is True and the session view mutes the microphone, so
the trainee's recogniser never hears the simulated person. With no audio output
(or voice off) nothing is played and the lines stay captions only.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudio, QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from simulator.speech.speaker import Speaker
from simulator.speech.synth import Audio
from simulator.voices import VoiceSettings


def device_id(device: QAudioDevice) -> str:
    """The id Settings stores for a device (PulseAudio's sink or source name)."""
    return bytes(device.id().data()).decode(errors="replace")


class Voice(QObject):
    """Speaks lines aloud; ``started(line_id)`` / ``done(line_id)`` bracket each one on the GUI thread.

    ``started`` is queued to the GUI thread before the line's audio is (both come from the Speaker's thread, in
    that order, and Qt delivers one thread's posted calls in order), so its slots — the window mutes the
    microphone there — have run before ``_play`` hands the first sample to the speakers.
    """

    started = Signal(str)
    done = Signal(str)
    unavailable = Signal(str)
    _audio_ready = Signal(str, object)  # from the Speaker's thread

    def __init__(self, device_id: str = "", volume: int = 80, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device_id = device_id
        self._volume = volume / 100.0
        self._speaker: Speaker | None = None
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._line: str | None = None
        self.engine = ""
        self.problem = ""
        self._audio_ready.connect(self._play)

    def output_device(self) -> QAudioDevice | None:
        devices = QMediaDevices.audioOutputs()
        if not devices:
            return None
        return next((d for d in devices if device_id(d) == self._device_id), None) or QMediaDevices.defaultAudioOutput()

    def prepare(self) -> bool:
        """Pick the engine (fast: espeak-ng is a subprocess) and start the Speaker's thread."""
        from simulator.speech.synth import choose_synthesizer

        if self.output_device() is None:
            self.problem = "No speakers found: the person's lines are shown as captions only. Connect speakers or headphones and check the sound settings."
            self.unavailable.emit(self.problem)
            return False
        choice = choose_synthesizer()
        if not choice.speaks:
            self.problem = "No speech engine found (install espeak-ng): the person's lines are shown as captions only. " + "; ".join(choice.notes())
            self.unavailable.emit(self.problem)
            return False
        self.engine = choice.synthesizer.name
        self._speaker = Speaker(choice.synthesizer, lambda line_id, audio: self._audio_ready.emit(line_id, audio),
                                on_start=self.started.emit, on_done=self.done.emit, await_playback=True)
        return True

    @property
    def active(self) -> bool:
        return self._speaker is not None

    def say(self, line_id: str, text: str, settings: VoiceSettings | None) -> None:
        if self._speaker is not None and settings is not None:
            self._speaker.say(line_id, text, settings)

    def set_volume(self, volume: int) -> None:
        self._volume = volume / 100.0
        if self._sink is not None:
            self._sink.setVolume(self._volume)

    def _play(self, line_id: str, audio: Audio) -> None:
        if self._speaker is None or not self._speaker.wanted(line_id):
            return  # talked over (cancelled) while this audio was queued to us: the person has stopped
        self._stop_sink()
        device = self.output_device()
        if device is None:
            self._speaker.finished(line_id)
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(audio.rate)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._line = line_id
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(audio.samples))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, fmt, self)
        self._sink.setVolume(self._volume)
        self._sink.stateChanged.connect(self._state)
        self._sink.start(self._buffer)

    def _state(self, state: QAudio.State) -> None:  # QAudio, not QtAudio: the signal's C++ signature names QAudio::State
        if self._sink is None:
            return
        if state == QAudio.State.IdleState or (state == QAudio.State.StoppedState and self._sink.error() != QtAudio.Error.NoError):
            line, self._line = self._line, None
            self._stop_sink()
            if line and self._speaker is not None:
                self._speaker.finished(line)

    def _stop_sink(self) -> None:
        if self._sink is not None:
            sink, self._sink = self._sink, None
            sink.stateChanged.disconnect(self._state)
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def cancel(self) -> None:
        if self._speaker is not None:
            self._speaker.cancel()
        self._stop_sink()

    def close(self) -> None:
        self._stop_sink()
        if self._speaker is not None:
            speaker, self._speaker = self._speaker, None
            speaker.close(timeout=1.0)
