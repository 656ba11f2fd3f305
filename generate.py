#!/usr/bin/env python3
"""Entry point: python generate.py build | list | check | schemas (see --help)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from leaflets.cli import main, run  # noqa: E402,F401  (main: the click group, for importers)

if __name__ == "__main__":
    run()
