"""A tail split off a long sentence, with no subject of its own, stays in its sentence's section."""

from rehearse.analysis.segmentation import _continues, change_bonus
from rehearse.models import Sentence


def test_a_subjectless_tail_continues_the_sentence_before():
    assert _continues(Sentence("and always on the Friday lane."))
    assert _continues(Sentence("And nothing else on my plate."))
    assert _continues(Sentence("and heavy goods traffic for an industrial estate, through the town."))


def test_a_clause_with_its_own_subject_can_open_a_section():
    assert not _continues(Sentence("and I rewrote the schedule that night."))
    assert not _continues(Sentence("And there were two options."))
    assert not _continues(Sentence("So the queue fell to zero."))


def test_a_change_of_section_costs_more_at_a_tail():
    tail, clause = change_bonus([Sentence("The lane ran late."), Sentence("and always on the Friday run out of town."),
                                 Sentence("and I rewrote the schedule that very night.")])[1:]
    assert tail < clause
