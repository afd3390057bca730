"""What a trainee can do, as values: one type per kind of input, and the one slash-command language.

Every view (the app's buttons, the terminal, a script, a playthrough, a replay)
turns what the trainee did into one of these frozen values and hands it to
``Session.handle``. The session logs each one as an ``input`` event before it
reacts, so a replay reads the inputs back instead of inferring them from the
reactions. ``parse_line`` is the only reader of the slash-command language
(``/ACTION``, ``/refer ID``, ``/choose ID``, ``/wait SECONDS``): scripts, the
validator's playthrough check and the terminal player all call it, so the
language and its error messages cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from simulator import vocabulary as vocab
from simulator.diagnostics import did_you_mean

Source = Literal["typed", "speech", "script"]
SOURCES: tuple[str, ...] = ("typed", "speech", "script")
QUIT_REASON = "the trainee ended the session"


@dataclass(frozen=True)
class Say:
    """The trainee said (``speech``), typed (``typed``) or a script wrote (``script``) ``text``.

    A spoken turn also keeps what the recogniser ``heard`` (when the trainee edited it before
    sending) and its ``confidence`` (0–1): the record shows what was heard and what was sent.
    """

    text: str
    source: str = "typed"
    heard: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class Choose:
    """The trainee picked the menu choice ``choice`` of the current phase."""

    choice: str


@dataclass(frozen=True)
class Act:
    """The trainee took an action (a button, or ``/ACTION``)."""

    action: str


@dataclass(frozen=True)
class Refer:
    """The trainee offered the referral ``resource``."""

    resource: str


@dataclass(frozen=True)
class Wait:
    """The trainee stayed silent for ``seconds`` (a manual clock moves; live time just passes)."""

    seconds: float


@dataclass(frozen=True)
class Tick:
    """Time acts on its own: drift, silence, the time limit (the app's timer, about once a second)."""


@dataclass(frozen=True)
class Quit:
    """The trainee left before an ending (or the app closed)."""

    reason: str = QUIT_REASON


Input = Say | Choose | Act | Refer | Wait | Tick | Quit

# The ``kind`` each input is logged under (the ``input`` event's data, and ``Session.perform``'s names).
KINDS: dict[type, str] = {Say: "say", Choose: "choose", Act: "act", Refer: "refer", Wait: "wait", Tick: "tick", Quit: "quit"}


def kind_of(value: Input) -> str:
    return KINDS[type(value)]


def to_dict(value: Input) -> dict[str, Any]:
    """The JSON form logged in an ``input`` event: ``{"kind": ..., **fields}``."""
    data: dict[str, Any] = {"kind": kind_of(value)}
    if isinstance(value, Say):
        data.update(text=value.text, source=value.source)
        if value.heard:
            data["heard"] = value.heard
        if value.confidence is not None:
            data["confidence"] = value.confidence
    elif isinstance(value, Choose):
        data["choice"] = value.choice
    elif isinstance(value, Act):
        data["action"] = value.action
    elif isinstance(value, Refer):
        data["resource"] = value.resource
    elif isinstance(value, Wait):
        data["seconds"] = value.seconds
    elif isinstance(value, Quit):
        data["reason"] = value.reason
    return data


class InputError(ValueError):
    """An input that cannot be built: ``problem`` says what is wrong, ``hint`` what to write instead."""

    def __init__(self, problem: str, hint: str = "") -> None:
        self.problem = problem
        self.hint = hint
        joined = f"{problem}, {hint}" if hint.startswith("e.g.") else f"{problem} — {hint}"
        super().__init__(joined if hint else problem)


def from_dict(data: Mapping[str, Any]) -> Input:
    """An input back from its logged form; raises InputError on anything else (a damaged log)."""
    kind = data.get("kind")
    try:
        if kind == "say":
            return Say(_str(data["text"]), _str(data.get("source", "typed")), _str(data.get("heard", "")), _confidence(data.get("confidence")))
        if kind == "choose":
            return Choose(_str(data["choice"]))
        if kind in ("act", "action"):
            return Act(_str(data["action"]))
        if kind == "refer":
            return Refer(_str(data["resource"]))
        if kind == "wait":
            return Wait(_seconds(data["seconds"]))
        if kind == "tick":
            return Tick()
        if kind == "quit":
            return Quit(_str(data.get("reason", QUIT_REASON)))
    except KeyError as exc:
        raise InputError(f"a '{kind}' input without its '{exc.args[0]}'", "the session log is damaged") from None
    raise InputError(f"unknown input kind '{kind}'", did_you_mean(str(kind), list(KINDS.values())))


def by_name(kind: str, value: str = "", source: str = "typed") -> Input:
    """An input from a kind name and a string value (``Session.perform``'s old calling style)."""
    if kind == "say":
        return Say(value, source)
    if kind == "wait":
        try:
            return Wait(_seconds(float(value)))
        except ValueError:
            raise InputError(f"'/wait' needs a number of seconds, not '{value}'", "e.g. /wait 30") from None
    if kind == "tick":
        return Tick()
    if kind == "quit":
        return Quit(value or QUIT_REASON)
    field = {"choose": "choice", "act": "action", "action": "action", "refer": "resource"}.get(kind)
    if field is None:
        raise InputError(f"unknown input kind '{kind}'", did_you_mean(kind, list(KINDS.values())))
    return from_dict({"kind": kind, field: value})


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(f"expected text, found {type(value).__name__} {value!r}", "the session log is damaged")
    return value


def _confidence(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= float(value) <= 1:
        raise InputError(f"a confidence of {value!r}, not a number from 0 to 1", "the session log is damaged")
    return float(value)


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= float(value) < math.inf:
        raise InputError(f"'/wait' needs a number of seconds, not {value!r}", "e.g. /wait 30")
    return float(value)


# -- the slash-command language ----------------------------------------------------------------------

COMMENT = re.compile(r"(?:^|\s)#.*$")  # `#` at the start or after a space starts a comment, as in YAML
INPUT_COMMANDS: tuple[str, ...] = ("refer", "choose", "wait")
TERMINAL_COMMANDS: tuple[str, ...] = ("menu", "state", "help", "quit")


@dataclass(frozen=True)
class Command:
    """A terminal command that is not an input to the session (``/menu``, ``/state``, ``/help``, ``/refer list``)."""

    name: str
    arg: str = ""


def strip_comment(line: str) -> str:
    return COMMENT.sub("", line).strip()


MAX_TURN_CHARS = 2000  # one turn; the longest a trainee types in practice is a few hundred characters


def parse_line(
    line: str,
    source: str = "typed",
    *,
    choice_ids: Collection[str] | None = None,
    terminal: bool = False,
    default_wait: float | None = None,
) -> Input | Command | None:
    """One line of the language: text is ``Say``, ``/...`` a command; None for a blank or comment-only line.

    ``choice_ids`` (when known, as in a playthrough) makes ``/choose`` check its id;
    ``terminal`` adds the terminal player's own commands (``/menu``, ``/state``,
    ``/help``, ``/quit``, ``/refer list``) and comments are then not stripped, since
    a trainee's typed ``#`` is part of what they said. Raises InputError saying what to write.
    """
    text = line.strip() if terminal else strip_comment(line)
    if not text:
        return None
    if not text.startswith("/"):
        if len(text) > MAX_TURN_CHARS:
            raise InputError(f"a turn of {len(text)} characters", f"say it in shorter turns, at most {MAX_TURN_CHARS} characters each")
        return Say(text, source)
    parts = text[1:].split()
    if not parts:
        raise InputError("an empty command '/'", "write an action id, /refer ID, /choose ID or /wait SECONDS")
    cmd, args = parts[0], parts[1:]
    if terminal and cmd in TERMINAL_COMMANDS:
        return Quit() if cmd == "quit" else Command(cmd, " ".join(args))
    if cmd == "refer":
        if terminal and args in ([], ["list"]):
            return Command("refer", "list")
        if len(args) != 1:
            raise InputError("'/refer' needs one id", "e.g. /refer mobile_crisis_team")
        if args[0] not in vocab.REFERRALS:
            raise InputError(f"unknown referral '{args[0]}'", did_you_mean(args[0], vocab.REFERRALS))
        return Refer(args[0])
    if cmd == "choose":
        if len(args) != 1:
            raise InputError("'/choose' needs one id", "e.g. /choose arrival.c1")
        if choice_ids is not None and args[0] not in choice_ids:
            raise InputError(f"'/choose {args[0]}' names no choice of this scenario", did_you_mean(args[0], list(choice_ids)))
        return Choose(args[0])
    if cmd == "wait":
        if not args and default_wait is not None:
            return Wait(default_wait)
        try:
            return Wait(_seconds(float(args[0])))
        except (IndexError, ValueError):  # nan and inf would break the clock
            raise InputError("'/wait' needs a number of seconds", "e.g. /wait 30") from None
    if cmd in vocab.ACTIONS:
        return Act(cmd)
    options = [*vocab.ACTIONS, *INPUT_COMMANDS, *(TERMINAL_COMMANDS if terminal else ())]
    raise InputError(f"unknown command '/{cmd}'", did_you_mean(cmd, options))
