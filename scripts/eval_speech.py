#!/usr/bin/env python3
"""STAR sections, timing verdicts and rubric verdicts through speech, on the blind batches.

    .venv/bin/python scripts/eval_speech.py [--voice piper|espeak|noisy ...] [--batch GLOB] [-v]

Each answer of tests/data/blind/batch*.toml is spoken sentence by sentence (Piper's joe
voice; espeak-ng, a second and very different voice; or Piper with pink room noise at 15 dB
SNR), with the same random pause between every two sentences, so section boundaries cannot
be heard from the pauses alone. The gold time of every sentence is exact. The audio is then
transcribed with the app's own Whisper settings and analysed like `rehearse analyze`.

Prints per voice: the share of speech time given the right section, the share of section
durations within 5 s of the truth, Situation-overrun and length verdicts right, and the
rubric's accuracy and red-flag precision/recall through speech recognition. Audio and
transcripts are cached (--cache), so a second run only re-analyses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import numpy as np
import soundfile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from synth import GoldSentence  # noqa: E402  (tests/synth.py: the same gold as the test fixtures)

from rehearse.analysis.pipeline import Analyzer, timing_targets  # noqa: E402
from rehearse.models import Transcript, Word  # noqa: E402
from rehearse.rubric import CRITERIA, RED_FLAGS  # noqa: E402

SAMPLE_RATE = 16_000
BLIND_DATA = ROOT / "tests" / "data" / "blind"
TOLERANCE_S = 5.0
VOICES = ("piper", "espeak", "noisy")
SYNTH_VERSION = 1
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])")


@dataclass
class Tally:
    right_time: float = 0.0
    speech_time: float = 0.0
    durations_ok: int = 0
    durations: int = 0
    verdicts_ok: int = 0
    verdicts: int = 0
    criteria_ok: int = 0
    criteria: int = 0
    flag_tp: int = 0
    flag_fp: int = 0
    flag_fn: int = 0
    answers: int = 0
    confusion: dict = field(default_factory=dict)  # (gold, labelled) -> seconds


def load_batches(pattern: str) -> list[dict]:
    answers = []
    for path in sorted(BLIND_DATA.glob(pattern)):
        with path.open("rb") as fh:
            answers.extend(tomllib.load(fh)["answer"])
    return answers


def sentences_of(answer: dict) -> list[tuple[str, str]]:
    out = []
    for section in answer["sections"]:
        text = " ".join(section["text"].split())
        out.extend((section["name"], s) for s in _SENTENCE_END.split(text) if s.strip())
    return out


def _trim(samples: np.ndarray) -> np.ndarray:
    from rehearse.audio.dsp import speech_bounds

    bounds = speech_bounds(samples, SAMPLE_RATE, -45.0)
    if bounds is None:
        raise RuntimeError("synthesis produced silence")
    return samples[bounds[0] : bounds[1]]


def speak_piper(text: str) -> np.ndarray:
    from synth import synthesize_sentence

    return synthesize_sentence(text)


def speak_espeak(text: str) -> np.ndarray:
    from rehearse.audio.dsp import resample

    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", tmp.name, text], check=True)
        samples, rate = soundfile.read(tmp.name, dtype="float32")
    return _trim(resample(samples, rate, SAMPLE_RATE))


def pink_noise(size: int, rng: np.random.Generator) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(size))
    freqs = np.fft.rfftfreq(size)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, size)
    return (noise / np.sqrt(np.mean(noise**2))).astype(np.float32)


def synthesize(answer: dict, voice: str, cache: Path) -> tuple[Path, list[GoldSentence]]:
    key = hashlib.sha256(json.dumps([answer["sections"], voice, SYNTH_VERSION]).encode()).hexdigest()[:12]
    wav = cache / voice / f"{answer['id']}-{key}.wav"
    gold_path = wav.with_suffix(".gold.json")
    if wav.is_file() and gold_path.is_file():
        gold = [GoldSentence(**g) for g in json.loads(gold_path.read_text())]
        return wav, gold
    wav.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(int(key, 16) % 2**32)
    speak = speak_espeak if voice == "espeak" else speak_piper
    pieces = [np.zeros(int(0.5 * SAMPLE_RATE), np.float32)]
    cursor = pieces[0].size
    gold: list[GoldSentence] = []
    for index, (section, text) in enumerate(sentences_of(answer)):
        if index:
            # The same pause distribution between every two sentences: no section cue.
            gap = np.zeros(int(rng.uniform(0.3, 0.9) * SAMPLE_RATE), np.float32)
            pieces.append(gap)
            cursor += gap.size
        speech = speak(text)
        gold.append(GoldSentence(section, text, cursor / SAMPLE_RATE, (cursor + speech.size) / SAMPLE_RATE))
        pieces.append(speech)
        cursor += speech.size
    pieces.append(np.zeros(int(0.8 * SAMPLE_RATE), np.float32))
    samples = np.concatenate(pieces)
    if voice == "noisy":
        speech_rms = np.sqrt(np.mean(samples[np.abs(samples) > 1e-4] ** 2))
        samples = samples + pink_noise(samples.size, rng) * speech_rms / 10 ** (15 / 20)
        samples = np.clip(samples, -1.0, 1.0)
    soundfile.write(wav, samples, SAMPLE_RATE, subtype="PCM_16")
    gold_path.write_text(json.dumps([g.__dict__ for g in gold]))
    return wav, gold


def _asr_fingerprint(analyzer: Analyzer) -> str:
    """Transcripts are cached per version of the code that decodes and its options (the noise
    tests in rehearse.asr.noise decide only whether a take is an answer, not its words)."""
    import rehearse.asr.decode as decoding
    import rehearse.asr.holes as holes
    import rehearse.asr.transcription as asr
    import rehearse.asr.windows as windowing

    sources = (asr, decoding, windowing, holes)
    blob = b"".join(Path(m.__file__).read_bytes() for m in sources) + repr(analyzer.transcriber.options).encode()
    return hashlib.sha256(blob).hexdigest()[:8]


def transcript_for(wav: Path, analyzer: Analyzer) -> Transcript:
    cached = wav.with_name(f"{wav.stem}.{_asr_fingerprint(analyzer)}.words.json")
    if cached.is_file():
        data = json.loads(cached.read_text())
        words = tuple(Word(**w) for w in data["words"])
        return Transcript(words, data["text"], data["audio_duration_s"], data["model"])
    from rehearse.audio.files import load_audio

    samples, _rate = load_audio(wav, SAMPLE_RATE)
    transcript = analyzer.transcriber.transcribe(samples)
    cached.write_text(json.dumps({
        "words": [w.__dict__ for w in transcript.words], "text": transcript.text,
        "audio_duration_s": transcript.audio_duration_s, "model": transcript.model,
    }))
    return transcript


def section_spans(gold: list[GoldSentence]) -> dict[str, float]:
    spans: dict[str, list[float]] = {}
    for g in gold:
        span = spans.setdefault(g.section, [g.start_s, g.end_s])
        span[1] = g.end_s
    return {name: end - start for name, (start, end) in spans.items()}


def gold_verdicts(answer: dict, gold: list[GoldSentence]) -> dict[str, object]:
    targets = timing_targets(answer["level"])
    total = gold[-1].end_s - gold[0].start_s
    length = "ok"
    if targets.target_max_s is not None and total > targets.target_max_s:
        length = "too_long"
    elif targets.target_min_s is not None and total < targets.target_min_s:
        length = "too_short"
    situation = section_spans(gold).get("situation", 0.0)
    return {"length": length, "situation_overrun": situation > targets.situation_overrun_s}


def score(answer: dict, gold: list[GoldSentence], report, tally: Tally, verbose: bool) -> None:
    tally.answers += 1
    sections = [s for s in report.sections if s.start_s is not None]
    # Share of speech time with the right label, on a 20 ms grid over the gold sentences.
    for g in gold:
        for t in np.arange(g.start_s, g.end_s, 0.02):
            label = next((s.name for s in sections if s.start_s <= t < (s.end_s or t)), None)
            if label is None and sections and t >= sections[-1].start_s:
                label = sections[-1].name
            tally.speech_time += 0.02
            tally.right_time += 0.02 * (label == g.section)
            if label != g.section:
                key = (g.section, label or "none")
                tally.confusion[key] = tally.confusion.get(key, 0.0) + 0.02
    truth = section_spans(gold)
    predicted: dict[str, list[float]] = {}
    for s in sections:
        first, last = s.sentences[0].start_s, s.sentences[-1].end_s
        span = predicted.setdefault(s.name, [first, last])
        span[1] = last
    got = {name: end - start for name, (start, end) in predicted.items()}
    for name in set(truth) | set(got):
        tally.durations += 1
        ok = abs(truth.get(name, 0.0) - got.get(name, 0.0)) <= TOLERANCE_S
        tally.durations_ok += ok
        if verbose and not ok:
            print(f"   x {answer['id']} {name}: {got.get(name, 0.0):.1f} s, truth {truth.get(name, 0.0):.1f} s")
    expected = gold_verdicts(answer, gold)
    for key, want in expected.items():
        have = getattr(report.timing, key) if report.timing else None
        tally.verdicts += 1
        tally.verdicts_ok += have == want
        if verbose and have != want:
            print(f"   x {answer['id']} {key}: {have}, truth {want}")
    verdicts = {f.id: f.verdict for f in report.rubric.findings}
    for crit in CRITERIA:
        if crit in answer["expect"]:
            tally.criteria += 1
            tally.criteria_ok += verdicts.get(crit) == answer["expect"][crit]
            if verbose and verdicts.get(crit) != answer["expect"][crit]:
                print(f"   x {answer['id']} {crit}: {verdicts.get(crit)}, expected {answer['expect'][crit]}")
    flags = {f.id for f in report.rubric.red_flags}
    for fid in RED_FLAGS:
        want, have = fid in answer.get("red_flags", []), fid in flags
        tally.flag_tp += want and have
        tally.flag_fp += have and not want
        tally.flag_fn += want and not have


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voice", action="append", choices=VOICES, help="repeatable; default: all three")
    ap.add_argument("--batch", default="batch*.toml", help="glob under tests/data/blind")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rehearse-eval-speech")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args(argv)
    answers = load_batches(args.batch)
    if not answers:
        print(f"no answers under {BLIND_DATA} matching {args.batch}", file=sys.stderr)
        return 2
    analyzer = Analyzer()
    for voice in args.voice or VOICES:
        tally = Tally()
        for answer in answers:
            wav, gold = synthesize(answer, voice, args.cache)
            transcript = transcript_for(wav, analyzer)
            # As `analyze` does: the voice is measured beside the transcript (edge words, delivery).
            measured = analyzer.start_voice(str(wav)).result()
            report = analyzer.analyze_transcript(transcript, answer["level"], answer["lp"], source=wav.name,
                                                 voice=measured)
            score(answer, gold, report, tally, args.verbose)
        precision = tally.flag_tp / max(1, tally.flag_tp + tally.flag_fp)
        recall = tally.flag_tp / max(1, tally.flag_tp + tally.flag_fn)
        print(f"== {voice} ({tally.answers} answers, {args.batch})")
        print(f"  speech time with the right section  {tally.right_time / max(tally.speech_time, 1e-9):.3f}")
        print(f"  section durations within {TOLERANCE_S:.0f} s      {tally.durations_ok / max(1, tally.durations):.3f}"
              f"  ({tally.durations_ok}/{tally.durations})")
        print(f"  overrun and length verdicts right   {tally.verdicts_ok}/{tally.verdicts}")
        print(f"  rubric verdicts through ASR         {tally.criteria_ok / max(1, tally.criteria):.3f}"
              f"  ({tally.criteria_ok}/{tally.criteria})")
        print(f"  red flags precision / recall        {precision:.3f} / {recall:.3f}")
        worst = sorted(tally.confusion.items(), key=lambda kv: -kv[1])[:6]
        print("  time given the wrong section (gold -> labelled): "
              + ", ".join(f"{g}->{p} {sec:.0f} s" for (g, p), sec in worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
