"""The focus ring: keyboard users always see where they are, without an application style sheet (which made every
new screen twice as slow to build on the GUI thread)."""

from __future__ import annotations

import random

from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui import focus_ring


def _form(qtbot) -> tuple[QWidget, QLineEdit, QPushButton, QLabel]:
    form = QWidget()
    layout = QVBoxLayout(form)
    text, button, label = QLineEdit(), QPushButton("Send"), QLabel("a caption")
    for w in (text, button, label):
        layout.addWidget(w)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=3000)
    return form, text, button, label


def test_the_ring_follows_the_focus_and_surrounds_the_focused_control(qtbot):
    keeper = focus_ring.install(QApplication.instance())
    _window, text, button, _label = _form(qtbot)
    for target in (text, button):
        target.setFocus()
        qtbot.waitUntil(target.hasFocus, timeout=2000)
        ring = keeper.ring
        assert ring is not None and ring.widget() is target and ring.isVisible()
        assert ring.geometry().contains(target.geometry()) and ring.geometry() != target.geometry()


def test_a_control_without_a_ring_hides_it(qtbot):
    keeper = focus_ring.install(QApplication.instance())
    _window, text, _button, label = _form(qtbot)
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=2000)
    label.setFocusPolicy(label.focusPolicy().StrongFocus)
    label.setFocus()
    qtbot.waitUntil(label.hasFocus, timeout=2000)
    assert keeper.ring is not None and keeper.ring.widget() is None and not keeper.ring.isVisible()


def test_a_deleted_screen_takes_its_ring_with_it_and_the_next_focus_gets_a_new_one(qtbot):
    keeper = focus_ring.install(QApplication.instance())
    form, text, _button, _label = _form(qtbot)
    text.setFocus()
    qtbot.waitUntil(lambda: keeper.ring is not None and keeper.ring.widget() is text, timeout=2000)
    form.close()
    form.deleteLater()
    qtbot.wait(50)  # the deletion runs; the ring (a child of the form) goes with it
    _form2, text2, _button2, _label2 = _form(qtbot)
    text2.setFocus()
    qtbot.waitUntil(text2.hasFocus, timeout=2000)
    assert keeper.ring is not None and keeper.ring.widget() is text2 and keeper.ring.isVisible()


def test_buttons_get_room_around_their_text(qtbot):
    focus_ring.install(QApplication.instance())
    button = QPushButton("End session")
    qtbot.addWidget(button)
    base = QApplication.style().baseStyle()
    plain = QPushButton("End session")
    plain.setStyle(base)
    qtbot.addWidget(plain)
    assert button.sizeHint().width() >= plain.sizeHint().width() + 16
    assert button.sizeHint().height() >= plain.sizeHint().height() + 8


def test_the_main_window_styles_itself_without_an_application_style_sheet(qtbot, app_settings):
    from simulator.catalog import catalog
    from ui.main_window import MainWindow

    window = MainWindow(catalog(), app_settings, speech=False, rng=random.Random(1))
    qtbot.addWidget(window)
    app = QApplication.instance()
    assert app.styleSheet() == ""
    assert isinstance(app.style(), focus_ring.RoomyStyle)
