"""Consistency across tellings: changed numbers are flagged with both quotes, paraphrases are not."""

from __future__ import annotations

import pytest

from rehearse.practice.consistency import check_takes, compare, extract_facts

FIRST = (
    "Last spring I noticed our checkout service was silently dropping about 0.3% of payment webhooks. "
    "The fix took two weeks and recovered about $8K of revenue a week, and two other teams adopted the alert."
)
PARAPHRASE = (
    "Last year our checkout was losing roughly zero point three percent of the payment webhooks. "
    "It took me 2 weeks to fix it, and we got back eight thousand dollars a week in revenue; two more teams reused my alert."
)


@pytest.mark.parametrize(
    "spoken, value, unit",
    [
        ("zero point three percent of webhooks", 0.3, "percent"),
        ("0.3 percent of webhooks", 0.3, "percent"),
        ("0.3% of webhooks", 0.3, "percent"),
        ("we saved 8K a week", 8000, "money"),
        ("we saved $8K a week", 8000, "money"),
        ("eight thousand dollars a week", 8000, "money"),
        ("$8,000 a week", 8000, "money"),
        ("one hundred and twenty five engineers", 125, "engineer"),
        ("a 3x speedup", 3, "multiplier"),
        ("two weeks", 14 * 86400, "duration"),
        ("fourteen days", 14 * 86400, "duration"),
    ],
)
def test_numbers_normalise_across_speech_recognition_forms(spoken, value, unit):
    [fact] = extract_facts(spoken)
    assert fact.value == pytest.approx(value) and fact.unit == unit


def test_years_and_bare_numbers_are_not_facts():
    assert extract_facts("In 2021 we were one of the teams") == []


def test_a_paraphrase_with_the_same_numbers_is_not_flagged():
    assert compare(FIRST, PARAPHRASE) == []


def test_changed_numbers_are_flagged_with_both_quotes():
    changed = PARAPHRASE.replace("zero point three percent", "3%").replace("2 weeks", "three weeks").replace(
        "eight thousand dollars", "$80K"
    )
    conflicts = {c.unit: c for c in compare(FIRST, changed, "take 1", "take 2")}
    assert set(conflicts) == {"percent", "duration", "money"}
    assert "0.3%" in conflicts["percent"].quote_a and "3%" in conflicts["percent"].quote_b
    assert "two weeks" in conflicts["duration"].quote_a and "three weeks" in conflicts["duration"].quote_b
    assert "$8K" in conflicts["money"].quote_a and "$80K" in conflicts["money"].quote_b
    assert conflicts["money"].message.startswith("take 1: “")


def test_unrelated_numbers_of_the_same_unit_are_not_paired():
    a = "Latency fell 40% after the cache. Separately, churn among merchants was 2%."
    b = "Latency fell 40% after the cache. Onboarding completion rose 15% that quarter."
    assert compare(a, b) == []


def test_every_pair_of_tellings_is_checked():
    third = FIRST.replace("0.3%", "3%")
    conflicts = check_takes([("take 1", FIRST), ("take 2", PARAPHRASE), ("take 3", third)])
    assert {(c.take_a, c.take_b) for c in conflicts} == {("take 1", "take 3"), ("take 2", "take 3")}
