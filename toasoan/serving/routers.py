"""Reads from a streaming replica, writes to the primary (Django's database routers,
https://docs.djangoproject.com/en/5.2/topics/db/multi-db/#automatic-database-routing).

The primary is the default: only code inside ``reading_from_replica()`` (an anonymous
reader's GET, see ``ReadFromReplica``) reads from the replica, and even there a read inside
a transaction on the primary stays on the primary, so a view that writes and reads back
sees its own write. The admin, every POST, the background loops and management commands
never read a replica that may lag behind.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)


@contextmanager
def _reading(*, from_replica: bool):
    token = _use_replica.set(from_replica)
    try:
        yield
    finally:
        _use_replica.reset(token)


def reading_from_replica():
    return _reading(from_replica=True)


def reading_from_primary():
    """For what is stored under a purge's generation and kept: a replica that has not
    replayed the change yet must not fill the cache with the old state for a day."""
    return _reading(from_replica=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
