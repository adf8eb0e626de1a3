"""User settings: one TOML file in the user config dir, every key optional.

``rehearse config`` prints where it is and what is in force; ``rehearse config --init``
writes a commented template. ``$REHEARSE_CONFIG_DIR`` overrides the directory (tests use it).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef,unused-ignore]

from rehearse.errors import BadInputError
from rehearse.paths import write_private_text

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Settings:
    level: str = "mid"
    """Level used when none is given: "mid" (under 2:00) or "senior" (2:30–3:00)."""

    lp: str = "ownership"
    """Leadership Principle used when none is given (ids: `rehearse prompts`)."""

    model: str | None = None
    """Whisper model: a CTranslate2 directory or a model name; unset means the bundled tiny.en."""

    allow_download: bool = False
    """Let a named model that is not on disk be downloaded once. The only network use."""

    input_device: str | None = None
    """Microphone: a device name (substring) or index from `rehearse devices`; unset means the default."""

    output_device: str | None = None
    """Speakers for the spoken question: name or index; unset means the default."""

    speak_prompts: bool = True
    """Speak the question aloud with the Piper voice; false shows it as text only."""

    prep_countdown_s: int = 0
    """Seconds of preparation after the question before recording starts; 0 turns it off."""

    beam_size: int = 5
    """Whisper beam size for analysing a whole take: 5 is as accurate as plain Whisper; 1 (greedy)
    is about twice as fast and loses words on long answers. Live transcription while recording
    commits with beam 5 either way (greedy only for its previews, or when it falls behind)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def config_dir() -> Path:
    override = os.environ.get("REHEARSE_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("rehearse"))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def _types() -> dict[str, tuple[type, ...]]:
    hints = {"str": (str,), "str | None": (str, int), "bool": (bool,), "int": (int,)}
    return {f.name: hints[str(f.type)] for f in fields(Settings)}


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the config file; defaults when it does not exist."""
    path = path or config_path()
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise BadInputError(f"cannot read settings {path}: {err}", "fix the file or delete it to use the defaults") from None
    types = _types()
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in types:
            raise BadInputError(
                f"unknown setting {key!r} in {path}", "valid settings: " + ", ".join(types)
            )
        if not isinstance(value, types[key]) or (types[key] == (int,) and isinstance(value, bool)):
            raise BadInputError(
                f"setting {key!r} in {path} has the wrong type ({type(value).__name__})",
                f"see 'rehearse config --init' for an example of {key}",
            )
        values[key] = str(value) if key.endswith("_device") else value
    settings = Settings(**values)
    if settings.prep_countdown_s < 0 or settings.beam_size < 1:
        raise BadInputError(f"{path}: prep_countdown_s must be >= 0 and beam_size >= 1", "fix the value")
    return settings


def template() -> str:
    """A commented config file listing every setting with its default."""
    import ast
    import inspect

    source = inspect.getsource(Settings)
    docs: dict[str, str] = {}
    tree = ast.parse(source)
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, nxt in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant):
            docs[node.target.id] = str(nxt.value.value)  # type: ignore[union-attr]
    lines = ["# rehearse settings. Every key is optional; remove the leading '# ' to set one.", ""]
    for f in fields(Settings):
        lines.append(f"# {docs.get(f.name, '')}")
        default = f.default
        shown = '""' if default is None else ("true" if default is True else "false" if default is False else repr(default).replace("'", '"'))
        lines.append(f"# {f.name} = {shown}")
        lines.append("")
    return "\n".join(lines)


def write_template(path: Path | None = None) -> Path:
    from rehearse.paths import make_private_dir

    path = path or config_path()
    if path.exists():
        raise BadInputError(f"{path} already exists", "edit it, or delete it and run 'rehearse config --init' again")
    make_private_dir(path.parent, env="REHEARSE_CONFIG_DIR")
    write_private_text(path, template(), env="REHEARSE_CONFIG_DIR")
    return path
