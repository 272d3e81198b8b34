"""A red-flag protocol as the engine sees it, and the example set shipped with the toolkit."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from signposting.domain import Urgency
from signposting.errors import ValidationError
from signposting.redflags.rules import Modifier, Rule, RuleSet, parse_rule

if TYPE_CHECKING:
    from signposting.db.models import RedFlagProtocol


@dataclass(frozen=True)
class RedFlagEntry:
    """The recognisable and showable parts of a red-flag protocol."""

    id: int
    title: str
    urgency: Urgency
    action: str
    rules: tuple[Rule, ...] = ()
    modifiers: tuple[Modifier, ...] = ()
    symptoms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    script: str = ""
    signed_off: bool = False
    key: str = ""

    @classmethod
    def from_model(cls, protocol: RedFlagProtocol) -> RedFlagEntry:
        return cls.from_content(protocol.id, protocol, signed_off=protocol.is_signed_off)

    @classmethod
    def from_content(cls, number: int, row: Any, *, signed_off: bool = False) -> RedFlagEntry:
        """An entry from anything holding a protocol's content (a protocol or a draft)."""
        ruleset = RuleSet.from_json(row.rules, row.modifiers)
        return cls(
            id=number,
            key=row.key,
            title=row.title,
            urgency=row.urgency,
            action=row.action,
            rules=ruleset.rules,
            modifiers=ruleset.modifiers,
            symptoms=tuple(row.symptoms),
            examples=tuple(row.examples),
            script=row.script,
            signed_off=signed_off,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "urgency": self.urgency.value,
            "action": self.action,
            "rules": [rule.to_json() for rule in self.rules],
            "modifiers": [modifier.to_json() for modifier in self.modifiers],
            "symptoms": list(self.symptoms),
            "examples": list(self.examples),
            "script": self.script,
            "signed_off": self.signed_off,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RedFlagEntry:
        ruleset = RuleSet.from_json(data.get("rules", []), data.get("modifiers", []))
        return cls(
            id=int(data["id"]),
            key=str(data.get("key", "")),
            title=str(data["title"]),
            urgency=Urgency(data["urgency"]),
            action=str(data["action"]),
            rules=ruleset.rules,
            modifiers=ruleset.modifiers,
            symptoms=tuple(data.get("symptoms", ())),
            examples=tuple(data.get("examples", ())),
            script=str(data.get("script", "")),
            signed_off=bool(data.get("signed_off", False)),
        )


def content_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """A shipped protocol's fields as stored: rules in their JSON form, checked."""
    try:
        rules = [parse_rule(text).to_json() for text in entry.get("rules", [])]
        modifiers = [Modifier.from_json(m).to_json() for m in entry.get("modifiers", [])]
    except ValidationError as error:
        raise ValidationError(f"protocol {entry.get('key')!r}: {error}") from None
    return {
        "key": entry["key"],
        "title": entry["title"],
        "urgency": Urgency(entry["urgency"]),
        "action": entry["action"],
        "script": entry.get("script", ""),
        "symptoms": list(entry.get("symptoms", [])),
        "examples": list(entry.get("examples", [])),
        "rules": rules,
        "modifiers": modifiers,
    }


def shipped_protocols() -> list[dict[str, Any]]:
    """The example protocol set (for a practice's clinician to review and sign off)."""
    text = resources.files("signposting.redflags.content").joinpath("protocols.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    return [content_fields(entry) for entry in data["protocol"]]


def shipped_entries() -> list[RedFlagEntry]:
    """The example protocols as entries, numbered in file order (no database needed)."""
    return [
        RedFlagEntry(
            id=number,
            key=fields["key"],
            title=fields["title"],
            urgency=fields["urgency"],
            action=fields["action"],
            rules=tuple(Rule.from_json(rule) for rule in fields["rules"]),
            modifiers=tuple(Modifier.from_json(m) for m in fields["modifiers"]),
            symptoms=tuple(fields["symptoms"]),
            examples=tuple(fields["examples"]),
            script=fields["script"],
        )
        for number, fields in enumerate(shipped_protocols(), start=1)
    ]
