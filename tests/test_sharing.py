"""A network's practices share one directory; each may hide a service or add its own notes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.models import Practice, Service, StaffMember
from signposting.directory.demo import load_demo
from signposting.directory.sharing import set_practice_view
from signposting.domain import Role
from signposting.errors import PermissionDeniedError
from signposting.reception.session import DeskSession
from signposting.search.loader import load_engine
from tests.factories import make_practice

PASSWORD = "correct horse battery"


@pytest.fixture
def network(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        load_demo(session)
        riverside = session.scalars(sa.select(Practice)).one()
        millbrook = make_practice(session, "X99998")
        network_manager = add_staff(
            session, None, "Network Manager", Role.MANAGER, practice=None, password=PASSWORD
        )
        millbrook_manager = add_staff(
            session,
            network_manager,
            "Mill Manager",
            Role.MANAGER,
            practice=millbrook,
            password=PASSWORD,
        )
        msk = session.scalars(
            sa.select(Service).where(Service.key == "msk-physio-self-referral")
        ).one()
        return {
            "riverside": riverside.id,
            "millbrook": millbrook.id,
            "network": network_manager.id,
            "mill_manager": millbrook_manager.id,
            "msk": msk.id,
        }


def desk_services(database: Database, practice_id: int) -> set[int]:
    with database.unit_of_work() as session:
        return set(load_engine(session, practice_id).services.entries)


def test_hiding_is_per_practice(database: Database, network: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        actor = session.get_one(StaffMember, network["mill_manager"])
        set_practice_view(
            session,
            actor,
            network["millbrook"],
            network["msk"],
            hidden=True,
            local_notes="Our patients use the Millbrook physio instead",
        )
    assert network["msk"] not in desk_services(database, network["millbrook"])
    assert network["msk"] in desk_services(database, network["riverside"])
    with database.unit_of_work() as session:
        assert (
            session.get_one(Service, network["msk"]).status.value == "active"
        )  # unchanged for all


def test_a_practice_manager_cannot_change_another_practice(
    database: Database, network: dict[str, int]
) -> None:
    with (
        pytest.raises(PermissionDeniedError, match="manages another practice"),
        database.unit_of_work() as session,
    ):
        actor = session.get_one(StaffMember, network["mill_manager"])
        set_practice_view(
            session, actor, network["riverside"], network["msk"], hidden=True, local_notes=""
        )


def test_local_notes_show_only_on_that_practice_card(
    database: Database, network: dict[str, int], qtbot: QtBot
) -> None:
    with database.unit_of_work() as session:
        actor = session.get_one(StaffMember, network["network"])
        set_practice_view(
            session,
            actor,
            network["riverside"],
            network["msk"],
            hidden=False,
            local_notes="Ask for Jo on extension 2",
        )
    riverside = DeskSession(database, practice_ods="X99999")
    assert "Ask for Jo on extension 2" in riverside.card_html(network["msk"])
    millbrook = DeskSession(database, practice_ods="X99998")
    assert "Ask for Jo" not in millbrook.card_html(network["msk"])


def test_manager_window_sets_the_practice_view(
    database: Database, network: dict[str, int], qtbot: QtBot
) -> None:
    from signposting.ui.manage.manager_window import ManagerWindow  # noqa: PLC0415

    window = ManagerWindow(database, network["mill_manager"])
    qtbot.addWidget(window)
    tab = window.services
    assert tab.practice_box.count() == 1  # a practice manager sees only their own practice
    tab.select(network["msk"])
    tab.hide_box.setChecked(True)
    tab.local_notes.setText("Use Millbrook physio")
    assert tab.save_practice_view()
    assert network["msk"] not in desk_services(database, network["millbrook"])
