"""The audit log reads in words: concept names of the red-flag rules as people say them, with the
name the rules use beside them."""

from __future__ import annotations

from signposting.accounts.audit_summary import field_changes
from signposting.db.models import ThesaurusChange
from signposting.domain import ThesaurusChangeKind


def test_a_concept_reads_in_words_with_its_rule_name() -> None:
    (change,) = field_changes(None, {"concept": "CHEST_SENSATION"})
    assert change.after == "Chest sensation (CHEST_SENSATION)"


def test_a_modifier_names_its_concepts_in_words() -> None:
    modifier = {"concepts": ["BABY_UNDER_3_MONTHS"], "urgency": "emergency_999"}
    (change,) = field_changes(None, {"modifiers": [modifier]})
    assert "BABY_UNDER_3_MONTHS" not in change.after
    assert change.after.startswith("Baby under 3 months")


def test_a_thesaurus_change_describes_its_concept_in_words() -> None:
    change = ThesaurusChange(
        kind=ThesaurusChangeKind.ADD, concept="CHEST_SENSATION", terms=["oppression"]
    )
    assert change.describe() == "add \u201coppression\u201d to Chest sensation (CHEST_SENSATION)"
