"""Red-flag content as a practice keeps it: stored phrases converted by the upgrade, thesaurus
changes drafted and signed off like protocols (audited, role-checked), and the desk using only
what a clinician signed off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import add_staff
from signposting.db import migrate
from signposting.db.engine import Database
from signposting.db.models import (
    AuditEntry,
    RedFlagDraft,
    RedFlagProtocol,
    StaffMember,
    ThesaurusChange,
)
from signposting.directory.demo import load_demo
from signposting.directory.red_flags import pending_drafts
from signposting.domain import Role, ThesaurusChangeKind
from signposting.errors import PermissionDeniedError, ValidationError
from signposting.redflags import changes
from signposting.search.loader import load_engine
from tests.factories import make_practice

PASSWORD = "a long enough password"


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        load_demo(session)
        practice = make_practice(session, "K10001")
        manager = add_staff(
            session, None, "Morgan Reed", Role.MANAGER, practice=practice, password=PASSWORD
        )
        ids = {"manager": manager.id}
        ids["clinician"] = add_staff(
            session, manager, "Dr Kim Bell", Role.CLINICIAN, practice=practice, password=PASSWORD
        ).id
        ids["receptionist"] = add_staff(
            session, manager, "Ali Khan", Role.RECEPTIONIST, practice=practice
        ).id
    return ids


def _raised(database: Database, text: str) -> list[str]:
    with database.unit_of_work() as session:
        return [flag.entry.key for flag in load_engine(session).search(text).red_flags]


def test_a_thesaurus_word_reaches_the_desk_only_once_signed_off(
    database: Database, people: dict[str, int]
) -> None:
    text = "my dad says his thorax is crushing"
    assert "chest-pain-heart-attack" not in _raised(database, text)
    with database.unit_of_work() as session:
        session.info["actor"] = manager = session.get(StaffMember, people["manager"])
        change = changes.draft(
            session, manager, ThesaurusChangeKind.ADD, ["thorax"], concept="CHEST", note="local"
        )
        change_id = change.id
    assert "chest-pain-heart-attack" not in _raised(database, text)  # a draft changes nothing
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        changes.sign_off(session, session.get(StaffMember, people["manager"]), change_id)
    with database.unit_of_work() as session:
        session.info["actor"] = clinician = session.get(StaffMember, people["clinician"])
        changes.sign_off(session, clinician, change_id)
    assert "chest-pain-heart-attack" in _raised(database, text)
    with database.unit_of_work() as session:
        audit = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "thesaurus_change")
        ).all()
        assert [entry.actor_label for entry in audit] == ["Morgan Reed", "Dr Kim Bell"]
        assert audit[0].after is not None and audit[0].after["terms"] == ["thorax"]


def test_receptionists_cannot_draft_and_bad_changes_are_refused(
    database: Database, people: dict[str, int]
) -> None:
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        changes.draft(
            session,
            session.get(StaffMember, people["receptionist"]),
            ThesaurusChangeKind.ADD,
            ["ticker"],
            concept="CHEST",
        )
    for kind, terms, concept, message in [
        (ThesaurusChangeKind.ADD, ["ticker"], None, "which concept"),
        (ThesaurusChangeKind.ADD, ["ticker"], "chest", "not a concept name"),
        (ThesaurusChangeKind.REMOVE, ["no such word"], "CHEST", "has no term"),
        (ThesaurusChangeKind.SYNONYMS, ["alone"], None, "two or more"),
        (ThesaurusChangeKind.ADD, ["  "], "CHEST", "word or phrase"),
    ]:
        with pytest.raises(ValidationError, match=message), database.unit_of_work() as session:
            manager = session.get(StaffMember, people["manager"])
            changes.draft(session, manager, kind, terms, concept=concept)
    with database.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ThesaurusChange)) == 0


def test_removing_a_word_and_rejecting_a_draft(database: Database, people: dict[str, int]) -> None:
    assert "stroke-fast" in _raised(database, "her face has gone all wonky")
    with database.unit_of_work() as session:
        session.info["actor"] = manager = session.get(StaffMember, people["manager"])
        removal = changes.draft(
            session, manager, ThesaurusChangeKind.REMOVE, ["wonky"], concept="DROOP"
        ).id
        unwanted = changes.draft(
            session, manager, ThesaurusChangeKind.SYNONYMS, ["wobble", "fit"]
        ).id
    with database.unit_of_work() as session:
        session.info["actor"] = clinician = session.get(StaffMember, people["clinician"])
        changes.sign_off(session, clinician, removal)
        changes.reject(session, clinician, unwanted)
        assert changes.pending(session) == []
    assert "stroke-fast" not in _raised(database, "her face has gone all wonky")
    assert "seizure" not in _raised(database, "a bit of a wobble")


def test_upgrade_turns_stored_phrases_into_rules_and_examples(empty_database: Database) -> None:
    """A practice's signed-off protocol and its search vocabulary, stored before rules existed,
    come through the upgrade with nothing lost."""
    migrate.upgrade(empty_database, "0009")
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with empty_database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO red_flag_protocol (id, key, title, symptoms, phrases, urgency, "
                "action, script, is_example, created_at, updated_at, version) VALUES (1, "
                "'local-flag', 'Local flag', '[]', :phrases, 'emergency_999', 'Call 999', '', "
                "false, :now, :now, 1)"
            ),
            {"phrases": '["purple elephant in the room", "can\'t feel my nose"]', "now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO lay_term_group (id, terms, created_at) "
                'VALUES (1, \'["ticker", "heart"]\', :now)'
            ),
            {"now": now},
        )
    migrate.upgrade(empty_database)
    with empty_database.unit_of_work() as session:
        protocol = session.get_one(RedFlagProtocol, 1)
        assert protocol.examples == ["purple elephant in the room", "can't feel my nose"]
        assert protocol.rules[0] == {
            "slots": [["purple"], ["elephant"], ["room"]],
            "window": 6,
        }
        pending = changes.pending(session)
        assert [(c.kind, c.terms) for c in pending] == [
            (ThesaurusChangeKind.SYNONYMS, ["ticker", "heart"])
        ]
    assert _raised(empty_database, "there is a purple elephant in the room") == ["local-flag"]
    assert _raised(empty_database, "I can't feel my nose") == ["local-flag"]
    migrate.downgrade(empty_database, "0009")
    with empty_database.engine.connect() as connection:
        phrases = connection.execute(
            sa.text("SELECT phrases FROM red_flag_protocol WHERE id = 1")
        ).scalar()
    assert "purple elephant in the room" in str(phrases)


def test_demo_load_updates_unsigned_examples_and_offers_drafts_for_signed_ones(
    database: Database, people: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        unsigned = session.scalars(
            sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "choking")
        ).one()
        unsigned.rules = [{"slots": [["old words"]]}]
        signed = session.scalars(
            sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "seizure")
        ).one()
        signed.rules = [{"slots": [["signed words"]]}]
        signed.signed_off_at = datetime(2026, 11, 1, tzinfo=UTC)
    with database.unit_of_work() as session:
        load_demo(session, actor=session.get(StaffMember, people["manager"]))
    with database.unit_of_work() as session:
        by_key = {p.key: p for p in session.scalars(sa.select(RedFlagProtocol))}
        assert by_key["choking"].rules != [{"slots": [["old words"]]}]
        assert by_key["seizure"].rules == [{"slots": [["signed words"]]}]  # never changed here
        drafts = red_flag_drafts(session)
        assert [d.key for d in drafts] == ["seizure"]
        assert "Updated example content" in drafts[0].note
    with database.unit_of_work() as session:
        load_demo(session, actor=session.get(StaffMember, people["manager"]))
        assert len(red_flag_drafts(session)) == 1  # not offered twice


def red_flag_drafts(session: Session) -> list[RedFlagDraft]:
    return pending_drafts(session)
