"""Hand-offs told in other words (present tense, a ticket put in, a fix by a team named by its
function) and customer harm in openings told without a customer word."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text


def flagged(text: str, fid: str) -> bool:
    return any(f.id == fid for f in check_text(text, "mid", "ownership").red_flags)


def opens_with_customer(text: str) -> str:
    return next(f.verdict for f in check_text(text, "mid", "ownership").findings if f.id == "customer_first")


SETTING = "Our kiosk printers at the depot jammed every morning, and nobody owned them."


@pytest.mark.parametrize("action", [
    "I put in a request with the print vendor, and they came out and redid the feed rollers.",
    "I take it to the facilities manager and escalate it, and his team reworks the feed path.",
    "I paged the hardware team right away. The hardware folks found a worn roller, and they rolled back the firmware.",
    "I escalated to the vendor's support desk. Support went in, replaced the rollers and reset the counters.",
    "We escalate to the print team and they are doing the hotfix the same night.",
    "I email the jam log to the print team, and they change the feed settings that week.",
    "I emailed their account manager, and they said they would adjust the rollers going forward.",
    "We opened a ticket with the vendor. The vendor came back with a new firmware version ten days later.",
    "I rang the facilities manager and sent him the jam log, and his crew cleared the feed path that week.",
])
def test_routing_then_someone_elses_fix_is_a_handoff(action):
    assert flagged(f"{SETTING} {action} Jams dropped from nine a week to one.", "escalation_handoff")


@pytest.mark.parametrize("action", [
    "I took the feed rollers apart myself and replaced the worn one, then told the vendor what I found.",
    "I paged the hardware team, but I had already replaced the roller myself, and I kept them updated.",
    "I took the spare printer to the depot and swapped it in myself.",
    "I fixed the feed rollers myself, then sent the root cause to the vendor so they fix it in their next model.",
    "I asked the vendor to replace the rollers, but in the end I replaced them myself the same day.",
])
def test_routing_with_an_own_fix_is_not_a_handoff(action):
    assert not flagged(f"{SETTING} {action} Jams dropped from nine a week to one.", "escalation_handoff")


@pytest.mark.parametrize("opening", [
    "People on older tablets couldn't finish their booking, the confirm button just froze. I run the web team.",
    "Folks applying for a refund on our site were losing the form whenever they switched apps. I'm a developer.",
    "Patrons at the east branch kept losing their holds. I manage the branch.",
    "A customer with a nut allergy ended up in urgent care after eating our granola. I supervise the line.",
    "The storm was about to cancel six departures, roughly nine hundred passengers stuck overnight. I schedule crews.",
])
def test_customer_harm_told_without_the_word_customer(opening):
    assert opens_with_customer(opening + " I fixed the bug myself and checked it on my own tablet.") == "pass"


@pytest.mark.parametrize("opening", [
    "Our homepage promoted coats that were sold out. Shoppers clicked through, found nothing in their size, and left.",
    "A grocery chain we supply started rejecting our loads because the produce arrived warm. I run the fleet.",
    "We were days from launch, and on older phones the new checkout crashed right when people tapped pay.",
])
def test_customer_harm_told_in_a_series_or_after_the_context(opening):
    assert opens_with_customer(opening + " I fixed the bug myself and checked it on my own tablet.") == "pass"


@pytest.mark.parametrize("opening", [
    "People on my team couldn't finish their timesheets before payroll closed. I run the office.",
    "I was the compliance officer at a bank with two hundred branches and about one point one million retail customers. An internal rule was auto-closing alerts.",
    "Folks in the warehouse kept losing their scanners. I run the night shift.",
])
def test_staff_and_counted_customers_are_not_customer_harm(opening):
    assert opens_with_customer(opening + " I fixed the bug myself and checked it on my own tablet.") == "fail"
