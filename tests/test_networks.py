"""Scores per network and across networks.

The warehouse here holds two real-format networks over the same months: the Cardano
Stack Exchange dump and a synthetic world (network ``synth``) generated to end on the
dump's last day.  Scores of one network alone (``score --network N``) must be exactly the
scores a warehouse holding only that network computes; the scores across networks are
stored beside them and are never replaced by them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from swaylens.cli import app
from swaylens.errors import WarehouseError
from swaylens.scores import SCORES, Activity, snapshot
from swaylens.synth import generate
from swaylens.warehouse import Warehouse
from swaylens.warehouse.ddl import SCHEMA_VERSION
from swaylens.warehouse.engines import connect

runner = CliRunner()
#: The newest event of the Cardano dump: both networks are scored at it.
AS_OF = datetime(2021, 12, 5, tzinfo=UTC)
SE = "stackexchange"


@pytest.fixture(scope="module")
def two(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("two-networks")
    data = out / "synth"
    generate(data, 20_000, seed=3, end=AS_OF.isoformat(), days=150)
    db = out / "two.duckdb"
    with Warehouse(db) as w:
        w.ingest(SE, [shared / "stackexchange/cardano"])
        w.ingest("table", [data / "identities.parquet", data / "contents", data / "events"])
        w.score(as_of=AS_OF)  # across networks
        w.score(as_of=AS_OF, network=SE)
    return db


def rows(db: Path | Warehouse, network: str | None, table: str = "score_snapshots"
         ) -> dict[tuple[str, ...], tuple[Any, ...]]:
    topic = ", topic" if table == "topic_snapshots" else ""
    q = (f"SELECT score, person_id{topic}, value, percentile, low, high FROM {table}"
         " WHERE as_of = ? AND network IS NOT DISTINCT FROM ?")
    if isinstance(db, Warehouse):
        got = db.sql(q, [AS_OF, network]).fetchall()
    else:
        with duckdb.connect(str(db), read_only=True) as con:
            got = con.execute(q, [AS_OF, network]).fetchall()
    k = 3 if topic else 2
    return {tuple(r[:k]): tuple(r[k:]) for r in got}


def same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    value, pct, low, high = a
    return (
        value == pytest.approx(b[0], rel=1e-9, abs=1e-12) and pct == b[1]
        and (low is None) == (b[2] is None) and (high is None) == (b[3] is None)
        and (low is None or low == pytest.approx(b[2], rel=1e-9, abs=1e-12))
        and (high is None or high == pytest.approx(b[3], rel=1e-9, abs=1e-12))
    )


def test_one_network_alone_is_scored_as_if_it_were_alone(two: Path, cardano: Warehouse) -> None:
    cardano.score(as_of=AS_OF)
    for table in ("score_snapshots", "topic_snapshots"):
        alone, mine = rows(cardano, None, table), rows(two, SE, table)
        assert alone.keys() == mine.keys() and len(alone) > 1000
        assert {k[0] for k in mine} >= ({"engagement", "expertise"} if "topic" in table
                                        else set(SCORES))
        bad = [k for k in alone if not same(mine[k], alone[k])]
        assert not bad, (table, bad[:5], [(alone[k], mine[k]) for k in bad[:5]])


def test_scores_across_networks_are_kept_beside(two: Path) -> None:
    across, mine = rows(two, None), rows(two, SE)
    persons = {p for _, p in across}
    assert any(p.startswith("synth:") for p in persons)
    assert any(p.startswith("stackexchange:") for p in persons)
    assert {p for _, p in mine} < persons
    # The synth world changes the populations: percentiles of the same persons move.
    moved = [k for k in mine if mine[k][1] != across[k][1]]
    assert len(moved) > 100
    with duckdb.connect(str(two), read_only=True) as con:
        runs = con.execute("SELECT network, count(*) FROM score_runs GROUP BY 1 ORDER BY 1"
                           " NULLS FIRST").fetchall()
    assert runs == [(None, len(SCORES)), (SE, len(SCORES))]


def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_read_commands_take_the_network(two: Path) -> None:
    db = str(two)
    mine = rows(two, SE)
    top = _json("--db", db, "top", "--by", "influence", "--network", SE, "--limit", "5",
                "--format", "json")
    assert [r["value"] for r in top] == sorted(
        (v[0] for (s, _), v in mine.items() if s == "influence"), reverse=True)[:5]
    assert all(same((r["value"], r["percentile"], *(r["interval"] or (None, None))),
                    mine[("influence", r["person"])]) for r in top)
    who = top[0]["person"]
    p = _json("--db", db, "person", who, "--network", SE, "--format", "json")
    assert p["network"] == SE and p["as_of"].startswith("2021-12-05")
    assert p["scores"]["influence"]["value"] == top[0]["value"]
    across = _json("--db", db, "person", who, "--format", "json")
    assert across["network"] is None
    assert across["scores"]["reach"]["percentile"] != p["scores"]["reach"]["percentile"] or (
        across["scores"]["influence"]["percentile"] != p["scores"]["influence"]["percentile"])
    h = _json("--db", db, "history", who, "--score", "influence", "--network", SE,
              "--format", "json")
    assert h["network"] == SE and [pt["value"] for pt in h["points"]] == [top[0]["value"]]
    e = _json("--db", db, "explain", who, "--network", SE, "--limit", "2", "--format", "json")
    assert e["scores"]["influence"]["value"] == top[0]["value"]
    assert e["scores"]["activity"]["evidence"], "evidence comes from the network's events"
    # synth has no scores of its own: --network falls back to the scores across networks,
    # among the persons who have an identity there.
    syn = _json("--db", db, "top", "--by", "reach", "--network", "synth", "--limit", "3",
                "--format", "json")
    across_rows = rows(two, None)
    assert syn and all(r["person"].startswith("synth:") for r in syn)
    assert all(r["value"] == across_rows[("reach", r["person"])][0] for r in syn)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["score", "--network", "nowhere"], "no events of network 'nowhere'"),
        (["person", "synth:id:1", "--network", "synth"], "score --network synth"),
    ],
)
def test_network_errors(two: Path, args: list[str], says: str) -> None:
    result = runner.invoke(app, ["--db", str(two), *args])
    assert result.exit_code == 1
    assert says in result.stderr


def test_a_version_3_warehouse_keeps_its_snapshots_as_across_networks(
    tmp_path: Path, shared: Path
) -> None:
    db = tmp_path / "old.duckdb"
    with Warehouse(db) as w:
        w.ingest(SE, [shared / "stackexchange/cardano"])
        engine = connect("duckdb", warehouse=w)
        snapshot(engine, [Activity()], AS_OF)
        engine.close()
        before = rows(w, None)
        # What version 3 was: the snapshot tables without their network column.
        for t in ("score_snapshots", "score_runs", "topic_snapshots"):
            w.sql(f"ALTER TABLE {t} DROP COLUMN network")
        w.sql("UPDATE swaylens_meta SET value = '3' WHERE key = 'schema_version'")
    with pytest.raises(WarehouseError, match="schema version 3"):
        Warehouse(db, read_only=True)
    with Warehouse(db) as w:  # a writable open migrates
        assert w.schema_version == SCHEMA_VERSION
        assert rows(w, None) == before and len(before) > 1000
        assert w.top("activity", limit=1)[0]["value"] == max(v[0] for v in before.values())


@pytest.mark.slow
def test_network_scope_on_spark(two: Path, spark_session: Any) -> None:
    with Warehouse(two, read_only=True) as w:
        duck = connect("duckdb", warehouse=w, network=SE)
        spark = connect("spark", warehouse=w, network=SE, spark_session=spark_session)
        try:
            assert spark.table("events").count().execute() == duck.table("events").count(
            ).execute() > 10_000
            a = {r["person_id"]: r["value"]
                 for r in duck.collect(Activity().compute(duck, AS_OF)).to_pylist()}
            b = {r["person_id"]: r["value"]
                 for r in spark.collect(Activity().compute(spark, AS_OF)).to_pylist()}
        finally:
            spark.close()
            duck.close()
    assert a.keys() == b.keys() and all(p.startswith("stackexchange:") for p in a)
    assert all(b[p] == pytest.approx(v, rel=1e-9, abs=1e-12) for p, v in a.items())


@pytest.mark.slow
def test_validate_one_network_alone_matches_a_warehouse_of_it_alone(
    two: Path, cardano: Warehouse
) -> None:
    d, names = datetime(2021, 9, 1, tzinfo=UTC), ["reach", "influence"]
    with Warehouse(two) as w:
        mine = w.validate(as_of=d, horizon_days=90, scores=names, network=SE)
        across = w.validate(as_of=d, horizon_days=90, scores=names)
    alone = cardano.validate(as_of=d, horizon_days=90, scores=names)
    assert mine["scope"] == SE and alone["scope"] is None is across["scope"]
    assert [n["network"] for n in mine["networks"]] == [SE]
    assert [n["network"] for n in across["networks"]] == [SE, "synth"]

    def rhos(net: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for check in ("concurrent", "forward"):
            c = net[check]
            for kind in ("scores", "baselines"):
                for name, r in c[kind].items():
                    out[(check, kind, name)] = (round(r["rho"], 12), r["n"])
        return out

    assert rhos(mine["networks"][0]) == rhos(alone["networks"][0])
    # Across networks, the synth world's persons change the snapshot: the populations
    # checked on stackexchange are the same, their scores' ranks are not all the same.
    assert rhos(across["networks"][0]).keys() == rhos(alone["networks"][0]).keys()
