"""Shared test helpers: the minimal scenario, broken copies of it, and sessions on a manual clock.

Every test uses real parts: real files (written to ``tmp_path``), the real loader and
the real session. A broken copy is minimal.yaml with a few exact string replacements,
so each broken-file test says in one line what it breaks.
"""

from __future__ import annotations

import os

# Qt must not look for a display in tests (set before any QApplication exists).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulator.clock import ManualClock
from simulator.diagnostics import Diagnostic
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Scenario
from simulator.session import Session

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "scenarios" / "minimal.yaml"

# Extra menu choices for the contact and talking phases. Each performs exactly one technique
# (a menu choice is read with confidence 1), so runtime and scoring tests do not depend on
# how free text happens to be read.
CONTACT_EXTRAS = """\
      - {id: contact.label, text: "You sound scared.", techniques: [emotion_label]}
      - {id: contact.time, text: "There's no rush.", techniques: [give_time]}
      - {id: contact.argue, text: "Nobody is staring at you.", techniques: [argue]}
      - {id: contact.help, text: "Can I get you some help?", techniques: [offer_help]}
      - {id: contact.harm, text: "Are you thinking of hurting yourself?", techniques: [ask_about_harm]}
      - {id: contact.back, text: "I'll give you some room.", techniques: [reassure], action: step_back}
"""
TALKING_EXTRAS = """\
      - {id: talking.label, text: "That sounds frightening.", techniques: [emotion_label]}
"""
RICH = (
    ("        rating: negative\n  - id: talking\n", "        rating: negative\n" + CONTACT_EXTRAS + "  - id: talking\n"),
    ("        referral: mobile_crisis_team\n        rating: positive\n", "        referral: mobile_crisis_team\n        rating: positive\n" + TALKING_EXTRAS),
)


def write_variant(folder: Path, *replacements: tuple[str, str], name: str = "variant.yaml") -> Path:
    """Copy minimal.yaml into ``folder`` with each (old, new) replaced once; return the copy."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"minimal.yaml no longer contains {old!r}: update the test"
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Checked:
    """What loading a file gave: the scenario (None on any error), its errors and its warnings."""

    path: Path
    scenario: Scenario | None
    errors: list[Diagnostic]
    warnings: list[Diagnostic]

    def error(self, text: str) -> Diagnostic:
        """The one error whose message contains ``text``."""
        found = [d for d in self.errors if text in d.message]
        assert len(found) == 1, f"expected one error containing {text!r}, got: {[str(d) for d in self.errors]}"
        return found[0]

    def warning(self, text: str) -> Diagnostic:
        """The one warning whose message contains ``text``."""
        found = [d for d in self.warnings if text in d.message]
        assert len(found) == 1, f"expected one warning containing {text!r}, got: {[str(d) for d in self.warnings]}"
        return found[0]


def check_file(path: Path) -> Checked:
    scenario, diags = load_scenario(path)
    return Checked(path, scenario, [d for d in diags if d.severity == "error"], [d for d in diags if d.severity == "warning"])


def locate(path: Path, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column of the ``occurrence``-th line of ``path`` containing ``needle`` (which may end in \\n)."""
    lines = [line + "\n" for line in path.read_text(encoding="utf-8").splitlines()]
    hits = [(n, line.index(needle) + 1) for n, line in enumerate(lines, start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} occurs {len(hits)} times in {path}"
    return hits[occurrence - 1]


@pytest.fixture
def minimal_path() -> Path:
    return MINIMAL


@pytest.fixture
def variant(tmp_path: Path) -> Callable[..., Path]:
    """``variant((old, new), ...)``: a copy of minimal.yaml in tmp_path with those replacements."""

    def make(*replacements: tuple[str, str], name: str = "variant.yaml") -> Path:
        return write_variant(tmp_path, *replacements, name=name)

    return make


@pytest.fixture
def checked(variant: Callable[..., Path]) -> Callable[..., Checked]:
    """``checked((old, new), ...)``: load a broken copy of minimal.yaml and sort its diagnostics."""

    def make(*replacements: tuple[str, str]) -> Checked:
        return check_file(variant(*replacements))

    return make


@pytest.fixture
def check() -> Callable[[Path], Checked]:
    """``check(path)``: load a file and sort its diagnostics."""
    return check_file


@pytest.fixture
def where() -> Callable[..., tuple[int, int]]:
    """``where(path, needle, occurrence=1)``: the (line, column) where ``needle`` appears in the file."""
    return locate


@pytest.fixture
def rich_variant(variant: Callable[..., Path]) -> Callable[..., Path]:
    """``rich_variant((old, new), ...)``: minimal.yaml plus single-technique choices, with more replacements."""

    def make(*replacements: tuple[str, str]) -> Path:
        return variant(*RICH, *replacements, name="rich.yaml")

    return make


@pytest.fixture
def rich_path(rich_variant: Callable[..., Path]) -> Path:
    """minimal.yaml plus single-technique menu choices (see CONTACT_EXTRAS)."""
    return rich_variant()


_LOADED: dict[str, Scenario] = {}


@pytest.fixture
def start_session() -> Callable[..., Session]:
    """``start_session(path=minimal.yaml, seed=0)``: a started session on a manual clock."""

    def make(path: Path = MINIMAL, seed: int = 0) -> Session:
        text = path.read_text(encoding="utf-8")
        if text not in _LOADED:  # a scenario is immutable: sessions of the same text can share it
            scenario, diags = load_scenario(path)
            assert scenario is not None, [str(d) for d in diags]
            _LOADED[text] = scenario
        session = Session(_LOADED[text], seed=seed, clock=ManualClock())
        session.start()
        return session

    return make


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions are always recorded: keep every test's recordings out of the real user data folder."""
    monkeypatch.setenv("DEESCALATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
