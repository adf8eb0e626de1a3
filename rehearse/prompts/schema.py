"""Reading the prompt TOML files: parse once, name the file and field of any problem.

Shared by :mod:`rehearse.prompts.bank` and :mod:`rehearse.prompts.levels`: the TOML reader,
the per-process cache keyed on the file's mtime and size, the :class:`_Schema` checks and
:func:`normalise_id`, which turns user-given and file ids into one snake_case form.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,unused-ignore]

from rehearse.errors import RehearseError


def normalise_id(value: str) -> str:
    """'Customer-Obsession', "Earth's Best" and 'have backbone; disagree' → snake_case ids."""
    text = str(value).strip().lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


_cache: dict[tuple[str, int, int], Any] = {}
_cache_lock = threading.Lock()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        raise RehearseError(f"{path} is missing", "reinstall rehearse or restore the prompts/ directory") from err
    except OSError as err:
        raise RehearseError(f"cannot read {path}: {err.strerror}", "check the file's permissions") from err
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RehearseError(f"{path} is not valid TOML: {err}", "fix the syntax at the position shown") from err


def _cached(path: Path, parse: Any) -> Any:
    """Parse ``path`` once per (path, mtime, size); edits on disk are picked up."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return parse(path)  # _read_toml reports the missing file
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    result = parse(path)
    with _cache_lock:
        _cache[key] = result
    return result


class _Schema:
    """Collects the location of a schema problem so the error names file and field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> RehearseError:
        return RehearseError(f"{self.path}: {where}: {problem}", f"fix {self.path.name}")

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be a non-empty string")
        return " ".join(value.split())

    def seconds(self, table: Mapping[str, Any], key: str, where: str, required: bool = False) -> float | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise self.fail(where, f"'{key}' must be a positive number of seconds")
        return float(value)

    def share(self, table: Mapping[str, Any], key: str, where: str) -> float:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise self.fail(where, f"'{key}' must be a fraction between 0 and 1")
        return float(value)

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(where, f"'{key}' must be a list of strings")
        return tuple(" ".join(v.split()) for v in value)

    def tables(self, table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"'{key}' must be an array of tables ([[{key}]])")
        return value
