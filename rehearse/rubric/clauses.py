"""One sentence tokenised for the rubric: lower case, hyphens split, "N percent" -> "N%", numbers,
rates and amounts marked, and cut into clauses (punctuation, contrast words, a fresh subject).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.lang.tokens import CONTRACTIONS, QUANTITY_WORDS, RATE_WORDS, UNIT_VALUES
from rehearse.models import Sentence
from rehearse.rubric.rules import RubricRules

_NUM_RE = re.compile(
    r"^[$€£]?\d[\d,]*(\.\d+)?(%|k|m|b|bn|x|ms|s|h|hrs?|mins?|gb|mb|tb|pp|bps)?$|^[$€£]?\.\d+%?$"
)
YEAR_RE = re.compile(r"^(19|20)\d\d$")
_MONEY_RE = re.compile(r"^[$€£¥₹]\.?\d")
_STRIP = re.compile(r"[^a-z0-9%$€£'.:/&+-]+")
_BOUNDARY_PUNCT = re.compile(r"[,;:!?)\]\"]$|[.]$")
_DASHES = {"-", "--", "—", "–", "...", "…"}


@dataclass
class SentenceTokens:
    """A sentence prepared for matching."""

    index: int
    sentence: Sentence
    role: str | None  # STAR section name, None when unknown (probe answers)
    raw: list[str]
    toks: list[str]
    base: list[str]  # token without a possessive 's
    raw_of: list[int]  # token -> raw word index
    clause: list[int]  # token -> clause id (within the sentence)
    is_num: list[bool]
    is_rate: list[bool]
    is_money: list[bool]


def _number_word(tok: str) -> bool:
    # The teens are quantities too ("from fourteen a night to two"); "oh" is mostly an interjection.
    return tok in QUANTITY_WORDS or (tok in UNIT_VALUES and tok != "oh")


def _is_number(tok: str) -> bool:
    if YEAR_RE.match(tok):
        return False
    # ("eighteen%": "eighteen percent")
    return bool(_NUM_RE.match(tok)) or _number_word(tok) or (tok.endswith("%") and _number_word(tok[:-1]))


def _is_rate(tok: str) -> bool:
    if tok in RATE_WORDS or (tok.endswith("%") and _number_word(tok[:-1])):
        return True
    return bool(_NUM_RE.match(tok)) and (tok.endswith("%") or tok.endswith("x") or tok.endswith("pp"))


_SUFFIXES = ("ingly", "edly", "ations", "ation", "ating", "ated", "ates", "ate", "ings", "ing", "ed", "ly",
             "ures", "ure", "ies", "es", "s", "y")


def stem(word: str) -> str:
    """A crude stem for comparing a reflection with the story ("failures" ~ "failing")."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def tokenize_sentence(index: int, sentence: Sentence, role: str | None, rules: RubricRules) -> SentenceTokens:
    raw = sentence.text.split()
    toks: list[str] = []
    raw_of: list[int] = []
    boundary_before: list[str] = []  # "" | "comma" | "strong"
    pending_boundary = ""
    disfluencies = rules.lex("disfluencies")
    for ri, word in enumerate(raw):
        low = word.lower().replace("\u2019", "'").replace("\u2018", "'")
        if low in _DASHES:
            pending_boundary = "strong"
            continue
        ends_boundary = ""
        if _BOUNDARY_PUNCT.search(low) and not _NUM_RE.match(low.rstrip(",;:!?)\"]")):
            ends_boundary = "comma" if low.endswith(",") else "strong"
        cleaned = _STRIP.sub("", low)
        cleaned = cleaned.strip(".'/:&+")
        if not re.search(r"\d", cleaned):
            cleaned = cleaned.rstrip("%")
        parts = [cleaned]
        if "-" in cleaned and not re.fullmatch(r"-?[\d.,]+%?", cleaned):
            parts = [p for p in cleaned.split("-") if p]
        elif cleaned.startswith("-"):
            parts = [cleaned[1:]]
        for part in parts:
            part = CONTRACTIONS.get(part, part)
            if not part:
                continue
            # "0.3 percent" / "30 per cent" -> "0.3%"
            if part in {"percent", "pc"} and toks and _is_number(toks[-1]) and not toks[-1].endswith("%"):
                toks[-1] = toks[-1] + "%"
                continue
            if part == "cent" and len(toks) >= 2 and toks[-1] == "per" and _is_number(toks[-2]):
                toks.pop()
                raw_of.pop()
                boundary_before.pop()
                toks[-1] = toks[-1] + "%"
                continue
            # Drop "um"/"uh" and immediate restarts ("the the", "I, I") so patterns see fluent text.
            if part in disfluencies or (toks and part == toks[-1] and not _is_number(part)):
                continue
            toks.append(part)
            raw_of.append(ri)
            boundary_before.append(pending_boundary)
            pending_boundary = ""
        if ends_boundary:
            pending_boundary = pending_boundary if pending_boundary else ends_boundary
    approx = rules.lex("approximators")
    _drop_hedge_before_number(toks, raw_of, boundary_before, rules.lex("i_fillers"), approx)
    # "dropped to about three months", "from roughly 2% to under 1%": hedges before a number
    # would break "to #" patterns; the quote still shows them (it is cut from the raw words).
    # Right to left, so "more than 30" loses both hedges.
    dropped: set[int] = set()
    next_kept = None
    for j in range(len(toks) - 1, -1, -1):
        if (toks[j] in approx and next_kept is not None and _is_number(toks[next_kept])
                and all(boundary_before[i] == "" for i in range(j + 1, next_kept + 1))):
            dropped.add(j)
            continue
        next_kept = j
    keep = [j for j in range(len(toks)) if j not in dropped]
    if len(keep) != len(toks):
        for j in range(len(toks)):
            if j in dropped and j + 1 < len(toks) and not boundary_before[j + 1]:
                boundary_before[j + 1] = boundary_before[j]
        toks = [toks[j] for j in keep]
        raw_of = [raw_of[j] for j in keep]
        boundary_before = [boundary_before[j] for j in keep]
    base = [t[:-2] if t.endswith("'s") else t for t in toks]
    clause = _clauses(toks, boundary_before, rules)
    return SentenceTokens(
        index=index,
        sentence=sentence,
        role=role,
        raw=raw,
        toks=toks,
        base=base,
        raw_of=raw_of,
        clause=clause,
        is_num=[_is_number(t) for t in toks],
        is_rate=[_is_rate(t) for t in toks],
        is_money=[bool(_MONEY_RE.match(t)) for t in toks],
    )


def _drop_hedge_before_number(toks: list[str], raw_of: list[int], boundary_before: list[str],
                              hedges: frozenset[str], approx: frozenset[str]) -> None:
    """"went from five a month to, I think, one a quarter": an "I think" set off before a number is a
    hedge, not a clause of its own (it would cut the delta in two). Dropped in place."""
    j = 0
    while j + 2 < len(toks):
        at = j + 3 if toks[j + 2] in approx and j + 3 < len(toks) else j + 2
        if (toks[j] == "i" and toks[j + 1] in hedges and _is_number(toks[at])
                and boundary_before[j] in ("", "comma") and boundary_before[j + 2] == boundary_before[j]):
            del toks[j:j + 2], raw_of[j:j + 2], boundary_before[j:j + 2]
            boundary_before[j] = ""
            continue
        j += 1


def _clauses(toks: Sequence[str], boundary_before: Sequence[str], rules: RubricRules) -> list[int]:
    openers = rules.lex("clause_openers")
    glue = rules.lex("clause_glue")
    subjects = rules.lex("subject_pronouns")
    clause_subjects = rules.lex("clause_subjects")
    negators = rules.lex("negators")
    joiners = {"and", "so", "then", "or"}
    # A comma opens a clause only before a subject, a joiner or a contrast word (not in lists or "from, um, 20").
    comma_next = subjects | clause_subjects | openers | joiners | negators | {"which", "because", "since", "instead"}
    # Unpunctuated speech (Whisper without punctuation): an object pronoun followed by a word that
    # cannot continue its verb phrase ends the clause ("... could read it | conference attendance went").
    unpunctuated = len(toks) >= 20 and not any(boundary_before[1:])
    objects = rules.lex("object_pronouns")
    continuations = rules.lex("object_continuations") | subjects | clause_subjects | joiners | openers | glue
    ids: list[int] = []
    cid = 0
    for j, t in enumerate(toks):
        if j > 0:
            b = boundary_before[j]
            new = b == "strong" or (b == "comma" and t in comma_next) or t in openers
            if (not new and unpunctuated and toks[j - 1] in objects and t not in continuations
                    and not t.endswith("ly") and j >= 2 and toks[j - 2] not in _NOT_AFTER_OBJECT_VERB
                    and toks[j - 2] not in glue and toks[j - 2] not in joiners):
                new = True
            if not new and t in joiners and j + 1 < len(toks) and toks[j + 1] in clause_subjects and (
                toks[j - 1] not in glue or t == "and"
            ):
                new = True
            if not new and t in subjects and toks[j - 1] not in glue and toks[j - 1] not in joiners:
                new = True
            if new and ids and ids[-1] == cid and j - clause_start(ids, cid) >= 1:
                cid += 1
        ids.append(cid)
    return ids


# Before the pronoun these make it a subject ("and it went") or the verb causative ("let her lead").
_NOT_AFTER_OBJECT_VERB = {"let", "lets", "make", "made", "makes", "help", "helped", "helps", "have", "had", "has",
                          "watch", "watched", "saw", "see", "heard", "hear", "get", "got", "because", "that",
                          "which", "where", "when", "if", "but", "and", "so", "or", "then", "once", "until"}


def clause_start(ids: Sequence[int], cid: int) -> int:
    for k, c in enumerate(ids):
        if c == cid:
            return k
    return 0
