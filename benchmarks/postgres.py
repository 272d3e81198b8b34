"""A throwaway database on a PostgreSQL server, for benchmarks that measure the server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def throwaway_database(server_url: str, purpose: str) -> Iterator[str]:
    """Create an empty database, yield its URL, and drop it afterwards whatever happens."""
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"sp_{purpose}_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
