"""Texts in two languages: one mechanism for every label the project shows.

Subgroups, scenarios, lessons, output labels and the app's words all hold a text as an
``(English, Dutch)`` pair, the Dutch optional; :func:`pick` chooses one. A missing Dutch text
falls back to the English one, so a user's file without translations still works.
"""

from __future__ import annotations

#: The languages of labels and texts: English and Dutch.
LANGUAGES: tuple[str, ...] = ("en", "nl")

#: A text in each language: (English, Dutch or None).
Bilingual = tuple[str, str | None]


def language_index(lang: str) -> int:
    """Where ``lang`` stands in :data:`LANGUAGES`; a ValueError names the allowed ones."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")
    return LANGUAGES.index(lang)


def pick(text: Bilingual, lang: str) -> str:
    """``text`` in ``lang``; English where the Dutch is missing."""
    chosen = text[language_index(lang)]
    return chosen if chosen else text[0]
