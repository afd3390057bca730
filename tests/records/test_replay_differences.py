"""Replay says exactly where it parts from the recording, and a log cut mid-turn replays as equal up to its last whole event."""

from __future__ import annotations

import json

from simulator.cli import main
from simulator.records.compare import compare
from simulator.records.replay import replay
from simulator.records.store import read_events

from .conftest import event_rows


def test_an_edited_reaction_is_named_by_event_and_field(recorded, capsys):
    """A person's line changed on disk (the log's reactions no longer follow from its inputs)."""
    rows = event_rows(recorded)
    said = next(r for r in rows if r["type"] == "person_said" and r["turn"] >= 2)
    said["data"]["text"] = "I never said this."
    (recorded / "events.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    capsys.readouterr()
    assert main(["replay", str(recorded), "--json"]) == 1
    err = capsys.readouterr().err
    assert f"(seq {said['seq']}, turn {said['turn']}, person_said)" in err
    assert "data.text: recorded \"I never said this.\"" in err


def test_a_log_cut_mid_turn_replays_as_equal_up_to_its_last_whole_event(recorded, capsys):
    """Killed after an input was logged but before all of its reactions: nothing was lost, so nothing differs."""
    rows = event_rows(recorded)
    turn_starts = [i for i, r in enumerate(rows) if i and r["turn"] > rows[i - 1]["turn"]]
    cuts = [start + k for start in turn_starts for k in (1, 2, 3) if start + k < len(rows) - 1]
    assert len(cuts) >= 6
    meta = json.loads((recorded / "session.json").read_text())
    meta = {k: v for k, v in meta.items() if k not in ("ending", "outcome", "closed", "turns", "duration", "events", "scores", "variables")}
    (recorded / "session.json").write_text(json.dumps({**meta, "finished": False}))  # as the recorder wrote it at the start
    lines = (recorded / "events.jsonl").read_bytes().splitlines(keepends=True)
    went_on = 0
    for cut in cuts:
        (recorded / "events.jsonl").write_bytes(b"".join(lines[:cut]) + lines[cut][: len(lines[cut]) // 2])  # and a torn half line
        verdict = compare(read_events(recorded), replay(recorded).session.events)
        assert verdict.same and verdict.compared == cut, (cut, verdict.difference)
        went_on += verdict.replayed > cut and "stopped after" in verdict.note  # the replay finished the cut turn
        capsys.readouterr()
        assert main(["replay", str(recorded)]) == 0, capsys.readouterr().err
    assert went_on >= 3


def test_a_dropped_tail_of_a_finished_session_is_not_equal(recorded):
    """A finished session's replay must end where the recording ends."""
    events = read_events(recorded)
    replayed = replay(recorded).session.events
    assert compare(events, replayed, finished=True).same
    longer = compare(events, [*replayed, replayed[-1]], finished=True)
    assert not longer.same and "the recording ends after" in longer.difference
    shorter = compare(events, replayed[:-3], finished=True)
    assert not shorter.same and "the replay stops after" in shorter.difference
