"""Lossless JSON (de)serialisation of the IR, with a format version.

Every node becomes an object ``{"type": "<ClassName>", <field>: <value>, ...}``; tuples
become arrays. Reading validates node types, field names and value types, and fails with
a message that names the JSON path of the offending value.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

from ..errors import InvalidInputError
from .depth import MAX_DEPTH
from .nodes import NODE_TYPES, Document, Image, Metadata, Text

MAX_JSON_DEPTH = 2 * MAX_DEPTH + 16
"""Deepest node nesting read from IR JSON (recursion stays far below Python's limit); the
pipeline then flattens anything deeper than MAX_DEPTH, as for every reader."""

IR_FORMAT = "article-convert-ir"
IR_VERSION = 1

_CLASSES: dict[str, type] = {cls.__name__: cls for cls in NODE_TYPES}


_Plan = tuple[tuple[str, bool, Any], ...]
_PLANS: dict[type, _Plan | None] = {}


def _field_plan(cls: type) -> _Plan | None:
    """(name, omit when default, default) of each field of a dataclass, None for other types; once
    per class (``dataclasses.fields`` per node was a third of serialising a document)."""
    try:
        return _PLANS[cls]
    except KeyError:
        pass
    plan = None
    if dataclasses.is_dataclass(cls):
        plan = tuple((f.name, bool(f.metadata.get("omit_default")), f.default) for f in dataclasses.fields(cls))
    _PLANS[cls] = plan
    return plan


def to_data(node: Any) -> Any:
    """Turn a node (or tuple/scalar) into plain JSON-able data."""
    plan = _field_plan(type(node))  # the type of a dataclass instance (a dataclass itself is not one)
    if plan is not None:
        out: dict[str, Any] = {"type": type(node).__name__}
        for name, omit_default, default in plan:
            value = getattr(node, name)
            if omit_default and value == default:
                continue  # a field added later: files without it stay byte-identical and readable by older versions
            out[name] = to_data(value)
        return out
    if isinstance(node, tuple):
        return [to_data(x) for x in node]
    return node


def document_to_json(doc: Document, indent: int | None = 1) -> str:
    """Serialise a Document with the format name and version on top (the same bytes as ``json.dumps``
    of :func:`to_data` with ``ensure_ascii=False``, written straight from the nodes)."""
    head = {"format": IR_FORMAT, "version": IR_VERSION, "document": None}
    text = json.dumps(head, ensure_ascii=False, indent=indent)
    cut = text.rindex("null")
    return text[:cut] + _Emitter(indent).document(doc) + text[cut + 4:] + "\n"


def write_document_json(doc: Document, sink: Callable[[str], object], indent: int | None = 1) -> None:
    """The text :func:`document_to_json` returns, handed to ``sink`` piece by piece (a digest of a
    page of 200,000 links held ~350 MB of small strings at once when the text was built whole)."""
    head = {"format": IR_FORMAT, "version": IR_VERSION, "document": None}
    text = json.dumps(head, ensure_ascii=False, indent=indent)
    cut = text.rindex("null")
    sink(text[:cut])
    chunks = _Chunks(sink)
    _Emitter(indent).value(doc, 1, chunks)  # type: ignore[arg-type]
    chunks.flush()
    sink(text[cut + 4:] + "\n")


class _Chunks:
    """Stands in for the emitter's list: every 16,384 pieces go to ``sink`` joined, then are dropped."""

    __slots__ = ("parts", "sink")

    def __init__(self, sink: Callable[[str], object]) -> None:
        self.parts: list[str] = []
        self.sink = sink

    def append(self, text: str) -> None:
        parts = self.parts
        parts.append(text)
        if len(parts) >= 16384:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.sink("".join(self.parts))
            self.parts = []


_Layout = tuple[str, tuple[tuple[str, bool, Any, str], ...], str]


class _Emitter:
    """Writes nodes as JSON text in one pass, without the dict tree of :func:`to_data` and with
    strings encoded in C: ``json.dumps`` with an indent runs its pure-Python encoder over that tree,
    which cost ~6 µs and ~700 bytes per node (a page of 200,000 tiny elements: 4 s, +420 MB)."""

    def __init__(self, indent: int | None) -> None:
        self.indent = indent
        self.comma = "," if indent is not None else ", "
        self.lines: list[str] = []  # "\n" + indentation per level ("" when compact)
        self.layouts: dict[tuple[type, int], _Layout | None] = {}
        """(node class, level) -> the text around its fields, made once: one piece of text per
        node instead of four or five (the digest of a page of 200,000 links writes 1.6 million nodes)."""

    def newline(self, level: int) -> str:
        """The line break and indentation before an item at ``level``."""
        lines = self.lines
        while len(lines) <= level:
            lines.append("" if self.indent is None else "\n" + " " * (self.indent * len(lines)))
        return lines[level]

    def _layout(self, cls: type, level: int) -> _Layout | None:
        """The fixed text of a node of ``cls`` at ``level``: its opening with the type, each field's
        separator and name, and its closing (None for a value that is not a dataclass)."""
        plan = _field_plan(cls)
        layout: _Layout | None = None
        if plan is not None:
            inner = self.newline(level + 1)
            sep = self.comma + inner
            head = "{" + inner + '"type": ' + _encode_string(cls.__name__)
            fields = tuple((name, omit, default, sep + _encode_string(name) + ": ") for name, omit, default in plan)
            layout = (head, fields, self.newline(level) + "}")
        self.layouts[(cls, level)] = layout
        return layout

    def document(self, doc: Document) -> str:
        """The JSON text of ``doc`` as the value of the top object's ``"document"`` key."""
        out: list[str] = []
        self.value(doc, 1, out)
        return "".join(out)

    def value(self, value: Any, level: int, out: list[str], prefix: str = "") -> None:
        """Append the JSON text of ``value``, itself at nesting ``level``, after ``prefix`` (the
        separator before it: joined with its first piece rather than appended alone)."""
        cls = type(value)
        if cls is str:
            out.append(prefix + _encode_string(value))
            return
        if value is None:
            out.append(prefix + "null")
            return
        if cls is bool:
            out.append(prefix + ("true" if value else "false"))
            return
        if cls is int:
            out.append(prefix + int.__repr__(value))
            return
        if cls is tuple or cls is list:
            if not value:
                out.append(prefix + "[]")
                return
            inner = self.newline(level + 1)
            sep = self.comma + inner
            lead = prefix + "[" + inner
            text_layout = self.layouts.get((Text, level + 1)) or self._layout(Text, level + 1)
            assert text_layout is not None
            text_head = text_layout[0] + text_layout[1][0][3]
            text_tail = text_layout[2]
            for item in value:
                if type(item) is Text:  # the commonest node, written here in one piece
                    out.append(lead + text_head + _encode_string(item.text) + text_tail)
                else:
                    self.value(item, level + 1, out, lead)
                lead = sep
            out.append(self.newline(level) + "]")
            return
        layout = self.layouts.get((cls, level))
        if layout is None and (cls, level) not in self.layouts:
            layout = self._layout(cls, level)
        if layout is not None:
            head, fields, tail = layout
            text = prefix + head
            for name, omit_default, default, before in fields:
                item = getattr(value, name)
                if omit_default and item == default:
                    continue
                kind = type(item)
                if kind is str:
                    text += before + _encode_string(item)
                elif item is None:
                    text += before + "null"
                elif kind is int:
                    text += before + int.__repr__(item)
                elif kind is tuple and not item:
                    text += before + "[]"
                else:
                    self.value(item, level + 1, out, text + before)
                    text = ""
            out.append(text + tail)
            return
        # anything else (numbers, booleans, None, a dict in a plugin's node): exactly as json writes it
        text = json.dumps(to_data(value), ensure_ascii=False, indent=self.indent)
        out.append(prefix + (text.replace("\n", self.newline(level)) if self.indent is not None else text))


_encode_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def document_from_json(text: str) -> Document:
    """Parse JSON written by :func:`document_to_json`; raises InvalidInputError with the path."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:  # the JSON parser recurses per nested array/object
        raise InvalidInputError(f"JSON nested too deeply (the limit is {MAX_JSON_DEPTH} nodes)") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InvalidInputError(f"not valid JSON ({str(exc).split(':')[0]})") from exc
    if not isinstance(data, dict) or data.get("format") != IR_FORMAT:
        raise InvalidInputError(f'not an article-convert IR file (expected "format": "{IR_FORMAT}")')
    version = data.get("version")
    if version != IR_VERSION:
        raise InvalidInputError(f"IR version {version!r} is not supported (this tool reads version {IR_VERSION})")
    doc = from_data(data.get("document"), "$.document")
    if not isinstance(doc, Document):
        raise InvalidInputError("$.document: expected a Document")
    return doc


def from_data(data: Any, path: str = "$", depth: int = 0) -> Any:
    """Rebuild a node from plain data, validating as it goes (at most MAX_JSON_DEPTH nodes deep)."""
    if depth > MAX_JSON_DEPTH:
        raise InvalidInputError(f"{path[:60]}…: nodes nested deeper than {MAX_JSON_DEPTH} levels")
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: expected a node object, got {type(data).__name__}")
    name = data.get("type")
    cls = _CLASSES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise InvalidInputError(f"{path}: unknown node type {name!r}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - known - {"type"}
    if unknown:
        raise InvalidInputError(f"{path}: unknown field(s) for {name}: {', '.join(sorted(unknown))}")
    for f in dataclasses.fields(cls):
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise InvalidInputError(f"{path}: {name} lacks the field {f.name!r}")
            continue
        kwargs[f.name] = _convert(data[f.name], hints[f.name], f"{path}.{f.name}", depth + 1)
    return cls(**kwargs)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """Resolved field annotations of a node class (cached)."""
    return typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))


def _convert(value: Any, hint: Any, path: str, depth: int = 0) -> Any:
    """Convert ``value`` to the type described by ``hint``."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is str:
        if not isinstance(value, str):
            raise InvalidInputError(f"{path}: expected a string")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInputError(f"{path}: expected an integer")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise InvalidInputError(f"{path}: expected an array")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(v, args[0], f"{path}[{i}]", depth) for i, v in enumerate(value))
        if len(value) != len(args):
            raise InvalidInputError(f"{path}: expected {len(args)} items")
        return tuple(_convert(v, a, f"{path}[{i}]", depth) for i, (v, a) in enumerate(zip(value, args, strict=True)))
    if origin is typing.Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        if all(a in (str, int) for a in non_none):
            for a in non_none:
                try:
                    return _convert(value, a, path, depth)
                except InvalidInputError:
                    pass
            raise InvalidInputError(f"{path}: expected {' or '.join(a.__name__ for a in non_none)}")
        node = from_data(value, path, depth)
        if not isinstance(node, tuple(non_none)):
            raise InvalidInputError(f"{path}: a {type(node).__name__} is not allowed here")
        return node
    if hint in (Image, Metadata, Document):
        node = from_data(value, path, depth)
        if not isinstance(node, hint):
            raise InvalidInputError(f"{path}: expected {hint.__name__}")
        return node
    raise TypeError(f"unsupported type hint {hint!r} at {path}")  # pragma: no cover - programming error
