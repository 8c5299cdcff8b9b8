"""Shared fixtures: the real datasets in ../shared/data and fresh warehouses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swaylens.warehouse import Warehouse

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
