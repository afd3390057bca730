"""Safe, strict YAML loading that remembers where every value came from.

PyYAML's safe loader forgets line numbers, silently keeps the last of two
duplicate keys, and turns ``yes``/``no``/``on``/``off`` into booleans. Authors
need messages that point at a line, so this loader builds plain Python data and
a map from each value's path (``("phases", 2, "lines", 0, "id")``) to its
line and column, reports duplicate keys, and treats only ``true``/``false`` as
booleans (as YAML 1.2 does).
"""

from __future__ import annotations

import contextlib
import math
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
        return Diagnostic(self.path, line, column, severity, message, hint)


# Limits on what a scenario or voice file may be. The shipped scenarios are about 70 KB with at most 8 levels
# of nesting and numbers below 1,000; the limits leave a wide margin and keep every load under a second.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NUMBER = 1e12  # no count, range, minute or change is ever near this; beyond it float() loses or overflows
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _error(display: str, message: str, hint: str = "", line: int = 1, column: int = 1) -> InvalidFile:
    return InvalidFile([Diagnostic(display, line, column, "error", message, hint)])


def decode_text(raw: bytes, display: str) -> str:
    """The file's text: UTF-8 (with or without a BOM), or UTF-16/32 as Windows editors save it (with or without a BOM).

    Anything else is refused with the position of the first bad byte, and so is a control character.
    """
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    codec = next((c for bom, c in boms if raw.startswith(bom)), "utf-8")
    head = raw[:4096]
    if codec == "utf-8" and len(head) >= 8 and head.count(0) >= len(head) // 3:  # many NULs: UTF-16 without a BOM?
        guess = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        with contextlib.suppress(UnicodeDecodeError):
            raw.decode(guess)
            codec = guess  # else it is UTF-8 with stray NULs, reported below as control characters
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1 if codec == "utf-8" else 1
        raise _error(display, f"not UTF-8 text (byte {exc.start + 1} cannot be read as {codec}: {exc.reason})",
                     "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)", line) from None
    check_control(text, display)
    return text


def check_control(text: str, display: str) -> None:
    """Refuse a control character (a NUL, an escape), which YAML forbids and which a text editor does not show."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise _error(display, f"an invisible control character (U+{ord(bad.group()):04X}) is in the file",
                     "delete it (retype the line if you cannot see it); YAML allows only tabs and line breaks", line, column)


def _read(path: str | Path, display: str) -> str:
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise _error(display, f"the file is {size / 1e6:.1f} MB; a scenario or voice file may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                         "is this the right file? split very long text into several lines or phases")
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _error(display, "file not found", "check the path") from None
    except IsADirectoryError:
        raise _error(display, "cannot read the file: it is a folder", "give a .yaml file") from None
    except OSError as exc:
        raise _error(display, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read (a pipe, a device)
        raise _error(display, f"the file is over {MAX_FILE_BYTES // (1024 * 1024)} MB", "is this the right file?")
    return decode_text(raw, display)


def _check_depth(text: str, display: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything recursive sees it (the composer recurses per level)."""
    if not yaml.__with_libyaml__:
        return  # the pure-Python path turns RecursionError into the same message below
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _error(display, f"nested more than {MAX_DEPTH} levels deep", "a scenario needs fewer than ten levels: check the indentation "
                                 "and the brackets here", mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the full parse below reports it at its position


def load_yaml(path: str | Path, text: str | None = None) -> Located:
    """Load one YAML file; raise InvalidFile with a positioned message if it is not valid YAML or breaks a limit."""
    display = str(path)
    if text is None:
        text = _read(path, display)
    else:
        if len(text) > MAX_FILE_BYTES:
            raise _error(display, f"the text is {len(text) / 1e6:.1f} MB; a scenario or voice file may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB")
        check_control(text, display)
    _check_depth(text, display)
    try:
        loader = _StrictLoader(text)
    except yaml.YAMLError as exc:  # the reader refuses some characters as soon as it sees the text
        raise _error(display, f"YAML syntax: {exc}", "save the file as plain UTF-8 text") from None
    try:
        node = _fast_compose(text)
        if node is _NEEDS_SLOW_PATH:
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise _error(display, f"YAML syntax: {problem}", "check indentation, quotes and colons here", line, col) from None
    except yaml.YAMLError as exc:
        raise _error(display, f"YAML syntax: {exc}") from None
    except RecursionError:
        raise _error(display, f"nested more than {MAX_DEPTH} levels deep", "check the indentation and the brackets") from None
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
    try:
        located.data = _construct(node, (), located, problems, _StrictLoader(""))
    except RecursionError:
        raise _error(display, f"nested more than {MAX_DEPTH} levels deep", "check the indentation and the brackets") from None
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
        value = scalars.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        problems.append(_at(located, node, f"unsupported value: {exc.problem}", "use plain text, numbers, true or false"))
        return None
    except (ValueError, TypeError, AttributeError, OverflowError):  # e.g. `!!float abc`, `!!timestamp nope`, a 5,000-digit number
        problems.append(_at(located, node, f"'{node.value[:40]}' cannot be read as {node.tag.rsplit(':', 1)[-1]}",
                            "remove the tag, or write a plain number, text, true or false"))
        return None
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
            problems.append(_at(located, node, f"the number {node.value[:40]} is out of range", f"numbers here must be finite and at most {MAX_NUMBER:g}"))
            return None
        return value
    # dates, timestamps, binary: YAML reads `2026-01-01` as a date, which no field of the format takes
    problems.append(_at(located, node, f"'{node.value[:40]}' is read as {type(value).__name__}, which no field takes",
                        "put it in quotes to make it text"))
    return None


def _at(located: Located, node: yaml.Node, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(located.path, node.start_mark.line + 1, node.start_mark.column + 1, "error", message, hint)
