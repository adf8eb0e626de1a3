"""A shape batch 16 showed, in our own words: who the speaker is, told as the reason for steps taken
in the same sentence ("I'm a certified pool operator, so I bought my own kit and tested the pool
myself"), is an action, not the setting; said alone ("I'm the maintenance planner, so I do the PM
schedules") it stays the setting. Irregular past verbs ("bought", "paid", "taught") are steps. From
batch 17: "What I got out of it is ..." opens the reflection."""

from __future__ import annotations

from rubric_checks import blind_answer

from rehearse.analysis.segmentation import label_sentences
from rehearse.lang.sentences import split_text

SETTING = [
    "So last summer, parents started pulling their kids out of our swim lessons, because the kids came out "
    "of the teaching pool with red eyes and itchy rashes.",
    "Pool chemistry at the city pools is run by the parks maintenance crew, not aquatics, my team is the "
    "lifeguards and the lessons.",
    "There was no work order, nobody had asked me to look at it, and the controller was reading fine.",
]
AFTER = [
    "Free chlorine was fine, which is all the controller reads, but combined chlorine was sitting around one "
    "part per million, and you want it under point two.",
    "I could keep the pool open and dilute it, or close it for a day and shock it.",
    "I closed it for a day and did the shock myself after hours, because diluting would have taken a week.",
    "Then I tested combined chlorine myself every two hours the next day.",
    "Combined chlorine went from about one down to under point two and stayed there.",
]


def labels(sentences: list[str]) -> list[str]:
    return list(label_sentences(split_text(" ".join(sentences))))


def test_who_i_am_as_the_reason_for_my_steps_is_an_action():
    step = ("I'm a certified pool operator, so I bought my own test kit and tested the teaching pool myself, "
            "morning and afternoon, for three days.")
    got = labels([*SETTING, step, *AFTER])
    assert got[len(SETTING)] == "action"


def test_the_blind_answer_that_showed_it_keeps_its_steps_in_the_action():
    # (b16d_09: told with the finding after it, the old cues put the step and the finding in the setting)
    answer = blind_answer("b16d_09")
    action = next(s["text"] for s in answer["sections"] if s["name"] == "action")
    text = " ".join(s["text"].strip() for s in answer["sections"])
    sentences = split_text(text)
    got = list(label_sentences(sentences))
    first_step = next(i for i, s in enumerate(sentences) if s.text.startswith(action.strip()[:30]))
    assert got[first_step:first_step + 2] == ["action", "action"]


def test_who_i_am_with_my_duties_in_the_present_stays_the_setting():
    role = "I'm the aquatics supervisor, so I run the lifeguard schedule and the lesson program."
    got = labels([SETTING[0], role, *SETTING[1:], *AFTER])
    assert got[1] == "situation"


def test_what_i_got_out_of_it_opens_the_reflection():
    story = [
        "Friday night, the first snow of the year, and our wait times were creeping up toward two hours.",
        "The dispatch software hands out calls by rotation, not by distance.",
        "I turned off auto-assign and gave every new call by hand to whoever was closest.",
        "Average wait that night dropped from around ninety minutes to forty-five.",
        "What I got out of it is that auto-assign needs a snow mode.",
        "I wrote it up for the owner, and now dispatch flips to the closest truck whenever there's a winter advisory.",
    ]
    got = labels(story)
    assert got[4] == "reflection"
