"""Results of the quality checks, and their three readings: terminal, JSON, JUnit XML.

verify.py and lint.py return CheckResults, whose findings are Diagnostics with the
check as their key; nothing here reads or writes files (the CLI writes what these
functions return).
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from leaflets.diagnostics import ERROR, NOWHERE, WARNING, Diagnostic, SourceLocation

INFO = "info"

PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"


@dataclass
class CheckResult:
    check: str                          # short id: fonts, body-size, readability, ...
    title: str                          # what is checked, for people: "every font embedded and subset"
    findings: list[Diagnostic] = field(default_factory=list)    # severity error, warning or info
    summary: str = ""                   # the figures in one phrase: "smallest body text 12.0pt (at least 12pt)"
    figures: dict = field(default_factory=dict)
    skipped: str = ""                   # why the check could not be made ("not scored: ...")

    @property
    def status(self) -> str:
        if any(f.severity == ERROR for f in self.findings):
            return FAIL
        if self.skipped:
            return SKIP
        if any(f.severity == WARNING for f in self.findings):
            return WARN
        return PASS

    def error(self, message: str, location: SourceLocation | None = None, hint: str = "", *, code: str) -> None:
        self.findings.append(Diagnostic(ERROR, location or NOWHERE, self.check, message, hint, code=code))

    def warning(self, message: str, location: SourceLocation | None = None, hint: str = "", *, code: str) -> None:
        self.findings.append(Diagnostic(WARNING, location or NOWHERE, self.check, message, hint, code=code))

    def info(self, message: str, location: SourceLocation | None = None, hint: str = "", *, code: str) -> None:
        self.findings.append(Diagnostic(INFO, location or NOWHERE, self.check, message, hint, code=code))

    def errors(self) -> list:
        return [f for f in self.findings if f.severity == ERROR]

    def warnings(self) -> list:
        return [f for f in self.findings if f.severity == WARNING]

    def as_dict(self) -> dict:
        return {"check": self.check, "title": self.title, "status": self.status, "summary": self.summary,
                "skipped": self.skipped or None, "figures": self.figures,
                "findings": [f.as_dict() for f in self.findings]}


@dataclass
class Outcome:
    """Every check of one leaflet x variant x locale x layout."""

    combination: object                 # project.Combination
    checks: list = field(default_factory=list)
    pdf: str = ""                       # the file checked

    @property
    def label(self) -> str:
        c = self.combination
        edition = f"clinics/{c.clinic}/" if getattr(c, "clinic", "") else ""
        return f"{edition}{c.leaflet}/{c.locale}/{c.variant}-{c.layout}"

    @property
    def failed(self) -> bool:
        return any(r.status == FAIL for r in self.checks)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.checks for f in r.findings if f.severity == severity)

    def figure(self, name: str, default=None):
        for r in self.checks:
            if name in r.figures:
                return r.figures[name]
        return default

    def as_dict(self) -> dict:
        return {**self.combination.as_dict(), "label": self.label, "pdf": self.pdf,
                "status": FAIL if self.failed else PASS,
                "errors": self.count(ERROR), "warnings": self.count(WARNING),
                "checks": [r.as_dict() for r in self.checks]}


def strictly(outcomes: list[Outcome]) -> None:
    """--strict: every warning becomes an error."""
    for outcome in outcomes:
        for r in outcome.checks:
            r.findings = [f.as_error() if f.severity == WARNING else f for f in r.findings]


# --- terminal ------------------------------------------------------------------

_FIGURES = (("pages", lambda v: f"{v} page{'s' if v != 1 else ''}"), ("bytes", lambda v: f"{v / 1024:.0f} KB"),
            ("smallest_body_pt", "body {:.1f}pt".format), ("lowest_contrast", "contrast {:.1f}:1".format),
            ("readability", None), ("words_per_sentence", "{:.1f} words/sentence".format))


def _figures_line(o: Outcome) -> str:
    parts = []
    for name, shown in _FIGURES:
        value = o.figure(name)
        if shown is None:       # readability: its scores, or that it was not scored
            if value:
                parts.append(" ".join(f"{k} {v:.1f}" for k, v in value.items()))
            elif o.figure("not_scored"):
                parts.append("readability not scored")
        elif value is not None:
            parts.append(shown(value))
    return " \u00b7 ".join(parts)


def text_report(outcomes: list[Outcome], color: bool = False, printed: tuple = (), errors_only: bool = False) -> str:
    """One line per combination, then every problem once, then the longest sentences, then totals.

    The totals count the findings shown, each once, and `printed`: the diagnostics of the inputs already
    printed above the report. errors_only: warnings are left out, and the totals say how many.
    """
    lines: list[str] = []
    width = max((len(o.label) for o in outcomes), default=10)
    for o in outcomes:
        status = "FAIL" if o.failed else "ok  "
        bad = [r.check for r in o.checks if r.status == FAIL]
        tail = f"  [failed: {', '.join(bad)}]" if bad else ""
        warned = [r.check for r in o.checks if r.status == WARN]
        tail += f"  [warnings: {', '.join(warned)}]" if warned and not errors_only else ""
        lines.append(f"{status}  {o.label:<{width}}  {_figures_line(o)}{tail}")
    findings = _findings(outcomes)
    shown = [f for f in findings if f.severity == ERROR or not errors_only]
    for block in ([f.format(findings[f]) for f in shown], [] if errors_only else _longest_sentences(outcomes)):
        if block:
            lines.append("")
            lines.extend(block)

    everything = list(findings) + list(printed)
    errors = sum(f.severity == ERROR for f in everything)
    warnings = sum(f.severity == WARNING for f in everything)
    failed = sum(o.failed for o in outcomes)
    lines.append("")
    tally = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    if errors_only:
        tally = f"{errors} error{'s' if errors != 1 else ''} ({warnings} warning{'s' if warnings != 1 else ''} " \
                "not shown: --errors-only)"
    lines.append(f"{len(outcomes)} checked: {len(outcomes) - failed} passed, {failed} failed; {tally}")
    return "\n".join(lines)


def _findings(outcomes: list[Outcome]) -> dict:
    """Every finding once (errors first, then by place and check) -> the combinations it applies to."""
    seen: dict[Diagnostic, list[str]] = {}
    for o in outcomes:
        for r in o.checks:
            for f in r.findings:
                if f.severity != INFO:
                    seen.setdefault(f, []).append(o.label)
    return {f: (seen[f][0] if len(seen[f]) == 1 else f"{seen[f][0]} and {len(seen[f]) - 1} more")
            for f in sorted(seen, key=lambda f: (f.severity != ERROR, str(f.location), f.key, f.message))}


def _longest_sentences(outcomes: list[Outcome]) -> list[str]:
    """Readability: figures and the longest sentences, once per leaflet x variant x locale."""
    shown = set()
    block: list[str] = []
    for o in outcomes:
        c = o.combination
        key = (c.leaflet, c.locale, c.variant)
        if key in shown:
            continue
        shown.add(key)
        for r in o.checks:
            if r.check == "sentence-length" and r.figures.get("longest"):
                block.append(f"{c.leaflet}/{c.locale}/{c.variant}: {r.summary}; longest sentences:")
                for s in r.figures["longest"]:
                    block.append(f"  {s['where']}: {s['words']} words: {s['text']}")
    return block


# --- JSON ----------------------------------------------------------------------

def json_report(outcomes: list[Outcome]) -> str:
    failed = sum(o.failed for o in outcomes)
    return json.dumps({
        "summary": {"checked": len(outcomes), "passed": len(outcomes) - failed, "failed": failed,
                    "errors": sum(o.count(ERROR) for o in outcomes),
                    "warnings": sum(o.count(WARNING) for o in outcomes)},
        "results": [o.as_dict() for o in outcomes],
    }, indent=2, ensure_ascii=False, default=str)


# --- JUnit XML -----------------------------------------------------------------

def junit_report(outcomes: list[Outcome], name: str = "leaflets verify", extra: list | None = None) -> bytes:
    """JUnit XML: one <testsuite> per combination, one <testcase> per check.

    A failed check is a <failure> whose message is its first error; warnings go
    to <system-out>; a check that could not be made is <skipped>. `extra` adds
    (suite, case, failure message or None) rows, e.g. for inputs that did not load.
    """
    root = ET.Element("testsuites", name=name)
    total = failures = skipped = 0
    for o in outcomes:
        suite = ET.SubElement(root, "testsuite", name=o.label, tests=str(len(o.checks)),
                              failures=str(sum(r.status == FAIL for r in o.checks)), errors="0",
                              skipped=str(sum(r.status == SKIP for r in o.checks)))
        props = ET.SubElement(suite, "properties")
        for key, value in o.combination.as_dict().items():
            ET.SubElement(props, "property", name=key, value=value)
        if o.pdf:
            ET.SubElement(props, "property", name="pdf", value=o.pdf)
        classname = o.label.replace("/", ".")
        for r in o.checks:
            total += 1
            case = ET.SubElement(suite, "testcase", classname=classname, name=f"{r.check}: {r.title}", time="0")
            if r.status == FAIL:
                failures += 1
                errs = r.errors()
                failure = ET.SubElement(case, "failure", message=errs[0].format(), type=r.check)
                failure.text = "\n".join(f.format() for f in r.findings)
            elif r.status == SKIP:
                skipped += 1
                ET.SubElement(case, "skipped", message=r.skipped)
            out = [r.summary] if r.summary else []
            out += [f.format() for f in r.findings if f.severity != ERROR]
            if out:
                ET.SubElement(case, "system-out").text = "\n".join(out)
    for suite_name, case_name, message in extra or ():
        total += 1
        suite = ET.SubElement(root, "testsuite", name=suite_name, tests="1",
                              failures="1" if message else "0", errors="0", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=case_name, time="0")
        if message:
            failures += 1
            failure = ET.SubElement(case, "failure", message=message.splitlines()[0], type=case_name)
            failure.text = message
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
