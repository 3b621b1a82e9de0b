"""Alembic environment: runs on the connection ``crm_core.storage.migrate`` hands in."""

from alembic import context

from crm_core.storage.module_tables import builtin_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=builtin_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
