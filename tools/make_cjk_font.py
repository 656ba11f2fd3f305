#!/usr/bin/env python3
"""Build fonts/noto-cjk/LeafletsNotoSansSC-{Regular,Bold}.ttf (maintainer tool, not run by CI).

reportlab embeds only TrueType (glyf) outlines, while Noto Sans CJK is shipped
with CFF outlines.  This script takes the Simplified-Chinese face of Noto Sans
CJK from Debian's ``fonts-noto-cjk`` package, subsets it to the characters a
Simplified-Chinese patient leaflet needs and converts the cubic CFF outlines to
quadratic TrueType outlines (the fontTools ``otf2ttf`` recipe: Cu2QuPen +
TTGlyphPen, new glyf/loca/maxp 1.0, CFF and VORG dropped, post format 3).
The family is renamed "Leaflets Noto Sans SC Subset" to mark it as a modified
version; the copyright, licence and other name records are kept.

Source package (Debian 12 "bookworm"):
    fonts-noto-cjk 1:20220127+repack1-1   (Noto Sans CJK 2.004)
    files: usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
           usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc

Characters kept (only those the source font actually has):
    * every character of GB 2312 (rows 01-09 symbols/kana/Greek/Cyrillic/
      pinyin/box drawing, rows 16-55 level-1 and rows 56-87 level-2 hanzi,
      6,763 hanzi in all; the set is enumerated by decoding with Python's
      ``gb2312`` codec, so no external list is needed)
    * Basic Latin, Latin-1 Supplement, General Punctuation, CJK Symbols and
      Punctuation (U+3000-303F), Halfwidth and Fullwidth Forms (U+FF00-FFEF)
    * a few symbol blocks handy in patient text (letterlike symbols such as
      U+2103 degree Celsius, number forms, arrows, enclosed numbers, geometric
      shapes such as bullets) - see EXTRA_RANGES - and a handful of hanzi
      outside GB 2312 (EXTRA_HANZI)
    * optionally every character of the files given with --extra-text (use it
      when a leaflet needs a rare hanzi outside GB 2312).

Regenerate (from the repository root, with fontTools in the venv):

    .venv/bin/pip install fonttools
    mkdir -p /tmp/cjk && cd /tmp/cjk
    apt-get download fonts-noto-cjk          # or fetch the .deb from a Debian mirror
    dpkg-deb -x fonts-noto-cjk_*_all.deb x
    cd -
    .venv/bin/python tools/make_cjk_font.py \\
        --source-dir /tmp/cjk/x/usr/share/fonts/opentype/noto \\
        --out-dir fonts/noto-cjk

The output is deterministic (the head.modified timestamp of the source font
is kept), so re-running it on the same package gives byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.ttCollection import TTCollection

FAMILY = "Leaflets Noto Sans SC Subset"
PS_PREFIX = "LeafletsNotoSansSC"
SOURCE_PS_NAME = "NotoSansCJKsc-{style}"      # PostScript name of the face inside the TTC
SOURCE_FILE = "NotoSansCJK-{style}.ttc"
STYLES = ("Regular", "Bold")

# Cubic-to-quadratic tolerance in font units (1000 per em): 1 unit = 0.01 pt at 10 pt.
MAX_ERR = 1.0

BASE_RANGES = [
    (0x0020, 0x007E),   # Basic Latin
    (0x00A0, 0x00FF),   # Latin-1 Supplement
    (0x2000, 0x206F),   # General Punctuation
    (0x3000, 0x303F),   # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),   # Halfwidth and Fullwidth Forms
]
EXTRA_RANGES = [
    (0x2100, 0x214F),   # Letterlike Symbols (U+2103 ℃, U+2116 №, U+2122 ™)
    (0x2150, 0x218F),   # Number Forms (Roman numerals Ⅰ Ⅱ …)
    (0x2190, 0x21FF),   # Arrows
    (0x2460, 0x24FF),   # Enclosed Alphanumerics (① ② …)
    (0x25A0, 0x25FF),   # Geometric Shapes (■ □ ● ○ ▲ …)
    (0x2600, 0x2606),   # a few Miscellaneous Symbols (☆ ★)
    (0x2713, 0x2714),   # check marks ✓ ✔
    (0xFFFD, 0xFFFD),   # replacement character
]
# A few characters of the 2013 Table of General Standard Chinese Characters
# (通用规范汉字表) that are not in GB 2312: 腘 (腘窝, popliteal fossa), 啰, 瞭,
# and hanzi common in personal names (clinicians named on contact panels).
EXTRA_HANZI = "腘啰瞭堃喆镕甦祎珺玥昇赟垚犇"

# GSUB/GPOS features kept.  reportlab does not apply OpenType features to CJK
# text, but keeping these costs little and lets a shaping engine use them.
# 'locl' is deliberately left out: in this font it maps the SC glyphs to the
# Japanese/Korean/Traditional-Chinese variants and would pull thousands of
# extra glyphs into the subset.
LAYOUT_FEATURES = ["ccmp", "kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "vhal",
                   "liga", "mark", "mkmk"]


def gb2312_chars() -> set[str]:
    """Every character of GB 2312, found by decoding all two-byte EUC-CN codes."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def gb2312_hanzi() -> set[str]:
    """The 6,763 hanzi of GB 2312 (levels 1 and 2, lead bytes 0xB0-0xF7)."""
    return {c for c in gb2312_chars() if c.encode("gb2312")[0] >= 0xB0}


def wanted_codepoints(extra_files: list[Path]) -> set[int]:
    cps = {ord(c) for c in gb2312_chars()}
    for lo, hi in BASE_RANGES + EXTRA_RANGES:
        cps.update(range(lo, hi + 1))
    cps.update(ord(c) for c in EXTRA_HANZI)
    for path in extra_files:
        cps.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20)
    return cps


def load_face(source_dir: Path, style: str) -> TTFont:
    """The Simplified-Chinese face of the Noto Sans CJK collection, found by PostScript name."""
    path = source_dir / SOURCE_FILE.format(style=style)
    want = SOURCE_PS_NAME.format(style=style)
    for index, face in enumerate(TTCollection(str(path)).fonts):
        if face["name"].getDebugName(6) == want:
            return TTFont(str(path), fontNumber=index, lazy=False)
    sys.exit(f"{path}: no face with PostScript name {want}")


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.name_IDs = ["*"]            # keep copyright, licence, designer … records
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False             # CFF hints are meaningless after conversion anyway
    options.desubroutinize = True
    options.drop_tables += ["VORG"]     # VORG is for CFF fonts only
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (fontTools otf2ttf recipe)."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise: reverse them.
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph(dropImpliedOnCurves=True)

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)                  # computes the glyph bounding boxes

    # TrueType wants left side bearing == xMin (head.flags bit 1).
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.numGlyphs = len(order)

    post = font["post"]
    post.formatType = 3.0               # no glyph names (the CID names carry no information)
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont, style: str) -> None:
    """New family/full/PostScript/unique names; all other records (copyright, licence …) kept."""
    name = font["name"]
    version = font["head"].fontRevision
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    ps = f"{PS_PREFIX}-{style}"
    source_ps = SOURCE_PS_NAME.format(style=style)
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (4,):
            rec.string = full
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 3:
            rec.string = f"{version:.3f};LEAFLETS;{ps};subset of {source_ps}"
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 5:
            rec.string = (f"{rec.toUnicode()}; modified by leaflets tools/make_cjk_font.py: "
                          f"subset (GB 2312 + punctuation + Latin), CFF converted to TrueType")
    # Make sure the English records exist on the Windows platform (what reportlab reads).
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(style, 2, 3, 1, 0x409)
    name.setName(full, 4, 3, 1, 0x409)
    name.setName(ps, 6, 3, 1, 0x409)


def check(font: TTFont, codepoints: set[int], label: str) -> None:
    cmap = font.getBestCmap()
    missing_hanzi = sorted(c for c in gb2312_hanzi() if ord(c) not in cmap)
    missing_gb = sorted(c for c in gb2312_chars() if ord(c) not in cmap)
    if missing_hanzi:
        sys.exit(f"{label}: {len(missing_hanzi)} GB 2312 hanzi missing: {''.join(missing_hanzi[:50])}")
    if missing_gb:
        print(f"{label}: note: GB 2312 non-hanzi not in the source font: "
              + " ".join(f"U+{ord(c):04X}" for c in missing_gb))
    # Requested ideographs (EXTRA_HANZI, --extra-text) the source font lacks.
    missing_extra = sorted(cp for cp in codepoints
                           if cp not in cmap and (0x3400 <= cp <= 0x9FFF or cp >= 0x20000))
    if missing_extra:
        print(f"{label}: warning: requested hanzi not in the source font: "
              + "".join(chr(cp) for cp in missing_extra))
    print(f"{label}: {len(cmap)} characters mapped, {font['maxp'].numGlyphs} glyphs, "
          f"all {len(gb2312_hanzi())} GB 2312 hanzi present")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", type=Path, required=True,
                    help="folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc "
                         "(usr/share/fonts/opentype/noto of the unpacked fonts-noto-cjk .deb)")
    ap.add_argument("--out-dir", type=Path, default=Path("fonts/noto-cjk"))
    ap.add_argument("--extra-text", type=Path, action="append", default=[],
                    help="UTF-8 text file whose characters are added to the subset (repeatable)")
    args = ap.parse_args(argv)

    codepoints = wanted_codepoints(args.extra_text)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        font = load_face(args.source_dir, style)
        font.recalcTimestamp = False    # keep the source's head.modified: reproducible output
        subset_font(font, codepoints)
        cff_to_glyf(font)
        rename(font, style)
        out = args.out_dir / f"{PS_PREFIX}-{style}.ttf"
        font.save(str(out))
        check(TTFont(str(out)), codepoints, out.name)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
