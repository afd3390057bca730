"""The trainee's microphone through QtMultimedia, feeding the core's Listener.

Capture runs in Qt's audio thread and this object only copies bytes on to
``Listener.feed`` (which never blocks); recognition happens in the listener's
own worker. With no input device or no sound server, QtMultimedia lists no
devices or fails to open: the microphone reports why, and the app carries on
with typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QMediaDevices

RATE = 16000


def input_devices() -> list[tuple[str, str]]:
    """(id, description) of every audio input Qt can see."""
    return [(bytes(d.id()).decode(errors="replace"), d.description()) for d in QMediaDevices.audioInputs()]


class Microphone(QObject):
    """Start/stop capture; every chunk of 16 kHz mono PCM goes to ``sink``."""

    unavailable = Signal(str)  # why there is no microphone, and what to do
    started = Signal(str)  # the device's description
    level = Signal(float)

    def __init__(self, sink: Callable[[bytes], None], device_id: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = sink
        self._device_id = device_id
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None

    def start(self) -> bool:
        devices = QMediaDevices.audioInputs()
        if not devices:
            self.unavailable.emit("No microphone found (no audio input device, or no sound server running). "
                                  "Connect a microphone and check the sound settings, or type instead.")
            return False
        device = next((d for d in devices if bytes(d.id()).decode(errors="replace") == self._device_id), None) or QMediaDevices.defaultAudioInput()
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            self.unavailable.emit(f"The microphone '{device.description()}' cannot record 16 kHz mono audio. Pick another device, or type instead.")
            return False
        self._source = QAudioSource(device, fmt, self)
        self._io = self._source.start()
        if self._io is None or self._source.error().name != "NoError":  # QAudio became QtAudio in Qt 6.7
            self.unavailable.emit(f"The microphone '{device.description()}' could not be opened ({self._source.error().name}). "
                                  "Check that no other program holds it, or type instead.")
            self._source = None
            return False
        self._io.readyRead.connect(self._read)
        self.started.emit(device.description())
        return True

    def _read(self) -> None:
        if self._io is None:
            return
        data = bytes(self._io.readAll().data())
        if data:
            self._sink(data)

    def stop(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source = None
            self._io = None

    @property
    def active(self) -> bool:
        return self._source is not None
