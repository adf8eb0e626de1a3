#!/usr/bin/env python3
"""Word error rate and coverage of `rehearse analyze` against plain faster-whisper, on real speech.

    .venv/bin/python scripts/eval_asr.py [--clips ljspeech,joined] [--model DIR] [--windowed] [--streaming]
        [--loaded S] [--virtual-mic]

For every clip in ../shared/corpus/speech-long and the ten LibriSpeech clips of
../shared/corpus/speech joined back to back (built at run time), prints the WER against the
reference transcript of (a) rehearse's batch transcription, exactly as `rehearse analyze` runs
it, and (b) the anchor: plain faster-whisper tiny.en, beam 5, its VAD, no prompt, everything
else at faster-whisper's defaults. Coverage: rehearse's first and last word times minus the
anchor's (both within 1 s means the whole clip was heard). Text is normalised the same way for
both: lowercase, punctuation removed, hyphens as spaces; numbers are not normalised.
With --streaming, also the streaming path's WER, the clip fed in lock-step as a microphone
would deliver it (with --loaded S, the worker looks only every S seconds of audio, as when a busy
machine falls behind); with --virtual-mic, also played for real (real time) through a private null
sink on scripts/virtual-mic's PulseAudio into the recorder and the streaming transcriber, as
`rehearse record` runs them, next to the batch WER of the recorded take.
Asserts nothing; tests/functional/test_asr_accuracy.py holds the targets.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # virtual_mic: the private sink the tests use too
CORPUS = REPO.parent / "shared" / "corpus"
SPEECH_LONG = CORPUS / "speech-long"
LIBRISPEECH_JOINED = [
    *(f"librispeech_1988-24833-000{i}.flac" for i in range(4)),
    *(f"librispeech_2412-153948-000{i}.flac" for i in range(3)),
    *(f"librispeech_3752-4944-000{i}.flac" for i in range(3)),
]
ANCHOR_BEAM = 5
COVERAGE_TOLERANCE_S = 1.0


@dataclass(frozen=True)
class Clip:
    name: str
    path: Path
    reference: str


@dataclass(frozen=True)
class Heard:
    text: str
    first_s: float
    last_s: float
    seconds: float  # wall time to transcribe


@dataclass(frozen=True)
class ClipResult:
    clip: Clip
    duration_s: float
    rehearse: Heard
    anchor: Heard
    rehearse_wer: float
    anchor_wer: float

    @property
    def start_delta_s(self) -> float:
        return self.rehearse.first_s - self.anchor.first_s

    @property
    def end_delta_s(self) -> float:
        return self.rehearse.last_s - self.anchor.last_s

    @property
    def whole_clip_heard(self) -> bool:
        return abs(self.start_delta_s) <= COVERAGE_TOLERANCE_S and abs(self.end_delta_s) <= COVERAGE_TOLERANCE_S


def normalise(text: str) -> str:
    """Lowercase, hyphens as spaces, punctuation removed (apostrophes inside words kept)."""
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^\w\s']|(?<!\w)'|'(?!\w)", " ", text)
    return " ".join(text.split())


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return jiwer.wer(normalise(reference), normalise(hypothesis) or "<empty>")


def _librispeech_references() -> dict[str, str]:
    rows = (CORPUS / "speech" / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    col = header.index("reference_transcript")
    return {r.split("\t")[0]: r.split("\t")[col] for r in rows[1:] if r.strip()}


def build_joined_librispeech(out_dir: Path) -> Clip:
    """The ten LibriSpeech clips back to back (57.8 s), as issue 11 joined them with sox."""
    import numpy as np
    import soundfile as sf

    refs = _librispeech_references()
    parts = []
    for name in LIBRISPEECH_JOINED:
        samples, rate = sf.read(CORPUS / "speech" / name, dtype="float32")
        if rate != 16000:
            raise SystemExit(f"{name}: expected 16 kHz, got {rate}")
        parts.append(samples)
    path = out_dir / "librispeech_joined.wav"
    sf.write(path, np.concatenate(parts), 16000, subtype="PCM_16")
    return Clip("librispeech joined (10 clips)", path, " ".join(refs[n] for n in LIBRISPEECH_JOINED))


def build_joined_speech_long(out_dir: Path) -> Clip:
    """All speech-long clips back to back (7.2 min): long enough to be cut into windows."""
    import numpy as np
    import soundfile as sf

    clips = speech_long_clips()
    path = out_dir / "speech_long_joined.wav"
    sf.write(path, np.concatenate([sf.read(c.path, dtype="float32")[0] for c in clips]), 16000, subtype="PCM_16")
    return Clip("speech-long joined (windowed)", path, " ".join(c.reference for c in clips))


def speech_long_clips() -> list[Clip]:
    return [
        Clip(wav.stem, wav, wav.with_suffix(".txt").read_text(encoding="utf-8"))
        for wav in sorted(SPEECH_LONG.glob("*.wav"))
    ]


def all_clips(out_dir: Path) -> list[Clip]:
    return [*speech_long_clips(), build_joined_librispeech(out_dir)]


def anchor_model(model_dir: str):
    from faster_whisper import WhisperModel

    return WhisperModel(model_dir, device="cpu", compute_type="int8")


def hear_anchor(model, path: Path) -> Heard:
    """Plain faster-whisper: beam 5, VAD, no prompt, every other option at its default."""
    from rehearse.audio.decode import decode_audio as load_audio  # the same samples rehearse hears

    audio = load_audio(path)
    t0 = time.perf_counter()
    segments, _ = model.transcribe(audio, language="en", beam_size=ANCHOR_BEAM, vad_filter=True, word_timestamps=True)
    segments = list(segments)
    words = [w for s in segments for w in (s.words or ())]
    return Heard(
        " ".join(s.text.strip() for s in segments),
        words[0].start if words else 0.0,
        words[-1].end if words else 0.0,
        time.perf_counter() - t0,
    )


def hear_rehearse(analyzer, path: Path) -> Heard:
    """The batch path exactly as `rehearse analyze FILE` runs it."""
    t0 = time.perf_counter()
    report = analyzer.analyze_file(path, level="mid", lp="ownership")
    words = report.transcript.words
    return Heard(report.transcript.text, words[0].start_s, words[-1].end_s, time.perf_counter() - t0)


def streamed_wer(analyzer, clip: Clip, look_every_s: float | None = None) -> float:
    """WER of the streaming path: the clip fed in 0.1 s blocks, in lock-step, as a microphone would.
    ``look_every_s``: the worker looks at the buffer only this often (and runs a tail pass at most
    one step later), as on a loaded machine that falls behind: fewer, longer passes."""
    from rehearse.asr.streaming import StreamPolicy, transcribe_stream
    from rehearse.audio.decode import decode_audio

    audio = decode_audio(clip.path)
    blocks = [audio[i : i + 1600] for i in range(0, audio.size, 1600)]
    policy = None if look_every_s is None else StreamPolicy(step_s=look_every_s, tail_step_s=look_every_s + 1.0)
    return wer(clip.reference, transcribe_stream(analyzer.transcriber, blocks, policy=policy).transcript.text)


@dataclass(frozen=True)
class LiveTake:
    """A clip played into the virtual microphone: what streaming heard, and the recorded take."""

    streamed_text: str
    take: Path
    stats: dict


def stream_through_virtual_mic(clip: Clip, sink: str, out_dir: Path, model: str | None = None) -> LiveTake:
    """Play ``clip`` into ``sink`` (see tests/virtual_mic.py) in real time while the recorder and
    the streaming transcriber listen, with the options `rehearse record` uses; stop when it ends."""
    import virtual_mic

    from rehearse.analysis.pipeline import Analyzer
    from rehearse.asr.streaming import StreamingTranscriber, streaming_cpu_threads
    from rehearse.asr.transcription import TranscriptionOptions
    from rehearse.audio.devices import SoundDeviceSource
    from rehearse.audio.recorder import Recorder

    live = Analyzer(model=model, options=TranscriptionOptions(cpu_threads=streaming_cpu_threads()))
    live.transcriber.load()
    recorder = Recorder(SoundDeviceSource(), out_dir)
    stream = StreamingTranscriber(live.transcriber, recorder.sample_rate).attach(recorder)
    recorder.start()
    try:
        if not recorder.wait_for_audio(10):
            raise RuntimeError("no audio from the virtual microphone")
        virtual_mic.play(clip.path, sink)
        time.sleep(0.5)  # the monitor lags the sink: let the end of the clip arrive
    finally:
        capture = recorder.stop()
    result = stream.finish(timeout=120)
    return LiveTake(result.transcript.text, capture.path, result.stats.to_dict())


def evaluate(clips: list[Clip], analyzer, anchor) -> list[ClipResult]:
    import soundfile as sf

    results = []
    for clip in clips:
        ours = hear_rehearse(analyzer, clip.path)
        plain = hear_anchor(anchor, clip.path)
        results.append(
            ClipResult(
                clip, sf.info(clip.path).duration, ours, plain,
                wer(clip.reference, ours.text), wer(clip.reference, plain.text),
            )
        )
    return results


def print_table(results: list[ClipResult]) -> None:
    print(f"{'clip':40} {'dur s':>6} {'rehearse':>9} {'anchor':>7} {'first Δs':>9} {'last Δs':>8} {'RTF':>5}  verdict")
    for r in results:
        ok = r.rehearse_wer <= r.anchor_wer + 1e-9 and r.whole_clip_heard
        rtf = r.rehearse.seconds / r.duration_s
        print(
            f"{r.clip.name[:40]:40} {r.duration_s:6.1f} {r.rehearse_wer:9.3f} {r.anchor_wer:7.3f} "
            f"{r.start_delta_s:+9.2f} {r.end_delta_s:+8.2f} {rtf:5.3f}  {'ok' if ok else 'WORSE'}"
        )


@dataclass(frozen=True)
class ClipTake:
    """One clip through the virtual microphone: its take and the batch WER on that take, or why
    that clip could not be measured (the run goes on to the next clip)."""

    clip: Clip
    take: LiveTake | None
    batch_wer: float | None
    error: str = ""


def live_take(clip: Clip, sink: str, out_dir: Path, model: str | None, analyzer) -> ClipTake:
    from rehearse.errors import RehearseError

    try:
        take = stream_through_virtual_mic(clip, sink, out_dir, model)
        batch_wer = wer(clip.reference, analyzer.transcriber.transcribe_file(take.take).text)
    except (RehearseError, RuntimeError) as err:
        return ClipTake(clip, None, None, f"{type(err).__name__}: {err}")
    return ClipTake(clip, take, batch_wer)


def live_takes(clips: list[Clip], out_dir: Path, model: str | None, analyzer) -> list[ClipTake]:
    import virtual_mic

    try:
        server = virtual_mic.find_server()
    except virtual_mic.NoVirtualMic as err:
        raise SystemExit(f"eval_asr: {err}") from None
    with virtual_mic.private_sink(server, "rehearse_eval") as sink:
        return [live_take(c, sink, out_dir, model, analyzer) for c in clips]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clips", default="", help="comma-separated substrings of clip names to keep")
    ap.add_argument("--model", default=None, help="model for both (default: bundled tiny.en)")
    ap.add_argument("--windowed", action="store_true", help="also the speech-long clips joined (7.2 min, several windows)")
    ap.add_argument("--streaming", action="store_true", help="also the streaming path's WER on each clip")
    ap.add_argument("--loaded", type=float, default=None, metavar="S",
                    help="with --streaming: the worker looks at the buffer only every S seconds of audio (a loaded machine)")
    ap.add_argument("--virtual-mic", action="store_true", help="with --streaming: also each clip played through the virtual microphone (real time)")
    args = ap.parse_args()

    from rehearse.analysis.pipeline import Analyzer

    analyzer = Analyzer(model=args.model)
    anchor = anchor_model(analyzer.transcriber.location.path)
    with tempfile.TemporaryDirectory() as tmp:
        clips = all_clips(Path(tmp))
        if args.windowed:
            clips.append(build_joined_speech_long(Path(tmp)))
        if args.clips:
            keep = [k.strip() for k in args.clips.split(",") if k.strip()]
            clips = [c for c in clips if any(k in c.name for k in keep)]
        results = evaluate(clips, analyzer, anchor)
        streamed = [streamed_wer(analyzer, c, args.loaded) for c in clips] if args.streaming else []
        live = live_takes(clips, Path(tmp), args.model, analyzer) if args.streaming and args.virtual_mic else []
    print(f"model {analyzer.transcriber.model_name}; anchor: plain faster-whisper beam {ANCHOR_BEAM} + VAD, no prompt")
    print_table(results)
    if args.streaming:
        loaded = "" if args.loaded is None else f", looking every {args.loaded:g} s of audio as on a loaded machine"
        print(f"\nstreaming path (lock-step feeding{loaded}; target: within 1 point of batch)")
        for r, heard in zip(results, streamed):
            print(f"{r.clip.name[:40]:40} batch {r.rehearse_wer:.3f}  streamed {heard:.3f}  ({(heard - r.rehearse_wer) * 100:+.1f} points)")
    if live:
        print("\nthrough the virtual microphone (real time; batch = the same pass over the recorded take)")
        for t in live:
            if t.take is None or t.batch_wer is None:
                print(f"{t.clip.name[:40]:40} not measured: {t.error}")
                continue
            heard = wer(t.clip.reference, t.take.streamed_text)
            print(
                f"{t.clip.name[:40]:40} batch {t.batch_wer:.3f}  streamed {heard:.3f}  ({(heard - t.batch_wer) * 100:+.1f} points)"
                f"  RTF {t.take.stats['real_time_factor']:.2f}, max lag {t.take.stats['max_lag_s']:.1f} s, degraded {t.take.stats['degraded']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
