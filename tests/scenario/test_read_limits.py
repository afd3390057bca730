"""Bad bytes in a scenario file end in a positioned message, never a traceback: the read limits of simulator/yamlpos.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.diagnostics import InvalidFile
from simulator.scenario.loader import load_scenario
from simulator.yamlpos import MAX_DEPTH, MAX_FILE_BYTES, load_yaml

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "minimal.yaml"


def _only_error(path: Path) -> str:
    with pytest.raises(InvalidFile) as caught:
        load_yaml(path)
    (d,) = caught.value.diagnostics
    assert d.severity == "error" and d.hint
    return str(d)


def test_a_10_mb_file_is_refused_at_once_by_its_size(tmp_path):
    """It used to take 14–45 s to parse; now the size alone refuses it (the time is not asserted: the machine is shared)."""
    big = tmp_path / "big.yaml"
    big.write_bytes(MINIMAL.read_bytes() + b"\n# " + b"x" * (10 * 1024 * 1024) + b"\n")
    started = time.monotonic()
    message = _only_error(big)
    print(f"10 MB refused in {time.monotonic() - started:.3f} s")
    assert "10.5 MB" in message and f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB" in message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-8-sig", "utf-32"])
def test_utf16_and_boms_load_like_utf8(tmp_path, codec):
    """Windows editors save UTF-16, with or without a BOM: the scenario loads the same."""
    path = tmp_path / "s.yaml"
    path.write_bytes(MINIMAL.read_text(encoding="utf-8").encode(codec))
    scenario, diags = load_scenario(path)
    reference, _ = load_scenario(MINIMAL)
    assert scenario is not None and scenario.content_hash == reference.content_hash, [str(d) for d in diags]


@pytest.mark.parametrize(("text", "where", "says"), [
    ("title: ok\nsummary: a\x00b\n", "2:11", "control character (U+0000)"),
    ("title: a\x1b[31mred\n", "1:9", "control character (U+001B)"),
    ("n: " + "[" * 500 + "]" * 500 + "\n", "1:", f"nested more than {MAX_DEPTH} levels"),
    ("n: " + "[" * 5000 + "\n", "1:", f"nested more than {MAX_DEPTH} levels"),
    ("".join("  " * i + f"k{i}:\n" for i in range(300)), "65:", f"nested more than {MAX_DEPTH} levels"),
    ("n: " + "9" * 5000 + "\n", "1:4", "cannot be read as int"),
    ("n: 1" + "0" * 400 + "\n", "1:4", "out of range"),
    ("n: 1.0e+400\n", "1:4", "out of range"),
    ("n: .nan\n", "1:4", "out of range"),
    ("n: !!float abc\n", "1:4", "'abc' cannot be read as float"),
    ("n: !!timestamp nope\n", "1:4", "cannot be read as timestamp"),
    ("n: 2026-01-01\n", "1:4", "put it in quotes"),
    ("title: caf\xe9\n", "1:", "not UTF-8"),
])
def test_bad_bytes_are_positioned_messages(tmp_path, text, where, says):
    path = tmp_path / "bad.yaml"
    path.write_bytes(text.encode("latin-1") if "\xe9" in text else text.encode("utf-8"))
    with pytest.raises(InvalidFile) as caught:
        load_yaml(path)
    message = str(caught.value)
    assert says in message and f"bad.yaml:{where}" in message


def test_validate_reports_them_on_the_command_line_with_no_traceback(tmp_path, capsys):
    (tmp_path / "a.yaml").write_bytes(b"title: a\x00b\n")
    (tmp_path / "b.yaml").write_bytes(b"n: " + b"[" * 3000 + b"\n")
    (tmp_path / "c.yaml").write_bytes(b"n: !!float abc\n")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "Traceback" not in text and text.count("error:") >= 3
