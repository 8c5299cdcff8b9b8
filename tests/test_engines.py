"""Engines: DuckDB over the warehouse connection, Spark over Parquet hand-offs."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import duckdb
import pytest

from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import (
    TABLES,
    Engine,
    EngineError,
    Materialized,
    connect,
    to_sql,
)


def _kind_stats(engine: Engine) -> list[tuple[Any, ...]]:
    """Per kind: events, actors, min and max ts as epoch microseconds (aggregates only)."""
    ev = engine.table("events")
    q = ev.group_by("kind").aggregate(
        n=ev.count(),
        actors=ev.actor.nunique(),
        value=ev.value.sum(),
        first=ev.ts.min(),
        last=ev.ts.max(),
    )
    out = []
    for r in engine.collect(q.order_by("kind")).to_pylist():
        first, last = r["first"], r["last"]
        # Spark hands back naive datetimes in the (UTC) session time zone.
        first = first if first.tzinfo else first.replace(tzinfo=UTC)
        last = last if last.tzinfo else last.replace(tzinfo=UTC)
        out.append((r["kind"], r["n"], r["actors"], r["value"], first, last))
    return out


# -- DuckDB ---------------------------------------------------------------------------------
def test_duckdb_engine_reuses_the_warehouse_connection(wh: Warehouse) -> None:
    engine = connect("duckdb", warehouse=wh)
    assert engine.name == "duckdb" and engine.dialect == "duckdb"
    assert engine.backend.con is wh.con  # DuckDB allows one writer: no second connection
    for name in TABLES:
        cols = [r[0] for r in wh.sql(f"DESCRIBE {name}").fetchall()]
        assert engine.table(name).columns == tuple(cols)
    with pytest.raises(EngineError, match="unknown table"):
        engine.table("rejects")
    with pytest.raises(EngineError, match="unknown engine"):
        connect("polars", warehouse=wh)
    with pytest.raises(EngineError, match="spark"):
        connect("duckdb", warehouse=wh, spark_url="local[2]")


def test_duckdb_engine_on_real_data(cardano: Warehouse) -> None:
    engine = connect("duckdb", warehouse=cardano)
    expected = cardano.sql(
        "SELECT kind, count(*), count(DISTINCT actor), sum(value), min(ts), max(ts)"
        " FROM events GROUP BY kind ORDER BY kind"
    ).fetchall()
    assert _kind_stats(engine) == [tuple(r) for r in expected]
    sql = engine.compile(engine.table("events").filter(lambda t: t.kind == "post"))
    assert "events" in sql and "'post'" in sql
    assert "`events`" in to_sql(engine.table("events"), "pyspark")


def test_store_is_one_transaction(wh: Warehouse) -> None:
    wh.sql("CREATE TABLE results (k VARCHAR, n BIGINT, tag VARCHAR)")
    wh.sql("INSERT INTO results VALUES ('old', 1, 'x'), ('keep', 2, 'y')")
    wh.sql(
        "INSERT INTO events (event_id, network, source_id, kind, ts) VALUES"
        " ('t:1', 't', '1', 'post', '2024-01-01'), ('t:2', 't', '2', 'post', '2024-01-02'),"
        " ('t:3', 't', '3', 'reply', '2024-01-02')"
    )
    engine = connect("duckdb", warehouse=wh)
    ev = engine.table("events")
    per_kind = ev.group_by(k=ev.kind).aggregate(n=ev.count())
    seen: list[list[int]] = []
    counts = engine.store(
        [per_kind, per_kind.filter(per_kind.k == "post")],
        "results",
        columns=("k", "n", "tag"),
        select=("k", "n", "?"),
        params=["x"],
        delete_where="tag = ?",
        delete_params=["x"],
        then=lambda con, c: seen.append(list(c)),
    )
    assert counts == [2, 1] and seen == [[2, 1]]
    assert sorted(wh.sql("SELECT * FROM results").fetchall()) == [
        ("keep", 2, "y"), ("post", 2, "x"), ("post", 2, "x"), ("reply", 1, "x"),
    ]
    # A failing insert rolls the delete back too.
    before = sorted(wh.sql("SELECT * FROM results").fetchall())
    with pytest.raises(duckdb.Error):
        engine.store(
            [per_kind], "results", columns=("k", "n", "tag"), select=("k", "no_such", "'z'"),
            delete_where="true",
        )
    assert sorted(wh.sql("SELECT * FROM results").fetchall()) == before


# -- Spark ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_spark_engine_reads_the_warehouse(cardano: Warehouse, spark_session: Any) -> None:
    """Spark sees the same rows and the same instants as DuckDB (UTC session time zone)."""
    duck = connect("duckdb", warehouse=cardano)
    with connect("spark", warehouse=cardano, spark_session=spark_session) as spark:
        assert spark.dialect == "pyspark"
        assert spark_session.conf.get("spark.sql.session.timeZone") == "UTC"
        assert _kind_stats(spark) == _kind_stats(duck)
        for name in TABLES:
            t = spark.table(name)
            assert set(t.columns) == set(duck.table(name).columns)
        stage = spark._stage_dir
        assert stage is not None and any(stage.glob("events-*.parquet"))
    assert not stage.exists()  # close removes the hand-off files


@pytest.mark.slow
def test_spark_engine_refresh(wh: Warehouse, spark_session: Any) -> None:
    wh.sql(
        "INSERT INTO events (event_id, network, source_id, kind, ts)"
        " VALUES ('t:1', 't', '1', 'post', '2024-01-01')"
    )
    with connect("spark", warehouse=wh, spark_session=spark_session) as spark:
        assert spark.collect(spark.table("events").count().as_table()).column(0)[0].as_py() == 1
        wh.sql(
            "INSERT INTO events (event_id, network, source_id, kind, ts)"
            " VALUES ('t:2', 't', '2', 'post', '2024-01-02')"
        )
        # The hand-off is a snapshot of the warehouse until refresh().
        assert spark.collect(spark.table("events").count().as_table()).column(0)[0].as_py() == 1
        spark.refresh()
        assert spark.collect(spark.table("events").count().as_table()).column(0)[0].as_py() == 2


@pytest.mark.slow
def test_spark_materialized_is_eager_and_a_failing_query_raises(
    wh: Warehouse, spark_session: Any
) -> None:
    wh.sql(
        "INSERT INTO events (event_id, network, source_id, kind, ts)"
        " VALUES ('t:1', 't', 'not-a-number', 'post', '2024-01-01')"
    )
    with connect("spark", warehouse=wh, spark_session=spark_session) as spark:
        ev = spark.table("events")
        m = Materialized(spark, ev.select("event_id", "kind"))
        assert m.eager  # a checkpoint (the probe found this session takes one), not a view
        assert spark.collect(m.table.count().as_table()).column(0)[0].as_py() == 1
        m.release()
        # A query that fails is reported when it runs, with Spark's reason; it is not
        # turned into a lazy cached view that fails again later.
        with pytest.raises(EngineError, match=r"(?i)not-a-number|cast"):
            Materialized(spark, ev.select(n=ev.source_id.cast("int64")))
