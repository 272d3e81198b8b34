"""Reading Open Referral as councils publish it: HSDS 3.0 JSON (one service, a list page), ORUK
v1 JSON, and HSDS 3.0 tabular packages; every field lands somewhere or is named as ignored."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from signposting.directory.io.importer import DirectoryImportError, read_directory
from signposting.directory.io.read_result import DirectoryRead
from signposting.directory.io.tracking import child_kind, is_empty, is_structure

FIXTURES = Path(__file__).parent / "fixtures" / "open_referral"
TODAY = date(2026, 6, 15)


def read(name: str | Path) -> DirectoryRead:
    return read_directory(FIXTURES / name if isinstance(name, str) else name, today=TODAY)


def unaccounted(item: dict[str, Any], kind: str, accounted: set[str]) -> set[str]:
    """Fields of ``item`` (and of its nested objects) neither mapped, kept nor named ignored."""
    missing = set()
    for key, value in item.items():
        name = f"{kind}.{key}"
        if is_structure(key) or is_empty(value) or name in accounted:
            continue
        children = value if isinstance(value, list) else [value]
        if all(isinstance(child, dict) for child in children):
            for child in children:
                missing |= unaccounted(child, child_kind(key), accounted)
        else:
            missing.add(name)
    return missing


def assert_all_accounted(document: Any, result: DirectoryRead, mapped: set[str]) -> None:
    assert not mapped & set(result.ignored), "a mapped field is also reported as ignored"
    accounted = mapped | set(result.ignored) | set(result.kept_in_notes)
    items = document.get("contents") or document.get("content") or [document]
    for item in items:
        assert unaccounted(item, "service", accounted) == set()


HSDS3_MAPPED = {
    *("service.name", "service.alternate_name", "service.description", "service.url"),
    *("service.email", "service.status", "service.eligibility_description"),
    *("service.minimum_age", "service.assured_date", "service.alert"),
    *("phone.number", "schedule.freq", "schedule.interval", "schedule.byday"),
    *("schedule.opens_at", "schedule.closes_at", "schedule.valid_from"),
    *("address.address_1", "address.city", "address.state_province", "address.postal_code"),
    *("address.country", "address.address_type", "location.location_type"),
    *("taxonomy_term.name", "taxonomy_term.taxonomy", "attribute.link_entity"),
}


def test_hsds3_single_service_maps_every_field_or_names_it() -> None:
    result = read("hsds3_service.json")
    (service,) = result.services
    values = service.values
    assert values["key"] == "5e0c1a2b-3c4d-4e5f-8a6b-000000000001"
    assert (values["category"], values["conditions"]) == ("Carers support", ["Respite care"])
    assert values["keywords"] == ["Carers Hub"]
    assert values["phone"] == "01632 960210"
    assert values["website"] == "https://riverside-carers.example"
    assert values["address"] == "12 Mill Lane, Riverside, Riverdale, RV1 2AB"
    assert [s["day"] for s in values["opening_sessions"]] == ["mon", "tue", "wed", "thu", "fri"]
    assert {(s["opens"], s["closes"]) for s in values["opening_sessions"]} == {("09:00", "16:30")}
    assert (values["min_age"], values["max_age"], values["status"]) == (16, None, "active")
    assert values["last_verified"] == "2026-06-01"
    notes = values["notes"]
    assert "fees_description: Free" in notes
    assert "Phone extension: 12." in notes
    assert "Other phone numbers: 01632 960211, 01632 960212." in notes
    assert "Also open the 2nd Saturday of each month, 10:00-12:00" in notes
    assert {"location.latitude", "service.last_modified", "contact.name"} <= set(result.ignored)
    document = json.loads((FIXTURES / "hsds3_service.json").read_text("utf-8"))
    assert_all_accounted(document, result, HSDS3_MAPPED)


def test_preview_names_ignored_fields_times_and_monthly_rules() -> None:
    lines = read("hsds3_service.json").preview_lines()
    assert any(line.startswith("ignored: ") and "location.latitude" in line for line in lines)
    assert any(line.startswith("kept in the service notes: ") for line in lines)
    said = "\n".join(lines)
    assert "schedules[0]: 09:00Z read as UK clock time 09:00" in said
    assert (
        "Riverside Carers' Hub (row 1), schedules[1]: 'the 2nd Saturday of each month, "
        "10:00-12:00' cannot be held as weekly opening hours" in said
    )


def test_a_list_page_says_it_is_one_page_of_several() -> None:
    result = read("hsds3_list_page.json")
    assert [s.values["name"] for s in result.services] == [
        "Riverside Food Bank",
        "Talking Together",
    ]
    assert result.partial
    assert result.page is not None and result.page.describe() == "page 1 of 3 (2 of 5 services)"
    assert result.services[1].values["status"] == "temporarily_closed"
    assert "page 1 of 3" in result.preview_lines()[0]


def test_a_list_of_one_page_is_the_whole_directory(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "hsds3_list_page.json").read_text("utf-8"))
    document.update(total_items=2, total_pages=1, last_page=True)
    path = tmp_path / "all.json"
    path.write_text(json.dumps(document), "utf-8")
    assert not read(path).partial
    path.write_text(json.dumps({"contents": document["contents"]}), "utf-8")
    assert not read(path).partial


ORUK_V1_MAPPED = {
    *("service.name", "service.description", "service.url", "service.email", "service.status"),
    *("service.assured_date", "service.attending_access", "eligibility.eligibility"),
    *("eligibility.minimum_age", "eligibility.maximum_age", "phone.number"),
    "regular_schedule.opens_at",
    *("regular_schedule.closes_at", "regular_schedule.valid_from", "regular_schedule.valid_to"),
    *("regular_schedule.dtstart", "regular_schedule.freq", "regular_schedule.interval"),
    *("regular_schedule.byday", "holiday_schedule.closed", "holiday_schedule.start_date"),
    *("holiday_schedule.end_date", "physical_address.address_1", "physical_address.city"),
    *("physical_address.postal_code", "physical_address.country", "taxonomy.name"),
    "taxonomy.vocabulary",
}


def test_oruk_v1_service_keeps_hours_ages_phones_addresses_and_categories() -> None:
    result = read("oruk_v1_service.json")
    (service,) = result.services
    values = service.values
    assert values["key"] == "rvr-walking-001"
    assert (values["category"], values["conditions"]) == ("Physical activity", ["Older people"])
    assert values["phone"] == "01632 960320"  # from contacts[].phones
    assert values["address"] == "Park Road, Riverside, RV3 1XY"  # physical_addresses
    assert values["opening_sessions"] == [
        {"day": "mon", "opens": "10:00", "closes": "12:00"},
        {"day": "thu", "opens": "10:00", "closes": "12:00"},
    ]
    assert (values["min_age"], values["max_age"]) == (18, None)  # eligibilitys
    assert values["eligibility_notes"] == "Eligibility: adult."
    assert values["closures"] == [{"start": "2026-12-24", "end": "2026-12-26", "reason": "holiday"}]
    assert values["access_methods"] == ["walk_in"]
    assert "These opening times end on 2026-12-31." in values["notes"]
    document = json.loads((FIXTURES / "oruk_v1_service.json").read_text("utf-8"))
    assert_all_accounted(document, result, ORUK_V1_MAPPED)


def test_oruk_v1_list_reads_every_service_and_monthly_rules_are_named() -> None:
    result = read("oruk_v1_list.json")
    assert not result.partial
    money = result.services[1].values
    assert money["phone"] == "0808 200 0247"
    assert (money["min_age"], money["max_age"]) == (18, 130)
    assert money["opening_sessions"] == []
    assert "Also open the last Friday of each month, 09:30-13:00" in money["notes"]
    assert any(
        "Riverside Money Advice (row 2), regular_schedules[0]: 'the last Friday of each month"
        in line
        for line in result.notices
    )
    document = json.loads((FIXTURES / "oruk_v1_list.json").read_text("utf-8"))
    assert_all_accounted(document, result, ORUK_V1_MAPPED)


def test_an_oruk_v1_page_of_several_is_partial(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "oruk_v1_list.json").read_text("utf-8"))
    document.update(totalElements=60, totalPages=30, number=0, first=True, last=False)
    path = tmp_path / "page.json"
    path.write_text(json.dumps(document), "utf-8")
    result = read(path)
    assert result.page is not None and result.page.describe() == "page 1 of 30 (2 of 60 services)"


def test_hsds3_package_by_the_specification_names_imports_every_part() -> None:
    result = read("hsds3_package")
    shed, clinic = (s.values for s in result.services)
    assert shed["phone"] == "01632 960401"
    assert shed["category"] == "Social isolation"
    assert shed["address"] == "2 Mill Lane, Riverside, Riverdale, RV2 4CD"
    assert shed["opening_sessions"] == [
        {"day": "tue", "opens": "10:00", "closes": "14:00"},
        {"day": "thu", "opens": "10:00", "closes": "14:00"},
    ]
    assert "Also open the 1st Sunday of each month, 10:00-13:00 (Open workshop)." in shed["notes"]
    assert clinic["phone"] == "01632 960402"  # a phone of the service at its location
    assert clinic["opening_sessions"] == [{"day": "wed", "opens": "09:30", "closes": "11:30"}]
    assert (clinic["min_age"], clinic["max_age"]) == (0, 4)
    assert "phone: 1 row(s) linked to no service" in result.ignored
    assert "location.transportation" in result.ignored
    assert any("schedules.csv row 3: 'the 1st Sunday of each month" in n for n in result.notices)


def test_package_problems_name_the_table_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    shutil.copytree(FIXTURES / "hsds3_package", folder)
    phones = (folder / "phones.csv").read_text("utf-8").replace("01632 960402", "12345")
    (folder / "phones.csv").write_text(phones, "utf-8")
    with pytest.raises(DirectoryImportError) as caught:
        read(folder)
    assert "phones.csv: row 3, column 'number': '12345' is not" in str(caught.value)


def test_package_located_by_descriptor_paths_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    shutil.copytree(FIXTURES / "hsds3_package", folder)
    (folder / "tables").mkdir()
    (folder / "services.csv").rename(folder / "tables" / "all-services.csv")
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "service":
            resource["path"] = "tables/all-services.csv"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    assert len(read(folder).services) == 2


def test_the_projects_earlier_package_names_still_import(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    files = {
        "services": "id,name,status\nshed,Men's Shed,active\n",
        "phones": "id,service_id,number\nshed-phone,shed,01632 960999\n",
        "schedules": (
            "id,service_id,freq,byday,opens_at,closes_at\ns1,shed,WEEKLY,MO,09:00:00,12:00:00\n"
        ),
        "taxonomy_terms": "id,name,vocabulary\nt1,Wellbeing,signposting-category\n",
        "attributes": "id,link_id,link_type,taxonomy_term_id\na1,shed,service,t1\n",
        "x_signposting": 'service_id,fields\nshed,"{""keywords"": [""woodwork""]}"\n',
    }
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, "utf-8")
    resources = [{"name": name, "path": f"{name}.csv"} for name in files]
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}), "utf-8")
    (service,) = read(folder).services
    values = service.values
    assert (values["key"], values["phone"], values["category"]) == (
        "shed",
        "01632 960999",
        "Wellbeing",
    )
    assert values["opening_sessions"] == [{"day": "mon", "opens": "09:00", "closes": "12:00"}]
    assert values["keywords"] == ["woodwork"]


def feed(tmp_path: Path, schedule: dict[str, Any], **service: Any) -> Path:
    path = tmp_path / "feed.json"
    item = {"id": "s1", "name": "Clinic", "status": "active", "schedules": [schedule], **service}
    path.write_text(json.dumps([item]), "utf-8")
    return path


@pytest.mark.parametrize(
    ("opens", "closes", "expected", "said"),
    [
        ("09:00", "17:00", ("09:00", "17:00"), ""),
        ("09:00Z", "17:00Z", ("09:00", "17:00"), "09:00Z read as UK clock time 09:00"),
        ("09:00+01:00", "17:00+0100", ("09:00", "17:00"), "read as UK clock time"),
        # An offset that is not the UK's is converted on the import date (BST on 15 June).
        ("09:00-05:00", "12:00-05:00", ("15:00", "18:00"), "UK time 15:00 (as on 2026-06-15)"),
        ("09:00:00.000Z", "17:30:00Z", ("09:00", "17:30"), "read as UK clock time"),
    ],
)
def test_times_with_zones_become_uk_clock_time(
    tmp_path: Path, opens: str, closes: str, expected: tuple[str, str], said: str
) -> None:
    schedule = {"freq": "WEEKLY", "byday": "MO", "opens_at": opens, "closes_at": closes}
    schedule["valid_from"] = "2026-01-05"
    result = read(feed(tmp_path, schedule))
    (session,) = result.services[0].values["opening_sessions"]
    assert (session["opens"], session["closes"]) == expected
    assert any(said in line for line in result.notices) if said else result.notices == []


def test_a_timezone_field_converts_times_without_an_offset(tmp_path: Path) -> None:
    schedule = {"byday": "TU", "opens_at": "08:00", "closes_at": "10:00", "timezone": -5}
    schedule["dtstart"] = "2026-07-07"  # summer: -05:00 is six hours behind BST
    (session,) = read(feed(tmp_path, schedule)).services[0].values["opening_sessions"]
    assert (session["opens"], session["closes"]) == ("14:00", "16:00")


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"byday": "MO", "opens_at": "9 o'clock", "closes_at": "17:00"}, "is not a time (HH:MM"),
        ({"byday": "XX", "opens_at": "09:00", "closes_at": "17:00"}, "'XX' is not a day"),
        ({"opens_at": "09:00", "closes_at": "17:00"}, "a weekly schedule needs its days"),
        ({"byday": "MO", "opens_at": "09:00", "closes_at": "17:00", "valid_to": "soon"}, "dates"),
    ],
)
def test_bad_schedules_are_located_problems(
    tmp_path: Path, schedule: dict[str, Any], message: str
) -> None:
    with pytest.raises(DirectoryImportError) as caught:
        read(feed(tmp_path, schedule))
    assert "feed.json: row 1, column 'schedules[0]." in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        ({"freq": "WEEKLY", "byday": "MO,WE,FR"}, ["mon", "wed", "fri"]),
        ({"freq": "DAILY"}, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
        ({"freq": "MONTHLY", "byday": "MO,TU,WE,TH,FR"}, ["mon", "tue", "wed", "thu", "fri"]),
    ],
)
def test_rules_that_are_every_week_become_sessions(
    tmp_path: Path, rule: dict[str, Any], days: list[str]
) -> None:
    schedule = {**rule, "opens_at": "09:00", "closes_at": "12:00"}
    sessions = read(feed(tmp_path, schedule)).services[0].values["opening_sessions"]
    assert [s["day"] for s in sessions] == days


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"freq": "MONTHLY", "byday": "2TU"}, "the 2nd Tuesday of each month"),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "the last Friday of each month"),
        ({"freq": "MONTHLY", "bymonthday": "1,15"}, "day 1st, 15th of each month"),
        (
            {"freq": "WEEKLY", "interval": 2, "byday": "MO", "dtstart": "2026-01-05"},
            "every 2 weeks on Monday, counting from 05 Jan 2026",
        ),
        ({"freq": "MONTHLY", "interval": 3, "byday": "1WE"}, "the 1st Wednesday of every 3 months"),
    ],
)
def test_rules_the_weekly_hours_cannot_hold_are_kept_and_named(
    tmp_path: Path, rule: dict[str, Any], words: str
) -> None:
    schedule = {**rule, "opens_at": "10:00", "closes_at": "12:00"}
    result = read(feed(tmp_path, schedule))
    values = result.services[0].values
    assert values["opening_sessions"] == []
    assert f"Also open {words}, 10:00-12:00." in values["notes"]
    assert any(f"Clinic (row 1), schedules[0]: '{words}" in line for line in result.notices)


def test_schedules_that_ended_are_left_out_and_said(tmp_path: Path) -> None:
    schedule = {"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "valid_to": "2026-03-31"}
    result = read(feed(tmp_path, schedule))
    assert result.services[0].values["opening_sessions"] == []
    assert result.notices == [
        "Clinic (row 1), schedules[0]: a schedule that ended on 2026-03-31 was left out"
    ]


def test_future_schedules_are_kept_as_notes(tmp_path: Path) -> None:
    schedule = {"byday": "SA", "opens_at": "09:00", "closes_at": "12:00"}
    schedule["valid_from"] = "2026-09-01"
    values = read(feed(tmp_path, schedule)).services[0].values
    assert values["opening_sessions"] == []
    assert "Also open from 2026-09-01, every week on Saturday" in values["notes"]


def test_phones_and_schedules_under_service_at_locations_are_read(tmp_path: Path) -> None:
    location = {"id": "l1", "location_type": "physical", "name": "Hall"}
    link = {
        "id": "sal1",
        "location": location,
        "phones": [{"id": "p1", "number": "01632 960555"}],
        "schedules": [{"id": "x", "byday": "FR", "opens_at": "13:00", "closes_at": "15:00"}],
    }
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps({"id": "s", "name": "S", "status": "active", "service_at_locations": [link]}),
        "utf-8",
    )
    values = read(path).services[0].values
    assert values["phone"] == "01632 960555"
    assert values["opening_sessions"] == [{"day": "fri", "opens": "13:00", "closes": "15:00"}]


def test_an_organisation_list_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    page = {
        "total_items": 1,
        "total_pages": 1,
        "page_number": 1,
        "contents": [{"id": "o1", "name": "Riverside Trust", "description": "", "website": "x"}],
    }
    path = tmp_path / "organizations.json"
    path.write_text(json.dumps(page), "utf-8")
    with pytest.raises(DirectoryImportError) as caught:
        read(path)
    assert "a list of organisations" in str(caught.value)
    assert "/services" in str(caught.value)


def test_organisations_with_their_services_are_read(tmp_path: Path) -> None:
    organization = {
        "id": "o1",
        "name": "Riverside Trust",
        "description": "A charity",
        "website": "https://trust.example",
        "services": [{"id": "s1", "name": "Befriending", "status": "active"}],
    }
    path = tmp_path / "organizations.json"
    path.write_text(json.dumps([organization]), "utf-8")
    (service,) = read(path).services
    assert (service.values["name"], service.values["category"]) == (
        "Befriending",
        "Riverside Trust",
    )
