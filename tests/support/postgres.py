"""Creating and dropping throwaway databases on the PostgreSQL test server."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

POSTGRES_URL_ENV = "SIGNPOSTING_TEST_POSTGRES_URL"


def _required() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"} or bool(
        os.environ.get("SIGNPOSTING_REQUIRE_POSTGRES")
    )


class PostgresServer:
    """A server on which the tests make their own databases, all dropped at the end."""

    def __init__(self, url: str) -> None:
        self.base_url = make_url(url).set(drivername="postgresql+psycopg")
        self.admin = sa.create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        self.run_tag = uuid.uuid4().hex[:8]
        self.created: list[str] = []

    def check(self) -> None:
        with self.admin.connect() as connection:
            connection.execute(sa.text("SELECT 1"))

    def create_database(self, purpose: str, template: str | None = None) -> str:
        name = f"sp_{self.run_tag}_{purpose}_{len(self.created)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}{clause}")
        self.created.append(name)
        return name

    def url_for(self, name: str) -> str:
        return self.base_url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as connection:
            for name in reversed(self.created):
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.dispose()


def postgres_server_from_environment() -> PostgresServer:
    """The test server, or a skip (a failure under CI) saying why there is none."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        message = (
            f"PostgreSQL tests need {POSTGRES_URL_ENV}, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
        if _required():
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(url)
    try:
        server.check()
    except sa.exc.OperationalError as exc:
        message = f"cannot reach the PostgreSQL test server at {url}: {exc.orig}"
        if _required():
            pytest.fail(message)
        pytest.skip(message)
    return server
