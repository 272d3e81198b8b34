"""The SNOMED CT concepts Signposting may suggest, each checked against a named public source.

A code in a patient's record states what happened. A signpost the patient follows up themselves
is not a referral the practice made, so "Referral to ..." concepts are never suggested for it.
No "signposting to ..." concept could be verified, and none for a red-flag escalation, a
booking with a clinician, a declined signpost or "no suitable service": those export without
a code unless the practice maps its own (``docs/export-formats.md`` has the table, and a test
keeps it and this module in agreement).
"""

from __future__ import annotations

from dataclasses import dataclass

from signposting.domain import Outcome


@dataclass(frozen=True)
class VerifiedConcept:
    """One concept: identifier, UK preferred term, fully specified name where the source
    shows it (else empty), what it records here, and where it was checked."""

    concept_id: str
    preferred_term: str
    fully_specified_name: str
    records: str
    sources: tuple[str, ...]


DOMAIN_NOTES = "Signposting domain notes (SNOMED CT concepts checked in public sources)"

SELF_REFERRAL = VerifiedConcept(
    concept_id="306098008",
    preferred_term="Self-referral",
    fully_specified_name="Self-referral (procedure)",
    records=(
        "an accepted signpost to a service the patient contacts themselves "
        "(self-referral by phone or online)"
    ),
    sources=(
        "HL7 UK Care Connect value set CareConnect-SourceOfReferral-1 "
        "(https://fhir.hl7.org.uk/STU3/ValueSet/CareConnect-SourceOfReferral-1), "
        "which names 306098008 Self-referral (procedure)",
        DOMAIN_NOTES,
    ),
)

SOCIAL_PRESCRIBING_REFERRAL = VerifiedConcept(
    concept_id="871731000000106",
    preferred_term="Referral to social prescribing service",
    fully_specified_name="",
    records=(
        "an accepted offer to refer the patient to the practice's social prescribing link "
        "worker, where the practice makes the referral"
    ),
    sources=(
        "Greater Manchester Secure Data Environment clinical code set "
        "'social-care-prescribing-referral' v1, built from the UK SNOMED CT clinical edition "
        "uk_sct2cl_29.3.0 (github.com/UoM-Data-Science-Platforms/gm-sde, "
        "shared/clinical-code-sets/referrals/social-care-prescribing-referral/1)",
        DOMAIN_NOTES,
    ),
)

#: Every concept a shipped default may use; nothing else may be suggested.
VERIFIED_CONCEPTS: tuple[VerifiedConcept, ...] = (SELF_REFERRAL, SOCIAL_PRESCRIBING_REFERRAL)

#: The code a record gets from its outcome alone when no service code applies: None where no
#: concept that says what happened could be verified (the row then carries no code).
OUTCOME_CONCEPTS: dict[Outcome, VerifiedConcept | None] = {
    Outcome.DECLINED: None,
    Outcome.RED_FLAG_ESCALATED: None,
    Outcome.NO_SUITABLE_SERVICE: None,
    Outcome.BOOKED_CLINICIAN: None,
}

#: Suggestions earlier releases shipped with the demo directory, which claimed a referral the
#: practice never made; migration 0014 replaces them where a manager has not changed them.
RETIRED_DEMO_DEFAULTS: dict[str, tuple[str, str]] = {
    "msk-physio-self-referral": ("308447003", "Referral to physiotherapist"),
    "mecs-optometrist": ("308465004", "Referral to optometrist"),
    "talking-therapies": ("390866009", "Referral to mental health team"),
}


def exported_code(
    outcome: Outcome | str, practice_code: tuple[str, str] | None, suggested: tuple[str, str] | None
) -> tuple[str, str]:
    """The code and term a record carries. The practice's own code for the service is its
    template's choice and always used; the directory's suggestion states that the patient
    took the signpost up, so it goes only on an accepted one; otherwise the outcome's own
    verified concept, if one exists; otherwise no code (the row still names the service)."""
    if practice_code and practice_code[0]:
        return practice_code
    if outcome == Outcome.ACCEPTED and suggested and suggested[0]:
        return suggested
    concept = OUTCOME_CONCEPTS.get(Outcome(outcome))
    return (concept.concept_id, concept.preferred_term) if concept else ("", "")
