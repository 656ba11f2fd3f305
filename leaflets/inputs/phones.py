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


def parse_phone(phone: str, country: str, letters: str | None = None) -> tuple[str, str]:
    """-> (as printed, E.164 for dialling). Raises PhoneError."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"{phone!r} is not a phone number: {exc}", "write it like '+1 800 510 6735'",
                         code="phone-unparseable")
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(f"{phone!r} is not a valid phone number", "check the digits and the country code",
                         code="phone-invalid")
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
