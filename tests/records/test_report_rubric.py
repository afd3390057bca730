"""The session report (HTML and PDF) and the class report show the band and the rubric checklist of the core."""

from __future__ import annotations

import subprocess

from simulator.cli import main
from simulator.records.store import read_events
from simulator.scoring import score

from .conftest import record


def test_html_report_shows_the_band_and_every_checklist_row(recorded, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", recorded.name, "-o", str(out), "--sessions-dir", str(recorded.parent)]) == 0
    page = out.read_text(encoding="utf-8")
    s = score(read_events(recorded))
    assert f'data-band="{s.band.name}"' in page and s.band.meaning.split(":")[0] in page
    rows = s.rubric.rows()
    assert page.count("data-item=") == len(rows)
    for row in rows:
        assert f'data-item="{row["id"]}" data-status="{row["status"]}"' in page


def test_pdf_report_lists_the_band_and_the_checklist(recorded, tmp_path):
    pdf = tmp_path / "report.pdf"
    assert main(["report", str(recorded), "-o", str(pdf)]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    s = score(read_events(recorded))
    assert f"Band: {s.band.name}" in text
    assert "Respect personal space" in text and "Risk screening" in text


def test_class_report_counts_bands_per_scenario_and_checklist_items(tmp_path):
    d = tmp_path / "class"
    record(d, trainee="Ana Ruiz")
    record(d, trainee="Ben Okafor", script="calm down right now\n/approach\nyou need to calm down\n")
    out = tmp_path / "class.html"
    assert main(["class-report", str(d), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert 'class="bands" data-scenario="bridge_suicidal"' in page
    assert 'id="checklist"' in page and "Respect personal space" in page and "Set clear limits" in page
