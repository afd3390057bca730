"""Draw the debrief of a skilled bridge run with its rubric checklist and band: docs/screenshots/debrief_rubric.png.

    xvfb-run -a -s "-screen 0 1400x950x24" .venv/bin/python tools/debrief_rubric_shot.py [TRANSCRIPT] [SCENARIO]

The real DebriefView, on a scripted session (tests/fixtures/skilled/bridge_suicidal.txt by default),
scrolled so that the band and the checklist are in view.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QScrollArea

    from simulator.catalog import scenario_files
    from simulator.scenario.loader import load_scenario_or_raise
    from simulator.script import parse_script, run_script
    from ui.debrief import DebriefView

    transcript = Path(argv[0]) if argv else ROOT / "tests" / "fixtures" / "skilled" / "bridge_suicidal.txt"
    scenario_id = argv[1] if len(argv) > 1 else transcript.stem.split("-")[0]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    scenario = load_scenario_or_raise(next(p for p in scenario_files() if p.stem == scenario_id))
    session = run_script(scenario, parse_script(transcript.read_text(encoding="utf-8")), seed=0)
    view = DebriefView(scenario, session.events)
    view.resize(1400, 950)
    view.show()
    app.processEvents()
    scroll = view.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(view.checklist, 0, 0)
        scroll.verticalScrollBar().setValue(max(0, view.band_label.mapTo(scroll.widget(), view.band_label.rect().topLeft()).y() - 10))
    view.checklist.setCurrentRow(next((i for i in range(view.checklist.count()) if "Listen closely" in view.checklist.item(i).text()), 1))
    app.processEvents()
    out = ROOT / "docs" / "screenshots" / "debrief_rubric.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
