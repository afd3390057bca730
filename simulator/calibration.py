"""Calibration against blind human ratings: the transcripts, the ratings file, the split, and rank agreement.

An instructor's scale is only trustworthy if it agrees with instructors. The
calibration set (``tests/calibration/``) holds officer transcripts written to
graded levels of skill by one hand and rated blind by another on the rubric in
``RUBRIC.md``; this module plays them, reads the ratings and measures how well
the overall score agrees (Spearman's rank correlation and the mean absolute
difference). Files numbered 1–3 in each scenario are the tuning half; 4–6 are
held back and only ever measured.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.rubric import CALIBRATION_ITEMS

CALIBRATION_DIR = Path(__file__).resolve().parents[1] / "tests" / "calibration"
RATINGS_FILE = "ratings.csv"
NAME = re.compile(r"^(?P<scenario>[a-z0-9_]+)-(?P<number>\d+)\.txt$")
TUNING_NUMBERS = frozenset({1, 2, 3})


class CalibrationError(ValueError):
    """A calibration file that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True)
class Rating:
    """One transcript's blind rating: the twelve rubric items (0–2) and the rater's overall 0–100."""

    transcript: str
    items: dict[str, int]
    overall: float


def transcripts(folder: Path = CALIBRATION_DIR) -> list[Path]:
    """The calibration transcripts, ``<scenario>-<n>.txt``, in name order."""
    return sorted(p for p in folder.glob("*.txt") if NAME.match(p.name))


def scenario_of(path: Path | str) -> str:
    m = NAME.match(Path(path).name)
    if not m:
        raise CalibrationError(f"{path}: a calibration transcript is named <scenario>-<n>.txt")
    return m.group("scenario")


def half_of(path: Path | str) -> str:
    """``"tune"`` for files 1–3 of a scenario, ``"held"`` for the rest."""
    m = NAME.match(Path(path).name)
    if not m:
        raise CalibrationError(f"{path}: a calibration transcript is named <scenario>-<n>.txt")
    return "tune" if int(m.group("number")) in TUNING_NUMBERS else "held"


def read_ratings(path: Path) -> dict[str, Rating]:
    """Read ``ratings.csv`` (see RUBRIC.md). Every problem names its line and what to write instead."""
    if not path.exists():
        raise CalibrationError(f"{path}: no ratings yet — the blind rater writes this file (format in {path.parent / 'RUBRIC.md'})")
    text = path.read_text(encoding="utf-8-sig")
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(rows)
    needed = {"transcript", "overall"}
    if reader.fieldnames is None or not needed <= {f.strip() for f in reader.fieldnames}:
        raise CalibrationError(f"{path}:1: the header needs at least 'transcript' and 'overall' (and the rubric items {', '.join(CALIBRATION_ITEMS)})")
    out: dict[str, Rating] = {}
    for number, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        name = row["transcript"]
        if not NAME.match(name):
            raise CalibrationError(f"{path}:{number}: '{name}' is not a calibration transcript name (<scenario>-<n>.txt)")
        try:
            overall = float(row["overall"])
        except ValueError:
            raise CalibrationError(f"{path}:{number}: overall '{row['overall']}' is not a number from 0 to 100") from None
        if not 0 <= overall <= 100 or math.isnan(overall):
            raise CalibrationError(f"{path}:{number}: overall {overall} is outside 0–100")
        items = {}
        for item in CALIBRATION_ITEMS:
            raw = row.get(item, "")
            if raw == "":
                continue
            if raw not in ("0", "1", "2"):
                raise CalibrationError(f"{path}:{number}: {item} '{raw}' must be 0, 1 or 2")
            items[item] = int(raw)
        if name in out:
            raise CalibrationError(f"{path}:{number}: '{name}' is rated twice")
        out[name] = Rating(name, items, overall)
    return out


def ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (Pearson's r on the ranks); nan with fewer than 3 pairs or no spread."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs pairs")
    if len(xs) < 3:
        return math.nan
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    if vx == 0 or vy == 0:
        return math.nan
    return cov / (vx * vy)


def mean_abs_difference(xs: list[float], ys: list[float]) -> float:
    return sum(abs(a - b) for a, b in zip(xs, ys, strict=True)) / len(xs) if xs else math.nan
