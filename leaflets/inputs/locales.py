"""What a locale's script asks of the layout: direction, line breaking, shaping."""
from __future__ import annotations

# Languages written right to left (CLDR character order), Chinese/Japanese/Korean
# line breaking, and scripts whose letters change shape with their neighbours.
_RTL = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
_CJK = {"zh", "ja", "ko", "yue"}
_SHAPED = _RTL | {"hi", "mr", "ne", "sa", "bn", "as", "pa", "gu", "or", "ta", "te", "kn", "ml", "si", "my", "km",
                  "lo", "th", "bo"}


def language(locale: str) -> str:
    return locale.split("-")[0].split("_")[0].lower()


def is_rtl(locale: str) -> bool:
    return language(locale) in _RTL


def is_cjk(locale: str) -> bool:
    return language(locale) in _CJK


def needs_shaping(locale: str) -> bool:
    return language(locale) in _SHAPED


# The script (ISO 15924, lower case) each language is written in, where it is not Latin.
SCRIPTS = {"arab": {"ar", "ckb", "fa", "ks", "ps", "sd", "ug", "ur"}, "deva": {"hi", "mr", "ne", "sa"},
           "hebr": {"he", "yi"}, "hani": {"zh", "yue"}, "jpan": {"ja"}, "kore": {"ko"}, "cyrl": {"ru", "uk", "bg", "sr"},
           "grek": {"el"}, "thai": {"th"}, "beng": {"bn", "as"}}


def script(locale: str) -> str:
    lang = language(locale)
    return next((code for code, langs in SCRIPTS.items() if lang in langs), "latn")
