"""`rehearse check` on plain text, on analyze's JSON, and with --probe, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys

SEED_STRONG = (
    "Last spring our checkout service was silently dropping 0.3% of payment webhooks. "
    "The consumer belonged to the platform team, not my team, and no ticket existed. "
    "I pulled a week of logs and I traced the drops to a retry handler that gave up after one timeout. "
    "I reproduced the failure locally and I tested my patch before I opened a ready-to-merge pull request. "
    "I chose a dead letter queue over a longer retry window because it kept the fix small and reviewable. "
    "The drop rate went from 0.3% to zero, which recovered about $8K of revenue a week, "
    "and two other teams adopted the alert pattern. "
    "Looking back, I would propose shared reliability SLAs and dashboards across teams upfront."
)
SEED_WEAK = (
    "We had a problem with dropped payment webhooks. "
    "We figured out the root cause together. "
    "I sent them a Slack message and they handled it, and I trusted them to test it. "
    "The team was happy. I learned communication is important."
)


def rehearse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rehearse", *args], capture_output=True, text=True, input=stdin, timeout=120)


def check_json(text: str, *args: str) -> dict:
    proc = rehearse("check", "-", "--json", *args, stdin=text)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_strong_answer_passes_the_core_criteria():
    data = check_json(SEED_STRONG, "--level", "senior", "--lp", "ownership")
    assert data["schema_version"] == 1 and data["timing"] is None
    for criterion in ("scope_boundary", "ownership_language", "impact_metric", "impact_business",
                      "impact_second_order", "verification", "reflection_specific", "tradeoffs"):
        assert data["rubric"][criterion]["verdict"] == "pass", criterion
    assert data["red_flags"] == []
    assert all(set(s) == {"name", "text", "confidence"} for s in data["sections"])  # no times without audio
    assert [s["name"] for s in data["sections"]][-1] == "reflection"


def test_weak_answer_fails_and_raises_the_seed_red_flags():
    data = check_json(SEED_WEAK, "--level", "mid", "--lp", "ownership")
    assert data["rubric"]["scope_boundary"]["verdict"] == "fail"
    assert data["rubric"]["verification"]["verdict"] == "fail"
    flags = {f["id"] for f in data["red_flags"]}
    assert {"escalation_handoff", "delegated_validation", "vague_result", "generic_reflection"} <= flags
    for f in data["red_flags"]:
        assert f["quote"] and f["quote"].lower() in SEED_WEAK.lower()


def test_check_reads_analyze_json_and_keeps_times(tmp_path):
    words, t = [], 0.0
    for tok in SEED_STRONG.split():
        words.append({"w": tok, "start_s": round(t, 2), "end_s": round(t + 0.3, 2)})
        t += 0.38
    report = {"schema_version": 1, "duration_s": t + 1, "model": "tiny.en",
              "transcript": {"text": SEED_STRONG, "words": words}, "sections": []}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    proc = rehearse("check", str(path), "--level", "senior", "--lp", "ownership", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["timing"]["total_s"] == words[-1]["end_s"]
    evidence = data["rubric"]["scope_boundary"]["evidence"]
    assert evidence and evidence[0]["start_s"] is not None and evidence[0]["start_s"] > 0


def test_probe_grades_the_seed_follow_ups():
    weak = rehearse("check", "-", "--probe", "escalation", "--json", stdin="I did escalate it - I sent them a Slack message and they handled it.")
    strong = rehearse("check", "-", "--probe", "escalation", "--json", stdin=(
        "I flagged the issue to their tech lead for visibility but brought a complete fix with a ready-to-merge PR. "
        "Escalating without a solution would have delayed resolution by weeks given their sprint cycles."))
    assert weak.returncode == strong.returncode == 0
    assert json.loads(weak.stdout)["grade"] == "weak"
    assert json.loads(strong.stdout)["grade"] == "strong"


def test_readable_output_names_the_lp_angle(tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(SEED_STRONG)
    proc = rehearse("check", str(path), "--level", "mid", "--lp", "customer_obsession")
    assert proc.returncode == 0, proc.stderr
    assert "customer_first" in proc.stdout
    assert "Angle for customer obsession" in proc.stdout
