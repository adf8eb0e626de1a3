"""What the Result is worth: business value, second-order adoption, and a sentiment-only Result.

Decided from the outcome sentences (the Result; the whole answer when no section was found) by
word classes and clause structure, not phrases: an amount of money, a duration of work saved,
a count of customers or accounts, or a commercial outcome (churn, renewals, sales) that changed.
Complaints, calls, wait times and error rates are customer metrics, not business value.
"""

from __future__ import annotations

from rehearse.rubric.answer import AnswerAnalysis
from rehearse.rubric.clause_spans import PREPOSITIONS, clause_span, first_in, negated_before, outcome_match
from rehearse.rubric.clauses import SentenceTokens, stem
from rehearse.rubric.matching import Match
from rehearse.rubric.signals import people_delta

OUTCOME_ROLES = ("result", None)
_DEAL_NOUNS = {"contract", "contracts", "deal", "deals", "subscription", "subscriptions", "plan", "agreement",
               "agreements", "membership", "memberships", "lease", "policy", "policies"}
_RETAIN_VERBS = {"kept", "retained", "saved", "won"}
# ("the retailer kept the contract", "we kept their business")
_RETAINED_THINGS = frozenset({"contract", "contracts", "business", "account", "accounts", "deal", "renewal"})
def outcome_sentences(a: AnswerAnalysis) -> list[SentenceTokens]:
    """The Result's sentences; without any, sentences with no section (plain text)."""
    # A reflection-labelled sentence can still be an outcome told late ("the league renewed"):
    # it is kept, and a modal in its clause (a proposal) rules it out later.
    if any(s.role is not None for s in a.sents) and not any(s.role == "result" for s in a.sents):
        # No Result found: unpunctuated speech often leaves it at the end of the last Action sentence.
        acts = [s for s in a.sents if s.role == "action"]
        return acts[-2:] + [s for s in a.sents if s.role == "reflection"]
    # An Action sentence that already tells a delta ("after this the errors go from 300 to zero, and
    # we keep the two big clients") is the Result heard early.
    early = {m.sent for m in a.matches.get("metric_delta", [])
             if a.sents[m.sent].role == "action" and _outcome_shaped(a, m) and not m.irrealis
             and not _multiplier_as_adjective(a.sents[m.sent], m)}
    # The Action sentences after an early Result carry on with it ("We kept the account, about 1.2M a year").
    # Only at the end of the Action, where the Result was heard early: not a trade-off told mid-way.
    last_acts = {s.index for s in a.sents if s.role == "action"}
    last_acts = set(sorted(last_acts)[-2:])
    early |= {i + 1 for i in early if i + 1 in last_acts}
    # (not a reflection that opens on its cue: "What I take from it is every dollar matters")
    lesson = {m.sent for m in a.matches.get("reflection_cue", []) if m.start <= 3 and a.sents[m.sent].role == "reflection"}
    res = [s for s in a.sents if s.role == "result" or s.role == "reflection" and s.index not in lesson or s.index in early]
    return res or [s for s in a.sents if s.role is None]


def _clause_counterfactual(a: AnswerAnalysis, s: SentenceTokens, k: int, window: int = 8) -> bool:
    """"would have cost", "could save", "should get": a projection or a proposal, not an outcome
    (unless it is a cost avoided). A modal governs the words after it, so only a few before k count:
    unpunctuated speech makes clauses run on."""
    span = clause_span(s, k)
    before = range(max(span.start, k - window), k + 1)
    modal = a.rules.lex("counterfactual_modals")
    deontic = a.rules.lex("deontic_modals")
    # "should", "needs to", "need a": a proposal; "customers who did not need it": a fact.
    if first_in(s, before, modal) is None and not any(
            s.toks[j] in deontic and (s.toks[j] in {"should", "must", "ought", "shall"}
                                      or s.toks[j + 1 : j + 2] and s.toks[j + 1] in {"to", "a", "an"})
            for j in before):
        return False
    return first_in(s, span, a.rules.lex("avoid_verbs")) is None


def _changed(a: AnswerAnalysis, s: SentenceTokens, span: range) -> bool:
    """A change, a gain or a number in the clause: "fell", "recovered", "by a third", "to 28".
    Motion verbs ("went", "brought") carry a change only with a number."""
    words = a.rules.lexes("change_verbs", "outcome_gain_verbs", "outcome_verbs", "change_nouns", "avoid_verbs",
                          "change_particles")
    has_num = any(s.is_num[j] or s.is_rate[j] for j in span)
    return first_in(s, span, words) is not None or has_num


def _money(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """"$40,000", "eleven thousand dollars", "four hundred K a year we didn't spend", "food cost went from 34 to 29%"."""
    lex = a.rules.lex
    tok = s.toks[k]
    if s.is_money[k]:
        return outcome_match("business", s, k, k + 1, "money amount")
    span = clause_span(s, k)
    if tok in lex("currency_units") and k > 0 and (s.is_num[k - 1] or s.toks[k - 1] in lex("money_magnitudes")):
        return outcome_match("business", s, max(span.start, k - 3), k + 1, "money amount")
    # "four hundred K a year we didn't spend": a bare magnitude is money when the sentence says so.
    if (tok in lex("money_magnitudes") and k > 0 and s.is_num[k - 1]
            and first_in(s, range(len(s.toks)), a.rules.lexes("money_verbs", "money_nouns")) is not None):
        return outcome_match("business", s, max(span.start, k - 2), k + 1, "money amount")
    if (tok in lex("money_nouns") or s.base[k] in lex("money_nouns")) and not _compound(a, s, k) and _changed(a, s, span):
        return outcome_match("business", s, k, k + 1, "money changed")
    return None


def _time_saved(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """"twenty hours a month back", "saves about a day of close work", "two days a month of
    reconciliation went down to three hours". A wait or a latency that fell is not work saved."""
    lex = a.rules.lex
    if s.toks[k] not in lex("time_units"):
        return None
    prev = s.toks[k - 1] if k > 0 else ""
    nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
    # "40 hours", "300 engineering hours", "a day of close work".
    amount = (prev in {"a", "an"} and nxt == "of") or any(
        s.is_num[j] and all(t in lex("labour_words") for t in s.toks[j + 1 : k]) for j in range(max(0, k - 3), k))
    span = clause_span(s, k)
    # Near the duration: "went back to normal" further on in a run-on clause is no time given back.
    gained = first_in(s, range(max(span.start, k - 5), min(span.stop, k + 6)), lex("time_gain_words")) is not None
    # Given back, one modifier of any kind may name whose hours: "gave us back 250 instructional hours".
    if not amount and gained and k > 1 and s.is_num[k - 2] and s.toks[k - 1].isalpha() and s.toks[k - 1] not in PREPOSITIONS:
        amount = True
    # "the recovery walks, which had been eating 120 technician hours a week, mostly went away": work gone
    counted = any(s.is_num[j] for j in range(max(0, k - 3), k))
    per_week = s.toks[k + 1:k + 2] and s.toks[k + 1] in lex("per_words") and s.toks[k + 2:k + 3] and \
        s.toks[k + 2] in lex("period_units")
    if counted and per_week and any(t in _GONE for t in s.toks[k + 3:]) and not _clause_counterfactual(a, s, k):
        return outcome_match("business", s, max(span.start, k - 3), k + 3, "work time saved")
    if not amount:
        return None
    if gained:
        return outcome_match("business", s, max(span.start, k - 2), k + 1, "time saved")
    # Work per period that went down: "two days a month of reconciliation", "40 analyst hours a week".
    after = s.toks[k + 1 : k + 3]
    per_period = len(after) == 2 and after[0] in lex("per_words") and after[1] in lex("period_units")
    labour = first_in(s, range(max(span.start, k - 3), min(span.stop, k + 6)), lex("labour_words")) is not None
    if (per_period or labour) and _changed(a, s, span) and (per_period and labour or _delta_in(a, s, span)):
        return outcome_match("business", s, max(span.start, k - 2), k + 1, "work time saved")
    return None


_GONE = frozenset({"away", "disappeared", "vanished", "gone", "eliminated"})


def _compound(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"revenue cycle director", "sales team": the word names a function, not an amount."""
    return k + 1 < len(s.toks) and s.toks[k + 1] in a.rules.lex("business_compound_heads")


def _delta_in(a: AnswerAnalysis, s: SentenceTokens, span: range) -> bool:
    return any(m.sent == s.index and m.start in span for m in a.matches.get("metric_delta", []))


def _customer_count(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """"110 more families a month", "forty accounts ... we kept all but two", "households turned away
    went from forty to five", "from 8% of accounts to 25%"."""
    lex = a.rules.lex
    cust = lex("customer_words")
    if s.toks[k] not in cust and s.base[k] not in cust and not _people_harmed(a, s, k):
        return None
    nxt = s.toks[k + 1] if k + 1 < len(s.toks) else ""
    if nxt in lex("customer_compounds") or nxt in lex("customer_service_nouns"):
        return None
    span = clause_span(s, k)
    # A number right before it, with modifiers in between ("110 more families", "the two big clients"),
    # not a count of their complaints or calls, nor of test or staff accounts.
    # (only before the customers or as their head noun: "sixty accounts with open tickets" counts accounts)
    metric_noun = any(s.toks[x] in lex("customer_metric_nouns") for x in range(span.start, min(span.stop, k + 2)))
    for j in range(max(span.start, k - 3), k):
        if j > 0 and s.toks[j - 1] in PREPOSITIONS - {"of"} or j > 1 and s.toks[j - 2] in PREPOSITIONS - {"of"}:
            continue  # "completion for those two students": the students qualify another noun
        between = s.toks[j + 1 : k]
        if (s.is_num[j] or s.is_rate[j]) and not metric_noun and all(
                t in lex("count_modifiers") or (t.isalpha() and t not in lex("internal_markers")) for t in between):
            return outcome_match("business", s, j, k + 1, "customer count")
    # The customers are what changed: "households turned away went from forty to five".
    # The customer word heads the subject (not "attendance for those families") and the delta follows it.
    after = range(k + 1, min(span.stop, k + 5))
    if any(m.sent == s.index and m.start in after for m in a.matches.get("metric_delta", [])):
        # Past determiners and counts: "attendance for those two families" is not about the families' number.
        j = k - 1
        while j >= span.start and (s.toks[j] in lex("determiners") or s.is_num[j]):
            j -= 1
        head = not (j >= span.start and s.toks[j] in PREPOSITIONS)
        if head and not metric_noun:
            return outcome_match("business", s, k, k + 1, "customer count")
    return None


def _people_harmed(a: AnswerAnalysis, s: SentenceTokens, k: int) -> bool:
    """"thirty thousand people would've been locked out": people counted with a harm are customers."""
    if s.toks[k] != "people":
        return False
    span = clause_span(s, k)
    return first_in(s, range(k + 1, min(span.stop, k + 7)), a.rules.lex("customer_pain")) is not None


_GAIN_MODIFIERS = frozenset({"more", "fewer", "extra", "additional", "less"})


def _commercial(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """Churn, renewals, sales, orders, conversion stated as an outcome: "they renewed", "churn dropped
    from 33% to 21%", "recovered 1,800 orders a week"."""
    lex = a.rules.lex
    tok, base = s.toks[k], s.base[k]
    if tok in lex("commercial_verbs"):
        # "they renewed (for three years)", "renewed the contract"; not "the vendor renewed the certificate".
        obj = s.toks[k + 2] if k + 2 < len(s.toks) and s.toks[k + 1] in lex("determiners") else None
        if obj is not None and obj not in lex("customer_words") and obj not in _DEAL_NOUNS:
            return None
        return outcome_match("business", s, k, k + 1, "commercial outcome")
    if tok in lex("counted_commercial"):
        # "4 additional opportunities", "two new contracts" (not "opportunities for improvement").
        # ("2% of transactions" is an error rate; "8% of accounts" still counts customers)
        share_ok = tok in lex("customer_words")
        if any(s.is_num[j] and (share_ok or not s.is_rate[j]) and all(
                t in lex("count_modifiers") and (share_ok or t != "of") for t in s.toks[j + 1 : k])
               for j in range(max(0, k - 3), k)):
            return outcome_match("business", s, max(0, k - 3), k + 1, "commercial outcome")
        return None
    if tok in lex("counted_volume"):
        gained = any(s.is_num[j] and any(t in _GAIN_MODIFIERS for t in s.toks[j + 1:k]) for j in range(max(0, k - 3), k))
        return outcome_match("business", s, max(0, k - 3), k + 1, "commercial outcome") if gained else None
    if tok not in lex("commercial_outcomes") and base not in lex("commercial_outcomes") or _compound(a, s, k):
        return None
    span = clause_span(s, k)
    if _changed(a, s, span):
        return outcome_match("business", s, k, k + 1, "commercial outcome")
    return None


def _retained_customer(a: AnswerAnalysis, s: SentenceTokens, k: int) -> Match | None:
    """"We kept the account", "they retained both clients": a customer kept is a commercial outcome."""
    if s.toks[k] not in _RETAIN_VERBS:
        return None
    span = clause_span(s, k)
    obj = first_in(s, range(k + 1, min(span.stop, k + 4)), a.rules.lex("customer_words") | _RETAINED_THINGS)
    return None if obj is None else outcome_match("business", s, k, obj + 1, "customer retained")


def business_outcome(a: AnswerAnalysis) -> Match | None:
    """The first business outcome stated in the Result, or None."""
    finders = (_money, _time_saved, _customer_count, _commercial, _retained_customer)
    for s in outcome_sentences(a):
        for k in range(len(s.toks)):
            for find in finders:
                m = find(a, s, k)
                if m is not None and not _clause_counterfactual(a, s, k) and not _negated_outcome(a, s, k, m):
                    return m
    return None


def _negated_outcome(a: AnswerAnalysis, s: SentenceTokens, k: int, m: Match) -> bool:
    """"no customers lost": still an outcome; "revenue did not change": not one."""
    if m.pattern in ("money amount", "time saved", "customer count"):
        return False
    neg = a.rules.lex("negators")
    span = clause_span(s, k)
    return any(s.toks[j] in neg for j in span if j < k + 4) and first_in(s, span, a.rules.lex("avoid_verbs")) is None


def metric_deltas(a: AnswerAnalysis) -> list[Match]:
    """Before/after deltas told as outcomes: in the Result (or a late outcome the segmenter called
    reflection), not effort in the Action ("added two seconds of cooling", "brought in 200 temps"),
    not a team size, not a cost merely avoided ("avoid paying 30k a month" has no before/after)."""
    roles = {"result", "reflection"} if any(s.role == "result" for s in a.sents) else {"result", "reflection", None}
    out = []
    against = [m for m in a.matches.get("counterfactual_delta", [])
               if any(a.sents[m.sent].is_num[j] for j in range(max(0, m.start - 3), m.start))]
    for m in a.matches.get("metric_delta", []) + against:
        s = a.sents[m.sent]
        if m.irrealis or people_delta(a, m) or _clause_counterfactual(a, s, m.start):
            continue
        if s.role not in roles and not (s.role == "action" and _outcome_shaped(a, m) and not _weighed_option(a, s, m)):
            continue
        if _hyphenated_range(s, m) or _multiplier_as_adjective(s, m):
            continue
        if s.toks[m.start] in a.rules.lex("avoid_verbs") or _time_to_fix(a, m):
            continue
        if s.role == "reflection" and _states_a_rule(s):
            continue
        out.append(m)
    return out + _after_value_of_a_told_before(a)


_RULE_SUBJECTS = frozenset({"any", "every", "each", "all"})


def _states_a_rule(s: SentenceTokens) -> bool:
    """A reflection that proposes a rule ("Any new layer from the county gets three test calls before
    it goes live"): its numbers are the rule's, not an outcome."""
    return bool(s.toks) and s.toks[0] in _RULE_SUBJECTS


def _measure(a: AnswerAnalysis, s: SentenceTokens, j: int) -> tuple[str, str, set[str]] | None:
    """A percentage or a duration at token j: its value, its unit and the content-word stems of its clause."""
    if not s.is_num[j]:
        return None
    if s.toks[j].endswith("%"):
        unit = "%"
    elif j + 1 < len(s.toks) and s.toks[j + 1] in a.rules.lex("time_units"):
        unit = s.toks[j + 1].rstrip("s")
    else:
        return None
    common = a.rules.lexes("generic_words", "common_words") | a.rules.lex("time_units")
    span = clause_span(s, j)
    words = {stem(s.base[k]) for k in span if len(s.base[k]) >= 4 and not s.is_num[k] and s.base[k] not in common}
    return s.toks[j], unit, words


def _after_value_of_a_told_before(a: AnswerAnalysis) -> list[Match]:
    """"... the rate of stage mismatches had crept up to nine percent" in the setting, then "the stage
    mismatch rate was under two percent" in the Result: the after value of a measure whose before
    value the setting gave is a before/after delta told across the answer."""
    # (the setting only: a task's "handle 260 TPS at 100% availability" is a target, not a before)
    before = [m for s in a.sents if s.role == "situation"
              for j in range(len(s.toks)) if (m := _measure(a, s, j)) is not None]
    if not before:
        return []
    out = []
    for s in a.sents:
        if s.role != "result":
            continue
        for j in range(len(s.toks)):
            after = _measure(a, s, j)
            if after and any(unit == after[1] and value != after[0] and len(words & after[2]) >= 2
                             for value, unit, words in before):
                out.append(outcome_match("metric_delta", s, clause_span(s, j).start, j + 1, "after a before in the setting"))
    return out


def _time_to_fix(a: AnswerAnalysis, m: Match) -> bool:
    """"restored service in forty minutes": how long the fix took, a bare duration after a gain verb
    with no "from", "by" or "back" (those are deltas: "saved 30 hours", "down from four hours")."""
    s = a.sents[m.sent]
    span = s.toks[m.start : m.end + 1]
    if not m.pattern.startswith("@gain_verbs") or {"from", "by", "back"} & set(span):
        return False
    num = next((j for j in range(m.start, min(len(s.toks), m.end + 1)) if s.is_num[j]), None)
    if num is None or num + 1 >= len(s.toks) or s.toks[num + 1] not in a.rules.lex("time_units"):
        return False
    return s.toks[m.start] not in a.rules.lexes("time_gain_words")


_CONCESSIVES = frozenset({"although", "though", "while", "whereas", "despite"})


def _weighed_option(a: AnswerAnalysis, s: SentenceTokens, m: Match) -> bool:
    """A number the speaker weighed in choosing, not an outcome: "we selected Brennock ... although
    their day rate was some forty per cent higher"."""
    lo = clause_span(s, m.start).start
    if any(t in _CONCESSIVES for t in s.toks[max(0, lo - 2):m.start]):
        return True
    speakers = a.rules.lexes("i_forms", "we_forms")
    near = range(max(0, m.start - 12), m.start)  # (unpunctuated speech runs a choice and a result together)
    return any(s.toks[j] in a.rules.lex("choice_verbs") and any(x in speakers for x in s.toks[max(0, j - 2):j])
               for j in near)


_MULTIPLIERS = frozenset({"double", "triple", "quadruple", "half", "doubled", "tripled"})
_DETERMINERS = frozenset({"the", "a", "an", "that", "this", "those", "these", "any", "no", "every"})


def _multiplier_as_adjective(s: SentenceTokens, m: Match) -> bool:
    """"none of them had the double charge": a multiplier naming a kind of thing, not a change."""
    return m.end - m.start == 1 and s.toks[m.start] in _MULTIPLIERS and m.start > 0 \
        and s.toks[m.start - 1] in _DETERMINERS


def _hyphenated_range(s: SentenceTokens, m: Match) -> bool:
    """"from the twenty-to-forty band": a range's name, not a change from twenty to forty."""
    return any("-to-" in s.raw[s.raw_of[j]] for j in range(m.start, m.end))


def _outcome_shaped(a: AnswerAnalysis, m: Match) -> bool:
    """A delta told inside the Action (the segmenter may put a result there): "reports dropped by a
    factor of ten", "test time went from forty minutes to six". Effort is not one: "we added two
    seconds of cooling", "I brought in 200 temps" (an agent's verb with a bare amount)."""
    s = a.sents[m.sent]
    span = s.toks[m.start : m.end]
    if "from" in span or any(t.endswith("%") for t in span):
        return True
    if m.pattern.startswith("@gain_verbs"):
        return False
    return m.subject not in ("self", "we")


def sentiment_in_result(a: AnswerAnalysis) -> Match | None:
    """A Result told as a feeling, with no number in its clause: "everybody was pretty relieved",
    "the audit went fine", "drivers were less annoyed", "the lead said thanks"."""
    lex = a.rules.lex
    # A feeling after a linking verb ("was relieved", "felt calmer", "looked a lot shorter"), an
    # evaluation after a verb of going ("went fine", "worked out well"), or thanks; only degree words between.
    after_verb: dict[str, frozenset[str]] = {tok: lex("linking_verbs") for tok in lex("sentiment_words")}
    for tok in lex("evaluative_adverbs"):  # "fine", "great": after either kind of verb
        after_verb[tok] = after_verb.get(tok, frozenset()) | lex("evaluative_go_verbs")
    thanks = lex("gratitude_words")
    soft = lex("degree_words")
    cue_at: dict[int, int] = {}
    for m in a.matches.get("reflection_cue", []):
        cue_at[m.sent] = min(cue_at.get(m.sent, m.start), m.start)
    for s in outcome_sentences(a):
        # Run-on speech glues the Result onto the reflection: only the words before its cue.
        stop = len(s.toks) if s.role != "reflection" else cue_at.get(s.index, 0)
        for k, tok in enumerate(s.toks[:stop]):
            if tok not in after_verb and tok not in thanks:
                continue
            span = clause_span(s, k)
            if any(s.is_num[j] for j in span) or _clause_counterfactual(a, s, k):
                continue
            hit = k if tok in thanks else None
            if hit is None:
                j = k - 1
                while j >= span.start and (s.toks[j] in soft or s.toks[j].endswith("ly")):
                    j -= 1
                if j >= span.start and s.toks[j] in after_verb[tok]:
                    hit = j
            # "assumed it was fine" is a guess about the fix, not how the result felt ("I think the
            # nurses were pretty relieved" still tells a feeling).
            feeling = tok in thanks or tok in lex("sentiment_words") and tok not in lex("evaluative_adverbs")
            if hit is not None and not feeling and first_in(
                    s, range(max(span.start, hit - 4), hit), lex("epistemic_verbs")) is not None:
                hit = None
            if hit is not None and not negated_before(a, s, hit):
                return outcome_match("vague_result", s, hit, k + 1, "sentiment")
    return _praise_in_result(a)


def _praise_in_result(a: AnswerAnalysis) -> Match | None:
    """A Result that is only someone's praise: "my VP forwarded a note from our CFO saying it was one
    of the best-handled problems he had seen" (a word of praise after a report, no number said)."""
    lex = a.rules.lex
    reports = lex("report_verbs") | {"saying", "note"}
    for s in outcome_sentences(a):
        # ("one of the best-handled problems" counts nothing)
        if s.role != "result" or any(num and t != "one" for num, t in zip(s.is_num, s.toks)):
            continue
        told = next((k for k, t in enumerate(s.toks) if t in reports), None)
        if told is None:
            continue
        praise = first_in(s, range(told + 1, len(s.toks)), lex("praise_words"))
        if praise is not None:
            return outcome_match("vague_result", s, told, praise + 1, "sentiment")
    return None
