"""YAML syntax errors in plain words, at the line of the mistake rather than where PyYAML noticed it.

PyYAML reports where it gave up: a key without its colon is noticed on the next line, a string
closed with a curly quote where the next straight quote is, lines further on. explain() looks
at the text around that place for the few mistakes writers make and says what they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CURLY = "\u201c\u201d\u2018\u2019"        # “ ” ‘ ’
_STARTS_CURLY = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#'\"][^:#]*:\s+)?(?P<quote>[\u201c\u2018\u201d])")
_KEY_AND_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*)(?:\s+(?P<rest>\S.*?))?\s*$")
_STRAIGHT = re.compile(r'(?<!\\)"')
_LOOK_BACK = 40     # lines searched above the error for the string a curly quote failed to close


@dataclass(frozen=True)
class Explained:
    line: int       # 0-based, as PyYAML's marks
    column: int
    message: str
    hint: str


def explain(text: str, problem: str, problem_line: int, context: str = "",
            context_line: int | None = None) -> Explained | None:
    """Plain words for a syntax error PyYAML reported as `problem` at `problem_line`, or None."""
    lines = text.split("\n")
    if not 0 <= problem_line < len(lines):
        return None
    back = max(_LOOK_BACK, problem_line - context_line + 1) if context_line is not None else _LOOK_BACK
    return (_tab(lines, problem_line) or _unclosed_by_curly_quote(lines, problem_line, back)
            or _opened_by_curly_quote(lines, problem_line)
            or _missing_colon(lines, problem, problem_line, context, context_line))


def _tab(lines, n):
    line = lines[n]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return Explained(n, indent.index("\t"), "a tab is used to indent this line", "indent with spaces, not tabs")
    return None


def _unclosed_by_curly_quote(lines, n, back):
    """A string opened with a straight quote and closed with a curly one runs on to the next straight quote."""
    for i in range(n, max(-1, n - back), -1):
        line = lines[i]
        quotes = [m.start() for m in _STRAIGHT.finditer(line)]
        if len(quotes) % 2 == 1:
            curly = [j for j in range(quotes[-1] + 1, len(line)) if line[j] in "\u201d\u201c"]
            if curly:
                return Explained(i, curly[-1], f"the text opened with \" on this line ends with a curly quote "
                                               f"{line[curly[-1]]}, so it runs on to the next \"",
                                 'close it with a straight quote "')
            return None
    return None


def _opened_by_curly_quote(lines, n):
    m = _STARTS_CURLY.match(lines[n])
    if m:
        quote = m.group("quote")
        return Explained(n, m.start("quote"), f"the text starts with a curly quote {quote}, which YAML does not "
                                              "read as a quote, so the ': ' in it starts a key",
                         'put the text in straight quotes "..."')
    return None


def _missing_colon(lines, problem, n, context, context_line):
    if "could not find expected ':'" in problem and context_line is not None:
        at = context_line
    elif problem.startswith("mapping values are not allowed") and n > 0:
        at = _previous_line(lines, n)
        if at is None or _indent(lines[at]) != _indent(lines[n]) or ":" in lines[at]:
            return None
    else:
        return None
    m = _KEY_AND_VALUE.match(lines[at])
    if not m:
        return None
    key, rest = m.group("key"), m.group("rest")
    hint = f"write '{key}: {rest}'" if rest else f"write '{key}: ' and its value"
    return Explained(at, len(m.group("indent")), f"no colon after the key {key!r}", hint)


def _previous_line(lines, n):
    for i in range(n - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
