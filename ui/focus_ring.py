"""A visible focus ring for keyboard users, drawn by one widget that follows the focus.

Why not an application style sheet (``QPushButton:focus { border: … }``), as before: a style sheet on the
application puts every widget under ``QStyleSheetStyle``, and every widget added to a window is then polished
again through it. That doubled the cost of opening a session screen or a debrief on the GUI thread (measured
offscreen: 45 → 25 ms and 35 → 18 ms a screen), the biggest part of the longest event-loop blocks of a class
period. One ``QFocusFrame`` moved to whichever control has the focus costs nothing when the focus does not move.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QLineEdit,
    QListWidget,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QTextBrowser,
    QWidget,
)

RING_COLOUR = QColor("#1565c0")
RING_WIDTH = 2
# The controls a trainee reaches with Tab: the ring shows on these (not on scroll areas, views' viewports or labels).
RINGED = (QAbstractButton, QComboBox, QLineEdit, QListWidget, QTextBrowser, QAbstractSlider, QAbstractSpinBox)
BUTTON_PADDING = QSize(20, 10)  # room around a button's text: a bigger target for a mouse or a finger on a touchpad


class FocusRing(QFocusFrame):
    """A 2-px ring just outside the focused control, never taking a click (``QFocusFrame`` is mouse-transparent)."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(RING_COLOUR, RING_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class RoomyStyle(QProxyStyle):
    """The platform's style, with room around push buttons' text and a margin for the ring around every control."""

    def sizeFromContents(self, kind: QStyle.ContentsType, option: QStyleOption, size: QSize, widget: QWidget | None = None) -> QSize:
        size = super().sizeFromContents(kind, option, size, widget)
        if kind == QStyle.ContentsType.CT_PushButton:
            size = size + BUTTON_PADDING
        return size

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None) -> int:
        if metric in (QStyle.PixelMetric.PM_FocusFrameHMargin, QStyle.PixelMetric.PM_FocusFrameVMargin):
            return RING_WIDTH
        return super().pixelMetric(metric, option, widget)


def ringed(widget: QWidget | None) -> bool:
    """Whether the focus ring belongs around ``widget``."""
    return widget is not None and isinstance(widget, RINGED)


class RingKeeper:
    """Moves the ring to each newly focused control. The ring lives in the focused control's parent (that is how
    ``QFocusFrame`` stays on top of it), so when that parent is deleted the ring goes with it: a new one is made."""

    def __init__(self) -> None:
        self.ring: FocusRing | None = None

    def follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.ring is None or not shiboken6.isValid(self.ring):
            if not ringed(new):
                return
            self.ring = FocusRing()
        self.ring.setWidget(new if ringed(new) else None)
        if not ringed(new):
            self.ring.hide()


_keepers: dict[int, RingKeeper] = {}


def install(app: QApplication) -> RingKeeper:
    """Give ``app`` its style and a focus ring that follows the focus from now on (once per application)."""
    if not isinstance(app.style(), RoomyStyle):
        app.setStyle(RoomyStyle(app.style().name()))
    keeper = _keepers.get(id(app))
    if keeper is None:
        keeper = _keepers[id(app)] = RingKeeper()
        app.focusChanged.connect(keeper.follow)
    return keeper
