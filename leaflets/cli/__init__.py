"""The command line: thin click commands over build/ and quality/.

`main` is the click group (build, list, check, translations, schemas, verify, preview);
`run` is what generate.py and the `leaflets` script call.
"""
from leaflets.cli.app import main, run

__all__ = ["main", "run"]
