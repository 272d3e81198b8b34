"""The review queue's list of what scheduled feeds offer, driven with real widgets: a new
service and a changed one accepted, another dismissed, and nothing applied unseen."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from signposting.db.engine import Database
from signposting.directory.io.feed_refresh import refresh_due_feeds
from signposting.ui.manage.review_tab import ReviewTab
from tests.support.feed_server import feed_server
from tests.test_feed_refresh import IDS, NOW, add, directory, import_whole, people, reader

__all__ = ["people"]  # the fixture, shared with the feed refresh tests
TODAY = date(2026, 11, 25)


def choose(tab: ReviewTab, name: str) -> None:
    table = tab.offers.table
    (row,) = [r for r in range(table.rowCount()) if table.item(r, 0).text() == name]
    table.setCurrentCell(row, 0)


def queued_names(tab: ReviewTab) -> list[str]:
    return [tab.table.item(row, 0).text() for row in range(tab.table.rowCount())]


def test_new_services_offered_by_a_feed_are_accepted_or_dismissed(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    with feed_server() as server:
        add(database, people["manager"], server.url)
        refresh_due_feeds(database, None, reader, NOW)
        names = [s["name"] for s in server.services]
    tab = ReviewTab(database, people["manager"], lambda: TODAY)
    qtbot.addWidget(tab)
    offers = tab.offers
    assert offers.table.rowCount() == 3
    assert {offers.table.item(r, 1).text() for r in range(3)} == {"New service"}
    assert directory(database) == {}  # nothing applied unseen

    choose(tab, names[1])
    offers.accept_button.click()
    assert offers.message.text() == f"Accepted: {names[1]}."
    assert set(directory(database)) == {IDS[1]}
    assert names[1] in queued_names(tab)  # never verified: it joins the review queue

    choose(tab, names[2])
    offers.dismiss_button.click()
    assert set(directory(database)) == {IDS[1]}
    assert [offers.table.item(r, 0).text() for r in range(offers.table.rowCount())] == [names[0]]


def test_a_changed_service_is_accepted_from_the_review_queue(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    with feed_server() as server:
        import_whole(database, people["manager"], server)
        add(database, people["manager"], server.url)
        server.services[0]["phones"][0]["number"] = "01632 960999"
        refresh_due_feeds(database, None, reader, NOW)
        name = server.services[0]["name"]
    tab = ReviewTab(database, people["manager"], lambda: TODAY)
    qtbot.addWidget(tab)
    row = [tab.offers.table.item(0, c).text() for c in range(4)]
    assert row[:3] == [name, "Changed", "Phone"] and row[3]
    reasons = tab.table.item(queued_names(tab).index(name), 1).text()
    assert "Offered by directory feeds" in reasons
    choose(tab, name)
    tab.offers.accept_button.click()
    assert directory(database)[IDS[0]].phone == "01632 960999"
    assert tab.offers.table.rowCount() == 0
    assert not tab.offers.accept_button.isEnabled()


def test_a_receptionist_cannot_accept_an_offer(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    with feed_server() as server:
        add(database, people["manager"], server.url)
        refresh_due_feeds(database, None, reader, NOW)
    tab = ReviewTab(database, people["receptionist"], lambda: TODAY)
    qtbot.addWidget(tab)
    tab.offers.table.setCurrentCell(0, 0)
    tab.offers.accept_button.click()
    assert tab.offers.message.text().startswith("Not done:")
    assert directory(database) == {}
    assert tab.offers.table.rowCount() == 3
