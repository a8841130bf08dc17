"""SQLite with a small pool of open connections (the embedded profile's database backend).

Under ASGI, Django runs each request's synchronous code in a fresh thread, and database
connections belong to threads: every request would open (and close) a new SQLite connection,
registering Django's SQL functions and running the connection pragmas each time, about 2 ms
of a page's time. This backend hands a closed connection back to a per-file pool instead of
closing it, and the next request's connection comes from there. A connection is only pooled
outside a transaction (anything left open is rolled back first), and Django resets autocommit
on every checkout. Django's own ``sqlite3`` backend otherwise, unchanged.

Enable with ``"ENGINE": "config.db.sqlite_pool"`` and ``OPTIONS["pool_size"]`` (0 turns the
pool off; the test settings do, because test databases are deleted and recreated).
"""

import queue
import sqlite3
import threading
from typing import Any

from django.db.backends.sqlite3 import base

_pools: dict[str, queue.LifoQueue] = {}
_lock = threading.Lock()


def _pool(name: str, size: int) -> queue.LifoQueue:
    with _lock:
        pool = _pools.get(name)
        if pool is None:
            pool = _pools[name] = queue.LifoQueue(maxsize=size)
        return pool


def close_pooled_connections() -> None:
    """Close every pooled connection (e.g. before the database file is replaced)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        while True:
            try:
                pool.get_nowait().close()
            except queue.Empty:
                break


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = self.settings_dict.setdefault("OPTIONS", {})
        self.pool_size = int(options.pop("pool_size", 8))

    def _pool(self) -> queue.LifoQueue | None:
        if self.pool_size <= 0 or self.is_in_memory_db():
            return None
        return _pool(str(self.settings_dict["NAME"]), self.pool_size)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        pool = self._pool()
        if pool is not None:
            try:
                return pool.get_nowait()
            except queue.Empty:
                pass
        return super().get_new_connection(conn_params)

    def _close(self) -> None:
        pool = self._pool()
        connection = self.connection
        if pool is None or connection is None:
            return super()._close()  # type: ignore[misc]
        try:
            if connection.in_transaction:
                connection.rollback()
            pool.put_nowait(connection)
        except (queue.Full, sqlite3.Error):
            return super()._close()  # type: ignore[misc]
        return None
