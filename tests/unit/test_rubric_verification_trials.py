"""Verification told without a check word: re-running an evaluation, a swab or a trial whose outcome
the next sentence tells, going line by line through the records; and near misses."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text

SETTING = "Our night shift's label printer mislabelled frozen cartons, and the printer belonged to facilities."
CHANGE = "I rewrote the label template myself."


def verification(text: str) -> str:
    return next(f.verdict for f in check_text(text, "mid", "ownership").findings if f.id == "verification")


@pytest.mark.parametrize("check", [
    "Then I reran the scanner evaluation myself on a fresh week of cartons.",
    "For the next month I swabbed the print head myself after every shift.",
    "After that I printed forty test labels at both stations and scanned them at the dock myself. All forty scanned.",
    "Each Friday I go line by line through the shipping file, so every carton is really the one we labelled.",
])
def test_a_check_of_ones_own_without_a_check_word(check):
    assert verification(f"{SETTING} {CHANGE} {check} Mislabels fell from twelve a week to one.") == "pass"


@pytest.mark.parametrize("check", [
    "Then I walked the new labels to the dock supervisor and he said they all looked fine.",
    "After that I printed the new labels and handed them to the dock team.",
    "Each Friday the dock team goes line by line through the shipping file.",
])
def test_no_check_of_ones_own(check):
    assert verification(f"{SETTING} {CHANGE} {check} Mislabels fell from twelve a week to one.") == "fail"


def test_going_with_someone_elses_read_is_delegated_validation():
    text = (f"{SETTING} {CHANGE} For checking it, I handed the template to the audit team, they sampled cartons "
            "after launch, and I went with their read. Mislabels fell from twelve a week to one.")
    result = check_text(text, "mid", "ownership")
    assert any(f.id == "delegated_validation" for f in result.red_flags)


@pytest.mark.parametrize("check", [
    "Our shift analysts monitored the first weeks and confirmed it worked, so I signed it off.",
    "Their lead messaged me, 'We tested it, the labels are fine now,' and I closed my ticket.",
    "Then our QA tester and the client's auditor went through every station again and signed them off.",
])
def test_checks_by_others_are_delegated(check):
    result = check_text(f"{SETTING} {CHANGE} {check} Mislabels fell from twelve a week to one.", "mid", "ownership")
    assert next(f.verdict for f in result.findings if f.id == "verification") == "fail"
    assert any(f.id == "delegated_validation" for f in result.red_flags)


def test_signing_off_after_ones_own_check_is_verification():
    check = "I scanned forty cartons at the dock myself to make sure they read, and then I signed it off."
    assert verification(f"{SETTING} {CHANGE} {check} Mislabels fell from twelve a week to one.") == "pass"
