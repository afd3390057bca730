"""The fixed vocabulary shared by code, scenarios, logs and the ``classify`` command.

These ids are a stable contract (../shared/TECHNIQUES.md): renaming one breaks
every scenario file and every recorded session, so they live in one place.
"""

from __future__ import annotations

from typing import Final, Literal

Polarity = Literal["supportive", "escalating", "neutral"]

SUPPORTIVE: Final[tuple[str, ...]] = (
    "introduce",
    "open_question",
    "paraphrase",
    "emotion_label",
    "validate",
    "reassure",
    "encourage",
    "give_time",
    "offer_choice",
    "ask_about_harm",
    "affirm",
    "apologize",
    "offer_help",
    "set_limit",
    "summarize",
)
ESCALATING: Final[tuple[str, ...]] = ("command", "threaten", "dismiss", "argue", "insult", "pressure")
NEUTRAL: Final[tuple[str, ...]] = ("other",)
TECHNIQUES: Final[tuple[str, ...]] = SUPPORTIVE + ESCALATING + NEUTRAL

ACTIONS: Final[tuple[str, ...]] = (
    "step_back",
    "approach",
    "sit_down",
    "hands_visible",
    "call_backup",
    "call_mobile_crisis",
    "draw_weapon",
    "holster",
    "physical_control",
)

REFERRALS: Final[tuple[str, ...]] = (
    "crisis_line_988",
    "mobile_crisis_team",
    "crisis_stabilization_unit",
    "emergency_department",
    "detox_treatment",
    "outpatient_mental_health",
    "peer_support",
    "social_services",
    "homeless_outreach",
    "veterans_services",
    "family_or_friend",
    "dementia_services",
    "youth_services",
    "jail",
)
REFERRAL_RATINGS: Final[tuple[str, ...]] = ("best", "acceptable", "poor", "harmful")

OUTCOMES: Final[tuple[str, ...]] = (
    "voluntary_help",
    "involuntary_transport",
    "arrest",
    "injury",
    "self_harm",
    "fled",
    "unresolved",
)
GOOD_OUTCOMES: Final[frozenset[str]] = frozenset({"voluntary_help"})
BAD_OUTCOMES: Final[frozenset[str]] = frozenset({"injury", "self_harm", "arrest"})

CUES: Final[tuple[str, ...]] = ("suicide_risk", "violence_risk", "psychosis", "medical", "substance")
CHOICE_RATINGS: Final[tuple[str, ...]] = ("positive", "partially_positive", "neutral", "negative")
DIFFICULTIES: Final[tuple[str, ...]] = ("introductory", "intermediate", "advanced")

# Which stair of the Behavioral Change Stairway a supportive technique belongs to.
# Scoring rewards listening and empathy before influence.
STAIR: Final[dict[str, str]] = {
    "introduce": "rapport",
    "open_question": "listening",
    "paraphrase": "listening",
    "emotion_label": "listening",
    "encourage": "listening",
    "summarize": "listening",
    "give_time": "listening",
    "validate": "empathy",
    "reassure": "empathy",
    "ask_about_harm": "assessment",
    "affirm": "empathy",
    "apologize": "rapport",
    "offer_choice": "influence",
    "offer_help": "influence",
    "set_limit": "influence",
}

# When several techniques are in one turn, the primary one is the first present
# in this order: the most severe escalation, then the move that asks the most
# of the person. The labelled data set follows the same convention.
PRIMARY_ORDER: Final[tuple[str, ...]] = (
    "threaten",
    "insult",
    "command",
    "pressure",
    "argue",
    "dismiss",
    "ask_about_harm",
    "set_limit",
    "offer_help",
    "offer_choice",
    "summarize",
    "apologize",
    "paraphrase",
    "emotion_label",
    "affirm",
    "validate",
    "reassure",
    "open_question",
    "give_time",
    "introduce",
    "encourage",
    "other",
)


def polarity(technique: str) -> Polarity:
    """The polarity of one technique id."""
    if technique in ESCALATING:
        return "escalating"
    if technique in SUPPORTIVE:
        return "supportive"
    return "neutral"


def primary_of(techniques: list[str] | tuple[str, ...] | set[str]) -> str:
    """The primary technique of a turn that performs ``techniques``."""
    present = set(techniques)
    for tid in PRIMARY_ORDER:
        if tid in present:
            return tid
    return "other"
