"""What the Result is worth: business value, metric deltas, second-order adoption, sentiment-only
results. Wordings are our own (not from the labelled sets), in several speaking styles, with the
near misses that must not count."""

from __future__ import annotations

import pytest
from test_rubric import flags, run, verdicts


@pytest.mark.parametrize(
    "result",
    [
        "The county stopped paying about twelve thousand dollars a quarter in late penalties.",
        "That gave the billing clerks back roughly fifteen hours a week.",
        "Of the thirty accounts that had threatened to leave, we kept twenty-eight.",
        "Renewals on the mid-market plan went up from seventy to eighty-one percent.",
        "Churn fell by a quarter over the summer.",
        "So, like, we signed up about two hundred more members a month after that.",
        "which is, um, something like 80 grand a year we no longer spend on couriers.",
        "after this the refund errors go to nearly zero and we keep the three big clients who were wanting to leave",
        "Month-end used to eat three days of the controller's work; now it takes half a day, so about twenty hours a month saved.",
        "That gave the clinic back about 90 nursing hours a month.",
        "Roughly two thousand bookings a week that used to time out now go through.",
        "That's about twelve hundred checkouts a day that no longer fail.",
    ],
)
def test_business_outcomes_in_the_result_pass(result):
    assert verdicts(run(result=[result]))["impact_business"] == "pass"


@pytest.mark.parametrize(
    "result",
    [
        "Complaints from shoppers dropped from forty a week to six.",  # a customer metric
        "Tickets per customer fell by half.",
        "Our Net Promoter Score went up by eleven points.",
        "The hold time for callers went from nine minutes to two.",  # a wait, not work saved
        "Our app rating climbed from 3.2 to 4.5 stars.",
        "Everyone in sales was thrilled.",
        "It would have saved about 5,000 dollars a month if we had shipped it.",  # counterfactual
        "The revenue operations director thanked me in the all-hands.",  # a job title
        "I tested it with five demo accounts before the release.",  # accounts that are test fixtures
        "Pricing errors went from about 3% of transactions to none.",  # an error rate, not a count
        "Reading scores for those two pupils went from about half to nearly all of the target.",  # not a count
    ],
)
def test_customer_metrics_and_near_misses_are_not_business(result):
    assert verdicts(run(result=[result]))["impact_business"] == "fail"


def test_a_cost_reason_in_the_situation_is_not_business_value():
    r = run(situation=["We moved to a new courier because it was two dollars cheaper per parcel."],
            result=["Late parcels fell from 8% to 2%."])
    assert verdicts(r)["impact_business"] == "fail"
    assert verdicts(r)["impact_metric"] == "pass"


@pytest.mark.parametrize(
    "result",
    [
        "Late deliveries went from one in ten to one in fifty.",
        "Wrong picks dropped from forty-odd a shift to three.",
        "Scrap on that line fell by a third.",
        "the reject rate it go from nine percent to under two percent",  # non-native, no punctuation
        "Turnover on the night shift was thirteen percent over the next year, compared with nineteen percent the year before.",
    ],
)
def test_deltas_in_the_result_pass_impact_metric(result):
    assert verdicts(run(result=[result]))["impact_metric"] == "pass"


def test_effort_numbers_in_the_action_are_not_a_metric():
    r = run(action=["I brought in three contractors and we added two seconds to every cycle."],
            result=["It all worked out in the end."])
    assert verdicts(r)["impact_metric"] == "fail"


@pytest.mark.parametrize(
    "result",
    [
        "We restored service in forty minutes.",  # time to restore
        "We migrated 120 services in five months with a team of four.",  # effort and duration
    ],
)
def test_time_to_restore_and_effort_in_the_result_are_not_a_metric(result):
    assert verdicts(run(result=[result]))["impact_metric"] == "fail"


def test_a_delta_told_only_in_the_situation_is_not_a_metric():
    r = run(situation=["Returns had climbed from 2% to 6% over the spring."], result=["Things got better after that."])
    assert verdicts(r)["impact_metric"] == "fail"


def test_a_cost_avoided_is_business_value_but_not_a_before_after_delta():
    r = run(result=["We avoid paying about 20,000 euro a month for the old contract."])
    assert verdicts(r)["impact_business"] == "pass"
    assert verdicts(r)["impact_metric"] == "fail"


@pytest.mark.parametrize(
    "result",
    [
        "The other four depots set it up the same way within a month.",
        "The shelf-label check went into the store opening checklist for every new location.",
        "Last I heard, twelve clinics were running it.",
        "Finance then added my variance check as a standard step in the quarter close.",
        "The other two dental practices in the group now book their recalls the same way.",
        "The approach was picked up by the Lisbon and Dublin offices.",
        "Since then, every release goes through the same check.",
        "It's now part of how every new store opens.",
        # a third party reuses it on more of its own things, or takes it into its system
        "The billing team then applied the same rounding check to all six of their regional feeds.",
        "The payments group later pulled my retry logic into their own gateway.",
        # a rule the story put in place, told as an outcome; compounds split at hyphens
        "The step got written into the plant's new-supplier onboarding template, so every new resin lot now gets a moisture test.",
        "Afterwards the hospital made a two-nurse double-check by the charge nurse a required step on every ward.",
        "The night team liked the tracker, and now they use it on all four wards, not only mine.",
        "Stock counts are now a standing item in the weekly ops review for every depot.",
    ],
)
def test_adoption_beyond_the_fix_passes_second_order(result):
    assert verdicts(run(result=[result]))["impact_second_order"] == "pass"


@pytest.mark.parametrize(
    "parts",
    [
        {"result": ["I still use the script every Monday morning."]},  # the speaker's own reuse
        {"action": ["I sent the summary to the owners and copied my director on the email."]},
        {"result": ["I'd like it to become the standard across the region."]},  # a wish
        {"result": ["I made a checklist for the night shift."]},  # the fix itself, not its spread
        {"result": ["I never got to re-check the other forecasts that used the same feed."]},
        {"result": ["We hope other teams will adopt it."]},
        {"result": ["It could become a standard if leadership backs it."]},
        {"result": ["Every customer got the same apology email."]},
        {"result": ["The fix was tested by the QA engineers."]},
        {"action": ["I sat with their engineer while he put my formula into their pricing model."]},  # part of the work
        {"result": ["All nine clinics on the new intake form by the end of March."]},  # the rollout itself
        {"action": ["I asked to drop the sign-off for refunds under forty euro, finance signed it, and I changed the rule."]},
        {"reflection": ["Three misroutes on the same lane in a week should put that lane on the planners' list."]},
    ],
)
def test_own_reuse_actions_and_wishes_are_not_second_order(parts):
    assert verdicts(run(**parts))["impact_second_order"] == "fail"


@pytest.mark.parametrize(
    "result",
    [
        ["Honestly, the launch went really smoothly.", "The ops folks seemed pretty relieved."],
        ["The client thanked us."],
        ["The feedback was overwhelmingly positive."],
        ["The queue looked a lot shorter and the drivers were less grumpy."],
    ],
)
def test_a_sentiment_only_result_raises_vague_result(result):
    r = run(result=result)
    assert "vague_result" in flags(r)
    assert verdicts(r)["impact_metric"] == "fail"


@pytest.mark.parametrize(
    "result",
    [
        ["Errors fell from 30 a day to 2, and the team was relieved."],  # the number carries it
        ["I assumed it was fine and moved on."],  # a guess about the fix, not how the result felt
    ],
)
def test_no_vague_result_with_a_number_or_without_sentiment(result):
    assert "vague_result" not in flags(run(result=result))
