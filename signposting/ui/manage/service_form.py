"""The service editor: every field of the data model, checked as the manager types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from signposting.db.models import Service
from signposting.directory import validation
from signposting.domain import AccessMethod, ServiceStatus
from signposting.labels import age_band_text, label

NO_AGE = -1
ERROR_STYLE = "color: #a50e0e; font-weight: bold;"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_sessions(text: str) -> list[dict[str, str]]:
    """'mon 08:30-12:30' per line (several lines a day allowed)."""
    sessions = []
    for line in _lines(text):
        day, _, hours = line.partition(" ")
        opens, _, closes = hours.strip().partition("-")
        sessions.append(validation.session(day, opens, closes))
    return sessions


def parse_closures(text: str) -> list[dict[str, str]]:
    """'2026-12-25 to 2026-12-26: Christmas' per line."""
    closures = []
    for line in _lines(text):
        dates, _, reason = line.partition(":")
        start, _, end = dates.partition(" to ")
        closures.append(validation.closure(start, end, reason))
    return closures


def sessions_text(sessions: list[dict[str, str]]) -> str:
    return "\n".join(f"{s['day']} {s['opens']}-{s['closes']}" for s in sessions)


def closures_text(closures: list[dict[str, str]]) -> str:
    return "\n".join(
        f"{c['start']} to {c.get('end') or c['start']}: {c.get('reason', '')}" for c in closures
    )


class ServiceForm(QWidget):
    """Shows a message under any field that cannot be saved, and says whether all is well."""

    validity_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.errors: dict[str, str] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.saved_state: tuple[object, ...] = ()
        self.name = QLineEdit()
        self.category = QLineEdit()
        self.description = QPlainTextEdit()
        self.keywords = QPlainTextEdit()
        self.conditions = QPlainTextEdit()
        self.access = {method: QCheckBox(method.label) for method in AccessMethod}
        self.min_age = self._age_box("no minimum")
        self.max_age = self._age_box("no maximum")
        self.age_band = QLabel()
        self.age_band.setAccessibleName("Age band")
        self.eligibility = QLineEdit()
        self.exclusions = QPlainTextEdit()
        self.phone, self.email, self.website = QLineEdit(), QLineEdit(), QLineEdit()
        self.address = QLineEdit()
        self.sessions = QPlainTextEdit()
        self.closures = QPlainTextEdit()
        self.status = QComboBox()
        for status in ServiceStatus:
            self.status.addItem(label(status), status)
        self.alert = QLineEdit()
        self.script = QPlainTextEdit()
        self.snomed_code, self.snomed_term = QLineEdit(), QLineEdit()
        self.review_days = QSpinBox(minimum=1, maximum=3650, suffix=" days")
        self.last_verified = QLabel()
        self._layout()
        self._watch()
        self._show_age_band()

    @staticmethod
    def _age_box(no_limit: str) -> QSpinBox:
        box = QSpinBox(minimum=NO_AGE, maximum=130)
        box.setSpecialValueText(no_limit)
        return box

    def ages(self) -> tuple[int | None, int | None]:
        """The age band as the two boxes hold it (None where there is no limit)."""
        low, high = self.min_age.value(), self.max_age.value()
        return (None if low == NO_AGE else low), (None if high == NO_AGE else high)

    def _show_age_band(self) -> None:
        self.age_band.setText(age_band_text(*self.ages()))

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str | None = None) -> None:
        widget.setAccessibleName(label.rstrip(":"))
        if key is None:
            form.addRow(label, widget)
            return
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        message = QLabel()
        message.setStyleSheet(ERROR_STYLE)
        message.setAccessibleName(f"{label.rstrip(':')} problem")
        message.hide()
        column.addWidget(message)
        self.error_labels[key] = message
        form.addRow(label, holder)

    def _layout(self) -> None:
        form = QFormLayout(self)
        self._row(form, "Name:", self.name, "name")
        self._row(form, "Category:", self.category, "category")
        self._row(form, "Description:", self.description)
        self._row(form, "Lay keywords (one per line):", self.keywords)
        self._row(form, "Conditions (one per line):", self.conditions)
        access = QWidget()
        row = QHBoxLayout(access)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.access.values():
            row.addWidget(box)
        self._row(form, "How patients get there:", access)
        ages = QWidget()
        age_row = QHBoxLayout(ages)
        age_row.setContentsMargins(0, 0, 0, 0)
        age_row.addWidget(QLabel("from"))
        age_row.addWidget(self.min_age)
        age_row.addWidget(QLabel("to"))
        age_row.addWidget(self.max_age)
        age_row.addWidget(QLabel("\N{EM DASH}"))
        age_row.addWidget(self.age_band, stretch=1)
        self._row(form, "Ages:", ages, "ages")
        self._row(form, "Other eligibility:", self.eligibility)
        self._row(form, "Exclusions (one per line):", self.exclusions)
        self._row(form, "Phone:", self.phone, "phone")
        self._row(form, "Email:", self.email, "email")
        self._row(form, "Website:", self.website, "website")
        self._row(form, "Address:", self.address)
        self._row(form, "Opening sessions (e.g. mon 08:30-12:30):", self.sessions, "sessions")
        self._row(form, "Closures (2026-12-25 to 2026-12-26: reason):", self.closures, "closures")
        self._row(form, "Status:", self.status)
        self._row(form, "Alert:", self.alert, "alert")
        self._row(form, "Say to the patient:", self.script)
        self._row(form, "SNOMED CT code:", self.snomed_code)
        self._row(form, "SNOMED CT term:", self.snomed_term)
        self._row(form, "Review every:", self.review_days)
        self._row(form, "Last verified:", self.last_verified)

    def _watch(self) -> None:
        for widget in (self.name, self.category, self.phone, self.email, self.website, self.alert):
            widget.textChanged.connect(self.validate)
        for text in (self.sessions, self.closures):
            text.textChanged.connect(self.validate)
        for box in (self.min_age, self.max_age):
            box.valueChanged.connect(self.validate)
            box.valueChanged.connect(self._show_age_band)
        self.status.currentIndexChanged.connect(self.validate)

    def load(self, service: Service) -> None:
        self.name.setText(service.name)
        self.category.setText(service.category)
        self.description.setPlainText(service.description)
        self.keywords.setPlainText("\n".join(service.keywords))
        self.conditions.setPlainText("\n".join(service.conditions))
        for method, box in self.access.items():
            box.setChecked(method.value in service.access_methods)
        self.min_age.setValue(NO_AGE if service.min_age is None else service.min_age)
        self.max_age.setValue(NO_AGE if service.max_age is None else service.max_age)
        self._show_age_band()
        self.eligibility.setText(service.eligibility_notes)
        self.exclusions.setPlainText("\n".join(service.exclusions))
        self.phone.setText(service.phone or "")
        self.email.setText(service.email or "")
        self.website.setText(service.website or "")
        self.address.setText(service.address)
        self.sessions.setPlainText(sessions_text(service.opening_sessions))
        self.closures.setPlainText(closures_text(service.closures))
        self.status.setCurrentIndex(list(ServiceStatus).index(service.status))
        self.alert.setText(service.alert)
        self.script.setPlainText(service.patient_script)
        self.snomed_code.setText(service.snomed_code or "")
        self.snomed_term.setText(service.snomed_term or "")
        self.review_days.setValue(service.review_interval_days)
        verified = service.last_verified
        self.last_verified.setText(verified.strftime("%d/%m/%Y") if verified else "never")
        self.validate()
        self.mark_saved()

    def state(self) -> tuple[object, ...]:
        """Everything the manager can edit, exactly as the widgets hold it."""
        texts = (self.name, self.category, self.eligibility, self.phone, self.email)
        lines = (self.website, self.address, self.alert, self.snomed_code, self.snomed_term)
        plain = (self.description, self.keywords, self.conditions, self.exclusions)
        more = (self.sessions, self.closures, self.script)
        return (
            *(edit.text() for edit in (*texts, *lines)),
            *(edit.toPlainText() for edit in (*plain, *more)),
            *(box.isChecked() for box in self.access.values()),
            self.min_age.value(),
            self.max_age.value(),
            self.status.currentIndex(),
            self.review_days.value(),
        )

    def mark_saved(self) -> None:
        """What the form holds now is what the database holds (just loaded or saved)."""
        self.saved_state = self.state()

    def is_modified(self) -> bool:
        """Whether any field differs from the service as loaded or last saved."""
        return bool(self.saved_state) and self.state() != self.saved_state

    def _check(self, key: str, check: Callable[[], Any]) -> Any:
        try:
            return check()
        except validation.FieldError as exc:
            self.errors[key] = str(exc)
            return None

    def validate(self) -> bool:
        """Check every field; show each problem under its field. Returns whether all is well."""
        self.errors = {}
        if not self.name.text().strip():
            self.errors["name"] = "a service needs a name"
        if not self.category.text().strip():
            self.errors["category"] = "choose or type a category"
        self._check("phone", lambda: validation.uk_phone(self.phone.text()))
        self._check("email", lambda: validation.email(self.email.text()))
        self._check("website", lambda: validation.web_address(self.website.text()))
        self._check("sessions", lambda: parse_sessions(self.sessions.toPlainText()))
        self._check("closures", lambda: parse_closures(self.closures.toPlainText()))
        low, high = self.min_age.value(), self.max_age.value()
        if NO_AGE not in (low, high) and low > high:
            self.errors["ages"] = f"the maximum age {high} is below the minimum {low}"
        closed = self.status.currentData() == ServiceStatus.TEMPORARILY_CLOSED
        if closed and not self.alert.text().strip():
            self.errors["alert"] = "say why the service is closed, and until when if known"
        for key, message in self.error_labels.items():
            message.setText(self.errors.get(key, ""))
            message.setVisible(key in self.errors)
        ok = not self.errors
        self.validity_changed.emit(ok)
        return ok

    def values(self) -> dict[str, Any]:
        """The fields as the core takes them; call only when ``validate()`` is true."""
        low, high = self.ages()
        return {
            "name": self.name.text().strip(),
            "category": self.category.text().strip(),
            "description": self.description.toPlainText().strip(),
            "keywords": _lines(self.keywords.toPlainText()),
            "conditions": _lines(self.conditions.toPlainText()),
            "access_methods": [m.value for m, box in self.access.items() if box.isChecked()],
            "min_age": low,
            "max_age": high,
            "eligibility_notes": self.eligibility.text().strip(),
            "exclusions": _lines(self.exclusions.toPlainText()),
            "phone": validation.uk_phone(self.phone.text()) or None,
            "email": validation.email(self.email.text()) or None,
            "website": validation.web_address(self.website.text()) or None,
            "address": self.address.text().strip(),
            "opening_sessions": parse_sessions(self.sessions.toPlainText()),
            "closures": parse_closures(self.closures.toPlainText()),
            "status": self.status.currentData(),
            "alert": self.alert.text().strip(),
            "patient_script": self.script.toPlainText().strip(),
            "snomed_code": self.snomed_code.text().strip() or None,
            "snomed_term": self.snomed_term.text().strip() or None,
            "review_interval_days": self.review_days.value(),
        }

    def add_bank_holidays(self, today: date) -> None:
        from signposting.directory.bank_holidays import with_bank_holidays  # noqa: PLC0415

        current = parse_closures(self.closures.toPlainText())
        self.closures.setPlainText(closures_text(with_bank_holidays(current, today)))
