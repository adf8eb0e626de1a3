"""Shared fixtures. Every test runs with its own data, cache and config dirs so the
user's real takes, history and settings are never read or touched."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS_SPEECH = SHARED / "corpus" / "speech"
CORPUS_STAR_TEXTS = SHARED / "corpus" / "star_texts"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("REHEARSE_DATA_DIR", "data"),
        ("REHEARSE_CACHE_DIR", "cache"),
        ("REHEARSE_CONFIG_DIR", "config"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_CONFIG_HOME", "xdg-config"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    yield home


@pytest.fixture(scope="session")
def synth_cache_dir() -> Path:
    """Synthesized answers, cached across runs ($REHEARSE_TEST_CACHE or the user cache dir)."""
    import synth

    path = synth.default_cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def analyzer():
    """One real Whisper model (bundled tiny.en) shared by every functional test."""
    from rehearse.analysis.pipeline import Analyzer

    return Analyzer()
