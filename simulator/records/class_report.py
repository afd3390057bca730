"""The class report: what a folder of sessions (a class, a term) says about the trainees.

Per scenario, the spread of each score; which techniques the class used and
how often; the teaching points that came up most; and a line per trainee.
Every session is read from its folder (the source of truth), so the report
works on any folder of sessions copied from the trainees' machines.
"""

from __future__ import annotations

import html
import os
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import events as ev
from simulator.records.files import check_output, unique_temp
from simulator.records.store import SCORE_NAMES, read_events, read_meta, read_notes, scored, session_folders
from simulator.records.validate import RecordError


@dataclass
class ClassData:
    sessions: int = 0
    skipped: list[str] = field(default_factory=list)
    by_scenario: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    titles: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    techniques: Counter[str] = field(default_factory=Counter)
    teaching: Counter[str] = field(default_factory=Counter)
    trainees: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    bands: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # scenario -> band name -> sessions
    checklist: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # rubric item title -> status -> sessions


def collect(root: Path) -> ClassData:
    data = ClassData()
    for folder in session_folders(root):
        try:
            meta = read_meta(folder)
            events = read_events(folder)
            read_notes(folder)
            s = scored(events)
        except RecordError as exc:  # one damaged session is named and skipped; it never stops the report
            data.skipped.append(f"{folder.name}: {exc}")
            continue
        scenario = str(meta["scenario"])
        data.sessions += 1
        data.titles[scenario] = str(meta.get("title") or scenario)
        for name in SCORE_NAMES:
            data.by_scenario[scenario][name].append(getattr(s, name))
        ended = next((e for e in events if e.type == ev.SESSION_ENDED), None)
        data.outcomes[scenario][str(ended.data.get("outcome")) if ended else "no ending"] += 1
        for e in events:
            if e.type == ev.UNDERSTOOD:
                for h in e.data.get("techniques", []):
                    data.techniques[str(h["id"])] += 1
        for tp in s.teaching_points:
            data.teaching[tp.text] += 1
        data.bands[scenario][s.band.name] += 1
        for row in (s.rubric.rows() if s.rubric else []):
            if row["group"] in ("Project BETA", "CIT evaluation"):
                data.checklist[row["title"]][row["status"]] += 1
        data.trainees[str(meta.get("trainee") or "(unnamed)")].append({"started_at": meta.get("started_at", ""), "scenario": scenario, "overall": s.overall})
    return data


def _bar(value: float, scale: float, colour: str = "#2471a3", width: int = 200) -> str:
    w = 0 if scale <= 0 else round(width * value / scale)
    return f'<svg width="{width}" height="10"><rect width="{w}" height="10" fill="{colour}"/></svg>'


def _box(values: list[int], width: int = 200) -> str:
    """min–max line, quartile box and median tick on a 0–100 scale."""
    if not values:
        return ""
    qs = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3

    def x(v: float) -> float:
        return width * v / 100

    return (f'<svg width="{width}" height="14"><line x1="{x(min(values)):.1f}" x2="{x(max(values)):.1f}" y1="7" y2="7" stroke="#888"/>'
            f'<rect x="{x(qs[0]):.1f}" y="2" width="{max(1.0, x(qs[2]) - x(qs[0])):.1f}" height="10" fill="#d6e4f0" stroke="#2471a3"/>'
            f'<line x1="{x(qs[1]):.1f}" x2="{x(qs[1]):.1f}" y1="1" y2="13" stroke="#c0392b" stroke-width="2"/></svg>')


def render_html(data: ClassData, root: Path) -> str:
    esc = html.escape
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Class report</title><style>',
           'body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#222}td,th{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}'
           'table{border-collapse:collapse}h2{border-bottom:1px solid #ddd;margin-top:1.5em}.muted{color:#666}</style></head><body>',
           f"<h1>Class report</h1><p class=\"muted\">{data.sessions} session(s) in {esc(str(root))}</p>"]
    if data.skipped:
        out.append(f'<div id="skipped"><p><b>{len(data.skipped)} damaged session(s) skipped</b> (not counted below):</p><ul>'
                   + "".join(f"<li>{esc(s)}</li>" for s in data.skipped[:50])
                   + (f"<li>… and {len(data.skipped) - 50} more</li>" if len(data.skipped) > 50 else "") + "</ul></div>")
    out.append('<h2>Scores per scenario</h2><p class="muted">Box: middle half of the class; red tick: median; line: lowest to highest.</p>')
    for scenario in sorted(data.by_scenario):
        scores = data.by_scenario[scenario]
        n = len(scores["overall"])
        outcomes = ", ".join(f"{esc(k.replace('_', ' '))} {v}" for k, v in data.outcomes[scenario].most_common())
        bands = ", ".join(f"{esc(k)} {v}" for k, v in data.bands[scenario].most_common())
        out.append(f'<h3 data-scenario="{esc(scenario)}">{esc(data.titles[scenario])} <span class="muted">({n} session(s); {outcomes})</span></h3>'
                   f'<p class="bands" data-scenario="{esc(scenario)}">Bands: {bands}</p><table>')
        out.append("<tr><th>score</th><th>median</th><th>mean</th><th>min–max</th><th>distribution</th></tr>")
        for name in SCORE_NAMES:
            v = scores[name]
            out.append(f"<tr><td>{name}</td><td>{statistics.median(v):g}</td><td>{statistics.fmean(v):.1f}</td><td>{min(v)}–{max(v)}</td><td>{_box(v)}</td></tr>")
        out.append("</table>")
    out.append('<h2>Checklist</h2><p class="muted">Sessions that met, partly met or missed each item of the rubric '
               '(Project BETA\'s ten domains and the CIT evaluation).</p><table id="checklist"><tr><th>item</th><th>met</th><th>partly</th><th>missed</th></tr>')
    for title, counts in data.checklist.items():
        out.append(f"<tr><td>{esc(title)}</td><td>{counts['met']}</td><td>{counts['partly']}</td><td>{counts['missed']}</td></tr>")
    out.append("</table>")
    out.append('<h2>Technique use</h2><table id="techniques">')
    top = data.techniques.most_common()
    for tech, count in top:
        out.append(f"<tr><td>{esc(tech)}</td><td>{count}</td><td>{_bar(count, top[0][1])}</td></tr>")
    out.append("</table><h2>Most common teaching points</h2><ol id=\"teaching\">")
    for text, count in data.teaching.most_common(15):
        out.append(f"<li>{esc(text)} <span class=\"muted\">({count} session(s))</span></li>")
    out.append('</ol><h2>Trainees</h2><table id="trainees"><tr><th>trainee</th><th>sessions</th><th>scenarios</th><th>mean overall</th><th>first → latest</th></tr>')
    for name in sorted(data.trainees, key=str.lower):
        rows = sorted(data.trainees[name], key=lambda r: str(r["started_at"]))
        overall = [r["overall"] for r in rows]
        out.append(f"<tr><td>{esc(name)}</td><td>{len(rows)}</td><td>{len({r['scenario'] for r in rows})}</td><td>{statistics.fmean(overall):.1f}</td>"
                   f"<td>{overall[0]} → {overall[-1]}</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def write_class_report(root: Path, out: Path) -> ClassData:
    if not Path(root).is_dir():
        raise RecordError(f"no folder at {root}")
    out = Path(out)
    check_output(out, "class.html")
    data = collect(Path(root))
    tmp = unique_temp(out)
    try:
        tmp.write_text(render_html(data, Path(root)), encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RecordError(f"cannot write {out} ({exc.strerror or exc}) — is the disk full or the folder read-only?") from None
    return data
