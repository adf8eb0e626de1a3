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
