"""inputs.translation: a translation that does not mirror its source says where and what."""
from __future__ import annotations

from leaflets.diagnostics import Diagnostics
from leaflets.inputs.sources import Document
from leaflets.inputs.translation import _Merge


def test_a_missing_bullet_among_look_alikes_names_the_candidates():
    d = Diagnostics()
    merge = _Merge(Document("en.yaml", {"evidence": {}}), Document("es.yaml", {}), d)
    merge.bullets(("sections", 0, "body", 0), ["headache", "itching", "a [@deer2004]"], ["picor", "b [@deer2004]"])
    assert [x.message for x in d.items] == [
        "has 2 bullet points where the source has 3: missing translation of point 1 ('headache') or 2 ('itching')"]
