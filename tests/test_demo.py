"""The demo directory covers what DOMAIN lists, is marked as example content, and loads once."""

from __future__ import annotations

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import AuditEntry, Practice, RedFlagProtocol, Service, StaffMember
from signposting.directory.demo import load_demo, read_demo_file
from signposting.domain import AccessMethod, Role, Urgency

PHARMACY_FIRST_BANDS = {
    "pharmacy-first-uti": (16, 64),
    "pharmacy-first-impetigo": (1, None),
    "pharmacy-first-insect-bites": (1, None),
    "pharmacy-first-shingles": (18, None),
    "pharmacy-first-sinusitis": (12, None),
    "pharmacy-first-sore-throat": (5, None),
    "pharmacy-first-otitis-media": (1, 17),
}
REQUIRED_SERVICES = {
    "pharmacy-minor-illness",
    "msk-physio-self-referral",
    "mecs-optometrist",
    "talking-therapies",
    "sexual-health-clinic",
    "pharmacy-emergency-contraception",
    "stop-smoking",
    "social-prescribing",
    "carers-support",
    "health-visitor",
    "midwife-self-referral",
    "urgent-dental-111",
    "nhs-111",
    "practice-nurse",
    "clinical-pharmacist",
    "first-contact-physio",
    "admin-fit-notes",
    "admin-forms-letters",
}
#: SNOMED CT concepts DOMAIN lists as checked; the demo may suggest no others.
CHECKED_CODES = {"871731000000106", "308447003", "308465004", "390866009", "306098008"}


def _count(database: Database, model: type) -> int:
    with database.unit_of_work() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def test_demo_holds_enough_services_and_red_flags(database: Database) -> None:
    with database.unit_of_work(actor="demo loader") as session:
        result = load_demo(session)
    assert result.services_added >= 40
    assert result.red_flags_added >= 25
    with database.unit_of_work() as session:
        services = {s.key: s for s in session.scalars(sa.select(Service))}
        protocols = list(session.scalars(sa.select(RedFlagProtocol)))
        roles = set(session.scalars(sa.select(StaffMember.role)))
        practice = session.scalars(sa.select(Practice)).one()
        assert practice.network is not None
    assert services.keys() >= REQUIRED_SERVICES
    for key, band in PHARMACY_FIRST_BANDS.items():
        assert (services[key].min_age, services[key].max_age) == band, key
        assert services[key].exclusions, key
    assert all(service.is_example for service in services.values())
    assert all(protocol.is_example and not protocol.is_signed_off for protocol in protocols)
    assert {protocol.urgency for protocol in protocols} == set(Urgency)
    assert set(Role) <= roles


def test_demo_content_is_well_formed() -> None:
    services = read_demo_file("services.toml")["service"]
    for entry in services:
        assert entry["keywords"], entry["key"]
        assert entry["script"], entry["key"]
        assert entry["access"], entry["key"]
        for method in entry["access"]:
            AccessMethod(method)
        assert entry.get("snomed_code") in CHECKED_CODES | {None}, entry["key"]
    assert len({entry["key"] for entry in services}) == len(services)
    red_flags = read_demo_file("red_flags.toml")["red_flag"]
    for entry in red_flags:
        assert len(entry["phrases"]) >= 5, entry["key"]
        assert entry["action"] and entry["script"], entry["key"]
        Urgency(entry["urgency"])
    assert len({entry["key"] for entry in red_flags}) == len(red_flags)


def test_domain_red_flags_are_all_covered() -> None:
    phrases = " | ".join(
        phrase.casefold()
        for entry in read_demo_file("red_flags.toml")["red_flag"]
        for phrase in entry["phrases"] + entry["symptoms"]
    )
    for sign in [
        "chest",
        "face drooping",
        "can't breathe",
        "sucking in under",
        "lips swelling",
        "unconscious",
        "fitting",
        "choking",
        "mottled",
        "rigid",
        "heavy bleeding",
        "fade under a glass",
        "stiff neck",
        "loss of vision",
        "chemical in eye",
        "swallow saliva",
        "bleeding from the ear",
        "numb down below",
        "always thirsty",
        "kidney pain",
        "drooling",
        "suicidal",
        "can't keep myself safe",
    ]:
        assert sign in phrases, sign


def test_loading_twice_changes_nothing(database: Database) -> None:
    with database.unit_of_work(actor="demo loader") as session:
        load_demo(session)
    counts = [
        _count(database, model) for model in (Service, RedFlagProtocol, StaffMember, AuditEntry)
    ]
    with database.unit_of_work(actor="demo loader") as session:
        second = load_demo(session)
    assert not second.changed
    assert [
        _count(database, model) for model in (Service, RedFlagProtocol, StaffMember, AuditEntry)
    ] == counts


def test_loading_again_keeps_local_edits(database: Database) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        session.scalars(sa.select(Service).where(Service.key == "nhs-111")).one().alert = "Local"
    with database.unit_of_work() as session:
        load_demo(session)
        assert (
            session.scalars(sa.select(Service).where(Service.key == "nhs-111")).one().alert
            == "Local"
        )
