"""Build STAR sections from plain sentences for rubric unit tests (each sentence lasts four seconds)."""

from __future__ import annotations

from collections.abc import Sequence

from rehearse.models import Section, Sentence


def star_sections(parts: Sequence[tuple[str, Sequence[str]]]) -> list[Section]:
    """[(section name, sentences), ...] in spoken order; empty parts are left out."""
    sections, t = [], 0.0
    for name, texts in parts:
        if not texts:
            continue
        sents = tuple(Sentence(text=x, start_s=t + 5.0 * i, end_s=t + 5.0 * i + 4.0) for i, x in enumerate(texts))
        t += 5.0 * len(texts)
        sections.append(Section(name=name, sentences=sents, start_s=sents[0].start_s, end_s=sents[-1].end_s))
    return sections
