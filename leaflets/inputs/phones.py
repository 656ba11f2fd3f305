"""Phone numbers: stored in international form, printed in the leaflet country's form."""
from __future__ import annotations

import re

import phonenumbers

_KEYPAD = {c: d for d, letters in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO",
                                    "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items() for c in letters}


class PhoneError(ValueError):
    def __init__(self, message: str, hint: str = "", about_letters: bool = False, *, code: str):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.about_letters = about_letters
        self.code = code


def example(country: str | None) -> str:
    """A phone number of this country in international form, for hints ('+1 800 510 6735' without one)."""
    number = phonenumbers.example_number(country) if country else None
    if number is None:
        return "+1 800 510 6735"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_national(phone: str) -> bool:
    return not phone.lstrip().startswith("+")


def parse_phone(phone: str, country: str, letters: str | None = None) -> tuple[str, str]:
    """-> (as printed, E.164 for dialling); a number without +country code is read as `country`'s.
    Raises PhoneError."""
    national = is_national(phone)
    where = f" in {country}" if national else ""
    try:
        number = phonenumbers.parse(phone, country if national else None)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"{phone!r} is not a phone number{where}: {exc}", f"write it like '{example(country)}'",
                         code="phone-unparseable")
    if not phonenumbers.is_valid_number(number):
        hint = (f"check the digits, or write it in international form like '{example(country)}'" if national
                else "check the digits and the country code")
        raise PhoneError(f"{phone!r} is not a valid phone number{where}", hint, code="phone-invalid")
    dial = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number)
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if region == country else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    printed = phonenumbers.format_number(number, fmt)
    if letters:
        dialled = "".join(_KEYPAD.get(c, c) for c in letters.upper() if c.isalnum())
        national = str(number.national_number)
        if not national.endswith(dialled[-len(national):]) or len(dialled) < 7:
            raise PhoneError(f"letters {letters!r} dial {dialled}, not the number {phone!r}",
                             "make the letters spell the same number", about_letters=True,
                             code="phone-letters-mismatch")
        word_digits = "".join(_KEYPAD[c] for c in re.findall(r"[A-Za-z]", letters.upper()))
        printed = f"{letters} ({word_digits})" if word_digits else letters
    return printed, dial
