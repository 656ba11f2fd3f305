"""inputs.phones: numbers in international form, or in national form of the leaflet's country."""
from __future__ import annotations

import pytest

from leaflets.inputs.phones import PhoneError, example, parse_phone


def test_a_national_number_is_read_as_the_leaflets_country():
    assert parse_phone("020 7946 0000", "GB") == ("020 7946 0000", "+442079460000")
    assert parse_phone("+44 20 7946 0000", "US") == ("+44 20 7946 0000", "+442079460000")


def test_the_example_in_a_message_fits_the_country():
    with pytest.raises(PhoneError) as info:
        parse_phone("020 7946 000", "GB")
    assert "in GB" in info.value.message and example("GB").startswith("+44 ")
    assert example("GB") in info.value.hint
    assert example(None) == "+1 800 510 6735"
