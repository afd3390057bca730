"""Conditions that scenario authors write: ``agitation >= 90 and not weapon_in_hand``.

A tiny, safe language (comparisons, and/or/not, numbers, true/false, names) is
parsed with Python's ``ast`` and compiled to a closure once at load time, so a
bad condition is an error when the file is loaded, never mid-session, and no
author text is ever passed to ``eval``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Value = float | int | bool
Env = Mapping[str, Value]

_COMPARE: dict[type, Callable[[Value, Value], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}
MAX_DEPTH = 50  # nesting deeper than this is surely a mistake, and would overflow the stack when evaluated


class ConditionError(ValueError):
    """A condition that cannot be parsed or names something undefined."""


@dataclass(frozen=True)
class Condition:
    """A compiled condition and the names it reads."""

    source: str
    names: frozenset[str]
    _fn: Callable[[Env], Value]

    def __call__(self, env: Env) -> bool:
        return bool(self._fn(env))


def compile_condition(source: str | bool, known: set[str] | frozenset[str] | None = None) -> Condition:
    """Compile ``source``; raise ConditionError naming the problem if it is not valid."""
    if isinstance(source, bool):
        constant = source
        return Condition(str(source).lower(), frozenset(), lambda env: constant)
    text = str(source).strip()
    if not text:
        raise ConditionError("the condition is empty")
    py = text.replace("&&", " and ").replace("||", " or ")
    try:
        tree = ast.parse(py, mode="eval")
        names: set[str] = set()
        fn = _compile(tree.body, names, text)
    except SyntaxError as exc:
        raise ConditionError(f"cannot read the condition '{text}' ({exc.msg})") from None
    except (RecursionError, MemoryError):  # e.g. thousands of nested `not`: an author error, not a crash
        raise ConditionError(f"the condition '{text[:60]}' is nested too deeply") from None
    if known is not None:
        unknown = sorted(names - set(known))
        if unknown:
            raise ConditionError(f"unknown name '{unknown[0]}' in condition '{text}'")
    return Condition(text, frozenset(names), fn)


def _compile(node: ast.AST, names: set[str], text: str, depth: int = 0) -> Callable[[Env], Value]:
    if depth > MAX_DEPTH:
        raise ConditionError(f"the condition '{text[:60]}' is nested too deeply")
    depth += 1
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, names, text, depth) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: all(p(env) for p in parts)
        return lambda env: any(p(env) for p in parts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _compile(node.operand, names, text, depth)
        return lambda env: not inner(env)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _compile(node.operand, names, text, depth)
        return lambda env: -inner(env)
    if isinstance(node, ast.Compare):
        left = _compile(node.left, names, text, depth)
        steps = []
        for op, right in zip(node.ops, node.comparators, strict=True):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise ConditionError(f"'{text}': only < <= > >= == != may compare values")
            steps.append((fn, _compile(right, names, text, depth)))

        def compare(env: Env) -> bool:
            current = left(env)
            for fn, right_fn in steps:
                nxt = right_fn(env)
                if not fn(current, nxt):
                    return False
                current = nxt
            return True

        return compare
    if isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float):
        value = node.value
        return lambda env: value
    if isinstance(node, ast.Name):
        if node.id in _CONSTANT_NAMES:
            const = _CONSTANT_NAMES[node.id]
            return lambda env: const
        name = node.id
        names.add(name)
        return lambda env: env[name]
    raise ConditionError(
        f"'{text}': only names, numbers, true/false, comparisons, and/or/not and parentheses are allowed"
    )
