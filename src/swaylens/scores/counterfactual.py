"""Counterfactual worlds: the warehouse as it would be had a person not acted for a while.

:func:`without_activity` answers "what if this person had posted nothing between
``start`` and ``end``?" by writing a second warehouse in which that activity, and
everything that only exists because of it, is missing.  Scoring both warehouses at the
same date shows what the activity contributed to each score; the vacation test
(``tests/test_vacation.py``) uses it to check that activity falls and influence holds.

What is removed
---------------
Let ``I`` be every identity of the person (all identities of the persons that the given
references name, so a merged person goes on vacation with all their accounts) and
``(start, end]`` the window.

1. **Own contents**: every content whose ``author`` is in ``I`` and whose ``created_at``
   is in ``(start, end]``, whatever its kind (questions, answers, posts, replies,
   comments, reshare wrappers, wikis, ...).
2. **Dependent contents**, recursively: every content whose ``parent_id`` or ``root_id``
   is a removed content (answers to a removed question, comments on a removed post,
   replies in a removed thread, reshares of a removed reshare, comments on those
   answers, ...), by anyone and at any time: without the post, nobody could have
   answered it.  The closure is computed level by level in SQL until a level adds
   nothing; threads are shallow, so this takes a few steps.
3. **Own events**: every event whose ``actor`` is in ``I`` and whose ``ts`` is in
   ``(start, end]``, whatever its kind (posts, replies, comments, reactions, reshares,
   accepts, edits, follows, badges, ...).
4. **Dependent events**: every event whose ``target_content`` is a removed content, by
   anyone and at any time: votes and likes on it, accepts of it, reshares and quotes of
   it, mentions in it, and the events that created the contents of (2): the adapters
   point a ``reply``/``comment``/``reshare`` event at the item it answers (or, for some
   networks, at the new item itself), and both are removed.

What is kept
------------
Everything else, unchanged: the person's contents and events before ``start`` and after
``end``; what others did in the window that did not depend on a removed content (their
own posts, their votes on the person's *older* posts, their follows of the person); every
identity and person, with the same person ids, so both worlds score the same people.
Other tables (score snapshots, ingests, rejects, merge log, cursors) are not copied: the
new warehouse has the current schema and no snapshots.  Its ``swaylens_meta`` table says
what it is (key ``counterfactual``: the person's identities, the window and the counts of
what was removed); :func:`counterfactual_of` reads it back.

Events that name the person only as ``target_person`` without a removed
``target_content`` (a follow, a mention in someone else's post) are kept: they are what
others did.  Anonymous events (Stack Exchange votes) are removed only through (4).

Implementation
--------------
Everything happens in DuckDB: the removed content ids are a temporary table, the
destination warehouse is created empty (with the current schema), attached to the
source's connection and filled in one transaction with ``INSERT ... SELECT`` from the
source tables minus the removed keys.  Only counts and the person's identity ids come
back to Python.  The source warehouse may be read-only.  Each level of the dependency
closure joins only the contents the level before added, on ``parent_id`` and on
``root_id`` separately (two equi-joins, never a join on a disjunction); it ends when a
level adds nothing, which it must, since every level adds contents not yet removed.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from swaylens import schema
from swaylens.errors import WarehouseError
from swaylens.scores.base import utc
from swaylens.warehouse import Warehouse

#: The tables copied into a counterfactual warehouse, with their columns.
COPIED: dict[str, tuple[str, ...]] = {
    "persons": tuple(f.name for f in schema.PERSONS),
    "identities": (*(f.name for f in schema.IDENTITIES), "person_id"),
    "contents": tuple(f.name for f in schema.CONTENTS),
    "events": tuple(f.name for f in schema.EVENTS),
}

META_KEY = "counterfactual"


@dataclass(frozen=True)
class Removed:
    """What :func:`without_activity` left out, as stored in the new warehouse."""

    identities: list[str]  # every identity of the person
    start: str  # the window (start, end], ISO 8601
    end: str
    own_contents: int  # (1) the person's contents in the window
    dependent_contents: int  # (2) contents hanging from them, at any depth
    events: int  # (3) and (4): events left out
    depth: int  # dependency levels followed (0: no dependent content)


def without_activity(
    wh: Warehouse,
    dest: str | Path,
    person: str | Sequence[str],
    start: datetime,
    end: datetime,
) -> Warehouse:
    """A new warehouse at ``dest``: ``wh`` without ``person``'s activity in ``(start, end]``.

    ``person`` is a reference (person id, identity id, ``network:source_id``, as
    :meth:`Warehouse.resolve` takes it) or several; all identities of the persons they
    name are taken.  What is removed is described in the module docstring;
    :func:`counterfactual_of` on the result says how much.  ``dest`` must not exist yet.
    Naive datetimes are taken to be UTC.
    """
    refs = [person] if isinstance(person, str) else list(person)
    if not refs:
        raise WarehouseError("without_activity: no person given")
    start, end = utc(start), utc(end)
    if not start < end:
        raise WarehouseError(f"without_activity: empty window ({start}, {end}]")
    dest = Path(dest)
    if str(dest) == ":memory:" or dest.exists():
        raise WarehouseError(f"{dest}: choose a new file for the counterfactual warehouse")
    named = sorted({i for ref in refs for i in wh.resolve(ref)})

    Warehouse(dest).close()  # the current schema, empty
    con = wh.con
    tag = uuid.uuid4().hex[:12]
    db, ids, gone = f"swaylens_cf_{tag}", f"_cf_ids_{tag}", f"_cf_removed_{tag}"
    path_sql = str(dest.resolve()).replace("'", "''")
    attached = False
    try:
        con.execute(
            f"CREATE TEMP TABLE {ids} AS SELECT identity_id FROM identities WHERE person_id IN"
            " (SELECT person_id FROM identities WHERE identity_id IN (SELECT unnest(?)))",
            [named],
        )
        # Level 0: own contents in the window; level k: contents hanging from level k - 1.
        con.execute(
            f"CREATE TEMP TABLE {gone} AS SELECT content_id, 0 AS level FROM contents c"
            " WHERE c.created_at > ? AND c.created_at <= ?"
            f" AND EXISTS (SELECT 1 FROM {ids} i WHERE i.identity_id = c.author)",
            [start, end],
        )
        depth = 0
        while True:
            added = _scalar(
                con,
                f"""
                INSERT INTO {gone}
                SELECT content_id, ? AS level FROM (
                    SELECT c.content_id FROM contents c
                    JOIN {gone} r ON r.level = ? AND c.parent_id = r.content_id
                    UNION
                    SELECT c.content_id FROM contents c
                    JOIN {gone} r ON r.level = ? AND c.root_id = r.content_id
                ) n
                WHERE NOT EXISTS (SELECT 1 FROM {gone} g WHERE g.content_id = n.content_id)
                """,
                [depth + 1, depth, depth],
            )
            if not added:
                break
            depth += 1
        own = _scalar(con, f"SELECT count(*) FROM {gone} WHERE level = 0")
        dependent = _scalar(con, f"SELECT count(*) FROM {gone} WHERE level > 0")
        rows = con.execute(f"SELECT identity_id FROM {ids} ORDER BY 1").fetchall()
        identities = [str(r[0]) for r in rows]

        con.execute(f"ATTACH '{path_sql}' AS {db} (READ_WRITE)")
        attached = True
        where: dict[str, tuple[str, list[Any]]] = {
            "contents": (
                f"NOT EXISTS (SELECT 1 FROM {gone} g WHERE g.content_id = t.content_id)", []
            ),
            "events": (
                f"NOT EXISTS (SELECT 1 FROM {gone} g WHERE g.content_id = t.target_content)"
                " AND NOT (t.ts > ? AND t.ts <= ?"
                f" AND EXISTS (SELECT 1 FROM {ids} i WHERE i.identity_id = t.actor))",
                [start, end],
            ),
        }
        # One transaction on the new warehouse: it is whole or (deleted below) absent.
        con.begin()
        for table, columns in COPIED.items():
            cols = ", ".join(columns)
            cond, params = where.get(table, ("true", []))
            # Unqualified names are the source: it stays the connection's default database.
            con.execute(
                f"INSERT INTO {db}.{table} ({cols}) SELECT {cols} FROM {table} t WHERE {cond}",
                params,
            )
        kept = _scalar(con, f"SELECT count(*) FROM {db}.events")
        removed = Removed(
            identities=identities, start=start.isoformat(), end=end.isoformat(),
            own_contents=own, dependent_contents=dependent,
            events=wh.count("events") - kept, depth=depth,
        )
        con.execute(
            f"INSERT INTO {db}.swaylens_meta VALUES (?, ?)",
            [META_KEY, json.dumps(asdict(removed))],
        )
        con.commit()
    except BaseException:
        if attached:
            with contextlib.suppress(duckdb.Error):  # no transaction open yet
                con.rollback()
            con.execute(f"DETACH {db}")
            attached = False
        dest.unlink(missing_ok=True)
        dest.with_name(dest.name + ".wal").unlink(missing_ok=True)
        raise
    finally:
        if attached:
            con.execute(f"DETACH {db}")
        con.execute(f"DROP TABLE IF EXISTS {ids}")
        con.execute(f"DROP TABLE IF EXISTS {gone}")
    return Warehouse(dest)


def counterfactual_of(wh: Warehouse) -> Removed | None:
    """What was left out of ``wh`` if :func:`without_activity` wrote it, else ``None``."""
    row = wh.con.execute(
        "SELECT value FROM swaylens_meta WHERE key = ?", [META_KEY]
    ).fetchone()
    if row is None:
        return None
    return Removed(**json.loads(row[0]))


def _scalar(con: duckdb.DuckDBPyConnection, query: str, params: Sequence[Any] = ()) -> int:
    row = con.execute(query, list(params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
