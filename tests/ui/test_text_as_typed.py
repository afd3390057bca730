"""What a trainee typed is shown as typed in every view (issue 20): "put the <knife> down" keeps its knife.

Qt labels guess rich text, so an unescaped "<knife>" is an unknown tag and vanishes, and "<3" can
swallow what follows. Each view is read back as the words a person sees (its HTML rendered to plain
text), not as markup, so the test fails the way a trainee would notice.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument

from simulator.clock import ManualClock
from tests.ui.conftest import scenario
from ui.session_runner import SessionRunner

TYPED = ["put the <knife> down", "you matter to me <3", "Łukasz & Zoë said \"stay\" — a <b>bold</b> claim"]


def seen(markup: str) -> str:
    """The words a label or text view shows for ``markup`` (as Qt renders rich text)."""
    doc = QTextDocument()
    doc.setHtml(markup)
    return " ".join(doc.toPlainText().split())


def _played() -> SessionRunner:
    clock = ManualClock()
    runner = SessionRunner(scenario("bridge_suicidal"), seed=2, clock=clock, trainee="Łukasz <Żółć>")
    runner.start()
    for line in TYPED:
        clock.advance(6)
        runner.say(line)
    runner.end()
    runner.close()  # the worker finishes the turns and the recording, and ends
    return runner


def test_the_session_view_transcript_shows_angle_brackets_as_typed(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 3)
    view = window.session_view
    for line in TYPED:
        window.clocks[-1].advance(6)
        view.text.setText(line)
        view.text.returnPressed.emit()
    window.runner.wait_idle()
    shown = " ".join(view.transcript.toPlainText().split())
    for line in TYPED:
        assert line in shown


def test_the_replay_viewer_shows_the_turn_as_typed(qtbot):
    from ui.replay_view import ReplayView

    runner = _played()
    view = ReplayView(runner.recorder.folder)
    qtbot.addWidget(view)
    for row, line in enumerate(TYPED):
        view.turn_list.setCurrentRow(row)
        assert line in seen(view.detail.text())
        assert line in view.turn_list.item(row).text()
    view.note_edit.setText("Good <pause> here <3")
    view.pin_note()
    assert "Good <pause> here <3" in seen(view.notes.text())


def test_the_debrief_transcript_and_feedback_show_text_as_typed(qtbot):
    from ui.debrief import DebriefView

    runner = _played()
    view = DebriefView(runner.scenario, runner.events)
    qtbot.addWidget(view)
    shown = " ".join(view.transcript.toPlainText().split())
    for line in TYPED:
        assert line in shown
    for i in range(view.points.count()):  # teaching points quote turns: as typed, or not at all
        assert "<knife>" not in view.points.item(i).text() or "put the <knife> down" in view.points.item(i).text()
    assert "<b>bold</b>" not in view.feedback.text() or "&lt;b&gt;" in view.feedback.text()
