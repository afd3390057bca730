"""Reports show what people typed, as typed, in HTML and in PDF, for every name; the PDF chart is the HTML's SVG."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from simulator.cli import main
from simulator.records.store import add_note

from .conftest import record

TYPED = "put the <knife> down <3 & breathe"
SCRIPT = f"{TYPED}\n/step_back\nit sounds like you're really scared right now\n"
NAME = "Łukasz Żółć"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed: tools/system-deps.sh")


class Text(HTMLParser):
    """The page's visible text (what a reader sees), with the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.parts.append(data)


def _pdf_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout


def test_html_report_shows_angle_brackets_as_typed(tmp_path):
    folder = record(tmp_path / "s", script=SCRIPT, trainee="<blink>Bold</blink> Ana")
    add_note(folder, "Say <marquee>why</marquee> — not only what", turn=1)
    out = tmp_path / "r.html"
    assert main(["report", str(folder), "-o", str(out)]) == 0
    page = Text()
    page.feed(out.read_text(encoding="utf-8"))
    text = "".join(page.parts)
    assert TYPED in text and "<blink>Bold</blink> Ana" in text and "Say <marquee>why</marquee> — not only what" in text
    assert not {"knife", "blink", "marquee"} & page.tags  # nothing typed became markup


@needs_poppler
def test_pdf_report_prints_every_name_and_angle_brackets_as_typed(tmp_path):
    """Without any font installed on the machine: DejaVu Sans ships with the package."""
    folder = record(tmp_path / "s", script=SCRIPT, trainee=NAME)
    add_note(folder, "Dobra robota, Łukasz — <spokojnie>", turn=1, author="Zoë Ğürsel")
    out = tmp_path / "r.pdf"
    assert main(["report", str(folder), "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert NAME in text and "Zoë Ğürsel" in text and "<spokojnie>" in text
    assert "<knife>" in text and "<3 & breathe" in text
    assert "?ukasz" not in text


@needs_poppler
def test_the_pdf_chart_is_the_html_svg_with_its_labels(tmp_path):
    """One drawing serves both: the chart's own text (legend, axis) is in the PDF as it is in the HTML's SVG."""
    folder = record(tmp_path / "s", script=SCRIPT)
    html_out, pdf_out = tmp_path / "r.html", tmp_path / "r.pdf"
    assert main(["report", str(folder), "-o", str(html_out)]) == 0
    assert main(["report", str(folder), "-o", str(pdf_out)]) == 0
    svg = html_out.read_text(encoding="utf-8").split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "— agitation" in svg and "turns (time →" in svg
    text = _pdf_text(pdf_out)
    assert "— agitation" in text and "— trust" in text and "turns (time →" in text
