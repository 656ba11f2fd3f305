"""Every diagnostic about an input has a stable kebab-case code naming its kind (unknown-key, yaml-alias...).

Each case of tests/bad/ is applied as tests/test_bad_inputs.py applies it, the project is loaded with
load_project, and each diagnostic is traced to the module that made it.
"""
from __future__ import annotations

import re
import sys

import pytest

from test_bad_inputs import CASES, apply_case, case_root, load_case, template  # noqa: F401 (fixtures)
from leaflets.build.project import load_project
from leaflets.diagnostics import Diagnostic, LeafletError

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OURS = ("leaflets.inputs.", "leaflets.model.")



class Traced(Diagnostic):
    """A Diagnostic that remembers the module that made it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frame = sys._getframe(1)
        while frame.f_globals.get("__name__") in ("leaflets.diagnostics", "dataclasses"):
            frame = frame.f_back
        object.__setattr__(self, "origin", frame.f_globals.get("__name__", ""))


@pytest.fixture
def traced(monkeypatch):
    for name, module in list(sys.modules.items()):
        if name.startswith("leaflets") and getattr(module, "Diagnostic", None) is Diagnostic:
            monkeypatch.setattr(module, "Diagnostic", Traced)


def diagnostics_of(root) -> list[Diagnostic]:
    try:
        return load_project(root).diagnostics.items
    except LeafletError as exc:
        return exc.diagnostics


def origin(d: Diagnostic) -> str:
    return getattr(d, "origin", "")  # "": made by a module imported after the fixture ran


def codeless(diagnostics, include) -> list[str]:
    return [f"{origin(d)}: {d.format()}" for d in diagnostics if include(d) and not CODE.match(d.code)]


@pytest.mark.parametrize("name", CASES)
def test_every_diagnostic_about_an_input_has_a_code(name, case_root, tmp_path, traced):
    apply_case(load_case(name), case_root, tmp_path / "outside")
    found = diagnostics_of(case_root)
    assert codeless(found, lambda d: origin(d).startswith(OURS)) == []
    assert codeless(found, lambda d: True) == []


def test_diagnostics_are_traced_to_the_module_that_made_them(case_root, tmp_path, traced):
    apply_case(load_case("bib-unknown-key"), case_root, tmp_path / "outside")
    apply_case({"file": "layouts/a4.yaml", "edit": [{"find": "extends: handout", "replace": "extends: [1"}]},
               case_root, tmp_path / "outside")
    found = {(origin(d), d.code) for d in diagnostics_of(case_root)}
    assert ("leaflets.inputs.schema", "unknown-key") in found
    assert ("leaflets.inputs.sources", "yaml-syntax") in found
