"""Score state: what a score keeps between snapshots, so that the next one reads only the
events that arrived since.

A score with state describes it as **parts**: keyed tables that only grow.  Its
``advance(since, ref)`` returns, for each part, the rows contributed by the events with
``since < ts <= as_of`` (every event up to ``as_of`` when ``since`` is None), aggregated
by the part's keys (:class:`Part`).  Merging those rows into the stored part is the
state's update: ``sums`` columns add up, ``maxes`` keep the larger value, and a key not
seen before is inserted.  The score then computes its value from the parts alone (and
from short windows of recent events, which are cheap to read).  The full path is the same
code with ``since`` None, so a score keeps one implementation, and ``tests/test_state.py``
checks that the two paths agree.

Decayed sums are stored at a fixed reference time ``ref``, as ``Σ w · 2^((ts - ref) / h)``,
so that time passing changes no stored row: the value at ``as_of`` is the stored sum times
``2^((ref - as_of) / h)`` (:func:`grow` and :func:`shrink`).  ``ref`` is the ``as_of`` of
the state's first build; a state is rebuilt from nothing when ``as_of`` moves more than
:data:`MAX_HALF_LIVES` half-lives past it, before the stored sums could overflow.

Storage (DuckDB, inside :func:`~swaylens.scores.base.snapshot`): each part is a table
``state_<key>_<part>``, registered in ``score_states`` with the state's ``watermark``
(the ``as_of`` it reflects), ``ref``, parameters and network scope.  A state is updated
in one transaction of its own (its rows and its watermark together), so a crash or a
``kill -9`` leaves it exactly at the old or at the new watermark, and either is exact.
Its ``updated_at`` is the start of the last snapshot that read it, so the states the
newest snapshot did not read (kept under former parameters or layouts) can be found and
dropped (:func:`stored`, :func:`drop`; ``swaylens states --drop-unused``).

A stored state is used only when that gives the same result as the full path:

* its watermark is not after ``as_of`` (an older date is computed from nothing and does
  not replace the newer state, unless ``incremental=False`` asks for a rebuild);
* no event or content dated at or before its watermark has been added or changed since:
  ingest marks such states ``stale`` in the transaction that adds the rows;
* no identity has changed person since it was built (its ``persons`` version, from the
  ``merges`` log), since some parts are kept per person;
* no identity named by events or contents dated at or before its watermark has been
  imported since (it gives those rows a person): ingest marks such states ``stale``;
* it was stored in the **layout** its score declares now (``kept(..., layout=)``): the
  parts, their columns and what those mean.  A score that changes any of them declares
  the next layout, and each state stored in another one (or before layouts were
  recorded) is rebuilt once.  ``tests/test_state.py`` keeps every part's columns per
  layout, so a change of columns under the same layout fails there.

Otherwise the state is rebuilt from nothing (and stored again).  On Spark no state is kept:
its parts would have to come back through the driver, so every Spark snapshot takes the
full path, which is the same code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ibis

from swaylens.warehouse.ddl import STATES_TABLE
from swaylens.warehouse.engines import Engine

_STORE = "_score_states"

#: A state is rebuilt once ``as_of`` is this many half-lives past its ``ref``: its sums
#: grow by ``2^((ts - ref) / h)``, and a double holds up to ``2^1023``.
MAX_HALF_LIVES = 600.0


@dataclass(frozen=True)
class Part:
    """One part of a state: ``rows`` (new rows from the events since the watermark),
    their ``keys`` (never null), the columns that add up (``sums``) and those that keep
    their maximum (``maxes``).  Any other column is set once, when its key first appears.
    ``new_keys``: the rows' keys are new by construction (an event's own id), so they are
    appended without a lookup.  ``order``: a build stores the rows in the order of these
    columns (DuckDB; a physical hint), so that a day's reads that keep only recent rows
    (a filter on a time, or a join with recent posts' numbers) skip the older row groups
    by their min/max; a day's new rows are appended after them."""

    rows: ibis.Table
    keys: Sequence[str]
    sums: Sequence[str] = ()
    maxes: Sequence[str] = ()
    new_keys: bool = False
    order: Sequence[str] = ()


Advance = Callable[[datetime | None, datetime], Mapping[str, Part]]


def add_up(keys: Sequence[str], sums: Mapping[str, str], *tables: ibis.Table) -> ibis.Table:
    """The rows of ``tables`` added up per ``keys``: each table has the keys and some of
    the columns ``sums`` (name -> type); a column a table lacks counts 0 in it.  For a
    part whose rows come from several sources (a post's named responses and its
    anonymous ones, say): one union and one group by, not one per source."""
    parts = []
    for t in tables:
        cols = {
            c: (t[c] if c in t.columns else ibis.literal(0, type=dtype)).cast(dtype)
            for c, dtype in sums.items()
        }
        parts.append(t.select(*keys, **cols))
    both = parts[0]
    for t in parts[1:]:
        both = both.union(t, distinct=False)
    return both.group_by(list(keys)).aggregate(
        **{c: both[c].sum().cast(f"!{dtype}") for c, dtype in sums.items()}
    )


@dataclass
class Kept:
    """A state at ``as_of``: its parts as tables and its ``ref``."""

    parts: dict[str, ibis.Table]
    ref: datetime


def grow(ts: ibis.Value, ref: datetime, half_life_days: float) -> ibis.Value:
    """``2^((ts - ref) / h)``: an event's weight at ``ts`` stored relative to ``ref``."""
    from swaylens.scores.base import age_days

    return (age_days(ts, ref) * (-math.log(2.0) / half_life_days)).exp()


def shrink(ref: datetime, as_of: datetime, half_life_days: float) -> float:
    """``2^((ref - as_of) / h)``: turns a sum stored relative to ``ref`` into its value
    decayed to ``as_of``."""
    from swaylens.scores.base import utc

    days = (utc(as_of) - utc(ref)).total_seconds() / 86_400.0
    return float(2.0 ** (-days / half_life_days))


def state_key(name: str, params: str, network: str | None) -> str:
    """The stable key of one state: its score (or shared piece), parameters and scope."""
    raw = json.dumps([name, params, network])
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def table_name(key: str, part: str) -> str:
    return f"state_{key}_{part}"


class States:
    """The states one snapshot reads and writes (held by the engine while it runs)."""

    def __init__(self, engine: Engine, *, use_prior: bool = True) -> None:
        self.engine = engine
        self.use_prior = use_prior
        #: key -> the state, built once per snapshot
        self.kept: dict[str, Kept] = {}
        #: key -> the tables of the stored state being advanced (see :func:`prior_parts`)
        self.prior: dict[str, dict[str, str]] = {}
        #: Recorded as ``updated_at`` of every state this snapshot reads or writes, so
        #: the states the newest snapshot used are those with the newest ``updated_at``
        #: (:func:`stored`).
        self.started_at = datetime.now(UTC)


def begin(engine: Engine, *, use_prior: bool = True) -> States:
    """Start keeping states on ``engine`` (for the duration of one snapshot)."""
    store = States(engine, use_prior=use_prior)
    engine.__dict__[_STORE] = store
    return store


def end(engine: Engine) -> None:
    engine.__dict__.pop(_STORE, None)


def current(engine: Engine) -> States | None:
    """The states of the snapshot running on ``engine``, or None outside a snapshot."""
    store: States | None = engine.__dict__.get(_STORE)
    return store


def kept(
    engine: Engine,
    name: str,
    params: str,
    as_of: datetime,
    advance: Advance,
    *,
    half_lives: Sequence[float] = (),
    layout: int = 1,
) -> Kept:
    """The state ``name`` (a score's, with parameters ``params``) at ``as_of``.

    Inside a snapshot on DuckDB: the stored state advanced by the events since its
    watermark when it is usable (module docstring), else built from every event and
    stored.  A date older than the stored watermark, Spark, and calls outside a snapshot
    (explanations, tests) get the parts built from every event up to ``as_of``, as
    expressions (materialised once per snapshot inside one).  ``half_lives``: the
    half-lives of the decayed sums, which bound how far ``as_of`` may move from ``ref``.
    ``layout``: the version of the parts' layout (their names, columns and meaning); a
    stored state of another layout is rebuilt, so ``advance`` may read its prior parts
    (:func:`prior_parts`) knowing their columns.
    """
    from swaylens.scores.base import utc

    as_of = utc(as_of)
    store = current(engine)
    if store is None:
        return Kept(_rows(advance(None, as_of)), as_of)
    key = state_key(name, params, engine.network)
    if key in store.kept:
        return store.kept[key]
    if engine.name != "duckdb":
        got = _computed(engine, store, key, as_of, advance)
    else:
        got = _duckdb(engine, store, key, name, params, as_of, advance, half_lives, layout)
    store.kept[key] = got
    return got


def _duckdb(
    engine: Engine, store: States, key: str, name: str, params: str, as_of: datetime,
    advance: Advance, half_lives: Sequence[float], layout: int,
) -> Kept:
    from swaylens.scores.base import utc

    con = engine.warehouse.con
    found = con.execute(
        f"SELECT watermark, ref, parts::VARCHAR, stale, persons, layout FROM {STATES_TABLE}"
        " WHERE key = ?",
        [key],
    ).fetchall()
    version = persons_version(con)
    row = found[0] if found else None
    if store.use_prior and row is not None and not row[3] and utc(row[0]) > as_of:
        # A backfill of an older date: computed from nothing, the newer state kept.
        return _computed(engine, store, key, as_of, advance)
    usable = (
        store.use_prior
        and row is not None
        and not row[3]
        and row[4] == version
        and row[5] == layout
        and all((as_of - utc(row[1])).total_seconds() / 86_400.0 <= MAX_HALF_LIVES * h
                for h in half_lives)
    )
    if usable:
        assert row is not None
        since, ref = utc(row[0]), utc(row[1])
        names: dict[str, str] = json.loads(row[2])
        store.prior[key] = dict(names)
        parts = advance(since, ref)
        if set(parts) != set(names):
            usable = False
    if usable:
        with _transaction(con):
            # Every part's new rows first, then the merges: a part's rows may be computed
            # from another part as it was before this update.
            for i, part in enumerate(parts.values()):
                con.execute(
                    f"CREATE OR REPLACE TEMP TABLE _swaylens_state_new{i} AS"
                    f" {engine.compile(part.rows)}"
                )
            for i, (p, part) in enumerate(parts.items()):
                _merge(con, names[p], f"_swaylens_state_new{i}", part)
            _register(con, key, name, params, engine.network, as_of, ref, names, version, layout,
                      store.started_at)
        return Kept({p: engine.backend.table(t) for p, t in names.items()}, ref)
    ref = as_of
    parts = advance(None, ref)
    names = {p: table_name(key, p) for p in parts}
    with _transaction(con):
        old = json.loads(row[2]) if row is not None else {}
        for t in set(old.values()) - set(names.values()):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        for p, part in parts.items():
            rows = part.rows.order_by(list(part.order)) if part.order else part.rows
            con.execute(f"CREATE OR REPLACE TABLE {names[p]} AS {engine.compile(rows)}")
        _register(con, key, name, params, engine.network, as_of, ref, names, version, layout,
                      store.started_at)
    return Kept({p: engine.backend.table(t) for p, t in names.items()}, ref)


def _computed(
    engine: Engine, store: States, key: str, as_of: datetime, advance: Advance
) -> Kept:
    """The state built from every event up to ``as_of``, not stored: its parts are
    materialised once for this snapshot (Spark, or a date older than the stored state)."""
    from swaylens.scores.base import _shared

    parts = advance(None, as_of)
    return Kept(
        {p: _shared(engine, ("state", key, as_of, p), _const(v.rows))
         for p, v in parts.items()},
        as_of,
    )


@contextmanager
def _transaction(con: Any) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    con.begin()
    try:
        yield
        con.commit()
    except BaseException:
        con.rollback()
        raise


def _merge(con: Any, table: str, new: str, part: Part) -> None:
    """Merge the rows of the temporary table ``new`` into the part's ``table``."""
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
        " AND table_schema = 'main' ORDER BY ordinal_position", [table]
    ).fetchall()]
    collist = ", ".join(cols)
    if part.new_keys:
        con.execute(f"INSERT INTO {table} ({collist}) SELECT {collist} FROM {new}")
    else:
        on = " AND ".join(f"t.{k} = d.{k}" for k in part.keys)
        sets = [f"{c} = t.{c} + d.{c}" for c in part.sums]
        sets += [f"{c} = greatest(t.{c}, d.{c})" for c in part.maxes]
        matched = f"WHEN MATCHED THEN UPDATE SET {', '.join(sets)} " if sets else ""
        con.execute(
            f"MERGE INTO {table} AS t USING {new} AS d ON {on} {matched}"
            f"WHEN NOT MATCHED THEN INSERT ({collist}) VALUES"
            f" ({', '.join(f'd.{c}' for c in cols)})"
        )
    con.execute(f"DROP TABLE {new}")


def _register(
    con: Any, key: str, name: str, params: str, network: str | None, as_of: datetime,
    ref: datetime, names: Mapping[str, str], version: str, layout: int, used_at: datetime,
) -> None:
    """Record the state's watermark (inside the transaction that wrote its rows), and
    ``used_at``, the start of the snapshot that read it, as its ``updated_at``."""
    con.execute(f"DELETE FROM {STATES_TABLE} WHERE key = ?", [key])
    con.execute(
        f"INSERT INTO {STATES_TABLE} (key, name, network, params, watermark, ref, parts,"
        " stale, persons, layout, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?)",
        [key, name, network, params, as_of, ref, json.dumps(dict(names)), version,
         layout, used_at],
    )


def persons_version(con: Any) -> str:
    """A version of the identity -> person mapping: it changes with every merge and
    unmerge (the ``merges`` log), so a state kept per person knows when it is out of date."""
    row = con.execute(
        "SELECT count(*), coalesce(max(merge_id), 0), count(*) FILTER (WHERE undone)"
        " FROM merges"
    ).fetchall()[0]
    return f"{row[0]}:{row[1]}:{row[2]}"


def _rows(parts: Mapping[str, Part]) -> dict[str, ibis.Table]:
    return {p: v.rows for p, v in parts.items()}


def _const(t: ibis.Table) -> Callable[[], ibis.Table]:
    return lambda: t


def prior_parts(engine: Engine, name: str, params: str) -> dict[str, ibis.Table]:
    """The stored parts of the state ``name`` as they are before this snapshot's update:
    for an ``advance`` that looks rows up in its own state (called with ``since`` set,
    so the state exists)."""
    store = current(engine)
    key = state_key(name, params, engine.network)
    if store is None or key not in store.prior:
        raise RuntimeError(f"state {name!r} has no stored parts to read")
    return {p: engine.backend.table(t) for p, t in store.prior[key].items()}


@dataclass(frozen=True)
class StoredState:
    """One state kept in the warehouse, as :func:`stored` lists it.

    ``used``: the newest snapshot of its scope (all networks, or its one network) read
    it.  A state that snapshot did not read is kept under parameters or a layout no
    snapshot asks for now (a score's options changed, or an upgrade), or belongs to a
    score that snapshot left out; dropping it is safe either way, since a snapshot that
    needs it again builds it from the events.
    """

    key: str
    name: str
    network: str | None
    params: Any
    layout: int | None
    watermark: datetime
    ref: datetime
    stale: bool
    used_at: datetime | None
    used: bool
    rows: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t is not None else None

        return {
            "key": self.key, "name": self.name, "network": self.network,
            "params": self.params, "layout": self.layout,
            "watermark": iso(self.watermark), "ref": iso(self.ref), "stale": self.stale,
            "used_at": iso(self.used_at), "used": self.used, "rows": dict(self.rows),
        }


def stored(con: Any) -> list[StoredState]:
    """Every state kept in the warehouse (``score_states``), by scope, name and key, with
    its parts' row counts."""
    rows = con.execute(
        f"SELECT key, name, network, params::VARCHAR, layout, watermark, ref, stale,"
        f" updated_at, parts::VARCHAR FROM {STATES_TABLE}"
        " ORDER BY network NULLS FIRST, name, key"
    ).fetchall()
    newest: dict[str | None, datetime] = {}
    for r in rows:
        if r[8] is not None and (r[2] not in newest or r[8] > newest[r[2]]):
            newest[r[2]] = r[8]
    tables = {t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        " AND NOT temporary"
    ).fetchall()}
    out = []
    for key, name, network, params, layout, watermark, ref, stale, used_at, parts in rows:
        counts = {
            p: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0])
            if t in tables else 0
            for p, t in json.loads(parts).items()
        }
        out.append(StoredState(
            key=key, name=name, network=network,
            params=json.loads(params) if params is not None else None, layout=layout,
            watermark=watermark, ref=ref, stale=bool(stale), used_at=used_at,
            used=used_at is not None and used_at == newest.get(network), rows=counts,
        ))
    return out


def drop(con: Any, keys: Sequence[str]) -> list[str]:
    """Drop the states ``keys`` (their tables and their rows in ``score_states``) in one
    transaction; returns the keys dropped (those that were stored)."""
    done = []
    with _transaction(con):
        for key in keys:
            found = con.execute(
                f"SELECT parts::VARCHAR FROM {STATES_TABLE} WHERE key = ?", [key]
            ).fetchall()
            if not found:
                continue
            for table in json.loads(found[0][0]).values():
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
            con.execute(f"DELETE FROM {STATES_TABLE} WHERE key = ?", [key])
            done.append(key)
    return done
