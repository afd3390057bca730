"""The scenario browser: cards, filter and search, surprise me, and the content warning before a start."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from tests.ui.conftest import shipped


def test_cards_filter_and_search(qtbot):
    from ui.browser import Browser

    browser = Browser(shipped())
    qtbot.addWidget(browser)
    assert len(browser.visible_cards()) == len(shipped())
    browser.difficulty.setCurrentIndex(browser.difficulty.findData("advanced"))
    assert browser.visible_cards() and all(c.entry.scenario.difficulty == "advanced" for c in browser.visible_cards())
    browser.difficulty.setCurrentIndex(0)
    browser.search.setText("dementia")
    assert [c.entry.scenario.id for c in browser.visible_cards()] == ["dementia_lost"]
    browser.search.setText("no such thing at all")
    assert not browser.visible_cards() and "No scenario matches" in browser.count.text()


def test_surprise_me_picks_a_scenario_and_a_seed(qtbot):
    from ui.browser import Browser

    browser = Browser(shipped(), random.Random(1))
    qtbot.addWidget(browser)
    with qtbot.waitSignal(browser.chosen) as blocker:
        qtbot.mouseClick(browser.surprise, Qt.MouseButton.LeftButton)
    chosen, seed = blocker.args
    assert chosen.id in {e.scenario.id for e in shipped()} and isinstance(seed, int)


def test_content_warning_back_does_not_start(qtbot, window):
    s = next(e.scenario for e in shipped() if e.scenario.id == "veteran_ptsd")
    dialog = window.open_scenario(s, 9)
    assert dialog.isVisible() and "seed 9" in dialog.findChildren(type(window.browser.count))[0].text()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert window.runner is None and window.stack.currentWidget() is window.browser


def test_a_broken_scenario_file_shows_why(qtbot, tmp_path):
    from simulator.catalog import catalog
    from ui.browser import Browser

    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    browser = Browser(catalog(tmp_path))
    qtbot.addWidget(browser)
    assert browser.cards[0].start is None and not browser.playable()
