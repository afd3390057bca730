"""The hub's view of a station, from the events a station sends: the grid's fields and its alerts."""

from __future__ import annotations

from simulator.instruct.hub import StationView


def event(seq: int, type_: str, turn: int = 0, **data: object) -> dict[str, object]:
    return {"seq": seq, "t": float(seq), "turn": turn, "type": type_, "data": data}


def test_the_view_follows_phase_state_and_the_alerts() -> None:
    v = StationView("s1")
    v.take(event(0, "session_started", phase="contact", variables={"agitation": 70, "trust": 20, "calm": True}, ranges={"agitation": [0, 100]}), 100.0)
    assert v.phase == "contact" and v.variables["agitation"] == 70 and list(v.series["agitation"]) == [70.0] and v.last_input == 0
    v.take(event(1, "trainee_said", 1, text="hi", source="typed"), 105.0)
    v.take(event(2, "person_said", 1, line="x", text="I can't go on.", speaker="person", cue="suicide_risk"), 105.0)
    assert v.suicide_cue_open and v.last_input == 105.0 and v.turn == 1
    v.take(event(3, "state_changed", 2, changes={"weapon_drawn": [False, True], "agitation": [70, 85]}, causes=["action:draw_weapon"],
                 variables={"agitation": 85, "trust": 20}), 110.0)
    assert v.weapon_drawn and list(v.series["agitation"]) == [70.0, 85.0]
    v.take(event(4, "understood", 3, text="are you thinking of killing yourself", primary="ask_about_harm", polarity="supportive",
                 techniques=[{"id": "ask_about_harm", "confidence": 0.9, "evidence": "killing yourself"}]), 112.0)
    assert not v.suicide_cue_open
    v.take(event(5, "instructor", 3, kind="pause", id="a", by="I"), 113.0)
    assert v.summary()["paused"] is True
    v.take(event(6, "phase_changed", 3, **{"from": "contact", "to": "talking", "transition": "t"}), 113.0)
    v.take(event(7, "session_ended", 3, ending="e", outcome="voluntary_help", title="T", narration=""), 114.0)
    s = v.summary()
    assert s["phase"] == "talking" and s["ended"] == "voluntary_help" and s["alerts"] == {"weapon_drawn": True, "suicide_cue_open": False}
    v.new_session("next")
    assert v.summary()["ended"] == "" and not v.events and v.last_seq == -1 and v.session == "next"
