"""One block of a section body (validated data) -> its model node, for one variant."""
from __future__ import annotations

import functools

from leaflets.inputs.content import visible
from leaflets.inputs.sources import Document
from leaflets.model.nodes import (BulletList, Callout, Figure, FigureLabel, Paragraph, QRCode, Steps, Subheading,
                                  TableBlock)


# the zero of each numbering system CLDR gives as a default (numberingSystems.xml); the nine after it follow
_ZEROS = {"latn": 0x30, "arab": 0x660, "arabext": 0x6F0, "deva": 0x966, "beng": 0x9E6, "mymr": 0x1040,
          "tibt": 0xF20, "olck": 0x1C50, "mtei": 0xABF0, "cakm": 0x11136, "adlm": 0x1E950}


@functools.lru_cache(maxsize=None)
def locale_digits(locale: str) -> str:
    """The ten digits the locale writes numbers with by default (CLDR): ar-EG writes ٠١٢٣٤٥٦٧٨٩, fa ۰۱۲۳…,
    ar (Modern Standard Arabic in general) and hi Latin digits."""
    if locale.split("-")[0] in ("en", "de", "es", "vi", "zh", "hi", "fr"):
        return "0123456789"   # CLDR's default for these is latn; no need to load Babel's data
    from babel import Locale  # reason: Babel and its data, only for other locales

    system = Locale.parse(locale.replace("-", "_")).default_numbering_system
    zero = _ZEROS.get(system, 0x30)
    return "".join(chr(zero + d) for d in range(10))


def step_number(n: int, locale: str) -> str:
    digits = locale_digits(locale)
    return "".join(digits[int(d)] for d in str(n)) + "."


def share(text: str) -> float:
    """'60%' -> 0.6."""
    return int(text.rstrip("%")) / 100


class Blocks:
    def __init__(self, doc: Document, number, variant: str, images: dict):
        self.doc, self.number, self.variant, self.images = doc, number, variant, images

    def block(self, block: dict, path: tuple):
        where = self.doc.loc(path)
        if "paragraph" in block:
            return Paragraph(self.number.inline(block["paragraph"]), where)
        if "bullets" in block:
            items, sources = self.items(block["bullets"], path + ("bullets",))
            return BulletList(items, sources) if items else None
        if "steps" in block:
            items, sources = self.items(block["steps"], path + ("steps",))
            locale = self.doc.data["locale"]
            numbers = tuple(step_number(n, locale) for n in range(1, len(items) + 1))
            return Steps(items, numbers, sources) if items else None
        if "subheading" in block:
            return Subheading(block["subheading"], where)
        if "callout" in block:
            inner = tuple(self.block(b, path + ("body", i)) for i, b in enumerate(block["body"]))
            return Callout(block["callout"], block.get("title", ""), tuple(b for b in inner if b), where)
        if "figure" in block:
            labels = tuple(FigureLabel(label["text"], float(label["x"].rstrip("%")) / 100,
                                       float(label["y"].rstrip("%")) / 100) for label in block.get("labels", ()))
            return Figure(self.images[block["figure"]], block["alt"], self.number.inline(block.get("caption", "")),
                          share(block.get("width", "100%")), labels, where)
        if "table" in block:
            return TableBlock(block["table"], tuple(self.number.inline(c) for c in block["header"]),
                              tuple(tuple(self.number.inline(c) for c in row) for row in block["rows"]), where)
        return QRCode(block["qr"], block.get("caption", ""), where)

    def items(self, items: list, path: tuple):
        out, sources = [], []
        for ii, item in enumerate(items):
            if isinstance(item, dict):
                if not visible(item, self.variant):
                    continue
                item = item["text"]
            out.append(self.number.inline(item))
            sources.append(self.doc.loc(path + (ii,)))
        return tuple(out), tuple(sources)
