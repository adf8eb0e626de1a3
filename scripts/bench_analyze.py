#!/usr/bin/env python3
"""Benchmark `rehearse analyze` on a ~3-minute synthesized answer. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_analyze.py [--runs 3] [--answer senior_ownership_good] [--beam 1]
    .venv/bin/python scripts/bench_analyze.py --long-minutes 30      # peak RSS on a long file only
    .venv/bin/python scripts/bench_analyze.py --model base           # another model (models/base/ or a directory)

Figures: model load time, transcription real-time factor (median of runs), everything after
transcription (segmentation + timing + delivery + rubric + JSON), the delivery analysis alone
(pace, pauses, fillers, hedges, and the voice verdict from its tracks), the Praat pitch and
intensity tracks (they run beside transcription, not after it), and peak RSS of this process.
The answer is synthesized with Piper in a child process so Piper's memory is not counted.
Then `rehearse analyze` runs once, in a child process, on a file of --long-minutes (default 30)
made by concatenating the real recordings of ../shared/corpus, and its peak RSS is printed
(target <= 600 MB whatever the length: long files are decoded and transcribed in windows).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def synthesize(answer_id: str) -> Path:
    code = (
        "import sys; sys.path.insert(0, 'tests'); import synth;"
        f"print(synth.ensure_answer({answer_id!r}).wav_path)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip().splitlines()[-1])


def bench_delivery(audio, transcript, report, runs: int) -> tuple[float, float]:
    """Medians in ms: delivery analysis from words + tracks, and the Praat tracks themselves."""
    from rehearse.analysis.delivery import compute_delivery
    from rehearse.analysis.praat_tracks import measure_voice
    from rehearse.prompts import load_levels

    targets = load_levels().delivery
    tracks_s, analysis_s = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        voice = measure_voice(audio)
        tracks_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        compute_delivery(transcript.words, report.sections, targets, voice)
        analysis_s.append(time.perf_counter() - t0)
    return statistics.median(analysis_s) * 1000, statistics.median(tracks_s) * 1000


def long_recording(minutes: float, out: Path) -> Path:
    """``minutes`` of real speech: the corpus recordings (resampled to 16 kHz) end to end, repeated."""
    import soundfile as sf

    from rehearse.audio.dsp import resample

    corpus = REPO.parent / "shared" / "corpus"
    files = sorted((corpus / "speech-long").glob("*.wav")) + sorted((corpus / "speech").glob("*.flac"))
    clips = []
    for f in files:
        samples, rate = sf.read(f, dtype="float32", always_2d=True)
        clips.append(resample(samples.mean(axis=1), rate, 16000))
    want = int(minutes * 60 * 16000)
    with sf.SoundFile(out, "w", samplerate=16000, channels=1, subtype="PCM_16") as sink:
        written, i = 0, 0
        while written < want:
            piece = clips[i % len(clips)][: want - written]
            sink.write(piece)
            written += piece.size
            i += 1
    return out


def long_file_peak_rss(minutes: float, model: str | None = None) -> tuple[float, float, int]:
    """Peak RSS (MB) and wall time of `rehearse analyze` on a long file, in a child process."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        wav = long_recording(minutes, Path(tmp) / f"long-{minutes:g}min.wav")
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "rehearse", "analyze", str(wav), "--level", "senior", "--lp", "ownership", "--json",
             *(["--model", model] if model else [])],
            cwd=REPO, capture_output=True, text=True,
        )
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"rehearse analyze failed on the long file: {proc.stderr.strip()}")
    words = len(json.loads(proc.stdout)["transcript"]["words"])
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, wall, words


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--answer", default="senior_ownership_good")
    ap.add_argument("--beam", type=int, default=None, help="override the beam size (default: the app's)")
    ap.add_argument("--long-minutes", type=float, default=30.0, help="length of the long file (0: skip it)")
    ap.add_argument("--long-only", action="store_true", help="only the long-file peak RSS")
    ap.add_argument("--model", default=None, help="a model name or directory, as `rehearse analyze --model` takes (default: bundled tiny.en)")
    args = ap.parse_args()

    if args.long_only:
        return print_long(args.long_minutes, args.model)

    wav = synthesize(args.answer)
    from rehearse.analysis.pipeline import Analyzer, build_report
    from rehearse.analysis.report import report_to_dict
    from rehearse.asr.transcription import Transcriber, TranscriptionOptions
    from rehearse.audio.files import load_whisper_audio as load_audio
    from rehearse.lang.sentences import split_sentences

    options = TranscriptionOptions() if args.beam is None else TranscriptionOptions(beam_size=args.beam)
    audio = load_audio(wav)
    duration = len(audio) / 16000

    t0 = time.perf_counter()
    transcriber = Transcriber(model=args.model, options=options)
    transcriber.load()
    load_s = time.perf_counter() - t0

    rtfs, transcripts = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        transcripts.append(transcriber.transcribe(audio))
        rtfs.append((time.perf_counter() - t0) / duration)

    analyzer = Analyzer(transcriber=transcriber)
    post = []
    for _ in range(max(5, args.runs)):
        t0 = time.perf_counter()
        report = analyzer.analyze_transcript(transcripts[0], "senior", "ownership", source=wav.name)
        json.dumps(report_to_dict(report))
        post.append(time.perf_counter() - t0)
    # The segmenter alone, for reference.
    t0 = time.perf_counter()
    build_report(split_sentences(transcripts[0].words), level="senior", lp="ownership", source="x", transcript=transcripts[0])
    delivery_ms, voice_tracks_ms = bench_delivery(audio, transcripts[0], report, max(5, args.runs))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"answer            {args.answer}: {duration:.1f} s audio, {len(transcripts[0].words)} words")
    print(f"model             {transcriber.model_name} int8 CPU, beam {options.beam_size}")
    print(f"model load        {load_s:.2f} s")
    print(f"transcription RTF median {statistics.median(rtfs):.3f}  (runs: {', '.join(f'{r:.3f}' for r in rtfs)}; target <= 0.06)")
    print(f"after transcription median {statistics.median(post) * 1000:.1f} ms  (target <= 50 ms)")
    print(f"delivery analysis median {delivery_ms:.1f} ms after transcription  (target <= 30 ms; pace, pauses, fillers, hedges, voice verdict)")
    print(f"voice tracks      median {voice_tracks_ms:.0f} ms  (Praat pitch + intensity; runs while Whisper transcribes)")
    print(f"peak RSS          {peak_mb:.0f} MB  (target <= 600 MB)")
    return print_long(args.long_minutes, args.model) if args.long_minutes > 0 else 0


def print_long(minutes: float, model: str | None = None) -> int:
    peak, wall, words = long_file_peak_rss(minutes, model)
    print(f"long file         {minutes:g} min of real speech: {words} words in {wall:.0f} s (RTF {wall / (minutes * 60):.3f})")
    print(f"peak RSS long     {peak:.0f} MB for `rehearse analyze` on {minutes:g} min  (target <= 600 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
