"""leaflets: printable, paginated PDF patient leaflets from YAML content and layouts.

The public API is what this module exposes (``__all__``); it is loaded on first use,
so ``import leaflets`` imports nothing else and changes nothing in the process.

    project = leaflets.load_project(Path("."))
    project.diagnostics.raise_if_errors()
    for combo in leaflets.select(project, locales=["en"]):
        pdf = leaflets.build_pdf(project, combo)

The stages, each a subpackage, import only the ones below them:
cli > web > build > quality | output > typeset > layout > model > inputs > diagnostics.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {
    "load_project": "leaflets.build.project",
    "Project": "leaflets.build.project",
    "Combination": "leaflets.build.project",
    "select": "leaflets.build.pipeline",
    "build_pdf": "leaflets.build.pipeline",
    "build_outputs": "leaflets.build.pipeline",
    "leaflet_for": "leaflets.build.pipeline",
    "verify": "leaflets.quality.verify",
    "Diagnostic": "leaflets.diagnostics",
    "LeafletError": "leaflets.diagnostics",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'leaflets' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
