"""Shapes batch 14 showed, in our own words, with near misses: the other side's fix told as loading,
building or tracking something down once the problem reached them; a report split off its subject
("... and they got back to us / and said it all looked fine"); a confirmation sent back and acted
on; having other people do the check; a ride-along ticking items off; a change shipped to every
town on a vendor's product; a long setting that is followed by the story stays the setting; people
who give up on a form, a count instead of another, or a price are no trade-off, and "even though it
meant" is one."""

from __future__ import annotations

import pytest
from rubric_checks import flagged, verdict

from rehearse.models import Sentence
from rehearse.rubric.criteria import late_setup_as_outcome

SCOPE = "The pickup schedule belongs to the depot team, not to mine, and nobody had a ticket for it."
RESULT = "Missed pickups went from thirty a week to four."


def delegated(text: str) -> bool:
    """The check was left to others: verification fails and delegated_validation is raised."""
    return verdict(text, "verification") == "fail" and flagged(text, "delegated_validation")


@pytest.mark.parametrize("their_fix", [
    "They loaded the missing overrides later that week.",
    "Her crew got their warehouse people on it and tracked the pallets down at the wrong dock.",
    "Their developers built the new unit checks and turned them on for every site.",
    "Their support desk pushed a new zone file out to every handheld a few days later.",
])
def test_the_other_sides_work_after_a_routing_is_a_hand_off(their_fix):
    text = (f"Drivers kept skipping stops on the east loop. {SCOPE} I pulled the pickup logs and sent the "
            f"list of skipped stops over to the depot lead. {their_fix} {RESULT}")
    assert flagged(text, "escalation_handoff")


def test_routing_with_ones_own_fix_before_it_is_no_hand_off():
    text = (f"Drivers kept skipping stops on the east loop. {SCOPE} I rewrote the stop order myself, then sent "
            f"the new list over to the depot lead. They loaded it onto the handhelds that week. {RESULT}")
    assert not flagged(text, "escalation_handoff")


def test_giving_the_information_to_someone_who_handles_it_is_a_hand_off():
    text = (f"The animals were losing weight. {SCOPE} I weighed them twice a week and gave all the information "
            f"to the vet, and the vet handled it and changed the diet plan. {RESULT}")
    assert flagged(text, "escalation_handoff")


def test_a_report_split_from_its_subject_is_still_theirs():
    # ("... and they got back to us" then "and said ...": the split-off tail keeps their subject)
    text = (f"Cans were leaving the line short. {SCOPE} We swapped the valve on head three. Then we sent a few "
            "cases to the distributor's lab so they could check the fill, and they got back to us\nand said "
            f"everything looked good. {RESULT}")
    assert delegated(text)


def test_a_split_tail_after_my_own_sentence_stays_mine():
    text = (f"Cans were leaving the line short. {SCOPE} We swapped the valve on head three. Then I weighed "
            f"forty cans off each head myself\nand checked every seam against the spec. {RESULT}")
    assert verdict(text, "verification") == "pass"


@pytest.mark.parametrize("trusted", [
    "They sent me a confirmation that the rates matched again, so I closed the case.",
    "The vendor ran their burn-in on the spares, and we went with their pass report.",
])
def test_a_confirmation_or_report_acted_on_is_delegated(trusted):
    text = (f"Guests saw a lower price on the booking sites than on ours. {SCOPE} I checked our rate report and "
            f"confirmed the gap on three dates. I opened a case with the channel vendor, and their team found a "
            f"mapping error and corrected it. {trusted} {RESULT}")
    assert delegated(text)


def test_my_own_check_after_their_fix_still_passes():
    text = (f"Guests saw a lower price on the booking sites than on ours. {SCOPE} I opened a case with the channel "
            "vendor, and their team found a mapping error and corrected it. The next morning I checked every "
            f"channel myself for all thirty arrival dates. {RESULT}")
    assert verdict(text, "verification") == "pass"


def test_having_other_people_check_is_not_my_check():
    text = (f"Teams were being forfeited by the check-in bot. {SCOPE} I could switch off auto-forfeit and have the "
            "admins check every team in by hand, or fix the time zone. I changed the time zone and sent it to the "
            "tools owner, and she messaged back that it looked good, so I turned auto-forfeit back on. "
            "False forfeits went from one team in ten to zero.")
    assert delegated(text)


def test_asking_customers_to_tell_me_if_it_works_is_delegated():
    text = (f"Customers got dresses one size too small. {SCOPE} I corrected the size chart for every style myself. "
            "Then I asked two customers who had returned dresses to reorder and tell me if it fits, and I marked "
            f"the fix as done. {RESULT}")
    assert flagged(text, "delegated_validation")


def test_a_ride_along_ticking_off_every_street_is_a_check():
    text = (f"Short dead ends were missed after every storm. {SCOPE} I rebuild the export myself from the map layer. "
            "Then I ride along in a truck for a full shift on the next storm, ticking off every street on the new "
            f"route. {RESULT}")
    assert verdict(text, "verification") == "pass"


def test_a_check_built_into_a_vendors_product_is_no_delegated_check():
    text = (f"Short dead ends were missed after every storm. {SCOPE} I rebuilt the export myself and drove the "
            f"route on the next storm to check every street. {RESULT} The contractor then built a short-street "
            "check into their product, and it shipped to every town on their software.")
    assert not flagged(text, "delegated_validation")
    assert verdict(text, "impact_second_order") == "pass"


@pytest.mark.parametrize("reuse", [
    "The unit check is now a mandatory field in the recipe form at all three mills.",
    "The guideline we wrote was later incorporated into the complaint procedure at both other sites.",
    "That review now runs in eleven cities.",
])
def test_reuse_told_as_a_field_a_procedure_or_cities_is_second_order(reuse):
    text = (f"Lots were rejected for shade. {SCOPE} I rewrote the recipe units myself. As a result, rejected lots "
            f"went from four a month to zero. {reuse}")
    assert verdict(text, "impact_second_order") == "pass"


def test_a_number_going_to_restaurants_is_no_reuse():
    text = (f"Orders were late. {SCOPE} I rewrote the routing rule myself. After that the delay went from two "
            "minutes to under ten seconds and restaurants stopped calling support.")
    assert verdict(text, "impact_second_order") == "fail"


def test_a_long_setting_followed_by_the_story_stays_the_setting():
    setting = [(Sentence(f"Setting sentence number {n} tells who owned the lab forms."), "situation") for n in range(8)]
    story = [(Sentence("So I emailed the data manager."), "action"), (Sentence("The queries died down."), "result")]
    assert [role for _, role in late_setup_as_outcome(setting + story)] == ["situation"] * 8 + ["action", "result"]


def test_a_setting_with_nothing_after_it_ends_as_the_outcome():
    setting = [(Sentence(f"Setting sentence number {n} tells who owned the lab forms."), "situation") for n in range(8)]
    roles = [role for _, role in late_setup_as_outcome(setting)]
    assert roles[:4] == ["situation"] * 4 and roles[-2:] == ["result", "result"]


@pytest.mark.parametrize("not_a_choice", [
    "I go through a year of sign-up forms by hand to see where people give up, and it's nearly always page three.",
    "I weigh the animals two times in the week instead of one, and I write everything in a table.",
    "Rate parity, meaning the same price on every channel, is part of my job as revenue manager.",
])
def test_giving_up_a_form_a_count_instead_of_another_or_a_price_is_no_tradeoff(not_a_choice):
    text = (f"Patrons were dropping out of the delivery sign-up. {SCOPE} {not_a_choice} I cut the form to one "
            f"page because the physician's note was no longer required. {RESULT}")
    assert verdict(text, "tradeoffs") == "fail"


def test_even_though_it_meant_a_cost_is_a_tradeoff():
    text = (f"Travellers saw prices change at the payment step. {SCOPE} I changed the cache key myself, and I "
            "shortened the cache lifetime as well, even though it meant more calls to the fare provider, because "
            f"a wrong price at payment was losing us bookings. {RESULT}")
    assert verdict(text, "tradeoffs") == "pass"
