"""An ICC output profile in profiles/, for a print-shop layout's PDF/X-4 output intent.

The file must stay inside profiles/ and be what PDF/X-4 needs as a DestOutputProfile: an ICC
profile (the 'acsp' signature, its size as its header says) of an output device ('prtr') in CMYK.
"""
from __future__ import annotations

import struct
from pathlib import Path

MAX_BYTES = 4_000_000
_CLASSES = {b"mntr": "display", b"scnr": "input", b"prtr": "output", b"link": "device link",
            b"spac": "colour space", b"abst": "abstract", b"nmcl": "named colour"}


def read_profile(relative: str, root: Path) -> tuple[bytes | None, str, str]:
    """(the profile's bytes, "", "") or (None, what is wrong, how to fix it)."""
    base = (root / "profiles").resolve()
    target = (base / relative).resolve()
    if Path(relative).is_absolute() or not target.is_relative_to(base):
        return None, f"the profile {relative!r} is outside profiles/", "put it in profiles/ and name it relative to it"
    if not target.is_file():
        found = ", ".join(sorted(p.name for p in base.glob("*.ic[cm]"))) if base.is_dir() else ""
        return None, f"no profile profiles/{relative}", f"profiles there: {found}" if found else \
            "put the printing condition's CMYK ICC profile in profiles/ (see profiles/README.md)"
    data = target.read_bytes()[:MAX_BYTES + 1]
    if len(data) < 132 or data[36:40] != b"acsp" or struct.unpack(">I", data[:4])[0] != len(data):
        return None, f"profiles/{relative} is not an ICC profile (or is cut short)", "export it again from its source"
    if data[12:16] != b"prtr" or data[16:20] != b"CMYK":
        space, kind = data[16:20].decode("latin-1").strip(), _CLASSES.get(data[12:16], "other")
        return None, f"profiles/{relative} is a {space} {kind} profile, not a CMYK output (printer) profile", \
            "a PDF/X output intent needs the printing condition's CMYK profile"
    return data, "", ""
