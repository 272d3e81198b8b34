"""The manager's window: editing with checks as you type, conflicts, review, sign-off, audit."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service, ServiceFlag
from signposting.directory.demo import load_demo
from signposting.domain import Role
from signposting.ui.manage.manager_window import ManagerWindow
from signposting.ui.manage.redflags.red_flags_tab import DraftDialog
from signposting.ui.manage.sign_in import SignInDialog

TODAY = date(2026, 11, 23)
PASSWORD = "correct horse battery"


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        load_demo(session)
        manager = add_staff(
            session, None, "Morgan Reed", Role.MANAGER, practice=None, password=PASSWORD
        )
        clinician = add_staff(
            session, manager, "Dr Kim Bell", Role.CLINICIAN, practice=None, password=PASSWORD
        )
        msk = session.scalars(
            sa.select(Service).where(Service.key == "msk-physio-self-referral")
        ).one()
        session.add(ServiceFlag(service_id=msk.id, comment="Phone line has changed"))
        return {"manager": manager.id, "clinician": clinician.id, "msk": msk.id}


def open_window(database: Database, qtbot: QtBot, actor_id: int) -> ManagerWindow:
    window = ManagerWindow(database, actor_id, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def test_sign_in(database: Database, people: dict[str, int], qtbot: QtBot) -> None:
    dialog = SignInDialog(database)
    qtbot.addWidget(dialog)
    assert dialog.choose("Morgan Reed")
    dialog.password.setText("wrong")
    dialog.try_sign_in()
    assert dialog.staff_id is None and "not recognised" in dialog.message.text()
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()
    assert dialog.staff_id == people["manager"]


def test_editor_checks_as_you_type_and_saves(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.services
    tab.select(people["msk"])
    form = tab.form
    assert form.name.text() == "MSK physiotherapy self-referral"
    form.phone.clear()
    qtbot.keyClicks(form.phone, "12345")
    assert not form.error_labels["phone"].isHidden()
    assert "'12345' is not a valid UK phone number" in form.error_labels["phone"].text()
    assert not tab.save_button.isEnabled()
    form.phone.setText("01632 960555")
    form.website.setText("not a website")
    assert "is not a web address" in form.error_labels["website"].text()
    form.website.setText("https://msk.example/refer")
    form.sessions.setPlainText("mon 09:00-12:30\nmon 13:30-17:00\ntue 18:00-09:00")
    assert "must close after it opens" in form.error_labels["sessions"].text()
    form.sessions.setPlainText("mon 09:00-12:30\nmon 13:30-17:00")
    form.min_age.setValue(30)
    form.max_age.setValue(20)
    assert "below the minimum" in form.error_labels["ages"].text()
    form.max_age.setValue(-1)
    assert tab.save_button.isEnabled()
    assert tab.save()
    with database.unit_of_work() as session:
        msk = session.get_one(Service, people["msk"])
        assert (msk.phone, msk.min_age, msk.version) == ("01632 960555", 30, 2)
        assert msk.opening_sessions == [
            {"day": "mon", "opens": "09:00", "closes": "12:30"},
            {"day": "mon", "opens": "13:30", "closes": "17:00"},
        ]
    assert "Saved (version 2)" in tab.message.text()


def test_the_age_band_reads_in_words_as_the_boxes_change(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.services
    tab.select(people["msk"])  # aged 16 and over, no upper limit
    form = tab.form
    assert form.max_age.text() == "no maximum"
    assert form.age_band.text() == "16 and over"
    form.max_age.setValue(64)
    assert form.age_band.text() == "16 to 64"
    form.min_age.setValue(-1)
    assert form.min_age.text() == "no minimum"
    assert form.age_band.text() == "Up to 64"
    form.max_age.setValue(-1)
    assert form.age_band.text() == "Any age"
    row = tab.services_list.row_of(people["msk"])
    assert tab.services_list.list.item(row).toolTip() == "Musculoskeletal: Active; 16 and over"


def test_long_service_names_wrap_in_a_narrow_list(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    shown = window.services.services_list.list
    shown.parentWidget().resize(240, 600)
    qtbot.waitUntil(lambda: shown.viewport().width() < 240)
    names = [shown.item(row) for row in range(shown.count())]
    by_width = sorted(names, key=lambda item: shown.fontMetrics().horizontalAdvance(item.text()))
    shortest, longest = by_width[0], by_width[-1]
    assert shown.fontMetrics().horizontalAdvance(longest.text()) > shown.viewport().width()
    # Every name within the list's width (on two lines), none running off to the side.
    assert all(shown.visualItemRect(item).width() <= shown.viewport().width() for item in names)
    assert shown.visualItemRect(longest).height() > shown.visualItemRect(shortest).height()
    assert shown.horizontalScrollBar().maximum() == 0


def test_bank_holidays_added_to_closures(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    window.services.select(people["msk"])
    window.services.holidays_button.click()
    text = window.services.form.closures.toPlainText()
    assert "2026-12-25 to 2026-12-25: Bank holiday: Christmas Day" in text
    assert "2027-04-05" not in text or "Easter Monday" in text
    assert window.services.save()


def test_conflicting_edit_is_refused_with_a_way_to_reload(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.services
    tab.select(people["msk"])
    with database.unit_of_work() as session:  # another manager saves first
        session.get_one(Service, people["msk"]).alert = "Changed elsewhere"
    tab.form.alert.setText("My alert")
    assert not tab.save()
    assert "changed by someone else" in tab.message.text() and "Reload" in tab.message.text()
    tab.reload_button.click()
    assert tab.form.alert.text() == "Changed elsewhere"
    tab.form.alert.setText("My alert, after reloading")
    assert tab.save()


def test_review_queue_verify(database: Database, people: dict[str, int], qtbot: QtBot) -> None:
    window = open_window(database, qtbot, people["manager"])
    review = window.review
    rows = {
        review.table.item(r, 0).text(): review.table.item(r, 1).text()
        for r in range(review.table.rowCount())
    }
    assert "flagged: Phone line has changed" in rows["MSK physiotherapy self-referral"]
    assert all("never verified" in reasons for reasons in rows.values())
    review.table.setCurrentCell(review.service_ids.index(people["msk"]), 0)
    review.verify_button.click()
    assert review.message.text() == "Verified."
    names = [review.table.item(r, 0).text() for r in range(review.table.rowCount())]
    assert "MSK physiotherapy self-referral" not in names


def test_draft_then_clinician_sign_off(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    manager_window = open_window(database, qtbot, people["manager"])
    tab = manager_window.red_flags
    assert not tab.sign_button.isEnabled()
    with database.unit_of_work() as session:
        stroke = session.scalars(
            sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "stroke-fast")
        ).one()
        stroke_id = stroke.id
        dialog = DraftDialog(stroke)
    qtbot.addWidget(dialog)
    dialog.action.setText("Call 999 now: possible stroke (FAST positive)")
    dialog.note.setText("GP asked for FAST wording")
    for row in range(tab.protocols.count()):
        if tab.protocols.item(row).text().startswith("Possible stroke"):
            tab.protocols.setCurrentRow(row)
    assert tab.draft_change(new=False, dialog=dialog)
    assert tab.drafts.count() == 1 and "by Morgan Reed" in tab.drafts.item(0).text()
    clinician_window = open_window(database, qtbot, people["clinician"])
    ctab = clinician_window.red_flags
    assert ctab.sign_button.isEnabled()
    assert not clinician_window.services.isEnabled()  # clinicians do not edit services
    ctab.drafts.setCurrentRow(0)
    seen = []
    assert ctab.sign_selected_draft(confirm=lambda what, impact: seen.append(impact) or True)
    assert seen and not seen[0].harmful  # an action's wording changes no recognition
    with database.unit_of_work() as session:
        stroke = session.get_one(RedFlagProtocol, stroke_id)
        assert stroke.action.endswith("(FAST positive)")
        assert stroke.signed_off_by_id == people["clinician"]
    listed = [ctab.protocols.item(r).text() for r in range(ctab.protocols.count())]
    assert any("signed off by Dr Kim Bell on" in text for text in listed)
    clinician_window.audit.refresh()
    audit = clinician_window.audit
    audit.kind.setCurrentIndex(2)  # red-flag protocols
    audit.search.setText("FAST positive")
    assert audit.table.rowCount() >= 1
    assert audit.table.item(0, 1).text() == "Dr Kim Bell"


def test_first_run_creates_the_first_manager(database: Database, qtbot: QtBot) -> None:
    with database.unit_of_work() as session:
        load_demo(session)  # a live database: demo staff have no passwords
    dialog = SignInDialog(database)
    qtbot.addWidget(dialog)
    assert dialog.first_run
    dialog.name.setText("Morgan Reed")
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText("something else")
    dialog.try_sign_in()
    assert "differ" in dialog.message.text()
    dialog.confirm.setText(PASSWORD)
    dialog.try_sign_in()
    assert dialog.staff_id is not None
    assert not SignInDialog(database).first_run


def test_import_dialog_previews_then_applies(
    database: Database, people: dict[str, int], qtbot: QtBot, tmp_path: object
) -> None:
    from pathlib import Path  # noqa: PLC0415

    from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

    folder = Path(str(tmp_path))
    bad = folder / "bad.csv"
    bad.write_text("key,name,category,phone\nnew-1,New service,Cat,999999\n", "utf-8")
    good = folder / "good.csv"
    good.write_text("key,name,category,phone\nnew-1,New service,Cat,01632 960777\n", "utf-8")
    dialog = ImportDialog(database, people["manager"])
    qtbot.addWidget(dialog)
    assert not dialog.load(bad)
    assert "bad.csv: row 2, column 'phone'" in dialog.report.toPlainText()
    assert not dialog.apply_button.isEnabled()
    assert dialog.load(good)
    assert "1 new" in dialog.status.text() and "to retire" in dialog.status.text()
    assert "WARNING: this import would retire" in dialog.status.text()
    assert "new: New service" in dialog.report.toPlainText()
    asked: list[str] = []
    dialog.confirm_retiring = lambda warning: asked.append(warning) or False
    assert not dialog.apply()
    assert asked
    dialog.confirm_retiring = lambda _warning: True
    assert dialog.apply()
    with database.unit_of_work() as session:
        names = set(session.scalars(sa.select(Service.name).where(Service.status == "active")))
    assert names == {"New service"}  # the import was the whole directory: the rest retired


def test_add_a_new_service_then_complete_it(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.services
    service_id = tab.new_service()
    assert service_id is not None
    assert tab.form.name.text() == "New service"
    tab.form.name.setText("Riverside Men's Shed")
    tab.form.category.setText("Wellbeing and social support")
    tab.form.status.setCurrentIndex(0)  # active
    assert tab.save()
    with database.unit_of_work() as session:
        shed = session.get_one(Service, service_id)
        assert (shed.name, shed.status.value) == ("Riverside Men's Shed", "active")
