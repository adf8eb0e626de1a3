from rehearse.lang.sentences import split_sentences, split_text
from rehearse.lang.tokens import norm
from rehearse.models import Word


def test_decimals_and_abbreviations_do_not_end_sentences():
    sents = split_text("The rate was 0.3% and cost $8.5K weekly, e.g. refunds. Then I fixed it.")
    assert [s.text for s in sents] == [
        "The rate was 0.3% and cost $8.5K weekly, e.g. refunds.",
        "Then I fixed it.",
    ]


def test_run_on_speech_splits_at_markers_and_fresh_first_person_clauses():
    sents = split_text("it was not my team so i dug into the logs i found the retry bug after that the rate went to zero")
    texts = [s.text for s in sents]
    assert "so i dug into the logs" in texts
    assert "i found the retry bug" in texts
    assert texts[-1] == "after that the rate went to zero"


def test_glued_first_person_clause_is_not_split():
    sents = split_text("it failed because i changed the retry policy and nobody noticed for a week")
    assert len(sents) == 1


def test_long_pause_splits_timed_words():
    words = [Word("we", 0.0, 0.2), Word("shipped", 0.3, 0.6), Word("it", 0.7, 0.8), Word("late", 0.9, 1.1),
             Word("i", 2.5, 2.6), Word("learned", 2.7, 3.0), Word("a", 3.1, 3.2), Word("lot", 3.3, 3.5)]
    assert [s.text for s in split_sentences(words)] == ["we shipped it late", "i learned a lot"]
    assert split_sentences(words)[1].start_s == 2.5


def test_norm_keeps_numbers_and_strips_punctuation():
    assert norm("Team's,") == "team's"
    assert norm("0.3%") == "0.3%"
    assert norm("“Hello!”") == "hello"


def test_per_second_is_a_unit_not_a_new_sentence():
    sents = split_text("we boosted throughput from 50 images per second to 680 images per second then i wrote it up")
    assert sents[0].text == "we boosted throughput from 50 images per second to 680 images per second"


def test_and_before_a_long_marker_opens_a_sentence_in_unpunctuated_speech():
    from rehearse.lang.sentences import split_text

    text = ("we moved the pallets and after that picks were faster and the leads were happy "
            "honestly the biggest lesson is that we should talk earlier")
    units = [s.text for s in split_text(text)]
    assert any(u.startswith("and after that") for u in units)
    assert any(u.startswith("the biggest lesson") for u in units)


def test_a_capital_opener_after_a_dropped_full_stop_starts_a_sentence():
    # Whisper sometimes drops the full stop and keeps the capital.
    text = "Yeah, so last spring my regulars started getting charged twice for their lunch Like one burrito, two charges."
    assert [s.text for s in split_text(text)] == [
        "Yeah, so last spring my regulars started getting charged twice for their lunch",
        "Like one burrito, two charges.",
    ]


def test_acronyms_names_and_commas_keep_the_sentence_whole():
    for text in (
        "I could log it with IT and wait for the spring release.",
        "Old integrations belong in IT's inventory with a name next to them.",
        "She says, So what are you going to do about it?",
        "We moved the pickups to the Main Street depot on Mondays.",
    ):
        assert len(split_text(text)) == 1, text
