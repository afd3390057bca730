"""The trainee's microphone through QtMultimedia, feeding the core's Listener.

Capture runs in Qt's audio thread and this object only converts and copies
bytes on to ``Listener.feed`` (which never blocks); recognition happens in the
listener's own worker. The device is opened in its own preferred format (many
USB headsets and laptop microphones only open at 44.1 or 48 kHz, in stereo or
float) and the audio is mixed to mono and resampled to 16 kHz with soxr, with
the filter state kept from chunk to chunk. With no input device or no sound
server, QtMultimedia lists no devices or fails to open: the microphone reports
why, and the app carries on with typing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices

from simulator.speech.audio import StreamResampler

RATE = 16000
CAPTURE_BUFFER_S = 2.0  # how long the GUI thread may be busy before captured audio is lost (see Microphone.start)


def input_devices() -> list[tuple[str, str]]:
    """(id, description) of every audio input Qt can see."""
    return [(device_id(d), d.description()) for d in QMediaDevices.audioInputs()]


def device_id(device: QAudioDevice) -> str:
    """The id Settings stores for a device (PulseAudio's source name)."""
    return bytes(device.id().data()).decode(errors="replace")


def capture_format(device: QAudioDevice) -> QAudioFormat:
    """16 kHz mono 16-bit when the device takes it (no conversion at all), else the device's own preferred format."""
    fmt = QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return fmt if device.isFormatSupported(fmt) else device.preferredFormat()


class PcmConverter:
    """Raw capture bytes in the device's format → 16-bit mono PCM at 16 kHz (chunk by chunk)."""

    def __init__(self, rate: int, channels: int, sample_format: str) -> None:
        if sample_format not in ("Int16", "Int32", "Float", "UInt8"):
            raise ValueError(f"unsupported microphone sample format {sample_format}")
        self.rate, self.channels, self.sample_format = rate, max(1, channels), sample_format
        self._width = {"Int16": 2, "Int32": 4, "Float": 4, "UInt8": 1}[sample_format]
        self._resample = StreamResampler(rate, RATE)
        self._rest = b""

    def __call__(self, raw: bytes) -> bytes:
        if self.sample_format == "Int16" and self.channels == 1 and self.rate == RATE:
            return raw
        import numpy as np

        data = self._rest + raw
        frame = self._width * self.channels
        whole = len(data) // frame * frame
        self._rest = data[whole:]
        if not whole:
            return b""
        kind = {"Int16": "<i2", "Int32": "<i4", "Float": "<f4", "UInt8": "u1"}[self.sample_format]
        x = np.frombuffer(data[:whole], dtype=kind).astype(np.float64)
        if self.sample_format == "Int16":
            x /= 32768.0
        elif self.sample_format == "Int32":
            x /= 2147483648.0
        elif self.sample_format == "UInt8":
            x = (x - 128.0) / 128.0
        mono = x.reshape(-1, self.channels).mean(axis=1)
        pcm = np.clip(np.round(mono * 32768.0), -32768, 32767).astype("<i2").tobytes()
        return self._resample(pcm)


class Microphone(QObject):
    """Start/stop capture; every chunk, as 16 kHz mono 16-bit PCM, goes to ``sink``."""

    unavailable = Signal(str)  # why there is no microphone, and what to do
    started = Signal(str)  # the device's description
    level = Signal(float)

    def __init__(self, sink: Callable[[bytes], None], device_id: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = sink
        self._device_id = device_id
        self._source: QAudioSource | None = None
        self._io: QIODevice | None = None
        self._convert: PcmConverter | None = None
        self.capture = ""  # the format actually opened, e.g. "48000 Hz, 2 ch, Float" (for the log and pre-flight)

    def start(self) -> bool:
        devices = QMediaDevices.audioInputs()
        if not devices:
            self.unavailable.emit("No microphone found (no audio input device, or no sound server running). "
                                  "Connect a microphone and check the sound settings, or type instead.")
            return False
        device = next((d for d in devices if device_id(d) == self._device_id), None) or QMediaDevices.defaultAudioInput()
        fmt = capture_format(device)
        sample_format = fmt.sampleFormat().name
        try:
            self._convert = PcmConverter(fmt.sampleRate(), fmt.channelCount(), sample_format)
        except ValueError:
            self.unavailable.emit(f"The microphone '{device.description()}' records in a format this app cannot read ({sample_format}). "
                                  "Pick another device, or type instead.")
            return False
        self.capture = f"{fmt.sampleRate()} Hz, {fmt.channelCount()} ch, {sample_format}"
        self._source = QAudioSource(device, fmt, self)
        # Qt's default capture buffer holds 0.25 s: whatever the GUI thread spends longer than that elsewhere (a
        # relayout, a loaded machine) was audio lost from the middle of the trainee's sentence ("can you tell me
        # what happened" heard as "can you read"). Two seconds ride out such a stall; chunks still come every ~64 ms.
        self._source.setBufferSize(int(fmt.bytesPerFrame() * fmt.sampleRate() * CAPTURE_BUFFER_S))
        self._io = self._source.start()
        if self._io is None or self._source.error().name != "NoError":  # QAudio became QtAudio in Qt 6.7
            self.unavailable.emit(f"The microphone '{device.description()}' could not be opened ({self._source.error().name}). "
                                  "Check that no other program holds it, or type instead.")
            self._source.deleteLater()
            self._source = None
            return False
        self._io.readyRead.connect(self._read)
        self.started.emit(device.description())
        return True

    def _read(self) -> None:
        if self._io is None or self._convert is None:
            return
        data = self._convert(bytes(self._io.readAll().data()))
        if data:
            self._sink(data)

    def stop(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()  # its capture buffers go with it, not with this object's parent
            self._source = None
            self._io = None

    @property
    def active(self) -> bool:
        return self._source is not None
