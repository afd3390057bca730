"""Finding scenarios: the shipped ones by id, or any file by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.diagnostics import Diagnostic
from simulator.paths import scenarios_dir
from simulator.scenario.loader import load_scenario
from simulator.scenario.model import Scenario


class ScenarioNotFound(LookupError):
    """No scenario by that id or path; the message lists the ids there are."""


@dataclass(frozen=True)
class CatalogEntry:
    path: Path
    scenario: Scenario | None
    diagnostics: tuple[Diagnostic, ...]


def scenario_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or scenarios_dir()).glob("*.yaml"))


def catalog(folder: Path | None = None) -> list[CatalogEntry]:
    """Every scenario file in ``folder``, loaded (broken ones carry their diagnostics)."""
    entries = []
    for path in scenario_files(folder):
        scenario, diags = load_scenario(path)
        entries.append(CatalogEntry(path, scenario, tuple(diags)))
    return entries


def find(name: str, folder: Path | None = None) -> Scenario:
    """A scenario by id or by file path. Raises ScenarioNotFound or InvalidFile."""
    from simulator.scenario.loader import load_scenario_or_raise

    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        if not candidate.exists():
            raise ScenarioNotFound(f"no scenario file at {name}")
        return load_scenario_or_raise(candidate)
    ids = []
    for path in scenario_files(folder):
        if path.stem == name:
            return load_scenario_or_raise(path)
        ids.append(path.stem)
    for entry in catalog(folder):  # ids that differ from file names
        if entry.scenario and entry.scenario.id == name:
            return entry.scenario
    listed = ", ".join(ids) or "(none installed)"
    raise ScenarioNotFound(f"unknown scenario '{name}'. Available: {listed}")
