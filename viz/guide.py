"""The Info tab and the teacher guide: one text, shown in the app and printed as Markdown.

The words are in :mod:`viz.text` and :mod:`viz.lessons`; this module only puts them in order
and renders them, as HTML for the app and as Markdown for ``docs/teacher-guide.md`` and
``docs/docentenhandleiding.md``. ``uv run python -m viz.guide`` writes those two files, and a
test fails when they differ from what it would write, so the printed guide cannot drift from
the one in the app.

The guide's expected observations are the lessons' own "things to notice", the texts that
tests/test_app.py checks on nine of ten seeds, rather than a second wording of them.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from pathlib import Path

from sim.bilingual import LANGUAGES, pick
from viz.lessons import LESSONS
from viz.text import (
    GUIDE_CAVEATS,
    GUIDE_GOALS,
    GUIDE_INTRO,
    GUIDE_PLAN,
    GUIDE_WORDS,
    INFO,
    scenario_label,
    t,
)

ROOT = Path(__file__).resolve().parents[1]
#: The printed guide, by language.
GUIDE_FILES = {
    "en": ROOT / "docs" / "teacher-guide.md",
    "nl": ROOT / "docs" / "docentenhandleiding.md",
}
ODD = ROOT / "docs" / "ODD.md"

#: A rendered block: its kind ("title", "h", "h3", "p", "li", "note") and its text.
Rendered = tuple[str, str]


def _word(key: str, lang: str, **fields: object) -> str:
    text = pick(GUIDE_WORDS[key], lang)
    return text.format(**fields) if fields else text


def info(lang: str) -> list[Rendered]:
    """The Info tab in ``lang``."""
    return [(kind, pick(text, lang)) for kind, text in INFO]


def teacher_guide(lang: str) -> list[Rendered]:
    """The teacher guide in ``lang``: learning goals, a 45-minute plan, each lesson's set-up,
    expected observations, explanation and questions, and what not to read into the numbers."""
    blocks: list[Rendered] = [("title", _word("title", lang))]
    blocks += [(kind, pick(text, lang)) for kind, text in GUIDE_INTRO]
    blocks += [("h", _word("goals", lang)), ("p", _word("goals_lead", lang))]
    blocks += [("li", pick(goal, lang)) for goal in GUIDE_GOALS]
    blocks.append(("h", _word("plan", lang)))
    start = 0
    for minutes, step in GUIDE_PLAN:
        span = _word("minutes", lang, start=start, end=start + minutes)
        blocks.append(("li", f"{span}: {pick(step, lang)}"))
        start += minutes
    blocks.append(("h", _word("lessons", lang)))
    for lesson in LESSONS:
        blocks.append(("h3", lesson.text("title", lang)))
        names = [scenario_label(name, lang) for name in lesson.scenarios]
        scenarios = (
            _word("setup_pair", lang, a=names[0], b=names[1]) if len(names) > 1 else names[0]
        )
        layer = t(f"layer_{lesson.layer}", lang)
        blocks.append(
            ("note", _word("setup", lang, scenarios=scenarios, layer=layer, weeks=lesson.weeks))
        )
        blocks.append(("p", f"{t('predict', lang)} {lesson.text('predict', lang)}"))
        blocks.append(("h4", _word("expected", lang)))
        blocks.append(("p", lesson.text("notice", lang)))
        blocks.append(("note", _word("expected_note", lang)))
        blocks.append(("h4", _word("why", lang)))
        blocks.append(("p", lesson.text("explain", lang)))
        blocks.append(("h4", _word("discuss", lang)))
        blocks += [("li", pick(question, lang)) for question in lesson.discuss]
    blocks.append(("h", _word("caveats", lang)))
    blocks += [("li", pick(caveat, lang)) for caveat in GUIDE_CAVEATS]
    return blocks


def plan_minutes() -> int:
    """How long the lesson plan takes, in minutes."""
    return sum(minutes for minutes, _ in GUIDE_PLAN)


# --- rendering -------------------------------------------------------------------------------

_MARKDOWN_PREFIX = {"title": "# ", "h": "## ", "h3": "### ", "h4": "#### ", "p": "", "li": "- "}


def markdown(blocks: list[Rendered], lang: str) -> str:
    """``blocks`` as a Markdown page; a list's items stay together, everything else is a
    paragraph of its own."""
    lines = [f"<!-- {_word('generated', lang)} -->", ""]
    for i, (kind, text) in enumerate(blocks):
        if kind == "note":
            lines.append(f"*{text}*")
        else:
            lines.append(_MARKDOWN_PREFIX[kind] + text)
        following = blocks[i + 1][0] if i + 1 < len(blocks) else None
        if not (kind == "li" and following == "li"):
            lines.append("")
    return "\n".join(lines)


_HTML_TAG = {"title": "h2", "h": "h3", "h3": "h4", "h4": "h5", "p": "p"}


def html_page(blocks: list[Rendered]) -> str:
    """``blocks`` as HTML for the app, every text escaped; runs of items become one list."""
    parts: list[str] = []
    in_list = False
    for kind, text in blocks:
        if kind == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        escaped = _code(html.escape(text))
        if kind == "li":
            parts.append(f"<li>{escaped}</li>")
        elif kind == "note":
            parts.append(f'<p class="note"><i>{escaped}</i></p>')
        else:
            tag = _HTML_TAG[kind]
            parts.append(f"<{tag}>{escaped}</{tag}>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def _code(escaped: str) -> str:
    """Markdown's `code` spans as HTML (the texts use them only for commands)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


_PRINT_CSS = (
    "body { font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.45 } "
    "h3 { margin-top: 1.6em } h4 { margin-bottom: 0.3em } .note { color: #444 } "
    "@media print { h4 { break-before: auto } h5 { break-after: avoid } }"
)


def printable_html(lang: str) -> str:
    """The teacher guide in ``lang`` as a page of its own, to print from the browser."""
    title = html.escape(_word("title", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_PRINT_CSS}</style></head>\n<body>\n"
        f"{html_page(teacher_guide(lang))}\n</body>\n</html>\n"
    )


@functools.cache
def odd_html() -> str:
    """The model description (docs/ODD.md) as HTML, converted once; "" when the file is not
    there (an installed package without the docs)."""
    import markdown as md  # Solara's own dependency; loaded only when the ODD is shown

    if not ODD.exists():
        return ""
    return md.markdown(ODD.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])


def guide_markdown(lang: str) -> str:
    """The printable teacher guide in ``lang``, as written to :data:`GUIDE_FILES`."""
    return markdown(teacher_guide(lang), lang)


def main(argv: list[str] | None = None) -> int:
    """Write the printable guides; with ``--check``, only say whether they are up to date."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for lang in LANGUAGES:
        path, text = GUIDE_FILES[lang], guide_markdown(lang)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
