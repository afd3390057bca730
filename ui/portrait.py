"""The person, drawn with QPainter: face, posture and colour follow their inner state.

No external art: a stylised bust whose brows, eyes, mouth, shoulders and
background respond to agitation and trust, so the trainee sees the effect of
each turn even with the meters hidden (realism mode). The drawing eases towards
the new state over a few frames so changes are visible as movement.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

CALM = QColor(120, 170, 210)
TENSE = QColor(214, 92, 72)
WARM = QColor(126, 190, 140)


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    s = max(0.0, min(1.0, share))
    return QColor(round(a.red() + (b.red() - a.red()) * s), round(a.green() + (b.green() - a.green()) * s),
                  round(a.blue() + (b.blue() - a.blue()) * s))


class Portrait(QWidget):
    """``set_state(agitation, trust)`` with both as 0–1 shares of their range."""

    def __init__(self, name: str = "", age: int = 40, long_hair: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.age = age
        self.long_hair = long_hair
        self.agitation = 0.5
        self.trust = 0.2
        self._shown = (0.5, 0.2)
        self.outcome: str | None = None
        self.setMinimumSize(200, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Portrait of the person")
        self.paints = 0  # how often it has been drawn (tests: it redraws only when what it shows changes)
        self._picture: QPixmap | None = None  # the last drawing, and what it showed (paintEvent)
        self._picture_key: tuple[object, ...] = ()
        self._anim = QTimer(self)
        self._anim.setInterval(40)
        self._anim.timeout.connect(self._step)

    def set_state(self, agitation: float, trust: float) -> None:
        """Move towards a new state; nothing is redrawn when the state is the one already shown."""
        agitation, trust = max(0.0, min(1.0, agitation)), max(0.0, min(1.0, trust))
        if (agitation, trust) == (self.agitation, self.trust):
            return
        self.agitation, self.trust = agitation, trust
        self.setAccessibleDescription(self.mood())
        if self.isVisible():
            self._anim.start()
        else:
            self._shown = (self.agitation, self.trust)
            self.update()

    def set_outcome(self, outcome: str | None) -> None:
        if outcome != self.outcome:
            self.outcome = outcome
            self.update()

    def mood(self) -> str:
        """The expression in words (tooltips, screen readers, tests)."""
        a, t = self.agitation, self.trust
        face = "distressed and tense" if a > 0.7 else "uneasy" if a > 0.4 else "calmer"
        rel = "guarded" if t < 0.3 else "wary but listening" if t < 0.6 else "open"
        return f"{face}, {rel}"

    def _step(self) -> None:
        a, t = self._shown
        a += (self.agitation - a) * 0.25
        t += (self.trust - t) * 0.25
        if abs(a - self.agitation) < 0.005 and abs(t - self.trust) < 0.005:
            a, t = self.agitation, self.trust
            self._anim.stop()
        self._shown = (a, t)
        self.update()

    def paintEvent(self, _event: object) -> None:
        """Draw the cached picture; draw the person again only when what is shown (state, size, outcome) changed.

        Drawing the person is ~100 calls into Qt, each of which lets go of the interpreter lock and has to win it
        back: with a background thread running Python (a turn, model loading) a repaint could wait for the lock
        a hundred times over (portrait repaints showed in the soak's GUI stalls). A window repaints the portrait
        for many reasons (a caption beside it, an overlapping window, the soak's timer) with nothing changed.
        """
        self.paints += 1
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self._shown, self.outcome, self.long_hair, self.age)
        if self._picture is None or self._picture_key != key:
            picture = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
            picture.setDevicePixelRatio(ratio)
            painter = QPainter(picture)
            self._draw(painter, self.width(), self.height())
            painter.end()
            self._picture, self._picture_key = picture, key
        p = QPainter(self)
        p.drawPixmap(0, 0, self._picture)
        p.end()

    def _draw(self, p: QPainter, w: int, h: int) -> None:
        a, t = self._shown
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = QLinearGradient(0, 0, 0, h)
        top = _mix(_mix(CALM, WARM, t), TENSE, a)
        bg.setColorAt(0, top.lighter(150))
        bg.setColorAt(1, top)
        p.fillRect(QRectF(0, 0, w, h), bg)
        size = min(w, h * 0.95)
        cx, base = w / 2, h
        unit = size / 100.0
        # Posture: agitation raises and hunches the shoulders, trust opens them.
        shoulder_y = base - unit * (34 + 8 * a - 4 * t)
        spread = unit * (36 + 6 * t - 4 * a)
        body = QPainterPath()
        body.moveTo(cx - spread - unit * 10, base)
        body.cubicTo(cx - spread - unit * 8, shoulder_y + unit * 4, cx - spread, shoulder_y - unit * 2, cx - unit * 8, shoulder_y - unit * 4)
        body.lineTo(cx + unit * 8, shoulder_y - unit * 4)
        body.cubicTo(cx + spread, shoulder_y - unit * 2, cx + spread + unit * 8, shoulder_y + unit * 4, cx + spread + unit * 10, base)
        body.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(70, 76, 92))
        p.drawPath(body)
        if t < 0.35:  # guarded: arms folded across the chest
            p.setPen(QPen(QColor(50, 55, 68), unit * 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(cx - spread * 0.7, base - unit * 12), QPointF(cx + spread * 0.6, base - unit * 20))
            p.drawLine(QPointF(cx + spread * 0.7, base - unit * 12), QPointF(cx - spread * 0.6, base - unit * 20))
        # Head: tilts down when guarded; sits lower (hunched) when agitated.
        head_r = unit * 20
        tilt = (0.35 - t) * 10 + math.sin(a * 6) * 2 * a
        hx, hy = cx, shoulder_y - unit * 8 - head_r + unit * 4 * a
        skin = _mix(QColor(226, 189, 160), QColor(236, 150, 130), a)
        p.setBrush(skin.darker(108))
        p.drawRect(QRectF(hx - head_r * 0.38, hy + head_r * 0.6, head_r * 0.76, shoulder_y - hy - head_r * 0.2))  # neck
        p.save()
        p.translate(hx, hy)
        p.rotate(tilt)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(95, 80, 72) if self.age < 70 else QColor(200, 200, 205))
        hair = p.brush().color()
        if self.long_hair:  # hair falling to the shoulders, behind the face
            p.drawRoundedRect(QRectF(-head_r * 1.08, -head_r * 0.9, head_r * 2.16, head_r * 2.5), head_r * 0.5, head_r * 0.5)
        p.drawEllipse(QRectF(-head_r * 1.0, -head_r * 1.12, head_r * 2.0, head_r * 1.9))  # hair, behind the head
        p.setBrush(skin)
        for sx in (() if self.long_hair else (-1, 1)):  # ears
            p.drawEllipse(QRectF(sx * head_r * 0.88 - head_r * 0.14, -head_r * 0.05, head_r * 0.28, head_r * 0.45))
        p.drawEllipse(QRectF(-head_r * 0.9, -head_r, head_r * 1.8, head_r * 2.1))
        fringe = QPainterPath()  # hair over the forehead
        fringe.moveTo(-head_r * 0.92, -head_r * 0.1)
        fringe.quadTo(-head_r * 0.9, -head_r * 1.05, 0, -head_r * 1.02)
        fringe.quadTo(head_r * 0.9, -head_r * 1.05, head_r * 0.92, -head_r * 0.1)
        fringe.quadTo(head_r * 0.6, -head_r * 0.62, 0, -head_r * 0.6)
        fringe.quadTo(-head_r * 0.6, -head_r * 0.62, -head_r * 0.92, -head_r * 0.1)
        p.setBrush(hair)
        p.drawPath(fringe)
        p.setBrush(skin.darker(115))
        nose = QPainterPath()
        nose.moveTo(0, head_r * 0.05)
        nose.quadTo(-head_r * 0.12, head_r * 0.3, 0, head_r * 0.33)
        p.setPen(QPen(skin.darker(135), head_r * 0.04))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(nose)
        p.setPen(Qt.PenStyle.NoPen)
        # Eyes: wide when agitated, softer when trusting.
        eye_dx, eye_y = head_r * 0.36, -head_r * 0.1
        eye_h = head_r * (0.16 + 0.14 * a - 0.05 * t)
        p.setBrush(QColor(255, 255, 255))
        for sx in (-1, 1):
            p.drawEllipse(QRectF(sx * eye_dx - head_r * 0.16, eye_y - eye_h / 2, head_r * 0.32, eye_h))
        p.setBrush(QColor(40, 40, 50))
        pupil = head_r * (0.09 - 0.03 * a)
        for sx in (-1, 1):
            p.drawEllipse(QPointF(sx * eye_dx, eye_y), pupil, pupil)
        # Brows: inner ends pulled down (anger/fear) with agitation, raised and relaxed with trust.
        pen = QPen(QColor(70, 55, 48), head_r * 0.08, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        inner = eye_y - head_r * (0.28 - 0.14 * a + 0.05 * t)
        outer = eye_y - head_r * (0.3 + 0.05 * a)
        for sx in (-1, 1):
            p.drawLine(QPointF(sx * head_r * 0.12, inner), QPointF(sx * head_r * 0.58, outer))
        # Mouth: a frown when agitated and distrustful, level, then a small smile with trust.
        curve = (t - a) * head_r * 0.35
        mouth_y = head_r * 0.55
        path = QPainterPath()
        path.moveTo(-head_r * 0.3, mouth_y)
        path.quadTo(0, mouth_y + curve, head_r * 0.3, mouth_y)
        if a > 0.75:  # open, tense mouth
            path.quadTo(0, mouth_y + curve * 0.2 + head_r * 0.12, -head_r * 0.3, mouth_y)
            p.setBrush(QColor(110, 40, 40))
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(120, 60, 60), head_r * 0.07, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPath(path)
        if a > 0.6:  # sweat / tension lines at the temple
            p.setPen(QPen(QColor(255, 255, 255, 170), head_r * 0.05))
            for i in range(3):
                p.drawLine(QPointF(head_r * (1.0 + 0.1 * i), -head_r * (0.6 - 0.2 * i)), QPointF(head_r * (1.15 + 0.1 * i), -head_r * (0.55 - 0.2 * i)))
        p.restore()
        if self.outcome:
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(0, 4, w, unit * 10), Qt.AlignmentFlag.AlignHCenter, self.outcome.replace("_", " "))
