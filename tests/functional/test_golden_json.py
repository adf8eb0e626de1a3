"""Golden outputs: `rehearse analyze --json` and `rehearse check` print exactly what they printed
when these files were captured (before the package was reorganised into layers).

Inputs are fixed files in the repository: two Piper-synthesized STAR answers stored as FLAC
(tests/data/golden, from tests/data/answers; stored because Piper is not deterministic), the
speech clips in tests/data/speech, and the rubric's labelled texts in tests/data/rubric.

`check` on analyze's golden JSON runs segmentation, timing, delivery and the rubric on real
Whisper words without loading Whisper, so most of the contract is checked in the fast loop.

Regenerate (only when a change of output is intended):
    REHEARSE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/functional/test_golden_json.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
GOLDEN = TESTS / "data" / "golden"
UPDATE = os.environ.get("REHEARSE_UPDATE_GOLDEN") == "1"

# Fields whose value legitimately changes from run to run or machine to machine.
VOLATILE_KEYS = {"path", "created_at", "recorded_at", "timestamp"}

ANALYZE_INPUTS = {
    "mid_ownership_handoff": (GOLDEN / "mid_ownership_handoff.flac", "mid", "ownership"),
    "mid_good": (GOLDEN / "mid_good.flac", "mid", "customer_obsession"),
    "jfk": (TESTS / "data" / "speech" / "jfk_inaugural_1961.flac", "senior", "ownership"),
    "librispeech": (TESTS / "data" / "speech" / "librispeech_2412-153948-0000.flac", "mid", "bias_for_action"),
}


def scrub(data):
    if isinstance(data, dict):
        return {k: ("<volatile>" if k in VOLATILE_KEYS else scrub(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [scrub(v) for v in data]
    return data


def compare(name: str, actual, *, text: bool = False) -> None:
    path = GOLDEN / (f"{name}.txt" if text else f"{name}.json")
    if not text:
        actual = scrub(actual)
    if UPDATE:
        path.write_text(actual if text else json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with REHEARSE_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if text:
        assert actual == expected
    else:
        assert actual == json.loads(expected)


def rehearse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    proc = subprocess.run(
        [sys.executable, "-m", "rehearse", *args],
        capture_output=True, text=True, input=stdin, timeout=600, cwd=REPO, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def labelled_texts() -> list[tuple[str, str, str, str]]:
    """(id, level, lp, text) for every labelled rubric answer that carries its text."""
    out = []
    for path in sorted((TESTS / "data" / "rubric").glob("*.toml")):
        for answer in tomllib.loads(path.read_text(encoding="utf-8")).get("answer", []):
            if answer.get("text"):
                out.append((answer["id"], answer.get("level", "mid"), answer.get("lp", "ownership"), answer["text"]))
    return out


# -- analyze (real Whisper) ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ANALYZE_INPUTS))
def test_analyze_json_is_unchanged(name):
    audio, level, lp = ANALYZE_INPUTS[name]
    proc = rehearse("analyze", str(audio), "--level", level, "--lp", lp, "--json")
    compare(f"analyze_{name}", json.loads(proc.stdout))


@pytest.mark.slow
def test_analyze_readable_output_is_unchanged():
    audio, level, lp = ANALYZE_INPUTS["mid_ownership_handoff"]
    proc = rehearse("analyze", str(audio), "--level", level, "--lp", lp)
    compare("analyze_mid_ownership_handoff_readable", proc.stdout, text=True)


# -- check (no Whisper) -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ANALYZE_INPUTS))
def test_check_on_analyze_json_is_unchanged(name, tmp_path):
    analyzed = GOLDEN / f"analyze_{name}.json"
    if not analyzed.is_file():
        pytest.skip("the analyze golden is written by the slow test")
    _, level, lp = ANALYZE_INPUTS[name]
    proc = rehearse("check", str(analyzed), "--level", level, "--lp", lp, "--json")
    compare(f"check_analyzed_{name}", json.loads(proc.stdout))


def test_check_json_on_every_labelled_text_is_unchanged(tmp_path):
    """All labelled texts through `check --json` in one process (the CLI's own entry point)."""
    script = (
        "import io, json, sys, contextlib\n"
        "from rehearse.cli import main\n"
        "out = {}\n"
        "for ident, level, lp, text in json.load(sys.stdin):\n"
        "    path = f'{sys.argv[1]}/{ident}.txt'\n"
        "    open(path, 'w', encoding='utf-8').write(text)\n"
        "    buf = io.StringIO()\n"
        "    with contextlib.redirect_stdout(buf):\n"
        "        code = main(['check', path, '--level', level, '--lp', lp, '--json'])\n"
        "    assert code == 0, ident\n"
        "    out[ident] = json.loads(buf.getvalue())\n"
        "json.dump(out, sys.stdout)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], input=json.dumps(labelled_texts()),
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert len(results) == len(labelled_texts()) > 50
    compare("check_labelled_texts", results)


SEED_WEAK = (
    "We had a problem with dropped payment webhooks. "
    "We figured out the root cause together. "
    "I sent them a Slack message and they handled it, and I trusted them to test it. "
    "The team was happy. I learned communication is important."
)
PROBE_ANSWERS = {
    "escalation": "I did escalate it - I sent them a Slack message and they handled it.",
    "motivation": "Because nobody else was going to do it, and customers were losing orders every hour.",
    "verification": "I reproduced it in staging and I ran the load test myself before the merge.",
    "reflection": "Next time I would set up a shared SLA dashboard with the platform team from day one.",
}


def test_check_on_stdin_and_probes_are_unchanged():
    out = {"weak_stdin": json.loads(rehearse("check", "-", "--level", "mid", "--lp", "ownership", "--json", stdin=SEED_WEAK).stdout)}
    for probe, text in PROBE_ANSWERS.items():
        out[f"probe_{probe}"] = json.loads(rehearse("check", "-", "--probe", probe, "--json", stdin=text).stdout)
    compare("check_stdin_and_probes", out)


def test_check_readable_output_is_unchanged():
    text = rehearse("check", "-", "--level", "senior", "--lp", "ownership", stdin=SEED_WEAK).stdout
    text += "\n----\n" + rehearse("check", "-", "--probe", "escalation", stdin=PROBE_ANSWERS["escalation"]).stdout
    analyzed = GOLDEN / "analyze_mid_ownership_handoff.json"
    if analyzed.is_file():
        text += "\n----\n" + rehearse("check", str(analyzed), "--level", "mid", "--lp", "ownership").stdout
    compare("check_readable", text, text=True)


# -- record (the CLI path with the microphone replaced by a golden file) -------------------


@pytest.mark.slow
def test_record_json_is_unchanged(tmp_path, monkeypatch, capsys):
    """`record --json` with a file as the microphone and live transcription failing, so the
    saved take goes through the batch analyser: the report, `capture` and `streaming` fields."""
    import io

    import soundfile as sf

    import rehearse.asr.streaming
    from rehearse.audio import devices
    from rehearse.audio.files import FileSource
    from rehearse.cli import main
    from rehearse.errors import RehearseError

    samples, rate = sf.read(ANALYZE_INPUTS["mid_ownership_handoff"][0], dtype="float32")

    class GoldenMic(FileSource):
        last = None

        def __init__(self, device=None):
            super().__init__(samples=samples, sample_rate=rate, realtime=False)
            self.device = devices.DeviceInfo(0, "golden mic", "test", 1, 0, rate, True, False)
            GoldenMic.last = self

        @property
        def overflows(self) -> int:
            return 0

    class EnterAfterAudio(io.StringIO):
        def readline(self, *args):
            GoldenMic.last.wait(60)
            return "\n"

    class FailingStream:
        def __init__(self, transcriber, sample_rate):
            pass

        def attach(self, recorder):
            return self

        def cancel(self):
            pass

        def finish(self, timeout=None):
            raise RehearseError("golden: no live transcription", "analyse the take")

    monkeypatch.setattr(devices, "SoundDeviceSource", GoldenMic)
    monkeypatch.setattr(rehearse.asr.streaming, "StreamingTranscriber", FailingStream)
    monkeypatch.setattr("sys.stdin", EnterAfterAudio())
    monkeypatch.setenv("REHEARSE_DATA_DIR", str(tmp_path / "data"))
    assert main(["record", "--level", "mid", "--lp", "ownership", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"].endswith(".wav")
    data["source"] = "<volatile>"
    data["streaming"]["stop_to_report_s"] = "<volatile>"
    compare("record_mid_ownership_handoff", data)
