"""simulator.yamlpos: safe, strict YAML that remembers where every value came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.diagnostics import InvalidFile
from simulator.yamlpos import load_yaml


def problems(text: str) -> list[str]:
    """The diagnostics loading ``text`` raises, as printed (the test fails if it loads)."""
    with pytest.raises(InvalidFile) as caught:
        load_yaml("f.yaml", text)
    return [str(d) for d in caught.value.diagnostics]


def test_values_keep_their_line_and_column():
    """Every value's path maps to the 1-based line and column where the value starts."""
    located = load_yaml("f.yaml", "a: 1\nphases:\n  - id: contact\n    lines: [x, y]\n")
    assert located.where(("a",)) == (1, 4)
    assert located.where(("phases", 0)) == (3, 5)
    assert located.where(("phases", 0, "id")) == (3, 9)
    assert located.where(("phases", 0, "lines", 1)) == (4, 16)


def test_where_falls_back_to_the_nearest_parent():
    """A path that does not exist (a missing key) is placed at its nearest existing parent."""
    located = load_yaml("f.yaml", "person:\n  name: Sam\n")
    assert located.where(("person", "voice")) == located.where(("person",)) == (2, 3)
    assert located.where(("nothing", "here")) == (1, 1)


def test_keys_keep_their_own_position():
    """A mapping key's own position is known, for messages about the key rather than its value."""
    located = load_yaml("f.yaml", "person:\n  name: Sam\n  voice: x\n")
    assert located.where_key(("person", "voice")) == (3, 3)
    assert located.where_key(("person", "missing")) == (2, 3)


def test_diagnostic_carries_path_position_severity_and_hint():
    """``Located.diagnostic`` builds a positioned message that prints as file:line:col: severity: message — hint."""
    located = load_yaml("dir/f.yaml", "a:\n  b: 2\n")
    d = located.diagnostic(("a", "b"), "warning", "b is odd", "make it even")
    assert (d.path, d.line, d.column, d.severity) == ("dir/f.yaml", 2, 6, "warning")
    assert str(d) == "dir/f.yaml:2:6: warning: b is odd — make it even"


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
def test_yaml11_booleans_stay_text(word):
    """Only true/false are booleans (YAML 1.2): yes/no/on/off and friends stay strings."""
    assert load_yaml("f.yaml", f"a: {word}\n").data == {"a": word}


@pytest.mark.parametrize(("word", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_true_and_false_are_booleans(word, value):
    """true and false (in any of YAML's spellings) are booleans."""
    assert load_yaml("f.yaml", f"a: {word}\n").data["a"] is value


def test_plain_scalars_are_typed():
    """Numbers are numbers, ~ is null and everything else is text."""
    data = load_yaml("f.yaml", "i: 3\nf: 2.5\nneg: -4\nnull: ~\ns: hello world\n").data
    assert data == {"i": 3, "f": 2.5, "neg": -4, "null": None, "s": "hello world"}


def test_duplicate_key_is_an_error_on_the_second_key():
    """A repeated key is an error pointing at the repeat, not silently the last value."""
    (message,) = problems("title: A\nsetting: B\ntitle: C\n")
    assert message.startswith("f.yaml:3:1: error: duplicate key 'title'")
    assert "remove or rename" in message


def test_every_duplicate_key_is_reported():
    """All duplicate keys in a file are reported at once, nested ones included."""
    found = problems("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [m.split(": error")[0] for m in found] == ["f.yaml:2:1", "f.yaml:5:3"]


def test_syntax_error_points_at_the_line_and_column():
    """A YAML syntax error is one error at the line and column where the parser stopped."""
    (message,) = problems("a: 1\ntitle: Man: outside\nb: 2\n")
    assert message.startswith("f.yaml:2:11: error: YAML syntax: mapping values are not allowed here")
    assert "indentation" in message


def test_bad_indentation_is_a_syntax_error():
    """A key indented past its siblings is reported on its own line."""
    (message,) = problems("person:\n  name: x\n   age: 40\n")
    assert message.startswith("f.yaml:3:")
    assert "YAML syntax" in message


def test_tab_indentation_is_a_syntax_error():
    """Tabs cannot indent YAML; the message names the character."""
    (message,) = problems("a: 1\n\tb: 2\n")
    assert message.startswith("f.yaml:2:1: error: YAML syntax:")
    assert "\\t" in message


def test_python_tags_are_refused():
    """Tags that would build Python objects are refused, never constructed."""
    (message,) = problems("a: !!python/name:os.system\n")
    assert message.startswith("f.yaml:1:4: error: unsupported value")


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system [echo hi]", "!custom {x: 1}", "!!set {x, y}", "!!omap [x: 1]"])
def test_tagged_collections_are_refused(value):
    """A tag on a list or mapping is an error at the value, not silently dropped."""
    (message,) = problems(f"a: {value}\n")
    assert message.startswith("f.yaml:1:4: error: unsupported tag")


def test_merge_keys_are_refused():
    """``<<`` merge keys are not supported; the author is told to write the keys out."""
    (message,) = problems("base: {a: 1}\nother:\n  <<: {a: 1}\n")
    assert message.startswith("f.yaml:3:3: error: merge keys (<<) are not supported")


def test_aliases_are_refused_where_they_are_used():
    """An alias is an error at the alias (the format does not support them)."""
    (message,) = problems("a: &x [1, 2]\nb: *x\n")
    assert message.startswith("f.yaml:2:4: error: aliases (*x) are not supported")


def test_self_referencing_alias_is_an_error_not_a_crash():
    """A recursive alias (``&x [*x]``) is reported, never an endless recursion."""
    (message,) = problems("a: &x [*x]\n")
    assert message.startswith("f.yaml:1:8: error: aliases (*x)")


def test_alias_bomb_is_refused_quickly():
    """Nested aliases that would expand exponentially are refused before anything is built."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    found = problems("\n".join(lines) + "\n")
    assert all("aliases" in m for m in found)


def test_complex_key_is_refused():
    """A mapping key must be plain text."""
    (message,) = problems("? [a, b]\n: 1\n")
    assert "a mapping key must be plain text" in message


def test_empty_file_is_an_error():
    """An empty file is one error that says how to start."""
    (message,) = problems("# only a comment\n")
    assert message == "f.yaml:1:1: error: the file is empty — start with `schema_version: 1`"


def test_missing_file_is_an_error(tmp_path: Path):
    """A path that does not exist is a positioned error, not an exception."""
    with pytest.raises(InvalidFile) as caught:
        load_yaml(tmp_path / "nope.yaml")
    (d,) = caught.value.diagnostics
    assert (d.line, d.column, d.severity, d.message) == (1, 1, "error", "file not found")


def test_non_utf8_file_is_an_error(tmp_path: Path):
    """A file that is not UTF-8 is an error telling the author to save it as UTF-8."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Café\n".encode("latin-1"))
    with pytest.raises(InvalidFile) as caught:
        load_yaml(path)
    (d,) = caught.value.diagnostics
    assert d.message.startswith("not UTF-8 text") and "UTF-8" in d.hint


def test_a_folder_is_not_readable_as_a_file(tmp_path: Path):
    """Reading a folder as a YAML file is an error, not an exception."""
    with pytest.raises(InvalidFile) as caught:
        load_yaml(tmp_path)
    assert caught.value.diagnostics[0].message.startswith("cannot read the file")


def test_invalid_file_message_lists_every_error():
    """InvalidFile carries every diagnostic, and its text lists all the errors."""
    with pytest.raises(InvalidFile) as caught:
        load_yaml("f.yaml", "a: 1\na: 2\nb: 1\nb: 2\n")
    assert len(caught.value.diagnostics) == 2
    assert str(caught.value).count("duplicate key") == 2
