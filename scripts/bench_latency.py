#!/usr/bin/env python3
"""Stop-to-feedback latency of streaming transcription (issue 5).

Plays a ~3-minute synthesized answer (senior_ownership_good) at real-time pace through a
FileSource (or, with --virtual-mic, via paplay into the PulseAudio null sink recorded by a
SoundDeviceSource), presses stop when it ends, and measures how long the full report
(sections, timing, rubric) takes to appear. Prints the median and max over --runs, input
overflows, the real-time factor of the streaming work, CPU use, and WER streamed vs batch.

    .venv/bin/python scripts/bench_latency.py [--runs 3] [--virtual-mic]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    from rehearse.lang.tokens import tokens

    return jiwer.wer(" ".join(tokens(reference)), " ".join(tokens(hypothesis)))


def one_run(analyzer, gold, samples, rate, virtual_mic: bool, out_dir: Path) -> dict:
    from rehearse.analysis.voice_live import LiveVoice
    from rehearse.asr.streaming import StreamingTranscriber
    from rehearse.audio.files import FileSource
    from rehearse.audio.recorder import Recorder

    player = None
    if virtual_mic:
        from rehearse.audio.devices import SoundDeviceSource

        source = SoundDeviceSource()
    else:
        source = FileSource(samples=samples, sample_rate=rate, realtime=True)
    recorder = Recorder(source, out_dir)
    stream = StreamingTranscriber(analyzer.transcriber, recorder.sample_rate).attach(recorder)
    voice = LiveVoice(recorder.sample_rate).attach(recorder)  # as the app does: pitch while recording
    cpu0, wall0 = cpu_s(), time.monotonic()
    recorder.start()
    if virtual_mic:
        recorder.wait_for_audio(10)
        player = subprocess.Popen(["paplay", str(gold.wav_path)])
        player.wait()
        time.sleep(0.3)  # the sink's latency: let the last of the answer arrive
    else:
        source.wait()
    stopped = time.monotonic()  # the candidate presses stop
    capture = recorder.stop()
    result = stream.finish(timeout=120)
    voice_at = time.monotonic()
    measured = voice.result(timeout=120)
    voice_s = time.monotonic() - voice_at
    report = analyzer.analyze_transcript(
        result.transcript, gold.level, gold.lp, source=capture.path.name, voice=measured
    )
    latency = time.monotonic() - stopped
    wall, cpu = time.monotonic() - wall0, cpu_s() - cpu0
    assert report.sections
    return {
        "latency_s": latency,
        "voice_s": voice_s,
        "overflows": capture.overflows,
        "rtf": result.stats.real_time_factor,
        "cpu_share": cpu / wall,
        "text": result.transcript.text,
        "stats": result.stats.to_dict(),
        "sections": {s.name: round((s.end_s or 0) - (s.start_s or 0), 1) for s in report.sections},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--answer", default="senior_ownership_good")
    parser.add_argument("--virtual-mic", action="store_true", help="play into the PulseAudio null sink (scripts/virtual-mic start)")
    args = parser.parse_args()

    import synth

    from rehearse.analysis.pipeline import Analyzer
    from rehearse.asr.streaming import streaming_cpu_threads
    from rehearse.asr.transcription import TranscriptionOptions

    gold = synth.ensure_answer(args.answer)
    samples = synth.read_wav_16k(gold.wav_path)
    analyzer = Analyzer(options=TranscriptionOptions(cpu_threads=streaming_cpu_threads()))
    analyzer.transcriber.load()
    t0 = time.monotonic()
    batch = analyzer.transcriber.transcribe(samples)
    batch_report = analyzer.analyze_transcript(batch, gold.level, gold.lp)
    batch_s = time.monotonic() - t0
    print(f"answer {gold.answer_id}: {len(samples) / 16000:.1f} s; cpu_threads={streaming_cpu_threads()} of {os.cpu_count()} cores")
    print(f"batch: stop-to-report {batch_s:.2f} s, WER {wer(gold.text, batch.text):.2%}")
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        for i in range(args.runs):
            run = one_run(analyzer, gold, samples, 16000, args.virtual_mic, Path(tmp))
            runs.append(run)
            print(
                f"run {i + 1}: stop-to-report {run['latency_s']:.3f} s (voice tracks' last chunk {run['voice_s']:.3f} s), overflows {run['overflows']}, "
                f"RTF {run['rtf']:.3f}, CPU {run['cpu_share']:.0%} of one core, "
                f"WER {wer(gold.text, run['text']):.2%}, {run['stats']}",
                flush=True,
            )
    latencies = [r["latency_s"] for r in runs]
    print("---")
    print(f"stop-to-report: median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s (goal: median <= 1.0 s)")
    print(f"overflows: {sum(r['overflows'] for r in runs)}")
    print(f"real-time factor: median {statistics.median(r['rtf'] for r in runs):.3f}")
    print(f"CPU use: median {statistics.median(r['cpu_share'] for r in runs):.0%} of one core over the take")
    print(
        f"WER: batch {wer(gold.text, batch.text):.2%}, streamed median "
        f"{statistics.median(wer(gold.text, r['text']) for r in runs):.2%}"
    )
    batch_sections = {s.name: round((s.end_s or 0) - (s.start_s or 0), 1) for s in batch_report.sections}
    print(f"sections batch {batch_sections}")
    print(f"sections streamed (last run) {runs[-1]['sections']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
