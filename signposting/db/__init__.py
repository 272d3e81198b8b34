"""The database: engine, schema models, migrations and the audit trail."""
