"""The pure core of streaming transcription: what to transcribe next, what to commit, how to join.

Nothing here touches audio devices, models or clocks. The caller passes times (seconds on the
take's own timeline), speech spans found by the VAD and the words Whisper produced; the
functions decide. That keeps every policy unit-testable with synthetic timestamps.

The policy, in short (after whisper_streaming / RealtimeSTT):

* **Chunker / VAD gate.** Audio after ``buffer_start`` is uncommitted. When the VAD has seen a
  pause after enough speech, the speech up to the middle of that pause is a *finished chunk*:
  transcribe it once and commit all of it. Silence is never sent to Whisper.
* **LocalAgreement-2.** While the speaker keeps talking without a pause, the unfinished tail
  (at most ``max_tail_s``) is re-transcribed every ``tail_step_s``; words that two consecutive
  hypotheses agree on are committed, the rest is the dim partial text.
* **Word merger.** Words already committed are not repeated where two transcriptions overlap,
  and no timestamp lies before the previous word or after the end of the audio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rehearse.lang.tokens import norm
from rehearse.models import Word

Span = tuple[float, float]  # (start_s, end_s) of speech, take timeline


@dataclass(frozen=True)
class StreamPolicy:
    """Knobs of the chunker; the defaults suit tiny.en on a 2-core laptop."""

    step_s: float = 0.5  # look at the buffer after this much new audio
    min_gap_s: float = 0.25  # a pause at least this long may end a chunk
    min_chunk_s: float = 20.0  # speech per committed chunk: Whisper needs context to match batch quality
    long_pause_s: float = 2.0  # after a pause this long, commit what is finished whatever its length
    max_chunk_s: float = 24.0  # a chunk must fit one 30 s Whisper window, with room for padding
    pad_s: float = 0.2  # silence kept around speech (Whisper clips words cut too tight)
    tail_min_s: float = 14.0  # unpaused speech before LocalAgreement passes start
    tail_step_s: float = 2.0  # at most one LocalAgreement pass per this much new audio
    max_tail_s: float = 15.0  # the uncommitted tail is trimmed at a committed word beyond this
    force_commit_s: float = 20.0  # past this, commit every hypothesis word not near the buffer end
    lag_degrade_s: float = 6.0  # this far behind real time: degrade
    lag_recover_s: float = 2.0  # back under this: normal again
    degraded_min_chunk_s: float = 20.0  # behind real time: no smaller than usual (greedy decoding saves the time)


@dataclass(frozen=True)
class Plan:
    """What the worker should do with the uncommitted buffer now.

    ``kind``: "wait" (not enough audio), "drop" (silence: move ``buffer_start`` to ``end_s``),
    "chunk" (transcribe ``[start_s, end_s)`` and commit all of it), "tail" (transcribe
    ``[start_s, end_s)`` and commit what two passes agree on), "commit" (stop: the last tail
    pass already heard all the speech, commit its hypothesis) or "done" (nothing left).
    """

    kind: str
    start_s: float
    end_s: float
    reason: str = ""
    may_be_final: bool = False  # a stop right after this pass commits its words as they are


def _clip_spans(spans: Sequence[Span], start: float, end: float) -> list[Span]:
    out = []
    for s, e in sorted(spans):
        s, e = max(s, start), min(e, end)
        if e > s:
            out.append((s, e))
    return out


def plan_step(
    buffer_start: float,
    buffer_end: float,
    spans: Sequence[Span],
    policy: StreamPolicy = StreamPolicy(),
    *,
    degraded: bool = False,
    last_tail_end: float = 0.0,
    final: bool = False,
) -> Plan:
    """Decide the next transcription from the VAD's speech spans over ``[buffer_start, buffer_end)``.

    ``last_tail_end`` is where the latest tail pass over the current buffer ended (0: none);
    ``final`` means the recording stopped: whatever speech is left is one last chunk, unless
    the latest tail pass already covered it.
    """
    speech = _clip_spans(spans, buffer_start, buffer_end)
    if not speech:
        if final:
            return Plan("commit" if last_tail_end > buffer_start else "done", buffer_start, buffer_end, "no speech left")
        # VAD gate: silence never reaches Whisper; keep a little in case speech starts now.
        keep_from = max(buffer_start, buffer_end - policy.pad_s)
        if keep_from > buffer_start:
            return Plan("drop", buffer_start, keep_from, "silence")
        return Plan("wait", buffer_start, buffer_end)
    start = max(buffer_start, speech[0][0] - policy.pad_s)
    last_speech_end = speech[-1][1]
    if final:
        if last_tail_end >= last_speech_end:
            return Plan("commit", start, last_tail_end, "stop: the last pass heard everything")
        return Plan("chunk", start, buffer_end, "stop: the uncommitted tail")
    min_chunk = policy.degraded_min_chunk_s if degraded else policy.min_chunk_s
    best: Plan | None = None
    best_gap = 0.0
    spoken = 0.0
    for i, (s, e) in enumerate(speech):
        spoken += e - s
        next_start = speech[i + 1][0] if i + 1 < len(speech) else buffer_end
        gap = next_start - e
        if gap < policy.min_gap_s:
            continue  # still speaking (or the pause is too short to cut in)
        cut = e + min(policy.pad_s, gap / 2)
        if cut - start > policy.max_chunk_s:
            break
        # A long buffer is cut at any pause: a later pass must not start in the middle of a
        # sentence, where Whisper drops or invents words.
        long_enough = not degraded and cut - start >= policy.max_tail_s
        # Of the pauses where a chunk may end, the longest: a sentence boundary more often than a
        # breath inside a phrase, so neither chunk loses the context of a phrase cut in two.
        may_end = spoken >= min_chunk or gap >= policy.long_pause_s or long_enough
        if may_end and (best is None or gap >= best_gap):
            best, best_gap = Plan("chunk", start, cut, "pause after enough speech"), gap
    if best is not None:
        return best
    length = buffer_end - start
    if length > policy.max_chunk_s:
        # No usable pause and the buffer no longer fits one window: commit what passes agree on.
        return Plan("tail", start, buffer_end, "forced: no pause")
    paused = buffer_end - last_speech_end >= policy.min_gap_s
    if paused and last_tail_end < last_speech_end and not degraded:
        # The speaker paused: hear everything so far now, so a stop here needs no more Whisper.
        return Plan("tail", start, buffer_end, "pause: speculative pass", may_be_final=True)
    if degraded and length < policy.max_tail_s:
        return Plan("wait", start, buffer_end, "degraded: waiting for a pause")
    if length >= policy.tail_min_s and buffer_end - max(last_tail_end, start) >= policy.tail_step_s:
        return Plan("tail", start, buffer_end, "long speech without a pause")
    return Plan("wait", start, buffer_end)


# -- word merging ----------------------------------------------------------------------------


def clamp_words(words: Sequence[Word], floor_s: float, audio_end_s: float) -> list[Word]:
    """Keep timestamps inside ``[floor_s, audio_end_s]`` and in spoken order."""
    out: list[Word] = []
    previous_start = floor_s
    for w in words:
        start = w.start_s if w.start_s is not None else previous_start
        end = w.end_s if w.end_s is not None else start
        start = min(max(start, previous_start, floor_s), audio_end_s)
        end = min(max(end, start), audio_end_s)
        out.append(replace(w, start_s=round(start, 3), end_s=round(end, 3)))
        previous_start = start
    return out


def words_in_speech(words: Sequence[Word], spans: Sequence[Span], slack_s: float = 0.4) -> list[Word]:
    """Hallucination guard: keep only words that overlap speech the VAD heard (give or take ``slack_s``).

    Whisper invents closing phrases ("thanks for watching", web addresses) over the silence at
    the end of a piece; those words sit where the VAD heard nothing.
    """
    out = []
    for w in words:
        start = w.start_s or 0.0
        end = w.end_s if w.end_s is not None else start
        if any(start < e + slack_s and end > s - slack_s for s, e in spans):
            out.append(w)
    return out


def _same(a: Sequence[Word], b: Sequence[Word]) -> bool:
    return len(a) == len(b) and all(norm(x.text) == norm(y.text) for x, y in zip(a, b))


def drop_overlap(
    committed: Sequence[Word], new: Sequence[Word], *, tolerance_s: float = 0.1, max_ngram: int = 5,
    zone_s: float = 1.0,
) -> list[Word]:
    """The words of ``new`` that are not already in ``committed``.

    Two transcriptions of overlapping audio time the same word slightly differently, so the
    join is found by text first: the longest run (up to ``max_ngram`` words) of the last
    committed words that ``new`` repeats near the join (within ``zone_s`` after the last
    committed word; a single word only at the very start) marks where the fresh words begin.
    Without such a repeat, words centred before the last committed word's end are dropped.
    """
    if not committed:
        return list(new)
    last_end = committed[-1].end_s or 0.0
    zone = [i for i, w in enumerate(new) if (w.start_s or 0.0) < last_end + zone_s]
    for n in range(min(max_ngram, len(committed)), 0, -1):
        tail = committed[-n:]
        for i in reversed(zone):
            first = i - n + 1
            if first < 0 or (n == 1 and first > 0):
                continue
            if _same(tail, new[first : i + 1]):
                return list(new[i + 1 :])
    return [w for w in new if _mid(w) > last_end - tolerance_s]


def _mid(w: Word) -> float:
    start = w.start_s or 0.0
    return (start + (w.end_s if w.end_s is not None else start)) / 2


def agreed_prefix(previous: Sequence[Word], current: Sequence[Word]) -> int:
    """How many leading words two consecutive hypotheses share (LocalAgreement-2)."""
    n = 0
    for a, b in zip(previous, current):
        if norm(a.text) != norm(b.text) or not norm(a.text):
            break
        n += 1
    return n


def pause_cut(words: Sequence[Word], n: int, pauses: Sequence[float], tolerance_s: float = 0.3) -> tuple[int, float | None]:
    """The largest ``k <= n`` such that a pause separates ``words[:k]`` from the rest, and that pause.

    Whisper's word ends often run into the pause, hence ``tolerance_s``. (0, None) if none.
    """
    latest_first = sorted(pauses, reverse=True)
    for k in range(min(n, len(words)), 0, -1):
        before_end = words[k - 1].end_s or 0.0
        after_start = (words[k].start_s or 0.0) if k < len(words) else None
        for p in latest_first:
            if before_end <= p + tolerance_s and (after_start is None or after_start >= p - tolerance_s):
                return k, p
    return 0, None


def pause_points(spans: Sequence[Span], min_gap_s: float) -> list[float]:
    """The middles of the pauses (at least ``min_gap_s``) between speech spans."""
    ordered = sorted(spans)
    return [(e + s2) / 2 for (_, e), (s2, _) in zip(ordered, ordered[1:]) if s2 - e >= min_gap_s]


@dataclass
class CommitState:
    """Committed words, the partial hypothesis and the uncommitted buffer's start (seconds)."""

    buffer_start: float = 0.0
    committed: list[Word] = field(default_factory=list)
    hypothesis: list[Word] = field(default_factory=list)  # last tail pass, minus committed words
    last_tail_end: float = 0.0
    chunks: int = 0
    tail_passes: int = 0

    @property
    def partial(self) -> list[Word]:
        return list(self.hypothesis)

    def drop(self, until_s: float) -> None:
        """Silence up to ``until_s`` needs no transcription."""
        self.buffer_start = max(self.buffer_start, until_s)

    def accept_chunk(self, plan: Plan, words: Sequence[Word], audio_end_s: float) -> list[Word]:
        """A finished chunk: commit every new word and move the buffer past the chunk."""
        end = min(plan.end_s, audio_end_s)
        fresh = clamp_words(drop_overlap(self.committed, words), self._floor(plan.start_s), end)
        self.committed.extend(fresh)
        self.hypothesis = []
        self.buffer_start = max(self.buffer_start, plan.end_s)
        self.last_tail_end = 0.0
        self.chunks += 1
        return fresh

    def commit_hypothesis(self) -> list[Word]:
        """Stop after a pass that heard all the speech: its words become final as they are."""
        fresh = list(self.hypothesis)
        self.committed.extend(fresh)
        self.hypothesis = []
        self.last_tail_end = 0.0
        return fresh

    def accept_tail(
        self,
        plan: Plan,
        words: Sequence[Word],
        audio_end_s: float,
        policy: StreamPolicy = StreamPolicy(),
        pauses: Sequence[float] | None = None,
    ) -> list[Word]:
        """A LocalAgreement pass over the unfinished tail: commit what the last two passes agree on.

        With ``pauses`` (the middles of the VAD's pauses, take timeline), a commit ends at a pause
        and the buffer restarts there: a pass that starts in the middle of a sentence makes
        Whisper drop words or repeat its prompt. Without a pause to cut at, only a buffer that
        no longer fits one window (``max_chunk_s``) commits mid-speech.
        """
        self.tail_passes += 1
        self.last_tail_end = plan.end_s
        end = min(plan.end_s, audio_end_s)
        current = clamp_words(drop_overlap(self.committed, words), self._floor(plan.start_s), end)
        n = agreed_prefix(self.hypothesis, current)
        length = plan.end_s - plan.start_s
        settled = sum(1 for w in current if (w.end_s or 0.0) <= end - 1.0)  # safely behind the edge
        if length > policy.force_commit_s:
            n = max(n, settled)  # hypotheses keep disagreeing on a long buffer
        if length <= policy.max_tail_s:
            n = 0  # a short buffer waits for its chunk: committing early would cost context
        restart: float | None = None
        if n and pauses is not None:
            n, restart = pause_cut(current, n, pauses)
            if not n and length > policy.max_chunk_s:
                n = settled  # no pause at all, and the buffer no longer fits one window
        fresh = current[:n]
        self.committed.extend(fresh)
        self.hypothesis = current[n:]
        if fresh:
            # Trim the buffer at the cut so the next pass stays short.
            cut = restart if restart is not None else (fresh[-1].end_s or self.buffer_start)
            self.buffer_start = max(self.buffer_start, cut)
            self.last_tail_end = 0.0 if not self.hypothesis else self.last_tail_end
        return fresh

    def _floor(self, start_s: float) -> float:
        """No new word may start before the last committed one ended."""
        last = self.committed[-1].end_s if self.committed else None
        return max(start_s, last or 0.0)
