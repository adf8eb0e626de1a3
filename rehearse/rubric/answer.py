"""A whole answer prepared for the rubric: its sentences, their STAR roles and every pattern match,
with quoting helpers that cite the answer's own words and times.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rehearse.models import Evidence, Sentence
from rehearse.rubric.advice import shorten
from rehearse.rubric.clauses import SentenceTokens, tokenize_sentence
from rehearse.rubric.matching import Match, scan_sentence
from rehearse.rubric.rules import NEGATED, NOT_JUST, RubricRules


@dataclass
class AnswerAnalysis:
    sents: list[SentenceTokens]
    matches: dict[str, list[Match]]
    rules: RubricRules

    def of(self, category: str, roles: Iterable[str | None] | None = None, *, real: bool = True,
           allow_not_just: bool = True, subjects: Iterable[str] | None = None) -> list[Match]:
        """Matches of a category, filtered: by section role, affirmed, realis, subject."""
        roles_set = set(roles) if roles is not None else None
        subj_set = set(subjects) if subjects is not None else None
        out = []
        for m in self.matches.get(category, []):
            if roles_set is not None and self.sents[m.sent].role not in roles_set:
                continue
            if m.state == NEGATED or (m.state == NOT_JUST and not allow_not_just):
                continue
            if real and m.irrealis:
                continue
            if subj_set is not None and m.subject not in subj_set:
                continue
            out.append(m)
        return out

    def quote(self, m: Match | None = None, sent: int | None = None) -> Evidence:
        """The clause-sized quote around a match (or a whole sentence) with its start time."""
        idx = m.sent if m is not None else sent
        assert idx is not None
        s = self.sents[idx]
        max_words = int(self.rules.settings.get("quote_max_words", 28))
        if m is None or len(s.raw) <= max_words:
            lo, hi = 0, len(s.raw)
        else:
            a = s.raw_of[m.start]
            b = s.raw_of[min(m.end, len(s.raw_of)) - 1] + 1
            lo = max(0, a - (max_words - (b - a)) // 2)
            hi = min(len(s.raw), lo + max(max_words, b - a))
            lo = max(0, hi - max(max_words, b - a))
        text = " ".join(s.raw[lo:hi]).strip()
        if lo > 0:
            text = "… " + text
        if hi < len(s.raw):
            text = text + " …"
        start_s = s.sentence.start_s
        words = s.sentence.words
        if words and len(words) == len(s.raw) and words[lo].start_s is not None:
            start_s = words[lo].start_s
        return Evidence(quote=text, start_s=start_s)


def snippet(a: AnswerAnalysis, m: Match | None, sent: int | None = None, n: int = 14) -> str:
    """A short quote for advice text, centred on the matched words."""
    if m is None:
        return shorten(a.quote(sent=sent).quote, n)
    s = a.sents[m.sent]
    lo_w = s.raw_of[m.start]
    hi_w = s.raw_of[min(m.end, len(s.raw_of)) - 1] + 1
    lo = max(0, lo_w - 4)
    hi = min(len(s.raw), max(hi_w, lo + n))
    lo = max(0, min(lo, hi - n))
    text = " ".join(s.raw[lo:hi]).strip().rstrip(".,;:")
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(s.raw) else "")


def analyse_answer(sentences: Sequence[tuple[Sentence, str | None]], rules: RubricRules) -> AnswerAnalysis:
    sents = [tokenize_sentence(i, sent, role, rules) for i, (sent, role) in enumerate(sentences)]
    matches: dict[str, list[Match]] = {}
    for s in sents:
        for m in scan_sentence(s, rules):
            matches.setdefault(m.category, []).append(m)
    return AnswerAnalysis(sents, matches, rules)


def analyse_plain(text_or_sentences: str | Sequence[Sentence], rules: RubricRules) -> AnswerAnalysis:
    """Matches on an answer without STAR roles (used by the follow-up probes)."""
    from rehearse.lang.sentences import split_text

    sents = split_text(text_or_sentences) if isinstance(text_or_sentences, str) else list(text_or_sentences)
    return analyse_answer([(s, None) for s in sents], rules)
