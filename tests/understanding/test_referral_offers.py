"""Referrals spoken in words (issue 12): the resource actually offered, announcements and statements offer nothing.

Written for this suite by the understanding engineer (not taken from the
held-out set): ten or more lines per shipped scenario, typed and recogniser
style, single offers, combined offers (one resource offered, a person or
another resource as support), announcements and statements of fact. Below
them, the referral helper's own set (tests/fixtures/referrals/own_offers.jsonl,
267 lines written fresh) is held to a bar, and the names a scenario declares
are read as the help each person is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from simulator.understanding.resources import named_resources, offer_of, people_of

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


# The referral helper's own set (tests/fixtures/referrals/own_offers.jsonl): written fresh for issue 12, apart from
# the lines above and never from the held-out set. One JSON object a line: scenario, style (typed | recognizer),
# kind (offer | combined | announcement | statement | question), resource (or null), support (or null), text.
OWN_OFFERS = Path(__file__).resolve().parents[1] / "fixtures" / "referrals" / "own_offers.jsonl"
KINDS = {"offer", "combined", "announcement", "statement", "question"}


def _own_rows() -> list[dict[str, str | None]]:
    return [json.loads(line) for line in OWN_OFFERS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_own_set_covers_every_shipped_scenario_kind_and_style():
    """120 lines or more, every shipped scenario with every kind and both styles, each resource one its scenario rates."""
    rows = _own_rows()
    assert len(rows) >= 120
    shipped = {p.stem for p in SCENARIOS.glob("*.yaml")}
    assert {r["scenario"] for r in rows} == shipped
    for scenario in shipped:
        mine = [r for r in rows if r["scenario"] == scenario]
        assert {r["kind"] for r in mine} == KINDS, scenario
        assert {r["style"] for r in mine} == {"typed", "recognizer"}, scenario
        assert {r["resource"] for r in mine if r["resource"]} <= _referrals(scenario), scenario
    for r in rows:
        assert (r["resource"] is None) == (r["kind"] in {"announcement", "statement", "question"}), r
        assert r["support"] is None or r["kind"] == "combined", r
        if r["style"] == "recognizer":
            assert r["text"] == r["text"].lower() and not re.search(r"[.,?!;]", str(r["text"])), r


def test_the_own_set_reads_the_resource_actually_offered():
    """At least 95% of the own lines name the resource offered (or none), and no kind falls below 90%."""
    rows = _own_rows()
    right = [offer_of(str(r["text"])).resource == r["resource"] for r in rows]
    wrong = [r["text"] for r, ok in zip(rows, right, strict=True) if not ok]
    assert sum(right) / len(rows) >= 0.95, wrong
    for kind in KINDS:
        of_kind = [ok for r, ok in zip(rows, right, strict=True) if r["kind"] == kind]
        assert sum(of_kind) / len(of_kind) >= 0.90, (kind, wrong)


def test_the_own_set_names_the_support_of_a_combined_offer():
    """At least 90% of the combined offers with someone coming along name that support."""
    rows = [r for r in _own_rows() if r["support"]]
    assert len(rows) >= 20
    named = [offer_of(str(r["text"])).support == r["support"] for r in rows]
    assert sum(named) / len(rows) >= 0.90, [r["text"] for r, ok in zip(rows, named, strict=True) if not ok]


def test_names_a_scenario_declares_are_the_help_that_person_is():
    """"His case manager Lorna at the clinic" makes Lorna the clinic; a place ("in Toledo") is no one, and the person's own
    name is mapped to "" (never a helper)."""
    facts = {
        "name": ("His name is Daniel Reyes.", ["daniel"]),
        "lorna": ("Lorna, his case manager at the clinic, talks to him normal.", ["lorna", "case manager"]),
        "sister": ("His sister Ana calls every day; she lives in Toledo.", ["ana", "toledo"]),
    }
    people = people_of(facts, ["daniel", "reyes"])
    assert people == {"daniel": "", "reyes": "", "lorna": "outpatient_mental_health", "ana": "family_or_friend"}
    assert offer_of("can i call lorna for you", people).resource == "outpatient_mental_health"
    assert offer_of("can i call ana for you", people).resource == "family_or_friend"
    assert offer_of("Can I call Travis?", people).resource == "family_or_friend"  # an unknown name in a relative's slot
    assert offer_of("Can I call Daniel?", people).resource is None  # the person himself
    assert offer_of("would you go to a calm place with beds", people).resource is None  # "with beds" names nobody


# Help talked about, or a relative who joins the help under way: no referral of its own. (Calling a relative so they
# know the person is safe is still an offer of family: two other hands labelled it so.)
# Written by the lead after the bridge's skilled control ended unresolved (each line here is new, not the control's).
TALKED_ABOUT: list[tuple[str, str | None, str | None]] = [
    ("Can you tell me about your sister?", None, None),
    ("would you like to tell me about your son", None, None),
    ("What would Karen say if she were here?", None, None),
    ("can i ask about the message you left your brother", None, None),
    ("what did your doctor say about the meds", None, None),
    ("Can I let Karen know you're safe?", "family_or_friend", None),
    ("Karen can come too if you want her.", None, "family_or_friend"),
    # ...while the help itself is still read
    ("Can I call Karen to come pick you up?", "family_or_friend", None),
    ("can you tell me more about the VA would you want me to call them", "veterans_services", None),
    ("The hospital is ten minutes away. If you want, Karen can meet us there.", "emergency_department", "family_or_friend"),
    ("Can I call Karen and have her meet us at St. Mary's?", "emergency_department", "family_or_friend"),
    ("would you be willing to talk to someone about going to the hospital tonight", "emergency_department", None),
]


@pytest.mark.parametrize(("text", "resource", "support"), TALKED_ABOUT)
def test_help_talked_about_is_not_the_referral(text: str, resource: str | None, support: str | None):
    offer = offer_of(text, {"karen": "family_or_friend", "denise": ""})
    assert (offer.resource, offer.support) == (resource, support), offer


def test_the_persons_own_name_is_never_a_helper():
    """"Denise, take your time" or "Denise can sit with me": the person herself, not family."""
    people = {"denise": "", "karen": "family_or_friend"}
    for text in ("Denise, would you come and sit with me?", "If you want, Denise can take a minute.", "Can I ask Denise something?"):
        assert offer_of(text, people).resource is None, text
