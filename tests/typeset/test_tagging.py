"""typeset/tagging.py and structure.py: the structure tree a screen reader gets, read back with pikepdf
and poppler (pdfinfo -struct-text, pdftotext), and the one table of roles."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pikepdf
import pytest

from conftest import REPO
from leaflets.build.pipeline import build_reading, leaflet_for
from leaflets.build.project import Combination
from leaflets.quality.accessibility import extracted_text
from leaflets.typeset import tagging
from leaflets.typeset.flowables import make_styles

# skipped without poppler only outside CI (.ci/run installs it; in CI a missing pdfinfo fails)
POPPLER = pytest.mark.skipif(shutil.which("pdfinfo") is None and not os.environ.get("CI"),
                             reason="poppler-utils not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def english(project):
    return build_reading(project, Combination("drug-pump", "cancer", "en", "a4"))


@pytest.fixture(scope="module")
def english_endnotes(project):
    return build_reading(project, Combination("drug-pump", "cancer", "en", "a4-trifold"))


def _tree(data: bytes) -> list[tuple[int, str, pikepdf.Dictionary]]:
    """(depth, role, element) of every structure element, in reading order."""
    out = []

    def visit(node, depth):
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append((depth, str(kid.S)[1:], kid))
                visit(kid, depth + 1)

    pdf = pikepdf.open(io.BytesIO(data))
    _OPEN.append(pdf)           # the elements live as long as their PDF
    visit(pdf.Root.StructTreeRoot, 0)
    return out


_OPEN: list = []


def test_every_paragraph_style_has_a_role(project):
    """A new paragraph style without a line in ROLES would silently be tagged as P: this names it."""
    layout = project.layouts["a4"]
    styles = make_styles(layout, *project.chains_for(layout, "en"), "en")
    names = {getattr(styles, f).name for f in styles.__dataclass_fields__
             if hasattr(getattr(styles, f), "fontSize")}
    assert names - set(tagging.ROLES) == set()


def test_the_tree_reads_in_order_with_the_roles_of_the_issue(english, project):
    model = leaflet_for(project, Combination("drug-pump", "cancer", "en", "a4"))
    tree = _tree(english)
    roles = [role for _, role, _ in tree]
    assert tree[0][:2] == (0, "Document")
    assert roles.index("H1") < roles.index("H2")
    assert roles.count("H1") == 1
    assert roles.count("H2") == len(model.sections) + 1            # the sections and the contact panel
    assert {"L", "LI", "Lbl", "LBody", "Note", "Link", "Div", "P"} <= set(roles)
    for depth, role, element in tree:
        if role == "LI":
            kids = [str(k.S) for k in element.K] if isinstance(element.K, pikepdf.Array) else []
            assert kids == ["/Lbl", "/LBody"]
        if role == "Note":
            assert str(element.ID).startswith("fn")
        kids = list(element.K) if isinstance(element.K, pikepdf.Array) else [element.K]
        if role == "Div" and any(k.get("/S") == "/H2" for k in kids if isinstance(k, pikepdf.Dictionary)):
            assert str(kids[0].S) == "/H2"      # the contact panel: its heading first (a callout and the cover's help strip are Divs too)


def test_references_as_a_list_in_endnotes_and_in_english_inside_other_languages(english_endnotes, project):
    roles = [role for _, role, _ in _tree(english_endnotes)]
    assert "Note" not in roles and roles.count("L") >= 2
    arabic = build_reading(project, Combination("drug-pump", "cancer", "ar", "a4"))
    notes = [e for _, role, e in _tree(arabic) if role == "Note"]
    assert notes and all(str(n.Lang) == "en" for n in notes)


def test_catalog_pages_and_annotations_say_what_pdf_ua_asks(english):
    pdf = pikepdf.open(io.BytesIO(english))
    assert pdf.pdf_version == "1.7"
    assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "en"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "Your implanted drug pump" in xmp
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    annotated = 0
    for index, page in enumerate(pdf.pages):
        assert int(page.StructParents) == index
        annots = page.get("/Annots", [])
        if annots:
            assert page.Tabs == "/S"
        for annot in annots:
            annotated += 1
            assert str(parents[int(annot.StructParent)].S) == "/Link"
            assert str(annot.Contents).strip()
    assert annotated >= 5
    ids = pdf.Root.StructTreeRoot.IDTree.Names
    assert [str(ids[i]) for i in range(0, len(ids), 2)] == sorted(str(ids[i]) for i in range(0, len(ids), 2))


def test_no_tagged_sequence_inside_another_and_every_mcid_in_the_parent_tree(english):
    pdf = pikepdf.open(io.BytesIO(english))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(pdf.pages):
        stack, mcids = [], []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op in ("BDC", "BMC"):
                tagged = op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
                if tagged:
                    assert "mcid" not in stack, f"page {index + 1}: an MCID sequence inside another"
                    mcids.append(int(operands[1].MCID))
                stack.append("mcid" if tagged else str(operands[0]))
            elif op == "EMC":
                stack.pop()
        assert stack == []
        assert mcids == list(range(len(mcids)))
        assert len(parents[index]) == len(mcids)


def test_tagged_output_is_the_same_whatever_the_process_drew_before(project, tmp_path):
    """Hindi words are shaped once per process for their ActualText: a fresh process and one that drew
    other leaflets first write the same bytes."""
    combo = Combination("drug-pump", "cancer", "hi", "a4")
    here = build_reading(project, Combination("drug-pump", "non-cancer", "hi", "a4-trifold"))
    assert here
    here = build_reading(project, combo)
    script = ("import sys; from pathlib import Path; from leaflets.build.project import Combination, load_project; "
              "from leaflets.build.pipeline import build_reading; "
              "p = load_project(Path(sys.argv[1])); "
              "Path(sys.argv[2]).write_bytes(build_reading(p, Combination('drug-pump', 'cancer', 'hi', 'a4')))")
    out = tmp_path / "fresh.pdf"
    subprocess.run([sys.executable, "-c", script, str(REPO), str(out)], check=True)
    assert out.read_bytes() == here == build_reading(project, combo)


@POPPLER
def test_pdfinfo_shows_the_tree(english):
    out = subprocess.run(["pdfinfo", "-struct-text", "-"], input=english, capture_output=True, check=True).stdout
    text = out.decode()
    assert re.search(r"^  H1 \(block\)\n    \"Your implanted drug pump ?\"", text, re.M)
    assert re.search(r"^  H2 \(block\)\n    \"What is an implanted drug pump\? ?\"", text, re.M)
    assert re.search(r"Link \(inline\)\n +Object \d+ 0\n +\"1\"", text)
    assert "Note <fn1>" in text


@POPPLER
def test_the_words_either_side_of_a_line_break_are_apart_in_the_tree(project, english):
    """A reader that follows the structure (poppler's -struct-text) reads a line's end as a space, except
    in Chinese, which writes no spaces between words."""
    text = subprocess.run(["pdfinfo", "-struct-text", "-"], input=english, capture_output=True, check=True).stdout
    paragraphs = re.findall(r'^ +"(.*)"$', text.decode(), re.M)
    assert any("thin tube called a catheter" in p for p in paragraphs)
    assert not any("calleda" in p or "fluidaround" in p for p in paragraphs)
    chinese = build_reading(project, Combination("drug-pump", "cancer", "zh-Hans", "a4"))
    tree = subprocess.run(["pdfinfo", "-struct-text", "-"], input=chinese, capture_output=True, check=True).stdout
    long_ones = [p for p in re.findall(r'^ +"(.*)"$', tree.decode(), re.M) if len(p) > 60 and "Medtronic" not in p]
    assert long_ones and not any(re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef] +[\u4e00-\u9fff]", p)
                                 for p in long_ones)


@POPPLER
def test_superscript_markers_read_apart_from_their_word(english):
    poppler = subprocess.run(["pdftotext", "-", "-"], input=english, capture_output=True, check=True).stdout.decode()
    assert "daily activities 1." in poppler and "activities1" not in poppler
    pdfium = " ".join(" ".join(p.split()) for p in extracted_text(english))
    assert "activities 1" in pdfium and "activities1" not in pdfium


@POPPLER
def test_a_figures_labels_are_inside_the_figure_not_paragraphs_after_it(project, english):
    """The labels drawn on a figure (pump.svg: Pump, Catheter, Spine) are part of the Figure's marked
    content, which its Alt stands for: the tree shows them as the Figure's text and as no element of
    their own, and text extraction still finds each where it is drawn (its box as in the untagged PDF)."""
    from leaflets.model.nodes import Figure  # reason: the labels as written, to compare with
    from leaflets.typeset.render import render  # reason: the same leaflet untagged

    combo = Combination("drug-pump", "cancer", "en", "a4")
    model = leaflet_for(project, combo)
    labels = [label.text for s in model.sections for b in s.blocks if isinstance(b, Figure) for label in b.labels]
    assert len(labels) >= 3
    tree = subprocess.run(["pdfinfo", "-struct-text", "-"], input=english, capture_output=True, check=True).stdout
    elements = re.findall(r'^ *(\w+)(?: \(\w+\))?\n +"(.*)"$', tree.decode(), re.M)
    assert [text.split() for role, text in elements if role == "Figure"] == [labels]
    assert [(role, text) for role, text in elements if role != "Figure" and text.strip() in labels] == []

    def boxes(data: bytes) -> list[str]:
        words = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True).stdout
        return sorted(re.findall(r'<word ([^>]*)>(%s)</word>' % "|".join(map(re.escape, labels)), words.decode()))

    layout = project.layouts["a4"]
    untagged = render(model, layout, *project.chains_for(layout, "en"), tagged=False)
    assert len(boxes(english)) == len(labels) and boxes(english) == boxes(untagged)


def _poppler_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@POPPLER
def test_hindi_reads_back_as_written_in_poppler_and_pdfium(project):
    combo = Combination("drug-pump", "cancer", "hi", "a4")
    data = build_reading(project, combo)
    model = leaflet_for(project, combo)
    first = model.sections[0].blocks[0].content
    paragraph = "".join(n.text for n in first)
    for text in (_poppler_text(data), "\n".join(extracted_text(data))):
        flat = _words(text)
        assert not [ch for ch in flat if 0xE000 <= ord(ch) <= 0xF8FF]
        for word in ("दर्द", "में", "लिए"):
            assert word in flat
        assert _words(model.title) in flat
        assert _words(paragraph).replace(" ", "") in flat.replace(" ", "")


@POPPLER
def test_arabic_reads_back_as_letters_in_reading_order(project):
    combo = Combination("drug-pump", "cancer", "ar", "a4")
    data = build_reading(project, combo)
    model = leaflet_for(project, combo)
    for text in (_poppler_text(data), "\n".join(extracted_text(data))):
        flat = _words(text)
        assert not [ch for ch in flat if 0xE000 <= ord(ch) <= 0xF8FF or 0xFB50 <= ord(ch) <= 0xFEFC]
        assert _words(model.title) in flat
        assert _words(model.sections[0].heading) in flat


def test_a_new_role_is_one_line_in_roles_and_a_non_standard_one_goes_to_the_role_map(project, monkeypatch, tmp_path):
    """What a branch adding a kind of block does: one entry in ROLES (here the disclaimer's style, body,
    made a non-standard 'Callout' that maps to P)."""
    monkeypatch.setitem(tagging.ROLES, "body", tagging.Role("Callout", standard="P"))
    data = build_reading(project, Combination("drug-pump", "cancer", "en", "a4"))
    pdf = pikepdf.open(io.BytesIO(data))
    assert pdf.Root.StructTreeRoot.RoleMap.Callout == "/P"
    assert "Callout" in [role for _, role, _ in _tree(data)]
    path = tmp_path / "callout.pdf"
    path.write_bytes(data)
    from pdfua import Severity, validate

    assert [f.rule_id for f in validate(str(path)).findings if f.severity >= Severity.WARNING] == []


def _lang_spans(data: bytes) -> int:
    pdf = pikepdf.open(io.BytesIO(data))
    return sum(1 for page in pdf.pages for operands, op in pikepdf.parse_content_stream(page)
               if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
               and str(operands[1].get("/Lang", "")) == "en")


def test_latin_words_inside_arabic_and_chinese_say_they_are_english(project, english):
    """Latin words in another script ('intrathecal' and the references in Arabic, 'Medtronic' and the
    references in Chinese) are in Spans with /Lang (en); an English PDF has none."""
    for locale in ("ar", "zh-Hans"):
        assert _lang_spans(build_reading(project, Combination("drug-pump", "cancer", locale, "a4"))) >= 2, locale
    assert _lang_spans(english) == 0


def test_a_figure_is_drawn_as_its_own_content_with_its_alt_text(tmp_path):
    """What a figure flowable does (draw_as_content, Tag('figure', alt=...)): its drawing is one Figure
    element's content with /Alt, the page around it an Artifact; pdfua finds nothing."""
    from pdfua import Severity, validate
    from reportlab.platypus import Flowable

    from leaflets.typeset.structure import write_structure

    class Picture(Flowable):
        def __init__(self):
            super().__init__()
            self.tag = tagging.Tag("figure", alt="A pump under the skin of the belly")

        def wrap(self, aw, ah):
            return 100, 50

        def draw(self):
            tagging.draw_as_content(self, lambda: self.canv.rect(0, 0, 100, 50, fill=1))

    class Heading(Flowable):
        def __init__(self):
            super().__init__()
            self.tag = tagging.Tag("title")

        def wrap(self, aw, ah):
            return 100, 20

        def draw(self):
            tagging.draw_tagged(self, lambda: self.canv.drawString(0, 0, "Title"))

    buffer = io.BytesIO()
    tagger = tagging.Tagger()
    canv = tagging.tagged_canvas(tagger)(buffer, invariant=1, lang="en")
    canv.setTitle("Title")
    canv.setViewerPreference("DisplayDocTitle", "true")
    tagger.start_page(canv)
    canv.line(0, 0, 10, 10)
    Heading().drawOn(canv, 50, 750)
    Picture().drawOn(canv, 50, 600)
    canv.showPage()
    canv.save()
    data = write_structure(buffer.getvalue(), tagger, "Title", "en")
    roles = {role: element for _, role, element in _tree(data)}
    assert str(roles["Figure"].Alt) == "A pump under the skin of the belly" and int(roles["Figure"].K) >= 0
    path = tmp_path / "figure.pdf"
    path.write_bytes(data)
    assert [f.rule_id for f in validate(str(path)).findings if f.severity >= Severity.WARNING] == []
    from leaflets.quality.accessibility import check_structure

    assert [f.code for f in check_structure(data, {}).findings] == []


@pytest.mark.parametrize("locale", ["en", "de", "vi", "hi", "zh-Hans", "ar"])
def test_each_label_of_the_figure_reads_back_as_written(project, locale):
    """pdfium read the Hindi label 'कैथेटर' as 'कै थेटर': HarfBuzz moves its vowel sign by a TJ offset, and
    the label, a word with no conjunct, had no ActualText (textlayer.shaped_words)."""
    import pypdfium2 as pdfium

    from leaflets.build.pipeline import build_reading, leaflet_for
    from leaflets.build.project import Combination
    from leaflets.model.nodes import Figure

    combo = Combination("drug-pump", "cancer", locale, "a4")
    leaflet = leaflet_for(project, combo)
    figure = next(b for s in leaflet.sections for b in s.blocks if isinstance(b, Figure))
    doc = pdfium.PdfDocument(build_reading(project, combo))
    lines = {line.strip() for page in doc for line in page.get_textpage().get_text_range().splitlines()}
    assert [label.text for label in figure.labels if label.text not in lines] == []
