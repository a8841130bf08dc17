"""The embedded profile's SQLite backend reuses connections instead of opening one per
request, and never hands out a connection with a transaction left open."""

import copy

import pytest
from django.db import connections
from django.db.utils import load_backend

from config.db.sqlite_pool.base import close_pooled_connections

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def _wrapper(path, pool_size=2):
    settings = copy.deepcopy(connections["default"].settings_dict)
    settings.update(NAME=str(path), ENGINE="config.db.sqlite_pool")
    settings["OPTIONS"] = {**settings.get("OPTIONS", {}), "pool_size": pool_size}
    settings.pop("TEST", None)
    return load_backend("config.db.sqlite_pool").DatabaseWrapper(settings, alias="pooltest")


def test_connections_are_reused_and_left_clean(tmp_path):
    first = _wrapper(tmp_path / "pool.sqlite3")
    first.connect()
    first.connection.execute("CREATE TABLE t (x INTEGER)")
    raw = first.connection
    first.connection.execute("BEGIN")
    first.connection.execute("INSERT INTO t VALUES (1)")
    first.close()  # back to the pool; the open transaction is rolled back

    second = _wrapper(tmp_path / "pool.sqlite3")
    second.connect()
    assert second.connection is raw
    assert second.get_autocommit()
    assert second.connection.execute("SELECT count(*) FROM t").fetchone() == (0,)
    second.close()
    close_pooled_connections()


def test_pool_size_zero_closes_as_django_does(tmp_path):
    wrapper = _wrapper(tmp_path / "nopool.sqlite3", pool_size=0)
    wrapper.connect()
    raw = wrapper.connection
    wrapper.close()
    again = _wrapper(tmp_path / "nopool.sqlite3", pool_size=0)
    again.connect()
    assert again.connection is not raw
    again.close()
