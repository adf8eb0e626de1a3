"""`--model NAME` looks in the checkout's models/ directory before the Hugging Face cache."""

from __future__ import annotations

import pytest

from rehearse.asr import transcription
from rehearse.errors import ModelError


def test_the_project_models_dir_is_the_one_beside_the_package():
    assert (transcription.PROJECT_MODELS_DIR / "README.md").is_file()


def test_a_model_placed_in_models_is_found_by_name(tmp_path, monkeypatch):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "model.bin").write_bytes(b"")
    monkeypatch.setattr(transcription, "PROJECT_MODELS_DIR", tmp_path)
    location = transcription.resolve_model("base", allow_download=False)
    assert location.path == str(tmp_path / "base")
    assert location.name == "base"


def test_a_directory_without_model_bin_is_refused(tmp_path, monkeypatch):
    (tmp_path / "half").mkdir()
    monkeypatch.setattr(transcription, "PROJECT_MODELS_DIR", tmp_path)
    with pytest.raises(ModelError, match="no model.bin"):
        transcription.resolve_model("half", allow_download=False)
