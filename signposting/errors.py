"""Errors the user can act on; the CLI and the window show their message without a traceback."""


class SignpostingError(Exception):
    """An expected failure with a message written for the person at the keyboard."""


class NotFoundError(SignpostingError):
    """A service, protocol, practice or staff member that does not exist."""


class ValidationError(SignpostingError):
    """Input that breaks a rule of the data model; nothing was changed."""


class DatabaseUnavailableError(SignpostingError):
    """The database cannot be reached, opened or is locked."""


class PermissionDeniedError(SignpostingError):
    """The acting staff member's role does not allow the change."""


class ConflictError(SignpostingError):
    """Someone else changed the same entry first; reload it and make the change again."""
