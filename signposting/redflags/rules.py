"""Protocol rules over concepts, and the short notation they are written and shown in.

A rule has *slots*, each filled by any one of its concepts; every slot must be filled by a
different mention within ``window`` words. It may also have *signs*, of which at least
``at_least`` must be heard anywhere in the call (a sepsis or meningitis picture). A slot item in
lower case or quotes is a literal word or phrase rather than a concept.

Notation, as written in the content files and shown in the editor::

    CHEST + PAIN | TIGHT | PRESSURE
    FEVER + 1 of (CONFUSED, MOTTLED, NO_URINE)   [window=12]
    "heart attack"                               [urgency=emergency_999]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from signposting.domain import Urgency
from signposting.errors import ValidationError

DEFAULT_WINDOW = 10
MAX_WINDOW = 60
MAX_SLOTS = 12
_CONCEPT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SIGNS = re.compile(r"^(\d+)\s+of\s*\((.*)\)$", re.DOTALL)
_OPTIONS = re.compile(r"\[([^\]]*)\]\s*$")


def is_concept_name(item: str) -> bool:
    return bool(_CONCEPT_NAME.match(item))


@dataclass(frozen=True)
class Rule:
    """All slots filled within a window, and at least ``at_least`` of the signs."""

    slots: tuple[tuple[str, ...], ...] = ()
    signs: tuple[tuple[str, ...], ...] = ()
    at_least: int = 0
    window: int = DEFAULT_WINDOW
    urgency: Urgency | None = None

    def items(self) -> set[str]:
        """Every concept and literal the rule names."""
        return {item for slot in self.slots + self.signs for item in slot}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"slots": [list(slot) for slot in self.slots]}
        if self.signs:
            data["signs"] = [list(sign) for sign in self.signs]
            data["at_least"] = self.at_least
        if self.window != DEFAULT_WINDOW:
            data["window"] = self.window
        if self.urgency is not None:
            data["urgency"] = self.urgency.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rule:
        """A rule from its stored form, checked; raises ValidationError."""
        if not isinstance(data, dict):
            raise ValidationError("a rule must be an object")
        slots = _slots(data.get("slots", []), "slots")
        signs = _slots(data.get("signs", []), "signs")
        at_least = _int(data.get("at_least", 1 if signs else 0), "at_least", 0, len(signs))
        if signs and at_least < 1:
            raise ValidationError("'at_least' must be 1 or more when a rule lists signs")
        window = _int(data.get("window", DEFAULT_WINDOW), "window", 1, MAX_WINDOW)
        urgency = data.get("urgency")
        if not slots and not signs:
            raise ValidationError("a rule needs at least one slot or sign")
        try:
            parsed_urgency = Urgency(urgency) if urgency is not None else None
        except ValueError:
            raise ValidationError(f"unknown urgency {urgency!r} in a rule") from None
        return cls(slots, signs, at_least, window, parsed_urgency)

    def notation(self) -> str:
        parts = [" | ".join(_show(item) for item in slot) for slot in self.slots]
        if self.signs:
            signs = ", ".join(" | ".join(_show(item) for item in sign) for sign in self.signs)
            parts.append(f"{self.at_least} of ({signs})")
        options = []
        if self.window != DEFAULT_WINDOW:
            options.append(f"window={self.window}")
        if self.urgency is not None:
            options.append(f"urgency={self.urgency.value}")
        text = " + ".join(parts)
        return f"{text}   [{', '.join(options)}]" if options else text


@dataclass(frozen=True)
class Modifier:
    """Hearing any of these concepts raises the protocol to ``urgency`` (never lowers it)."""

    concepts: tuple[str, ...]
    urgency: Urgency
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"concepts": list(self.concepts), "urgency": self.urgency.value, "why": self.why}

    def notation(self) -> str:
        why = f": {self.why}" if self.why else ""
        return f"{' | '.join(self.concepts)} -> {self.urgency.value}{why}"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Modifier:
        if not isinstance(data, dict):
            raise ValidationError("a modifier must be an object")
        concepts = _slot(data.get("concepts"), "modifier concepts")
        try:
            urgency = Urgency(str(data.get("urgency")))
        except ValueError:
            raise ValidationError(
                f"unknown urgency {data.get('urgency')!r} in a modifier"
            ) from None
        return cls(concepts, urgency, str(data.get("why", "")))


def parse_rule(text: str) -> Rule:
    """A rule from its notation; raises ValidationError naming what is wrong."""
    text = text.strip()
    options: dict[str, str] = {}
    found = _OPTIONS.search(text)
    if found:
        for pair in found.group(1).split(","):
            name, _, value = pair.partition("=")
            if not value.strip():
                raise ValidationError(f"option {pair.strip()!r} needs name=value")
            options[name.strip()] = value.strip()
        text = text[: found.start()].strip()
    if not text:
        raise ValidationError("an empty rule")
    slots: list[list[str]] = []
    signs: list[list[str]] = []
    at_least = 0
    for part in _split_top(text, "+"):
        group = _SIGNS.match(part)
        if group:
            if signs:
                raise ValidationError("a rule may have one 'N of (...)' group")
            at_least = int(group.group(1))
            signs = [_items(sign) for sign in _split_top(group.group(2), ",")]
        else:
            slots.append(_items(part))
    unknown = set(options) - {"window", "urgency"}
    if unknown:
        raise ValidationError(f"unknown rule option {sorted(unknown)[0]!r}")
    data: dict[str, Any] = {"slots": slots, "signs": signs, "at_least": at_least}
    if "window" in options:
        data["window"] = options["window"]
    if "urgency" in options:
        data["urgency"] = options["urgency"]
    return Rule.from_json(data)


def parse_modifier(text: str) -> Modifier:
    """A modifier from ``CONCEPT | CONCEPT -> urgency: why``; raises ValidationError."""
    concepts, arrow, rest = text.partition("->")
    if not arrow:
        raise ValidationError("write a modifier as CONCEPTS -> urgency: why")
    urgency, _, why = rest.partition(":")
    items = [item.strip() for item in concepts.split("|") if item.strip()]
    return Modifier.from_json({"concepts": items, "urgency": urgency.strip(), "why": why.strip()})


@dataclass(frozen=True)
class RuleSet:
    """A protocol's rules and modifiers, as stored."""

    rules: tuple[Rule, ...] = ()
    modifiers: tuple[Modifier, ...] = field(default=())

    @classmethod
    def from_json(cls, rules: Any, modifiers: Any) -> RuleSet:
        if not isinstance(rules, list) or not isinstance(modifiers or [], list):
            raise ValidationError("rules and modifiers must be lists")
        return cls(
            tuple(Rule.from_json(rule) for rule in rules),
            tuple(Modifier.from_json(m) for m in modifiers or []),
        )


def _split_top(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside brackets and quotes."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        if char == separator and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    if any(not part for part in parts):
        raise ValidationError(f"an empty part in {text!r}")
    return parts


def _items(text: str) -> list[str]:
    return [item.strip().strip('"').strip() for item in _split_top(text, "|")]


def _show(item: str) -> str:
    return item if is_concept_name(item) else f'"{item}"'


def _slot(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValidationError(f"{what} must be a non-empty list")
    items = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item) > 100:
            raise ValidationError(f"{what} must hold concept names or words")
        items.append(item.strip())
    return tuple(items)


def _slots(value: Any, what: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) > MAX_SLOTS:
        raise ValidationError(f"'{what}' must be a list of at most {MAX_SLOTS}")
    return tuple(_slot(slot, what) for slot in value)


def _int(value: Any, what: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"'{what}' must be a whole number") from None
    if not low <= number <= high:
        raise ValidationError(f"'{what}' must be from {low} to {high}")
    return number
