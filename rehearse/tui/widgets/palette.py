"""Colours taken from the active Textual theme, so custom-drawn bars follow theme changes."""

from __future__ import annotations

from textual.widget import Widget


def theme_colors(widget: Widget) -> dict[str, str]:
    theme = widget.app.current_theme
    fallback = theme.primary
    return {
        "primary": theme.primary,
        "accent": theme.accent or fallback,
        "success": theme.success or fallback,
        "warning": theme.warning or fallback,
        "error": theme.error or fallback,
        "secondary": theme.secondary or fallback,
        "panel": theme.panel or theme.surface or "#333333",
        "muted": theme.surface or "#222222",
    }
