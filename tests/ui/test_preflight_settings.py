"""Pre-flight check and settings: each problem has a remedy that keeps the trainee going; settings persist."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtMultimedia import QMediaDevices


def test_no_devices_offers_typing_and_captions(qtbot, app_settings, monkeypatch):
    from ui.preflight import PreflightDialog

    monkeypatch.setattr(QMediaDevices, "audioInputs", staticmethod(lambda: []))
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    dialog = PreflightDialog(app_settings)
    qtbot.addWidget(dialog)
    assert "No microphone" in dialog.mic.state.text() and dialog.mic.remedy.text() == "Type instead"
    assert "No speakers" in dialog.speakers.state.text() and dialog.speakers.remedy.text() == "Captions only"
    dialog.mic.remedy.click()
    dialog.speakers.remedy.click()
    assert app_settings.get("speech_engine") == "off" and app_settings.get("voice_on") is False
    assert dialog.mic.remedy.text() == "Use my voice"
    assert "Not needed" in dialog.model.state.text()


def test_model_install_failure_is_reported_not_raised(qtbot, app_settings, monkeypatch):
    from simulator.speech import models
    from ui.preflight import PreflightDialog

    monkeypatch.setattr(models, "list_models", lambda: [])

    asked: list[str] = []

    def offline(name, progress=None):
        asked.append(name)
        raise models.ModelError("no network: download it elsewhere and use `deescalate models install --from PATH`")

    monkeypatch.setattr(models, "install", offline)
    dialog = PreflightDialog(app_settings)
    qtbot.addWidget(dialog)
    assert dialog.model.remedy.isVisibleTo(dialog) and "Install" in dialog.model.remedy.text()
    dialog.model.remedy.click()
    qtbot.waitUntil(lambda: "Could not install" in dialog.progress.text(), timeout=5000)
    assert "typing" in dialog.progress.text()
    assert asked == [models.MOONSHINE_MODEL]  # the remedy installs the accurate engine, not Vosk


def test_an_installed_accurate_model_is_what_the_check_reports(qtbot, app_settings, monkeypatch, tmp_path):
    from simulator.speech import models
    from ui.preflight import PreflightDialog

    moonshine = models.ModelInfo(models.MOONSHINE_MODEL, tmp_path, 140.0, "data folder", "", "moonshine")
    monkeypatch.setattr(models, "list_models", lambda: [moonshine])
    app_settings.update({"speech_engine": "auto"})
    dialog = PreflightDialog(app_settings)
    qtbot.addWidget(dialog)
    assert "Moonshine" in dialog.model.state.text() and "Vosk" not in dialog.model.state.text()


def test_settings_dialog_round_trip(qtbot, tmp_path):
    from ui.settings import AppSettings, SettingsDialog

    path = str(tmp_path / "s.ini")
    settings = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.font_size.setValue(15)
    dialog.voice_on.setChecked(False)
    dialog.realism.setCurrentIndex(dialog.realism.findData("realistic"))
    dialog.volume.setValue(35)
    engines = [dialog.engine.itemData(i) for i in range(dialog.engine.count())]
    assert engines[:2] == ["auto", "moonshine"] and {"builtin", "vosk", "off"} <= set(engines)  # the accurate engine can be chosen
    dialog.engine.setCurrentIndex(dialog.engine.findData("moonshine"))
    with qtbot.waitSignal(settings.changed):
        dialog.accept()
    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert (again.get("font_size"), again.get("voice_on"), again.get("volume")) == (15, False, 35)
    assert again.get("speech_engine") == "moonshine"
    assert not again.meters_visible and not again.chips_visible


def test_speech_off_or_no_microphone_means_a_banner_and_typing(qtbot, app_settings, monkeypatch):
    from simulator.catalog import find
    from ui.main_window import MainWindow

    monkeypatch.setattr(QMediaDevices, "audioInputs", staticmethod(lambda: []))
    monkeypatch.setattr(QMediaDevices, "audioOutputs", staticmethod(lambda: []))
    win = MainWindow([], app_settings, speech=True)
    qtbot.addWidget(win)
    win.show()
    win.start_session(find("dementia_lost"), 1)
    view = win.session_view
    assert view.banner.isVisible() and "No microphone" in view.banner.text() and "No speakers" in view.banner.text()
    assert not view.talk.isEnabled() and view.text.isEnabled()
    view.text.setText("hi, I'm officer Lee, are you okay?")
    view.send.click()
    win.runner.wait_idle()
    assert win.runner.session.turn == 1
    win.close()
