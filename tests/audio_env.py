"""A real sound server for tests: PulseAudio with a virtual microphone (PLATFORM.md).

CI runs as root with no sound device. This starts a private PulseAudio
(its own XDG_RUNTIME_DIR), makes a null sink ``vmic_in``, exposes its monitor
as a normal source ``vmic`` (Qt hides ``.monitor`` sources) and makes that the
default input: whatever ``paplay -d vmic_in`` plays, QAudioSource records.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class PulseUnavailable(RuntimeError):
    pass


def start_virtual_microphone() -> tuple[Path, subprocess.Popen | None]:
    if not shutil.which("pulseaudio") or not shutil.which("pactl"):
        raise PulseUnavailable("pulseaudio and pulseaudio-utils are needed: sudo apt-get install pulseaudio pulseaudio-utils")
    runtime = Path(tempfile.mkdtemp(prefix="deescalate-pulse-"))
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime / "pulse")}
    os.environ.update({"XDG_RUNTIME_DIR": env["XDG_RUNTIME_DIR"], "PULSE_RUNTIME_PATH": env["PULSE_RUNTIME_PATH"]})
    subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "--disallow-exit", "-n", "--load=module-native-protocol-unix",
                    "--load=module-always-sink"], env=env, check=False, capture_output=True)
    for _ in range(50):
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    else:
        raise PulseUnavailable("PulseAudio did not start")
    for args in (["load-module", "module-null-sink", "sink_name=vmic_in", "rate=16000", "channels=1"],
                 ["load-module", "module-remap-source", "master=vmic_in.monitor", "source_name=vmic"],
                 ["set-default-source", "vmic"]):
        subprocess.run(["pactl", *args], env=env, check=True, capture_output=True)
    return runtime, None


def stop(runtime: Path) -> None:
    subprocess.run(["pulseaudio", "--kill"], env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)}, capture_output=True)
    shutil.rmtree(runtime, ignore_errors=True)


def play_into_microphone(wav: Path) -> subprocess.Popen:
    return subprocess.Popen(["paplay", "-d", "vmic_in", str(wav)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
