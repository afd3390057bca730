"""simulator.calibration: the calibration set's names, split, ratings file and rank agreement."""

from __future__ import annotations

import math

import pytest

from simulator import calibration as cal


def test_the_set_has_six_transcripts_per_shipped_scenario_split_in_halves():
    """At least 36 transcripts, six per scenario; files 1–3 tune, 4–6 are held back."""
    paths = cal.transcripts()
    assert len(paths) >= 36
    by_scenario: dict[str, list[str]] = {}
    for p in paths:
        by_scenario.setdefault(cal.scenario_of(p), []).append(cal.half_of(p))
    assert len(by_scenario) >= 6
    for halves in by_scenario.values():
        assert halves.count("tune") == 3 and halves.count("held") >= 3


def test_spearman_is_one_for_the_same_order_and_minus_one_for_the_reverse():
    assert cal.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert cal.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    assert cal.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)


def test_ties_share_their_average_rank():
    assert cal.ranks([5, 1, 5, 3]) == [3.5, 1.0, 3.5, 2.0]
    assert math.isnan(cal.spearman([1, 1, 1], [1, 2, 3]))  # no spread: undefined, never a division by zero


def test_mean_absolute_difference():
    assert cal.mean_abs_difference([10, 50], [20, 40]) == 10


def test_ratings_file_is_read_with_items_and_comments(tmp_path):
    f = tmp_path / "ratings.csv"
    f.write_text("# rater B\ntranscript,space,risk,overall\nbridge_suicidal-1.txt,2,0,41\n", encoding="utf-8")
    r = cal.read_ratings(f)["bridge_suicidal-1.txt"]
    assert r.overall == 41 and r.items == {"space": 2, "risk": 0}


@pytest.mark.parametrize(("body", "message"), [
    ("transcript,overall\nbridge-x.txt,50\n", "not a calibration transcript name"),
    ("transcript,overall\nbridge_suicidal-1.txt,lots\n", "is not a number"),
    ("transcript,overall\nbridge_suicidal-1.txt,120\n", "outside 0–100"),
    ("transcript,space,overall\nbridge_suicidal-1.txt,3,50\n", "must be 0, 1 or 2"),
    ("transcript,overall\nbridge_suicidal-1.txt,50\nbridge_suicidal-1.txt,60\n", "rated twice"),
    ("name,score\nbridge_suicidal-1.txt,50\n", "header needs"),
])
def test_a_bad_ratings_file_says_where_and_what_to_fix(tmp_path, body, message):
    f = tmp_path / "ratings.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(cal.CalibrationError, match=message) as err:
        cal.read_ratings(f)
    assert str(f) in str(err.value)


def test_missing_ratings_are_a_clear_error(tmp_path):
    with pytest.raises(cal.CalibrationError, match="no ratings yet"):
        cal.read_ratings(tmp_path / "ratings.csv")
