"""The work behind the web app: the project loaded once, a PDF or a page image per order, one at a time.

reportlab keeps global state (registered fonts, its shaping and paragraph caches) and pdfium is
not thread-safe either, so every render holds one lock: concurrent requests queue and each gets
exactly the PDF it asked for (bench/web.py measures it). Nothing is written to disk: PDFs and
images are made in memory.
"""
from __future__ import annotations

import io
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from leaflets.build.pipeline import build_outputs, reading_path
from leaflets.build.project import Project, load_project
from leaflets.diagnostics import LeafletError
from leaflets.web.orders import Order

PREVIEW_SCALE = 1.25      # of the PDF's 72 dpi: an A4 page is 744 pixels wide


@dataclass(frozen=True)
class Made:
    pdf: bytes            # the file to print (imposed sheets for a tri-fold or booklet)
    reading: bytes        # the pages in reading order (the same file for a plain handout)
    filename: str


@dataclass
class Studio:
    project: Project
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, root: Path) -> "Studio":
        """The project, loaded and checked; a project with errors raises LeafletError (nothing is served)."""
        project = load_project(root)
        project.diagnostics.raise_if_errors()
        return cls(project)

    def make(self, order: Order) -> Made:
        """Raises LeafletError when the clinic's details do not fit the layout (e.g. a tri-fold's back panel)."""
        with self.lock:
            outputs = build_outputs(self.project, order.combo, order.clinic)
        pdf = outputs[order.combo.output_path()]
        return Made(pdf, outputs.get(reading_path(order.combo), pdf), download_name(order))

    def preview(self, order: Order) -> tuple[bytes, int]:
        """(PNG of the order's page, in reading order; the number of pages). Raises LeafletError as make()
        does, and IndexError for a page the PDF does not have."""
        import pypdfium2 as pdfium  # reason: only previews need pypdfium2 (the web extra)

        made = self.make(order)
        with self.lock:
            pdf = pdfium.PdfDocument(made.reading)
            try:
                count = len(pdf)
                if order.page > count:
                    raise IndexError(count)
                page = pdf[order.page - 1]
                image = page.render(scale=PREVIEW_SCALE).to_pil()
                page.close()
            finally:
                pdf.close()
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue(), count


def slug(text: str) -> str:
    """ASCII letters, digits and hyphens, for a file name: 'Unidad del Dolor' -> 'unidad-del-dolor'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def download_name(order: Order) -> str:
    """e.g. drug-pump-es-cancer-a4-unidad-del-dolor-hospital-del-sol.pdf"""
    combo = order.combo
    parts = [combo.leaflet, combo.locale, combo.variant, combo.layout]
    if order.clinic is not None:
        parts.append(slug(order.clinic.name) or "clinic")
    return "-".join(parts) + ".pdf"


__all__ = ["LeafletError", "Made", "Studio", "download_name", "slug"]
