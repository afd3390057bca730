"""Whole sessions through the real widgets: by typing, by the menu; the debrief shows the core's scores."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from simulator.inputs import Act, Refer, Say, Wait
from simulator.scoring import score
from simulator.script import parse_script, seconds_before
from tests.ui.conftest import scenario


def _start_from_browser(qtbot, window, scenario_id: str):
    """Search the browser, press the card's Start, accept the content warning."""
    s = scenario(scenario_id)
    window.browser.search.setText(s.title.split()[0])
    card = next(c for c in window.browser.visible_cards() if c.entry.scenario and c.entry.scenario.id == s.id)
    qtbot.mouseClick(card.start, Qt.MouseButton.LeftButton)
    assert window.warning is not None and window.warning.isVisible()
    shown = " ".join(label.text() for label in window.warning.findChildren(QLabel))
    assert all(html.escape(w) in shown for w in s.content_warnings)
    qtbot.mouseClick(window.warning.start_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.session_view
    return window.runner.scenario


def _debrief_matches_core(window) -> None:
    expected = score(window.runner.events)
    for name, value in expected.as_dict().items():
        assert f">{value}<" in window.debrief.score_labels[name].text(), (name, value, window.debrief.score_labels[name].text())
        for line in expected.explanations[name]:
            assert line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;") in \
                window.debrief.explanation_labels[name].text()
    assert window.debrief.points.count() >= len(expected.teaching_points)


def test_a_whole_scenario_by_typing(qtbot, window):
    """The bridge scenario's skilled playthrough, typed into the text box and clicked on the buttons.

    The clock moves as the playthrough check moves it (the person finishes, a beat, the officer
    speaks), because the scenario declares a minimum pace, and the seed is the playthrough's own.
    """
    s = scenario("bridge_suicidal")
    pt = next(p for p in s.playthroughs if p.expect_outcome == "voluntary_help"
              or (p.expect_ending and s.endings[p.expect_ending].outcome == "voluntary_help"))
    window.rng = _SeedOnce(pt.seed, window.rng)
    _start_from_browser(qtbot, window, "bridge_suicidal")
    view = window.session_view
    for step in parse_script("\n".join(pt.script), pt.id):
        window.runner.wait_idle()  # the turns run on the runner's worker: the next step is timed from the session as it is
        if window.runner.session.finished:
            break
        window.clocks[-1].advance(seconds_before(window.runner.session, step.input))
        match step.input:
            case Refer(resource=resource):
                view.referral.setCurrentIndex(view.referral.findData(resource))
                qtbot.mouseClick(view.offer, Qt.MouseButton.LeftButton)
            case Wait(seconds=seconds):  # the trainee stays silent: time passes and the session ticks
                window.clocks[-1].advance(seconds)
                window.runner.tick()
            case Act(action=action):
                qtbot.mouseClick(view.action_buttons[action], Qt.MouseButton.LeftButton)
            case Say(text=text):
                qtbot.keyClicks(view.text, text)
                qtbot.keyClick(view.text, Qt.Key.Key_Return)
            case other:
                raise AssertionError(f"the skilled playthrough has an input the test cannot type: {other}")
    window.runner.wait_idle()
    assert window.runner.session.ending is not None
    assert s.endings[window.runner.session.ending].outcome == "voluntary_help"
    assert view.debrief_button.isVisible() and not view.text.isEnabled()
    said = [e for e in view.transcript.transcript.entries if e.kind == "trainee"]
    assert said and all(e.source == "typed" or e.source.startswith("typed") for e in said)
    assert all(e.chips for e in said), "every spoken turn has technique chips"
    qtbot.mouseClick(view.debrief_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.debrief
    _debrief_matches_core(window)


class _SeedOnce:
    """The window's random source, giving ``seed`` for the next session and then carrying on as before."""

    def __init__(self, seed: int, rest) -> None:
        self.seed, self.rest = seed, rest

    def randrange(self, *args):
        if self.seed is not None:
            seed, self.seed = self.seed, None
            return seed
        return self.rest.randrange(*args)

    def __getattr__(self, name):
        return getattr(self.rest, name)


def test_a_whole_scenario_by_menu(qtbot, window):
    """Always the first menu choice (or an action when a phase has none), until the person's story ends."""
    _start_from_browser(qtbot, window, "dementia_lost")
    view = window.session_view
    for _ in range(60):
        window.runner.wait_idle()
        if window.runner.session.finished:
            break
        if view.menu.count():
            view.menu.setCurrentRow(0)
            qtbot.mouseClick(view.choose_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClicks(view.text, "take your time, I'm here to help")
            qtbot.keyClick(view.text, Qt.Key.Key_Return)
        window.clocks[-1].advance(10)
    assert window.runner.session.finished
    assert any(e.type == "choice_made" for e in window.runner.events)
    qtbot.mouseClick(view.debrief_button, Qt.MouseButton.LeftButton)
    _debrief_matches_core(window)
    assert "Why." in window.debrief.feedback.text() or "Turn" in window.debrief.feedback.text()


def test_teaching_point_highlights_its_turn(qtbot, window):
    window.start_session(scenario("psychosis_paranoia"), 3)
    view = window.session_view
    for text in ("drop the knife right now", "calm down", "I'm not going to hurt you, my name is Sam"):
        view.text.setText(text)
        view.send.click()
        window.clocks[-1].advance(10)
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)  # ending early goes straight to the debrief
    window.runner.wait_idle()
    debrief = window.debrief
    assert debrief is not None and window.stack.currentWidget() is debrief
    assert "ended early" in debrief.outcome.text()
    rows = [i for i in range(debrief.points.count()) if debrief.points.item(i).data(Qt.ItemDataRole.UserRole)]
    assert rows, "escalating turns give teaching points tied to turns"
    item = debrief.points.item(rows[0])
    debrief.points.setCurrentItem(item)
    turn = item.data(Qt.ItemDataRole.UserRole)
    assert debrief.transcript.highlighted == turn
    assert "#fff3b0" in debrief.transcript.toHtml()


def test_retry_same_and_new_seed(qtbot, window):
    window.start_session(scenario("dementia_lost"), 42)
    window.session_view.end_button.click()
    window.runner.wait_idle()
    qtbot.mouseClick(window.debrief.same_seed, Qt.MouseButton.LeftButton)
    assert window.runner.seed == 42 and window.stack.currentWidget() is window.session_view
    window.session_view.end_button.click()
    window.runner.wait_idle()
    window.debrief.new_seed.click()
    assert window.runner.seed != 42
    window.session_view.end_button.click()
    window.runner.wait_idle()
    window.debrief.back_button.click()
    assert window.stack.currentWidget() is window.browser


def test_pause_stops_time_and_input(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 1)
    view, runner = window.session_view, window.runner
    runner.wait_idle()
    window.clocks[-1].advance(5)
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    assert runner.paused and not view.text.isEnabled() and "Resume" in view.pause_button.text()
    before = (runner.elapsed(), len(runner.events))
    window.clocks[-1].advance(300)  # five paused minutes: no drift, no silence, no time limit
    runner.tick()
    runner.say("hello")
    runner.wait_idle()
    assert (runner.elapsed(), len(runner.events)) == before
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    assert not runner.paused and view.text.isEnabled()
    window.clocks[-1].advance(2)
    assert abs(runner.elapsed() - 7) < 1e-6


def test_portrait_and_meters_follow_the_state(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 7)
    window.runner.wait_idle()
    view = window.session_view
    start = (view.portrait.agitation, view.meter_bars["agitation"].value())
    for line in scenario("bridge_suicidal").playthroughs[0].script[:7]:
        if not line.startswith("/"):
            view.text.setText(line)
            view.send.click()
    window.runner.wait_idle()
    assert view.portrait.agitation < start[0] and view.meter_bars["agitation"].value() < start[1]
    assert view.portrait.mood()
    view.portrait.grab()  # paints without error


def test_realism_hides_meters_and_chips_and_font_size_applies(qtbot, window, app_settings):
    from PySide6.QtWidgets import QApplication

    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    view.text.setText("it sounds like you're completely exhausted")
    view.send.click()
    window.runner.wait_idle()
    assert view.meters.isVisible() and "emotion label" in view.transcript.toHtml()
    app_settings.update({"realism": "realistic", "font_size": 16})
    assert not view.meters.isVisible() and "emotion label" not in view.transcript.toHtml()
    assert QApplication.instance().font().pointSize() == 16
    app_settings.update({"realism": "training", "show_meters": False, "font_size": 11})
    assert not view.meters.isVisible() and "emotion label" in view.transcript.toHtml()


def test_menu_can_be_hidden_and_only_the_scenarios_actions_show(qtbot, window):
    s = scenario("autistic_overload")
    window.start_session(s, 2)
    view = window.session_view
    assert set(view.action_buttons) == set(s.actions)
    assert view.referral.count() == len(s.referrals)
    view.menu_toggle.setChecked(False)
    assert not view.menu_box.isVisible()


def test_keyboard_alone_reaches_the_inputs(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    assert view.text.hasFocus()
    qtbot.keyClicks(view.text, "can you tell me what's going on tonight")
    qtbot.keyClick(view.text, Qt.Key.Key_Return)
    window.runner.wait_idle()
    assert window.runner.session.turn == 1
    view.menu.setFocus()
    view.menu.setCurrentRow(0)
    qtbot.keyClick(view.menu, Qt.Key.Key_Return)
    window.runner.wait_idle()
    assert window.runner.session.turn == 2


def test_a_class_period_of_sessions_keeps_only_the_current_one_in_memory(qtbot, window):
    """Each new session lets the last one go (runner, views): a lab machine runs session after session all day."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.debrief import DebriefView
    from ui.session_runner import SessionRunner
    from ui.session_view import SessionView

    for seed in range(4):
        window.start_session(scenario("dementia_lost"), seed)
        window.session_view.text.setText("hello, I'm officer Lee")
        window.session_view.text.returnPressed.emit()
        window.runner.end()
        window.runner.wait_idle()
        window.show_debrief()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert len(window.findChildren(SessionRunner)) == 1
    assert len(window.findChildren(SessionView)) == 1 and len(window.findChildren(DebriefView)) == 1
