"""Streaming transcription: feedback within a second of stopping (issue 5).

``core`` holds the pure policies (chunking, LocalAgreement-2 commits, word merging); ``worker``
runs them on a thread with faster-whisper and the Silero VAD (``passes``) and hands out the
dataclasses of ``results``. No audio devices, no UI.
"""

from rehearse.asr.streaming.core import (
    CommitState,
    Plan,
    StreamPolicy,
    agreed_prefix,
    clamp_words,
    drop_overlap,
    plan_step,
)
from rehearse.asr.streaming.results import LiveView, StreamResult, StreamStats
from rehearse.asr.streaming.worker import (
    StreamingTranscriber,
    report_from_stream,
    streaming_cpu_threads,
    transcribe_stream,
)

__all__ = [
    "CommitState",
    "LiveView",
    "Plan",
    "StreamPolicy",
    "StreamResult",
    "StreamStats",
    "StreamingTranscriber",
    "agreed_prefix",
    "clamp_words",
    "drop_overlap",
    "plan_step",
    "report_from_stream",
    "streaming_cpu_threads",
    "transcribe_stream",
]
