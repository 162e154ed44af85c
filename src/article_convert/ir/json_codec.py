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
from typing import Any

from ..errors import InvalidInputError
from .depth import MAX_DEPTH
from .nodes import NODE_TYPES, Document, Image, Metadata

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
    """Serialise a Document with the format name and version on top."""
    data = {"format": IR_FORMAT, "version": IR_VERSION, "document": to_data(doc)}
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


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
