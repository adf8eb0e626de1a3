"""Many takes at once (a coach's folder): a process pool, one Whisper model per worker.

A bad file does not stop the others: its outcome carries the one-line error instead of a
report. Outcomes arrive as files finish; each knows its place in the input order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from rehearse.errors import BadInputError, RehearseError
from rehearse.models import Report

AUDIO_SUFFIXES = {".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".oga", ".aac", ".webm", ".mp4"}


@dataclass(frozen=True)
class Job:
    level: str
    lp: str
    model: str | None = None
    allow_download: bool = False
    beam_size: int = 5


@dataclass(frozen=True)
class Outcome:
    index: int
    path: str
    report: Report | None = None
    error: str = ""


def expand_inputs(paths: Sequence[str]) -> list[Path]:
    """Files as given, and the audio files directly inside each directory (sorted by name)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in AUDIO_SUFFIXES)
            if not found:
                raise BadInputError(f"{p} is a directory with no audio files in it", "pass audio files, or a folder of .wav, .flac, .mp3, .m4a or .ogg takes")
            out.extend(found)
        else:
            out.append(p)  # a missing or bad file is reported with the others, not here
    return out


def worker_count(files: int, cores: int | None = None) -> int:
    return max(1, min(files, cores or os.cpu_count() or 1))


_analyzer = None
_job: Job | None = None


def _init_worker(job: Job, threads: int) -> None:
    """Each worker loads its own model once; its CTranslate2 threads share the cores fairly."""
    global _analyzer, _job
    from rehearse.analysis.pipeline import Analyzer
    from rehearse.asr.transcription import TranscriptionOptions

    options = TranscriptionOptions(beam_size=job.beam_size, cpu_threads=threads)
    _analyzer = Analyzer(model=job.model, allow_download=job.allow_download, options=options)
    _job = job


def _analyze_one(index: int, path: str) -> Outcome:
    assert _analyzer is not None and _job is not None, "the pool initialiser runs first"
    try:
        report = _analyzer.analyze_file(path, level=_job.level, lp=_job.lp)
    except RehearseError as err:
        return Outcome(index, path, error=str(err))
    except MemoryError:
        return Outcome(index, path, error=f"not enough memory to analyse {Path(path).name}")
    return Outcome(index, path, report=report)


def analyze_many(paths: Sequence[Path], job: Job, workers: int | None = None) -> Iterator[Outcome]:
    """Analyse every file; yields outcomes as they finish (any order)."""
    workers = workers or worker_count(len(paths))
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(job, threads)) as pool:
        futures = [pool.submit(_analyze_one, i, str(p)) for i, p in enumerate(paths)]
        for future in as_completed(futures):
            yield future.result()
