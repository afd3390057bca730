"""The debrief shows the core's rubric checklist and the overall score's band, and a checklist row points at its turn."""

from __future__ import annotations

from simulator.scoring import score
from ui.debrief import DebriefView


def test_debrief_shows_the_band_and_the_checklist_rows_of_the_core(qtbot, start_session, rich_path):
    session = start_session(rich_path)
    for move in ("contact.c1", "contact.label", "/step_back", "talking.label", "/refer mobile_crisis_team"):
        if move.startswith("/refer "):
            session.refer(move.split()[1])
        elif move.startswith("/"):
            session.act(move[1:])
        else:
            assert session.choose(move)
    expected = score(session.events)
    view = DebriefView(session.scenario, session.events)
    qtbot.addWidget(view)
    assert expected.band.name in view.band_label.text()
    texts = [view.checklist.item(i).text() for i in range(view.checklist.count())]
    assert {"Project BETA", "CIT evaluation"} <= set(texts)
    rows = expected.rubric.rows()
    assert len([t for t in texts if " · " in t]) == len(rows)
    assert any(t.startswith("\u2714 met · Respect personal space") for t in texts)
    row = next(i for i in range(view.checklist.count()) if "Respect personal space" in view.checklist.item(i).text())
    view.checklist.setCurrentRow(row)
    assert view.transcript.highlighted == rows[0]["met"][0]
