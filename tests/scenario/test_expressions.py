"""simulator.expressions: the small, safe condition language authors write in `when:`."""

from __future__ import annotations

import pytest

from simulator.expressions import ConditionError, compile_condition

ENV = {"agitation": 80.0, "trust": 20.0, "weapon_in_hand": True, "turn": 3}
KNOWN = set(ENV)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("agitation >= 80", True),
        ("agitation > 80", False),
        ("agitation <= 79", False),
        ("trust < 21", True),
        ("turn == 3", True),
        ("turn != 3", False),
        ("agitation >= 90 or trust < 30", True),
        ("agitation >= 70 and not weapon_in_hand", False),
        ("not (agitation < 50 or trust > 50)", True),
        ("10 < trust < 30", True),
        ("10 < trust < 15", False),
        ("weapon_in_hand == true", True),
        ("weapon_in_hand", True),
        ("trust > -5", True),
        ("true", True),
        ("false or False", False),
        ("agitation >= 70 && trust < 30", True),
        ("agitation >= 90 || turn >= 3", True),
    ],
)
def test_conditions_evaluate_like_their_text(source, expected):
    """Comparisons, and/or/not, parentheses, chained comparisons, numbers and true/false mean what they say."""
    assert compile_condition(source, KNOWN)(ENV) is expected


def test_a_condition_lists_the_names_it_reads():
    """A compiled condition knows which names it reads (true/false are not names)."""
    cond = compile_condition("agitation >= 90 and not weapon_in_hand or true", KNOWN)
    assert cond.names == frozenset({"agitation", "weapon_in_hand"})
    assert cond.source == "agitation >= 90 and not weapon_in_hand or true"


def test_boolean_source_is_a_constant():
    """A YAML true/false in `when:` compiles to a constant condition."""
    assert compile_condition(True)({}) is True
    assert compile_condition(False)({}) is False
    assert compile_condition(False).source == "false"


def test_unknown_name_is_an_error_naming_it():
    """A name that is not a variable or built-in is an error at load time, naming the word."""
    with pytest.raises(ConditionError, match="unknown name 'agitaton' in condition 'agitaton >= 90'"):
        compile_condition("agitaton >= 90", KNOWN)


def test_names_are_not_checked_without_a_vocabulary():
    """Without a list of known names any name compiles (checked later, by the loader)."""
    assert compile_condition("whatever > 1").names == frozenset({"whatever"})


@pytest.mark.parametrize("source", ["agitation >=", "agitation >= = 90", "(trust > 3", "a = 1", "agitation >> 2 >"])
def test_unreadable_condition_is_an_error(source):
    """Text that does not parse is a ConditionError quoting the condition."""
    with pytest.raises(ConditionError, match="cannot read the condition"):
        compile_condition(source, KNOWN)


@pytest.mark.parametrize("source", ["", "   "])
def test_empty_condition_is_an_error(source):
    """An empty condition is an error, not 'always true'."""
    with pytest.raises(ConditionError, match="empty"):
        compile_condition(source, KNOWN)


@pytest.mark.parametrize(
    "source",
    [
        "agitation + 10 > 90",
        "max(agitation, trust) > 3",
        "agitation.real > 3",
        "'calm' == 'calm'",
        "trust in [1, 2]",
        "trust is 20",
        "1 if trust else 0",
        "__import__('os').system('echo hacked')",
        "lambda: 1",
        "+trust > 3",
    ],
)
def test_only_the_small_language_is_allowed(source):
    """Arithmetic, calls, attributes, strings, `in`/`is`, conditionals and lambdas are refused, never evaluated."""
    with pytest.raises(ConditionError):
        compile_condition(source, KNOWN | {"max", "__import__"})


@pytest.mark.parametrize("source", ["not " * 5000 + "trust", "-" * 3000 + "1 < 2", "not " * 60 + "trust"])
def test_absurdly_nested_condition_is_an_error_not_a_crash(source):
    """A condition nested thousands deep is a ConditionError, never a RecursionError."""
    with pytest.raises(ConditionError, match="nested too deeply"):
        compile_condition(source, KNOWN)


def test_reasonably_nested_condition_compiles():
    """Ordinary nesting (a few levels of parentheses and `not`) is fine."""
    cond = compile_condition("not (not (trust < 30 and (agitation > 50 or not weapon_in_hand)))", KNOWN)
    assert cond(ENV) is True


def test_condition_error_is_a_value_error():
    """ConditionError is a ValueError, so callers may treat it as bad input."""
    assert issubclass(ConditionError, ValueError)
