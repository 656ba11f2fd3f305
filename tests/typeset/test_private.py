"""typeset/private.py: each private name of reportlab and pypdf we use still exists and does what we
rely on. A failure here after an upgrade names the accessor to rewrite."""
from __future__ import annotations

import gc
import inspect
import io
import itertools
import weakref

import pytest
import uharfbuzz
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.paragraph import _handleBulletWidth

from conftest import REPO
from leaflets.build.pipeline import build_reading
from leaflets.build.project import Combination
from leaflets.typeset import cjk, private
from leaflets.typeset.document import LeafletDoc, NotesFrame

DEVANAGARI = REPO / "fonts/noto-devanagari/NotoSansDevanagari-Regular.ttf"
LATIN = REPO / "fonts/noto/NotoSans-Regular.ttf"
CONJUNCTS = ("क्ष", "त्र", "श्र", "द्ध")      # glyphs with no character of their own


_NAMES = itertools.count()


def _font(path) -> TTFont:
    """A TTFont of our own, registered under a name no build uses: the process's fonts stay as they were
    (reportlab maps a font whose face name is registered already to the font registered first)."""
    font = TTFont(f"PrivateTest-{next(_NAMES)}", str(path))
    font.face.name = font.fontName
    pdfmetrics.registerFont(font)
    assert pdfmetrics.getFont(font.fontName) is font
    return font


@pytest.fixture
def devanagari():
    return _font(DEVANAGARI)


def _private_codes(text: str, name: str) -> list[int]:
    return [ord(ch) for ch in shapeStr(text, name, 10) if ord(ch) >= private.PRIVATE_USE_START]


# --- fonts -----------------------------------------------------------------------------------

def test_shaping_codes_are_the_private_use_codes_shaped_glyphs_got(devanagari):
    codes = _private_codes(CONJUNCTS[0], devanagari.fontName)
    given = private.shaping_codes(devanagari)
    assert isinstance(given, dict) and codes
    assert sorted(set(codes)) == sorted(v for v in given.values() if v in codes)
    assert all(isinstance(name, str) for name in given)
    assert all(code in devanagari.face.charToGlyph and code in devanagari.face.charWidths for code in given.values())


def test_a_font_that_never_shaped_has_no_shaping_codes():
    assert private.shaping_codes(_font(LATIN)) is None


def test_after_reset_shaping_codes_start_again_at_e000(devanagari):
    first = [_private_codes(text, devanagari.fontName) for text in CONJUNCTS[:-1]]
    assert min(first[-1]) > private.PRIVATE_USE_START       # the codes before it went to the others
    given = private.shaping_codes(devanagari)
    for code in list(given.values()):        # what fonts.forget_shaping takes back from the face
        devanagari.face.charToGlyph.pop(code, None)
    private.reset_shaping(devanagari)
    assert private.shaping_codes(devanagari) == {}
    # (a text shaped before would come from reportlab's cache of shaped words)
    assert min(_private_codes(CONJUNCTS[-1], devanagari.fontName)) == private.PRIVATE_USE_START


def test_shaped_advance_is_the_width_of_the_shaped_text(devanagari):
    latin = _font(LATIN)
    shaped = shapeStr("nnnn", latin.fontName, 12, force=True)
    assert isinstance(shaped, ShapedStr)
    assert private.shaped_advance(shaped) * 12 / 1000 == pytest.approx(stringWidth("nnnn", latin.fontName, 12))
    word = "नमस्ते"                   # what HarfBuzz itself gives, in 1/1000 of the size
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(DEVANAGARI)))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(face), buffer)
    expected = sum(p.x_advance for p in buffer.glyph_positions) * 1000 / face.upem
    assert private.shaped_advance(shapeStr(word, devanagari.fontName, 12)) == pytest.approx(expected)


# --- paragraphs and groups -------------------------------------------------------------------

def test_font_file_size_is_the_size_of_the_file_read():
    path = REPO / "fonts/noto/NotoSans-Regular.ttf"
    font = TTFont("private-size-test", str(path))
    assert private.font_file_size(font.face) == path.stat().st_size
    assert max(e["offset"] + e["length"] for e in font.face.table.values()) <= path.stat().st_size


def test_handle_bullet_width_narrows_the_first_line_by_what_the_bullet_overruns():
    assert list(inspect.signature(_handleBulletWidth).parameters) == ["bulletText", "style", "maxWidths"]
    style = ParagraphStyle("b", fontName="Helvetica", fontSize=10, bulletFontName="Helvetica", bulletFontSize=10,
                           leftIndent=0, bulletIndent=0)
    widths = [200.0, 200.0]
    private.handle_bullet_width("\u2022", style, widths)
    assert widths == [pytest.approx(200 - stringWidth("\u2022", "Helvetica", 10) - 6), 200.0]
    roomy = [200.0]
    private.handle_bullet_width("\u2022", ParagraphStyle("r", style, leftIndent=30), roomy)
    assert roomy == [200.0]


def test_is_split_part_marks_the_first_part_of_a_split_paragraph_and_cjk_keeps_its_lines():
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    para = Paragraph("words " * 200, style)
    para.wrap(100, 10_000)
    first, rest = para.split(100, 60)
    assert private.is_split_part(first) and not private.is_split_part(para) and not private.is_split_part(rest)
    assert cjk.breakLinesCJK(first, [100]) is first.blPara


def test_text_cursor_gives_a_callback_its_place_in_the_line():
    """An <onDraw> callback of a paragraph drawn at x=40 with a 15pt indent, after 'abc': the text object,
    the callback's x (indent + the width of 'abc') and where the text object's line starts (the indent)."""
    seen = []
    canv = Canvas(io.BytesIO())
    canv.setNamedCB("probe", lambda c, kind, label: seen.append(private.text_cursor(c)))
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12, leftIndent=15)
    para = Paragraph('abc<onDraw name="probe" label="x"/>def', style)
    para.wrap(300, 100)
    para.drawOn(canv, 40, 500)
    [(text, x, line_start)] = seen
    assert hasattr(text, "setXPos")
    assert x == pytest.approx(15 + stringWidth("abc", "Helvetica", 10)) and line_start == pytest.approx(15)


def test_a_keep_together_group_holds_its_flowables():
    a, b = Spacer(1, 10), Spacer(1, 20)
    group = KeepTogether([a, b])
    assert private.is_group(group) and private.group_contents(group) == [a, b]
    assert not private.is_group(a) and private.group_contents(a) == []


# --- frames -------------------------------------------------------------------------------------

_CANVAS = Canvas(io.BytesIO())


def _frame(cls=Frame):
    return cls(10, 20, 300, 400, leftPadding=3, bottomPadding=5, rightPadding=0, topPadding=7)


def test_the_public_geometry_of_a_frame_is_its_box():
    frame = _frame()
    assert (frame.x1, frame.y1, frame.height, frame.leftPadding, frame.bottomPadding, frame.topPadding) == (
        10, 20, 400, 3, 5, 7)


def test_the_cursor_starts_at_the_top_and_moves_down_by_what_is_added():
    frame = _frame()
    assert private.frame_cursor(frame) == 20 + 400 - 7
    assert frame.add(Spacer(1, 50), _CANVAS)
    assert private.frame_cursor(frame) == 20 + 400 - 7 - 50


def test_a_frame_is_at_its_top_until_a_flowable_is_added():
    frame = _frame()
    assert private.frame_at_top(frame)
    assert frame.add(Spacer(1, 50), _CANVAS)
    assert not private.frame_at_top(frame)


def test_a_raised_floor_is_where_flowables_stop_and_geometry_brings_it_back():
    frame = _frame()
    assert private.frame_floor(frame) == 20 + 5
    private.set_frame_floor(frame, 20 + 5 + 300)
    assert not frame.add(Spacer(1, 100), _CANVAS)       # 88pt of room left above the raised floor
    assert frame.add(Spacer(1, 80), _CANVAS)
    private.recompute_geometry(frame)
    assert private.frame_floor(frame) == 20 + 5


def test_reportlab_resets_the_frame_at_every_page_through_the_overridden_method():
    assert private.FRAME_RESET in vars(NotesFrame)
    assert inspect.signature(getattr(Frame, private.FRAME_RESET)).parameters.keys() == {"self"}
    resets = []

    class Counting(Frame):
        pass

    setattr(Counting, private.FRAME_RESET, lambda self: (resets.append(1), getattr(Frame, private.FRAME_RESET)(self)))
    doc = BaseDocTemplate(io.BytesIO(), pagesize=(300, 400))
    doc.addPageTemplates([PageTemplate("p", [Counting(0, 0, 300, 400)])])
    resets.clear()
    doc.build([Spacer(1, 300), Spacer(1, 300), Spacer(1, 300)])
    assert len(resets) >= 3


# --- documents -----------------------------------------------------------------------------------

def _doc(cls=BaseDocTemplate, **kw):
    doc = cls(io.BytesIO(), pagesize=(300, 400), **kw)
    doc.addPageTemplates([PageTemplate(name, [Frame(0, 0, 300, 400)]) for name in ("a", "b", "c")])
    return doc


def test_reportlab_chooses_each_pages_template_through_the_overridden_method():
    assert private.CHOOSE_PAGE_TEMPLATE in vars(LeafletDoc)
    assert inspect.signature(getattr(BaseDocTemplate, private.CHOOSE_PAGE_TEMPLATE)).parameters.keys() == {"self"}
    chosen = []

    class Recording(BaseDocTemplate):
        def afterPage(self):
            chosen.append(self.pageTemplate.id)

    setattr(Recording, private.CHOOSE_PAGE_TEMPLATE, lambda self: setattr(self, "pageTemplate", self.pageTemplates[1]))
    _doc(Recording).build([Spacer(1, 300), Spacer(1, 300), Spacer(1, 300)])
    assert chosen == ["a", "b", "b"]


def test_take_next_template_index_takes_what_handle_next_page_template_asked_for():
    doc = _doc()
    assert private.take_next_template_index(doc) is None
    doc.handle_nextPageTemplate("c")
    assert private.take_next_template_index(doc) == 2
    assert private.take_next_template_index(doc) is None


def test_a_document_kept_unsaved_writes_nothing_until_its_canvas_is_saved():
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=(300, 400))
    doc.addPageTemplates([PageTemplate("p", [Frame(0, 0, 300, 400)])])
    private.keep_unsaved(doc)
    doc.build([Spacer(1, 10)])
    assert buffer.getvalue() == b""
    doc.canv.save()
    assert buffer.getvalue().startswith(b"%PDF")


def test_table_cells_are_the_rows_of_a_table_also_after_a_split():
    cells = [[Paragraph(f"row {r} col {c}", getSampleStyleSheet()["Normal"]) for c in range(2)] for r in range(30)]
    table = Table(cells, repeatRows=1)
    assert private.table_cells(table)[5][1] is cells[5][1]
    table.wrap(300, 10_000)
    first, rest = table.split(300, 200)
    assert len(private.table_cells(first)) + len(private.table_cells(rest)) == 30 + 1   # the header twice
    assert private.table_cells(rest)[0] == private.table_cells(table)[0]


# --- pypdf ----------------------------------------------------------------------------------------

def test_the_catalog_is_the_root_object_that_is_written():
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    catalog = private.catalog(writer)
    assert isinstance(catalog, DictionaryObject) and catalog["/Type"] == "/Catalog"
    catalog[NameObject("/Lang")] = TextStringObject("ar")
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).trailer["/Root"]["/Lang"] == "ar"


# --- tagging: marked content inside a paragraph's text object ---------------------------------

def _drawn_paragraph(markup: str, hook_text=None):
    """Draw a paragraph on a canvas whose text objects get the hooks tagging sets; the canvas's code."""
    calls = []

    class Recording(Canvas):
        def beginText(self, x=0, y=0, direction=None):
            text = private.text_object(self, x, y, direction, format_text=hook_text and (
                lambda text, original, string: hook_text(original, string)))
            private.set_text_owner(self, text)
            private.set_link_hook(text, lambda link, kind: (calls.append((link[1], kind)),
                                                            private.text_object_insert_before_last(self, "%S")
                                                            if kind == "start" else
                                                            private.text_object_append(self, "%E")))
            return text

    canv = Recording(io.BytesIO(), invariant=1)
    para = Paragraph(markup, ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12))
    para.wrap(400, 100)
    para.drawOn(canv, 10, 10)
    return calls, " ".join(canv._code)


def test_the_link_hook_is_called_where_a_link_starts_and_ends_and_the_tokens_land_around_its_text():
    calls, code = _drawn_paragraph('see <a href="https://example.org/x">the site</a> now')
    assert calls == [("https://example.org/x", "start"), ("https://example.org/x", "end")]
    start, end = code.index("%S"), code.index("%E")
    assert start < code.index("the site") < end < code.index("now")
    assert "see" in code[:start]


def test_format_text_sees_every_string_the_paragraph_shows():
    seen = []

    def spy(original, string):
        seen.append(str(string))
        return original(string)

    _drawn_paragraph("plain <b>bold</b> words", spy)
    assert "".join(seen).split() == ["plain", "bold", "words"]


def test_shape_data_clusters_and_the_simple_cluster(devanagari):
    shaped = shapeStr("नमस्ते", devanagari.fontName, 12)
    assert all(isinstance(d.cluster, int) for d in private.shape_data(shaped))
    mixed = shapeStr(CONJUNCTS[0], devanagari.fontName, 12) + " x"
    assert isinstance(mixed, ShapedStr)
    assert [d.cluster for d in private.shape_data(mixed)][-2:] == [private.SIMPLE_CLUSTER] * 2


def test_postscript_name_is_the_base_font_reportlab_writes(project):
    data = build_reading(project, Combination("drug-pump", "cancer", "en", "a4"))
    bases = {str(f.get_object()["/BaseFont"]).split("+", 1)[1]
             for f in PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()}
    layout = project.layouts["a4"]
    body = project.chains_for(layout, "en")[0]
    assert private.postscript_name(pdfmetrics.getFont(body.face(False, False))) in bases


def test_glyph_chars_maps_glyph_ids_to_the_characters_of_the_cmap(devanagari):
    chars = private.glyph_chars(devanagari)
    gid = devanagari.face.charToGlyph[ord("न")]
    assert ord("न") in chars[gid]


def test_wrapped_height_is_a_tables_height_at_its_last_wrap():
    from reportlab.platypus import Paragraph, Table
    from reportlab.lib.styles import getSampleStyleSheet

    table = Table([["a"], ["b"], ["c"]])
    _, h = table.wrap(200, 500)
    assert h > 0 and private.wrapped_height(table) == h
    para = Paragraph("words", getSampleStyleSheet()["Normal"])
    _, ph = para.wrap(200, 500)
    assert private.wrapped_height(para) == ph


@pytest.mark.parametrize("markup", ["one two three four five six seven eight nine ten eleven twelve",
                                    "one <b>two</b> three four five six seven <i>eight</i> nine ten eleven twelve"])
def test_line_ends_show_their_text_at_each_line_end_before_the_next_line(markup):
    """reportlab shows each line of a paragraph with _textOut(..., TStar=1): plain and styled lines alike;
    after the paragraph's last line nothing is shown, in the code private.text_code gives the canvas (its
    text would end with a space)."""
    ends = []

    class Ending(Canvas):
        def beginText(self, x=0, y=0, direction=None):
            return private.text_object(self, x, y, direction, ends=lambda line: ends.append(str(line)) or "~")

        def drawText(self, text):          # as the tagging canvas draws it
            self._code.append(private.text_code(text))

    canv = Ending(io.BytesIO(), invariant=1)
    para = Paragraph(markup, ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12))
    para.wrap(120, 200)
    para.drawOn(canv, 10, 10)
    code = " ".join(canv._code)
    assert len(ends) == len(para.blPara.lines) > 2
    assert code.count("(~) Tj T*") == len(ends) - 1        # shown at every line end but the last
    assert code.count(" T*") == len(ends)                   # whose T* stays
    assert ends[-1].rstrip().endswith("twelve")


def test_a_text_object_with_its_hooks_is_freed_without_the_garbage_collector():
    """A text object of private.text_object holds no reference to itself: it is freed as soon as nothing
    else refers to it (a cycle would wait for the garbage collector, whose collections cost a tagged
    render more than a millisecond)."""
    canv = Canvas(io.BytesIO(), invariant=1)
    text = private.text_object(canv, 10, 10, None, ends=lambda line: " ",
                               format_text=lambda text, original, string: original(string))
    text.setFont("Helvetica", 10)
    text.textLine("one line")
    freed = weakref.ref(text)
    gc.disable()
    try:
        del text
        assert freed() is None
    finally:
        gc.enable()


def test_text_object_literal_lands_where_it_is_added_among_the_text_objects_operators():
    canv = Canvas(io.BytesIO(), invariant=1)
    text = canv.beginText(10, 10)
    text.setFont("Helvetica", 10)
    private.text_object_literal(text, "/ReadAs <</ActualText (x)>> BDC")
    text.textOut("abc")
    private.text_object_literal(text, "EMC")
    code = text.getCode()
    assert code.index("/ReadAs") < code.index("(abc) Tj") < code.index("EMC") < code.index("ET")
