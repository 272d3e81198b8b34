"""Red-flag protocols recognised by rules over a thesaurus of concepts.

Each stored protocol's phrases become examples (calls it must raise) and rules of literal words,
so nothing a practice signed off is lost; the phrases column goes. Practice changes to the
red-flag thesaurus get their own table, signed off like protocols. Each group of the practice's
lay vocabulary (used by the service search) is offered as a pending thesaurus change, since
until now it also affected red flags without a clinician's sign-off.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 12:00:00.000000
"""

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Words a stored phrase's rule does not need (negations are kept on purpose), fixed here so
#: the conversion never changes with later releases.
_STOPWORDS = frozenset(
    """
    a an the and or but if then than so as of to in on at by for with from into onto about
    my his her their our your its me him them us we you i im ive id he she it they this that
    these those there here is are was were be been being am has have had do does did done
    just really very quite bit some any like got get gets getting gone going went keep keeps
    kept feel feels feeling felt seems seem think thought want wants wanted need needs please
    oh um er well also again still all now today yesterday lot lots couple times time sort
    kind thing things what which who whom whose when where why how can could would should
    will shall may might must under
    """.split()
)
_TABLES = ("red_flag_protocol", "red_flag_draft")


def phrase_rule(phrase: str) -> dict[str, Any] | None:
    """A rule of the phrase's meaningful words as literals, close together as before."""
    folded = phrase.lower().replace("\u2019", "'").replace("'", "")
    words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
    kept = [w for w in words if w not in _STOPWORDS] or words
    kept = list(dict.fromkeys(kept))[:8]
    if not kept:
        return None
    return {"slots": [[word] for word in kept], "window": min(60, len(kept) + 3)}


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("rules", "modifiers", "examples"):
                batch_op.add_column(
                    sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
                )
    connection = op.get_bind()
    for table in _TABLES:
        rows = sa.table(
            table,
            sa.column("id", sa.Integer),
            sa.column("phrases", sa.JSON),
            sa.column("rules", sa.JSON),
            sa.column("examples", sa.JSON),
        )
        for row in connection.execute(sa.select(rows.c.id, rows.c.phrases)).all():
            phrases = [str(p) for p in (row.phrases or []) if str(p).strip()]
            rules = [rule for rule in map(phrase_rule, phrases) if rule]
            connection.execute(
                rows.update().where(rows.c.id == row.id).values(rules=rules, examples=phrases)
            )
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("phrases")
            for column in ("rules", "modifiers", "examples"):
                batch_op.alter_column(column, server_default=None)
    op.create_table(
        "thesaurus_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "add",
                "remove",
                "synonyms",
                name="thesaurus_change_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("concept", sa.String(length=80), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("drafted_by_id", sa.Integer(), nullable=True),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["drafted_by_id"],
            ["staff_member.id"],
            name=op.f("fk_thesaurus_change_drafted_by_id_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["staff_member.id"],
            name=op.f("fk_thesaurus_change_signed_off_by_id_staff_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thesaurus_change")),
    )
    with op.batch_alter_table("thesaurus_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thesaurus_change_signed_off_at"), ["signed_off_at"], unique=False
        )
    if connection.dialect.name == "postgresql":  # desks hear of thesaurus sign-offs (see 0008)
        op.execute(
            "CREATE TRIGGER thesaurus_change_notify_directory AFTER INSERT OR UPDATE OR DELETE "
            "ON thesaurus_change FOR EACH ROW EXECUTE FUNCTION signposting_notify_directory()"
        )
    groups = sa.table("lay_term_group", sa.column("terms", sa.JSON))
    changes = sa.table(
        "thesaurus_change",
        sa.column("kind", sa.String),
        sa.column("terms", sa.JSON),
        sa.column("note", sa.Text),
        sa.column("drafted_at", sa.DateTime(timezone=True)),
    )
    offered = [
        {
            "kind": "synonyms",
            "terms": list(terms),
            "note": "From the practice's search vocabulary; sign off to use it for red flags.",
            "drafted_at": sa.func.now(),
        }
        for (terms,) in connection.execute(sa.select(groups.c.terms)).all()
        if isinstance(terms, list) and len(terms) >= 2
    ]
    for change in offered:
        connection.execute(changes.insert().values(**change))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS thesaurus_change_notify_directory ON thesaurus_change")
    with op.batch_alter_table("thesaurus_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thesaurus_change_signed_off_at"))
    op.drop_table("thesaurus_change")
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("phrases", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
            )
    connection = op.get_bind()
    for table in _TABLES:
        rows = sa.table(
            table,
            sa.column("id", sa.Integer),
            sa.column("phrases", sa.JSON),
            sa.column("examples", sa.JSON),
        )
        for row in connection.execute(sa.select(rows.c.id, rows.c.examples)).all():
            connection.execute(
                rows.update().where(rows.c.id == row.id).values(phrases=list(row.examples or []))
            )
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("phrases", server_default=None)
            for column in ("rules", "modifiers", "examples"):
                batch_op.drop_column(column)
