"""inputs.syntax: YAML syntax errors in plain words, on the line of the mistake."""
from __future__ import annotations

import pytest

from leaflets.diagnostics import LeafletError
from leaflets.inputs.sources import parse_yaml


@pytest.mark.parametrize("text, expected", [
    ("title Your pump\nlocale: en\n",
     "x.yaml:1:1: error: YAML syntax error: no colon after the key 'title' (write 'title: Your pump')"),
    ("a:\n  - b\n\t- c\n", "x.yaml:3:1: error: YAML syntax error: a tab is used to indent this line "
                          "(indent with spaces, not tabs)"),
    ('a: "one”\nb: two\nc: "three"\n',
     'x.yaml:1:8: error: YAML syntax error: the text opened with " on this line ends with a curly quote ”, '
     'so it runs on to the next " (close it with a straight quote ")'),
    ("a: b: c\n", "x.yaml:1:5: error: YAML syntax error: mapping values are not allowed here"),
])
def test_a_syntax_error_names_the_mistake_where_it_was_made(text, expected):
    with pytest.raises(LeafletError) as info:
        parse_yaml(text, "x.yaml")
    assert [d.format() for d in info.value.diagnostics] == [expected]
