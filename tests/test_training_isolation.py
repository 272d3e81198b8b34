"""The training database: a copy of the live directory that training records go to, never the
live database, its exports or its savings figures; the trainer can reset it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from signposting.analysis.assumptions import load_assumptions
from signposting.analysis.savings import analyse
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.models import Service, SignpostRecord, StaffMember, TrainingCopy
from signposting.directory.editing import update_service
from signposting.domain import Outcome, Role
from signposting.errors import ValidationError
from signposting.export.profiles import Profile
from signposting.export.records import export_records
from signposting.reception.session import DeskSession
from signposting.recording.recorder import SignpostRequest, record_signpost
from signposting.training.database import (
    is_training_database,
    open_training_database,
    reset_training_database,
    training_database_url,
)
from tests.factories import make_member
from tests.support.postgres import PostgresServer
from tests.support.training import TrainingSetup


def _count(database: Database, model: type) -> int:
    with database.unit_of_work() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _desk(database: Database, name: str = "Alex Morgan") -> DeskSession:
    desk = DeskSession(database)
    desk.choose_staff(next(c.id for c in desk.staff_choices() if c.name == name))
    return desk


def _record_in_training(setup: TrainingSetup) -> int:
    desk = _desk(setup.training)
    assert desk.training
    service = desk.search("burning when I wee", age=30).services[0].entry
    record_id = desk.record(Outcome.ACCEPTED, service_id=service.id, age=30)
    assert record_id is not None
    return record_id


def _manager(database: Database) -> int:
    with database.unit_of_work() as session:
        return make_member(session, Role.MANAGER, "Export Manager").id


def test_the_training_copy_holds_the_live_directory_and_is_marked(
    training_setup: TrainingSetup,
) -> None:
    live, training = training_setup.live, training_setup.training
    assert is_training_database(training)
    assert not is_training_database(live)
    assert _count(training, Service) == _count(live, Service) > 40
    assert _count(training, StaffMember) == _count(live, StaffMember)
    with training.unit_of_work() as session:
        assert session.scalar(sa.select(TrainingCopy.copied_by)) == "tests"
        # staff come without passwords: the training copy holds no credentials
        assert session.scalars(sa.select(StaffMember.password_hash)).all() == [None] * 6


def test_a_signpost_recorded_in_training_never_reaches_live_records_exports_or_savings(
    training_setup: TrainingSetup, tmp_path: Path
) -> None:
    live = training_setup.live
    _record_in_training(training_setup)
    assert _count(training_setup.training, SignpostRecord) == 1
    assert _count(live, SignpostRecord) == 0
    assert not _desk(live).training
    exported = export_records(live, tmp_path / "live.csv", Profile.EMIS, actor_id=_manager(live))
    assert exported == 0
    today = datetime.now(UTC).date()
    with live.unit_of_work() as session:
        practice_id = session.scalars(sa.select(StaffMember.practice_id)).first()
        analysis = analyse(
            session,
            make_member(session, Role.MANAGER, "Report Reader"),
            date(today.year - 1, 1, 1),
            today,
            load_assumptions(session, practice_id),
        )
    assert analysis.total.signposts == 0


def test_reset_clears_training_records_and_copies_the_live_directory_again(
    training_setup: TrainingSetup,
) -> None:
    live, training = training_setup.live, training_setup.training
    _record_in_training(training_setup)
    manager = training_setup.member("Chris Taylor")
    with live.unit_of_work(actor=manager) as session:
        service = session.scalars(sa.select(Service).where(Service.key == "stop-smoking")).one()
        update_service(session, manager, service.id, service.version, {"name": "Quit Smoking"})
    result = reset_training_database(live, training, by="Lee Jones")
    assert result.records_cleared == 1
    assert _count(training, SignpostRecord) == 0
    with training.unit_of_work() as session:
        names = set(session.scalars(sa.select(Service.name)))
    assert "Quit Smoking" in names
    _record_in_training(training_setup)  # ids carry on after the copied rows
    assert _count(training, SignpostRecord) == 1


def test_the_live_database_can_never_be_the_training_database(database: Database) -> None:
    with pytest.raises(ValidationError, match="must not be the live"):
        open_training_database(database, database.url.render_as_string(hide_password=False))


def _another_empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        return sqlite_url(tmp_path / "another.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.url_for(server.create_database("another"))


def test_a_database_holding_real_records_is_never_overwritten(
    training_setup: TrainingSetup, backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Pointing training at someone's live database (records, no training mark) is refused."""
    other = Database(_another_empty_url(backend, request, tmp_path))
    try:
        from signposting.db.migrate import upgrade  # noqa: PLC0415
        from signposting.directory.demo import load_demo  # noqa: PLC0415

        upgrade(other)
        with other.unit_of_work() as session:
            load_demo(session)
            practice_id = session.scalars(sa.select(StaffMember.practice_id)).first()
        assert practice_id is not None
        record_signpost(other, SignpostRequest(practice_id, Outcome.NO_SUITABLE_SERVICE))
        with pytest.raises(ValidationError, match="not a training database"):
            reset_training_database(training_setup.live, other)
        with pytest.raises(ValidationError, match="not a training database"):
            open_training_database(training_setup.live, other.url.render_as_string(False)).dispose()
        assert _count(other, SignpostRecord) == 1
    finally:
        other.dispose()


def test_the_training_database_sits_beside_the_live_one() -> None:
    assert training_database_url(make_url("sqlite:////data/signposting.db")) == sqlite_url(
        Path("/data/training.db")
    )
    assert training_database_url(make_url("sqlite:////data/demo.db")) == sqlite_url(
        Path("/data/demo-training.db")
    )
    pg = training_database_url(make_url("postgresql+psycopg://desk:pw@db.example:5432/pcn"))
    assert make_url(pg).database == "pcn_training"
    assert make_url(pg).password == "pw"


def test_the_environment_can_name_the_training_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOSTING_TRAINING_DATABASE_URL", "sqlite:////elsewhere/t.db")
    assert training_database_url(make_url("sqlite:////data/signposting.db")).endswith("t.db")


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_missing_postgresql_training_database_is_created(
    database: Database, postgres_server: PostgresServer
) -> None:
    from signposting.directory.demo import load_demo  # noqa: PLC0415

    with database.unit_of_work() as session:
        load_demo(session)
    expected = f"{database.url.database}_training"
    postgres_server.created.append(expected)  # dropped with the test databases
    training = open_training_database(database)
    try:
        assert training.url.database == expected
        assert is_training_database(training)
    finally:
        training.dispose()


def test_exports_and_savings_refuse_the_training_database(
    training_setup: TrainingSetup, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from signposting.cli.main import main  # noqa: PLC0415

    _record_in_training(training_setup)
    training = training_setup.training
    with pytest.raises(ValidationError, match="this is a training database"):
        export_records(training, tmp_path / "training.csv", Profile.EMIS, actor_id=None)
    assert not (tmp_path / "training.csv").exists()
    with training.unit_of_work() as session, pytest.raises(ValidationError, match="training"):
        analyse(
            session, None, date(2026, 1, 1), date(2026, 12, 31), load_assumptions(session, None)
        )
    url = training.url.render_as_string(hide_password=False)
    code = main(["--database", url, "report", "--as", "Anyone", "-o", str(tmp_path / "r.html")])
    assert code == 1 and "training database" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()


def test_a_training_desk_opened_offline_still_says_training(
    training_setup: TrainingSetup,
) -> None:
    """The desk's saved copy of a training directory carries the training mark."""
    from signposting.reception.snapshot import (  # noqa: PLC0415
        read_snapshot,
        snapshot_path,
        take_snapshot,
        write_snapshot,
    )

    with training_setup.training.unit_of_work() as session:
        practice_id = session.scalars(sa.select(StaffMember.practice_id)).first()
        assert practice_id is not None
        copy = take_snapshot(session, practice_id, "Riverside", [])
    with training_setup.live.unit_of_work() as session:
        assert not take_snapshot(session, practice_id, "Riverside", []).training
    assert copy.training
    unreachable = Database("postgresql+psycopg://postgres@127.0.0.1:9/nowhere_training")
    try:
        write_snapshot(snapshot_path(unreachable), copy)
        saved = read_snapshot(snapshot_path(unreachable))
        assert saved is not None and saved.training
        offline = DeskSession(unreachable)
        assert offline.saved_copy is not None and offline.training
    finally:
        unreachable.dispose()
