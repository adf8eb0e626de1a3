"""`rehearse analyze` on many files: inputs, worker count, progress bar (no model)."""

from __future__ import annotations

import io

import pytest

from rehearse.analysis.batch import expand_inputs, worker_count
from rehearse.cli.analyze import ProgressBar
from rehearse.errors import BadInputError


def test_folders_expand_to_their_audio_files_sorted_and_files_stay_as_given(tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    for name in ("b.m4a", "a.WAV", "notes.txt", "c.flac"):
        (takes / name).write_bytes(b"x")
    (takes / "sub").mkdir()
    got = expand_inputs([str(tmp_path / "first.mp3"), str(takes)])
    assert [p.name for p in got] == ["first.mp3", "a.WAV", "b.m4a", "c.flac"]


def test_a_folder_without_audio_is_a_one_line_error(tmp_path):
    with pytest.raises(BadInputError, match="is a directory with no audio files"):
        expand_inputs([str(tmp_path)])


def test_workers_never_exceed_files_or_cores():
    assert worker_count(1, cores=8) == 1
    assert worker_count(10, cores=2) == 2
    assert worker_count(0, cores=2) == 1


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_counts_done_and_failed():
    out = FakeTerminal()
    bar = ProgressBar(4, stream=out, width=8)
    bar.advance("a.wav", ok=True)
    bar.advance("b.wav", ok=False)
    assert bar.line("b.wav") == "[####----] 2/4, 1 failed b.wav"
    assert out.getvalue().count("\r") == 2


def test_progress_bar_is_silent_when_stderr_is_not_a_terminal():
    out = io.StringIO()
    ProgressBar(2, stream=out).advance("a.wav", ok=True)
    assert out.getvalue() == ""
