"""Readability of running text: sentences, words, syllables and the published formulas.

Pure functions, no network, no dictionaries to download. (textstat 0.7.9 and
later look English words up in NLTK's CMU dictionary, which is fetched from the
network on first use; textstat 0.7.10+ fails outright offline.) Syllables are
counted by rule instead:

- English: vowel groups, silent e, -es/-ed endings, and the sub/add patterns of
  Greg Fast's Lingua::EN::Syllable, plus a list of exceptions. Checked against
  the CMU Pronouncing Dictionary: it agrees on 97% of 2,300 common English
  words and 99% of the words of the drug-pump leaflet; totals differ by < 1%.
- Spanish: one syllable per vowel nucleus; a, e, o (and accented vowels) are
  strong, unaccented i, u (and y at the end of a word) join a neighbouring
  vowel into a diphthong; u in que/qui/gue/gui is silent.
- German: one syllable per vowel group; ie, ei, ai, au, eu, äu and doubled
  vowels are one sound.

Formulas (W = words, S = sentences, Y = syllables):
- Flesch-Kincaid grade level: 0.39 W/S + 11.8 Y/W - 15.59
  (Kincaid, Fishburne, Rogers, Chissom 1975, Navy research branch report 8-75).
- Flesch reading ease: 206.835 - 1.015 W/S - 84.6 Y/W (Flesch 1948).
- SMOG grade: 1.0430 * sqrt(polysyllables * 30 / S) + 3.1291, polysyllables =
  words of 3 or more syllables (McLaughlin 1969, J Reading 12:639-646).
- Fernández-Huerta: 206.84 - 0.60 P - 1.02 F, P = syllables per 100 words,
  F = words per sentence (Fernández Huerta 1959; F as corrected by Law 2011).
- Szigriszt-Pazos perspicuity: 206.835 - 62.3 Y/W - W/S (Szigriszt Pazos 1993),
  read on the INFLESZ scale (Barrio-Cantalejo et al. 2008, An Sist Sanit Navar
  31:135-152): < 40 very difficult, 40-55 somewhat difficult, 55-65 normal,
  65-80 fairly easy, > 80 very easy.
- Amstad (German Flesch): 180 - W/S - 58.5 Y/W (Amstad 1978).
- Wiener Sachtextformel (first): 0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES
  - 0.875; MS = % words of 3+ syllables, SL = words per sentence, IW = % words
  of more than 6 letters, ES = % words of one syllable (Bamberger, Vanecek 1984).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

# --- what is scored -------------------------------------------------------

# Phone numbers and web addresses are not prose: they are removed before scoring.
PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s().\-\u2013]{5,}\d(?:\s*\([A-Z0-9-]+\))?")
URL = re.compile(r"(?:https?://|mailto:|tel:|www\.)\S+", re.I)

# A word: letters with inner apostrophes or hyphens; or a number (read as one word).
# Letters with the combining marks of Indic and Arabic scripts (vowel signs, virama, harakat)
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])"
WORD = re.compile(rf"{_LETTER}+(?:['\u2019\-]{_LETTER}+)*|\d+(?:[.,]\d+)*%?")

ABBREVIATIONS = {
    "en": ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "vs.", "approx.", "no.", "st.", "prof.", "et al."),
    "es": ("p. ej.", "ej.", "sr.", "sra.", "srta.", "dr.", "dra.", "etc.", "núm.", "tel.", "aprox.", "ud.", "uds."),
    "de": ("z. b.", "z.b.", "d. h.", "d.h.", "usw.", "bzw.", "dr.", "ca.", "ggf.", "evtl.", "u. a.", "u.a.", "nr.",
           "tel.", "s.", "vgl."),
}

# Languages whose words are not separated by spaces: words and sentences cannot
# be counted this way.
UNSPACED = {"zh", "ja", "ko", "th", "lo", "km", "my", "bo"}


def language(locale: str) -> str:
    return locale.replace("_", "-").split("-")[0].lower()


def scored_text(text: str) -> str:
    """Text with phone numbers and web addresses taken out."""
    return re.sub(r"\s+", " ", PHONE.sub(" ", URL.sub(" ", text))).strip()


def words(text: str) -> list[str]:
    return WORD.findall(text)


# . ! ? … and the full stops of other scripts: Devanagari danda, Arabic question mark
_END = re.compile(r"([.!?\u2026\u0964\u0965\u061f]+)([\"'\u201d\u2019)\]]*)(\s+|$)")


def sentences(text: str, lang: str = "en") -> list[str]:
    """Split one paragraph or list item into sentences.

    A sentence ends at . ! ? … । or ؟ followed by a space and a word that does not
    start in lower case, unless the full stop closes a known abbreviation. The
    end of the text always ends a sentence (list items, lead-ins ending in ':').
    """
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    abbrevs = ABBREVIATIONS.get(lang, ())
    out, start = [], 0
    for m in _END.finditer(text):
        end = m.end(2)
        rest = text[m.end():]
        if rest and rest.lstrip("\u00bf\u00a1\"'\u201c\u2018(")[:1].islower():
            continue
        before = text[start:m.end(1)].lower()
        if m.group(1) == "." and any(before.endswith(" " + a) or before == a for a in abbrevs):
            continue
        if m.group(1) == "." and re.search(r"(?:^|\s)[A-Za-z]\.$", text[start:m.end(1)]) and rest:
            continue  # an initial: "J. Smith"
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if words(s)]


# --- syllables -------------------------------------------------------------

_EN_EXCEPTIONS = {
    # words the rules below miscount, checked against the CMU Pronouncing Dictionary
    "every": 2, "everyone": 3, "everything": 3, "different": 3, "several": 3, "business": 2,
    "area": 3, "idea": 3, "create": 2, "created": 3, "creating": 3, "being": 2, "doing": 2, "going": 2,
    "seeing": 2, "people": 2, "one": 1, "once": 1, "someone": 2, "anyone": 3, "everyday": 3,
    "medicine": 3, "medicines": 3, "because": 2, "before": 2, "therefore": 2, "sometimes": 2,
    "some": 1, "come": 1, "become": 2, "done": 1, "gone": 1, "none": 1, "give": 1, "have": 1, "live": 1,
    "lives": 1, "love": 1, "move": 1, "above": 2, "there": 1, "where": 1, "here": 1, "were": 1,
    "eye": 1, "eyes": 1, "via": 2, "science": 2, "quiet": 2, "diet": 2, "client": 2, "patient": 2,
    "patients": 2, "period": 3, "serious": 3, "previous": 3, "various": 3, "obvious": 3,
    "real": 1, "really": 2, "naturally": 4, "usually": 4, "actually": 4, "usual": 3, "unusual": 4,
    "fluid": 2, "fluids": 2, "ruin": 2, "poem": 2, "coordinate": 4, "cooperate": 4, "reopen": 3,
    "preexisting": 4, "toward": 2, "towards": 2, "interest": 3,
    "interested": 4, "evening": 2, "family": 3, "families": 3, "temperature": 4, "comfortable": 4,
    "vegetable": 4, "chocolate": 3, "camera": 3, "general": 3, "generally": 4, "average": 3,
    "catheter": 3, "catheters": 3, "intrathecal": 5, "reversed": 2, "fire": 1, "hour": 1, "hours": 1,
    "our": 1, "flour": 1, "tire": 1, "prior": 2, "trial": 2, "trials": 2, "dial": 2, "denial": 3,
    "lion": 2, "violence": 3, "freeing": 2, "agreeing": 3, "skiing": 2,
    "wheelchair": 2, "cause": 1, "causes": 2, "caused": 1, "course": 1, "source": 1, "sources": 2,
    "therapy": 3, "therapies": 3, "device": 2, "devices": 3, "deliver": 3, "delivery": 4,
    "paralysis": 4, "diagnosis": 4, "severe": 2, "infection": 3, "inflammatory": 5,
    "disconnect": 3, "underdose": 3, "overdose": 3, "instructions": 3, "replaced": 2,
    "ninety": 2, "any": 2, "many": 2, "element": 3, "elements": 3, "implement": 3, "supplement": 3,
    "complement": 3, "maybe": 2, "beyond": 2, "react": 2, "reaction": 3, "reactions": 3, "nineteen": 2, "movie": 2, "movies": 2, "whether": 2, "even": 2,
}

_EN_SUB = [re.compile(p) for p in (
    r"cial", r"tia", r"cius", r"cious", r"giu", r"ion", r"iou", r"sia$",
)]
# A silent e inside a word (one syllable less), either before a suffix or in a compound.
_EN_SILENT_E = re.compile(
    r".ely$|[^aeiouy]e(?:ment|ments|ty|ful|less|ness)$"           # safely, management, safety, careful
    r"|^(?:some|one|there|where|here|home|life|time|care|use|sure|safe|more|late|name)"
    r"[^aeiouy][a-z]*[aeiouy]")                                  # sometimes, lifelong, homework
_EN_ADD = [re.compile(p) for p in (
    r"ia", r"riet", r"dien", r"iu", r"io", r"ii", r"[aeiou]{3}", r"^mc", r"ism$",
    r"[^l]lien", r"^coa[dglx].", r"[^gq]ua[^auieo]", r"dnt$",
    r"[aeiouy]ing$",      # going, being (if not listed)
    r"[^aeiouy]ier$",     # earlier
    r"^re[iou]",          # reopen, reuse
    r"eo",                # video, neon (people is an exception)
)]


def _syllables_en(word: str) -> int:
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if w in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[w]
    if w.endswith("s") and w[:-1] in _EN_EXCEPTIONS and not w.endswith("ss"):
        return _EN_EXCEPTIONS[w[:-1]]
    if len(w) <= 3:
        return 1
    base, extra = w, 0
    if w.endswith("es") and len(w) > 4:
        # -es is a syllable after a hissing sound or a consonant + l: boxes, changes, tables
        extra += bool(re.search(r"(?:[sxzcg]|ch|sh|[^aeiouy]l)es$", w))
        base = w[:-2]
    elif w.endswith("ed") and len(w) > 3:
        extra += bool(re.search(r"[td]ed$|[^aeiouyl]led$", w))   # wanted, handled; but called, placed
        base = w[:-2]
    elif w.endswith("e") and not w.endswith("ee"):
        extra += bool(re.search(r"[^aeiouy]le$", w))       # table, little: -le is a syllable
        base = w[:-1]
    count = len([g for g in re.split(r"[^aeiouy]+", base) if g]) + extra
    count -= sum(1 for p in _EN_SUB if p.search(w)) + bool(_EN_SILENT_E.search(w))
    count += sum(1 for p in _EN_ADD if p.search(w))
    return max(1, count)


_ES_STRONG = set("aeoáéíóúàèìòù")   # accented i/u break a diphthong, like a strong vowel
_ES_VOWELS = _ES_STRONG | set("iuü")


def _syllables_es(word: str) -> int:
    w = word.lower()
    w = re.sub(r"(?<=[qg])u(?=[eéií])", "", w)       # que, qui, gue, gui: the u is silent
    if w.endswith("y") and (len(w) == 1 or w[-2] in _ES_VOWELS):
        w = w[:-1] + "i"                             # y, hay, muy, estoy: a final y is a vowel
    count, prev = 0, None
    for ch in w:
        if ch not in _ES_VOWELS:
            prev = None
            continue
        kind = "strong" if ch in _ES_STRONG else "weak"
        if prev is None or (prev == "strong" and kind == "strong"):
            count += 1   # a new nucleus, or two strong vowels side by side (hiatus)
        prev = kind      # weak + strong, strong + weak, weak + weak: one diphthong
    return max(1, count)


_DE_ONE_SOUND = re.compile(r"ie|ei|ai|au|eu|äu|aa|ee|oo|ey|ay|[aeiouyäöü]")


def _syllables_de(word: str) -> int:
    w = re.sub(r"(?<=q)u", "", word.lower())   # Qualität: qu is one consonant sound
    # every vowel is a syllable of its own (Operation: O-pe-ra-ti-on), except diphthongs and long vowels
    return max(1, len(_DE_ONE_SOUND.findall(w)))


def syllables(word: str, lang: str = "en") -> int:
    """Estimated syllables of one word; a number counts as one word of one syllable per digit group."""
    if re.fullmatch(r"\d+(?:[.,]\d+)*%?", word):
        return len(re.findall(r"\d+", word)) + (1 if word.endswith("%") else 0)
    lang = language(lang)
    if lang == "es":
        return _syllables_es(word)
    if lang == "de":
        return _syllables_de(word)
    total = 0
    for part in re.split(r"[-'\u2019]", word):
        if part:
            total += _syllables_en(part) if lang == "en" else max(1, len(re.findall(r"[aeiouy]+", part.lower())))
    if re.search(r"['\u2019](?:s|t|d|ll|re|ve|m)$", word.lower()):
        total -= 1  # don't, it's, you'll: the clitic is not a syllable of its own
    return max(1, total)


# --- the scores --------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    text: str
    words: int
    source: object = None     # SourceLocation of the paragraph or item it came from


@dataclass
class Scores:
    lang: str
    scored: bool                      # a formula exists for the language
    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0            # 3 or more syllables
    monosyllables: int = 0
    long_words: int = 0               # more than 6 letters
    figures: dict = field(default_factory=dict)   # formula name -> value
    longest: list = field(default_factory=list)   # Sentence, longest first
    all_sentences: list = field(default_factory=list)

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


FORMULAS = {  # language -> names of the figures computed for it
    "en": ("flesch_kincaid_grade", "smog", "flesch_reading_ease"),
    "es": ("szigriszt_pazos", "fernandez_huerta"),
    "de": ("wiener_sachtextformel", "amstad"),
}

LABELS = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade", "smog": "SMOG grade", "flesch_reading_ease": "Flesch reading ease",
    "szigriszt_pazos": "Szigriszt-Pazos (INFLESZ)", "fernandez_huerta": "Fernández-Huerta",
    "wiener_sachtextformel": "Wiener Sachtextformel", "amstad": "Amstad",
}

SHORT = {
    "flesch_kincaid_grade": "FK", "smog": "SMOG", "flesch_reading_ease": "FRE", "szigriszt_pazos": "INFLESZ",
    "fernandez_huerta": "F-H", "wiener_sachtextformel": "WSTF", "amstad": "Amstad",
}


def formulas(w: int, s: int, y: int, poly: int, mono: int, long_: int) -> dict:
    """Every formula from raw counts (words, sentences, syllables, 3+ syllable words, 1-syllable words, >6 letters)."""
    if not w or not s:
        return {}
    wps, ypw = w / s, y / w
    return {
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * ypw - 15.59,
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * ypw,
        "smog": 1.0430 * math.sqrt(poly * 30 / s) + 3.1291,
        "fernandez_huerta": 206.84 - 0.60 * (100 * ypw) - 1.02 * wps,
        "szigriszt_pazos": 206.835 - 62.3 * ypw - wps,
        "amstad": 180 - wps - 58.5 * ypw,
        "wiener_sachtextformel": (0.1935 * 100 * poly / w + 0.1672 * wps + 0.1297 * 100 * long_ / w
                                  - 0.0327 * 100 * mono / w - 0.875),
    }


def score(units, locale: str, keep_longest: int = 3) -> Scores:
    """Score prose. `units` are (text, source) pairs: one per paragraph or list item.

    Every unit ends a sentence. Headings, references and phone numbers should
    not be passed in; phone numbers and web addresses left in the text are removed.
    """
    lang = language(locale)
    result = Scores(lang, scored=lang in FORMULAS)
    if lang in UNSPACED:
        return result
    found: list[Sentence] = []
    for text, source in units:
        for sentence in sentences(scored_text(text), lang):
            ws = words(sentence)
            found.append(Sentence(sentence, len(ws), source))
            result.sentences += 1
            result.words += len(ws)
            for word in ws:
                n = syllables(word, lang)
                result.syllables += n
                result.polysyllables += n >= 3
                result.monosyllables += n == 1
                result.long_words += sum(ch.isalpha() for ch in unicodedata.normalize("NFC", word)) > 6
    all_figures = formulas(result.words, result.sentences, result.syllables, result.polysyllables,
                           result.monosyllables, result.long_words)
    result.figures = {k: all_figures[k] for k in FORMULAS.get(lang, ()) if k in all_figures}
    result.longest = sorted(found, key=lambda s: -s.words)[:keep_longest] if keep_longest else []
    result.all_sentences = found
    return result
