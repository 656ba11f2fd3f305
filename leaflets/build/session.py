"""One run's state, made once and passed to each stage (as WeasyPrint passes its FontConfiguration).

A run is a CLI command, a batch, or a library call: `load_project(root)` makes a
session unless it is given one, and the Project carries it, so `build_pdf(project,
combo)` needs nothing more. Only a forked build worker keeps a process global (the
project it works on: build/workers.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from leaflets.build.manifest import package_fingerprint
from leaflets.diagnostics import Diagnostics

if TYPE_CHECKING:
    from leaflets.typeset.fonts import FontRegistry


@dataclass(eq=False)
class BuildSession:
    diagnostics: Diagnostics = field(default_factory=Diagnostics)  # what loading the project found
    models: dict | None = None      # (project, leaflet, locale, variant) -> Leaflet, while a batch runs

    @cached_property
    def fonts(self) -> FontRegistry:
        """The fonts this run parsed and registered with reportlab."""
        from leaflets.typeset.fonts import FontRegistry  # reason: a no-op rebuild loads no font code

        return FontRegistry()

    @cached_property
    def package(self) -> str:
        """The fingerprint of this program and the libraries that shape a PDF (build.manifest)."""
        return package_fingerprint()

    @contextmanager
    def resolved_once(self):
        """Within the block, each leaflet x locale x variant is resolved once (the model is frozen),
        also for the workers forked inside it."""
        outer = self.models
        self.models = {} if outer is None else outer
        try:
            yield
        finally:
            self.models = outer
