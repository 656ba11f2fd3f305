"""Readability: syllables, sentences and the published formulas, on hand-counted samples."""
from __future__ import annotations

import math

import pytest

from leaflets.quality.readability import formulas, score, sentences, syllables, words

# Syllable counts from the CMU Pronouncing Dictionary (English) and from
# dictionaries' syllable division (Spanish: RAE; German: Duden).
ENGLISH = {
    "the": 1, "pump": 1, "skin": 1, "under": 2, "doctor": 2, "medicine": 3, "catheter": 3, "infection": 3,
    "therapy": 3, "operation": 4, "paralysis": 4, "headache": 2, "makes": 1, "changes": 2, "tables": 2,
    "wanted": 2, "called": 1, "placed": 1, "handled": 2, "people": 2, "every": 2, "area": 3, "able": 2,
    "little": 2, "safely": 2, "management": 3, "replacement": 3, "something": 2, "sometimes": 2,
    "physical": 3, "exercise": 3, "quality": 3, "reversed": 2, "adjusted": 3, "relaxed": 2, "worries": 2,
    "function": 2, "activities": 4, "information": 4, "serious": 3, "life": 1, "threatening": 3,
    "yes": 1, "you": 1, "year": 1, "yellow": 2, "going": 2, "reopen": 3, "video": 3, "react": 2,
}
SPANISH = {
    "casa": 2, "país": 2, "ciudad": 2, "muy": 1, "hay": 1, "y": 1, "que": 1, "guitarra": 3, "pingüino": 3,
    "leer": 2, "aéreo": 4, "médico": 3, "información": 4, "tratamiento": 4, "dolor": 2, "cuidado": 3,
    "oír": 2, "reúne": 3, "bomba": 2, "catéter": 3,
}
GERMAN = {
    "die": 1, "Pumpe": 2, "Schmerzen": 2, "Leitung": 2, "Behandlung": 3, "Ärztin": 2, "Medikamente": 5,
    "Zeit": 1, "Beutel": 2, "Häuser": 2, "Operation": 5, "Infektion": 4, "Qualität": 3, "Theorie": 3,
}


@pytest.mark.parametrize("word,count", sorted(ENGLISH.items()))
def test_english_syllables(word, count):
    assert syllables(word, "en") == count


@pytest.mark.parametrize("word,count", sorted(SPANISH.items()))
def test_spanish_syllables(word, count):
    assert syllables(word, "es") == count


@pytest.mark.parametrize("word,count", sorted(GERMAN.items()))
def test_german_syllables(word, count):
    assert syllables(word, "de") == count


def test_hyphenated_words_and_numbers():
    assert syllables("life-threatening", "en") == 4
    assert words("Your pain may go down by half (50%) or more.") == \
        ["Your", "pain", "may", "go", "down", "by", "half", "50%", "or", "more"]


def test_sentences_split_at_full_stops_not_abbreviations_or_decimals():
    text = "Take 2.5 mg each day, e.g. with food. Ask Dr. Smith first! Is it safe? Yes"
    assert sentences(text, "en") == ["Take 2.5 mg each day, e.g. with food.", "Ask Dr. Smith first!",
                                     "Is it safe?", "Yes"]
    assert sentences("Problems can include:", "en") == ["Problems can include:"]
    assert sentences("Llame al médico. ¿Tiene dolor? Sí.", "es") == ["Llame al médico.", "¿Tiene dolor?", "Sí."]
    assert sentences("Nehmen Sie z. B. Wasser. Dann gehen Sie.", "de") == ["Nehmen Sie z. B. Wasser.",
                                                                          "Dann gehen Sie."]


def test_english_formulas_on_a_hand_counted_sample():
    # The(1) pump(1) is(1) under(2) your(1) skin(1) | It(1) gives(1) you(1) medicine(3) every(2) day(1)
    s = score([("The pump is under your skin. It gives you medicine every day.", None)], "en")
    assert (s.sentences, s.words, s.syllables, s.polysyllables) == (2, 12, 16, 1)
    assert s.figures["flesch_kincaid_grade"] == pytest.approx(0.39 * 6 + 11.8 * 16 / 12 - 15.59)
    assert s.figures["flesch_kincaid_grade"] == pytest.approx(2.483, abs=0.001)
    assert s.figures["smog"] == pytest.approx(1.0430 * math.sqrt(1 * 30 / 2) + 3.1291)
    assert s.figures["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 16 / 12)


def test_the_textbook_example():
    # "The cat sat on the mat." 6 words, 6 syllables, 1 sentence: FK = 0.39*6 + 11.8 - 15.59 = -1.45
    s = score([("The cat sat on the mat.", None)], "en")
    assert s.figures["flesch_kincaid_grade"] == pytest.approx(-1.45)
    assert s.figures["flesch_reading_ease"] == pytest.approx(116.145)


def test_spanish_formulas_on_a_hand_counted_sample():
    # El(1) ga-to(2) co-me(2) pes-ca-do(3) | La(1) ca-sa(2) es(1) gran-de(2): 8 words, 14 syllables, 2 sentences
    s = score([("El gato come pescado. La casa es grande.", None)], "es")
    assert (s.sentences, s.words, s.syllables) == (2, 8, 14)
    assert s.figures["szigriszt_pazos"] == pytest.approx(206.835 - 62.3 * 14 / 8 - 4)      # 93.81
    assert s.figures["fernandez_huerta"] == pytest.approx(206.84 - 0.60 * 175 - 1.02 * 4)  # 97.76
    assert set(s.figures) == {"szigriszt_pazos", "fernandez_huerta"}


def test_german_formulas_on_a_hand_counted_sample():
    # Die(1) Pum-pe(2) gibt(1) Me-di-ka-men-te(5) | Sie(1) liegt(1) un-ter(2) der(1) Haut(1)
    s = score([("Die Pumpe gibt Medikamente. Sie liegt unter der Haut.", None)], "de")
    assert (s.sentences, s.words, s.syllables, s.polysyllables, s.monosyllables, s.long_words) == (2, 9, 15, 1, 6, 1)
    assert s.figures["amstad"] == pytest.approx(180 - 4.5 - 58.5 * 15 / 9)                 # 78.0
    ms, sl, iw, es = 100 / 9, 4.5, 100 / 9, 600 / 9
    assert s.figures["wiener_sachtextformel"] == pytest.approx(0.1935 * ms + 0.1672 * sl + 0.1297 * iw
                                                               - 0.0327 * es - 0.875)
    assert s.figures["wiener_sachtextformel"] == pytest.approx(1.289, abs=0.001)


def test_phone_numbers_and_addresses_are_not_scored():
    s = score([("Call 0800 123 4567 or +1 (888) 430-7246 or see https://example.org/help today.", None)], "en")
    assert s.words == 5   # Call, or, or, see, today


def test_languages_without_a_formula_are_not_scored():
    fr = score([("La pompe est sous la peau. Elle donne le médicament.", None)], "fr")
    assert not fr.scored and fr.figures == {}
    assert fr.sentences == 2    # sentence length is still measured
    zh = score([("泵在皮肤下面。它每天给你药。", None)], "zh-Hans")
    assert not zh.scored and zh.sentences == 0


def test_each_unit_ends_a_sentence_and_the_longest_are_kept_with_their_source():
    units = [("infection", "a.yaml:1"), ("a leak of spinal fluid", "a.yaml:2"),
             ("This is a much longer sentence than the others are here. Short.", "a.yaml:3")]
    s = score(units, "en")
    assert s.sentences == 4
    assert s.longest[0].source == "a.yaml:3" and s.longest[0].words == 11


def test_formulas_need_words_and_sentences():
    assert formulas(0, 0, 0, 0, 0, 0) == {}
