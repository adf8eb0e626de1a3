"""Results: the transcript, with the selected finding's quotes highlighted."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

_WORD = re.compile(r"\S+")


def _norm(token: str) -> str:
    return re.sub(r"[^\w%$.']", "", token.lower()).strip(".'")


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of ``quote`` in ``text``, matching words and ignoring case and punctuation."""
    words = [(m.start(), m.end(), _norm(m.group())) for m in _WORD.finditer(text)]
    target = [t for t in (_norm(w) for w in quote.split()) if t]
    spans: list[tuple[int, int]] = []
    if not target:
        return spans
    keys = [w[2] for w in words]
    for i in range(len(words) - len(target) + 1):
        if keys[i : i + len(target)] == target:
            spans.append((words[i][0], words[i + len(target) - 1][1]))
    return spans


class TranscriptView(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.text = ""
        self.highlighted: list[tuple[int, int]] = []

    def show(self, text: str, quotes: Iterable[str] = ()) -> None:
        self.text = text
        self.highlighted = [span for quote in quotes for span in quote_spans(text, quote)]
        rich = Text(text or "(no transcript)")
        for start, end in self.highlighted:
            rich.stylize("reverse bold", start, end)
        self.update(rich)

    @property
    def highlighted_text(self) -> list[str]:
        return [self.text[a:b] for a, b in self.highlighted]
