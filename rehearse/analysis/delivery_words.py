"""Each spoken word with its STAR section and its place in the sentence. Pure.

The delivery checks (pauses, fillers, hedges, voice) all ask the same questions of a word:
which section was it in, does it open or close a sentence, what was said around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.lang.tokens import norm
from rehearse.models import Section, Word


@dataclass(frozen=True)
class LocatedWord:
    word: Word
    token: str  # normalised: lower case, no punctuation
    section: str
    sentence: int  # running sentence number over the whole answer
    opens_sentence: bool
    closes_sentence: bool

    @property
    def ends_with_stop(self) -> bool:
        """Whisper put a full stop, question or exclamation mark after it (a pause split is not one)."""
        return self.word.text.rstrip("\"')]").endswith((".", "?", "!"))


def locate_words(sections: Sequence[Section]) -> list[LocatedWord]:
    """The answer's spoken words in order; punctuation-only tokens are dropped."""
    located: list[LocatedWord] = []
    sentence_no = 0
    for section in sections:
        for sentence in section.sentences:
            spoken = [(w, token) for w in sentence.words if (token := norm(w.text))]
            for i, (w, token) in enumerate(spoken):
                located.append(LocatedWord(w, token, section.name, sentence_no, i == 0, i == len(spoken) - 1))
            sentence_no += 1
    return located


def quote_around(words: Sequence[LocatedWord], start: int, end: int, context: int = 3) -> str:
    """The words ``start:end`` with the word before (same sentence) and a few after, for a quote."""
    first = start - 1 if start > 0 and words[start - 1].sentence == words[start].sentence else start
    return " ".join(w.word.text for w in words[first : min(len(words), end + context)])


def spoken_span_minutes(words: Sequence[Word]) -> float:
    """Minutes from the first word's start to the last word's end (0 without times)."""
    timed = [w for w in words if w.start_s is not None and w.end_s is not None]
    if not timed:
        return 0.0
    return max(0.0, (timed[-1].end_s or 0.0) - (timed[0].start_s or 0.0)) / 60
