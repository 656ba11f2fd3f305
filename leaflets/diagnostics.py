"""Diagnostics that speak the author's language: file, line, column, key path."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


NOWHERE = SourceLocation("")
_DIGITS = re.compile(r"(\d+)")
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")     # a problem of no one place (a whole PDF, a build)


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    location: SourceLocation
    key: str
    message: str
    hint: str = ""
    code: str = field(kw_only=True)     # the kind of problem, stable, kebab-case: unknown-citation, translation-stale

    def __post_init__(self):
        if not CODE.fullmatch(self.code):
            raise ValueError(f"a diagnostic needs a kebab-case code, not {self.code!r}: {self.message}")

    def format(self, label: str = "") -> str:
        """`path:line:col: severity: key: message (hint)`. A check report's `label` (the combinations
        a finding applies to) goes in brackets before the key; a problem of no place starts at its severity."""
        where = f"{self.location}: " if str(self.location) else ""
        tag = f"[{label}] " if label else ""
        key = f"{self.key}: " if self.key else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity}: {tag}{key}{self.message}{hint}"

    def as_dict(self) -> dict:
        """For JSON reports; the key is left out, as a report lists findings under their check (the key)."""
        return {"severity": self.severity, "message": self.message, "location": str(self.location) or None,
                "hint": self.hint or None, "code": self.code or None}

    def sort_key(self):
        """By file, line, column, key and message, numbers in them as numbers (block 4 before block 10)."""
        return (self.location.path, self.location.line, self.location.column, _natural(self.key),
                _natural(self.message))

    def as_error(self) -> "Diagnostic":
        return replace(self, severity=ERROR)


@dataclass
class Diagnostics:
    """Collects every problem of a run so they can be reported together."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: SourceLocation, key: str, message: str, hint: str = "", *, code: str) -> None:
        self.items.append(Diagnostic(ERROR, location, key, message, hint, code=code))

    def warning(self, location: SourceLocation, key: str, message: str, hint: str = "", *, code: str) -> None:
        self.items.append(Diagnostic(WARNING, location, key, message, hint, code=code))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=Diagnostic.sort_key)

    def raise_if_errors(self, strict: bool = False) -> None:
        if self.errors or (strict and self.items):
            raise LeafletError(self.sorted(), strict=strict)


def _natural(text: str) -> tuple:
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in _DIGITS.split(text))


class LeafletError(Exception):
    """A problem in the user's input: reported without a traceback, exit code 1 (the CLI prints render())."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic, strict: bool = False):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        if strict:
            diagnostics = [d.as_error() for d in diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [d.format() for d in self.diagnostics]
        errors = sum(d.severity == ERROR for d in self.diagnostics)
        warnings = len(self.diagnostics) - errors
        lines.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
        return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
