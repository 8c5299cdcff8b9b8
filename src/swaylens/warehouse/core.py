"""The warehouse: one embedded DuckDB file holding the canonical tables.

:class:`Warehouse` is the one core object.  The CLI and (later) the API are thin layers
over its methods: :meth:`Warehouse.ingest`, :meth:`Warehouse.stats`, the identity
methods, and so on.

Ingestion is transactional per input: the adapter's rows are staged in temporary tables
inside one transaction, then merged into the canonical tables with an anti-join on their
keys, so a file lands whole or not at all, and re-ingesting it adds nothing.  DuckDB's
write-ahead log makes an interrupted transaction (even ``kill -9``) vanish on reopen.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from swaylens import schema
from swaylens.errors import IngestError, SwaylensError, WarehouseError
from swaylens.sources import get_source
from swaylens.sources.base import Sink
from swaylens.warehouse.ddl import MIGRATIONS, SCHEMA_VERSION, STATES_TABLE, columns_sql

DEFAULT_DB = "swaylens.duckdb"
#: The most snapshots one ``score(since=...)`` call computes (ten years of days).
MAX_SERIES = 3660
ENV_DB = "SWAYLENS_DB"

#: (bytes advanced, rows added, file being read)
IngestProgress = Callable[[int, int, str], None]


def default_db_path() -> Path:
    """``$SWAYLENS_DB`` if set, else ``./swaylens.duckdb``."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


@dataclass
class FileReport:
    """What one input added to the warehouse."""

    path: str
    source: str
    read: dict[str, int]
    added: dict[str, int]
    rejected: int
    seconds: float
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def rows_read(self) -> int:
        return sum(self.read.values())


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def added(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            for k, v in f.added.items():
                out[k] = out.get(k, 0) + v
        return out

    @property
    def read(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            for k, v in f.read.items():
                out[k] = out.get(k, 0) + v
        return out

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)


class Warehouse:
    """An embedded DuckDB warehouse in the canonical schema.

    Parameters
    ----------
    path:
        The DuckDB file (created if missing).  Default: ``$SWAYLENS_DB`` or
        ``./swaylens.duckdb``.  ``":memory:"`` gives a throw-away warehouse.
    read_only:
        Open without write access, so many readers can share the file.
    memory_limit:
        DuckDB's memory limit, e.g. ``"4GB"``; DuckDB spills to disk beyond it.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        config: dict[str, Any] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if read_only and str(self.path) != ":memory:" and not self.path.exists():
            raise WarehouseError(f"{self.path}: no warehouse here (run `swaylens ingest` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=config)
        except duckdb.Error as e:
            raise WarehouseError(f"{self.path}: cannot open warehouse: {e}") from None
        # All times are UTC, whatever the machine's zone; DuckDB's own progress bar would
        # print beside ours.
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET enable_progress_bar = false")
        if not read_only:
            self._migrate()
        else:
            self._check_version()

    # -- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        row = self.con.execute(
            "SELECT value FROM swaylens_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS swaylens_meta (key VARCHAR, value VARCHAR)")
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise WarehouseError(
                f"{self.path}: schema version {version} is newer than this swaylens"
                f" ({SCHEMA_VERSION}); upgrade swaylens"
            )
        for v in range(version, SCHEMA_VERSION):
            self.con.begin()
            try:
                MIGRATIONS[v](self.con)
                self.con.execute("DELETE FROM swaylens_meta WHERE key = 'schema_version'")
                self.con.execute(
                    "INSERT INTO swaylens_meta VALUES ('schema_version', ?)", [str(v + 1)]
                )
                self.con.commit()
            except BaseException:
                self.con.rollback()
                raise

    def _check_version(self) -> None:
        try:
            version = self.schema_version
        except duckdb.CatalogException:
            version = 0
        if version != SCHEMA_VERSION:
            raise WarehouseError(
                f"{self.path}: schema version {version}, expected {SCHEMA_VERSION};"
                " open it once for writing to migrate"
            )

    # -- queries ------------------------------------------------------------------------
    def sql(self, query: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Run SQL on the warehouse connection (for tools, tests and notebooks)."""
        return self.con.execute(query, params or [])

    def count(self, table: str, where: str = "true") -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()
        assert row is not None
        return int(row[0])

    # -- ingest -------------------------------------------------------------------------
    def ingest(
        self,
        source: str,
        paths: Iterable[str | Path],
        *,
        skip_bad: bool = False,
        progress: IngestProgress | None = None,
        options: dict[str, Any] | None = None,
    ) -> IngestReport:
        """Ingest each path with the adapter ``source``; each path in its own transaction.

        Raises :class:`IngestError` on bad input (nothing of that path is committed; paths
        before it stay committed).  With ``skip_bad`` bad rows go to ``rejects`` instead.
        """
        adapter = get_source(source, **(options or {}))
        report = IngestReport()
        for p in paths:
            path = Path(p)
            if not path.exists():
                raise IngestError(path, "no such file or directory")
            report.files.append(self._ingest_one(adapter, source, path, skip_bad, progress))
        return report

    def _ingest_one(
        self,
        adapter: Any,
        source: str,
        path: Path,
        skip_bad: bool,
        progress: IngestProgress | None,
    ) -> FileReport:
        ingest_id = uuid.uuid4().hex
        started = datetime.now(UTC)
        t0 = time.perf_counter()
        con = self.con
        staged: dict[str, str] = {}

        def stage(table: str) -> str:
            if table not in staged:
                name = f"stage_{table}"
                s = schema.REJECTS if table == "rejects" else schema.CANONICAL[table]
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({columns_sql(s)})")
                staged[table] = name
            return staged[table]

        def writer(table: str, batch: pa.Table) -> None:
            target = stage(table)
            con.register("_swaylens_batch", batch)
            try:
                con.execute(f"INSERT INTO {target} SELECT * FROM _swaylens_batch")
            finally:
                con.unregister("_swaylens_batch")

        def on_progress(nbytes: int, rows: int) -> None:
            if progress is not None:
                progress(nbytes, rows, str(path))

        sink = Sink(
            writer, file=path, ingest_id=ingest_id, skip_bad=skip_bad, progress=on_progress
        )
        sink.stage_table = stage  # adapters that let DuckDB read the file insert here
        sink.connection = con
        con.begin()
        try:
            adapter.read(path, sink)
            sink.close()
            added = self._merge(staged)
            read = {t: self._count_staged(staged, t) for t in schema.CANONICAL}
            con.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ingest_id, source, str(path.resolve()), _size(path), started,
                    datetime.now(UTC), json.dumps(read), json.dumps(added), sink.rejected,
                ],
            )
            con.commit()
        except BaseException as e:
            con.rollback()
            if isinstance(e, duckdb.Error) and not isinstance(e, SwaylensError):
                raise IngestError(path, f"could not store rows: {e}") from e
            raise
        finally:
            for name in staged.values():
                con.execute(f"DROP TABLE IF EXISTS {name}")
        return FileReport(
            path=str(path), source=source, read=read, added=added,
            rejected=sink.rejected, seconds=time.perf_counter() - t0, skipped=dict(sink.skipped),
        )

    def _count_staged(self, staged: dict[str, str], table: str) -> int:
        if table not in staged:
            return 0
        row = self.con.execute(f"SELECT count(*) FROM {staged[table]}").fetchone()
        return int(row[0]) if row else 0

    def _merge(self, staged: dict[str, str]) -> dict[str, int]:
        """Move staged rows into the canonical tables; return rows added per table."""
        con = self.con
        added: dict[str, int] = {}
        watermark = self._oldest_watermark()
        if "identities" in staged:
            added["identities"] = self._merge_identities(staged["identities"], watermark)
        for table in ("contents", "events"):
            if table not in staged:
                continue
            key = schema.KEYS[table]
            cols = ", ".join(f.name for f in schema.CANONICAL[table])
            before = self.count(table)
            stage = staged[table]
            if watermark is not None:
                self._stale_states(table, stage, key, watermark)
            dup = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {stage}").fetchone()
            if dup and dup[0]:
                # One row per key inside the file: the first occurrence wins.  Most files
                # have no repeated key, and this window sort is then skipped.
                con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {stage}_one AS SELECT {cols} FROM ("
                    f"SELECT *, row_number() OVER (PARTITION BY {key}) AS _rn FROM {stage})"
                    " WHERE _rn = 1"
                )
                stage = f"{stage}_one"
            # Existing rows are never overwritten.
            con.execute(
                f"""
                INSERT INTO {table} ({cols})
                SELECT {cols} FROM {stage} s
                WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = s.{key})
                """
            )
            if table == "contents":
                # One response may carry what another lacked (a topic's title, a
                # category): fill the empty columns of known contents, never overwrite.
                fill = [f.name for f in schema.CONTENTS
                        if f.name not in ("content_id", "network", "source_id")]
                sets = ", ".join(f"{c} = coalesce(contents.{c}, s.{c})" for c in fill)
                missing = " OR ".join(
                    f"(contents.{c} IS NULL AND s.{c} IS NOT NULL)" for c in fill
                )
                filled = con.execute(
                    f"UPDATE contents SET {sets} FROM {stage} s "
                    f"WHERE contents.content_id = s.content_id AND ({missing})"
                ).fetchone()
                if filled and filled[0] and watermark is not None:
                    # A known content changed (its tags, its parent): scores kept as
                    # state may have read it, whatever its date.
                    self._mark_stale(None)
            if stage != staged[table]:
                con.execute(f"DROP TABLE {stage}")
            added[table] = self.count(table) - before
        if "rejects" in staged:
            con.execute(f"INSERT INTO rejects SELECT * FROM {staged['rejects']}")
        return added

    # -- score states ---------------------------------------------------------------------
    def _oldest_watermark(self) -> datetime | None:
        """The oldest watermark of a usable score state (``scores/state.py``), or None."""
        known = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
            [STATES_TABLE],
        ).fetchone()
        if not known or not known[0]:
            return None
        row = self.con.execute(
            f"SELECT min(watermark) FROM {STATES_TABLE} WHERE NOT stale"
        ).fetchone()
        return None if row is None or row[0] is None else row[0]

    def _stale_states(self, table: str, stage: str, key: str, watermark: datetime) -> None:
        """Before staged rows are merged: mark stale the score states that the new rows
        dated at or before their watermark would change (a late import).  Only the staged
        rows older than the oldest watermark are checked against the table, so a day of
        new events costs nothing here, and re-ingesting known rows marks nothing."""
        ts = "ts" if table == "events" else "created_at"
        old = f"(s.{ts} <= ? OR s.{ts} IS NULL)" if table == "contents" else f"s.{ts} <= ?"
        row = self.con.execute(
            f"SELECT min(s.{ts}), count(*) FROM {stage} s WHERE {old}"
            f" AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = s.{key})",
            [watermark],
        ).fetchone()
        if row is not None and row[1]:
            self._mark_stale(row[0])
        if table == "contents":
            # A network's first contents turn its virtual posts (resonance) into real ones.
            first = self.con.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT network FROM {stage}) s"
                " WHERE s.network NOT IN (SELECT DISTINCT network FROM contents)"
            ).fetchall()
            if first and first[0][0]:
                self._mark_stale(None)

    def _stale_identities(self, watermark: datetime) -> None:
        """Before staged identities are inserted: mark stale the score states that read
        stored events or contents of an identity not known yet (an identity imported after
        its rows), dated at or before their watermark.  A state that maps identities to
        persons when it is advanced (expertise's self-recognition, its authors) took such
        rows as anonymous or authorless; the identity now gives them a person.  Costs one
        pass over the events' actors and targets when the file brings new identities."""
        con = self.con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_ident_new AS SELECT identity_id"
            " FROM stage_ident_one s WHERE NOT EXISTS"
            " (SELECT 1 FROM identities i WHERE i.identity_id = s.identity_id)"
        )
        try:
            row = con.execute("SELECT count(*) FROM stage_ident_new").fetchone()
            if not row or not row[0]:
                return
            row = con.execute(
                """
                SELECT min(t), count(*) FROM (
                    SELECT ts AS t FROM events
                    WHERE ts <= ? AND (actor IN (SELECT identity_id FROM stage_ident_new)
                        OR target_person IN (SELECT identity_id FROM stage_ident_new))
                    UNION ALL
                    SELECT created_at FROM contents
                    WHERE (created_at <= ? OR created_at IS NULL)
                        AND author IN (SELECT identity_id FROM stage_ident_new))
                """,
                [watermark, watermark],
            ).fetchone()
            if row is not None and row[1]:
                self._mark_stale(row[0])
        finally:
            con.execute("DROP TABLE stage_ident_new")

    def _mark_stale(self, since: datetime | None) -> None:
        """Mark stale the usable states with a watermark at or after ``since`` (None:
        every state)."""
        self.con.execute(
            f"UPDATE {STATES_TABLE} SET stale = true WHERE NOT stale"
            " AND (?::TIMESTAMPTZ IS NULL OR watermark >= ?::TIMESTAMPTZ)",
            [since, since],
        )

    def _merge_identities(self, stage: str, watermark: datetime | None) -> int:
        """Merge staged identities; ``watermark``: the oldest of the usable score states
        (:meth:`_oldest_watermark`), None when there is none."""
        con = self.con
        cols = [f.name for f in schema.IDENTITIES]
        # One row per identity: fill each attribute from any staged row that has it.
        agg = ", ".join(
            f"{c}" if c == "identity_id" else f"any_value({c}) AS {c}" for c in cols
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage_ident_one AS "
            f"SELECT {agg} FROM {stage} GROUP BY identity_id"
        )
        if watermark is not None:
            self._stale_identities(watermark)
        before = self.count("identities")
        col_list = ", ".join(cols)
        s_cols = ", ".join(f"s.{c}" for c in cols)
        # What the platform itself asserts (same_as) joins a new identity to the person of
        # the identity it names.  Only new identities: re-ingest never undoes a user's
        # merge or unmerge.
        con.execute(
            f"""
            INSERT INTO identities ({col_list}, person_id)
            SELECT {s_cols},
                   CASE WHEN len(s.same_as) > 0
                        THEN coalesce(t.person_id, n.identity_id, s.identity_id)
                        ELSE s.identity_id END
            FROM stage_ident_one s
            LEFT JOIN identities t ON t.identity_id = s.same_as[1]
            LEFT JOIN stage_ident_one n ON n.identity_id = s.same_as[1]
            WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.identity_id = s.identity_id)
            """
        )
        n_new = self.count("identities") - before
        # Known identities: fill attributes we did not know yet, never erase one.
        fill = [c for c in cols if c not in ("identity_id", "network", "kind", "value")]
        sets = ", ".join(f"{c} = coalesce(identities.{c}, s.{c})" for c in fill)
        missing = " OR ".join(f"(identities.{c} IS NULL AND s.{c} IS NOT NULL)" for c in fill)
        con.execute(
            f"UPDATE identities SET {sets} FROM stage_ident_one s "
            f"WHERE identities.identity_id = s.identity_id AND ({missing})"
        )
        con.execute(
            """
            INSERT INTO persons (person_id, display_name)
            SELECT i.person_id, any_value(coalesce(i.display_name, i.handle, i.value))
            FROM identities i
            WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.person_id = i.person_id)
            GROUP BY i.person_id
            """
        )
        con.execute("DROP TABLE stage_ident_one")
        return n_new

    # -- scores (thin wrappers over swaylens.scores) ------------------------------------
    def score(
        self,
        *,
        as_of: datetime | None = None,
        engine: str = "duckdb",
        spark_url: str | None = None,
        scores: Sequence[str] | None = None,
        since: datetime | None = None,
        every_days: float = 1.0,
        progress: Callable[[int, int, datetime], None] | None = None,
        network: str | None = None,
        incremental: bool = True,
    ) -> dict[str, Any]:
        """Compute and store a snapshot of every score (or of ``scores``) at ``as_of``.

        ``as_of`` defaults to the time of the newest event, so a historical dump is scored
        at its own end, not today.  Only events up to ``as_of`` are used.

        With ``since``, a series: snapshots at ``since``, ``since + every_days``, ... and
        at ``as_of`` itself, each from the events up to its own date (history for
        timelines; a backfill).  They share one engine, and each one's authority starts
        from the previous one's ranks.  ``progress(done, total, as_of)`` is called after
        each snapshot.  The result has ``snapshots``, one ``{as_of, persons}`` per date, and
        ``as_of`` and ``persons`` of the last.

        With ``network``, the scores of that network alone: computed from its own events
        and contents (persons are still whole: an identity elsewhere does not split them),
        stored beside the snapshots across networks, never replacing them.  ``as_of`` then
        defaults to the network's newest event.

        Scores that keep state (``scores/state.py``) advance the state stored by an earlier
        snapshot by the events since, where that gives the same result as computing from
        every event; ``incremental=False`` ignores it and builds it again.
        """
        from swaylens.scores import SCORES, snapshot
        from swaylens.warehouse.engines import connect

        names = list(scores or SCORES)
        unknown = [n for n in names if n not in SCORES]
        if unknown:
            raise WarehouseError(f"unknown score(s) {unknown}; known: {', '.join(SCORES)}")
        if network is not None:
            known = self.con.execute(
                "SELECT count(*) FROM events WHERE network = ?", [network]
            ).fetchone()
            if not known or not known[0]:
                nets = [r[0] for r in self.con.execute(
                    "SELECT DISTINCT network FROM events ORDER BY 1").fetchall()]
                raise WarehouseError(
                    f"no events of network {network!r}; networks: {', '.join(nets) or 'none'}"
                )
        if as_of is None:
            row = self.con.execute(
                "SELECT max(ts) FROM events WHERE network = coalesce(?, network)", [network]
            ).fetchone()
            if row is None or row[0] is None:
                raise WarehouseError("no events to score: ingest something first")
            as_of = row[0]
        assert as_of is not None
        as_of = _aware(as_of)
        dates = [as_of] if since is None else _series(_aware(since), as_of, every_days)
        eng = connect(engine, warehouse=self, spark_url=spark_url, network=network)
        done: list[dict[str, Any]] = []
        try:
            for d in dates:
                stored = snapshot(eng, [SCORES[n]() for n in names], d,
                                  incremental=incremental)
                done.append({"as_of": d.isoformat(), "persons": stored})
                if progress is not None:
                    progress(len(done), len(dates), d)
        finally:
            eng.close()
        out: dict[str, Any] = {
            "as_of": as_of.isoformat(), "engine": engine, "network": network,
            "persons": done[-1]["persons"],
        }
        if since is not None:
            out["snapshots"] = done
        return out

    def top(
        self, by: str, *, limit: int = 20, network: str | None = None,
        as_of: datetime | None = None, topic: str | None = None,
    ) -> list[dict[str, Any]]:
        """The highest-scoring persons by one score (in one topic, if given: the scores
        with per-topic rows), in the output contract's shape.  With ``network``: the
        scores of that network alone where ``score(network=...)`` stored them, else the
        scores across networks of the persons on it."""
        from swaylens.scores import read

        return read.top(self, by, limit=limit, network=network, as_of=as_of, topic=topic)

    def person(
        self, ref: str, *, as_of: datetime | None = None, network: str | None = None
    ) -> dict[str, Any]:
        """Every score of one person: value, percentile, interval and components (across
        networks, or of ``network`` alone)."""
        from swaylens.scores import read

        return read.person(self, ref, as_of=as_of, network=network)

    def history(self, ref: str, score: str, *, network: str | None = None) -> dict[str, Any]:
        """One score of one person across the stored snapshots (across networks, or of
        ``network`` alone)."""
        from swaylens.scores import read

        return read.history(self, ref, score, network=network)

    def explain(
        self, ref: str, *, as_of: datetime | None = None, limit: int | None = 5,
        network: str | None = None,
    ) -> dict[str, Any]:
        """Every score of one person with its top ``limit`` evidence items (events,
        contents, persons) and what each contributed (``None``: every item); across
        networks, or of ``network`` alone."""
        from swaylens.scores import explain

        return explain.explain(self, ref, as_of=as_of, limit=limit, network=network)

    def validate(
        self,
        *,
        as_of: datetime | None = None,
        horizon_days: float = 90.0,
        scores: Sequence[str] | None = None,
        engine: str = "duckdb",
        network: str | None = None,
    ) -> dict[str, Any]:
        """Predictive validity of every score against baselines, per network (or of the
        scores of ``network`` alone, on it).

        Stores the snapshots it needs (at ``as_of``, default the newest event minus the
        horizon, and at the newest event).  See :mod:`swaylens.validity`.
        """
        from swaylens import validity

        return validity.validate(
            self, as_of=as_of, horizon_days=horizon_days, scores=scores, engine=engine,
            network=network,
        )

    # -- identities (thin wrappers over swaylens.warehouse.identities) -------------------
    def resolve(self, ref: str) -> list[str]:
        """Identity ids named by a person id, identity id or ``network:source_id``."""
        from swaylens.warehouse import identities

        return identities.resolve(self, ref)

    def suggest(self, *, min_confidence: float = 0.5, limit: int | None = None) -> list[Any]:
        """Proposed merges of persons, with a confidence and the evidence."""
        from swaylens.warehouse import identities

        return identities.suggest(self, min_confidence=min_confidence, limit=limit)

    def merge(self, refs: list[str], *, into: str | None = None, reason: str = "") -> Any:
        """Put every identity of the persons ``refs`` name into one person (logged)."""
        from swaylens.warehouse import identities

        return identities.merge(self, refs, into=into, reason=reason)

    def unmerge(self, merge_id: int) -> Any:
        """Reverse one logged merge or split."""
        from swaylens.warehouse import identities

        return identities.unmerge(self, merge_id)

    def split(self, identity: str, *, reason: str = "") -> Any:
        """Detach one identity into a person of its own (logged, reversible)."""
        from swaylens.warehouse import identities

        return identities.split(self, identity, reason=reason)

    def apply_mapping(self, path: str | Path) -> Any:
        """Link identities to persons as a CSV or YAML mapping file says (idempotent)."""
        from swaylens.warehouse import identities

        return identities.apply_mapping(self, path)

    def person_identities(self, person: str) -> list[Any]:
        from swaylens.warehouse import identities

        return identities.person_identities(self, person)

    def list_persons(self, **filters: Any) -> list[Any]:
        from swaylens.warehouse import identities

        return identities.list_persons(self, **filters)

    def list_merges(self, *, include_undone: bool = False) -> list[Any]:
        from swaylens.warehouse import identities

        return identities.list_merges(self, include_undone=include_undone)

    # -- stats --------------------------------------------------------------------------
    def states(self) -> list[dict[str, Any]]:
        """The score states kept in the warehouse (``scores/state.py``): per state its
        key, score, scope, parameters, layout, watermark, the row count of each part, and
        whether the newest snapshot of its scope read it (``used``)."""
        from swaylens.scores import state

        return [s.as_dict() for s in state.stored(self.con)]

    def drop_states(
        self, keys: Sequence[str] = (), *, unused: bool = False
    ) -> list[dict[str, Any]]:
        """Drop the states ``keys`` and, with ``unused``, every state the newest snapshot
        of its scope did not read; returns what was dropped (as :meth:`states` lists it).

        States are caches of the events: a snapshot that needs a dropped state builds it
        again from every event, so this costs time, never results.  After an upgrade or a
        change of score options, the states kept under the former parameters or layout
        are never read again; ``unused`` finds them.  Run it after a snapshot of every
        score you keep: the states of a score that snapshot left out count as unused."""
        from swaylens.scores import state

        if self.read_only:
            raise WarehouseError(f"{self.path}: opened read-only; cannot drop states")
        listed = state.stored(self.con)
        known = {s.key for s in listed}
        missing = [k for k in keys if k not in known]
        if missing:
            raise WarehouseError(
                f"no state with key {', '.join(missing)}; `swaylens states` lists them"
            )
        chosen = [s for s in listed if s.key in set(keys) or (unused and not s.used)]
        state.drop(self.con, [s.key for s in chosen])
        if chosen:
            # Frees the dropped tables' blocks for reuse by later writes.
            self.con.execute("CHECKPOINT")
        return [s.as_dict() for s in chosen]

    def stats(self) -> dict[str, Any]:
        """Counts per table, per network, per kind, per community, and the time span."""
        con = self.con
        tables = {
            t: self.count(t)
            for t in ("persons", "identities", "contents", "events", "rejects", "ingests")
        }

        def rows(q: str) -> list[dict[str, Any]]:
            cur = con.execute(q)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

        def iso(v: Any) -> str | None:
            return v.isoformat() if v is not None else None

        span = con.execute("SELECT min(ts), max(ts) FROM events").fetchone()
        return {
            "database": str(self.path),
            "schema_version": self.schema_version,
            "tables": tables,
            "networks": [
                {**r, "first": iso(r["first"]), "last": iso(r["last"])}
                for r in rows(
                    "SELECT network, count(*) AS events, count(DISTINCT actor) AS actors,"
                    " min(ts) AS first, max(ts) AS last FROM events GROUP BY ALL ORDER BY 1"
                )
            ],
            "kinds": rows(
                "SELECT network, kind, count(*) AS events FROM events GROUP BY ALL"
                " ORDER BY 1, 3 DESC"
            ),
            "communities": rows(
                "SELECT network, coalesce(community, '') AS community, count(*) AS events"
                " FROM events GROUP BY ALL ORDER BY 3 DESC LIMIT 50"
            ),
            "span": {
                "first": iso(span[0]) if span else None,
                "last": iso(span[1]) if span else None,
            },
        }


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def _aware(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def _series(since: datetime, until: datetime, every_days: float) -> list[datetime]:
    """``since, since + every, ...`` up to ``until``, and ``until`` itself."""
    if not every_days > 0:
        raise WarehouseError(f"every must be a positive number of days, got {every_days}")
    if since > until:
        raise WarehouseError(
            f"since ({since.isoformat()}) is after the snapshot date ({until.isoformat()})"
        )
    step = timedelta(days=every_days)
    count = int((until - since) / step) + 1
    if count > MAX_SERIES:
        raise WarehouseError(
            f"{count:,} snapshots from {since.isoformat()} every {every_days:g} days: more"
            f" than {MAX_SERIES:,}; choose a later since or a longer every"
        )
    dates = [since + k * step for k in range(count)]
    if dates[-1] < until:
        dates.append(until)
    return dates
