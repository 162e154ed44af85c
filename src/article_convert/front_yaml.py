"""YAML front matter loaded within bounds: no alias bombs, no deep nesting, no date exceptions.

``yaml.safe_load`` builds no objects of arbitrary types, but it does not protect against a
"billion laughs" document (nine aliases of nine aliases...: a 514-byte file that expands to
gigabytes once any code walks or prints the value), against nesting deep enough to exhaust the
recursion limit, or against ``date: 2025-02-30`` raising ValueError inside its timestamp
constructor. Here the YAML is *composed* first and its node graph measured (aliases counted as
the copies they stand for) before anything is constructed; timestamps stay strings, to be
checked by the one date rule in :mod:`article_convert.dates`.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_FRONT_MATTER_BYTES = 64 * 1024
"""Largest front matter read (an article's title block needs a few hundred bytes)."""

MAX_YAML_NODES = 10_000
"""Most YAML nodes after alias expansion (each alias counted as a copy of what it names)."""

MAX_YAML_DEPTH = 32
"""Deepest nesting of YAML collections."""


class FrontMatterError(ValueError):
    """The front matter is not valid YAML or exceeds a limit; the message says which."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings (no ValueError for 30 February)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_size(root: yaml.Node) -> None:
    """Raise FrontMatterError when the expanded node graph is too large or too deep (iterative)."""
    expanded: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    order: list[yaml.Node] = []
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:  # post-order over the DAG (aliases share node objects)
        node, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            raise FrontMatterError(f"front matter nested deeper than {MAX_YAML_DEPTH} levels")
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend((child, depth + 1) for child in _children(node))
    for node in reversed(order):
        kids = _children(node)
        expanded[id(node)] = 1 + sum(expanded.get(id(k), 1) for k in kids)
        depth_of[id(node)] = 1 + max((depth_of.get(id(k), 1) for k in kids), default=0)
        if expanded[id(node)] > MAX_YAML_NODES:
            raise FrontMatterError(
                f"front matter expands to more than {MAX_YAML_NODES} values (an alias bomb?)"
            )
        if depth_of[id(node)] > MAX_YAML_DEPTH:
            raise FrontMatterError(f"front matter nested deeper than {MAX_YAML_DEPTH} levels")


def _flow_depth(raw: str) -> int:
    """The deepest nesting of ``[``/``{`` brackets (a cheap upper bound of flow-collection depth)."""
    depth = deepest = 0
    for ch in raw:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def load_front_matter(raw: str) -> Any:
    """The YAML value of ``raw``; FrontMatterError for invalid YAML or when a limit is exceeded."""
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(f"front matter larger than {MAX_FRONT_MATTER_BYTES // 1024} KB")
    if _flow_depth(raw) > MAX_YAML_DEPTH:  # before PyYAML: it recurses (slowly) per level
        raise FrontMatterError(f"front matter nested deeper than {MAX_YAML_DEPTH} levels")
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {str(exc).splitlines()[0]}") from exc
    except RecursionError as exc:  # the composer recurses per nesting level
        raise FrontMatterError(f"front matter nested deeper than {MAX_YAML_DEPTH} levels") from exc
    finally:
        loader.dispose()
