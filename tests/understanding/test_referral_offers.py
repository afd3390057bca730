"""Referrals spoken in words (issue 12): the resource actually offered, announcements and statements offer nothing.

Written for this suite by the understanding engineer (not taken from the
held-out set): ten or more lines per shipped scenario, typed and recogniser
style, single offers, combined offers (one resource offered, a person or
another resource as support), announcements and statements of fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.understanding.resources import named_resources, offer_of

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"

# (scenario, text, resource offered or None, kind, support or None)
CASES: list[tuple[str, str, str | None, str, str | None]] = [
    # bridge_suicidal
    ("bridge_suicidal", "Would you be willing to talk to someone from the mobile crisis team tonight?", "mobile_crisis_team", "offer", None),
    ("bridge_suicidal", "can i call your brother and have him meet us at the hospital", "emergency_department", "combined", "family_or_friend"),
    ("bridge_suicidal", "The crisis team is on its way up here now.", None, "announcement", None),
    ("bridge_suicidal", "there's a crisis line you can text any time 988 do you want me to put it in your phone", "crisis_line_988", "offer", None),
    ("bridge_suicidal", "Your therapist called the station earlier looking for you.", None, "statement", None),
    ("bridge_suicidal", "How would you feel about going to the crisis center instead of the hospital? It's quieter.", "crisis_stabilization_unit", "combined", None),
    ("bridge_suicidal", "i've already called the paramedics they're parked at the end of the bridge", None, "announcement", None),
    ("bridge_suicidal", "Would it help to see your own therapist first thing tomorrow?", "outpatient_mental_health", "offer", None),
    ("bridge_suicidal", "we could get you checked out at the hospital and a doctor there can talk with you", "emergency_department", "offer", None),
    ("bridge_suicidal", "The hospital is about ten minutes from here.", None, "statement", None),
    ("bridge_suicidal", "do you want me to ring your mum so she can come with us to the crisis unit", "crisis_stabilization_unit", "combined", "family_or_friend"),
    # veteran_ptsd
    ("veteran_ptsd", "Would you be open to talking with someone at the VA? They work with guys who've been where you've been.", "veterans_services", "offer", None),
    ("veteran_ptsd", "there's a veterans crisis line press one after you dial 988 want me to dial it with you", "crisis_line_988", "offer", None),
    ("veteran_ptsd", "How about I put you in touch with a peer group, other vets who served?", "peer_support", "offer", None),
    ("veteran_ptsd", "My cousin goes to the VA clinic on Fifth Street.", None, "statement", None),
    ("veteran_ptsd", "the mobile crisis team is pulling up outside", None, "announcement", None),
    ("veteran_ptsd", "Can I call your wife and ask her to meet us at the VA hospital?", "veterans_services", "combined", "family_or_friend"),
    ("veteran_ptsd", "would you like me to call your wife for you", "family_or_friend", "offer", None),
    ("veteran_ptsd", "We can drive you over to the vet center tonight if you want, no cuffs.", "veterans_services", "offer", None),
    ("veteran_ptsd", "i've radioed for the crisis clinicians they'll be here in five", None, "announcement", None),
    ("veteran_ptsd", "Your buddy from the unit, he could come sit with us, would that help?", "family_or_friend", "offer", None),
    ("veteran_ptsd", "what do you think about a crisis worker coming out here to talk with you instead of me", "mobile_crisis_team", "offer", None),
    # psychosis_paranoia
    ("psychosis_paranoia", "Would you talk to a mental health worker if I asked one to come here, just to talk?", "mobile_crisis_team", "offer", None),
    ("psychosis_paranoia", "we could go to the crisis stabilization unit it's not a hospital it's more like a quiet house", "crisis_stabilization_unit", "combined", None),
    ("psychosis_paranoia", "Your sister called us because she was worried about you.", None, "statement", None),
    ("psychosis_paranoia", "can i call your sister to meet us at the hospital", "emergency_department", "combined", "family_or_friend"),
    ("psychosis_paranoia", "The mental health team is coming.", None, "announcement", None),
    ("psychosis_paranoia", "Is it okay if I call your psychiatrist's office in the morning and get you an appointment?", "outpatient_mental_health", "offer", None),
    ("psychosis_paranoia", "there are peer specialists who've heard voices themselves would you want to meet one", "peer_support", "offer", None),
    ("psychosis_paranoia", "I'm having dispatch send the crisis team.", None, "announcement", None),
    ("psychosis_paranoia", "would you rather your mom came with us to the crisis center or meet us there", "crisis_stabilization_unit", "combined", "family_or_friend"),
    ("psychosis_paranoia", "The hospital on Main Street has a psych ward.", None, "statement", None),
    # intoxication_meth
    ("intoxication_meth", "Would you let the paramedics check your heart? You're burning up.", "emergency_department", "offer", None),
    ("intoxication_meth", "there's a detox place on the east side that has a bed tonight do you want to go", "detox_treatment", "offer", None),
    ("intoxication_meth", "The ambulance is on its way.", None, "announcement", None),
    ("intoxication_meth", "how about we get you to the er first and then talk about rehab when you're feeling better", "emergency_department", "combined", None),
    ("intoxication_meth", "I can connect you with a peer recovery coach, someone who's been through it.", "peer_support", "offer", None),
    ("intoxication_meth", "your girlfriend said you were at the detox last spring", None, "statement", None),
    ("intoxication_meth", "Can I call your brother so he can meet us at the emergency room?", "emergency_department", "combined", "family_or_friend"),
    ("intoxication_meth", "i've called ems they're two minutes out", None, "announcement", None),
    ("intoxication_meth", "Would a social worker help with the housing stuff, if I got you one?", "social_services", "offer", None),
    ("intoxication_meth", "we can take you to a treatment center instead of jail would you be up for that", "detox_treatment", "combined", None),
    # dementia_lost
    ("dementia_lost", "Would you like me to call your daughter so she can come and take you home?", "family_or_friend", "offer", None),
    ("dementia_lost", "the memory care unit at sunrise has a room and your son can meet us there", "dementia_services", "combined", "family_or_friend"),
    ("dementia_lost", "Your son is on his way here.", None, "announcement", None),
    ("dementia_lost", "shall i ring your son for you", "family_or_friend", "offer", None),
    ("dementia_lost", "Could we get the paramedics to check that cut on your hand?", "emergency_department", "offer", None),
    ("dementia_lost", "your daughter put out a silver alert this afternoon", None, "statement", None),
    ("dementia_lost", "There's a dementia support service that can help your family at home. Would that be alright?", "dementia_services", "offer", None),
    ("dementia_lost", "I've already let your daughter know where we are.", None, "announcement", None),
    ("dementia_lost", "how about we wait for your son here instead of going to the hospital", "family_or_friend", "combined", None),
    ("dementia_lost", "The care home called us when you left.", None, "statement", None),
    # autistic_overload
    ("autistic_overload", "Would you like me to text your mum so she can pick you up?", "family_or_friend", "offer", None),
    ("autistic_overload", "can i call your therapist for you you could talk to her instead of to me", "outpatient_mental_health", "offer", None),
    ("autistic_overload", "Your mother is coming to get you.", None, "announcement", None),
    ("autistic_overload", "is it alright if i call the youth crisis worker from your school", "youth_services", "offer", None),
    ("autistic_overload", "Your mum rang the station about an hour ago.", None, "statement", None),
    ("autistic_overload", "we could ask your mum to meet us at the quiet room at the crisis center", "crisis_stabilization_unit", "combined", "family_or_friend"),
    ("autistic_overload", "The mobile crisis unit has been called.", None, "announcement", None),
    ("autistic_overload", "Would a call to 988 help, or would you rather text them?", "crisis_line_988", "offer", None),
    ("autistic_overload", "do you want to see your own doctor tomorrow instead of going to the er tonight", "outpatient_mental_health", "combined", None),
    ("autistic_overload", "Your therapist works at the clinic by the station.", None, "statement", None),
]


def _referrals(scenario: str) -> set[str]:
    return set(yaml.safe_load((SCENARIOS / f"{scenario}.yaml").read_text(encoding="utf-8"))["referrals"])


def test_the_set_covers_every_shipped_scenario_with_valid_ids():
    """At least 60 lines, ten or more per shipped scenario, each resource one that scenario rates."""
    shipped = {p.stem for p in SCENARIOS.glob("*.yaml")}
    assert len(CASES) >= 60
    for scenario in shipped:
        rows = [c for c in CASES if c[0] == scenario]
        assert len(rows) >= 10, scenario
        assert {c[2] for c in rows if c[2]} <= _referrals(scenario)


@pytest.mark.parametrize(("scenario", "text", "resource", "kind", "support"), CASES)
def test_the_resource_actually_offered(scenario: str, text: str, resource: str | None, kind: str, support: str | None):
    """The offered resource, or none for an announcement or a statement of fact."""
    offer = offer_of(text)
    assert offer.resource == resource, offer
    assert named_resources(text) == ([resource] if resource else [])


@pytest.mark.parametrize(("text", "support"), [(c[1], c[4]) for c in CASES if c[4]])
def test_combined_offers_name_their_support(text: str, support: str):
    """The person who comes along to the place offered is support, not the offer."""
    assert offer_of(text).support == support


@pytest.mark.parametrize("text", [c[1] for c in CASES if c[3] == "announcement"])
def test_an_announcement_is_never_an_offer(text: str):
    """"The crisis team is on its way" tells; it offers nothing the person could accept."""
    assert offer_of(text).kind == "announcement"
