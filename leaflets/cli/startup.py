"""What the command line does before any work, for a fast cold start."""
from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


class _Deferred(ModuleType):
    """Stands in for a library in sys.modules until one of its attributes is first used.

    reportlab imports uharfbuzz as soon as it is imported (pdfbase.ttfonts), to shape
    text if a paragraph asks for it. Only Arabic and Devanagari need shaping here, so
    an English build would pay about 8 ms of every cold start for nothing. reportlab
    only tests that the name is true until it shapes; the first real use (uharfbuzz.Font,
    .Buffer, .shape, ...) imports the library and puts it in sys.modules instead.
    Only the command line does this: a program that imports leaflets as a library
    keeps its sys.modules as it was.
    """

    def __init__(self, name: str, spec):
        super().__init__(name)
        self.__spec__ = spec        # what the import system reads of a module it finds in sys.modules

    def __getattr__(self, attr: str):
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        module = importlib.import_module(name)
        self.__dict__.update(module.__dict__)     # later uses find everything here directly
        return getattr(module, attr)


def defer(name: str) -> None:
    """Put a stand-in for `name` in sys.modules, unless it is imported already or not installed."""
    spec = None if name in sys.modules else importlib.util.find_spec(name)
    if spec is not None:        # not installed: reportlab finds no module and does without shaping
        sys.modules[name] = _Deferred(name, spec)
