"""Where rehearse keeps the user's takes and history, and how it writes them: private to the user."""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from pathlib import Path

from rehearse.errors import BadInputError, StoreError

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


def unwritable(path: Path, err: OSError, env: str = "REHEARSE_DATA_DIR", action: str = "write to") -> StoreError:
    """One line for a place rehearse cannot write: which directory, why, and the two ways out."""
    reason = os.strerror(err.errno).lower() if err.errno else str(err)
    return StoreError(
        f"cannot {action} {path}: {reason}",
        f"make that place writable (permissions, a read-only mount, a full disk), or set {env} to a writable directory",
    )


def make_private_dir(directory: Path, env: str = "REHEARSE_DATA_DIR") -> Path:
    """Create ``directory`` and its missing parents as 0700.

    Directories that already exist keep their mode: the user may have set it on purpose, and a
    read-only command must not change it. StoreError (naming the directory) if it cannot be made.
    """
    directory = Path(directory)
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for created in reversed(missing):
        try:
            os.mkdir(created, DIR_MODE)
        except FileExistsError:  # another process made it first: theirs, leave it
            continue
        except OSError as err:
            raise unwritable(directory, err, env, action="create") from None  # the place rehearse needs
        try:
            os.chmod(created, DIR_MODE)  # mkdir's mode is masked by the umask; chmod is not
        except OSError as err:
            raise unwritable(created, err, env) from None
    if not directory.is_dir():
        raise unwritable(directory, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)), env)
    return directory


def ensure_writable_dir(directory: Path, env: str = "REHEARSE_DATA_DIR") -> Path:
    """``make_private_dir``, then prove a file can be created there: an existing directory on a
    read-only disk passes the first step but would fail only once the answer is recorded."""
    directory = make_private_dir(directory, env)
    try:
        fd, probe = tempfile.mkstemp(prefix=".rehearse-probe-", dir=directory)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise unwritable(directory, err, env) from None
    return directory


def write_private_text(path: str | os.PathLike[str], text: str, env: str = "REHEARSE_DATA_DIR") -> Path:
    """The one writer of user files: atomic (a temporary file beside it, then a rename), mode 0600
    even when the file existed before. The directory must exist (see make_private_dir).
    StoreError naming the directory if it cannot be written."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise unwritable(path.parent, err, env) from None
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, path)
    except BaseException as err:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise unwritable(path.parent, err, env) from None
        raise
    return path


def open_input(path: str | os.PathLike[str], kind: str = "a file") -> Path | io.BytesIO:
    """A file the user gave us, ready to read: its path once it is known to be readable, or, for a
    pipe or /dev/stdin (which can be read only once and have no size), everything it delivered.

    BadInputError in one line for a missing path, a directory, or a file rehearse may not read.
    """
    p = Path(path)
    try:
        info = os.stat(p)
        if stat.S_ISDIR(info.st_mode):
            raise BadInputError(f"{p} is a directory, not {kind}", "pass the file itself")
        with open(p, "rb") as handle:
            return p if stat.S_ISREG(info.st_mode) else io.BytesIO(handle.read())
    except FileNotFoundError:
        raise BadInputError(f"no such file: {p}", "check the path") from None
    except PermissionError:
        raise BadInputError(f"cannot read {p}: permission denied", "check the file's permissions (chmod u+r)") from None
    except OSError as err:
        reason = os.strerror(err.errno).lower() if err.errno else str(err)
        raise BadInputError(f"cannot read {p}: {reason}", "check the path") from None


def input_size(source: Path | io.BytesIO) -> int:
    return source.getbuffer().nbytes if isinstance(source, io.BytesIO) else source.stat().st_size
