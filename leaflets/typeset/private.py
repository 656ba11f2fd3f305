"""Every private name of reportlab and pypdf the package uses, in one place.

Each function says what it touches and why no public API does the job;
tests/typeset/test_private.py fails if an upgrade removes or changes one.
This module imports nothing (reportlab inside functions only): fonts.py (imported by every command)
uses it before reportlab is needed.

Not here because a public name does the same: Frame.add (reportlab's
`add = _add`), the frame's x1, y1, height and paddings (public through
Frame.__getattr__), and pypdf's PdfWriter.root_object.
"""
from __future__ import annotations

# --- fonts: the private-use codes reportlab gives to shaped glyphs --------------------

PRIVATE_USE_START = 0xE000      # the first code reportlab hands out (TTFont.hbFace)


def shaping_codes(font) -> dict | None:
    """TTFont.__hbUnis: glyph name -> the private-use code reportlab gave that shaped glyph,
    or None if the font never shaped. fonts.forget_shaping takes the codes back."""
    return font.__dict__.get("_TTFont__hbUnis")


def reset_shaping(font) -> None:
    """Forget the codes of shaping_codes(font) and restart TTFont.__hbPrivate, the next code to
    hand out, at U+E000: a PDF's codes then do not depend on the PDFs the process made before."""
    font.__dict__["_TTFont__hbUnis"].clear()
    font._TTFont__hbPrivate = PRIVATE_USE_START


def shaped_advance(shaped) -> float:
    """The advance of a ShapedStr in 1/1000 of the font size: the sum of its glyphs' x_advance
    in ShapedStr.__shapeData__ (reportlab keeps HarfBuzz's positions there and nowhere public)."""
    return sum(g.x_advance for g in shaped.__shapeData__)


def font_file_size(face) -> int:
    """How many bytes of the font file TTFontFace read (TTFontFile._ttf_data): compared with the
    ends of the tables its directory lists, it tells a file cut short (fonts._cut_short)."""
    return len(face._ttf_data)


# --- paragraphs and groups ---------------------------------------------------------------

def handle_bullet_width(bullet_text, style, max_widths) -> None:
    """paragraph._handleBulletWidth: narrows max_widths[0] by what the bullet takes beyond the
    indent, as reportlab's own breakLinesCJK does first (cjk.breakLinesCJK replaces that method)."""
    from reportlab.platypus.paragraph import _handleBulletWidth     # this module imports nothing

    _handleBulletWidth(bullet_text, style, max_widths)


def is_split_part(paragraph) -> bool:
    """Paragraph._splitpara: set on the first part of a split paragraph, whose lines (blPara)
    are already broken and are kept by breakLinesCJK."""
    return bool(getattr(paragraph, "_splitpara", 0))


def is_group(flowable) -> bool:
    """A KeepTogether (or another of reportlab's containers): it holds flowables in _content."""
    return hasattr(flowable, "_content")


def group_contents(flowable) -> list:
    """The flowables a KeepTogether holds (_content; no public accessor), [] for any other."""
    return getattr(flowable, "_content", None) or []


def wrapped_height(flowable) -> float:
    """The height of a flowable at its last wrap: `height` for most, Table._height for a Table."""
    height = getattr(flowable, "height", None)
    return height if height is not None else getattr(flowable, "_height", 0.0)


def table_cells(table) -> list:
    """Table._cellvalues: the rows of a Table's cells (also of each part after a split; the public
    constructor argument is not kept)."""
    return getattr(table, "_cellvalues", None) or []


# --- frames: where the next flowable goes, and the floor footnotes raise ----------------

FRAME_RESET = "_reset"
"""Frame._reset, called by reportlab at the start of every frame (page): NotesFrame overrides it
to lower the floor raised for the last page's footnotes (recompute_geometry)."""


def frame_cursor(frame) -> float:
    """Frame._y: the y of the top of the next flowable."""
    return frame._y


def frame_at_top(frame) -> bool:
    """Frame._atTop: nothing is in the frame yet (a flowable that does not fit now fits no page)."""
    return bool(frame._atTop)


def frame_floor(frame) -> float:
    """Frame._y1p: the lowest y a flowable may reach (the frame's bottom plus its padding);
    NotesFrame raises it to keep room for the footnotes of what the page holds."""
    return frame._y1p


def set_frame_floor(frame, y: float) -> None:
    frame._y1p = y


def recompute_geometry(frame) -> None:
    """Frame._geom: work out the floor and the room again from the frame's box."""
    frame._geom()


# --- documents: page templates and saving ---------------------------------------------------

CHOOSE_PAGE_TEMPLATE = "_setPageTemplate"
"""BaseDocTemplate._setPageTemplate, called by reportlab at the start of every page to choose its
template: LeafletDoc overrides it so an autoNextPageTemplate chain advances one page at a time."""


def take_next_template_index(doc) -> int | None:
    """BaseDocTemplate._nextPageTemplateIndex, which handle_nextPageTemplate sets: the index of the
    template asked for the next page, or None; taken (deleted) as reportlab's own version does."""
    if not hasattr(doc, "_nextPageTemplateIndex"):
        return None
    index = doc._nextPageTemplateIndex
    del doc._nextPageTemplateIndex
    return index


def keep_unsaved(doc) -> None:
    """BaseDocTemplate._doSave = 0: build() leaves the canvas unsaved, so the page total can go
    into the footers and the outline be written first (document.finish saves)."""
    doc._doSave = 0


# --- pypdf ----------------------------------------------------------------------------------

def catalog(writer):
    """PdfWriter.root_object, the document catalog, which pypdf documents for reading only: impose
    writes /Lang and /ViewerPreferences into it (pypdf has no setter for the language, and its
    viewer-preferences object would be written differently)."""
    return writer.root_object


# --- tagging: marked content inside a paragraph's text object -------------------------------

def set_link_hook(text, hook) -> None:
    """PDFTextObject._linkRecord: reportlab's paragraph calls it as hook((n, target), 'start' | 'end')
    where a link starts and ends on a line (_leftDrawParaLineX); there is no public hook. The text
    object is the one a paragraph draws its lines with."""
    text._linkRecord = hook


def set_text_owner(canv, text) -> None:
    """Remember the text object being built (tagging's link hook gets only the link)."""
    canv._leaflets_text = text


def text_object_insert_before_last(canv, literal: str) -> None:
    """Insert an operator before the last one of the text object (PDFTextObject._code, which has no
    public way to add a literal): the link hook's 'start' comes after its first fragment's text."""
    code = canv._leaflets_text._code
    code.insert(len(code) - 1, literal)


def text_object_append(canv, literal: str) -> None:
    canv._leaflets_text._code.append(literal)


def text_object_code(canv) -> list:
    """The operators of the text object being built so far (PDFTextObject._code), one string each."""
    return canv._leaflets_text._code


def text_object(canv, x, y, direction, ends=None, last: bool = False, format_text=None):
    """A text object (what Canvas.beginText returns) of a subclass of PDFTextObject whose two private
    methods that turn strings into operators are routed for the text layer.

    `ends`: PDFTextObject._textOut, which reportlab's paragraphs call once per line with TStar=1 at the
    line's end, shows `ends(line_text)` too after a line (an invisible space: the words either side of a
    line break are then apart in the text layer), but after the last line of the text object
    (text_code leaves its T* alone: nothing follows a paragraph's last word; `last`: after that line
    too). The next line starts at T*, from the line matrix, so nothing drawn moves.
    `format_text(text, original, string)`: PDFTextObject._formatText (the one method that turns a
    string, shaped or not, into text-showing operators) goes through it; tagging gives the words of
    shaped scripts their ActualText there.
    Methods of a subclass, not functions kept on the text object: a text object that refers to itself is
    a cycle only the garbage collector frees (some 1,500 objects a tagged leaflet)."""
    text = _text_classes()[format_text is not None](canv, x, y, direction=direction)
    text.leaflets_ends, text.leaflets_format = ends, format_text
    text.leaflets_ends_at = []          # the index in PDFTextObject._code of each line end shown
    text.leaflets_last = last
    # the operators of a line's end depend only on the font, size, leading and subset it starts in (its
    # codes are given out once per document): made once per canvas, not once per line
    text.leaflets_shown = canv.__dict__.setdefault("_leaflets_line_ends", {})
    return text


_TEXT_CLASSES = []


def _text_classes() -> list:
    """[the class of text objects with line ends, the class of those that also format their strings]"""
    if not _TEXT_CLASSES:
        from reportlab.pdfgen.textobject import PDFTextObject     # this module imports nothing

        class Text(PDFTextObject):
            def _textOut(self, string, TStar=0):
                after = self.leaflets_ends(string) if TStar and string and self.leaflets_ends else ""
                if not after:
                    return PDFTextObject._textOut(self, string, TStar)
                PDFTextObject._textOut(self, string, 0)
                self.leaflets_ends_at.append(len(self._code))
                shown = self.leaflets_shown
                key = (self._fontname, self._fontsize, self._leading, self._curSubset, after)
                if key in shown:
                    operators, self._curSubset = shown[key]
                    self._code.append(operators)
                else:
                    PDFTextObject._textOut(self, after, 1)
                    shown[key] = self._code[-1], self._curSubset

        class FormattedText(Text):
            def _formatText(self, string):
                return self.leaflets_format(self, super()._formatText, string)

        _TEXT_CLASSES.extend((Text, FormattedText))
    return _TEXT_CLASSES


def text_code(text) -> str:
    """PDFTextObject.getCode (what the canvas draws), its last line's end left a bare T* when nothing was
    shown after it (text_object)."""
    ends_at, code = getattr(text, "leaflets_ends_at", None), text._code
    if ends_at and not text.leaflets_last and not any("Tj" in e or "TJ" in e for e in code[ends_at[-1] + 1:]):
        code[ends_at[-1]] = "T*"
    return text.getCode()


def text_cursor(canv) -> tuple:
    """Inside a paragraph's named callback (<onDraw>, or a fragment's cbDefn): (its text object, the x
    where the callback's place in the line is, the x where the text object's current line starts).
    reportlab passes these only as Canvas._curr_tx_info and PDFTextObject._x0."""
    info = canv._curr_tx_info
    return info["tx"], info["cur_x"], info["tx"]._x0


def shape_words_by_font() -> None:
    """reportlab.platypus.paragraph's shapeFragWord (ttfonts.shapeFragWord) shapes a word (text between
    spaces) with the first font of its fragments and looks the glyphs up in each fragment's own font, so
    the letters after a font change come out as boxes (Hindi "कोड:\u00a0DP-01": "DP"). It is wrapped to
    shape each run of one font on its own and join the runs; a word in one font is shaped as before."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph

    original = getattr(paragraph.shapeFragWord, "original", paragraph.shapeFragWord)

    def by_font(w, *args, **kwargs):
        runs = []
        for f, s in w[1:]:
            font = None if hasattr(f, "cbDefn") else f.fontName
            if runs and (font is None or runs[-1][0] in (None, font)):
                runs[-1][0] = runs[-1][0] or font
                runs[-1][1].append((f, s))
            else:
                runs.append([font, [(f, s)]])
        if len(runs) < 2:
            return original(w, *args, **kwargs)
        shaped = [original(w.__class__([sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize)
                                            for f, s in items if not hasattr(f, "cbDefn"))] + items), *args, **kwargs)
                  for _, items in runs]
        kind = next((r.__class__ for r in shaped if r.__class__ is not w.__class__), w.__class__)
        return kind([sum(r[0] for r in shaped)] + [item for r in shaped for item in r[1:]])

    by_font.original = original
    paragraph.shapeFragWord = by_font


SIMPLE_CLUSTER = 2147483647
"""The cluster reportlab's ShapedStr gives a character that was not shaped (ttfonts._sdSimple)."""


def shape_data(shaped) -> list:
    """ShapedStr.__shapeData__: per glyph, its HarfBuzz cluster and positions."""
    return shaped.__shapeData__


def postscript_name(font) -> str:
    """TTFont.face.name: the PostScript name reportlab writes as the font's /BaseFont (after the subset
    prefix, e.g. AAAAAA+NotoSansArabic-Regular)."""
    name = font.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def glyph_chars(font) -> dict:
    """TTFontFace.glyphToChar: glyph id -> the characters the font's cmap maps to it (reportlab's
    shaping gives a glyph its first one, ttfonts.shapeFragWord); no public accessor."""
    return font.face.glyphToChar


def text_object_literal(text, literal: str) -> None:
    """Add an operator to a text object where it stands (PDFTextObject._code): the marked content
    around one string that gives one reader its text (textlayer.marked_for_pdfium)."""
    text._code.append(literal)


def font_operator(canv, font_name: str, size: float) -> str:
    """The operator that sets a font for text written by hand (canv.addLiteral): for a TrueType font, its
    first subset, whose codes of ASCII characters are those characters (PDFTextObject._formatText names
    a subset with TTFont.getSubsetInternalName)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(font_name)
    if getattr(font, "_dynamicFont", False):
        return f"{font.getSubsetInternalName(0, canv._doc)} {size} Tf"
    return f"{canv._doc.getInternalFontName(font_name)} {size} Tf"
