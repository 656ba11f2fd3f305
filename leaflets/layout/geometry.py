"""Page geometry: tri-fold panels, the sides of imposed sheets and where each page sits on them.

Pure arithmetic on a Layout; nothing here draws or reads a PDF.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from leaflets.layout.settings import Layout


TEXT_PANELS = 4          # four panels take the flowing text: 2 to 4, then the back (1 is the cover)


FLAP = 5                 # the fold-in panel, seen beside panel 2 when the cover opens: the contact panel alone
BACK = 6                 # the back panel: the end of the text, the references and the closing lines


@dataclass(frozen=True)
class Panel:
    number: int          # in reading order, 1 to 6
    name: str
    width: float
    height: float
    side: str            # 'outside' or 'inside' of the sheet
    x: float             # left edge, on its side of the sheet


def trifold_panels(layout: Layout, rtl: bool = False) -> tuple[Panel, ...]:
    """The six panels in reading order, with where each sits on the sheet.

    rtl: a brochure read right to left is the mirror image: the cover is on the left of the outside,
    it opens to the left, and the inside reads 2, 3, 4 from right to left.
    """
    W, H, d = layout.page_width, layout.page_height, layout.fold_in_narrower
    wide = (W + d) / 3
    narrow = wide - d
    panels = (
        Panel(1, "front cover", wide, H, "outside", narrow + wide),
        Panel(2, "inside left", wide, H, "inside", 0.0),
        Panel(3, "inside middle", wide, H, "inside", wide),
        Panel(4, "inside right", narrow, H, "inside", 2 * wide),
        Panel(5, "fold-in", narrow, H, "outside", 0.0),
        Panel(6, "back", wide, H, "outside", narrow),
    )
    if rtl:
        mirrored = {"inside left": "inside right", "inside right": "inside left"}
        panels = tuple(replace(p, name=mirrored.get(p.name, p.name), x=W - p.x - p.width) for p in panels)
    return panels


def contact_page_size(layout: Layout) -> tuple[float, float]:
    """Size of the page (or panel) that must hold the contact panel."""
    if layout.imposition == "trifold":
        flap = trifold_panels(layout)[FLAP - 1]
        return flap.width, flap.height
    return layout.page_width, layout.page_height


def reading_page_sizes(layout: Layout, count: int) -> list[tuple[float, float]]:
    """The size of each page of the reading-order PDF, as designed (trim size)."""
    if layout.imposition == "trifold":
        return [(p.width, p.height) for p in trifold_panels(layout)][:count]
    return [(layout.page_width, layout.page_height)] * count


@dataclass(frozen=True)
class Placement:
    page: int | None         # 0-based page of the reading-order PDF; None: left blank
    x: float                 # where the page's lower left corner goes on the sheet side
    y: float


@dataclass(frozen=True)
class Side:
    """One side of one sheet: a page of the imposed PDF."""

    width: float
    height: float
    placements: tuple
    turned: bool = False     # the whole side rotated 180 degrees (long-edge duplex backs)


def padded(count: int) -> int:
    """Pages in a saddle-stitched booklet of `count` pages: the next multiple of 4."""
    return max(4, -(-count // 4) * 4)


def saddle_stitch_order(n: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Per sheet k (from the outside in): (front left, front right), (back left, back right), 1-based.

    Sheet k carries pages N-2k and 1+2k on the front, 2+2k and N-1-2k on the back.
    """
    if n % 4:
        raise ValueError(f"a saddle-stitched booklet has a multiple of 4 pages, not {n}")
    return [((n - 2 * k, 1 + 2 * k), (2 + 2 * k, n - 1 - 2 * k)) for k in range(n // 4)]


def booklet_sides(layout: Layout, count: int, rtl: bool = False) -> list[Side]:
    """The sides of the sheets for `count` reading-order pages; pages past `count` stay blank.

    rtl: a booklet read right to left is bound on the right, so each side's two pages swap places.
    """
    W, H = layout.sheet_width, layout.sheet_height
    w, h = layout.page_width, layout.page_height
    left, right, y = W / 2 - w, W / 2, (H - h) / 2     # the fold is the middle of the sheet
    if rtl:
        left, right = right, left
    sides = []
    for front, back in saddle_stitch_order(padded(count)):
        for i, (a, b) in enumerate((front, back)):
            sides.append(Side(W, H, (Placement(_page(a, count), left, y), Placement(_page(b, count), right, y)),
                              turned=i == 1 and layout.duplex == "long-edge"))
    return sides


def _page(number: int, count: int) -> int | None:
    return number - 1 if number <= count else None


def trifold_sides(layout: Layout, rtl: bool = False) -> list[Side]:
    """Outside (panels 5, 6, 1; mirrored for rtl) then inside (2, 3, 4) of the tri-fold sheet."""
    W, H = layout.page_width, layout.page_height
    panels = trifold_panels(layout, rtl)
    sides = []
    for i, side in enumerate(("outside", "inside")):
        here = sorted((p for p in panels if p.side == side), key=lambda p: p.x)
        sides.append(Side(W, H, tuple(Placement(p.number - 1, p.x, 0.0) for p in here),
                          turned=i == 1 and layout.duplex == "long-edge"))
    return sides


def sides_for(layout: Layout, count: int, rtl: bool = False) -> list[Side]:
    if layout.imposition == "trifold":
        return trifold_sides(layout, rtl)
    if layout.imposition == "saddle-stitch":
        return booklet_sides(layout, count, rtl)
    raise ValueError(f"layout {layout.name!r} is not imposed")
