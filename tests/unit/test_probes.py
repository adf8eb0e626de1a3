"""Follow-up probes: the seed's weak and strong answers, ASR-like text, probe choice, errors."""

from __future__ import annotations

import pytest

from rehearse.analysis.pipeline import check_text
from rehearse.errors import BadInputError
from rehearse.models import Finding, RedFlag, RubricResult
from rehearse.rubric import PROBES, choose_probe, grade_probe

SEED = {
    "escalation": (
        "I did escalate it - I sent them a Slack message and they handled it.",
        "I flagged the issue to their tech lead for visibility but brought a complete fix with a ready-to-merge PR. "
        "Escalating without a solution would have delayed resolution by weeks given their sprint cycles.",
    ),
    "motivation": (
        "Because I had some free time and thought I should help.",
        "I noticed the drop rate was causing revenue loss and no one was addressing it. I felt responsible to "
        "protect customer experience and business health even beyond my team's boundaries.",
    ),
    "verification": (
        "I told the Platform team about the fix and trusted them to test it.",
        "I reproduced the failure locally to confirm the root cause and tested my patch thoroughly before "
        "submitting it, ensuring the drop rate would go to zero.",
    ),
    "reflection": (
        "I would communicate more with the other team.",
        "I would propose establishing shared reliability SLAs and monitoring dashboards across teams upfront to "
        "catch such issues early and assign clear ownership.",
    ),
}


@pytest.mark.parametrize("probe", list(SEED))
def test_seed_weak_and_strong_answers(probe):
    weak, strong = SEED[probe]
    w, s = grade_probe(probe, weak), grade_probe(probe, strong)
    assert w.grade == "weak" and s.grade == "strong"
    assert w.reason and s.reason and w.reason != s.reason
    assert w.question == PROBES[probe]
    d = s.to_dict()
    assert d["probe"] == probe and d["grade"] == "strong" and isinstance(d["evidence"], list)


@pytest.mark.parametrize("probe", list(SEED))
def test_seed_answers_as_asr_text(probe):
    weak, strong = SEED[probe]

    def asr(t: str) -> str:
        return "".join(c for c in t.lower() if c.isalnum() or c in " '%$").replace("  ", " ")

    assert grade_probe(probe, asr(weak)).grade == "weak"
    assert grade_probe(probe, asr(strong)).grade == "strong"


def test_negated_escalation_is_strong():
    assert grade_probe("escalation", "I didn't just escalate it, I brought a fix.").grade == "strong"
    assert grade_probe("escalation", "Yes, I escalated it to their manager.").grade == "weak"


def test_unknown_probe_and_empty_answer():
    with pytest.raises(BadInputError) as err:
        grade_probe("motive", "Because customers were hurting.")
    assert all(p in str(err.value) for p in PROBES)
    with pytest.raises(BadInputError) as err:
        grade_probe("motivation", "  ")
    assert "no answer text" in str(err.value)


def _result(verdicts: dict[str, str], flags: tuple[str, ...] = ()) -> RubricResult:
    return RubricResult(
        findings=tuple(Finding(id=k, verdict=v) for k, v in verdicts.items()),
        red_flags=tuple(RedFlag(id=f, quote="x") for f in flags),
    )


def test_choose_probe_follows_the_gaps():
    ok = {"scope_boundary": "pass", "verification": "pass", "reflection_specific": "pass"}
    assert choose_probe(_result(ok, ("escalation_handoff",))) == "escalation"
    assert choose_probe(_result({**ok, "scope_boundary": "fail"})) == "motivation"
    assert choose_probe(_result(ok, ("opportunistic_motivation",))) == "motivation"
    assert choose_probe(_result({**ok, "verification": "fail"})) == "verification"
    assert choose_probe(_result(ok, ("generic_reflection",))) == "reflection"
    assert choose_probe(_result(ok)) is None


def test_choose_probe_on_a_real_answer():
    weak = ("It wasn't my team's service and nobody asked me. I escalated it to the platform team and they "
            "handled it. I learned that communication is important.")
    assert choose_probe(check_text(weak, "mid", "ownership")) == "escalation"
