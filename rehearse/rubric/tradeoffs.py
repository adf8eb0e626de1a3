"""Trade-offs told in any shape: an alternative is named, and a reason follows it.

The phrase patterns of ``tradeoff_choice`` catch "X over/instead of/rather than Y because Z". This
module finds the other shapes from word classes (``prompts/rubric.toml``) and clause structure: a
passage of the action (the sentence that names an alternative and the next two) holding

- an alternative: an option noun with a count ("two options", "the other option on the table",
  "the alternative"), a deliberation verb with a named option ("considered pairing them ...",
  "thought about getting lockers"), a counterfactual answered by a contrast ("X would have fixed it
  in a week, but ..."), "either / whether ... or", "I could ... or I could ...", a refused wait
  ("I didn't want to wait for it"), what a choice cost ("going with A meant giving up B"), or someone
  else's proposal ("the chef wanted to keep prepping big") that the speaker answers with a choice;
- a reason after it: a causal connective, a consequence or cost ("that meant paying ...", "would
  have cost us"), an evaluative comparison ("cheaper", "trivial to roll back"), a purpose ("to avoid
  ..."), or a contrast clause stating a fact about the options ("..., but their backlog was three
  sprints deep").

Not reasons: a preference ("because most of the team liked it") and a verdict of difficulty ("but it
was a tough call ... in the end I did X").
"""

from __future__ import annotations

from dataclasses import dataclass

from rehearse.lang.tokens import has_past_tense
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.doers import irrealis_before, is_past_verb, noun_subject_before
from rehearse.rubric.matching import subject_at

_MODAL_PERFECT = {"would've", "could've", "might've", "should've"}
# Nouns that name an option only with a judgement before them ("the safer route was", not "the east route").
_OPTION_LIKE = {"route", "path", "fix", "answer", "move", "bet", "way", "play"}
_OPTION_JUDGEMENTS = {"obvious", "safe", "safer", "safest", "clean", "cleaner", "cleanest", "easy", "easier", "quick",
                      "quicker", "fast", "faster", "cheap", "cheaper", "simple", "simpler", "proper", "textbook",
                      "standard", "ideal", "conservative", "aggressive", "expensive", "slow", "slower", "usual",
                      "default", "real", "permanent", "long-term", "short-term"}
_MODALS = {"would", "could", "might", "should", "i'd", "we'd"}
_CONTRASTS = {"but", "while", "whereas", "though", "although", "yet", "except"}
_FILLERS = {"um", "uh", "like", "you", "know", "honestly", "so", "then", "yeah", "well", "basically", "actually",
            "and", "of", "course", "at", "the", "same", "time"}
_DUMMY_SUBJECTS = {"it", "that", "this", "things", "everything", "which"}
# Common verbs in their choosing sense: "went with", "stuck with", "met him halfway", "asked billing for".
_CHOICE_PARTICLES = {"went": {"with", "for"}, "go": {"with", "for"}, "going": {"with", "for"},
                     "stuck": {"with", "to"}, "stick": {"with", "to"}, "met": {"halfway", "in"},
                     "asked": {"for"}, "pushed": {"for", "back"}, "said": {"no"}, "held": {"off", "back", "the"},
                     "kept": {"the", "it", "both", "our", "my"}}


@dataclass(frozen=True)
class TradeoffSpan:
    """Where a trade-off was told: the alternative's token and the sentence and token of its reason."""

    sent: int
    start: int
    end: int
    reason_sent: int
    reason_at: int
    kind: str  # options | comparison | not_that | deliberation | counterfactual | either_or | no_wait
    #            | sacrifice | proposal | instead | rejected


class _Words:
    """The word classes of the rules, looked up once per answer."""

    def __init__(self, a: AnswerAnalysis) -> None:
        lex = a.rules.lex
        self.options, self.always = lex("option_nouns"), lex("alternative_nouns")
        self.quantifiers, self.have = lex("option_quantifiers"), lex("have_verbs")
        self.deliberate, self.vague_objects = lex("deliberation_verbs"), lex("vague_objects")
        self.propose, self.proposal_nouns = lex("counter_proposal_verbs"), lex("proposal_nouns")
        self.negators, self.waits, self.sacrifice = lex("negators"), lex("wait_verbs"), lex("sacrifice_words")
        self.connectives, self.finite = lex("reason_connectives"), lex("finite_verbs")
        self.consequence, self.consequence_verbs = lex("consequence_words"), lex("consequence_verbs")
        self.comparative, self.purposes = lex("evaluative_comparatives"), lex("purpose_verbs")
        self.reverse_verbs, self.reversal = lex("reverse_verbs"), lex("reversal_words")
        self.difficulty, self.preference = lex("difficulty_words"), lex("preference_words")
        self.choice, self.speakers = lex("choice_verbs"), lex("i_forms") | lex("we_forms")
        self.time_units = lex("time_units")
        self.decision_words = lex("decision_words")
        self.intents = lex("intent_verbs")
        self.subjects = lex("subject_pronouns")


# --------------------------------------------------------------------------- alternatives


def _options_weighed(a: AnswerAnalysis, s: SentenceTokens, k: int, w: _Words) -> bool:
    """Options the speaker weighed, not options a product has ("two payment options"): counted or
    'other' options that the speaker had ("I had two options", "we faced a choice", "my options"),
    or that are then named ("one option was to ...", "the other option on the table was ...")."""
    toks = s.toks
    counted = any(s.is_num[j] or toks[j] in w.quantifiers for j in range(max(0, k - 2), k))
    # ("that gave me two options", "it left us with three options")
    owned = (k >= 1 and toks[k - 1] in {"my", "our"}) or (counted and any(t in {"me", "us"} for t in toks[max(0, k - 5):k])) or (
        subject_at(s, k, a.rules) in {"self", "we"} and any(x in w.have for x in s.base[max(0, k - 5):k]))
    named = toks[k + 1:k + 2] in (["was"], ["were"], ["is"], ["are"]) or toks[k + 1:k + 3] == ["on", "the"]
    # "the fast option was to ...", "the cheaper option was ...": a described option that is then named.
    described = k >= 2 and toks[k - 2] in {"the", "a", "an", "one"} and toks[k - 1] not in w.quantifiers
    if counted and _options_presented(a, s, k, w):
        return True
    # ("the options on the table were ...": options in the plural, then named)
    plural_named = named and toks[k].endswith("s") and toks[k - 1:k] == ["the"]
    return owned or plural_named or (named and (counted or described or toks[k - 1:k] == ["a"]))


def _options_presented(a: AnswerAnalysis, s: SentenceTokens, k: int, w: _Words) -> bool:
    """Counted options the speaker set out: "There were two credible options.", "Two options: A, or B.",
    "I laid out three options"; not a product's "two payment options for customers"."""
    toks = s.toks
    head = [t for t in toks[:k] if t not in _FILLERS]
    if "there" in toks[max(0, k - 5):k] and any(t in {"were", "was", "are", "is"} for t in toks[max(0, k - 4):k]):
        return True  # "There were two credible options." (in unpunctuated speech the options follow)
    if len(head) <= 2:  # the sentence opens on the count: "Two options: ..."
        return True
    return subject_at(s, k, a.rules) in {"self", "we"} and (k + 1 >= len(toks) or toks[k + 1] in {":", "to", "on"}
                                                            or "or" in toks[k + 1:])


def _counted_choices(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """A count of things the speaker could have gone with: "there were two people I could have taken
    this to", "two suppliers we could use"; the count, a noun, then I or we and a modal."""
    toks = s.toks
    j = k + 1
    while j < len(toks) and j <= k + 3 and toks[j] not in {"i", "we", "that", "who"}:
        j += 1
    if j >= len(toks) or j == k + 1:
        return False
    if toks[j] in {"that", "who"}:
        j += 1
    return toks[j:j + 1] in (["i"], ["we"]) and toks[j + 1:j + 2] in (["could"], ["might"], ["can"]) and \
        "there" in toks[max(0, k - 3):k]


def _names_an_option(s: SentenceTokens, k: int, w: _Words) -> bool:
    """After a deliberation verb: a gerund, a count or an indefinite ("considered pairing them",
    "thought about two vendors", "weighed a rewrite"), not "the pros and cons" or "the numbers"."""
    j = k + 1
    while j < len(s.toks) and s.toks[j] in {"about", "of", "um", "uh", "like", "briefly", "seriously", "also"}:
        j += 1
    if j >= len(s.toks) or s.toks[j] in w.vague_objects:
        return False
    obj = s.toks[j]
    return obj.endswith("ing") or obj in {"a", "an", "whether", "either", "another", "both"} or s.is_num[j]


def _counterfactual(s: SentenceTokens, k: int, nxt: SentenceTokens | None, comparatives: frozenset[str]) -> bool:
    """'X would have fixed it in a week, but ...', 'I could've let it clear everything, but ...'
    (the contrast may open the next sentence in split speech); not "it could have been worse, but"."""
    toks = s.toks
    t = toks[k]
    if not (t in _MODAL_PERFECT or (t in _MODALS and toks[k + 1:k + 2] in (["have"], ["'ve"]))):
        return False
    if not (any(x in _CONTRASTS for x in toks[k + 2:]) or (nxt is not None and nxt.toks[:1]
                                                            and nxt.toks[0] in _CONTRASTS)):
        return False
    at = k + 1 if t in _MODAL_PERFECT else k + 2
    if toks[at:at + 1] != ["been"]:
        return True
    # "would have been faster, but ..." weighs an option; "could have been prevented, but ...",
    # "it could have been worse" do not.
    return not (k > 0 and toks[k - 1] in _DUMMY_SUBJECTS) and any(
        x in comparatives or x in {"more", "less", "too"} for x in toks[at + 1:at + 4])


def _alternative_kind(a: AnswerAnalysis, s: SentenceTokens, k: int, nxt: SentenceTokens | None,
                      w: _Words) -> str | None:
    toks, base, t = s.toks, s.base, s.toks[k]
    if t in w.always or (t in w.options and _options_weighed(a, s, k, w)):
        return "options"
    if t == "ways" and toks[k + 1:k + 2] == ["to"] and k >= 1 and (s.is_num[k - 1] or toks[k - 1] in w.quantifiers) \
            and _options_presented(a, s, k, w):
        return "options"  # "There were two ways to act on that."; not "it helped in two ways"
    if (s.is_num[k] or t in w.quantifiers) and _counted_choices(a, s, k):
        return "options"  # "There were two people I could have taken this to."
    if t in {"plan", "option", "route"} and toks[k + 1:k + 2] in (["a"], ["b"], ["c"]) and toks[k + 2:k + 3] != ["new"]:
        return "options"  # "plan A was ..., plan B was ..."
    if t in _OPTION_LIKE and k >= 1 and toks[k - 1] in _OPTION_JUDGEMENTS and toks[k + 1:k + 2] in (["was"], ["is"], ["would"]):
        return "options"  # "the safer route was ...", "the clean fix was ...": an option described, then named
    # "On the one hand, I could rent a second loader ...; on the other hand, ...": read from the second
    # hand on, so the first option's own "which costs ..." is not taken as the reason for the choice
    if t == "other" and toks[max(0, k - 2):k] == ["on", "the"] and toks[k + 1:k + 2] == ["hand"] and _one_hand(a, s, k):
        return "either_or"
    if t == "do" and toks[k + 1:k + 2] in (["i"], ["we"]) and "or" in toks[k + 2:]:
        return "either_or"  # "Do I pay the couriers, or do I let it roll into Monday?"
    if t == "than" and any(x in {"prefer", "preferred", "better", "rather", "sooner"} for x in toks[max(0, k - 10):k]) \
            and (toks[k + 1:k + 2] == ["to"] or (k + 1 < len(toks) and base[k + 1] in w.waits)):
        return "comparison"  # "I prefer to fix the mapping than to rebuild it", "better to patch now than wait"
    if t in w.negators and toks[k + 1:k + 2] and toks[k + 1] in {"the", "a", "an", "our", "their"} and any(
            _is_choice(s, j, w) for j in range(max(0, k - 8), k)):
        return "not_that"  # "I go with the short survey, not the long one"
    if t == "not" and toks[k + 1:k + 3] and toks[k + 1] in {"for", "to", "on", "with"} and (
            toks[k + 2] in {"the", "a", "an", "our", "their", "all", "every", "each"} or s.is_num[k + 2]) and any(
            _is_choice(s, j, w) and subject_at(s, j, a.rules) in {"self", "we"} for j in range(max(0, k - 14), k)):
        return "not_that"  # "I proposed replicates only for the twelve samples, not for all ninety-six"
    if t in w.sacrifice and any(x in w.consequence or x == "meaning" for x in toks[max(0, k - 2):k]):
        return "sacrifice"
    if t in w.deliberate or (base[k] in {"think", "thought", "thinking"} and toks[k + 1:k + 2] in (["about"], ["of"])):
        ok = subject_at(s, k, a.rules) in {"self", "we", "unknown"} and _names_an_option(s, k, w)
        return "deliberation" if ok else None
    if _explored_option(a, s, k):
        return "deliberation"
    if t == "against" and k >= 1 and (toks[k - 1] in w.choice or toks[k - 1] in w.propose or base[k - 1] in {
            "decide", "vote", "advise", "argue", "recommend", "push", "lean"}) and subject_at(s, k - 1, a.rules) in {"self", "we"}:
        return "rejected"  # "I recommended against the new system", "we decided against a rewrite"
    # "I refused to go along with that, because a re-dye would have hidden the cause", "I said no to it"
    if (t in {"refused", "declined", "refuse", "decline"} or (t == "no" and toks[k - 1:k] == ["said"]
                                                               and toks[k + 1:k + 2] == ["to"])) \
            and subject_at(s, k - 1 if t == "no" else k, a.rules) in {"self", "we"}:
        return "rejected"
    # "The first option ops put forward was a second truck, and I turned it down, because ..."
    if t in {"turned", "turn"} and "down" in toks[k + 1:k + 3] and subject_at(s, k, a.rules) in {"self", "we"}:
        return "rejected"
    if _counterfactual(s, k, nxt, w.comparative):
        return "counterfactual"
    # "whether to wait or ...", "either we rebuild or we ...", "a call between A or B": a decision;
    # "I didn't know whether the bug was in the app or the API" is a question of fact.
    if t in {"either", "whether"} and "or" in toks[k + 2:] and (
            toks[k + 1:k + 2] in (["to"], ["i"], ["we"]) or any(x in w.decision_words for x in toks[max(0, k - 6):k])):
        return "either_or"
    # ("I could wait, or I could write a workaround"; told in the present: "I can wait, or I can ...")
    if t in {"could", "might", "can"} and "or" in toks[k + 2:] and subject_at(s, k, a.rules) in {"self", "we"}:
        return "either_or"
    # "I had a decision to make: wait for the vendor, or switch to the backup".
    if t in {"decision", "choice", "call", "dilemma"} and "or" in toks[k + 2:] and subject_at(s, k, a.rules) in {"self", "we"}:
        return "either_or"
    if t in {"could", "might"} and subject_at(s, k, a.rules) in {"self", "we"} and _then_chose_otherwise(a, s, k, w):
        return "counterfactual"  # "I could cancel all nineteen, but I decided to keep three"
    # "I didn't wait for the vendor patch", "rather than wait two sprints"; not "we didn't wait long".
    if t in w.waits and any(toks[j] in w.negators or toks[j] in {"rather", "instead"}
                            for j in range(max(0, k - 5), k) if s.clause[j] == s.clause[k]) and (
            toks[k + 1:k + 2] in (["for"], ["on"], ["until"], ["around"]) or (k + 1 < len(toks) and s.is_num[k + 1])):
        return "no_wait"
    if t in w.propose and (noun_subject_before(s, k, loose=True) or subject_at(s, k, a.rules)) in {"other", "unknown"}:
        return "proposal"
    if t in w.proposal_nouns and k >= 1 and (toks[k - 1].endswith("'s") or toks[k - 1] in {"their", "his", "her"}) \
            and toks[k + 1:k + 2] in (["was"], ["is"], ["were"], ["for"]):
        return "proposal"  # "the board's idea was to buy ..."
    return None


def _one_hand(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"on the one hand ..." earlier in the sentence or in the one before."""
    def has(toks: list[str]) -> bool:
        return any(toks[j:j + 3] == ["the", "one", "hand"] for j in range(len(toks)))
    return has(s.toks[:k]) or (s.index > 0 and has(a.sents[s.index - 1].toks))


def _explored_option(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """'I looked at whether the district would buy one', 'we looked into hiring', 'we talked about doing a
    single cutover': the speaker explored an option (a "whether" clause or a gerund), not "looked at the logs"."""
    toks = s.toks
    if s.base[k] not in {"look", "looked", "looking", "talk", "talked", "talking", "discuss", "discussed"}:
        return False
    j = k + 1
    if s.base[k] in {"look", "looked", "looking", "talk", "talked", "talking"}:
        if toks[j:j + 1] not in (["at"], ["into"], ["about"]):
            return False
        j += 1
    obj = toks[j] if j < len(toks) else ""
    gerund = obj.endswith("ing") and obj not in {"nothing", "something", "everything", "anything", "thing", "morning", "evening"}
    return (obj == "whether" or gerund) and subject_at(s, k, a.rules) in {"self", "we", "unknown"}


def _then_chose_otherwise(a: AnswerAnalysis, s: SentenceTokens, k: int, w: _Words) -> bool:
    """After "I could X": a contrast, then the speaker's own choice in the same sentence ("but I decided to
    keep three", "but I went with ..."); not "I could see it, but ..."."""
    toks = s.toks
    for j in range(k + 2, len(toks)):
        if toks[j] in _CONTRASTS:
            return any(_is_choice(s, m, w) and subject_at(s, m, a.rules) in {"self", "we"}
                       for m in range(j + 1, min(len(toks), j + 5)))
    return False


def alternatives(a: AnswerAnalysis, s: SentenceTokens, nxt: SentenceTokens | None = None,
                 w: _Words | None = None) -> list[tuple[int, str]]:
    """Token positions where the sentence names an alternative, with the kind of cue."""
    w = w or _Words(a)
    out = []
    for k in range(len(s.toks)):
        kind = _alternative_kind(a, s, k, nxt, w)
        if kind:
            out.append((k, kind))
    return out


# --------------------------------------------------------------------------- reasons


def _reason_words(s: SentenceTokens, k: int) -> list[str]:
    """The words a reason at k governs: its clause, and a few more ("because, honestly, they liked it")."""
    n = len(s.toks)
    words = [s.toks[j] for j in range(k, n) if s.clause[j] == s.clause[k]]
    return words + [s.toks[j] for j in range(k + 1, min(n, k + 8))]


def is_preference(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """A reason that is only a liking: "because most of the team liked it", "since I was comfortable with it"."""
    preference = a.rules.lex("preference_words")
    return any(x in preference for x in _reason_words(s, k))


def _since_is_causal(s: SentenceTokens, k: int, w: _Words) -> bool:
    """'since the guard could ship in a week' gives a reason; 'since March', 'since then' give a time."""
    n = len(s.toks)
    if k + 1 >= n or s.toks[k + 1] == "then" or s.is_num[k + 1]:
        return False
    # "since every week we ship ...": a subject close after it (a fresh subject opens its own clause).
    if any(s.toks[j] in w.subjects for j in range(k + 1, min(n, k + 5))):
        return True
    clause = [s.toks[j] for j in range(k + 1, min(n, k + 9)) if s.clause[j] == s.clause[k + 1]]
    # ("since the second oven sat idle": a noun subject and its past verb)
    return any(t in w.finite for t in clause) or has_past_tense(clause)


def _gives_reason(s: SentenceTokens, k: int, w: _Words) -> bool:
    toks, base, t = s.toks, s.base, s.toks[k]
    n = len(toks)
    if t in w.connectives:
        return t != "since" or _since_is_causal(s, k, w)
    if (t == "so" and toks[k + 1:k + 2] == ["that"]) or t in w.consequence or base[k] in w.consequence:
        return True
    if t in w.comparative or t in w.reversal:
        return True
    if t == "to" and k + 1 < n and base[k + 1] in w.purposes:
        # "to keep the data safe" is a purpose; "others wanted to keep the spreadsheet" is what they wanted.
        return not (k > 0 and base[k - 1] in w.intents)
    if t == "more" and k >= 1 and s.is_num[k - 1] and base[k + 1:k + 2] and toks[k + 1] in w.time_units:
        return True  # "paying double for three more months": the cost of waiting
    if base[k] in w.reverse_verbs and toks[k + 1:k + 2] in (["back"], ["off"]) and toks[k + 2:k + 4] != ["and", "forth"]:
        # "easy to roll back", "we'd just go back": reversibility; "I rolled back the release" is an action.
        return any(x in {"to", "can", "could", "would", "we'd", "i'd", "just"} for x in toks[max(0, k - 3):k])
    if t in _MODALS and k + 1 < n:
        verb = base[k + 2] if toks[k + 1] == "have" and k + 2 < n else base[k + 1]
        return verb in w.consequence_verbs  # "would take a quarter", "would have cost us"
    if t in _MODAL_PERFECT and k + 1 < n:
        return base[k + 1] in w.consequence_verbs
    if t in _CONTRASTS and not (t == "while" and (k > 0 and toks[k - 1] == "a" or _while_is_temporal(s, k))):
        j = k + 1
        while j < n and toks[j] in _FILLERS:
            j += 1
        head = toks[j] if j < n else ""
        # "..., but those were thirty grand" states a fact; "but I didn't", "but decided", "but in the end" do not.
        return bool(head) and head not in w.speakers and not (
            head.endswith("ed") or head in w.choice or head in {"in", "then", "eventually", "ultimately", "finally"})
    return False


def _while_is_temporal(s: SentenceTokens, k: int) -> bool:
    """'stayed with them while both stoppings were rebuilt': an event going on at the time (be + a
    participle), not a contrast ("while it was slower, it ...")."""
    toks = s.toks
    for j in range(k + 1, min(len(toks) - 1, k + 6)):
        if toks[j] in {"was", "were", "is", "are"}:
            nxt = toks[j + 1]
            return nxt.endswith("ing") or (is_past_verb(s, j + 1) and nxt not in {"needed", "tired", "limited"})
    return False


def _reason_at(a: AnswerAnalysis, s: SentenceTokens, lo: int, w: _Words) -> int:
    """First token from lo on that gives a reason (not a preference, not "a tough call"), or -1."""
    for k in range(lo, len(s.toks)):
        if not _gives_reason(s, k, w) or is_preference(a, s, k):
            continue
        words = _reason_words(s, k)
        if any(x in w.difficulty and y in {"call", "decision", "choice", "one"} for x, y in zip(words, words[1:])):
            continue
        return k
    return -1


# --------------------------------------------------------------------------- passages


def _is_choice(s: SentenceTokens, k: int, w: _Words) -> bool:
    """A decision verb ('chose', 'opted', 'argued for') or a common verb in its choosing sense."""
    t = s.toks[k]
    if t in w.choice or (t == "instead" and s.toks[k + 1:k + 2] != ["of"]):
        return True  # "... so I moved our pickups two hours later instead"
    particles = _CHOICE_PARTICLES.get(t, set())
    return any(x in particles for x in s.toks[k + 1:k + 4]) or (t == "asked" and "for" in s.toks[k + 1:])


def _answered(a: AnswerAnalysis, passage: list[tuple[SentenceTokens, int]], w: _Words) -> bool:
    """The speaker answers a proposal with a choice: a decision verb, "... instead", "I didn't want to"."""
    for x, lo in passage:
        for j in range(lo, len(x.toks)):
            if _is_choice(x, j, w) and (x.toks[j] == "instead" or subject_at(x, j, a.rules) in {"self", "we"}):
                return True
            if x.base[j] in {"want", "wanted"} and any(t in w.negators for t in x.toks[max(0, j - 2):j]) \
                    and subject_at(x, j, a.rules) == "self":
                return True
            if x.toks[j] in w.negators and j >= 1 and x.toks[j - 1] in w.speakers and (
                    j + 1 == len(x.toks) or x.clause[j + 1] != x.clause[j]):
                return True  # a bare refusal: "I didn't, because ..."
    return False


def _difficulty_verdict(s: SentenceTokens, w: _Words) -> bool:
    """'It was a difficult decision', 'a tough call': the choice is told as hard, not reasoned."""
    return any(x in w.difficulty and y in {"call", "decision", "choice", "one"} for x, y in zip(s.toks, s.toks[1:]))


def _reason_then_instead(a: AnswerAnalysis, w: _Words) -> TradeoffSpan | None:
    """'The scanners were forty thousand dollars, so I re-trained the pickers on the old ones instead':
    a bare "instead" names the alternative it replaces, and the clause before "so" is the reason."""
    for s in a.sents:
        if s.role in ("situation", "reflection"):
            continue
        toks = s.toks
        for k, t in enumerate(toks):
            if t != "instead" or toks[k + 1:k + 2] == ["of"]:
                continue
            so = next((j for j in range(k - 1, 0, -1) if toks[j] == "so" and toks[j + 1:j + 2] != ["that"]), None)
            if so is None or so < 3 or not any(x in w.speakers for x in toks[so + 1:k]):
                continue
            if is_preference(a, s, 0) or any(x in w.difficulty for x in toks[:so]):
                continue
            return TradeoffSpan(s.index, k, k + 1, s.index, 0, "instead")
    return None


def find_tradeoff_passage(a: AnswerAnalysis) -> TradeoffSpan | None:
    """The first alternative with a reason after it, in its sentence or the next two (four after
    counted options).

    Looked for in the action and task, and in other sections only where the speaker weighs it in the
    past ("I could have ..., but I kept ...": segmentation may misplace such a sentence); a
    reflection's "next time I would ... rather than ..." is a proposal, not a choice made."""
    w = _Words(a)
    sents = a.sents
    for i, s in enumerate(sents):
        nxt = sents[i + 1] if i + 1 < len(sents) else None
        if nxt is not None and nxt.toks[:1] == ["and"] and i + 2 < len(sents):
            nxt = sents[i + 2]  # split speech: "I could have sent a note" / "and let them dig" / "but ..."
        speaker_acts = any(t in w.speakers for t in s.toks)
        for k, kind in alternatives(a, s, nxt, w):
            if s.role in ("result", "reflection") and not speaker_acts and kind != "proposal":
                continue
            setting_only = s.role == "situation" and (kind == "proposal" or subject_at(s, k, a.rules) not in {"self", "we"})
            if s.role == "reflection" and irrealis_before(a, s, k + 1):
                continue  # "next time I would ...": a proposal, not a choice made
            passage = [(s, k + 1)]
            # Options announced by count ("I saw two options.") are often told one per sentence before
            # the choice and its reason: the passage reaches further.
            reach = 5 if kind == "options" else 3
            for later in sents[i + 1:i + reach]:
                if later.role == "reflection" and s.role != "reflection":
                    break  # a lesson drawn later does not justify the choice
                passage.append((later, 0))
            if setting_only:
                # An option or someone's idea told in the setting counts once the speaker's next steps
                # answer it ("The fast option was to sort and ship. I didn't, because ..."); the reason
                # must then come from those steps, not from the proposer ("they trusted it more").
                later_steps = [(x, lo) for x, lo in passage[1:] if x.role not in ("situation", "reflection")]
                if not later_steps or not _answered(a, later_steps, w):
                    continue
                passage = later_steps
            # Someone else's idea is an alternative when the speaker answers it with a choice ("I argued
            # for ...", "... instead", "I didn't want to ..."), or when its own sentence says what was
            # wrong with it ("HR preferred a classroom week, but that meant ...") after the speaker's step.
            if kind == "proposal" and not _answered(a, passage, w):
                # The same sentence, and the next one when split speech opened it on the contrast.
                passage = passage[:1] + [(x, lo) for x, lo in passage[1:2] if x.toks[:1] and x.toks[0] in _CONTRASTS]
                stepped = any(t in w.speakers for t in s.toks[:k]) or (i > 0 and any(t in w.speakers for t in sents[i - 1].toks))
                if not stepped:
                    continue
            # "It was a tough call whether to stop the pours or keep going, and in the end ...": the
            # options named inside a verdict of difficulty; only an explicit "because" redeems it.
            tough = _difficulty_verdict(s, w)
            if tough:
                passage = passage[:2]  # "... a tough call, but in the end" / "I went with A because B"
            for x, lo in passage:
                if x is not s and _difficulty_verdict(x, w):
                    break  # "It was a difficult decision, and in the end I decided ...": told as a tough call
                r = _reason_at(a, x, lo, w)
                while tough and r >= 0 and x.toks[r] not in w.connectives:
                    r = _reason_at(a, x, r + 1, w)
                if r >= 0:
                    return TradeoffSpan(s.index, k, k + 1, x.index, r, kind)
    return _reason_then_instead(a, w)


def decision_anchor(a: AnswerAnalysis) -> SentenceTokens | None:
    """The action sentence a trade-off tip should point at: where a decision or an alternative is
    told, else the first step the speaker took. Never the situation (the fix belongs in the action);
    None when the answer has no action."""
    w = _Words(a)
    acts = [s for s in a.sents if s.role == "action"] or [s for s in a.sents if s.role in ("task", None)]
    for s in acts:
        if any(_is_choice(s, k, w) or t in {"decided", "decide"} for k, t in enumerate(s.toks)) or alternatives(a, s, None, w):
            return s
    return next((s for s in acts if any(t in a.rules.lex("i_forms") for t in s.toks)), acts[0] if acts else None)
