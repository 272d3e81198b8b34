"""What each role may do. Every core operation that changes shared data, or reads signpost
records or the audit log, checks here, so hiding a button is never the only protection."""

from __future__ import annotations

from enum import StrEnum

from signposting.db.models import StaffMember
from signposting.domain import Role
from signposting.errors import PermissionDeniedError


class Permission(StrEnum):
    EDIT_DIRECTORY = "edit the service directory"
    DRAFT_RED_FLAGS = "draft changes to red-flag protocols"
    SIGN_OFF_RED_FLAGS = "sign off red-flag protocols"
    MANAGE_STAFF = "manage staff accounts"
    SET_UP_PRACTICES = "set up practices"
    RUN_TRAINING = "run training and the go-live checklist"
    EXPORT_RECORDS = "export signpost records"
    SET_EXPORT_CODES = "change the clinical codes exported with signposts"
    SET_SAVINGS_ASSUMPTIONS = "change the savings assumptions"
    IMPORT_CLINICAL_COUNTS = "import counts from the clinical system"
    EDIT_SEARCH_VOCABULARY = "add words to the search vocabulary"
    READ_AUDIT_LOG = "read the audit log"
    READ_REPORTS = "read the savings report"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.RECEPTIONIST: frozenset(),
    Role.MANAGER: frozenset(
        {
            Permission.EDIT_DIRECTORY,
            Permission.DRAFT_RED_FLAGS,
            Permission.MANAGE_STAFF,
            Permission.SET_UP_PRACTICES,
            Permission.RUN_TRAINING,
            Permission.EXPORT_RECORDS,
            Permission.SET_EXPORT_CODES,
            Permission.SET_SAVINGS_ASSUMPTIONS,
            Permission.IMPORT_CLINICAL_COUNTS,
            Permission.EDIT_SEARCH_VOCABULARY,
            Permission.READ_AUDIT_LOG,
            Permission.READ_REPORTS,
        }
    ),
    Role.CLINICIAN: frozenset(
        {
            Permission.DRAFT_RED_FLAGS,
            Permission.SIGN_OFF_RED_FLAGS,
            Permission.SET_EXPORT_CODES,
            Permission.READ_AUDIT_LOG,
            Permission.READ_REPORTS,
        }
    ),
    Role.TRAINER: frozenset({Permission.RUN_TRAINING}),
}


def allowed(actor: StaffMember | None, permission: Permission) -> bool:
    return actor is not None and actor.active and permission in GRANTS[Role(actor.role)]


def require(actor: StaffMember | None, permission: Permission) -> StaffMember:
    """The actor, if their role allows this; otherwise a clear refusal and nothing changes."""
    if actor is None:
        raise PermissionDeniedError(f"sign in to {permission.value}")
    if not allowed(actor, permission):
        raise PermissionDeniedError(
            f"{actor.name} ({Role(actor.role).value}) may not {permission.value}"
        )
    return actor
