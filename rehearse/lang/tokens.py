"""Word-level facts shared by every layer: how a token is normalised, and the word lists that
are English grammar rather than coaching (fillers, number words, contractions).

Lists a coach should tune (what counts as a generic reflection, a business word, ...) live in
``prompts/rubric.toml``; the lists here are grammar and change only with the code that reads them.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD_CHARS = re.compile(r"[^a-z0-9%$'.-]+")


def norm(token: str) -> str:
    """Lower-case a token and strip punctuation, keeping what makes numbers numbers."""
    t = _WORD_CHARS.sub("", token.lower().replace("\u2019", "'"))
    return t.strip(".'-") if not re.fullmatch(r"[\d.,%$]+", t) else t


def tokens(text: str) -> list[str]:
    """Normalised tokens of a string, empty ones dropped."""
    return [t for t in (norm(x) for x in text.split()) if t]


# -- grammar: fillers (delivery counts these) ---------------------------------------------------

FILLER_WORDS = frozenset({"um", "umm", "uh", "uhh", "uh-huh", "er", "erm", "ah", "hmm", "mm"})
# Spellings counted as one filler.
FILLER_SPELLINGS = {"umm": "um", "uhh": "uh", "erm": "er"}
# Lexical fillers ("like", "you know", "kind of", ...) need context to tell from ordinary
# words: rehearse.analysis.delivery_fillers holds those rules.

# -- grammar: number words ----------------------------------------------------------------------

# Values, for reading spoken numbers ("two hundred and forty", "oh point five").
UNIT_VALUES = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS_VALUES = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALE_VALUES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Words that make a token a quantity for the rubric ("cut it by half", "dozens of tickets"):
# a metric needs one. Not every number word above ("oh" is mostly an interjection).
QUANTITY_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "dozen", "dozens",
    "half", "quarter", "third",
}
# Words that state a rate or ratio by themselves ("doubled", "tenfold").
RATE_WORDS = {"half", "twice", "double", "triple", "tenfold", "twofold", "threefold", "percent"}

# -- grammar: contractions typed or transcribed without the apostrophe --------------------------

CONTRACTIONS = {
    "didnt": "didn't", "wasnt": "wasn't", "werent": "weren't", "dont": "don't", "doesnt": "doesn't",
    "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "hadnt": "hadn't",
    "havent": "haven't", "hasnt": "hasn't", "isnt": "isn't", "arent": "aren't", "ive": "i've",
    "im": "i'm", "theyre": "they're", "theyve": "they've", "cant": "can't", "wont": "won't",
}

# Grammar, not coaching vocabulary: what makes a verb past tense.
PAST_VERB = re.compile(r"^[a-z]{3,}(ed)$")
IRREGULAR_PAST = {
    "wrote", "built", "ran", "found", "made", "took", "got", "went", "put", "set", "sent",
    "brought", "told", "spoke", "met", "led", "drove", "dug", "rewrote", "broke", "split",
    "began", "chose", "caught", "thought", "kept", "gave", "saw", "knew", "sat", "paired",
    "bought", "sold", "paid", "held", "taught", "sought", "drew", "threw", "flew", "rode", "rebuilt", "reran",
    "redid", "undid", "spent", "shut", "hung", "swept", "dealt", "fought", "won", "stuck", "struck",
}
PAST_MARKERS = {"was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't", "got", "went", "came"}
NOT_PAST_ED = {"need", "needed", "speed", "feed", "seed", "bed", "red", "shed", "hundred", "based", "related",
                "automated", "dedicated", "detailed", "experienced", "limited", "skilled", "advanced", "named",
                "owned", "assigned", "signed", "agreed", "required"}


_HAD_CONTRACTIONS = {"i'd", "we'd", "they'd", "he'd", "she'd", "you'd"}
_PARTICIPLES = {"been", "done", "gone", "seen", "written", "taken", "given", "gotten", "left", "spent", "heard",
                "known", "shown", "chosen", "forgotten", "held", "sold", "paid", "lost", "understood", "won"}
# the same form after "would": "I'd put a count on the dashboard" is a proposal
_BASE_LIKE = {"put", "set", "read", "run", "cut", "hit", "let", "spread", "split"}
_ADVERBS_BETWEEN = {"already", "just", "also", "never", "even", "actually", "personally", "previously"}


def is_had_contraction(tokens: Sequence[str], k: int) -> bool:
    """'I'd replayed the campaigns', 'we'd already tested it': 'd as "had" before a past participle,
    not "would"."""
    if tokens[k] not in _HAD_CONTRACTIONS:
        return False
    j = k + 1
    while j < len(tokens) and tokens[j] in _ADVERBS_BETWEEN:
        j += 1
    if j >= len(tokens):
        return False
    nxt = tokens[j]
    if nxt in _BASE_LIKE:
        return False
    return nxt in _PARTICIPLES or nxt in IRREGULAR_PAST or (PAST_VERB.match(nxt) is not None and nxt not in NOT_PAST_ED)


def has_past_tense(tokens: Sequence[str]) -> bool:
    """Any verb in the past tense among normalised tokens (a story sentence, not a rule or proposal)."""
    return any(t in PAST_MARKERS or t in IRREGULAR_PAST or (PAST_VERB.match(t) is not None and t not in NOT_PAST_ED)
               for t in tokens)
