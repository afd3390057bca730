"""Safe, strict YAML loading that remembers where every value came from.

PyYAML's safe loader forgets line numbers, silently keeps the last of two
duplicate keys, and turns ``yes``/``no``/``on``/``off`` into booleans. Authors
need messages that point at a line, so this loader builds plain Python data and
a map from each value's path (``("phases", 2, "lines", 0, "id")``) to its
line and column, reports duplicate keys, and treats only ``true``/``false`` as
booleans (as YAML 1.2 does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.diagnostics import Diagnostic, InvalidFile

PathKey = tuple[str | int, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans only, that notes aliases instead of resolving them.

    PyYAML's composer makes every use of an alias the same node: a self-referencing alias
    (``&x [*x]``) would make ``_construct`` recurse forever, and nested aliases expand
    exponentially ("billion laughs"). The format does not support aliases, so each one is
    recorded (to be reported at its position) and stands in as an empty value.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_events: list[yaml.AliasEvent] = []

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.alias_events.append(event)
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_NEEDS_SLOW_PATH = object()

if yaml.__with_libyaml__:

    class _StrictCLoader(yaml.CSafeLoader):
        """The same strict resolution on libyaml's C parser: ten times faster on a scenario file."""

    _StrictCLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers


def _fast_compose(text: str) -> yaml.Node | object | None:
    """Compose with libyaml when the file is valid and has no aliases; else ask for the slow path, whose
    messages are clearer and which reports each alias at its own position (the C composer shares
    aliased nodes instead)."""
    if not yaml.__with_libyaml__:
        return _NEEDS_SLOW_PATH
    try:
        if "*" in text and any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, Loader=yaml.CSafeLoader)):
            return _NEEDS_SLOW_PATH
        return yaml.compose(text, Loader=_StrictCLoader)
    except yaml.YAMLError:
        return _NEEDS_SLOW_PATH  # the pure-Python parser explains syntax errors better


@dataclass
class Located:
    """Loaded data plus the position of every value in it."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, key: PathKey) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``key``, or of its nearest parent."""
        while True:
            if key in self.positions:
                return self.positions[key]
            if not key:
                return (1, 1)
            key = key[:-1]

    def where_key(self, key: PathKey) -> tuple[int, int]:
        """Line and column of the mapping key that ends ``key`` (e.g. an unknown key), else of its parent."""
        return self.key_positions.get(key) or self.where(key[:-1])

    def diagnostic(self, key: PathKey, severity: str, message: str, hint: str = "", at_key: bool = False) -> Diagnostic:
        line, column = self.where_key(key) if at_key else self.where(key)
        return Diagnostic(self.path, line, column, severity, message, hint)  # type: ignore[arg-type]


def load_yaml(path: str | Path, text: str | None = None) -> Located:
    """Load one YAML file; raise InvalidFile with a positioned message if it is not valid YAML."""
    display = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InvalidFile([Diagnostic(display, 1, 1, "error", "file not found", "check the path")]) from None
        except UnicodeDecodeError as exc:
            raise InvalidFile(
                [Diagnostic(display, 1, 1, "error", f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
            ) from None
        except OSError as exc:
            raise InvalidFile([Diagnostic(display, 1, 1, "error", f"cannot read the file: {exc.strerror}")]) from None
    loader = _StrictLoader(text)
    try:
        node = _fast_compose(text)
        if node is _NEEDS_SLOW_PATH:
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InvalidFile(
            [Diagnostic(display, line, col, "error", f"YAML syntax: {problem}", "check indentation, quotes and colons here")]
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Diagnostic(display, 1, 1, "error", f"YAML syntax: {exc}")]) from None
    finally:
        loader.dispose()
    located = Located(display, None)
    problems: list[Diagnostic] = []
    if node is None:
        raise InvalidFile([Diagnostic(display, 1, 1, "error", "the file is empty", "start with `schema_version: 1`")])
    if loader.alias_events:
        raise InvalidFile([
            Diagnostic(display, a.start_mark.line + 1, a.start_mark.column + 1, "error", f"aliases (*{a.anchor}) are not supported",
                       "write the value out in full")
            for a in loader.alias_events
        ])
    located.data = _construct(node, (), located, problems, _StrictLoader(""))
    if problems:
        raise InvalidFile(problems)
    return located


_PLAIN_COLLECTION_TAGS = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}


def _construct(node: yaml.Node, key: PathKey, located: Located, problems: list[Diagnostic], scalars: yaml.SafeLoader) -> Any:
    located.positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
    plain = _PLAIN_COLLECTION_TAGS.get(type(node))
    if plain and node.tag != plain:  # e.g. !!python/object/apply on a list: refuse it rather than ignore it
        problems.append(_at(located, node, f"unsupported tag '{node.tag}'", "remove the tag: plain lists and mappings need none"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(_at(located, key_node, "a mapping key must be plain text"))
                continue
            name = key_node.value
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(_at(located, key_node, "merge keys (<<) are not supported", "write the keys out"))
                continue
            if name in result:
                problems.append(_at(located, key_node, f"duplicate key '{name}'", "remove or rename one of them"))
                continue
            located.key_positions[(*key, name)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[name] = _construct(value_node, (*key, name), located, problems, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*key, i), located, problems, scalars) for i, item in enumerate(node.value)]
    try:
        return scalars.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append(_at(located, node, f"unsupported value: {exc.problem}", "use plain text, numbers, true or false"))
        return None


def _at(located: Located, node: yaml.Node, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(located.path, node.start_mark.line + 1, node.start_mark.column + 1, "error", message, hint)
