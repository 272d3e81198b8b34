"""Every core function that changes shared data, or reads signpost records or the audit log,
checks the acting member of staff's role; and the desk and command line never go round the core.

The check reads the source: a public function counts as changing shared data when it (or a
private helper in its module that it calls) adds, deletes or merges through a session, runs an
SQL insert, update or delete, or takes a session or database and is named for a change (add_,
save_, set_, update_, delete_, store_, import_, apply_, remove_, retire_, sign_off, approve,
create_, edit_, record_, tick, reject, restore, replace, reset_, lift_, change_). It counts as
reading records when it names SignpostRecord or AuditEntry. It is checked when it (or such a
helper) calls ``require``. Anything else must be listed below with the reason it needs no check.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import signposting

PACKAGE = Path(signposting.__file__).parent
#: Plumbing below the core (engine, models, migrations): it acts for whoever called it.
NOT_CORE = {"db"}
#: The desk and the command line: they must go through the core, never round it.
FRONT_ENDS = {"ui", "cli"}
SESSION_CHANGES = {"add", "add_all", "delete", "merge"}
SQL_CHANGES = {"insert", "update", "delete"}
RECORD_TABLES = {"SignpostRecord", "AuditEntry"}
CHANGE_VERBS = (
    "add_",
    "save_",
    "set_",
    "update_",
    "delete_",
    "store_",
    "import_",
    "apply_",
    "remove_",
    "retire_",
    "sign_off",
    "approve",
    "create_",
    "edit_",
    "record_",
    "tick",
    "reject",
    "restore",
    "replace",
    "reset_",
    "lift_",
    "change_",
)

#: Functions that change shared data or read records without checking a role, and why.
NO_ROLE_NEEDED = {
    "accounts/passwords.py:authenticate": "signing in; it counts failed attempts for the name",
    "directory/demo/__init__.py:load_template_directory": (
        "called only after a check: first_run.load_template and the first-run set-up"
    ),
    "directory/demo/__init__.py:load_example_red_flags": (
        "called only after a check, by practice creation and the first-run set-up; the "
        "protocols arrive unsigned, awaiting a clinician"
    ),
    "directory/demo/records.py:add_demo_records": (
        "made-up records, refused anywhere but the demo practice"
    ),
    "analysis/savings.py:records_began": (
        "called only by the savings analysis, after its report permission check; one date"
    ),
    "directory/flags.py:flag_service": (
        "any member of staff at a desk may report a card as possibly out of date"
    ),
    "recording/recorder.py:record_signpost": "recording a signpost is every desk's job",
    "recording/commands.py:RecordSignpost.undo": (
        "the desk taking back the record it has just made"
    ),
    "recording/filters.py:RecordFilter.where": "builds a WHERE clause; reads nothing itself",
    "recording/outbox.py:Outbox.send_all": "delivers records this desk already made",
    "recording/outbox.py:deliver": "delivers records this desk already made",
    "recording/outbox.py:count_by_uuid": "checks whether this desk's own record arrived",
    "recording/outbox.py:delete_by_uuid": (
        "the desk taking back the record it has just made, found by its own key"
    ),
    "recording/tally.py:staff_tally": (
        "the desk's count of today's signposts for the person at it"
    ),
    "training/database.py:open_training_database": (
        "the separate training copy, holding no live records"
    ),
    "training/database.py:reset_training_database": (
        "empties the separate training copy; live data is never touched"
    ),
    "training/database.py:copy_directory": "fills the separate training copy",
    "training/rehearsal.py:RehearsalRunner.decision": "reads the training copy only",
    "training/rehearsal.py:RehearsalRunner.others_recording": "reads the training copy only",
    "training/rehearsal.py:RehearsalRunner.score": "reads the training copy only",
    "training/rehearsal.py:find_decision": "reads the training copy only",
    "training/store.py:replace_all": (
        "called only after a check, by scenario_files.apply_scenarios"
    ),
    "training/store.py:load_shipped_scenarios": (
        "adds the shipped rehearsal scenarios a database lacks; changes no practice's own"
    ),
}


@dataclass
class Facts:
    changes: bool = False
    reads_records: bool = False
    checks_role: bool = False


def _takes_shared_data(function: ast.FunctionDef) -> bool:
    arguments = function.args.args + function.args.kwonlyargs
    names = {
        a.annotation.id
        if isinstance(a.annotation, ast.Name)
        else getattr(a.annotation, "value", "")
        for a in arguments
    }
    return bool(names & {"Session", "Database"})


def _facts(function: ast.FunctionDef, front_end: bool) -> tuple[Facts, set[str]]:
    facts = Facts()
    if not front_end and function.name.startswith(CHANGE_VERBS):
        facts.changes = _takes_shared_data(function)
    called: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id in RECORD_TABLES:
            facts.reads_records = True
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Name):
            called.add(target.id)
            facts.checks_role |= target.id == "require"
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            owner = target.value.id
            if owner == "self":
                called.add(f"self.{target.attr}")
            facts.changes |= target.attr in SESSION_CHANGES and "session" in owner
            facts.changes |= target.attr in SQL_CHANGES and owner == "sa"
    return facts, called


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


def unchecked_functions() -> dict[str, Facts]:
    """``module:function`` for every function that changes or reads without a role check."""
    found: dict[str, Facts] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in NOT_CORE:
            continue
        front_end = relative.parts[0] in FRONT_ENDS
        module: dict[str, tuple[Facts, set[str]]] = {
            name: _facts(function, front_end)
            for name, function in _functions(ast.parse(path.read_text("utf-8")))
        }
        changed = True
        while changed:  # what a function's helpers in the same module do, it does
            changed = False
            for name, (facts, called) in module.items():
                owner = name.split(".")[0] if "." in name else ""
                for callee in called:
                    key = f"{owner}.{callee[5:]}" if callee.startswith("self.") else callee
                    if key == name or key not in module:
                        continue
                    other = module[key][0]
                    for field in ("changes", "reads_records", "checks_role"):
                        if getattr(other, field) and not getattr(facts, field):
                            setattr(facts, field, True)
                            changed = True
        for name, (facts, _) in module.items():
            public = not any(part.startswith("_") for part in name.split("."))
            touches = facts.changes or facts.reads_records
            if (public or front_end) and touches and not facts.checks_role:
                found[f"{relative.as_posix()}:{name}"] = facts
    return found


def test_every_change_and_record_read_in_the_core_checks_a_role() -> None:
    unchecked = unchecked_functions()
    core = {
        name: facts for name, facts in unchecked.items() if name.split("/")[0] not in FRONT_ENDS
    }
    missing = sorted(set(core) - set(NO_ROLE_NEEDED))
    assert not missing, (
        "these change shared data or read records without require(actor, Permission...); add "
        "the check, or list them in NO_ROLE_NEEDED with the reason: " + ", ".join(missing)
    )


def test_the_desk_and_command_line_change_and_read_only_through_the_core() -> None:
    front = sorted(name for name in unchecked_functions() if name.split("/")[0] in FRONT_ENDS)
    assert not front, "these write or read records directly; call the core: " + ", ".join(front)


def test_every_exemption_is_still_needed() -> None:
    stale = sorted(set(NO_ROLE_NEEDED) - set(unchecked_functions()))
    assert not stale, "these no longer need listing (checked, renamed or gone): " + ", ".join(stale)


def test_the_scan_sees_a_change_without_a_check(tmp_path: Path) -> None:
    """The detector itself: a function that adds through a session with no ``require`` is
    caught, through a private helper too, and adding the check clears it."""
    source = (
        "def save_thing(session: Session, actor, value):\n"
        "    _write(session, value)\n"
        "def _write(session, value):\n"
        "    session.add(value)\n"
    )
    (_, function), _ = list(_functions(ast.parse(source)))
    facts, called = _facts(function, front_end=False)
    assert facts.changes and not facts.checks_role and called == {"_write"}
    helper = next(f for n, f in _functions(ast.parse(source)) if n == "_write")
    assert _facts(helper, front_end=False)[0].changes
    checked = source.replace("    _write(", "    require(actor, Permission.X)\n    _write(")
    facts, _ = _facts(next(iter(_functions(ast.parse(checked))))[1], front_end=False)
    assert facts.checks_role
