"""Word-level facts shared by every layer: how a token is normalised.

Pure: no I/O.
"""

from __future__ import annotations

import re

_WORD_CHARS = re.compile(r"[^a-z0-9%$'.-]+")


def norm(token: str) -> str:
    """Lower-case a token and strip punctuation, keeping what makes numbers numbers."""
    t = _WORD_CHARS.sub("", token.lower().replace("\u2019", "'"))
    return t.strip(".'-") if not re.fullmatch(r"[\d.,%$]+", t) else t


def tokens(text: str) -> list[str]:
    """Normalised tokens of a string, empty ones dropped."""
    return [t for t in (norm(x) for x in text.split()) if t]
