"""Private by default: analysing an answer and speaking a question open no network connection."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
SPEECH = Path(__file__).resolve().parent.parent / "data" / "speech"


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        if isinstance(address, tuple):  # AF_INET/AF_INET6; unix sockets (PulseAudio) are local
            attempts.append(address)
            raise OSError("network disabled by test")
        return real_connect(self, address, *args, **kwargs)

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, address: refuse(self, address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or (_ for _ in ()).throw(OSError("no DNS")))
    return attempts


def test_analysis_with_a_fresh_model_load_stays_offline(no_network):
    from rehearse.analysis.pipeline import Analyzer

    report = Analyzer().analyze_file(SPEECH / "jfk_inaugural_1961.flac", level="mid", lp="ownership")
    assert "country" in report.transcript.text.lower()
    assert no_network == []


def test_spoken_question_stays_offline(no_network, tmp_path):
    from rehearse.audio.voice import Speaker

    audio = Speaker(cache_dir=tmp_path).synthesize("Tell me about a time you took ownership.")
    assert audio.samples.size > audio.sample_rate  # more than a second of speech
    assert no_network == []


def test_named_model_without_permission_does_not_try_the_network(no_network):
    from rehearse.asr.transcription import resolve_model
    from rehearse.errors import ModelError

    with pytest.raises(ModelError, match="--allow-download"):
        resolve_model("base.en", allow_download=False)
    assert no_network == []
