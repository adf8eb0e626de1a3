"""One exception hierarchy: everything the user may see is a RehearseError.

The CLI and the TUI render ``str(error)`` as a single line: the problem, then the fix.
"""

from __future__ import annotations


class RehearseError(Exception):
    """Base for every error meant for the user: a message plus a concrete hint."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class BadInputError(RehearseError):
    """The user's file, level, LP or option is unusable."""


class NoSpeechError(BadInputError):
    """The audio decoded fine but contains no speech."""


class ModelError(RehearseError):
    """The speech model cannot be found or loaded."""


class AudioDeviceError(RehearseError):
    """PortAudio, the microphone or the speakers are missing or failed."""


class StoreError(RehearseError):
    """The practice history or a saved take cannot be read or written."""


class OutOfMemoryError(RehearseError):
    """The machine ran out of memory (a very long recording on a small machine)."""


def is_out_of_memory(err: BaseException) -> bool:
    """numpy raises MemoryError; CTranslate2, MKL and onnxruntime raise RuntimeErrors that say so."""
    text = str(err).lower()
    return isinstance(err, MemoryError) or any(
        needle in text for needle in ("bad_alloc", "cannot allocate memory", "failed to allocate")
    )
