"""The trainer's judgement in one table: every weight, penalty, cap and threshold of the scores and the rubric.

Moved out of ``scoring.py`` so that the rubric (which scoring uses) can read its
thresholds without importing scoring. ``simulator.scoring.WEIGHTS`` is the same
object; the README's "Scoring" section explains the entries.
"""

from __future__ import annotations

from typing import Any

WEIGHTS: dict[str, Any] = {
    # overall = weighted mean of the four scores and the rubric's share of its points, then capped (below)
    "overall": {"calmness": 0.10, "safety": 0.15, "referral": 0.10, "communication": 0.10, "rubric": 0.55},
    # a rupture never repaired costs the overall score this much (up to the cap); a repaired one costs nothing more
    "ruptures": {"unrepaired": 3, "unrepaired_cap": 9},
    # caps an instructor would apply whatever the rest looks like
    "caps": {
        "risk_unasked": 60,  # suicide risk showed and nobody asked: the run fails the minimum
        "content_free": 55,  # never reflected the person's own words and met none of the scenario's objectives
        "objectives_share": 0.5, "objectives_unmet": 65,  # fewer than half of the scenario's objectives met
        "catastrophic": 45,  # the person or someone else was hurt (injury, self-harm)
        "caused_harm": 5,  # ... or arrest or flight, after the officer's own force, weapon, threats or repeated escalation
        "content_turns": 2, "stuffed_turns": 2,
        "declared_risk_turns": 8,  # a declared risk (session_started "risks") counts once the talk has gone this long  # supportive turns that must carry the person's own words for a run not to count as content-free
    },
    # the bands of the overall score, as a field training officer's scale reads (lowest score of each band)
    "bands": ((90, "exemplary"), (70, "competent"), (50, "meets the minimum"), (40, "below the minimum"), (0, "needs remediation")),
    # calmness: against the scenario's own course — its starting agitation and the floor its physiology sets
    "calmness": {"mean": 0.4, "end": 0.4, "speed": 0.2, "calm_at": 35, "calm_margin": 10, "speed_turns": 20},
    # safety: deductions from 100
    "safety": {
        "draw_weapon": 25, "physical_control": 35, "approach_agitated": 8, "agitated_at": 60,
        "close_while_agitated": 5, "close_cap": 20,
        "outcome": {"injury": 50, "self_harm": 60, "arrest": 20, "fled": 35, "involuntary_transport": 10, "unresolved": 10, None: 10},
    },
    # referral: value of the best resource offered, by rating and whether it was accepted
    "referral": {
        "accepted": {"best": 100, "acceptable": 75, "poor": 30, "harmful": 0},
        "declined": {"best": 65, "acceptable": 50, "poor": 25, "harmful": 0},
        "none": 25, "harmful_offered": 40,
        "declines_tolerated": 2, "extra_decline": 5,
        # a declined offer made before rapport (fewer listening turns than this) scores below no offer at all
        "rapport_turns": 3, "declined_before_rapport": 15,
    },
    # communication: what each spoken turn is worth (1 = a reflection carrying the person's own words)
    "communication": {
        "content_reflection": 1.0, "content_move": 0.8, "generic": 0.55, "generic_decay": 0.6, "encourager": 0.3,
        "encourager_free": 2, "repeat": 0.0, "escalating": -1.0, "neutral": 0.0, "full_at": 0.8,
        "escalation": 6, "escalation_cap": 40, "early_influence": 8, "early_influence_cap": 24,
        "listening_first": 2, "variety_bonus": 5, "variety_at": 4, "engaged_turns": 6,
    },
    # rubric thresholds (simulator/rubric.py)
    "rubric": {
        "agitated_at": 35, "repair_within": 2, "introduce_within": 3, "concise_words": 32, "question_run": 3, "questions_at_once": 2,
        "concise_slips": 2, "listen_content": 2, "listen_slips": 1, "encourager_free": 2, "order_slips": 2,
        "risk_late_turns": 20, "escalating_sure_at": 0.5, "hostile_turns": 3, "explain_words": 2, "rapport_turns": 3,
    },
}
