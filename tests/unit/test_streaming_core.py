"""The pure streaming policies, driven by synthetic VAD spans and words (no model, no audio)."""

from __future__ import annotations

import numpy as np
import pytest

from rehearse.asr.streaming.core import (
    CommitState,
    Plan,
    StreamPolicy,
    agreed_prefix,
    clamp_words,
    drop_overlap,
    pause_cut,
    pause_points,
    plan_step,
)
from rehearse.audio.dsp import BlockResampler, resample
from rehearse.models import Word

POLICY = StreamPolicy(min_chunk_s=4.0, min_gap_s=0.25, long_pause_s=2.0, pad_s=0.2, tail_min_s=14.0, max_chunk_s=24.0)


def words(*items):
    """words(("I", 0.0, 0.2), ...) -> Word tuple list."""
    return [Word(t, s, e) for t, s, e in items]


# -- the VAD gate / chunker ------------------------------------------------------------------


def test_silence_is_never_transcribed_only_dropped():
    plan = plan_step(0.0, 3.0, [], POLICY)
    assert plan.kind == "drop" and plan.end_s == pytest.approx(2.8)  # keeps pad_s in case speech starts


def test_short_buffer_of_silence_waits():
    assert plan_step(0.0, 0.1, [], POLICY).kind == "wait"


def test_speech_still_going_waits_for_a_pause():
    plan = plan_step(0.0, 3.0, [(0.5, 3.0)], POLICY)
    assert plan.kind == "wait"


def test_pause_after_enough_speech_cuts_a_chunk_in_the_pause():
    spans = [(1.0, 3.0), (3.1, 6.0)]  # 0.1 s is too short to cut in; the trailing 1 s pause is not
    plan = plan_step(0.0, 7.0, spans, POLICY)
    assert plan == Plan("chunk", 0.8, 6.2, plan.reason)


def test_a_chunk_ends_at_the_longest_pause_it_may_end_at():
    # After 4 s of speech: a 0.3 s breath at 5.0, a 0.9 s sentence break at 7.0, a 0.4 s breath at 9.0.
    spans = [(1.0, 5.0), (5.3, 7.0), (7.9, 9.0), (9.4, 12.0)]
    plan = plan_step(0.0, 12.5, spans, POLICY)
    assert (plan.kind, plan.end_s) == ("chunk", pytest.approx(7.2))


def test_pause_before_enough_speech_only_gets_a_speculative_pass():
    plan = plan_step(0.0, 3.0, [(0.5, 2.0)], POLICY)
    assert plan.kind == "tail" and plan.start_s == pytest.approx(0.3)
    # ...and only once: the pass already heard this speech
    assert plan_step(0.0, 3.5, [(0.5, 2.0)], POLICY, last_tail_end=3.0).kind == "wait"


def test_speculative_pass_is_marked_as_possibly_final():
    # a stop right after it commits its words, so the worker gives it the full encoder window
    assert plan_step(0.0, 3.0, [(0.5, 2.0)], POLICY).may_be_final
    assert not plan_step(0.0, 16.0, [(0.5, 15.9)], POLICY).may_be_final  # preview of unpaused speech


def test_a_long_buffer_is_cut_at_any_pause_so_no_pass_starts_mid_sentence():
    policy = StreamPolicy(min_chunk_s=12.0, min_gap_s=0.25, long_pause_s=2.0, pad_s=0.2, max_tail_s=15.0)
    # 11 s of speech over 16 s of buffer, pauses of 1 s: not enough speech, no long pause
    spans = [(0.0, 3.0), (4.0, 7.0), (8.0, 11.0), (12.0, 14.0), (15.5, 16.0)]
    plan = plan_step(0.0, 16.5, spans, policy)
    assert plan.kind == "chunk" and plan.end_s == pytest.approx(16.2)  # the latest pause
    # a shorter buffer with the same pauses still waits for more speech
    assert plan_step(0.0, 11.5, spans[:3], policy).kind != "chunk"
    # degraded: only larger chunks
    assert plan_step(0.0, 16.5, spans, policy, degraded=True).kind != "chunk"


def test_latest_usable_pause_wins_but_a_chunk_fits_one_window():
    spans = [(0.0, 5.0), (5.5, 10.0), (10.5, 20.0), (20.5, 30.0)]
    plan = plan_step(0.0, 31.0, spans, POLICY)
    assert plan.kind == "chunk" and plan.end_s == pytest.approx(20.2)
    assert plan.end_s - plan.start_s <= POLICY.max_chunk_s


def test_long_pause_commits_even_a_short_chunk():
    plan = plan_step(0.0, 5.0, [(0.5, 2.0)], POLICY)
    assert plan.kind == "chunk" and plan.end_s == pytest.approx(2.2)


def test_long_speech_without_pause_gets_a_tail_pass_rate_limited():
    plan = plan_step(0.0, 15.0, [(0.0, 15.0)], POLICY)
    assert plan.kind == "tail"
    assert plan_step(0.0, 16.0, [(0.0, 16.0)], POLICY, last_tail_end=15.0).kind == "wait"
    assert plan_step(0.0, 17.0, [(0.0, 17.0)], POLICY, last_tail_end=15.0).kind == "tail"


def test_degraded_waits_for_larger_chunks():
    spans = [(0.0, 6.0)]
    assert plan_step(0.0, 7.0, spans, POLICY).kind == "chunk"
    assert plan_step(0.0, 7.0, spans, POLICY, degraded=True).kind == "wait"


def test_final_transcribes_only_the_uncommitted_tail():
    plan = plan_step(50.0, 53.0, [(48.0, 52.5)], POLICY, final=True)
    assert plan.kind == "chunk" and plan.start_s == 50.0 and plan.end_s == 53.0


def test_final_after_a_pass_that_heard_everything_needs_no_whisper():
    assert plan_step(50.0, 54.0, [(50.5, 52.5)], POLICY, last_tail_end=53.0, final=True).kind == "commit"
    assert plan_step(50.0, 54.0, [(50.5, 53.5)], POLICY, last_tail_end=53.0, final=True).kind == "chunk"
    assert plan_step(50.0, 54.0, [], POLICY, final=True).kind == "done"


# -- merging ----------------------------------------------------------------------------------


def test_clamp_keeps_words_inside_the_audio_and_in_order():
    out = clamp_words(words(("a", -0.2, 0.1), ("b", 0.5, 0.4), ("c", 0.3, 9.0)), 0.0, 2.0)
    assert [(w.start_s, w.end_s) for w in out] == [(0.0, 0.1), (0.5, 0.5), (0.5, 2.0)]


def test_a_word_recognised_on_both_sides_of_a_join_is_kept_once():
    committed = words(("we", 1.0, 1.2), ("shipped", 1.2, 1.6), ("the", 1.6, 1.7), ("fix.", 1.7, 2.0))
    # the second pass times the shared words a little differently
    new = words(("the", 1.5, 1.65), ("fix", 1.62, 1.95), ("Then", 2.3, 2.5), ("I", 2.5, 2.6))
    assert [w.text for w in drop_overlap(committed, new)] == ["Then", "I"]


def test_without_a_text_match_words_heard_before_the_join_are_dropped():
    committed = words(("alpha", 0.0, 1.0))
    new = words(("beta", 0.2, 0.8), ("gamma", 1.05, 1.4))
    assert [w.text for w in drop_overlap(committed, new)] == ["gamma"]


def test_a_single_common_word_later_in_the_zone_is_not_taken_for_the_join():
    committed = words(("of", 1.0, 1.1), ("the", 1.1, 1.2))
    new = words(("cache", 1.25, 1.5), ("after", 1.5, 1.7), ("the", 1.7, 1.8), ("deploy", 1.8, 2.2))
    assert [w.text for w in drop_overlap(committed, new)] == ["cache", "after", "the", "deploy"]


def test_agreed_prefix_ignores_case_and_punctuation():
    a = words(("So", 0, 1), ("I", 1, 2), ("fixed", 2, 3), ("it", 3, 4))
    b = words(("so,", 0, 1), ("I", 1, 2), ("fixed", 2, 3), ("them", 3, 4))
    assert agreed_prefix(a, b) == 3
    assert agreed_prefix([], b) == 0


def test_local_agreement_commits_only_what_two_long_passes_agree_on():
    policy = StreamPolicy(max_tail_s=4.0, force_commit_s=100.0)
    state = CommitState()
    first = words(("I", 0.1, 0.3), ("pulled", 0.3, 0.6), ("two", 0.6, 0.8), ("weeks", 0.8, 1.0))
    assert state.accept_tail(Plan("tail", 0.0, 5.0), first, 5.0, policy) == []
    assert [w.text for w in state.partial] == ["I", "pulled", "two", "weeks"]
    second = words(("I", 0.1, 0.3), ("pulled", 0.3, 0.6), ("to", 0.6, 0.8), ("weeks", 0.8, 1.0), ("of", 1.0, 1.2))
    fresh = state.accept_tail(Plan("tail", 0.0, 7.0), second, 7.0, policy)
    assert [w.text for w in fresh] == ["I", "pulled"]
    assert [w.text for w in state.partial] == ["to", "weeks", "of"]
    assert state.buffer_start == pytest.approx(0.6)  # trimmed at the last committed word


def test_a_tail_commit_ends_at_a_pause_and_the_next_pass_starts_there():
    policy = StreamPolicy(max_tail_s=4.0, force_commit_s=100.0, max_chunk_s=24.0)
    state = CommitState()
    said = words(("it", 0.1, 0.4), ("shipped.", 0.4, 1.1), ("Then", 1.6, 1.8), ("I", 1.8, 1.9), ("checked", 1.9, 2.3))
    state.accept_tail(Plan("tail", 0.0, 5.0), said, 5.0, policy, pauses=[1.35])
    fresh = state.accept_tail(Plan("tail", 0.0, 6.0), said, 6.0, policy, pauses=[1.35])
    # all five agree, but only the words before the pause are committed: no pass starts mid-sentence
    assert [w.text for w in fresh] == ["it", "shipped."]
    assert state.buffer_start == pytest.approx(1.35)
    assert [w.text for w in state.partial] == ["Then", "I", "checked"]


def test_without_a_pause_a_tail_commits_nothing_until_it_no_longer_fits_a_window():
    policy = StreamPolicy(max_tail_s=4.0, force_commit_s=100.0, max_chunk_s=24.0)
    state = CommitState()
    said = words(("one", 0.1, 0.4), ("long", 0.4, 0.8), ("run", 0.8, 1.2))
    state.accept_tail(Plan("tail", 0.0, 5.0), said, 5.0, policy, pauses=[])
    assert state.accept_tail(Plan("tail", 0.0, 6.0), said, 6.0, policy, pauses=[]) == []
    assert [w.text for w in state.accept_tail(Plan("tail", 0.0, 25.0), said, 25.0, policy, pauses=[])] == ["one", "long", "run"]


def test_pause_cut_allows_word_ends_that_run_into_the_pause():
    said = words(("a", 0.0, 0.5), ("b", 0.5, 1.3), ("c", 1.5, 1.9))
    assert pause_cut(said, 3, [1.2]) == (2, 1.2)  # "b" ends 0.1 s into the pause
    assert pause_cut(said, 1, [1.2]) == (0, None)  # the only pause is after the agreed words
    assert pause_points([(0.0, 1.0), (1.1, 2.0), (2.5, 3.0)], 0.25) == [2.25]


def test_short_tail_passes_never_commit_they_wait_for_their_chunk():
    state = CommitState()
    w = words(("hello", 0.1, 0.5))
    state.accept_tail(Plan("tail", 0.0, 3.0), w, 3.0)
    state.accept_tail(Plan("tail", 0.0, 4.0), w, 4.0)
    assert state.committed == [] and [x.text for x in state.partial] == ["hello"]


def test_chunk_commits_its_own_words_and_drops_the_speculative_hypothesis():
    state = CommitState()
    state.accept_tail(Plan("tail", 0.0, 3.0), words(("a", 0.1, 0.5), ("b", 0.6, 1.0), ("c", 1.1, 1.5)), 3.0)
    fresh = state.accept_chunk(Plan("chunk", 0.0, 2.0), words(("a", 0.1, 0.5), ("b", 0.6, 1.0)), 3.0)
    assert [w.text for w in fresh] == ["a", "b"]  # a pass's words past the chunk may be hallucinated
    assert state.buffer_start == 2.0 and state.partial == [] and state.chunks == 1


def test_chunk_words_are_clamped_to_the_audio_end():
    state = CommitState()
    fresh = state.accept_chunk(Plan("chunk", 10.0, 12.0), words(("end.", 11.5, 12.7)), 12.3)
    assert fresh[0].end_s == 12.0


def test_commit_hypothesis_on_stop():
    state = CommitState()
    state.accept_tail(Plan("tail", 0.0, 3.0), words(("done", 0.2, 0.6)), 3.0)
    assert [w.text for w in state.commit_hypothesis()] == ["done"]
    assert [w.text for w in state.committed] == ["done"] and state.partial == []


# -- block resampling -------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [48_000, 44_100, 22_050])
def test_block_resampler_matches_whole_array_resampling(rate):
    t = np.arange(int(rate * 1.0)) / rate
    signal = (0.5 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1800 * t)).astype(np.float32)
    whole = resample(signal, rate, 16_000)
    r = BlockResampler(rate)
    block = int(rate * 0.05)
    parts = [r.process(signal[i : i + block]) for i in range(0, len(signal), block)]
    parts.append(r.process(np.zeros(0, np.float32), final=True))
    streamed = np.concatenate(parts)
    assert abs(len(streamed) - len(whole)) <= 1
    n = min(len(streamed), len(whole))
    inner = slice(64, n - 64)  # edges differ: the whole-array filter sees zeros beyond them
    assert np.max(np.abs(streamed[inner] - whole[inner])) < 1e-3
