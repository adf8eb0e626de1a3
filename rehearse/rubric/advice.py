"""Advice text: the templates of ``prompts/rubric.toml`` filled with quotes from the answer.
"""

from __future__ import annotations

from rehearse.rubric.rules import RubricRules


def shorten(text: str, n: int = 12) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


class Slots(dict[str, object]):
    """Template slots for str.format_map; a placeholder without a value renders empty."""

    def __missing__(self, key: str) -> str:  # unknown placeholders render empty
        return ""


def advice_text(rules: RubricRules, crit: str, key: str, **slots: object) -> str:
    template = rules.advice.get(crit, {}).get(key) or rules.advice.get(crit, {}).get("fail", "")
    return template.format_map(Slots({k: v for k, v in slots.items()}))
