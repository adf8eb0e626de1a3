"""`rehearse analyze` end to end: real Whisper (bundled tiny.en) on real audio.

Spoken answers are synthesized with Piper section by section (tests/synth.py), so the
gold section times are exact; human clips check the recogniser itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jiwer
import pytest
import synth  # tests/synth.py

pytestmark = pytest.mark.slow
SPEECH = Path(__file__).resolve().parent.parent / "data" / "speech"
SECTION_TOLERANCE_S = 3.0
ANSWERS = synth.load_answers()


def gold_contiguous_durations(gold: synth.GoldAnswer) -> dict[str, float]:
    """Gold durations measured as the report measures them: a section runs until the next starts."""
    out: dict[str, float] = {}
    for i, sec in enumerate(gold.sections):
        end = gold.sections[i + 1].start_s if i + 1 < len(gold.sections) else sec.end_s
        out[sec.name] = end - sec.start_s
    return out


@pytest.fixture(scope="module")
def analysed(analyzer, synth_cache_dir):
    """Each synthesized answer analysed once: {answer id: (gold, report)}."""
    results = {}
    for answer_id, answer in ANSWERS.items():
        gold = synth.ensure_answer(answer, synth_cache_dir)
        results[answer_id] = (gold, analyzer.analyze_file(gold.wav_path, level=answer.level, lp=answer.lp))
    return results


def normalise(text: str) -> str:
    return jiwer.RemovePunctuation()(text.lower()).replace("-", " ")


def test_fixture_set_covers_the_timing_cases():
    expects = [a.expect for a in ANSWERS.values()]
    assert any(e.get("situation_overrun") for e in expects)
    assert any(a.level == "mid" and a.expect.get("length") == "too_long" for a in ANSWERS.values())
    assert any(a.level == "senior" and a.expect.get("length") == "too_short" for a in ANSWERS.values())


@pytest.mark.parametrize("answer_id", sorted(ANSWERS))
def test_section_durations_match_gold(analysed, answer_id):
    gold, report = analysed[answer_id]
    want = gold_contiguous_durations(gold)
    got: dict[str, float] = {}
    for s in report.sections:
        got[s.name] = got.get(s.name, 0.0) + s.duration_s
    assert [s.name for s in report.sections] == [s.name for s in gold.sections]
    for name, seconds in want.items():
        assert got.get(name, 0.0) == pytest.approx(seconds, abs=SECTION_TOLERANCE_S), name
    assert report.timing.total_s == pytest.approx(gold.total_speech_s, abs=1.5)


@pytest.mark.parametrize("answer_id", sorted(ANSWERS))
def test_length_and_overrun_verdicts(analysed, answer_id):
    gold, report = analysed[answer_id]
    assert report.timing.length == gold.expect["length"]
    assert report.timing.situation_overrun == gold.expect["situation_overrun"]


@pytest.mark.parametrize("answer_id", sorted(ANSWERS))
def test_transcript_is_close_to_the_script(analysed, answer_id):
    gold, report = analysed[answer_id]
    wer = jiwer.wer(normalise(gold.text), normalise(report.transcript.text))
    assert wer < 0.15


def test_expected_red_flags_are_heard(analysed):
    for answer_id, (gold, report) in analysed.items():
        for flag in gold.expect.get("red_flags", []):
            assert flag in {r.id for r in report.rubric.red_flags}, answer_id


def test_cli_json_contract(synth_cache_dir, tmp_path):
    gold = synth.ensure_answer(ANSWERS["senior_situation_overrun"], synth_cache_dir)
    proc = subprocess.run(
        [sys.executable, "-m", "rehearse", "analyze", str(gold.wav_path), "--level", "senior", "--lp", "ownership", "--json"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema_version"] == 1
    assert data["source"] == gold.wav_path.name
    assert (data["level"], data["lp"], data["model"]) == ("senior", "ownership", "tiny.en")
    assert [s["name"] for s in data["sections"]][0] == "situation"
    for s in data["sections"]:
        assert set(s) >= {"name", "start_s", "end_s", "text"}
    t = data["timing"]
    assert t["situation_overrun"] is True and t["situation_s"] > 90
    assert t["length"] in {"ok", "too_long", "too_short"}
    assert (t["target_min_s"], t["target_max_s"]) == (150, 180)
    assert set(data["delivery"]) >= {"wpm", "fillers", "fillers_per_min", "long_pauses"}
    assert isinstance(data["rubric"], dict) and isinstance(data["red_flags"], list)
    words = data["transcript"]["words"]
    assert words and set(words[0]) == {"w", "start_s", "end_s"}
    assert t["total_s"] == pytest.approx(words[-1]["end_s"] - words[0]["start_s"], abs=0.05)
    # Text mode of the same run prints the timeline and the overrun.
    proc = subprocess.run(
        [sys.executable, "-m", "rehearse", "analyze", str(gold.wav_path), "--level", "senior", "--lp", "ownership"],
        capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "COLUMNS": "100"},
    )
    assert proc.returncode == 0 and "OVERRUN" in proc.stdout


@pytest.mark.parametrize(
    "clip,reference,max_wer",
    [
        ("jfk_inaugural_1961.flac", "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.", 0.1),
        ("librispeech_2412-153948-0000.flac", "IF THE READER WILL EXCUSE ME I WILL SAY NOTHING OF MY ANTECEDENTS NOR OF THE CIRCUMSTANCES WHICH LED ME TO LEAVE MY NATIVE COUNTRY THE NARRATIVE WOULD BE TEDIOUS TO HIM AND PAINFUL TO MYSELF", 0.15),
    ],
)
def test_golden_human_speech_on_tiny_model(analyzer, clip, reference, max_wer):
    """One golden check per clip: the bundled tiny.en hears real human speech (any format PyAV decodes)."""
    from rehearse.audio.files import load_whisper_audio as load_audio

    transcript = analyzer.transcriber.transcribe(load_audio(SPEECH / clip))
    assert jiwer.wer(normalise(reference), normalise(transcript.text)) <= max_wer
    starts = [w.start_s for w in transcript.words]
    assert starts == sorted(starts)
    assert transcript.words[-1].end_s <= transcript.audio_duration_s


@pytest.mark.parametrize("suffix,codec,rate", [(".m4a", "aac", 16000), (".mp3", "libmp3lame", 16000), (".ogg", "libopus", 48000)])
def test_compressed_formats_decode(analyzer, tmp_path, suffix, codec, rate):
    """m4a, mp3 and ogg are accepted: re-encode a real clip with PyAV and analyse it."""
    import av
    import numpy as np

    from rehearse.audio.dsp import resample
    from rehearse.audio.files import load_whisper_audio as load_audio

    samples = resample(load_audio(SPEECH / "jfk_inaugural_1961.flac"), 16000, rate)
    out = tmp_path / f"jfk{suffix}"
    with av.open(str(out), "w") as container:
        stream = container.add_stream(codec, rate=rate)
        stream.layout = "mono"
        pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
        step = stream.codec_context.frame_size or 1024
        for i in range(0, len(pcm), step):
            frame = av.AudioFrame.from_ndarray(pcm[None, i : i + step], format="s16", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    report = analyzer.analyze_file(out, level="mid", lp="ownership")
    assert "fellow americans" in normalise(report.transcript.text)
