"""Helpers for training tests: a live demo database with its training copy."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.training.scenarios import Scenario
from signposting.training.store import get_scenario


@dataclass
class TrainingSetup:
    live: Database
    training: Database

    def member(self, name: str) -> StaffMember:
        with self.live.unit_of_work() as session:
            return session.scalars(sa.select(StaffMember).where(StaffMember.name == name)).one()

    def scenario(self, key: str) -> Scenario:
        with self.live.unit_of_work() as session:
            return get_scenario(session, key)
