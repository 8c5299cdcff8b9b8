"""DuckDB DDL derived from the canonical Arrow schemas, and the schema migrations."""

from __future__ import annotations

import json
from collections.abc import Callable

import duckdb
import pyarrow as pa

from swaylens import schema

#: The schema version this code writes.  Bump it and append a migration to change it.
SCHEMA_VERSION = 8


def duck_type(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t):
        return f"{duck_type(t.value_type)}[]"
    raise TypeError(f"no DuckDB type for {t}")


def columns_sql(s: pa.Schema, extra: str = "") -> str:
    cols = [
        f"{f.name} {duck_type(f.type)}{'' if f.nullable else ' NOT NULL'}" for f in s
    ]
    if extra:
        cols.append(extra)
    return ", ".join(cols)


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"CREATE TABLE identities ({columns_sql(schema.IDENTITIES, 'person_id VARCHAR NOT NULL')})"
    )
    con.execute(f"CREATE TABLE persons ({columns_sql(schema.PERSONS)})")
    con.execute(f"CREATE TABLE contents ({columns_sql(schema.CONTENTS)})")
    con.execute(f"CREATE TABLE events ({columns_sql(schema.EVENTS)})")
    con.execute(f"CREATE TABLE rejects ({columns_sql(schema.REJECTS)})")
    con.execute(
        """
        CREATE TABLE ingests (
            ingest_id VARCHAR NOT NULL, source VARCHAR NOT NULL, path VARCHAR NOT NULL,
            bytes BIGINT, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
            rows_read JSON, rows_added JSON, rejected BIGINT
        )
        """
    )
    # Every merge is logged so that unmerge can restore the exact previous mapping.
    con.execute(
        """
        CREATE TABLE merges (
            merge_id BIGINT NOT NULL, identity_id VARCHAR NOT NULL,
            from_person VARCHAR NOT NULL, to_person VARCHAR NOT NULL,
            merged_at TIMESTAMPTZ NOT NULL, reason VARCHAR, undone BOOLEAN NOT NULL DEFAULT false
        )
        """
    )
    # Saved positions of incremental / live collection, one per (source, key).
    con.execute(
        "CREATE TABLE cursors (source VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR,"
        " updated_at TIMESTAMPTZ)"
    )


#: Score snapshots: one row per (as_of, score, person), history kept across dates.
SNAPSHOT_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS score_snapshots (
        as_of TIMESTAMPTZ NOT NULL,
        score VARCHAR NOT NULL,
        person_id VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        percentile INTEGER NOT NULL,
        low DOUBLE,
        high DOUBLE,
        components JSON
    )
    """,
    # One row per (as_of, score) computed: the parameters and the engine, so that every
    # stored number can be reproduced.
    """
    CREATE TABLE IF NOT EXISTS score_runs (
        as_of TIMESTAMPTZ NOT NULL,
        score VARCHAR NOT NULL,
        params JSON,
        engine VARCHAR,
        persons BIGINT,
        computed_at TIMESTAMPTZ
    )
    """,
)


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in SNAPSHOT_DDL:
        con.execute(ddl)


#: Per-topic score snapshots (engagement, expertise): one row per (as_of, score, person,
#: topic); ``percentile`` is within (as_of, score, topic).
TOPIC_SNAPSHOT_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS topic_snapshots (
        as_of TIMESTAMPTZ NOT NULL,
        score VARCHAR NOT NULL,
        person_id VARCHAR NOT NULL,
        topic VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        percentile INTEGER NOT NULL,
        low DOUBLE,
        high DOUBLE,
        components JSON
    )
    """,
)


def _v3(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in TOPIC_SNAPSHOT_DDL:
        con.execute(ddl)


#: The network a snapshot was computed on, in each snapshot table: NULL for every network
#: (the default, and what every earlier snapshot was), else the one network whose events
#: and contents alone it used (``swaylens score --network N``).
NETWORK_DDL: tuple[str, ...] = tuple(
    f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS network VARCHAR"
    for t in ("score_snapshots", "score_runs", "topic_snapshots")
)


def _v4(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in NETWORK_DDL:
        con.execute(ddl)


#: The registry of score states (``scores/state.py``): one row per state, keyed by its
#: score, parameters and network scope; ``parts`` maps each part to its table, ``ref`` is
#: the reference time of its decayed sums and ``persons`` the version of the identity ->
#: person mapping it was built with.  Ingest sets ``stale`` when it adds rows dated at or
#: before ``watermark``.
STATES_TABLE = "score_states"
STATES_DDL = f"""
    CREATE TABLE IF NOT EXISTS {STATES_TABLE} (
        key VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        network VARCHAR,
        params JSON,
        watermark TIMESTAMPTZ NOT NULL,
        ref TIMESTAMPTZ NOT NULL,
        parts JSON NOT NULL,
        persons VARCHAR NOT NULL,
        stale BOOLEAN NOT NULL,
        updated_at TIMESTAMPTZ
    )
"""


def _v5(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(STATES_DDL)


def _v6(con: duckdb.DuckDBPyConnection) -> None:
    # Score states are caches of the events: the states of version 5 are dropped (their
    # parts and keys changed: resonance and influence share one responses state) and
    # the next snapshot builds them again.
    for (parts,) in con.execute(f"SELECT parts::VARCHAR FROM {STATES_TABLE}").fetchall():
        for table in json.loads(parts).values():
            con.execute(f'DROP TABLE IF EXISTS "{table}"')
    con.execute(f"DELETE FROM {STATES_TABLE}")


def _v7(con: duckdb.DuckDBPyConnection) -> None:
    # The layout of a state's parts (``scores/state.py``): a state whose layout is not
    # the one its score now declares is rebuilt.  States stored before have none (NULL),
    # so each is rebuilt once by its next snapshot.
    con.execute(f"ALTER TABLE {STATES_TABLE} ADD COLUMN IF NOT EXISTS layout INTEGER")


#: Components as typed lists (schema version 8): in both snapshot tables, ``measures``
#: holds a row's numeric components and ``labels`` its text ones, in the order that
#: ``score_runs.measures`` (per-person rows) and ``score_runs.topic_measures`` (per-topic
#: rows) give once per (date, score): ``[[name, "int" | "float" | "bool" | "text", i],
#: ...]``,
#: ``i`` the 1-based position in its list.  Writing the components as JSON text took most
#: of a snapshot's inserts: at 10^8 events, influence's 1M rows took 1.52 s with JSON and
#: 0.55 s as lists, engagement's 10M per-topic rows 4.4 s and 2.7 s.  ``components`` stays
#: for the rows stored before.  The views ``score_snapshots_json`` and
#: ``topic_snapshots_json`` give every row its ``components`` as JSON again, old or new,
#: for readers and SQL users alike.
def _json_view(view: str, table: str, layout: str, keys: str) -> str:
    return f"""
    CREATE VIEW IF NOT EXISTS {view} AS
    SELECT {keys}, t.value, t.percentile, t.low, t.high,
        coalesce(t.components, to_json(map_from_entries([
            {{'k': e[1], 'v': CASE e[2]
                WHEN 'text' THEN to_json(t.labels[e[3]::INTEGER])
                WHEN 'int' THEN to_json(t.measures[e[3]::INTEGER]::BIGINT)
                WHEN 'bool' THEN to_json(t.measures[e[3]::INTEGER]::BOOLEAN)
                ELSE to_json(t.measures[e[3]::INTEGER]) END}}
            for e in r.{layout}::VARCHAR[][]
        ]))) AS components,
        t.network
    FROM {table} t LEFT JOIN score_runs r
        ON r.as_of = t.as_of AND r.score = t.score AND r.network IS NOT DISTINCT FROM t.network
    """


COMPONENTS_DDL: tuple[str, ...] = (
    *(
        f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c}"
        for t in ("score_snapshots", "topic_snapshots")
        for c in ("measures DOUBLE[]", "labels VARCHAR[]")
    ),
    "ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS measures JSON",
    "ALTER TABLE score_runs ADD COLUMN IF NOT EXISTS topic_measures JSON",
    _json_view("score_snapshots_json", "score_snapshots", "measures",
               "t.as_of, t.score, t.person_id"),
    _json_view("topic_snapshots_json", "topic_snapshots", "topic_measures",
               "t.as_of, t.score, t.person_id, t.topic"),
)


def _v8(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in COMPONENTS_DDL:
        con.execute(ddl)


#: MIGRATIONS[i] moves a warehouse from version i to version i + 1.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    _v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8
]
assert len(MIGRATIONS) == SCHEMA_VERSION
