"""Shared fixtures: the real datasets in ../shared/data and fresh warehouses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from canonical import Rows
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import SPARK_SMALL_DATA_CONF, spark_session_for

ROOT = Path(__file__).resolve().parent.parent
#: ``../shared/data`` beside the checkout, as CI lays it; SWAYLENS_SHARED_DATA overrides it
#: (for a clone made elsewhere, e.g. under /tmp).
SHARED = Path(os.environ.get("SWAYLENS_SHARED_DATA") or ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared/data``: the real datasets.  Tests fail (not skip) when it is missing."""
    assert SHARED.is_dir(), f"real datasets not found at {SHARED}"
    return SHARED


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    """A fresh warehouse in a real DuckDB file."""
    w = Warehouse(tmp_path / "test.duckdb")
    yield w
    w.close()


@pytest.fixture
def mem() -> Iterator[Warehouse]:
    """An in-memory warehouse: hand-written rows go in one statement at a time."""
    w = Warehouse(":memory:")
    yield w
    w.close()


@pytest.fixture
def rows(mem: Warehouse) -> Rows:
    """Hand-written canonical rows into ``mem``."""
    return Rows(mem)


@pytest.fixture(scope="module")
def cardano(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The real Cardano dump in a warehouse of its own, once per test module."""
    w = Warehouse(tmp_path_factory.mktemp("cardano") / "cardano.duckdb")
    w.ingest("stackexchange", [shared / "stackexchange/cardano"])
    yield w
    w.close()


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """One local Spark session for the whole test run (getOrCreate shares it)."""
    session = spark_session_for(None, shuffle_partitions=2, conf=SPARK_SMALL_DATA_CONF)
    yield session
    session.stop()
