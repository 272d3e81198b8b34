"""The demo directory covers what DOMAIN lists, is marked as example content, and loads once."""

from __future__ import annotations

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import AuditEntry, Practice, RedFlagProtocol, Service, StaffMember
from signposting.directory.demo import load_demo, read_demo_file
from signposting.domain import AccessMethod, Role, Urgency
from signposting.redflags.protocol import shipped_protocols
from signposting.training.scenarios import shipped_scenarios

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
    protocols = shipped_protocols()
    for fields in protocols:
        assert fields["rules"] and fields["action"] and fields["script"], fields["key"]
    assert len({fields["key"] for fields in protocols}) == len(protocols)


#: The red flags a GP reception team is trained on (adult, child, maternity, mental health).
REQUIRED_PROTOCOLS = {
    "chest-pain-heart-attack",
    "stroke-fast",
    "severe-breathing-difficulty",
    "child-breathing-difficulty",
    "asthma-attack",
    "choking",
    "anaphylaxis",
    "unconscious",
    "not-breathing",
    "seizure",
    "heavy-bleeding",
    "sepsis",
    "child-sepsis",
    "neutropenic-sepsis",
    "meningitis",
    "baby-fever",
    "child-dehydration",
    "overdose-poisoning",
    "swallowed-battery-magnet",
    "suicide-immediate-danger",
    "suicidal-thoughts",
    "self-harm",
    "mental-health-crisis",
    "safeguarding-danger",
    "safeguarding-concern",
    "thunderclap-headache",
    "head-injury-ear-bleeding",
    "sudden-vision-loss",
    "flashes-floaters",
    "eye-injury",
    "acute-red-eye",
    "cannot-swallow-saliva",
    "sore-throat-airway",
    "cauda-equina",
    "testicular-torsion",
    "ectopic-pregnancy",
    "pregnancy-pain-bleeding",
    "reduced-fetal-movements",
    "pre-eclampsia",
    "dka-hyperglycaemia",
    "child-diabetes",
    "hypoglycaemia",
    "complicated-uti",
    "dvt-pe",
    "pulmonary-embolism",
    "aortic-aneurysm",
    "bowel-obstruction",
    "acute-abdomen",
    "appendicitis",
    "vomiting-blood",
    "black-stools",
    "coughing-blood",
    "palpitations-fainting",
    "serious-burn",
    "acute-limb-ischaemia",
    "urinary-retention",
    "spreading-cellulitis",
    "diabetic-foot",
    "jaundice",
    "nosebleed-uncontrolled",
    "post-procedure-bleeding",
    "carbon-monoxide",
    "priapism",
}


def test_every_red_flag_a_reception_team_is_trained_on_has_a_protocol() -> None:
    assert {fields["key"] for fields in shipped_protocols()} >= REQUIRED_PROTOCOLS


def test_the_protocols_of_the_first_release_keep_their_keys() -> None:
    """Training scenarios and records name protocols by key."""
    scenario_keys = {key for scenario in shipped_scenarios() for key in scenario.expected.red_flags}
    assert scenario_keys <= {fields["key"] for fields in shipped_protocols()}


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
