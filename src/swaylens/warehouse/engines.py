"""Compute engines: where Ibis expressions over the canonical tables run.

All scoring is written once, as Ibis expressions over the canonical tables (``events``,
``contents``, ``identities``, ``persons``).  An :class:`Engine` decides where they run:

* ``duckdb`` (the default): in-process, over the warehouse file itself.  The engine reuses
  the :class:`~swaylens.warehouse.Warehouse`'s connection: DuckDB allows one writer
  process, and a second connection to the same file from this process would be refused.
* ``spark``: Apache Spark through PySpark, ``local[*]`` by default, or a cluster given by a
  ``spark://`` (classic) or ``sc://`` (Spark Connect) URL.  The canonical tables are handed
  over as files: DuckDB writes each one to Parquet (``COPY ... TO ... (FORMAT parquet)``)
  and Spark reads the files; nothing event-level passes through the Python driver.  The
  Spark engine therefore sees the warehouse as it was when a table was first used;
  :meth:`Engine.refresh` exports again.  On a cluster, ``stage_dir`` must be a directory
  that both this machine and the executors can read (a shared mount).

Only aggregated results come back to Python (:meth:`Engine.collect`, :meth:`Engine.store`):
one row per person, or a handful of numbers.  Never ``collect`` an event-level expression.

The Spark session is configured for parity with DuckDB: the session time zone is UTC (so
``TIMESTAMPTZ`` values mean the same instant on both sides) and ``spark.sql.shuffle.partitions``
is small (4 by default), which suits single-machine runs; raise it on a cluster.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

import ibis
import pyarrow as pa

from swaylens.errors import SwaylensError
from swaylens.warehouse.core import Warehouse

#: The canonical tables an engine exposes.
TABLES: tuple[str, ...] = ("events", "contents", "identities", "persons")
#: The tables an engine bound to one network restricts to it.
NETWORK_TABLES: tuple[str, ...] = ("events", "contents")

EngineName = Literal["duckdb", "spark"]
ENGINES: tuple[str, ...] = ("duckdb", "spark")

#: Spark settings of every session swaylens creates.  (Ibis also sets the UTC time zone on
#: any session it is given.)
SPARK_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}


#: Extra settings for small data (tests, demos): compiling generated Java code costs more
#: than it saves on a few thousand rows, and adaptive planning adds a pass per stage.
SPARK_SMALL_DATA_CONF: dict[str, str] = {
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
    "spark.sql.adaptive.enabled": "false",
}


class EngineError(SwaylensError):
    """The engine could not be created or could not run a query."""


class Engine:
    """An Ibis backend bound to one warehouse.

    Use :func:`connect` to create one.  ``engine.table("events")`` gives an Ibis table;
    expressions built on it run on this engine.
    """

    def __init__(
        self,
        name: EngineName,
        backend: Any,
        warehouse: Warehouse,
        *,
        session: Any = None,
        stage_dir: Path | None = None,
        owns_stage_dir: bool = False,
        network: str | None = None,
    ) -> None:
        self.name: EngineName = name
        self.backend = backend
        self.warehouse = warehouse
        #: The one network whose events and contents :meth:`table` shows (None: all).
        self.network = network
        self.session = session
        self._stage_dir = stage_dir
        self._owns_stage_dir = owns_stage_dir
        self._tables: dict[str, Any] = {}
        #: Spark views of stored snapshots (:meth:`stored`), dropped by :meth:`close`.
        self._views: list[str] = []
        if owns_stage_dir and stage_dir is not None:
            # Also removed when an engine that was never closed is garbage-collected.
            weakref.finalize(self, shutil.rmtree, stage_dir, ignore_errors=True)

    # -- tables -------------------------------------------------------------------------
    @property
    def dialect(self) -> str:
        """The SQL dialect of the backend (``duckdb`` or ``pyspark``)."""
        return "duckdb" if self.name == "duckdb" else "pyspark"

    def table(self, name: str) -> ibis.Table:
        """The canonical table ``name`` (events, contents, identities, persons).

        On an engine bound to one ``network``, ``events`` and ``contents`` hold that
        network's rows only; identities and persons are whole, so attribution to persons
        is the same as across networks.
        """
        if name not in TABLES:
            raise EngineError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
        if name not in self._tables:
            if self.name == "duckdb":
                t = self.backend.table(name)
                if self.network is not None and name in NETWORK_TABLES:
                    t = t.filter(t.network == self.network)
                self._tables[name] = t
            else:
                self._tables[name] = self._spark_table(name)
        return self._tables[name]

    def _spark_table(self, name: str) -> Any:
        assert self._stage_dir is not None
        # A fresh file name per export: Spark caches file listings per path.
        target = self._stage_dir / f"{name}-{uuid.uuid4().hex[:8]}.parquet"
        where = ""
        if self.network is not None and name in NETWORK_TABLES:
            where = f" WHERE network = '{_sql_str(self.network)}'"
        self.warehouse.con.execute(
            f"COPY (SELECT * FROM {name}{where}) TO '{_sql_str(str(target))}' (FORMAT parquet)"
        )
        df = self.session.read.parquet(str(target))
        df.createOrReplaceTempView(name)
        return self.backend.table(name)

    def stored(self, score: str, as_of: datetime) -> ibis.Table:
        """The stored snapshot of ``score`` at ``as_of`` (of this engine's ``network``):
        ``person_id, value`` per person.

        Person-level rows only (a million at most for a million persons), read from
        ``score_snapshots``; on Spark they are handed over as a Parquet file, like the
        canonical tables.  Scores use it to start from an earlier result, never as input.
        """
        as_of = as_of.astimezone(UTC)
        if self.name == "duckdb":
            t = self.backend.table("score_snapshots")
            t = t.filter(t.score == score, t.as_of == ibis.literal(as_of), self.in_scope(t))
            return t.select("person_id", "value")
        mine_sql = (
            "network IS NULL" if self.network is None
            else f"network = '{_sql_str(self.network)}'"
        )
        sql = (
            "SELECT person_id, value FROM score_snapshots"
            f" WHERE score = '{_sql_str(score)}'"
            f" AND as_of = '{as_of.isoformat()}'::TIMESTAMPTZ AND {mine_sql}"
        )
        assert self._stage_dir is not None
        target = self._stage_dir / f"stored-{uuid.uuid4().hex[:8]}.parquet"
        self.warehouse.con.execute(f"COPY ({sql}) TO '{_sql_str(str(target))}' (FORMAT parquet)")
        view = f"_swaylens_stored_{uuid.uuid4().hex[:8]}"
        self.session.read.parquet(str(target)).createOrReplaceTempView(view)
        self._views.append(view)
        return self.backend.table(view)

    def in_scope(self, snapshots: ibis.Table) -> ibis.Value:
        """The rows of a snapshot table (``network`` column) this engine computes: those
        of its network, or across networks (``network`` NULL)."""
        if self.network is None:
            return snapshots.network.isnull()
        return snapshots.network == self.network

    def refresh(self) -> None:
        """Forget the loaded tables, so that the next use sees the warehouse as it is now."""
        self._tables.clear()

    # -- results ------------------------------------------------------------------------
    def compile(self, expr: ibis.Expr) -> str:
        """The SQL this engine runs for ``expr``."""
        return str(self.backend.compile(expr))

    def collect(self, expr: ibis.Expr) -> pa.Table:
        """Run ``expr`` and return its rows as Arrow.  Only for aggregated results."""
        try:
            return self.backend.to_pyarrow(expr)
        except Exception as e:  # the backends raise their own error types
            raise EngineError(f"{self.name}: query failed: {e}") from e

    def store(
        self,
        exprs: Sequence[ibis.Table],
        table: str,
        *,
        columns: Sequence[str],
        select: Sequence[str] | Sequence[Sequence[str]] | None = None,
        params: Sequence[Any] = (),
        delete_where: str | None = None,
        delete_params: Sequence[Any] = (),
        then: Callable[[Any, list[int]], None] | None = None,
    ) -> list[int]:
        """Insert the rows of each of ``exprs`` into the warehouse table ``table``.

        ``columns`` names the target columns; ``select`` gives one DuckDB SQL expression
        per column over each result (default: the same names), or a list of those, one
        per expression, with ``?`` placeholders bound from ``params``.  ``delete_where``
        (bound from ``delete_params``) first removes rows.  ``then(connection, counts)``
        may write more rows.  The delete, the inserts and ``then`` are one transaction.
        Returns the number of rows inserted per expression.

        On DuckDB a result never leaves the database (``INSERT ... SELECT``).  On Spark
        each result, which must be aggregated (one row per person at most), is collected
        as Arrow and written to the warehouse.
        """
        con = self.warehouse.con
        if select is None:
            sels = [", ".join(columns)] * len(exprs)
        elif all(isinstance(x, str) for x in select):
            sels = [", ".join(cast("Sequence[str]", select))] * len(exprs)
        else:
            sels = [", ".join(x) for x in select]
            if len(sels) != len(exprs):
                raise EngineError(f"{len(sels)} select lists for {len(exprs)} results")
        cols = ", ".join(columns)
        counts: list[int] = []
        with self.sources(exprs) as sources:
            con.begin()
            try:
                if delete_where:
                    con.execute(f"DELETE FROM {table} WHERE {delete_where}", list(delete_params))
                for source, sel in zip(sources, sels, strict=True):
                    row = con.execute(
                        f"INSERT INTO {table} ({cols}) SELECT {sel} FROM {source} AS _r",
                        list(params),
                    ).fetchone()
                    counts.append(int(row[0]) if row else 0)
                if then is not None:
                    then(con, counts)
                con.commit()
            except BaseException:
                con.rollback()
                raise
        return counts

    @contextlib.contextmanager
    def sources(self, exprs: Sequence[ibis.Table]) -> Iterator[list[str]]:
        """SQL sources over the warehouse connection, one per result of ``exprs``, for
        writes in the warehouse (``INSERT ... SELECT ... FROM source``) while the context
        lasts.

        On DuckDB a source is the result's own SQL (a subquery: nothing leaves the
        database).  On Spark each result, which must be aggregated, is collected as Arrow
        now, before any transaction opens, and registered as a view until the end.
        """
        con = self.warehouse.con
        sources: list[str] = []
        views: list[str] = []
        try:
            for expr in exprs:
                if self.name == "duckdb":
                    sources.append(f"({self.compile(expr)})")
                else:
                    view = f"_swaylens_result_{uuid.uuid4().hex[:8]}"
                    con.register(view, self.collect(expr))
                    views.append(view)
                    sources.append(view)
            yield sources
        finally:
            for view in views:
                con.unregister(view)

    # -- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        """Release what this engine holds (staged files); the warehouse stays open.

        A Spark session is left running, because creating one is slow; see
        :func:`stop_spark`.
        """
        if self.name == "spark" and self.session is not None:
            for name in [*self._tables, *self._views]:
                with contextlib.suppress(Exception):
                    self.session.catalog.dropTempView(name)
        self._tables.clear()
        self._views.clear()
        if self._owns_stage_dir and self._stage_dir is not None:
            shutil.rmtree(self._stage_dir, ignore_errors=True)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = "" if self.network is None else f", network={self.network!r}"
        return f"Engine({self.name!r}, warehouse={str(self.warehouse.path)!r}{where})"


def connect(
    engine: str = "duckdb",
    *,
    warehouse: Warehouse,
    spark_url: str | None = None,
    spark_session: Any = None,
    stage_dir: str | Path | None = None,
    shuffle_partitions: int = 4,
    network: str | None = None,
) -> Engine:
    """An :class:`Engine` of kind ``engine`` (``duckdb`` or ``spark``) over ``warehouse``.

    Spark options: ``spark_url`` (``local[*]`` when None; ``spark://host:port`` for a
    standalone cluster, ``sc://host:port`` for Spark Connect), or an existing
    ``spark_session``; ``stage_dir`` where the canonical tables are written as Parquet
    for Spark (a temporary directory, removed on :meth:`Engine.close`, when None);
    ``shuffle_partitions`` for ``spark.sql.shuffle.partitions``.

    ``network`` binds the engine to one network: its ``events`` and ``contents`` are that
    network's alone, so every score computed on it is the score on that network.
    """
    if engine == "duckdb":
        if spark_url is not None or spark_session is not None:
            raise EngineError("spark_url / spark_session only apply to --engine spark")
        return Engine(
            "duckdb", ibis.duckdb.from_connection(warehouse.con), warehouse, network=network
        )
    if engine == "spark":
        session = spark_session or spark_session_for(spark_url, shuffle_partitions)
        try:
            backend = ibis.pyspark.connect(session)
        except ImportError as e:  # pragma: no cover - depends on the installed extras
            raise EngineError(
                "the Spark engine needs the spark extra: pip install 'swaylens[spark]'"
            ) from e
        with contextlib.suppress(Exception):  # fixed on a cluster / Spark Connect server
            session.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
        if stage_dir is None:
            path = Path(tempfile.mkdtemp(prefix="swaylens-spark-"))
            owns = True
        else:
            path = Path(stage_dir)
            path.mkdir(parents=True, exist_ok=True)
            owns = False
        return Engine(
            "spark", backend, warehouse, session=session, stage_dir=path, owns_stage_dir=owns,
            network=network,
        )
    raise EngineError(f"unknown engine {engine!r}; known engines: {', '.join(ENGINES)}")


def spark_session_for(
    url: str | None = None,
    shuffle_partitions: int = 4,
    conf: dict[str, str] | None = None,
) -> Any:
    """Get or create the Spark session for ``url`` (``local[*]`` when None).

    ``conf`` adds or overrides Spark settings (:data:`SPARK_CONF` is the base).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:  # pragma: no cover - depends on the installed extras
        raise EngineError(
            "the Spark engine needs PySpark: pip install 'swaylens[spark]'"
        ) from e
    conf = {
        **SPARK_CONF, "spark.sql.shuffle.partitions": str(shuffle_partitions), **(conf or {})
    }
    if url is not None and url.startswith("sc://"):
        builder = SparkSession.builder.remote(url)
    else:
        builder = SparkSession.builder.master(url or "local[*]")
    builder = builder.appName("swaylens")
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as e:  # Java missing, cluster unreachable, ...
        raise EngineError(f"cannot start Spark ({url or 'local[*]'}): {e}") from e
    with contextlib.suppress(Exception):  # not available over Spark Connect
        session.sparkContext.setLogLevel("ERROR")
    # getOrCreate may return an existing session: make sure the settings hold where they
    # can change at runtime (the SQL ones can; spark.ui.* cannot, and is skipped).
    for key, value in conf.items():
        if key.startswith("spark.sql."):
            with contextlib.suppress(Exception):
                session.conf.set(key, value)
    return session


def stop_spark() -> None:
    """Stop the active Spark session, if any."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover
        return
    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()


def to_sql(expr: ibis.Expr, dialect: str = "duckdb") -> str:
    """The SQL of ``expr`` in ``dialect`` (``duckdb`` or ``pyspark``), without running it."""
    if dialect == "pyspark":
        # The first access to ibis.pyspark registers the backend's compiler options.
        ibis.pyspark  # noqa: B018
    return str(ibis.to_sql(expr, dialect=dialect))


def _sql_str(s: str) -> str:
    return s.replace("'", "''")


_NO_CHECKPOINT = object()
_LEVEL = "_checkpoint_level"


def _checkpoint_level(engine: Engine) -> Any:
    """The storage level of this Spark session's checkpoints: on disk where the server
    takes a level, None (its default) where it takes none, or ``_NO_CHECKPOINT`` where
    it has no checkpoints (some Spark Connect servers).

    Probed once per engine on a one-row frame, so that a query that really fails runs
    once and raises, instead of being retried with each fallback.
    """
    if _LEVEL not in engine.__dict__:
        from pyspark import StorageLevel

        found: Any = _NO_CHECKPOINT
        # On disk, not in memory: a snapshot's steps and results would otherwise hold
        # Spark's storage memory, which aggregations then cannot borrow (a 1 GB local
        # driver fails with "No enough memory for aggregation"), and ``unpersist`` does
        # not free a checkpoint's blocks before the JVM collects them.
        for level in (StorageLevel.DISK_ONLY, None):
            try:
                engine.session.range(1).localCheckpoint(eager=True, storageLevel=level)
            except Exception:  # this server does not take it: try the next
                continue
            found = level
            break
        engine.__dict__[_LEVEL] = found
    return engine.__dict__[_LEVEL]


class Materialized:
    """An expression computed once and kept by the engine, read back as a table.

    On DuckDB it is Ibis' ``Table.cache()``: a temporary table.  On Spark it is an eager
    ``localCheckpoint()`` on disk behind a temporary view: a cached view (``Table.cache()``)
    keeps its whole lineage, so the plan of step ``k`` nests every earlier step and
    analysing it grows slower with each iteration; a checkpoint cuts the lineage.  Where
    checkpoints are unavailable (some Spark Connect servers) it falls back to
    ``Table.cache()``.

    The table of :attr:`table` stays valid until :meth:`release`, or until the last
    expression that refers to it is garbage-collected (DuckDB) or the session ends (Spark).
    """

    def __init__(
        self, engine: Engine, expr: ibis.Table, *, cluster_by: str | None = None
    ) -> None:
        """``cluster_by``: on DuckDB, store the rows in that column's order, so that each
        key's rows lie together when a later query groups by it; the group by's hash
        table is then read in runs, not at random (with a million groups it no longer
        fits in the CPU caches).  A physical hint only: Spark's shuffle regroups rows by
        key anyway, so there it is ignored."""
        self._df: Any = None
        self._view: str | None = None
        self._session = engine.session
        #: Whether the rows exist now (DuckDB's temporary table, a Spark checkpoint), so
        #: the tables ``expr`` read may be released; a cached Spark view is lazy.
        self.eager = engine.name != "spark"
        if engine.name == "spark":
            level = _checkpoint_level(engine)
            if level is not _NO_CHECKPOINT:
                sql = engine.compile(expr)
                try:
                    df = engine.session.sql(sql).localCheckpoint(eager=True, storageLevel=level)
                except Exception as e:  # Spark's own error types; the probe passed
                    raise EngineError(f"spark: query failed: {e}") from e
                self._view = f"_swaylens_m_{uuid.uuid4().hex[:12]}"
                df.createOrReplaceTempView(self._view)
                self._df = df
                self.eager = True
                self.table: ibis.Table = engine.backend.table(self._view)
                return
        if cluster_by is not None and engine.name != "spark":
            expr = expr.order_by(cluster_by)
        self.table = expr.cache()

    def release(self) -> None:
        """Drop the materialised rows (no table built on it may be used afterwards)."""
        if self._view is not None:
            with contextlib.suppress(Exception):
                self._session.catalog.dropTempView(self._view)
            with contextlib.suppress(Exception):
                self._df.unpersist()
            self._view = None
        elif isinstance(self.table, ibis.expr.types.CachedTable):
            self.table.release()
