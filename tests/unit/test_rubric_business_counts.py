"""Business outcomes counted in what customers get (refills, appointments, households paid), a
result told first, and near misses."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text
from rehearse.analysis.segmentation import segment_text

SETTING = "Patients at our pharmacy waited days for insurance approvals, and the form belonged to the vendor."


def business(text: str) -> str:
    return next(f.verdict for f in check_text(text, "senior", "ownership").findings if f.id == "impact_business")


@pytest.mark.parametrize("result", [
    "Approvals went from sixty percent to seventy-eight, roughly four thousand more refills a month.",
    "Approval time went from nine days to four, and about fourteen hundred households a quarter got paid sooner.",
    "Approvals went from sixty percent to eighty, about nine hundred more appointments kept a month.",
])
def test_counted_customer_outcomes_are_business(result):
    assert business(f"{SETTING} I rebuilt the form myself and tested it on ten claims. {result}") == "pass"


@pytest.mark.parametrize("result", [
    "Approvals went from sixty percent to seventy-eight.",
    "I reviewed four thousand refills a month before the change.",
])
def test_a_rate_alone_or_a_workload_is_not_business(result):
    assert business(f"{SETTING} I rebuilt the form myself and tested it on ten claims. {result}") == "fail"


def test_a_result_told_first_is_heard_as_the_result():
    text = (f"{SETTING} I'll give you the ending first. Approval time went from nine days to four. "
            "Here's how I got there. I pulled every claim from the last quarter and timed each step myself.")
    names = [section.name for section in segment_text(text)]
    assert names[:3] == ["situation", "result", "action"]


def metric(text: str) -> str:
    return next(f.verdict for f in check_text(text, "senior", "ownership").findings if f.id == "impact_metric")


@pytest.mark.parametrize("action", [
    "I picked the second vendor, because it could start Monday, although its rate was some forty percent higher.",
    "I re-read a sample of claims from the twenty-to-forty band myself and found four that were wrong.",
])
def test_numbers_weighed_or_named_in_the_action_are_not_the_result(action):
    assert metric(f"{SETTING} {action} I rebuilt the form myself. Everyone was much happier after that.") == "fail"


def test_a_delta_run_on_after_a_choice_is_still_a_result():
    """Unpunctuated speech runs the choice and the result together."""
    text = ("patients at our pharmacy waited days for approvals and the form belonged to the vendor nobody asked me "
            "i tagged every rejected claim from the last three months myself and i found that most came from two "
            "fields i rewrote those two fields and replayed last month's claims through the new form to confirm "
            "nothing broke i chose to delete one field outright instead of fixing it because nobody ever read it "
            "rejected claims went from sixty a week to less than five a week")
    assert metric(text) == "pass"


def test_an_outcome_against_what_would_have_happened_is_a_delta():
    result = "After that, the pharmacy ended each week with two rejected claims instead of the forty it used to have."
    assert metric(f"{SETTING} I rebuilt the form myself and tested it on ten claims. {result}") == "pass"
    assert metric(f"{SETTING} I rebuilt the form myself instead of the two forms IT proposed. Everyone was happy.") == "fail"
