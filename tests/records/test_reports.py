"""Reports: the session report as HTML (parsed) and PDF (rendered to PNG), and the class report."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.records.store import add_note, read_events
from simulator.scoring import score

from .conftest import record


class Collect(HTMLParser):
    """Text by element id (and by data-score row), and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: dict[str, str] = {}
        self.scores: dict[str, list[str]] = {}
        self.tags: set[str] = set()
        self._score: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag in ("br", "meta", "line", "rect", "polyline"):
            return
        self.stack.append(a.get("id") or "")
        if tag == "tr" and a.get("data-score"):
            self._score = a["data-score"]
            self.scores[self._score] = []

    def handle_endtag(self, tag):
        if tag in ("br", "meta", "line", "rect", "polyline"):
            return
        if self.stack:
            self.stack.pop()
        if tag == "tr":
            self._score = None

    def handle_data(self, data):
        for key in self.stack:
            if key:
                self.text[key] = self.text.get(key, "") + data
        if self._score and data.strip():
            self.scores[self._score].append(data.strip())


def test_html_report_has_scores_chart_transcript_teaching_points_and_notes(recorded, tmp_path):
    """Parsed, the report shows each score with its reasons, an inline SVG chart, the transcript with tags, and the notes."""
    add_note(recorded, "Good opening — slow down before the ask", turn=2, author="Sgt. Lee")
    out = tmp_path / "report.html"
    assert main(["report", recorded.name, "-o", str(out), "--sessions-dir", str(recorded.parent)]) == 0
    page = out.read_text(encoding="utf-8")
    parsed = Collect()
    parsed.feed(page)
    s = score(read_events(recorded))
    for name, value in s.as_dict().items():
        assert parsed.scores[name][:2] == [name, str(value)]
        assert s.explanations[name][0] in " ".join(parsed.scores[name])
    assert {"svg", "polyline"} <= parsed.tags and "script" not in parsed.tags
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    transcript = parsed.text["transcript"]
    assert "hi my name is officer daniels" in transcript and "introduce" in transcript and "step back" in transcript
    for tp in s.teaching_points:
        assert tp.text in parsed.text["teaching"]
    assert "Good opening — slow down before the ask" in parsed.text["notes"] and "Sgt. Lee" in parsed.text["notes"]
    assert parsed.text["trainee"] == "Ana Ruiz"


def _png_ink(path: Path) -> tuple[int, int, float]:
    """Width, height and the share of non-white pixels of an 8-bit RGB PNG (pdftoppm's output)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert (depth, colour) == (8, 2)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - 3] if x >= 3 else 0
            b, c = prev[x], (prev[x - 3] if x >= 3 else 0)
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    dark = sum(1 for r in rows for i in range(0, stride, 3) if r[i] < 200 or r[i + 1] < 200 or r[i + 2] < 200)
    return width, height, dark / (width * height)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed: tools/system-deps.sh")
def test_pdf_report_renders_to_a_non_blank_page(recorded, tmp_path):
    """The PDF opens in poppler and its first page has text and the chart on it."""
    add_note(recorded, "Note for the PDF", turn=1)
    pdf = tmp_path / "report.pdf"
    assert main(["report", str(recorded), "-o", str(pdf)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    (png,) = tmp_path.glob("page*.png")
    width, height, ink = _png_ink(png)
    assert height > width > 200
    assert 0.01 < ink < 0.5
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    s = score(read_events(recorded))
    assert "overall" in text and str(s.overall) in text and "hi my name is officer daniels" in text and "Note for the PDF" in text


def test_report_wants_html_or_pdf(recorded, tmp_path, capsys):
    assert main(["report", str(recorded), "-o", str(tmp_path / "r.docx")]) == 2
    assert ".html or .pdf" in capsys.readouterr().err


def test_class_report_summarises_a_folder_of_sessions(tmp_path):
    """Per scenario score spreads, technique use, common teaching points and a row per trainee."""
    d = tmp_path / "class"
    record(d, trainee="Ana Ruiz")
    record(d, trainee="Ben Okafor", script="calm down right now\n/approach\nyou need to calm down\n")
    record(d, scenario="veteran_ptsd", trainee="Ana Ruiz", script="hi i'm officer lee\n/step_back\nit sounds like a lot\n")
    out = tmp_path / "class.html"
    assert main(["class-report", str(d), "-o", str(out)]) == 0
    parsed = Collect()
    parsed.feed(out.read_text(encoding="utf-8"))
    page = out.read_text(encoding="utf-8")
    assert 'data-scenario="bridge_suicidal"' in page and 'data-scenario="veteran_ptsd"' in page
    assert "introduce" in parsed.text["techniques"] and "command" in parsed.text["techniques"]
    assert "Ana Ruiz" in parsed.text["trainees"] and "Ben Okafor" in parsed.text["trainees"]
    assert parsed.text["teaching"].strip()
    assert "3 session(s)" in page
