"""Results: the rubric checklist; highlighting a finding highlights its evidence in the transcript."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rehearse.models import Finding

MARKS = {"pass": ("✓", "green"), "fail": ("✗", "red"), "n/a": ("–", "dim")}


def finding_label(finding: Finding) -> Text:
    mark, style = MARKS.get(finding.verdict, ("?", ""))
    text = Text()
    text.append(f"{mark} ", style=f"bold {style}")
    text.append(finding.id.replace("_", " ").capitalize())
    if finding.required and finding.verdict == "fail":
        text.append(" (required)", style="dim")
    return text


class FindingsList(OptionList):
    def show(self, findings: Sequence[Finding]) -> None:
        self.findings = {f.id: f for f in findings}
        self.set_options(Option(finding_label(f), id=f.id) for f in findings)
        if findings:
            self.highlighted = 0
