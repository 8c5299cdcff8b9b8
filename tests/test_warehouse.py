"""The warehouse: schema versions, transactional ingest, re-ingest and kill -9 safety."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from swaylens.errors import IngestError, WarehouseError
from swaylens.warehouse import Warehouse
from swaylens.warehouse.ddl import SCHEMA_VERSION

HIGGS = "twitter-higgs/higgs-activity_time.txt.gz"


def _table_dump(wh: Warehouse) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for t in ("persons", "identities", "contents", "events", "rejects"):
        out[t] = sorted(map(tuple, wh.sql(f"SELECT * FROM {t}").fetchall()), key=repr)
    return out


def test_new_warehouse_has_current_schema(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.schema_version == SCHEMA_VERSION
        for t in ("persons", "identities", "contents", "events", "rejects", "ingests",
                  "merges", "cursors"):
            assert wh.count(t) == 0
    # Reopening does not migrate twice.
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.schema_version == SCHEMA_VERSION


def test_read_only_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="no warehouse here"):
        Warehouse(tmp_path / "absent.duckdb", read_only=True)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Warehouse(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE swaylens_meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(WarehouseError, match="newer than this swaylens"):
        Warehouse(path)


def test_missing_input_path(wh: Warehouse, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        wh.ingest("snap", [tmp_path / "nope.txt"])


def test_bad_line_commits_nothing_of_that_file(wh: Warehouse, tmp_path: Path,
                                                shared: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("1 2 1341100972 RT\n3 4 1341100973 MT\n")
    bad = tmp_path / "bad.txt"
    with gzip.open(shared / HIGGS, "rt") as fh:
        lines = fh.read().splitlines()[:5000]
    lines[4321] = "1 2 notatime RT"
    bad.write_text("\n".join(lines) + "\n")
    wh.ingest("snap", [good])
    before = _table_dump(wh)
    with pytest.raises(IngestError) as exc:
        wh.ingest("snap", [bad])
    assert exc.value.line == 4322
    assert str(bad) in str(exc.value)
    assert _table_dump(wh) == before


def test_reingest_changes_nothing(wh: Warehouse, shared: Path) -> None:
    wh.ingest("cascades", [shared / "cascades/christianity"])
    before = _table_dump(wh)
    report = wh.ingest("cascades", [shared / "cascades/christianity"])
    assert all(v == 0 for v in report.added.values())
    assert _table_dump(wh) == before


_CHILD = textwrap.dedent(
    """
    import sys
    from swaylens.warehouse import Warehouse
    wh = Warehouse(sys.argv[1])
    seen = 0
    def progress(nbytes, nrows, file):
        global seen
        seen += nrows
        print(seen, flush=True)
    wh.ingest("snap", [sys.argv[2]], progress=progress)
    print("DONE", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_rows", [1, 200_000, 450_000])
def test_kill_9_mid_ingest_leaves_warehouse_consistent(
    tmp_path: Path, shared: Path, kill_after_rows: int
) -> None:
    """SIGKILL an ingest mid-write; the warehouse must reopen with only committed data."""
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        wh.ingest("cascades", [shared / "cascades/christianity"])
        committed = _table_dump(wh)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(db), str(shared / HIGGS)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    killed = False
    for line in child.stdout:
        if line.strip() == "DONE":
            break
        if int(line) >= kill_after_rows:
            os.kill(child.pid, signal.SIGKILL)
            killed = True
            break
    child.wait()
    assert killed, "the ingest finished before it could be killed"
    assert child.returncode == -signal.SIGKILL
    # The warehouse reopens, holds exactly what was committed before, and no staging.
    with Warehouse(db) as wh:
        assert _table_dump(wh) == committed
        assert wh.count("ingests") == 1
        # ...and the interrupted ingest can simply be run again.
        report = wh.ingest("snap", [shared / HIGGS])
        with gzip.open(shared / HIGGS, "rt") as fh:
            lines = sum(1 for line in fh if line.strip())
        assert wh.count("events", "network = 'twitter'") == lines
        assert report.added["events"] == lines
