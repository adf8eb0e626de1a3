"""Rubric checker: what an Amazon interviewer would hear in a STAR answer.

Pure: no I/O except reading ``prompts/rubric.toml`` (the rules a coach can edit).
Every sentence is tokenised once (lower case, hyphens split, "N percent" -> "N%"),
cut into clauses (punctuation, contrast words, a fresh subject pronoun in run-on
speech) and scanned once for every pattern of the rules through an index on the
pattern's first token. Each match records whether its clause negates it ("didn't"),
affirms it with more ("didn't *just* escalate"), is irrealis ("would", "wanted to")
and who its subject is (I / we / someone else / nobody named, for a passive without "by ...").
Hedges right before a number are dropped ("to about three months"), amounts with a currency
sign form their own token class ("$40,000"), and unpunctuated speech gets extra clause breaks
after an object pronoun. The criteria and red flags are then decided from those matches and
the STAR sections.

Modules, bottom up: rules (TOML) < clauses (tokens) < matching < answer < doers (who does a verb)
< tradeoffs, ownership_signals (verdicts from clause shapes and word classes) < signals, advice
< outcomes, reflection, opening (results, reflections, the opening judged) < context (what every criterion reads) < red_flags < criteria (one function per criterion,
``check``) < probes (follow-up questions).
"""

from rehearse.rubric.criteria import check, lp_ids
from rehearse.rubric.probes import PROBES, ProbeGrade, choose_probe, grade_probe
from rehearse.rubric.rules import (
    CRITERIA,
    LEVELS,
    RED_FLAGS,
    RubricRules,
    inflect,
    load_rules,
)

__all__ = [
    "CRITERIA", "RED_FLAGS", "LEVELS", "RubricRules", "load_rules", "check", "lp_ids",
    "PROBES", "ProbeGrade", "choose_probe", "grade_probe", "inflect",
]
