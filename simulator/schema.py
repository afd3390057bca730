"""JSON Schema errors as messages a scenario or voice author can act on, each at its own line.

Shared by the scenario loader and the voice loader (a base module: it imports
neither, so the two never import each other through it).
"""

from __future__ import annotations

from typing import Any

import jsonschema

from simulator.diagnostics import Diagnostic, did_you_mean
from simulator.yamlpos import Located, PathKey


def schema_diagnostics(located: Located, schema: dict[str, Any], kind: str) -> list[Diagnostic]:
    """JSON Schema errors turned into messages an author can act on."""
    validator = jsonschema.Draft202012Validator(schema)
    out: list[Diagnostic] = []
    for err in sorted(validator.iter_errors(located.data), key=lambda e: list(map(str, e.absolute_path))):
        key: PathKey = tuple(err.absolute_path)
        where = _describe(key) or f"the {kind}"
        message, hint = _explain(err, where)
        # An unknown key or a bad key name is reported on the key's own line, not on the line
        # where its mapping starts (which may be far above it).
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            if extra:
                out.append(located.diagnostic((*key, extra[0]), "error", message, hint, at_key=True))
                continue
        if "propertyNames" in err.schema_path and isinstance(err.instance, str):
            out.append(located.diagnostic((*key, err.instance), "error", message, hint, at_key=True))
            continue
        out.append(located.diagnostic(key, "error", message, hint))
    return out


def _describe(key: PathKey) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _explain(err: jsonschema.ValidationError, where: str) -> tuple[str, str]:
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"{where} is missing '{missing}'", f"add `{missing}:` (see docs/scenario-format.md)"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        allowed = ", ".join(sorted(err.schema.get("properties", {})))
        first = extra[0] if extra else "?"
        guess = did_you_mean(first, list(err.schema.get("properties", {})))
        return f"unknown key '{first}' in {where}", guess if "did you" in guess else f"allowed keys: {allowed}"
    if v == "enum":
        return f"'{err.instance}' is not a valid value for {where}", did_you_mean(str(err.instance), [str(x) for x in err.validator_value])
    if v == "propertyNames":
        return f"'{err.instance}' is not allowed as a key of {where.rsplit('.', 1)[0]}", _hint_from_context(err)
    if v == "pattern":
        return f"'{err.instance}' in {where} is not a valid id", "use lower_snake_case: letters, digits and _ (line ids may use dots)"
    if v == "type":
        return f"{where} should be {err.validator_value}, not {type(err.instance).__name__} ({err.instance!r})", "fix the value's type"
    if v == "const":
        return f"{where} must be {err.validator_value!r}", f"write {err.validator_value!r}"
    if v in ("minItems", "minLength"):
        return f"{where} is empty", "give at least one item"
    if v == "oneOf":
        return f"{where} has the wrong form ({err.instance!r})", "see docs/scenario-format.md for its shape"
    return f"{where}: {err.message}", ""


def _hint_from_context(err: jsonschema.ValidationError) -> str:
    for sub in err.context or []:
        if sub.validator == "enum":
            return did_you_mean(str(sub.instance), [str(x) for x in sub.validator_value])
        if sub.validator == "pattern":
            return "use lower_snake_case"
    return ""
