"""Second-order impact: adoption or reuse beyond the fix, told as something that happened (others
took it up, it became a standard, a default, a checklist line), not proposed."""

from __future__ import annotations

from rehearse.lang.tokens import has_past_tense
from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clause_spans import (
    JOINERS,
    LEADS,
    POINTERS,
    PREPOSITIONS,
    clause_span,
    first_in,
    negated_before,
    outcome_match,
)
from rehearse.rubric.clauses import SentenceTokens
from rehearse.rubric.doers import doer, is_past_verb
from rehearse.rubric.matching import Match
from rehearse.rubric.rules import NEGATED
from rehearse.rubric.uptake import negation_in_aside, not_uptake


def second_order_outcome(a: AnswerAnalysis) -> Match | None:
    """Adoption or reuse beyond the fix, told as something that happened: others took it up
    ("two other pantries copied the sheet", "eleven accounts were using it"), or it became a
    standard, a default, a checklist line ("went into the maintenance standard", "as a standard
    step"). Not in the Action (copying a VP on an email), not a proposal, not one's own reuse."""
    roles = ("result", "reflection", None)
    found = [m for m in a.matches.get("second_order", []) if m.state == NEGATED and not m.irrealis
             and a.sents[m.sent].role in roles and negation_in_aside(a, m)]
    found += [m for m in a.of("second_order", roles) + a.of(
        "second_order_by_others", roles, subjects=("other", "unknown", "passive")) if m.subject != "self"
        or not _own_reuse(a, m)]
    # Unpunctuated speech runs the Result into the Action: there, only someone else's uptake counts
    # ("other teams added my build check"), never the speaker's own step ("copied my VP").
    # ("he put my logic into their model", told in the Action, is one person's part in the work)
    found += [m for m in a.of("second_order", ("action",)) + a.of("second_order_by_others", ("action",))
              if m.subject == "other" and not _one_person_before(a.sents[m.sent], m.start)]
    for s in a.sents:
        if s.role not in roles and s.role != "action":
            continue
        for k in range(len(s.toks)):
            m = _group_took_up(a, s, k) or _taken_up_by(a, s, k) or _passed_on_by_others(a, s, k)
            if m is None and s.role != "action":
                m = _into_standard(a, s, k)
            # (a rule the story put in place, told in a past-tense sentence, also where the segmenter
            # heard its present tense as the reflection: "... added a check, so any new screen gets flagged")
            if m is None and (s.role == "result" or s.role == "reflection" and has_past_tense(s.toks)
                              and not any(c.sent == s.index for c in a.matches.get("reflection_cue", []))):
                m = _rule_for_everything_new(a, s, k)
            if m is not None and not negated_before(a, s, k):
                found.append(m)
    # A hope or a proposal is no adoption: "we hope other teams will adopt it", "it could become a standard";
    # nor is a reflection's rule ("three trips on the same span should put it on their list").
    found = [m for m in found if not _prospective(a, m) and not not_uptake(a, m) and not _proposed_rule(a, m)]
    return min(found, key=lambda m: (m.sent, m.start)) if found else None


def _proposed_rule(a: AnswerAnalysis, m: Match) -> bool:
    s = a.sents[m.sent]
    if s.role != "reflection":
        return False
    span = clause_span(s, m.start)
    # After the match only up to a new speaker clause: "... were using it | what i'd push for is ...".
    stop = next((j for j in range(m.end, min(span.stop, m.end + 6)) if s.toks[j] in _SPEAKER_OPENERS), min(span.stop, m.end + 6))
    near = range(max(span.start, m.start - 8), stop)
    # ("you have to keep talking to the other teams": an obligation, like "should")
    obliged = any(s.toks[j] in {"have", "has", "got"} and s.toks[j + 1:j + 2] == ["to"] for j in near)
    # ("What I'd push for now is a logger download at every handoff, written into the checklist")
    proposal = any(t in {"i'd", "we'd"} for t in s.toks[:m.start]) or "what i would" in " ".join(s.toks[:m.start])
    if proposal:
        return True
    return obliged or first_in(s, near, a.rules.lexes("counterfactual_modals", "deontic_modals")) is not None


_SPEAKER_OPENERS = frozenset({"what", "i", "i'd", "we", "we'd", "if", "next", "looking"})


def _prospective(a: AnswerAnalysis, m: Match, window: int = 8) -> bool:
    """A modal, a hope or a plan anywhere from a few words before the match to its end (a pattern
    may start at "it" in "it could become the standard")."""
    s = a.sents[m.sent]
    span = clause_span(s, m.start)
    words = a.rules.lexes("counterfactual_modals", "deontic_modals", "prospective_words")
    return any(s.toks[j] in words and not _noun_reading(s, j)
               for j in range(max(span.start, m.start - window), min(len(s.toks), m.end)))


def _noun_reading(s: SentenceTokens, j: int) -> bool:
    """"a lift-plan walk-down", "the going rate": "plan" and "going" look ahead only before "to"."""
    return s.toks[j] in {"plan", "going"} and (j + 1 >= len(s.toks) or s.toks[j + 1] != "to")


def _taken_up_by(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """Passive uptake: "the approach was picked up by the Lisbon and Dublin offices"."""
    if s.toks[k] != "by" or k < 2:
        return None
    lex = a.rules.lex
    if not any(s.toks[j] in lex("adoption_verbs") for j in range(max(0, k - 3), k)) or not any(
            s.toks[j] in lex("be_forms") for j in range(max(0, k - 5), k)):
        return None
    groups = a.rules.lexes("org_units", "departments")
    for j in range(k + 1, min(len(s.toks), k + 7)):
        t = s.toks[j]
        if t in groups or (len(t) > 3 and t.endswith("s") and t not in lex("customer_metric_nouns")):
            return outcome_match("second_order", s, max(0, k - 4), j + 1, "taken up by others")
    return None


_PASS_ON = frozenset({"gives", "gave", "shares", "shared", "passes", "passed", "hands", "handed", "sends", "sent",
                      "spreads", "spread", "teaches", "taught"})


def _passed_on_by_others(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """Someone else spreads it further: "now he gives it to the other thirty farms he visits"; not the
    speaker's own sharing ("I sent it to the other teams")."""
    if s.toks[k] not in _PASS_ON or s.role == "action":
        return None
    other = next((j for j in range(k + 1, min(len(s.toks), k + 5)) if s.toks[j] == "other"), None)
    if other is None:
        return None
    group = next((j for j in range(other + 1, min(len(s.toks), other + 4))
                  if len(s.toks[j]) > 3 and s.toks[j].endswith("s") and not s.is_num[j]), None)
    if group is None or doer(a, s, k) in ("self", "we"):
        return None
    return outcome_match("second_order", s, k, group + 1, "passed on by others")


def _own_reuse(a: AnswerAnalysis, m: Match) -> bool:
    """"I still use it every week": the speaker's own continued use is not adoption."""
    s = a.sents[m.sent]
    span = s.toks[m.start : m.end]
    groups = a.rules.lexes("org_units", "departments")
    return bool({"use", "using", "used", "still"} & set(span)) and not any(t in groups for t in s.toks)


def _into_standard(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """A practice that became part of a standard artifact: "went into the maintenance standard",
    "added as a standard step", "made it the default", "is now a line in the pre-send checklist"."""
    lex = a.rules.lex
    if s.toks[k] not in lex("standard_artifacts") and s.base[k] not in lex("standard_artifacts"):
        return None
    span = clause_span(s, k)
    # The artifact sits after a preposition or "became/made": "into the ... standard", "as a standard step".
    # Only determiners and modifiers between the two: "into the maintenance standard", not
    # "to 19%, and monthly policy sales".
    # (compounds split at hyphens: "into the bank's new-product approval template")
    j = k - 1
    while j >= max(span.start, k - 6) and not s.is_num[j] and s.toks[j] not in LEADS and s.toks[j] not in JOINERS:
        j -= 1
    if j < span.start or s.toks[j] not in LEADS:
        return None
    # "the standard practice would be", "in the current standard" (no change): need a verb of change or "now".
    verbs = lex("standardize_verbs")
    if first_in(s, span, verbs) is None:
        return None
    return outcome_match("second_order", s, max(span.start, k - 5), k + 1, "became a standard")


def _one_person_before(s: SentenceTokens, k: int, window: int = 4) -> bool:
    return any(t in {"he", "she"} for t in s.toks[max(0, k - window) : k])


def _rule_for_everything_new(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """An outcome told as how things are done from now on: "so every new account product now has to
    consider it", "any new screen without labels gets flagged". In the Result only: in a reflection
    the same shape is the speaker's proposal."""
    if s.toks[k] not in {"every", "any", "each", "all"}:
        return None
    span = clause_span(s, k)
    verbs = a.rules.lex("rule_verbs")
    # "any new screen ... gets flagged", or the rule told with "now": "any account with three estimated
    # reads in a row now gets a field visit"
    new = "new" in s.toks[k + 1 : k + 3]
    # (the "now" rule outside the Result only after a past-tense adoption: "The billing team made the
    # rule permanent: any account ... now gets ..."; on its own it is the speaker's proposal)
    if not new and s.role != "result" and not any(is_past_verb(s, j) for j in range(k)):
        return None
    verb = next((j for j in range(k + 2, min(span.stop, k + (9 if new else 13))) if s.toks[j] in verbs
                 and (new or s.toks[j - 1] == "now")), None)
    if verb is None or _prospective(a, outcome_match("second_order", s, k, verb + 1, "")) or negated_before(a, s, verb):
        return None
    return outcome_match("second_order", s, k, verb + 1, "the new default")


# "show / had / hit the same ...": a symptom shared, not a fix taken up.
_HAVING_VERBS = frozenset({"show", "shows", "showed", "had", "have", "has", "saw", "see", "sees", "hit", "hits",
                           "face", "faced", "faces", "reported", "report", "reports", "got", "get", "gets",
                           "experienced", "experience", "suffered"})


def _group_took_up(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """Others took it up: a counted or "other" group as the subject of a verb, referring back to the
    fix: "the other nine stores set it up the same way", "eleven accounts were using it"."""
    lex = a.rules.lex
    groups = a.rules.lexes("org_units", "customer_words", "departments")
    tok = s.toks[k]
    # "every release goes through the same check": a practice that became the standard.
    prev = s.toks[k - 1] if k > 0 else ""
    # (present tense: "every customer got the same apology email" is one event, not a standard)
    if (prev in {"every", "each", "all"} and "same" in s.toks[k + 1 : k + 10] and s.role != "action"
            and (k + 1 < len(s.toks) and s.toks[k + 1] in lex("rule_verbs") or "now" in s.toks[k + 1 : k + 10])):
        return outcome_match("second_order", s, k - 1, k + 1, "became the standard")
    # A listed group, or any plural noun right after a quantifier or count ("the other two hotels").
    plural = (len(tok) > 3 and tok.endswith("s") and s.role != "action"
              and any(t in {"other", "sister"} for t in s.toks[max(0, k - 3) : k]) and tok not in groups)
    if tok not in groups and s.base[k] not in groups and not plural:
        return None
    span = clause_span(s, k)
    before = s.toks[max(span.start, k - 3) : k]
    # "I trained the other nine stores": the speaker acts on them ("last I heard, eleven accounts" is hearsay).
    q = max(span.start, k - len(before))
    if negated_before(a, s, k):
        return None  # "I didn't have time to re-check the other experiments"
    for j in range(max(span.start, q - 6), q):
        if (s.toks[j] in a.rules.lex("i_forms") or s.toks[j] in a.rules.lex("we_forms")) and not (
                j + 1 < len(s.toks) and s.toks[j + 1] in a.rules.lex("hearsay_verbs")):
            return None
    # ("eighty euro finance signed it": an amount before a department counts no groups)
    units = a.rules.lexes("currency_units", "time_units")
    counted = any(t in lex("group_quantifiers") for t in before) or any(
        s.is_num[j] and not any(x in units for x in s.toks[j + 1 : k]) for j in range(max(span.start, k - 3), k))
    if not counted or any(t in PREPOSITIONS for t in before[-1:]):
        return None
    # Wide enough for an aside naming the group: "two other agencies, the licensing folks and ..., asked for".
    rest = range(k + 1, min(span.stop, k + 16))
    # (customers who "got the same email" did not adopt anything: for them an adoption verb is needed)
    same = None if tok in lex("customer_words") else next((j for j in rest if s.toks[j] == "same"), None)
    if same is not None and s.toks[same - 2:same - 1] and s.toks[same - 2] in _HAVING_VERBS:
        return None  # "the other two crews show the same thing": the problem spreading, not the fix
    # "... check their linen the same way": "the same" points back at the fix whatever the verb.
    # A bare plural ("the other two hotels") needs that or a pronoun, not just "the".
    refers = same if same is not None else first_in(s, rest, lex("back_references") if not plural else POINTERS)
    takes = first_in(s, rest, lex("adoption_verbs")) if same is None else same
    if takes is None or refers is None:
        return None
    return outcome_match("second_order", s, max(span.start, k - 3), max(takes, refers) + 1, "others took it up")


