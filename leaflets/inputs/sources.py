"""The one place that reads YAML. Every node keeps its file, line and column.

Loading is deliberately strict: no tags beyond plain data, no anchors or
aliases, no duplicate keys, bounded nesting and size, strict UTF-8.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, ScalarEvent, SequenceStartEvent, MappingStartEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from leaflets.diagnostics import ERROR, Diagnostic, LeafletError, SourceLocation
from leaflets.inputs.syntax import explain

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

PathKey = tuple  # ("sections", 3, "body", 2)

# What PyYAML's resolver tags a plain '=' and '<<' with; outside a mapping key they are text.
_PLAIN_TEXT_TAGS = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            if not text.isprintable() or not text:
                text = repr(text)
            out += ("." if out else "") + text
    return out


@dataclass
class Document:
    """Plain data (dicts, lists, str, int, float, bool, None, date) plus where each piece came from."""

    path: str
    data: object
    value_locations: dict = field(default_factory=dict)
    key_locations: dict = field(default_factory=dict)

    def loc(self, path: PathKey = ()) -> SourceLocation:
        path = tuple(path)
        while path and path not in self.value_locations:
            path = path[:-1]
        return self.value_locations.get(path, SourceLocation(self.path, 1, 1))

    def key_loc(self, path: PathKey) -> SourceLocation:
        path = tuple(path)
        return self.key_locations.get(path) or self.loc(path)


class _Problem(Exception):
    def __init__(self, mark, message: str, hint: str = "", key: str = "", *, code: str):
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint
        self.key = key
        self.code = code


class _StrictComposer(Composer):
    """Composes nodes from parser events, refusing aliases, anchors and deep nesting."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Problem(event.start_mark, "YAML aliases (*name) are not allowed",
                           "write the value out in full", code="yaml-alias")
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)) and event.anchor:
            raise _Problem(event.start_mark, f"YAML anchors (&{event.anchor}) are not allowed",
                           "write the value out in full", code="yaml-anchor")
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Problem(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels",
                               "flatten the structure", code="yaml-too-deep")
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


class _StrictLoader(Reader, Scanner, Parser, _StrictComposer, SafeConstructor, Resolver):
    """PyYAML's pure-Python safe loader, composing nodes only, with limits."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        self._text = text
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

if CParser is not None:
    class _FastLoader(_StrictComposer, SafeConstructor, Resolver, CParser):
        """The same composer, limits and constructor on libyaml's events: about ten times faster.

        Used only for text that parses without any problem; whatever it objects to is
        parsed again by _StrictLoader, so every message is the pure-Python loader's.
        """

        def __init__(self, text: str):
            CParser.__init__(self, text)
            self._text = text
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._depth = 0
else:
    _FastLoader = None


def _location(display: str, mark) -> SourceLocation:
    return SourceLocation(display, mark.line + 1, mark.column + 1)


def decode_utf8(raw: bytes, display: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise LeafletError(_diag(
            SourceLocation(display, line, column),
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
            "save the file as UTF-8", code="file-not-utf8"))
    return text[1:] if text.startswith("\ufeff") else text


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    plain = mark and explain(text, exc.problem or "", mark.line, exc.context or "",
                             exc.context_mark.line if exc.context_mark else None)
    if plain:
        return _diag(SourceLocation(display, plain.line + 1, plain.column + 1), f"YAML syntax error: {plain.message}",
                     plain.hint, code="yaml-syntax")
    message = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
    loc = _location(display, mark) if mark else SourceLocation(display)
    return _diag(loc, f"YAML syntax error: {message}", code="yaml-syntax")


def _diag(location, message, hint="", *, code: str):
    return Diagnostic(ERROR, location, "", message, hint, code=code)


def parse_yaml(text: str, display: str) -> Document:
    """Parse YAML text into a Document; raises LeafletError with a located message."""
    if _FastLoader is not None and not Reader.NON_PRINTABLE.search(text):
        try:
            return _parse_yaml(text, display, _FastLoader)
        except Exception:  # noqa: BLE001 - any problem is found and reported by the pure-Python loader
            pass
    return _parse_yaml(text, display, _StrictLoader)


def _parse_yaml(text: str, display: str, loader_class) -> Document:
    doc = Document(display, None)
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if node is not None:
            doc.data = _convert(loader, node, (), doc)
    except _Problem as p:
        raise LeafletError(Diagnostic(ERROR, _location(display, p.mark), p.key, p.message, p.hint, code=p.code))
    except yaml.MarkedYAMLError as exc:
        raise LeafletError(_syntax_error(exc, text, display))
    except yaml.reader.ReaderError as exc:  # control characters
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise LeafletError(_diag(SourceLocation(display, line, column),
                                 f"character U+{ord(char):04X} is not allowed in YAML",
                                 "remove it; it is often left by copying from another program",
                                 code="yaml-control-character"))
    except yaml.YAMLError as exc:
        raise LeafletError(_diag(SourceLocation(display), f"cannot read YAML: {exc}", code="yaml-syntax"))
    finally:
        if loader is not None:
            loader.dispose()
    return doc


_KIND_OF_TAG = {"tag:yaml.org,2002:seq": SequenceNode, "tag:yaml.org,2002:map": MappingNode}
_WHAT_NODE = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a mapping"}
_WHAT_TAG = {"bool": "true or false", "timestamp": "a date", "int": "a whole number", "float": "a number",
             "null": "empty (null)"}


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(loader, node, key: str):
    try:
        value = loader.construct_object(node)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        kind = "date" if node.tag.endswith("timestamp") else "value"
        raise _Problem(node.start_mark, f"invalid {kind} {node.value!r}: {exc}",
                       "dates are written YYYY-MM-DD" if kind == "date" else "", key, code="yaml-invalid-value")
    except (KeyError, AttributeError, TypeError):  # what PyYAML raises for e.g. `!!bool maybe`, `!!timestamp soon`
        name = _short(node.tag)
        raise _Problem(node.start_mark, f"{node.value!r} is not {_WHAT_TAG.get(name[2:], 'valid')} ({name})",
                       f"remove the tag {name}" + (", or write dates as YYYY-MM-DD" if "timestamp" in name else ""),
                       key, code="yaml-invalid-value")
    if node.tag.endswith(":null") and node.value not in ("", "~", "null", "Null", "NULL"):
        raise _Problem(node.start_mark, f"{node.value!r} is not {_WHAT_TAG['null']} (!!null)",
                       "remove the tag !!null", key, code="yaml-invalid-value")
    if isinstance(value, str) and Reader.NON_PRINTABLE.search(value):
        raise _escaped_control_character(loader, node, value)
    if isinstance(value, _dt.datetime):
        value = value.date() if value.time() == _dt.time() else value
    return value


_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _escaped_control_character(loader, node, value: str) -> _Problem:
    """A control character written as an escape ("\\0", "\\x07"): refused like a raw one, at its escape."""
    char = Reader.NON_PRINTABLE.search(value).group()
    mark, text = node.start_mark, getattr(loader, "_text", "")
    where, hint = mark, "remove it; it is often left by copying from another program"
    for m in _ESCAPE.finditer(text, mark.index, node.end_mark.index):
        decoded = _decode_escape(m.group())
        if decoded == char:
            before = text[:m.start()]
            where = yaml.Mark(mark.name, m.start(), before.count("\n"), m.start() - (before.rfind("\n") + 1),
                              None, None)
            hint = f"remove the escape {m.group()}"
            break
    return _Problem(where, f"character U+{ord(char):04X} is not allowed in YAML", hint, code="yaml-control-character")


def _decode_escape(escape: str) -> str:
    code = escape[1]
    if code in "xuU":
        return chr(int(escape[2:], 16))
    return yaml.scanner.Scanner.ESCAPE_REPLACEMENTS.get(code, "")


def _convert(loader: _StrictLoader, node, path: PathKey, doc: Document):
    doc.value_locations[path] = _location(doc.path, node.start_mark)
    key = format_path(path)
    if isinstance(node, ScalarNode) and node.tag in _PLAIN_TEXT_TAGS and node.style is None:
        return node.value  # a plain '=' or '<<' is just text
    if node.tag not in _PLAIN_TAGS:
        raise _Problem(node.start_mark, f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed",
                       "remove the tag; only plain text, numbers, dates, lists and mappings are accepted", key,
                       code="yaml-tag")
    if _KIND_OF_TAG.get(node.tag, ScalarNode) is not type(node):
        raise _Problem(node.start_mark, f"{_short(node.tag)} is not a tag for {_WHAT_NODE[type(node)]}",
                       f"remove the tag {_short(node.tag)}", key, code="yaml-invalid-value")
    if isinstance(node, ScalarNode):
        return _scalar(loader, node, key)
    if isinstance(node, SequenceNode):
        return [_convert(loader, item, path + (i,), doc) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Problem(key_node.start_mark, "a key must be plain text", code="yaml-complex-key")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Problem(key_node.start_mark, "YAML merge keys (<<) are not allowed",
                               "write the value out in full", code="yaml-merge-key")
            key = _scalar(loader, key_node, format_path(path)) if key_node.tag.endswith(":str") else key_node.value
            if key in result:
                first = doc.key_locations[path + (key,)]
                raise _Problem(key_node.start_mark, f"duplicate key {key!r} in {format_path(path) or 'the top level'}",
                               f"first given at line {first.line}; keep one of them", format_path(path + (key,)),
                               code="yaml-duplicate-key")
            doc.key_locations[path + (key,)] = _location(doc.path, key_node.start_mark)
            result[key] = _convert(loader, value_node, path + (key,), doc)
        return result
    raise _Problem(node.start_mark, "unsupported YAML node", code="yaml-unsupported-node")


def load_file(path: Path, root: Path) -> Document:
    """Read and parse one YAML file, named relative to the project root in messages."""
    display = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LeafletError(_diag(SourceLocation(display), f"file is {size:,} bytes, over the limit of {MAX_BYTES:,}",
                                     "split it or remove what is not needed", code="file-too-large"))
        raw = path.read_bytes()
    except OSError as exc:
        raise LeafletError(_diag(SourceLocation(display), f"cannot read file: {exc.strerror or exc}",
                                 code="file-unreadable"))
    return parse_yaml(decode_utf8(raw, display), display)


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
