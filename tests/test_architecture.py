"""The shape of the package: stages import one way, no cycles, small modules and functions.

lint-imports (run by .ci/run) checks the layers; these tests check what it does not.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from radon.complexity import cc_visit

PACKAGE = Path(__file__).resolve().parents[1] / "leaflets"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
WORST_GRADE_ALLOWED = 40        # radon's grade E ends at 40; F is 41 and above


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), function-local imports included."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_counting_imports_inside_functions():
    graph = grimp.build_graph("leaflets")
    assert _cycles(graph) == []


def test_a_cycle_is_found_when_there_is_one():
    class Graph:
        modules = {"a", "b", "c"}

        @staticmethod
        def find_modules_directly_imported_by(m):
            return {"a": {"b"}, "b": {"a"}, "c": set()}[m]

    assert _cycles(Graph) == [["a", "b"]]


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_module_is_small(path):
    lines = path.read_text().count("\n")
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


def test_no_function_is_long():
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{_name(path)}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_no_function_of_radon_grade_f():
    complex_ = [f"{_name(path)}:{block.lineno} {block.name} ({block.complexity})"
                for path in SOURCES for block in cc_visit(path.read_text())
                if block.complexity > WORST_GRADE_ALLOWED]
    assert complex_ == []


def test_function_local_imports_of_the_package_say_why():
    """An import inside a function exists only for start-up speed, and its line says so."""
    silent = []
    for path in SOURCES:
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("leaflets"):
                    text = " ".join(lines[inner.lineno - 1: inner.end_lineno])
                    if "#" not in text:
                        silent.append(f"{_name(path)}:{inner.lineno} from {inner.module}")
    assert silent == []


def test_importing_the_package_changes_nothing_else():
    code = ("import sys; before = set(sys.modules); import leaflets; "
            "print(sorted(m for m in set(sys.modules) - before if not m.startswith('leaflets')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    code = "import sys, leaflets; print(type(sys.modules.get('uharfbuzz')).__name__)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "NoneType"


def test_the_public_api_is_what_the_root_exposes():
    import leaflets

    for name in leaflets.__all__:
        assert getattr(leaflets, name) is not None
    with pytest.raises(AttributeError):
        leaflets.no_such_thing


def test_every_diagnostic_made_in_the_package_names_its_code():
    """Diagnostic(...), and .error/.warning/.info of a sink or check result, always with code=."""
    missing = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            makes = name == "Diagnostic" or (isinstance(func, ast.Attribute) and name in ("error", "warning", "info")
                                             and len(node.args) >= 1)
            if makes and not any(k.arg == "code" for k in node.keywords):
                missing.append(f"{_name(path)}:{node.lineno} {name}(...)")
    assert missing == []


def test_a_diagnostic_without_a_code_cannot_be_made():
    from leaflets.diagnostics import ERROR, Diagnostic, Diagnostics, SourceLocation

    with pytest.raises(TypeError):
        Diagnostic(ERROR, SourceLocation("a.yaml"), "", "message")
    with pytest.raises(ValueError, match="kebab-case"):
        Diagnostic(ERROR, SourceLocation("a.yaml"), "", "message", code="Not A Code")
    with pytest.raises(TypeError):
        Diagnostics().error(SourceLocation("a.yaml"), "", "message")
