"""`translations export` and `translations import`: XLIFF 1.2 and PO out to an agency and back."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import polib
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from conftest import REPO, cli
from leaflets.cli import main

LOCALES = ["es", "de", "vi", "zh-Hans", "hi", "ar"]
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XSD = REPO / "tests" / "data" / "xliff-1.2"


class _LocalSchemas(etree.Resolver):
    """The strict schema imports xml.xsd from the W3C's site: use the copy beside it."""

    def resolve(self, url, pubid, context):
        return self.resolve_filename(str(XSD / "xml.xsd"), context) if url.endswith("/xml.xsd") else None


@pytest.fixture(scope="module")
def xliff_schema():
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(XSD / "xliff-core-1.2-strict.xsd"), parser))


@pytest.fixture
def root(tmp_path):
    """A copy of the project to import into."""
    copy = tmp_path / "project"
    for part in ("content", "layouts", "fonts", "profiles"):
        shutil.copytree(REPO / part, copy / part)
    return copy



def _export(root, locale, fmt, out):
    code, output = cli("translations", "export", "--root", root, "--leaflet", "drug-pump", "--locale", locale,
                        "--format", fmt, "--out", out)
    assert code == 0, output
    return out


def _import(root, path, *more):
    return cli("translations", "import", "--root", root, path, *more)


def _files(root):
    return {p.name: p.read_bytes() for p in (root / "content" / "drug-pump").glob("*.yaml")}


def test_xliff_is_version_1_2_with_inline_elements(tmp_path):
    out = _export(REPO, "es", "xliff", tmp_path / "es.xlf")
    tree = ET.parse(out)
    xliff = tree.getroot()
    assert xliff.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and xliff.get("version") == "1.2"
    f = xliff.find("x:file", NS)
    assert (f.get("source-language"), f.get("target-language")) == ("en", "es")
    units = {u.get("id"): u for u in f.iter("{%s}trans-unit" % NS["x"])}
    bullet = units["sections.benefits.body[2].bullets[0]"]
    x = bullet.find("x:source/x:x", NS)
    assert x.get("equiv-text") == "[@doleys2006; @deer2004; @roberts2001]"
    assert bullet.find("x:target", NS).get("state") == "translated"
    assert "only in the variant non-cancer" in bullet.find("x:note", NS).text
    italic = units["sections.what-is-it.body[2]"].find("x:source/x:g", NS)
    assert (italic.get("ctype"), italic.text) == ("italic", "intrathecal")
    assert units["title"].get("maxwidth") == "120"


@pytest.mark.parametrize("locale", LOCALES + ["fr"])
def test_exported_xliff_is_valid_against_the_oasis_strict_schema(xliff_schema, tmp_path, locale):
    doc = etree.parse(str(_export(REPO, locale, "xliff", tmp_path / f"{locale}.xlf")))
    assert xliff_schema.validate(doc), xliff_schema.error_log


@pytest.mark.parametrize("old, new", [
    ('state="translated"', 'state="done"'),                       # not a state XLIFF 1.2 knows
    ("<source>", "<origin>"),                                      # a unit without its source
    ('ctype="x-citation"', 'ctype="citation"'),                    # a ctype that is neither standard nor x-
])
def test_the_schema_check_fails_on_an_invalid_file(xliff_schema, tmp_path, old, new):
    out = _export(REPO, "es", "xliff", tmp_path / "es.xlf")
    text = out.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    if new == "<origin>":
        text = text.replace("</source>", "</origin>", 1)
    assert not xliff_schema.validate(etree.fromstring(text.encode("utf-8")))


def test_export_is_deterministic(tmp_path):
    for fmt in ("xliff", "po"):
        first = _export(REPO, "de", fmt, tmp_path / f"a.{fmt}").read_bytes()
        assert _export(REPO, "de", fmt, tmp_path / f"b.{fmt}").read_bytes() == first


def test_po_has_contexts_comments_and_targets(tmp_path):
    catalogue = polib.pofile(str(_export(REPO, "es", "po", tmp_path / "es.po")))
    assert catalogue.metadata["Language"] == "es" and catalogue.metadata["X-Leaflet"] == "drug-pump"
    entry = next(e for e in catalogue if e.msgctxt == "sections.benefits.body[2].bullets[0]")
    assert entry.msgid.endswith("[@doleys2006; @deer2004; @roberts2001].")
    assert entry.msgstr.startswith("Menos dolor.") and "section 'benefits'" in entry.comment
    assert not entry.fuzzy


def test_stale_target_is_fuzzy_and_needs_review(root, tmp_path):
    en = root / "content" / "drug-pump" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("How it may help you", "How it may help"), encoding="utf-8")
    catalogue = polib.pofile(str(_export(root, "es", "po", tmp_path / "es.po")))
    states = {e.msgctxt: e.fuzzy for e in catalogue}
    assert states["sections.benefits.heading"] and not states["sections.trial.heading"]
    text = _export(root, "es", "xliff", tmp_path / "es.xlf").read_text(encoding="utf-8")
    assert 'state="needs-review-translation"' in text


@pytest.mark.parametrize("fmt", ["xliff", "po"])
@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_round_trips_to_the_same_file(root, tmp_path, locale, fmt):
    before = _files(root)
    out = _export(root, locale, fmt, tmp_path / f"{locale}.{fmt}")
    code, output = _import(root, out)
    assert code == 0, output
    assert _files(root) == before


def _tamper(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    return line


@pytest.mark.parametrize("fmt, old, new, message", [
    ("xliff", '<target state="translated">Menos dolor. Su dolor puede bajar a la mitad (50%) o más '
     '<x id="1" ctype="x-citation" equiv-text="[@doleys2006; @deer2004; @roberts2001]"/>',
     '<target state="translated">Menos dolor. Su dolor puede bajar a la mitad (50%) o más ', "lost the placeholder 1"),
    ("xliff", 'actividades de cada día <x id="1"', 'actividades de cada día <x id="2"',
     'placeholder <x id="2"> is not in the source'),
    ("po", 'msgstr "Menos dolor. Su dolor puede bajar a la mitad (50%) o más [@doleys2006; @deer2004; @roberts2001].',
     'msgstr "Menos dolor. Su dolor puede bajar a la mitad (50%) o más.', "lost the placeholder [@doleys2006; @deer2004"),
    ("po", 'msgstr "Menos dolor.', 'msgstr "Menos dolor [@deer2004].', "has a placeholder the source does not"),
    ("po", "administración *intratecal* de", "administración *intratecal de", "broken pair"),
])
def test_tampered_placeholder_is_refused_at_its_line(root, tmp_path, fmt, old, new, message):
    before = _files(root)
    out = _export(root, "es", fmt, tmp_path / f"es.{fmt}")
    line = _tamper(out, old, new)
    code, output = _import(root, out)
    assert code == 1
    assert re.search(rf"{re.escape(str(out))}:{line}:1: error: unit sections\.[a-z.-]+body\[\d\](\.bullets\[\d\])?: "
                     rf".*{re.escape(message)}", output), output
    assert _files(root) == before


def test_broken_xml_is_refused_at_its_line(root, tmp_path):
    out = _export(root, "es", "xliff", tmp_path / "es.xlf")
    line = _tamper(out, '<g id="1" ctype="italic">intratecal</g> de', '<g id="1" ctype="italic">intratecal de')
    code, output = _import(root, out)
    assert code == 1 and f"{out}:{line}:" in output and "not well-formed" in output


def test_empty_target_unknown_unit_and_wrong_locale_are_refused(root, tmp_path):
    before = _files(root)
    out = _export(root, "es", "po", tmp_path / "es.po")
    _tamper(out, 'msgstr "Probarla primero"', 'msgstr ""')
    _tamper(out, 'msgctxt "sections.trial.body[1]"', 'msgctxt "sections.trial.body[9]"')
    code, output = _import(root, out)
    assert code == 1
    assert "unit sections.trial.heading: the target is empty" in output
    assert "unit sections.trial.body[9]: the source has no such unit" in output
    assert "unit sections.trial.body[1]: is missing from the file" in output
    code, output = _import(root, _export(root, "es", "po", tmp_path / "es2.po"), "--locale", "de")
    assert code == 1 and "the file is for language 'es', not 'de'" in output
    assert _files(root) == before


def test_a_new_locale_goes_out_empty_and_comes_back_checked_and_built(root, tmp_path):
    out = _export(root, "fr", "xliff", tmp_path / "fr.xlf")
    text = out.read_text(encoding="utf-8")
    assert text.count('<target state="needs-translation"></target>') == text.count("<trans-unit ")
    code, output = _import(root, out)
    assert code == 1 and "the target is empty" in output
    assert not (root / "content" / "drug-pump" / "fr.yaml").exists()
    filled = re.sub(r"<source>(.*?)</source>\n(\s*)<target state=\"needs-translation\"></target>",
                    r'<source>\1</source>\n\2<target state="translated">\1</target>', text)
    # the stand-in for the agency copies the English; alt text left in English is refused, so it is marked
    alt = re.search(r'<trans-unit id="[^"]*\.alt".*?<target state="translated">', filled, re.S)
    filled = filled[: alt.end()] + "(fr) " + filled[alt.end():]
    out.write_text(filled, encoding="utf-8")
    code, output = _import(root, out)
    assert code == 0, output
    fr = yaml.safe_load((root / "content" / "drug-pump" / "fr.yaml").read_text(encoding="utf-8"))
    assert fr["translation"]["status"] == "draft" and fr["locale"] == "fr"
    code, output = cli("check", "--root", root)
    assert code == 0, output
    code, output = cli("translations", "--root", root)
    assert "drug-pump\tfr\tof en\tdraft\tup to date" in output
    code, output = cli("build", "--root", root, "--out", tmp_path / "out", "--locale", "fr", "--layout", "a4",
                        "--variant", "cancer", "--jobs", "1")
    assert code == 0, output
    assert (tmp_path / "out" / "drug-pump" / "fr" / "cancer-a4.pdf").exists()


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_a_reviewed_translation_goes_out_final_and_comes_back_reviewed(root, tmp_path, fmt):
    _reviewed(root)
    before = _files(root)
    out = _export(root, "es", fmt, tmp_path / f"es.{fmt}")
    exported = out.read_text(encoding="utf-8")
    assert ('approved="yes"' in exported) if fmt == "xliff" else ("#, final" in exported)
    code, output = _import(root, out)
    assert code == 0 and "status reviewed" in output, output
    assert _files(root) == before
    # one unit sent back as needing review: the file becomes a draft, which must then carry its notice
    if fmt == "po":
        _tamper(out, "#, final\nmsgctxt \"title\"", "#, fuzzy\nmsgctxt \"title\"")
        code, output = _import(root, out)
        assert code == 1 and "unit labels.draft: the target is empty" in output


def test_an_xliff_file_with_a_doctype_is_refused(root, tmp_path):
    out = _export(root, "es", "xliff", tmp_path / "es.xlf")
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("<xliff ", '<!DOCTYPE xliff [<!ENTITY a "aaaa">]>\n<xliff ', 1), encoding="utf-8")
    before = _files(root)
    code, output = _import(root, out)
    assert code == 1 and f"{out}:2:" in output and "DOCTYPE" in output
    assert _files(root) == before


def test_a_stale_unit_keeps_its_parts_old_fingerprint(root, tmp_path):
    en = root / "content" / "drug-pump" / "en.yaml"
    en.write_text(en.read_text(encoding="utf-8").replace("How it may help you", "How it may help"), encoding="utf-8")
    es = root / "content" / "drug-pump" / "es.yaml"
    recorded = yaml.safe_load(es.read_text(encoding="utf-8"))["translation"]["sources"]
    code, output = _import(root, _export(root, "es", "po", tmp_path / "es.po"))
    assert code == 0, output
    after = yaml.safe_load(es.read_text(encoding="utf-8"))["translation"]["sources"]
    assert after == recorded                 # benefits is still out of date; nothing else changed
    code, output = cli("translations", "--root", root)
    assert "drug-pump\tes\tof en\tdraft\tout of date: benefits" in output


def _reviewed(root):
    es = root / "content" / "drug-pump" / "es.yaml"
    text = es.read_text(encoding="utf-8").replace("  status: draft\n", "  status: reviewed\n  reviewed_by: \"A. Reviewer\""
                                                  "\n  reviewed_on: 2026-11-20\n")
    es.write_text(re.sub(r"  draft: .*\n", "", text), encoding="utf-8")


def test_a_reviewed_export_names_its_reviewer(root, tmp_path, xliff_schema):
    _reviewed(root)
    xlf = _export(root, "es", "xliff", tmp_path / "es.xlf")
    phase = etree.parse(str(xlf)).find(".//x:header/x:phase-group/x:phase", NS)
    assert (phase.get("process-name"), phase.get("contact-name"), phase.get("date")) == \
        ("review", "A. Reviewer", "2026-11-20T00:00:00Z")
    assert xliff_schema.validate(etree.parse(str(xlf))), xliff_schema.error_log
    meta = polib.pofile(str(_export(root, "es", "po", tmp_path / "es.po"))).metadata
    assert (meta["X-Reviewed-By"], meta["X-Reviewed-On"]) == ("A. Reviewer", "2026-11-20")


def _all_final(path, fmt, reviewer=None, date=None):
    if fmt == "po":
        catalogue = polib.pofile(str(path), wrapwidth=0)
        for entry in catalogue:
            entry.flags = ["final"]
        if reviewer:
            catalogue.metadata |= {"X-Reviewed-By": reviewer, "X-Reviewed-On": date}
        catalogue.save(str(path))
        return
    text = path.read_text(encoding="utf-8").replace('state="translated"', 'state="final"')
    if reviewer:
        text = text.replace("    <body>", f'    <header>\n      <phase-group>\n        <phase phase-name="qa" '
                            f'process-name="review" contact-name="{reviewer}" date="{date}"/>\n      </phase-group>\n'
                            "    </header>\n    <body>", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fmt, date", [("xliff", "2026-11-25T14:03:00Z"), ("po", "2026-11-25")])
def test_a_file_marked_final_with_its_reviewer_makes_the_translation_reviewed(root, tmp_path, fmt, date):
    out = _export(root, "es", fmt, tmp_path / f"es.{fmt}")
    _all_final(out, fmt, "R. Revisora", date)
    code, output = _import(root, out)
    assert code == 0 and "status reviewed" in output, output
    info = yaml.safe_load((root / "content" / "drug-pump" / "es.yaml").read_text(encoding="utf-8"))["translation"]
    assert (info["status"], info["reviewed_by"], str(info["reviewed_on"])) == ("reviewed", "R. Revisora", "2026-11-25")
    code, output = cli("check", "--root", root)
    assert code == 0, output


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_a_file_marked_final_without_a_reviewer_stays_a_draft_and_says_why(root, tmp_path, fmt):
    out = _export(root, "es", fmt, tmp_path / f"es.{fmt}")
    _all_final(out, fmt)
    result = CliRunner().invoke(main, ["translations", "import", "--root", str(root), str(out)])
    assert result.exit_code == 0 and "status draft" in result.stdout
    assert f"{out}:1:1: warning: every unit is marked final, but nothing says who reviewed" in result.stderr
    assert ("X-Reviewed-By" if fmt == "po" else 'process-name="review"') in result.stderr


@pytest.mark.parametrize("fmt, date", [("xliff", "last Tuesday"), ("po", "2026-13-40")])
def test_a_review_date_that_is_not_a_date_is_refused(root, tmp_path, fmt, date):
    before = _files(root)
    out = _export(root, "es", fmt, tmp_path / f"es.{fmt}")
    _all_final(out, fmt, "R. Revisora", date)
    code, output = _import(root, out)
    assert code == 1 and f"the review date {date!r} is not a date" in output, output
    assert re.search(rf"{re.escape(str(out))}:\d+:1: error:", output)
    assert _files(root) == before
