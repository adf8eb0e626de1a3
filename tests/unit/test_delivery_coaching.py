"""Delivery coaching on hand-made words, times and arrays (no audio, no Whisper)."""

from __future__ import annotations

import numpy as np
import pytest

from rehearse.analysis.delivery import compute_delivery, count_fillers
from rehearse.analysis.delivery_fillers import find_hedges
from rehearse.analysis.delivery_pace import judge_pace
from rehearse.analysis.delivery_pauses import find_hesitations, find_pauses
from rehearse.analysis.delivery_voice import (
    VoiceMeasurement,
    VoiceTracks,
    audio_problem,
    clipped_share,
    high_band_db,
    judge_voice,
)
from rehearse.analysis.delivery_words import locate_words
from rehearse.lang.sentences import split_sentences
from rehearse.models import Section, Word
from rehearse.prompts import DeliveryTargets

T = DeliveryTargets()


def timed_words(text: str, start: float = 0.0, step: float = 0.4, gaps: dict[int, float] | None = None) -> list[Word]:
    """Words ``step`` seconds apart; ``gaps`` adds silence before word index i."""
    words, t = [], start
    for i, token in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        words.append(Word(token, round(t, 3), round(t + step * 0.8, 3)))
        t += step
    return words


def section(name: str, words: list[Word]) -> Section:
    sentences = tuple(split_sentences(words, pause_split_s=99))
    return Section(name, sentences, words[0].start_s, words[-1].end_s)


def located(text: str, name: str = "action"):
    return locate_words([section(name, timed_words(text))])


# -- pace ------------------------------------------------------------------------------------


@pytest.mark.parametrize("wpm,verdict", [(119.0, "too_slow"), (120.0, "ok"), (165.0, "ok"), (166.0, "too_fast")])
def test_pace_verdict_flips_at_the_band_edges(wpm, verdict):
    assert judge_pace(wpm, {}, {}, T).verdict == verdict


def test_pace_names_the_section_that_sped_up():
    pace = judge_pace(150.0, {"situation": 140.0, "action": 150.0, "result": 190.0},
                      {"situation": 20.0, "action": 40.0, "result": 15.0}, T)
    assert pace.verdict == "ok"
    assert {s.name: s.verdict for s in pace.sections} == {"situation": "ok", "action": "ok", "result": "too_fast"}
    assert "sped up to 190 wpm in the result" in pace.advice
    assert "most needs to hear" in pace.advice


def test_a_section_too_short_to_judge_gets_no_verdict():
    pace = judge_pace(150.0, {"task": 200.0}, {"task": 3.0}, T)
    assert pace.sections[0].verdict == "n/a"
    assert "task" not in pace.advice


def test_compute_delivery_reports_pace_from_the_band_in_levels_toml():
    fast = timed_words(" ".join(["word"] * 60), step=0.3)  # 200 wpm
    d = compute_delivery(fast, [section("action", fast)], T)
    assert d.wpm > 165 and d.pace is not None and d.pace.verdict == "too_fast"
    assert "too fast" in d.pace.advice


# -- pauses ----------------------------------------------------------------------------------


def test_pauses_inside_a_sentence_between_sections_and_before_a_number():
    first = timed_words("We had no alerts on the queue.", gaps={4: 2.5})  # mid-sentence stop
    second = timed_words("So I added them and latency fell to 40 ms.", start=first[-1].end_s + 3.0,
                         gaps={6: 2.2})  # stop right before the number
    pauses = find_pauses(locate_words([section("situation", first), section("action", second)]), 2.0)
    assert [(p.where, p.kind) for p in pauses] == [
        ("inside_sentence", "dead_air"),
        ("between_sections", "dead_air"),
        ("inside_sentence", "deliberate"),
    ]
    assert pauses[2].before.startswith("fell to 40")


def test_short_gaps_are_not_long_pauses():
    words = timed_words("I fixed the bug and shipped it.", gaps={3: 1.5})
    assert find_pauses(locate_words([section("action", words)]), 2.0) == []


# -- fillers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("It was, like, really slow.", {"like": 1}),
        ("It was like 40 percent slower.", {"like": 1}),
        ("I'd like to add a test.", {}),
        ("It looks like the cache was cold.", {}),
        ("We did it like this every week.", {}),
        ("I like the design.", {}),
        ("You know, we basically rewrote it.", {"you know": 1, "basically": 1}),
        ("Do you know the answer?", {}),
        ("So we shipped it.", {"so": 1}),
        ("So far nothing broke.", {}),
        ("We shipped it so it worked.", {}),
        ("Tax season was six weeks away, so I fixed it first.", {}),
        ("It was kind of slow and sort of broken.", {"kind of": 1, "sort of": 1}),
        ("It was a kind of race condition.", {}),
        ("I mean, the logs were empty.", {"i mean": 1}),
        ("That is what I mean by ownership.", {}),
        ("Um, I, uh, fixed it.", {"um": 1, "uh": 1}),
    ],
)
def test_lexical_fillers_are_told_from_ordinary_words(text, expected):
    assert dict(count_fillers([Word(t) for t in text.split()])) == expected


def test_filler_rate_is_judged_and_the_worst_section_named():
    calm = timed_words("We had a plan. " * 10, step=0.4)
    busy = timed_words("So, like, we basically fixed it, you know. " * 4, start=calm[-1].end_s + 1, step=0.4)
    d = compute_delivery(calm + busy, [section("situation", calm), section("result", busy)], T)
    assert d.fillers_per_min > T.fillers_max_per_min
    assert d.filler_rate is not None and d.filler_rate.verdict == "too_many"
    assert d.filler_rate.worst_section == "result"
    assert "most in the result" in d.filler_rate.advice
    assert all(h.start_s is not None for h in d.filler_hits)


def test_few_fillers_pass():
    words = timed_words("We had a plan and we kept it. " * 12)
    d = compute_delivery(words, [section("action", words)], T)
    assert d.filler_rate is not None and d.filler_rate.verdict == "ok" and d.filler_rate.advice == ""


# -- hedges ----------------------------------------------------------------------------------


def test_hedges_are_quoted_with_times_in_action_and_result_only():
    sit = timed_words("I think the team was new.")
    act = timed_words("We tried to fix it and maybe it worked.", start=10.0)
    res = timed_words("I guess latency fell a lot.", start=20.0)
    hedges = find_hedges(locate_words([section("situation", sit), section("action", act), section("result", res)]))
    assert [(h.phrase, h.section) for h in hedges] == [
        ("we tried to", "action"), ("maybe", "action"), ("i guess", "result")
    ]
    assert hedges[0].start_s == pytest.approx(10.0)
    assert hedges[2].quote.startswith("I guess latency")


def test_no_hedges_in_a_confident_action():
    assert find_hedges(located("I rewrote the retry logic and cut errors by half.")) == []


# -- hesitations -----------------------------------------------------------------------------


def test_restarts_and_mid_clause_silences_are_hesitations():
    words = timed_words("At the same time, our, the churn rate improved to 14% and we grew.", gaps={12: 1.3})
    found = find_hesitations(locate_words([section("result", words)]), 1.0)
    assert [h.phrase for h in found] == ["restart", "silent pause"]
    assert "our, the" in found[0].quote


@pytest.mark.parametrize("text", ["After that, the issue went away.", "And so, my fellow Americans, ask.", "I did it, I mean it."])
def test_a_comma_between_ordinary_phrases_is_not_a_restart(text):
    assert [h for h in find_hesitations(located(text), 1.0) if h.phrase == "restart"] == []


def test_a_repeated_word_is_a_restart():
    assert [h.phrase for h in find_hesitations(located("I I decided to roll back the the deploy."), 1.0)] == [
        "restart", "restart"
    ]


def test_a_pause_after_a_full_stop_is_not_a_hesitation():
    words = timed_words("We shipped it. Then we measured it.", gaps={3: 1.5})
    assert find_hesitations(locate_words([section("action", words)]), 1.0) == []


# -- voice -----------------------------------------------------------------------------------


def tracks(f0: np.ndarray, level_db: np.ndarray, step: float = 0.02) -> VoiceTracks:
    times = np.arange(f0.size) * step
    return VoiceTracks(times, f0, times.copy(), level_db, step)


def sentences_over(seconds: float, n: int) -> list:
    """n sentences of 5 words spread evenly over ``seconds``."""
    words, per = [], seconds / n
    for k in range(n):
        words += timed_words("We shipped the fix today.", start=k * per + 0.1, step=per / 5.5)
    return locate_words([section("action", words)])


def test_flat_pitch_is_monotone_and_varied_pitch_is_not():
    n = 1500  # 30 s of 20 ms frames
    rng = np.random.default_rng(0)
    flat = 120 * 2 ** (rng.normal(0, 0.3, n) / 12)
    lively = 120 * 2 ** (4 * np.sin(np.arange(n) / 40) / 12)
    level = np.full(n, 70.0)
    words = sentences_over(30, 6)
    assert judge_voice(VoiceMeasurement(tracks(flat, level)), words, T).monotone is True
    v = judge_voice(VoiceMeasurement(tracks(lively, level)), words, T)
    assert v.monotone is False and v.measured and v.pitch_spread_st > 5


def test_pitch_is_relative_to_the_speakers_own_range():
    n = 1500
    shape = 2 ** (4 * np.sin(np.arange(n) / 40) / 12)
    level = np.full(n, 70.0)
    words = sentences_over(30, 6)
    low = judge_voice(VoiceMeasurement(tracks(90 * shape, level)), words, T)
    high = judge_voice(VoiceMeasurement(tracks(240 * shape, level)), words, T)
    assert low.pitch_spread_st == pytest.approx(high.pitch_spread_st, abs=0.05)
    assert low.monotone is high.monotone is False


def test_fading_sentence_ends_are_flagged():
    n = 1500
    f0 = 120 * 2 ** (4 * np.sin(np.arange(n) / 40) / 12)
    words = sentences_over(30, 6)
    level = np.full(n, 70.0)
    steady = judge_voice(VoiceMeasurement(tracks(f0, level)), words, T)
    assert steady.fading is False
    faded = level.copy()
    for w in words:
        if w.closes_sentence:
            faded[int(w.word.start_s / 0.02) : int(w.word.end_s / 0.02) + 1] = 50.0
    v = judge_voice(VoiceMeasurement(tracks(f0, faded)), words, T)
    assert v.fading is True and v.fading_share == 1.0
    assert "faded at the end" in v.advice


def test_too_few_sentences_give_no_fading_verdict():
    n = 500
    f0 = 120 * 2 ** (4 * np.sin(np.arange(n) / 40) / 12)
    words = sentences_over(10, 2)
    level = np.full(n, 70.0)
    for w in words:
        if w.closes_sentence:
            level[int(w.word.start_s / 0.02) : int(w.word.end_s / 0.02) + 1] = 50.0
    v = judge_voice(VoiceMeasurement(tracks(f0, level)), words, T)
    assert v.fading is None and v.fading_share is None and v.faded_quotes == ()
    assert "sentence ends" not in v.advice


def test_no_tracks_means_no_verdict_and_says_why():
    v = judge_voice(VoiceMeasurement(None, "the recording is clipped"), [], T)
    assert v.measured is False and v.monotone is None and "clipped" in v.reason
    assert judge_voice(None, [], T).reason.startswith("no audio")


def _voice_like(seconds: float = 3.0, sr: int = 16_000) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    f0 = 130 + 30 * np.sin(2 * np.pi * 0.5 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sr
    x = sum(np.sin(k * phase) / k for k in range(1, 60))  # harmonics up to ~9 kHz (aliasing is fine here)
    x += 0.05 * np.random.default_rng(1).normal(size=t.size)  # breath noise across the band
    return (0.3 * x / np.max(np.abs(x))).astype(np.float32)


def test_clipped_audio_is_detected():
    x = _voice_like()
    assert clipped_share(x) < 0.002 and audio_problem(x, 16_000) == ""
    clipped = np.clip(x * 6, -0.3, 0.3)
    assert clipped_share(clipped) > 0.05
    assert "clipped" in audio_problem(clipped, 16_000)


def test_narrowband_audio_is_detected():
    x = _voice_like()
    assert high_band_db(x, 16_000) > -40
    # What an 8 kHz recording looks like after a decoder's resampler: nothing above 4 kHz.
    spectrum = np.fft.rfft(x)
    spectrum[np.fft.rfftfreq(x.size, 1 / 16_000) >= 3900] = 0
    phone = np.fft.irfft(spectrum, n=x.size).astype(np.float32)
    assert high_band_db(phone, 16_000) < -50
    assert "narrowband" in audio_problem(phone, 16_000)


# -- levels.toml -----------------------------------------------------------------------------


def test_the_band_and_thresholds_come_from_levels_toml(tmp_path):
    from rehearse.errors import RehearseError
    from rehearse.prompts import PROMPTS_DIR, load_levels

    shipped = load_levels().delivery
    assert (shipped.pace_min_wpm, shipped.pace_max_wpm, shipped.fillers_max_per_min) == (120, 165, 3)
    text = (PROMPTS_DIR / "levels.toml").read_text(encoding="utf-8")
    edited = tmp_path / "levels.toml"
    edited.write_text(text.replace("pace_max_wpm = 165", "pace_max_wpm = 150"), encoding="utf-8")
    assert load_levels(edited).delivery.pace_max_wpm == 150
    edited.write_text(text.replace("pace_max_wpm = 165", "pace_max_wpm = 100"), encoding="utf-8")
    with pytest.raises(RehearseError, match="pace_min_wpm must be below"):
        load_levels(edited)


def test_the_voice_verdict_round_trips_through_the_json_contract():
    from rehearse.analysis.report import delivery_to_dict, voice_from_dict
    from rehearse.models import Delivery, Evidence, Voice

    voice = Voice(True, pitch_median_hz=120.0, pitch_spread_st=2.1, monotone=True, flat_sections=("result",),
                  fading_share=0.6, fading=True, faded_quotes=(Evidence("month.", 12.5),), advice="flat")
    data = delivery_to_dict(Delivery(150.0, {}, {}, 0.0, voice=voice))
    assert voice_from_dict(data["voice"]) == voice
    assert voice_from_dict({"measured": "yes"}) is None and voice_from_dict(None) is None
    assert voice_from_dict({**data["voice"], "pitch_spread_st": "7"}) is None
    assert voice_from_dict({**data["voice"], "advice": ["flat"]}) is None
