"""Where rehearse keeps the user's takes and history, and how it writes them: private to the user."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def data_dir() -> Path:
    """The user data dir, or $REHEARSE_DATA_DIR (tests point it at a temporary directory)."""
    override = os.environ.get("REHEARSE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("rehearse"))


def cache_dir() -> Path:
    """The user cache dir, or $REHEARSE_CACHE_DIR (tests point it at a temporary directory)."""
    override = os.environ.get("REHEARSE_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("rehearse"))


def takes_dir() -> Path:
    return data_dir() / "takes"


def make_private_dir(directory: Path) -> Path:
    """Create ``directory`` (and missing parents) as 0700; tighten it if it already exists."""
    directory = Path(directory)
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    directory.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    for created in missing:  # mkdir's mode is masked by the umask; chmod is not
        os.chmod(created, DIR_MODE)
    os.chmod(directory, DIR_MODE)
    return directory


def write_private_text(path: str | os.PathLike[str], text: str) -> Path:
    """The one writer of user files: atomic (a temporary file beside it, then a rename), mode 0600
    even when the file existed before. The directory must exist (see make_private_dir)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path
