"""The streaming transcription worker: Whisper runs while the candidate speaks.

A :class:`StreamingTranscriber` is a Recorder listener. ``feed`` only copies the block
(resampled to 16 kHz mono) into memory and wakes the worker thread; the worker runs the
Silero VAD over the uncommitted audio, asks :func:`rehearse.asr.streaming.core.plan_step` what to
transcribe, and runs the same faster-whisper model as the batch path. When the recording
stops, :meth:`finish` transcribes only the uncommitted tail; the report is then built from the
streamed transcript by ``Analyzer.analyze_transcript``. The VAD, the preview encoder window and
the closing-phrase guard are in ``passes``; the view, stats and result dataclasses in ``results``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from rehearse.asr.decode import DecodeSettings, decode, segment_words
from rehearse.asr.streaming.audio_store import AudioStore
from rehearse.asr.streaming.collapse import beam_collapsed, ends_cut_short
from rehearse.asr.streaming.core import (
    CommitState,
    Plan,
    StreamPolicy,
    pause_points,
    plan_step,
    words_in_speech,
)

# The worker calls these through its own names, so a test replaces them on this module.
from rehearse.asr.streaming.passes import _is_end_hallucination, short_window_model, speech_spans
from rehearse.asr.streaming.results import LiveView, StreamResult, StreamStats
from rehearse.asr.transcription import SAMPLE_RATE, Transcriber
from rehearse.audio.dsp import BlockResampler, to_mono
from rehearse.errors import NoSpeechError, RehearseError
from rehearse.models import Report, Transcript, Word

log = logging.getLogger(__name__)

# How long a live analysis may be out of date while recording (it costs ~50 ms).
LIVE_ANALYSIS_EVERY_S = 5.0
# Speech is at most ~5 tokens a second; a bound stops a repetition loop from decoding 448 tokens.
MAX_TOKENS_PER_S = 8


def streaming_cpu_threads() -> int:
    """Whisper threads while recording: all cores but one, which stays free for capture and the UI."""
    return max(1, (os.cpu_count() or 2) - 1)


class StreamingTranscriber:
    """Transcribes a recording while it is made. Thread-safe ``feed``; one worker thread.

    ``transcriber`` is the batch path's :class:`Transcriber`: the WhisperModel is loaded once
    and shared. ``label_section`` names the STAR section of the committed words (the live view's
    "auto:" label); without it the view has no section unless ``live_analysis`` gives one. ``on_update`` is called from the worker thread after the live view changed
    (keep it cheap: the TUI posts a message from it).
    """

    def __init__(
        self,
        transcriber: Transcriber,
        sample_rate: int = SAMPLE_RATE,
        *,
        policy: StreamPolicy | None = None,
        on_update: Callable[[LiveView], None] | None = None,
        live_analysis: Callable[[Transcript], Report] | None = None,
        label_section: Callable[[Sequence[Word]], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transcriber = transcriber
        self.sample_rate = int(sample_rate)
        self.policy = policy or StreamPolicy()
        self.on_update = on_update
        self.live_analysis = live_analysis
        # The STAR segmenter lives above this layer (rehearse.analysis); the caller hands it in.
        self.label_section = label_section
        self.clock = clock
        self.stats = StreamStats()
        self.state = CommitState()
        self.live_report: Report | None = None
        self._resampler = BlockResampler(self.sample_rate, SAMPLE_RATE) if self.sample_rate != SAMPLE_RATE else None
        self._audio = AudioStore()
        self._cond = threading.Condition()
        self._finishing = False
        self._cancelled = False
        self._done = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._view = LiveView()
        self._section: str | None = None
        self._last_plan_end = 0.0
        self._stepped_until = 0.0  # set only after a step finished: what lock-step feeding waits for
        self._degraded = False
        self._last_analysis = -LIVE_ANALYSIS_EVERY_S
        self._result: StreamResult | None = None

    # -- producer side (the Recorder's writer thread) -------------------------------------
    def feed(self, block: np.ndarray, wait: bool = False) -> None:
        """Recorder listener: copy the block in; never waits for Whisper.

        ``wait=True`` (tests, tools) blocks until the worker has looked at this audio, so a
        file fed faster than real time is chunked exactly as if it had been spoken.
        """
        mono = to_mono(block)
        if self._resampler is not None:
            mono = self._resampler.process(mono)
        else:
            mono = np.array(mono, np.float32, copy=True)
        with self._cond:
            if self._finishing:
                return
            self._audio.append(mono)
            self._cond.notify_all()
            if wait:
                target = self._audio.total / SAMPLE_RATE
                while (
                    target - self._stepped_until >= self.policy.step_s
                    and not self._done.is_set()
                ):
                    self._cond.wait(0.5)

    def attach(self, recorder) -> StreamingTranscriber:
        """Listen to ``recorder`` (before it starts, so no block is missed) and start the worker."""
        recorder.add_listener(self.feed)
        self.start()
        return self

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="streaming-transcriber", daemon=True)
            self._thread.start()

    def finish(self, timeout: float | None = None) -> StreamResult:
        """The recording stopped: transcribe the uncommitted tail and return the whole transcript."""
        if self._result is not None:
            return self._result
        t0 = self.clock()
        with self._cond:
            if self._resampler is not None:
                self._audio.append(self._resampler.process(np.zeros(0, np.float32), final=True))
            self._finishing = True
            self.stats.final_tail_s = max(0.0, self._audio.total / SAMPLE_RATE - self.state.buffer_start)
            self._cond.notify_all()
        self.start()
        if not self._done.wait(timeout):
            raise RehearseError("streaming transcription did not finish in time", "analyse the saved take with 'rehearse analyze'")
        if self._error is not None:
            if isinstance(self._error, RehearseError):
                raise self._error
            raise RehearseError(f"streaming transcription failed: {self._error}", "analyse the saved take with 'rehearse analyze'") from self._error
        words = tuple(self.state.committed)
        duration = self._audio.total / SAMPLE_RATE
        self.stats.audio_s = duration
        self.stats.chunks = self.state.chunks
        self.stats.tail_passes = self.state.tail_passes
        self.stats.finish_s = self.clock() - t0
        if not words:
            raise NoSpeechError("no speech found in the audio", "check the microphone level and record again")
        transcript = Transcript(
            words=words,
            text=" ".join(w.text for w in words),
            audio_duration_s=round(duration, 3),
            model=self.transcriber.model_name,
        )
        self._result = StreamResult(transcript, self.stats)
        return self._result

    def cancel(self) -> None:
        """The take was discarded: stop the worker without transcribing more."""
        with self._cond:
            self._cancelled = True
            self._finishing = True
            self._cond.notify_all()

    @property
    def error(self) -> BaseException | None:
        return self._error

    def live(self) -> LiveView:
        return self._view

    # -- worker -----------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self.transcriber.load()
            while True:
                with self._cond:
                    while not (self._finishing or self._new_audio_s() >= self.policy.step_s):
                        self._cond.wait(0.5)
                    if self._cancelled:
                        return
                    final = self._finishing
                    total = self._audio.total
                    start_sample = int(self.state.buffer_start * SAMPLE_RATE)
                    audio = self._audio.read(start_sample, total)
                if self._step(audio, start_sample / SAMPLE_RATE, total / SAMPLE_RATE, final):
                    return
        except BaseException as err:  # surfaced by finish(); the recording itself goes on
            log.exception("streaming transcription failed")
            self._error = err
            self.stats.error = str(err)
        finally:
            self._done.set()

    def _new_audio_s(self) -> float:
        return self._audio.total / SAMPLE_RATE - self._last_plan_end

    def _step(self, audio: np.ndarray, offset_s: float, end_s: float, final: bool) -> bool:
        """One look at the buffer; True when the final tail is done."""
        policy = self.policy
        self._last_plan_end = end_s
        t0 = self.clock()
        spans = speech_spans(audio, offset_s, policy.min_gap_s)
        spent = self.clock() - t0
        self.stats.vad_s += spent
        self.stats.compute_s += spent
        plan = plan_step(
            self.state.buffer_start, end_s, spans, policy,
            degraded=self._degraded, last_tail_end=self.state.last_tail_end, final=final,
        )
        changed = False
        if plan.kind == "drop":
            self.state.drop(plan.end_s)
        elif plan.kind == "commit":
            self.state.commit_hypothesis()
            changed = True
        elif plan.kind in ("chunk", "tail"):
            piece = audio[int((plan.start_s - offset_s) * SAMPLE_RATE) : int((plan.end_s - offset_s) * SAMPLE_RATE)]
            preview = plan.kind == "tail" and not plan.may_be_final  # a pass that may become final gets the full window
            # Greedy where speed matters more than the last word: previews (LocalAgreement re-hears
            # them), the tail after stop (the candidate waits for it) and a stream behind real time.
            greedy = preview or final or self._degraded
            words = self._transcribe(piece, plan.start_s, greedy=greedy, preview=preview)
            if plan.kind == "chunk" and not greedy and (beam_collapsed(words, self.state.hypothesis) or ends_cut_short(words)):
                # the greedy preview heard far more, or the pass stopped early: decode greedily and
                # keep it if it is longer
                retry = self._transcribe(piece, plan.start_s, greedy=True)
                self.stats.collapses += 1
                words = retry if len(retry) > len(words) else words
            kept = words_in_speech(words, spans)
            self.stats.dropped_words += len(words) - len(kept)
            words = kept
            if plan.kind == "chunk":
                self.state.accept_chunk(plan, words, end_s)
            else:
                self.state.accept_tail(plan, words, end_s, policy, pause_points(spans, policy.min_gap_s))
            changed = True
        with self._cond:
            self._audio.release_before(int(self.state.buffer_start * SAMPLE_RATE) - SAMPLE_RATE)
            received = self._audio.total / SAMPLE_RATE
            self._stepped_until = end_s
            self._cond.notify_all()  # a lock-step feeder waits for this
        self._track_lag(received, plan)
        if final:
            return True
        self._publish(changed, received)
        return False

    def _track_lag(self, received_s: float, plan: Plan) -> None:
        # Lag: audio that has arrived but has not been looked at yet (the worker was busy).
        lag = max(0.0, received_s - self._last_plan_end)
        self.stats.max_lag_s = max(self.stats.max_lag_s, lag)
        if not self._degraded and lag > self.policy.lag_degrade_s:
            self._degraded = True
            self.stats.degraded = True
            if self.stats.degraded_at_s is None:
                self.stats.degraded_at_s = received_s
            log.warning("streaming fell %.1f s behind: larger chunks, greedy decoding", lag)
        elif self._degraded and lag < self.policy.lag_recover_s and plan.kind == "chunk":
            self._degraded = False
        self._lag = lag

    def _transcribe(self, audio: np.ndarray, offset_s: float, greedy: bool = False, preview: bool = False) -> list[Word]:
        """One piece through the shared decoder (same model as batch, Whisper's VAD defaults, no
        prompt): beam ``stream_beam_size`` unless ``greedy``; no context carried between chunks."""
        if audio.size < int(0.1 * SAMPLE_RATE) or float(np.max(np.abs(audio))) < 1e-4:
            return []
        model = self.transcriber.load()
        if preview:
            model = short_window_model(model)
        opts = self.transcriber.options
        duration = audio.size / SAMPLE_RATE
        t0 = self.clock()
        settings = DecodeSettings(
            language=opts.language,
            beam_size=1 if greedy else opts.stream_beam_size,
            vad_filter=opts.vad_filter,
            condition_on_previous_text=False,  # hallucination guard: no context across chunks
            max_new_tokens=int(MAX_TOKENS_PER_S * duration) + 10,
            retry_loops=not preview,
            strict_closing_guard=True,
        )
        result = decode(model, audio, settings)
        self.stats.fallbacks += result.fallbacks
        segments = result.segments
        if segments and _is_end_hallucination(segments[-1]):
            result.dropped.append(segments.pop())
            log.info("dropped closing segment %r", result.dropped[-1].text)
        for seg in result.dropped:
            log.info("dropped segment %.2f-%.2f nsp=%.2f lp=%.2f %r", seg.start + offset_s, seg.end + offset_s, seg.no_speech_prob, seg.avg_logprob, seg.text)
        self.stats.dropped_segments += len(result.dropped)
        words = segment_words(segments, duration, offset_s)
        spent = self.clock() - t0
        self.stats.whisper_calls += 1
        self.stats.compute_s += spent
        return words

    def _publish(self, changed: bool, received_s: float) -> None:
        if changed:
            self._update_section()
        view = LiveView(
            committed_text=" ".join(w.text for w in self.state.committed),
            partial_text=" ".join(w.text for w in self.state.hypothesis),
            section=self._section,
            audio_s=received_s,
            lag_s=getattr(self, "_lag", 0.0),
            degraded=self._degraded,
            version=self._view.version + (1 if changed else 0),
        )
        if view == self._view:
            return
        self._view = view
        if self.on_update is not None:
            try:
                self.on_update(view)
            except Exception:  # a closed screen must not stop transcription
                log.debug("live update callback failed", exc_info=True)

    def _update_section(self) -> None:
        """Keep the segmenter (and, now and then, the rubric) current on the committed words."""
        words = self.state.committed
        if not words:
            return
        if self.live_analysis is not None and not self._degraded and self.clock() - self._last_analysis >= LIVE_ANALYSIS_EVERY_S:
            self._last_analysis = self.clock()
            transcript = Transcript(tuple(words), " ".join(w.text for w in words), self.state.buffer_start, self.transcriber.model_name)
            try:
                self.live_report = self.live_analysis(transcript)
                sections = self.live_report.sections
                self._section = sections[-1].name if sections else None
                return
            except RehearseError:
                pass
        if self.label_section is not None:
            self._section = self.label_section(words)


def report_from_stream(
    stream: StreamingTranscriber, analyzer, path, level: str, lp: str, marks=None, voice=None
) -> tuple[Report, dict]:
    """The report from the transcript streamed while recording, and how the stream kept up.

    Only the uncommitted tail is transcribed now. If streaming failed, ``analyzer`` (a
    rehearse.analysis.pipeline.Analyzer) runs one batch pass over the saved take and the dict says so;
    a take with no speech at all is still an error.
    """
    # ``voice`` (rehearse.analysis.voice_live.LiveVoice) measured pitch while the take was
    # recorded; without it the analyzer measures the saved take while the tail is transcribed.
    if voice is None:
        voice = analyzer.start_voice(path)
    try:
        result = stream.finish(timeout=120)
    except NoSpeechError:
        raise
    except RehearseError as err:
        log.warning("streaming failed (%s): batch analysis of %s", err, path)
        report = analyzer.analyze_file(path, level=level, lp=lp, marks=marks)
        return report, {"degraded": True, "fallback": "batch", "error": str(err)}
    report = analyzer.analyze_transcript(
        result.transcript, level, lp, source=Path(path).name, marks=marks, voice=voice.result()
    )
    return report, result.stats.to_dict()


def transcribe_stream(
    transcriber: Transcriber,
    blocks: Sequence[np.ndarray],
    sample_rate: int = SAMPLE_RATE,
    policy: StreamPolicy | None = None,
) -> StreamResult:
    """Feed recorded blocks through a streaming transcriber as fast as it takes them (tests, tools)."""
    stream = StreamingTranscriber(transcriber, sample_rate, policy=policy)
    stream.start()
    for block in blocks:
        stream.feed(block, wait=True)
    return stream.finish()
