"""``deescalate instruct`` as a real process: it prints the address, code, fingerprint and console address; bad options say why."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.instruct import protocol as pr

ROOT = Path(__file__).resolve().parents[2]


def test_the_hub_prints_what_the_class_needs_and_a_station_can_join(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "simulator.cli", "instruct", "--port", "0", "--state-dir", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(7)]
        text = "".join(lines)
        assert "listening on 127.0.0.1:" in text and "this machine only" in text
        code = next(ln.split(":", 1)[1].strip() for ln in lines if "join code:" in ln)
        join = next(ln.split("--join", 1)[1].strip() for ln in lines if "--join" in ln)
        fp = next(ln.split("certificate:", 1)[1].strip() for ln in lines if "certificate:" in ln)
        assert pr.parse_join(join)[0] == code and len(pr.normalize_code(code)) == 12
        assert fp == pr.fingerprint(ssl.PEM_cert_to_DER_cert((tmp_path / "hub-cert.pem").read_text()))
        assert any(ln.strip().startswith("console:") and "https://127.0.0.1:" in ln and "/#" in ln for ln in lines)
        from simulator.instruct.station import Station

        st = Station(join).start()
        try:
            assert st.connected.wait(15) and st.fingerprint == fp
        finally:
            st.stop()
    finally:
        proc.terminate()
        proc.wait(10)


def test_bad_options_say_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.instruct.cli import main

    for args, words in ((["--host", "lab-pc"], "give the address of one of this machine's interfaces"),
                        (["--code", "ABC"], "a join code has 12 letters and digits")):
        assert main(args) == 2
        assert words in capsys.readouterr().err
