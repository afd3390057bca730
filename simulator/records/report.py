"""A session's report, as self-contained HTML (inline SVG chart, no script, no network) or PDF.

Both formats are built from one ``ReportData`` read from the session folder,
so they always say the same thing: scores with their reasons, the agitation
and trust chart, the transcript with the techniques heard in each turn, the
teaching points and the instructor's notes.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import events as ev
from simulator import projections
from simulator.events import SessionEvent
from simulator.projections import Line
from simulator.records.files import check_output, unique_temp
from simulator.records.store import SCORE_NAMES, read_events, read_meta, read_notes, scored
from simulator.records.validate import RecordError
from simulator.scoring import Scores

CURVES = (("agitation", "#c0392b"), ("trust", "#2471a3"))
FONTS = Path(__file__).resolve().parent / "fonts"  # DejaVu Sans, bundled (licence in fonts/LICENSE): every name prints on every machine
PDF_FONT = "DejaVu"


@dataclass
class ReportData:
    meta: dict[str, Any]
    events: list[SessionEvent]
    scores: Scores
    series: dict[str, list[tuple[float, float]]]
    transcript: list[Line]
    notes: list[dict[str, Any]]
    ranges: dict[str, tuple[float, float]]


def report_data(folder: Path) -> ReportData:
    meta = read_meta(folder)
    events = read_events(folder)
    return ReportData(meta, events, scored(events), series_of(events), projections.transcript_lines(events), read_notes(folder),
                      projections.ranges(events))


def series_of(events: list[SessionEvent]) -> dict[str, list[tuple[float, float]]]:
    """Each numeric variable over session time, from the start values and every state change."""
    return projections.state_series(events, timed=True, hold_to_end=False, merge_same_x=True)


def chart_svg(data: ReportData, width: int = 640, height: int = 220, font_family: str = "system-ui, sans-serif") -> str:
    """Agitation and trust over time, turns marked, as plain SVG: the one drawing both the HTML and the PDF show."""
    left, right, top, bottom = 40, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    end_t = max([data.events[-1].t if data.events else 0.0, 1.0])

    def x(t: float) -> float:
        return left + plot_w * t / end_t

    def y(v: float, name: str) -> float:
        lo, hi = data.ranges.get(name, (0.0, 100.0))
        return top + plot_h * (1 - (v - lo) / ((hi - lo) or 1))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="agitation and trust over time" font-family="{html.escape(font_family)}">',
             f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>']
    for v in (25, 50, 75):
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v, "")}" y2="{y(v, "")}" stroke="#eee"/>'
                     f'<text x="{left - 4}" y="{y(v, "") + 4}" font-size="10" text-anchor="end" fill="#666">{v}</text>')
    turn_starts: dict[int, float] = {}
    for e in data.events:
        if e.turn and e.turn not in turn_starts:
            turn_starts[e.turn] = e.t
    for turn, t in sorted(turn_starts.items()):
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{top + plot_h}" stroke="#ddd" stroke-dasharray="2,3"/>')
        parts.append(f'<text x="{x(t):.1f}" y="{height - 14}" font-size="9" text-anchor="middle" fill="#888">{turn}</text>')
    for i, (name, colour) in enumerate(CURVES):
        points = data.series.get(name)
        if not points:
            continue
        coords: list[str] = []
        last: float | None = None
        for t, value in [*points, (end_t, points[-1][1])]:
            if last is not None:
                coords.append(f"{x(t):.1f},{y(last, name):.1f}")  # a step: the value holds until it changes
            coords.append(f"{x(t):.1f},{y(value, name):.1f}")
            last = value
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(coords)}"/>')
        parts.append(f'<text x="{left + 8 + 90 * i}" y="{top + 14}" font-size="11" fill="{colour}">— {name}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 2}" font-size="10" text-anchor="middle" fill="#666">turns (time → {end_t:.0f} s)</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:860px;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.5em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse} td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.score{font-weight:bold;font-size:1.1em} .muted{color:#666} .tag{display:inline-block;background:#eef3f8;border-radius:3px;padding:0 .4em;margin:0 .2em;font-size:.85em}
.trainee td.who{color:#1b4f72;font-weight:bold} .person td.who{color:#7b241c} .narrator td.text{font-style:italic;color:#555}
.note{background:#fff8dc;border-left:3px solid #e0b000;padding:.3em .6em;margin:.3em 0}
"""


def render_html(data: ReportData) -> str:
    m = data.meta
    esc = html.escape
    s = data.scores
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>Session report — {esc(str(m.get('title', '')))}</title>",
           f"<style>{_CSS}</style></head><body>"]
    out.append(f"<h1>{esc(str(m.get('title') or m['scenario']))}</h1>")
    ending = next((e.data for e in data.events if e.type == ev.SESSION_ENDED), None)
    ending_text = f"{ending['title']} ({str(ending['outcome']).replace('_', ' ')})" if ending else "no ending (the session stopped early)"
    out.append(f'<p class="muted">Session <code>{esc(str(m["id"]))}</code> · trainee <b id="trainee">{esc(str(m.get("trainee") or "—"))}</b> · '
               f'{esc(str(m.get("started_at", "")))} · seed {esc(str(m.get("seed")))} · ending: <b id="ending">{esc(ending_text)}</b></p>')
    out.append('<h2>Scores</h2><table id="scores">')
    for name in SCORE_NAMES:
        reasons = "".join(f"<div>{esc(r)}</div>" for r in s.explanations.get(name, []))
        out.append(f'<tr data-score="{name}"><th>{name}</th><td class="score">{getattr(s, name)}</td><td>{reasons}</td></tr>')
    out.append("</table>")
    out.append(f'<p id="band" data-band="{esc(s.band.name)}"><b>Band: {esc(s.band.name)}</b> — {esc(s.band.meaning)}</p>')
    if s.rubric is not None:
        out.append('<h2>Checklist</h2><table id="checklist">')
        group = None
        for row in s.rubric.rows():
            if row["group"] != group:
                group = row["group"]
                out.append(f'<tr><th colspan="3">{esc(group)}</th></tr>')
            turns = "; ".join(x for x in (("met at turn " + ", ".join(map(str, row["met"]))) if row["met"] else "",
                                           ("missed at turn " + ", ".join(map(str, row["missed"]))) if row["missed"] else "") if x)
            out.append(f'<tr data-item="{esc(row["id"])}" data-status="{row["status"]}"><td class="score">{row["status"]}</td>'
                       f'<td>{esc(row["title"])}</td><td class="muted">{esc(turns)}{(" — " + esc(row["note"])) if row["note"] else ""}</td></tr>')
        out.append("</table>")
    out.append("<h2>Agitation and trust</h2>")
    out.append(chart_svg(data))
    notes_by_turn: dict[int, list[dict[str, Any]]] = {}
    for n in data.notes:
        notes_by_turn.setdefault(int(n.get("turn", 0)), []).append(n)
    out.append('<h2>Transcript</h2><table id="transcript">')
    for line in data.transcript:
        tags = "".join(f'<span class="tag">{esc(tag)}</span>' for tag in line.tags)
        who = {"trainee": "You", "person": "Person", "narrator": "", "action": "Action", "referral": "Referral", "wait": "Wait", "ending": "Ending"}[line.who]
        out.append(f'<tr class="{line.who}" data-turn="{line.turn}"><td class="muted">{line.turn or ""}</td><td class="who">{who}</td>'
                   f'<td class="text">{esc(line.text)} {tags}</td></tr>')
    out.append("</table>")
    out.append('<h2>Teaching points</h2><ul id="teaching">')
    for tp in s.teaching_points:
        out.append(f"<li><b>turn {tp.turn}</b> ({esc(tp.kind)}): {esc(tp.text)}</li>")
    out.append("</ul>" if s.teaching_points else '<li class="muted">none</li></ul>')
    out.append('<h2>Instructor\'s notes</h2><div id="notes">')
    if not data.notes:
        out.append('<p class="muted">No notes.</p>')
    for turn in sorted(notes_by_turn):
        for n in notes_by_turn[turn]:
            where = f"turn {turn}" if turn else "whole session"
            by = f" — {esc(str(n['author']))}" if n.get("author") else ""
            out.append(f'<div class="note"><b>{where}</b>: {esc(str(n["text"]))}{by}</div>')
    out.append("</div></body></html>")
    return "\n".join(out)


def _font(pdf: Any) -> str:
    """The bundled DejaVu Sans: accents, dashes, Polish, Turkish, Greek and Cyrillic names print as typed."""
    pdf.add_font(PDF_FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(PDF_FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return PDF_FONT


def render_pdf(data: ReportData, out: Path) -> None:
    """The same report as a PDF (fpdf2: pure Python, so it renders anywhere the trainer runs)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    family = _font(pdf)

    def text(s: str) -> str:
        return s  # plain text, never markup: "put the <knife> down" prints as typed

    m, s = data.meta, data.scores
    width = pdf.epw
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(width, 8, text(str(m.get("title") or m["scenario"])), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    ending = next((e.data for e in data.events if e.type == ev.SESSION_ENDED), None)
    ending_text = f"{ending['title']} ({str(ending['outcome']).replace('_', ' ')})" if ending else "no ending"
    pdf.multi_cell(width, 5, text(f"Session {m['id']} · trainee {m.get('trainee') or '—'} · {m.get('started_at', '')} · seed {m.get('seed')} · ending: {ending_text}"),
                   new_x="LMARGIN", new_y="NEXT")

    def heading(title: str) -> None:
        pdf.ln(3)
        pdf.set_font(family, "B", 12)
        pdf.cell(width, 7, text(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1)

    heading("Scores")
    for name in SCORE_NAMES:
        pdf.set_font(family, "B", 10)
        pdf.cell(32, 5, text(name))
        pdf.cell(12, 5, str(getattr(s, name)))
        pdf.set_font(family, "", 9)
        pdf.multi_cell(width - 44, 5, text(" ".join(s.explanations.get(name, []))) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(width, 5, text(f"Band: {s.band.name} — {s.band.meaning}"), new_x="LMARGIN", new_y="NEXT")
    if s.rubric is not None:
        heading("Checklist")
        pdf.set_font(family, "", 9)
        for item in s.rubric.lines():
            pdf.multi_cell(width, 5, text(item), new_x="LMARGIN", new_y="NEXT")
    heading("Agitation and trust")
    _pdf_chart(pdf, data, width, family)
    heading("Transcript")
    who_names = {"trainee": "You", "person": "Person", "narrator": "", "action": "Action", "referral": "Referral", "wait": "Wait", "ending": "Ending"}
    for line in data.transcript:
        pdf.set_font(family, "B" if line.who in ("trainee", "ending") else "", 9)
        pdf.set_text_color(27, 79, 114) if line.who == "trainee" else pdf.set_text_color(123, 36, 28) if line.who == "person" else pdf.set_text_color(80, 80, 80)
        pdf.cell(10, 5, str(line.turn or ""))
        pdf.cell(18, 5, who_names[line.who])
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, "", 9)
        body = line.text + (f"   [{', '.join(line.tags)}]" if line.tags else "")
        pdf.multi_cell(width - 28, 5, text(body), new_x="LMARGIN", new_y="NEXT")
    heading("Teaching points")
    pdf.set_font(family, "", 9)
    for tp in s.teaching_points or ():
        pdf.multi_cell(width, 5, text(f"turn {tp.turn} ({tp.kind}): {tp.text}"), new_x="LMARGIN", new_y="NEXT")
    if not s.teaching_points:
        pdf.cell(width, 5, "none", new_x="LMARGIN", new_y="NEXT")
    heading("Instructor's notes")
    pdf.set_font(family, "", 9)
    for n in sorted(data.notes, key=lambda n: int(n.get("turn", 0))):
        where = f"turn {n.get('turn')}" if n.get("turn") else "whole session"
        pdf.multi_cell(width, 5, text(f"{where}: {n['text']}" + (f" — {n['author']}" if n.get("author") else "")), new_x="LMARGIN", new_y="NEXT")
    if not data.notes:
        pdf.cell(width, 5, "No notes.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))


def _pdf_chart(pdf: Any, data: ReportData, width: float, family: str, height: float = 62) -> None:
    """The HTML report's own SVG chart, imported by fpdf2 (one drawing for both formats)."""
    import io

    if pdf.get_y() + height > pdf.h - 20:
        pdf.add_page()
    svg = chart_svg(data, font_family=family)
    pdf.image(io.BytesIO(svg.encode("utf-8")), x=pdf.l_margin, y=pdf.get_y() + 1, w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 3)


def write_report(folder: Path, out: Path) -> Path:
    """``.html`` or ``.pdf``, chosen by the output's suffix."""
    data = report_data(folder)
    out = Path(out)
    check_output(out, "report.html")
    tmp = unique_temp(out)
    try:
        if out.suffix.lower() == ".pdf":
            render_pdf(data, tmp)
        else:
            tmp.write_text(render_html(data), encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RecordError(f"cannot write {out} ({exc.strerror or exc}) — is the disk full or the folder read-only?") from None
    return out
