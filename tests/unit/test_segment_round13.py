"""Setting shapes batch 14 showed, in our own words: how the problem showed up ("I started noticing
appeals", "we kept getting calls") is no step taken; whose thing it was, said with "mine" or "ours"
or as another owner in the present ("IT and the vendor own those devices"), anchors the setting, and
so does the speaker's own duty in the present ("the gates are my responsibility"); an outcome told
with a fraction in the present ("complaint calls drop by about two thirds") is the result."""

from __future__ import annotations

import pytest

from rehearse.analysis.segmentation import label_sentences
from rehearse.lang.sentences import split_text

ACTIONS = [
    "So I pulled three months of appeals and sorted them by block.",
    "I found the handhelds still had the old zone map loaded.",
    "I rebuilt the zone file myself from the council's map and loaded it onto every device.",
    "Then I walked the zone with one of my officers and wrote test citations on every block face.",
]


def labels(sentences: list[str]) -> list[str]:
    return list(label_sentences(split_text(" ".join(sentences))))


@pytest.mark.parametrize("setting", [
    [
        "This was a couple of winters back, a slow season for us.",
        "I supervise about fifteen enforcement officers, and I started noticing a lot of appeals from one zone.",
        "People were getting cited on their own street with a valid permit on the dash.",
        "Now the handheld ticket writers my officers carry, those aren't ours.",
        "IT and the vendor own those devices and the software on them.",
    ],
    [
        "At my last call center, customers on the billing line were getting bounced between agents.",
        "When I looked at where the transfers came from, almost all were from the newest hire class.",
        "Now, the new hires weren't mine.",
        "The training team owns agents for their first ninety days.",
    ],
    [
        "Truck drivers were waiting at the gate for an hour because the badge readers kept rejecting them.",
        "The drivers are paid by the load, so every lost hour is money out of their pockets.",
        "I'm the security supervisor for the landside gates, so the gates are my responsibility.",
    ],
], ids=["noticing-and-whose-devices", "whose-people", "my-responsibility-now"])
def test_noticing_and_whose_it_is_stay_in_the_setting(setting):
    got = labels(setting + ACTIONS)
    assert got == ["situation"] * len(setting) + ["action"] * len(ACTIONS)


def test_a_fraction_that_drops_in_the_present_is_the_outcome():
    story = [
        "Short dead ends were dropped from the plow routes after every storm.",
        "The routing system belongs to the county's contractor, and nobody had a ticket for it.",
        "I rebuild the export myself from the map layer, street by street.",
        "Then I ride along in a truck for a full shift and tick off every street.",
        "Complaint calls drop by about two thirds over the winter.",
        "The contractor then added a short-street check to their product for every town.",
    ]
    assert labels(story)[-2:] == ["result", "result"]

