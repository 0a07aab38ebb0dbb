"""Alembic's environment for the ledger: always run programmatically by
studio.ledger.migrations.upgrade, which hands over a connection that already holds the
migration lock and its transaction (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from studio.ledger.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # offline (`--sql`): only when a URL was given in the config
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=True,
        )
    else:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
