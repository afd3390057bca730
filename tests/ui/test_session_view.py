"""Push-to-talk in the session view: Space held (or the Talk button) → listener → recognised text → a spoken turn.

The recogniser here is the core's scripted one, so the test checks the app's
wiring (keys, signals across the listener's thread, the session call) without
depending on a sound server; the real microphone path is in test_app_speech.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import scenario

SILENCE = b"\0\0" * 16000  # one second of 16 kHz mono PCM


def _scripted_speech(lines: list[str], mode: str = "push_to_talk"):
    from simulator.speech.listener import Listener
    from simulator.speech.scripted_engine import ScriptedRecognizer
    from ui.speech_input import SpeechInput

    speech = SpeechInput(mode=mode)
    speech._recognizer = ScriptedRecognizer(lines)
    speech._listener = Listener(speech._recognizer, speech._on_final, on_partial=speech.partial.emit, on_level=speech.level.emit, mode=mode)
    speech._set("ready", "Listening with scripted: hold Space or the Talk button while you speak.")
    return speech


def test_space_held_is_push_to_talk(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    speech = _scripted_speech(["you sound exhausted can you tell me what happened"])
    view.attach_speech(speech)
    assert view.talk.isEnabled() and "scripted" in view.speech_status.text()
    view.transcript.setFocus()
    qtbot.keyPress(view.transcript, Qt.Key.Key_Space)
    assert "Listening" in view.talk.text()
    speech._listener.feed(SILENCE)
    qtbot.waitUntil(lambda: "you sound" in view.heard.text(), timeout=5000)  # the partial transcript while speaking
    qtbot.keyRelease(view.transcript, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.runner.session.turn == 1, timeout=5000)
    window.runner.wait_idle()  # the turn runs on the runner's worker; its events reach the view after it
    said = [e for e in view.transcript.transcript.entries if e.kind == "trainee"]
    assert said[0].source.startswith("speech") and said[0].chips
    assert "Heard:" in view.heard.text()
    speech.close()


def test_space_in_the_text_box_still_types(qtbot, window):
    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    speech = _scripted_speech(["never heard"])
    view.attach_speech(speech)
    view.text.setFocus()
    qtbot.keyClicks(view.text, "hi there")
    assert view.text.text() == "hi there" and "Listening" not in view.talk.text()
    speech.close()


def test_the_talk_button_and_the_hands_free_switch(qtbot, window, app_settings):
    window.start_session(scenario("dementia_lost"), 1)
    view = window.session_view
    speech = _scripted_speech(["hi walter my name is officer lee"])
    window.speech = speech
    view.attach_speech(speech)
    view.mode_changed.connect(window._mode_changed)
    qtbot.mousePress(view.talk, Qt.MouseButton.LeftButton)
    speech._listener.feed(SILENCE)
    qtbot.mouseRelease(view.talk, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.session.turn == 1, timeout=5000)
    view.hands_free.setChecked(True)
    assert app_settings.get("listen_mode") == "hands_free" and speech.mode == "hands_free"
    speech.close()


def test_a_turn_in_another_language_is_flagged_and_the_person_is_unmoved(qtbot, window):
    """Spanish typed to an English-reading person: the caption says what happened and what to do; nothing moves."""
    from tests.ui.conftest import scenario

    window.start_session(scenario("bridge_suicidal"), 3)
    window.runner.wait_idle()
    view = window.session_view
    before = dict(window.runner.session.variables)
    view.text.setText("Tranquilo, todo va a estar bien, estoy aquí para ayudarte")
    view.text.returnPressed.emit()
    window.runner.wait_idle()
    assert "not understood — Spanish?" in view.caption.text() and "English" in view.caption.text()
    assert window.runner.session.variables == before


def test_a_second_speaker_is_captioned_by_name_and_a_pending_offer_is_not_the_scene(qtbot, window):
    from simulator.events import EventType, SessionEvent

    window.start_session(scenario("psychosis_paranoia"), 1)
    view = window.session_view
    window.runner.wait_idle()
    character = next(iter(view.runner.scenario.characters.values()))
    view.on_event(SessionEvent(90, 1.0, 1, EventType.PERSON_SAID, {"speaker": character.id, "text": "His sister is Ana."}))
    assert f"{character.name}:" in view.caption.text() and f"{character.id}:" not in view.caption.text()
    scene = view._scene
    view.on_event(SessionEvent(91, 2.0, 2, EventType.PERSON_SAID, {"speaker": "narrator", "line": "referral.mobile_crisis_team.pending",
                                                                    "text": "Daniel does not answer yet. The offer is being weighed."}))
    assert "being weighed" in view.caption.text() and view._scene == scene  # shown as it happens, not kept as "Now:"


def test_scrolling_past_the_referral_list_does_not_change_it(qtbot, window):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window.start_session(scenario("psychosis_paranoia"), 1)
    view = window.session_view
    view.text.setFocus()
    before = view.referral.currentIndex()

    def wheel_down() -> None:
        centre = QPointF(view.referral.rect().center())
        event = QWheelEvent(centre, view.referral.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.referral, event)

    wheel_down()
    assert view.referral.currentIndex() == before  # not focused: the wheel goes on to the page
    view.referral.setFocus()
    qtbot.waitUntil(view.referral.hasFocus, timeout=2000)
    wheel_down()
    assert view.referral.currentIndex() != before  # clicked into, the list scrolls as a list does


def test_what_was_heard_shows_apostrophes_not_html_entities(qtbot, window):
    """The heard line is escaped for HTML, so the label must render it as HTML: left to Qt's guess a line with no tags
    was shown as plain text, and every apostrophe read "it&#x27;s"."""
    from PySide6.QtGui import QTextDocument

    window.start_session(scenario("bridge_suicidal"), 7)
    view = window.session_view
    view._on_heard("it's okay, we're here", 0.95, b"", 16000)
    assert view.heard.textFormat() == Qt.TextFormat.RichText
    doc = QTextDocument()
    doc.setHtml(view.heard.text())
    assert "it's okay, we're here" in doc.toPlainText() and "&#x27;" not in doc.toPlainText()
    window.runner.wait_idle()
