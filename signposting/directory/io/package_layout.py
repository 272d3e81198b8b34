"""The HSDS 3.0 tabular data package layout: resource names, file names and typed fields, as
the specification's own ``datapackage.json`` (openreferral/specification, branch 3.0) has them,
for the resources this project writes; and the names other packages use for the same tables.
"""

from __future__ import annotations

from typing import Any

from signposting.directory.io.hsds_write import EXTENSION

Field = tuple[str, str]  # (name, Table Schema type)

#: Resource name -> (file name, fields in the specification's order, required fields).
RESOURCES: dict[str, tuple[str, tuple[Field, ...], tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        (
            *(("id", "string"), ("name", "string"), ("alternate_name", "string")),
            *(("description", "string"), ("email", "string"), ("website", "string")),
            *(("tax_status", "string"), ("tax_id", "string"), ("year_incorporated", "number")),
            *(("legal_status", "string"), ("logo", "string"), ("uri", "string")),
            ("parent_organization_id", "string"),
        ),
        ("id", "name", "description"),
    ),
    "service": (
        "services.csv",
        (
            *(("id", "string"), ("organization_id", "string"), ("program_id", "string")),
            *(("name", "string"), ("alternate_name", "string"), ("description", "string")),
            *(("url", "string"), ("email", "string"), ("status", "string")),
            *(("interpretation_services", "string"), ("application_process", "string")),
            *(("fees_description", "string"), ("wait_time", "string"), ("fees", "string")),
            *(("accreditations", "string"), ("eligibility_description", "string")),
            *(("minimum_age", "number"), ("maximum_age", "number"), ("assured_date", "date")),
            *(("assurer_email", "string"), ("licenses", "string"), ("alert", "string")),
            ("last_modified", "datetime"),
        ),
        ("id", "organization_id", "name", "status"),
    ),
    "attribute": (
        "attributes.csv",
        (
            *(("id", "string"), ("link_id", "string"), ("taxonomy_term_id", "string")),
            *(("link_type", "string"), ("link_entity", "string"), ("value", "string")),
        ),
        ("id", "link_id", "taxonomy_term_id", "link_entity"),
    ),
    "service_at_location": (
        "service_at_location.csv",
        (
            *(("id", "string"), ("service_id", "string"), ("location_id", "string")),
            ("description", "string"),
        ),
        ("id", "service_id", "location_id"),
    ),
    "location": (
        "locations.csv",
        (
            *(("id", "string"), ("location_type", "string"), ("url", "string")),
            *(("organization_id", "string"), ("name", "string"), ("alternate_name", "string")),
            *(("description", "string"), ("transportation", "string"), ("latitude", "number")),
            *(("longitude", "number"), ("external_identifier", "string")),
            ("external_identifier_type", "string"),
        ),
        ("id", "location_type"),
    ),
    "phone": (
        "phones.csv",
        (
            *(("id", "string"), ("location_id", "string"), ("service_id", "string")),
            *(("organization_id", "string"), ("contact_id", "string")),
            *(("service_at_location_id", "string"), ("number", "string")),
            *(("extension", "number"), ("type", "string"), ("description", "string")),
        ),
        ("id", "number"),
    ),
    "address": (
        "addresses.csv",
        (
            *(("id", "string"), ("location_id", "string"), ("attention", "string")),
            *(("address_1", "string"), ("address_2", "string"), ("city", "string")),
            *(("region", "string"), ("state_province", "string"), ("postal_code", "string")),
            *(("country", "string"), ("address_type", "string")),
        ),
        ("id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
    ),
    "schedule": (
        "schedules.csv",
        (
            *(("id", "string"), ("service_id", "string"), ("location_id", "string")),
            *(("service_at_location_id", "string"), ("valid_from", "date")),
            *(("valid_to", "date"), ("dtstart", "date"), ("timezone", "number")),
            *(("until", "date"), ("count", "number"), ("wkst", "string"), ("freq", "string")),
            *(("interval", "number"), ("byday", "string"), ("byweekno", "string")),
            *(("bymonthday", "string"), ("byyearday", "string"), ("description", "string")),
            *(("opens_at", "time"), ("closes_at", "time"), ("schedule_link", "string")),
            *(("attending_type", "string"), ("notes", "string")),
        ),
        ("id",),
    ),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        (
            *(("id", "string"), ("code", "string"), ("name", "string")),
            *(("description", "string"), ("parent_id", "string"), ("taxonomy", "string")),
            *(("language", "string"), ("taxonomy_id", "string"), ("term_uri", "string")),
        ),
        ("id", "name", "description"),
    ),
}
#: Foreign keys the specification declares between the resources written.
FOREIGN_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (("organization_id", "organization"),),
    "attribute": (("taxonomy_term_id", "taxonomy_term"),),
    "service_at_location": (("service_id", "service"), ("location_id", "location")),
    "location": (("organization_id", "organization"),),
    "phone": (
        ("location_id", "location"),
        ("organization_id", "organization"),
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
    ),
    "address": (("location_id", "location"),),
    "schedule": (
        ("location_id", "location"),
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
    ),
}
#: The project's extension: one row per service, its fields as a JSON object.
EXTENSION_FILE = f"{EXTENSION}.csv"
EXTENSION_FIELDS: tuple[Field, ...] = (("service_id", "string"), ("fields", "object"))

#: Names other packages give the same tables: the project's exports before HSDS 3.0 naming,
#: and ORUK v1 (Open Referral UK's first data package), mapped to the name read here.
ALIASES = {
    "services": "service",
    "organizations": "organization",
    "phones": "phone",
    "schedules": "schedule",
    "locations": "location",
    "addresses": "address",
    "service_at_locations": "service_at_location",
    "taxonomy_terms": "taxonomy_term",
    "attributes": "attribute",
    "contacts": "contact",
    "regular_schedules": "regular_schedule",
    "holiday_schedules": "holiday_schedule",
    "physical_addresses": "physical_address",
    "eligibilitys": "eligibility",
    "service_taxonomys": "service_taxonomy",
    "taxonomies": "taxonomy",
    "languages": "language",
    "fundings": "funding",
}


def canonical(name: str) -> str:
    lowered = name.strip().lower()
    return ALIASES.get(lowered, lowered)


def descriptor_resource(name: str) -> dict[str, Any]:
    """A resource's entry in ``datapackage.json``: typed fields, required constraints, keys."""
    path, fields, required = RESOURCES[name]
    schema: dict[str, Any] = {
        "fields": [
            {"name": field, "type": kind, "constraints": {"required": field in required}}
            for field, kind in fields
        ],
        "primaryKey": "id",
    }
    keys = FOREIGN_KEYS.get(name)
    if keys:
        schema["foreignKeys"] = [
            {"fields": field, "reference": {"resource": target, "fields": "id"}}
            for field, target in keys
        ]
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def extension_resource() -> dict[str, Any]:
    return {
        "name": EXTENSION,
        "path": EXTENSION_FILE,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": "Signposting's own fields for each service, as a JSON object.",
        "schema": {
            "fields": [{"name": name, "type": kind} for name, kind in EXTENSION_FIELDS],
            "foreignKeys": [
                {"fields": "service_id", "reference": {"resource": "service", "fields": "id"}}
            ],
        },
    }
