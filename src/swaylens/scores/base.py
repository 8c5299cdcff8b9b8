"""Shared machinery of the scores: attribution, decay, percentiles and snapshots.

A score is a small object with documented constructor parameters (scikit-learn style),
e.g. ``Activity(half_life_days=14.0)``.  ``score.compute(engine, as_of)`` returns an Ibis
table with one row per person::

    person_id   VARCHAR  the person (identities.person_id)
    score       VARCHAR  the score's name ("activity", "reach", ...)
    value       DOUBLE   the raw value
    low, high   DOUBLE   an uncertainty interval, or null when the score has none
    components  STRUCT   the numbers the value is built from (for explanations)

Every score sees only events with ``ts <= as_of`` (and contents created up to ``as_of``):
a snapshot never leaks the future.  Events are attributed to persons through their
identities: ``events.actor -> identities.identity_id -> identities.person_id`` (and the same
for ``target_person``), so merging two identities merges their evidence, and an action of
one identity of a person on another identity of the same person is self-engagement.

:func:`with_percentile` adds the 1–100 percentile of each value within its snapshot, and
:func:`snapshot` computes a list of scores at one date and stores them in the warehouse
table ``score_snapshots``, replacing the rows of that date and score and keeping every
other date (the history that timelines are drawn from).  Scores with per-topic rows
(``compute_topics``: engagement, expertise) also store them in ``topic_snapshots``, with
the percentile within each (score, topic).  Both store the components as typed lists
(``measures``, ``labels``; :func:`component_layout`); the views ``score_snapshots_json``
and ``topic_snapshots_json`` give them back as JSON.

Percentile
----------
The mid-rank percentile: ``ceil(100 * (below + equal / 2) / n)``, clipped to 1..100, where
``below`` and ``equal`` count the persons with a lower and with the same value (rounded to
9 decimals, so that both engines see the same ties) and ``n`` counts everyone scored.  Ties
share one percentile; a person above everyone else gets 100 once ``n >= 50``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import ibis

from swaylens.errors import SwaylensError
from swaylens.warehouse.ddl import (
    COMPONENTS_DDL,
    NETWORK_DDL,
    SNAPSHOT_DDL,
    STATES_DDL,
    TOPIC_SNAPSHOT_DDL,
)
from swaylens.warehouse.engines import Engine, Materialized

MS_PER_DAY = 86_400_000.0

#: SQL condition on a snapshot table's ``network`` (one ``?``): the rows of one scope,
#: across networks (NULL) or of one network's own.
SCOPE = "network IS NOT DISTINCT FROM ?"

#: Columns of every score result, in order.
RESULT_COLUMNS: tuple[str, ...] = ("person_id", "score", "value", "low", "high", "components")

#: The snapshot tables are created by warehouse migrations 2 and 3 (``warehouse/ddl.py``).


class ScoreError(SwaylensError):
    """A score was given invalid parameters or could not be computed."""


class Score:
    """Base class of the scores.

    Subclasses set :attr:`name`, take their parameters as keyword arguments with
    documented defaults, store them under the same attribute names, and implement
    :meth:`compute`.
    """

    #: The score's name, as stored in ``score_snapshots.score``.
    name: ClassVar[str] = "score"

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """One row per person: ``person_id, score, value, low, high, components``."""
        raise NotImplementedError

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters and their current values."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def _result(
        self,
        t: ibis.Table,
        *,
        value: ibis.Value,
        low: ibis.Value | None = None,
        high: ibis.Value | None = None,
        components: Mapping[str, ibis.Value],
    ) -> ibis.Table:
        """Shape a per-person table ``t`` (with ``person_id``) into the result columns."""
        null = ibis.null().cast("float64")
        return t.select(
            person_id=t.person_id,
            score=ibis.literal(self.name),
            value=value.cast("float64"),
            low=(low if low is not None else null).cast("float64"),
            high=(high if high is not None else null).cast("float64"),
            components=ibis.struct(dict(components)),
        )


# -- time ---------------------------------------------------------------------------------
def utc(as_of: datetime) -> datetime:
    """``as_of`` as an aware UTC datetime (a naive one is taken to be UTC)."""
    if as_of.tzinfo is None:
        return as_of.replace(tzinfo=UTC)
    return as_of.astimezone(UTC)


def age_days(ts: ibis.Value, as_of: datetime) -> ibis.Value:
    """Days from ``ts`` to ``as_of`` (millisecond resolution, the same on every engine).

    Both sides are taken as naive UTC timestamps: the engines run in UTC, and DuckDB's
    difference of two ``TIMESTAMPTZ`` goes through calendar arithmetic, 2-3x slower.
    """
    end = ibis.literal(utc(as_of).replace(tzinfo=None), type="timestamp")
    ms = end.delta(ts.cast("timestamp"), unit="millisecond")
    return ms.cast("float64") / MS_PER_DAY


def decay(ts: ibis.Value, as_of: datetime, half_life_days: float) -> ibis.Value:
    """``2 ** (-(as_of - ts) / half_life)``: 1 at ``as_of``, 1/2 one half-life earlier."""
    return (age_days(ts, as_of) * (-math.log(2.0) / half_life_days)).exp()


def maturity(ts: ibis.Value, as_of: datetime, days: float) -> ibis.Value:
    """``min(1, age / days)`` at ``as_of`` of an item made at ``ts`` (1 when ``days`` is
    0): the share of an opportunity a young item counts as."""
    if days > 0:
        m = ibis.least(ibis.greatest(age_days(ts, as_of), 0.0) / days, 1.0)
    else:
        m = ibis.literal(1.0)
    # "!float64" forces a real cast: Spark reads a bare 1.0 as DECIMAL, and DECIMAL
    # products and quotients keep only a few decimals (DuckDB/Spark parity).
    return m.cast("!float64")


def window_start(as_of: datetime, days: float) -> datetime:
    """The exclusive start of a window of ``days`` days ending at ``as_of``."""
    return utc(as_of) - timedelta(days=days)


# -- attribution --------------------------------------------------------------------------
def events_until(engine: Engine, as_of: datetime) -> ibis.Table:
    """The events with ``ts <= as_of``."""
    ev = engine.table("events")
    return ev.filter(ev.ts <= ibis.literal(utc(as_of)))


def attach_person(t: ibis.Table, engine: Engine, column: str, person: str) -> ibis.Table:
    """Left-join ``identities`` on ``t[column]``: adds ``person``, the identity's person.

    ``person`` is null where ``t[column]`` is null (an anonymous actor) or names no known
    identity.  Join after aggregating by identity where possible: it is much cheaper.
    """
    ids = engine.table("identities")
    key = f"_{person}_identity"
    m = ids.select(**{key: ids.identity_id, person: ids.person_id})
    return t.left_join(m, t[column] == m[key]).drop(key)


def one_identity_per_person(engine: Engine, ids: ibis.Table | None = None) -> bool:
    """True when no two identities share a person (one network, no merges), among ``ids``
    (rows of identities with ``person_id``; default every identity with a person).  Then
    each pair of identities is a pair of persons, and a score may skip the group by that
    merges the pairs of a person's identities (reach, authority).  One small query."""
    facts: dict[str, Any] | None = None
    if ids is None:
        # Every identity: the same answer for the whole snapshot, asked by several scores.
        facts = engine.__dict__.get(_FACTS)
        if facts is not None and "one_identity_per_person" in facts:
            return bool(facts["one_identity_per_person"])
        ids = engine.table("identities")
        ids = ids.filter(ids.person_id.notnull())
    got = engine.collect(ids.aggregate(n=ids.count(), p=ids.person_id.nunique())).to_pylist()
    single = bool(got) and got[0]["n"] == got[0]["p"]
    if facts is not None:
        facts["one_identity_per_person"] = single
    return single


def per_person(
    engine: Engine, t: ibis.Table, keys: Sequence[str], sums: Mapping[str, str]
) -> ibis.Table:
    """The rows of ``t``, summed per identity and already mapped to persons in ``keys``,
    added up per ``keys`` (``sums``: column -> type, as in
    :func:`~swaylens.scores.state.add_up`).  When each person has one identity the rows
    are already unique per ``keys``, and the group by is skipped."""
    from swaylens.scores.state import add_up

    if one_identity_per_person(engine):
        return t.select(*keys, *sums)
    return add_up(keys, sums, t)


def seen_persons(engine: Engine, as_of: datetime) -> ibis.Table:
    """Persons who acted or were acted upon up to ``as_of`` (one column ``person_id``).

    Four scores start from this list, and it costs two passes over every event: within a
    snapshot it is built once and kept until the snapshot ends, like :func:`computed`.
    """

    from swaylens.scores.state import Part, kept

    def advance(since: datetime | None, ref: datetime) -> dict[str, Part]:
        ev = events_since(engine, since, as_of)
        actors = ev.filter(ev.actor.notnull()).select(identity=ev.actor)
        targets = ev.filter(ev.target_person.notnull()).select(identity=ev.target_person)
        seen = actors.union(targets, distinct=True)
        return {"identities": Part(seen, keys=("identity",))}

    def build() -> ibis.Table:
        seen = kept(engine, "seen", "{}", as_of, advance).parts["identities"]
        seen = attach_person(seen, engine, "identity", "person_id")
        return seen.filter(seen.person_id.notnull()).select("person_id").distinct()

    return _shared(engine, ("seen-persons", utc(as_of)), build)


def events_since(engine: Engine, since: datetime | None, as_of: datetime) -> ibis.Table:
    """The events a state advances by: ``since < ts <= as_of``, or every event up to
    ``as_of`` when ``since`` is None (see :mod:`swaylens.scores.state`)."""
    ev = events_until(engine, as_of)
    if since is None:
        return ev
    return ev.filter(ev.ts > ibis.literal(utc(since)))


def kids_of_new_roots(engine: Engine, since: datetime, as_of: datetime) -> ibis.Table:
    """The contents (any kind, any date) whose root was created in ``(since, as_of]``:
    ``content_id, root_id, kind, author, created_at, community``.

    Expertise and engagement both look, on a day, for older contents whose root arrived
    after them (their topics grow then).  Finding them reads the roots of every content
    (55M at 10^8 events): within a snapshot it is read once for both, and kept until
    the snapshot ends (it is small: the day's new contents' replies)."""

    def build() -> ibis.Table:
        c = engine.table("contents")
        new = c.filter(
            c.created_at > ibis.literal(utc(since)), c.created_at <= ibis.literal(utc(as_of))
        ).select(r_id=c.content_id)
        kids = c.filter(c.root_id.notnull(), c.root_id != c.content_id)
        kids = kids.semi_join(new, kids.root_id == new.r_id)
        return kids.select("content_id", "root_id", "kind", "author", "created_at", "community")

    return _shared(engine, ("kids-of-new-roots", utc(since), utc(as_of)), build)


def kind_weight(kind: ibis.Value, weights: Mapping[str, float]) -> ibis.Value:
    """``weights[kind]``, 0.0 for kinds not listed."""
    branches = [(kind == k, float(w)) for k, w in sorted(weights.items()) if w != 0]
    if not branches:
        return ibis.literal(0.0)
    return ibis.cases(*branches, else_=0.0).cast("float64")


def best_topic(t: ibis.Table, order_by: Sequence[ibis.Value]) -> ibis.Table:
    """Per person of the per-topic rows ``t`` (``person_id, topic`` and more columns,
    unique per pair): the row of the person's first topic in ``order_by`` (expressions
    on ``t``, which must end in a tie break), with ``topic_2`` and ``topic_3`` (the next
    two, or null) and ``_topics`` (how many rows the person has).

    The topics are ranked on ``(person_id, topic)`` alone and the first one's row is
    joined back: at 10^8 events a rank over engagement's 10.1M rows with every column
    took 3.8 s, on the two keys 2.9 s.  The rank's groups are keyed by the person's hash
    first: person ids share long prefixes (``synth:id:``), so sorting on the id alone
    compares whole strings; with the hash first, on engagement's 10.1M rows the rank took
    1.85 s instead of 2.12 s (medians of 3; the id stays in the key, so no two persons
    share a group)."""
    ranked = t.select(
        "person_id", "topic",
        _rk=ibis.row_number().over(
            group_by=[t.person_id.hash(), t.person_id], order_by=list(order_by)
        ),
    )
    best = ranked.group_by(b_person=ranked.person_id).aggregate(
        b_topic=ranked.topic.max(where=ranked._rk == 0),
        topic_2=ranked.topic.max(where=ranked._rk == 1),
        topic_3=ranked.topic.max(where=ranked._rk == 2),
        _topics=ranked.count(),
    )
    return t.join(best, [t.person_id == best.b_person, t.topic == best.b_topic])


# -- percentiles --------------------------------------------------------------------------
def with_percentile(t: ibis.Table, by: Sequence[str] = ("score",)) -> ibis.Table:
    """Add ``percentile`` (1–100, mid-rank, within each ``score``, or each group of the
    columns ``by``: ``("score", "topic")`` for per-topic rows, ``()`` for all the rows)
    to a score result.

    ``percentile = ceil((below + equal / 2) · 100 / n)``, clipped to 1–100, with ``below``
    the values lower than this one, ``equal`` those equal to it (to 9 decimals) and ``n``
    the group's size.  The counts are taken per distinct value first, and only those are
    sorted: the per-topic rows hold few distinct values (at 10^8 events, 0.8M among
    engagement's 10M rows, most of them 0, and 0.34M among expertise's 9.4M), so this is
    about twice as fast as a rank over every row, and no slower per person.  ``value`` is
    never null (the snapshot tables require it), so the join on it loses no row.
    """
    t = t.mutate(_key=t.value.round(9))
    k = t.group_by([*by, "_key"]).aggregate(_equal=t.count())
    # Keys are distinct within a group, so the running sum through this key, less its
    # own count, is the count of the lower values.
    k = k.mutate(
        _below=k._equal.sum().over(
            ibis.cumulative_window(group_by=[k[c] for c in by], order_by=k._key)
        ) - k._equal,
        _n=k._equal.sum().over(group_by=[k[c] for c in by]),
    )
    k = k.rename({f"_k_{c}": c for c in by})
    j = t.join(k, [*(t[c] == k[f"_k_{c}"] for c in by), t._key == k._key])
    n = j._n.cast("float64")
    pct = ((j._below.cast("float64") + j._equal.cast("float64") * 0.5) * 100.0 / n).ceil()
    pct = ibis.greatest(ibis.least(pct, 100), 1).cast("int32")
    return j.select(*t.columns, percentile=pct).drop("_key")


def topic_result(score: Score, t: ibis.Table) -> ibis.Table:
    """Shape per-topic rows of ``score`` (``compute_topics``: ``person_id, topic, value,
    low, high`` and more columns) into ``person_id, score, topic, value, low, high,
    components``, the further columns becoming the components."""
    fixed = ("person_id", "topic", "value", "low", "high")
    return t.select(
        person_id=t.person_id,
        score=ibis.literal(score.name),
        topic=t.topic,
        value=t.value.cast("float64"),
        low=t.low.cast("float64"),
        high=t.high.cast("float64"),
        components=ibis.struct({c: t[c] for c in t.columns if c not in fixed}),
    )


def component_layout(t: ibis.Table) -> list[tuple[str, str, int]]:
    """Where each component of the results ``t`` is stored (``score_runs.measures``):
    ``(name, kind, i)`` in the struct's order, ``kind`` ``"int"``, ``"float"`` or
    ``"bool"`` (the ``i``-th of the row's ``measures``) or ``"text"`` (the ``i``-th of its
    ``labels``)."""
    dtype = t.schema()["components"]
    if not dtype.is_struct():
        raise ScoreError(f"components must be a struct, got {dtype}")
    out: list[tuple[str, str, int]] = []
    counts = {"num": 0, "text": 0}
    for name, ft in dtype.items():
        if ft.is_string():
            kind, group = "text", "text"
        elif ft.is_boolean():
            kind, group = "bool", "num"
        elif ft.is_integer():
            kind, group = "int", "num"
        elif ft.is_floating() or ft.is_decimal():
            kind, group = "float", "num"
        else:
            raise ScoreError(f"component {name!r} is {ft}: components are numbers or text")
        counts[group] += 1
        out.append((name, kind, counts[group]))
    return out


def _component_lists(layout: Sequence[tuple[str, str, int]]) -> tuple[str, str]:
    """DuckDB SQL over a result ``_r``: its ``measures`` and ``labels`` lists."""
    def field(name: str) -> str:
        return '_r.components."' + name.replace('"', '""') + '"'

    nums = [f"{field(n)}::DOUBLE" for n, kind, _ in layout if kind != "text"]
    texts = [f"{field(n)}::VARCHAR" for n, kind, _ in layout if kind == "text"]
    return (
        f"[{', '.join(nums)}]" if nums else "NULL::DOUBLE[]",
        f"[{', '.join(texts)}]" if texts else "NULL::VARCHAR[]",
    )


# -- results shared between scores -------------------------------------------------------
_MEMO = "_score_memo"
_SCOPES = "_score_scopes"
#: Small answers about the warehouse, kept while a snapshot runs (nothing is ingested then).
_FACTS = "_score_facts"


def _shared(
    engine: Engine,
    key: tuple[Any, ...],
    build: Callable[[], ibis.Table],
    *,
    scoped: bool = False,
) -> ibis.Table:
    """``build()``, materialised once per key while a snapshot runs (see :func:`computed`);
    outside a snapshot simply ``build()``.

    A ``scoped`` result (an intermediate :func:`stage`) belongs to the result being built
    around it and is released as soon as that one is materialised: a snapshot of seven
    scores at 10^8 events cannot keep every intermediate until its end.
    """
    memo: dict[tuple[Any, ...], Materialized] | None = engine.__dict__.get(_MEMO)
    if memo is None:
        return build()
    if key not in memo:
        scopes: list[list[tuple[Any, ...]]] = engine.__dict__.setdefault(_SCOPES, [])
        if scoped and scopes:
            scopes[-1].append(key)
        scopes.append([])
        try:
            m = Materialized(engine, build())
        finally:
            inner = scopes.pop()
        memo[key] = m
        if m.eager:
            for k in inner:
                memo.pop(k).release()
        elif scopes:
            # A lazy result still reads its inner steps when it is first used: they live
            # as long as the result around it.
            scopes[-1].extend(inner)
    return memo[key].table


def stage(
    engine: Engine, step: str, score: Score, as_of: datetime, build: Callable[[], ibis.Table]
) -> ibis.Table:
    """An intermediate ``step`` of ``score`` at ``as_of``, materialised once per snapshot.

    A score's plan as one query keeps every hash table of its joins and aggregations alive
    at once; at 10^8 events that exceeds a few GB of memory even where each operator could
    spill alone.  Cutting the plan at a big intermediate (the (post, responder) pairs,
    say) bounds the working set by its largest step.  The step is released once the
    result it was built for (a score, a per-topic table, an enclosing step) is
    materialised.  It is keyed by the step's name, the score's name and parameters and
    the date.  Outside a snapshot it is simply ``build()``: an expression for
    explanations and tests.
    """
    return _shared(engine, _key(step, score, as_of), build, scoped=True)


def _key(kind: str, score: Score, as_of: datetime) -> tuple[Any, ...]:
    return (kind, score.name, params_json(score), utc(as_of))


def params_json(score: Score) -> str:
    """``score``'s parameters as stored in ``score_runs.params``."""
    return json.dumps(score.get_params(), sort_keys=True, default=str)


def previous_run(
    engine: Engine, score: Score, before: datetime, *, ignore: Sequence[str] = ()
) -> datetime | None:
    """The newest date before ``before`` at which ``score`` is stored (``score_runs``)
    with the same parameters, those named in ``ignore`` aside, on the engine's network;
    or None."""
    con = engine.warehouse.con
    known = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'score_runs'"
    ).fetchone()
    if not known or not known[0]:
        return None  # nothing stored yet (and a read-only warehouse stays untouched)
    mine = {k: v for k, v in json.loads(params_json(score)).items() if k not in ignore}
    rows = con.execute(
        "SELECT as_of, params::VARCHAR FROM score_runs WHERE score = ? AND as_of < ?"
        f" AND {SCOPE} ORDER BY as_of DESC",
        [score.name, utc(before), engine.network],
    ).fetchall()
    for as_of, params in rows:
        theirs = {k: v for k, v in json.loads(params or "{}").items() if k not in ignore}
        if theirs == mine:
            return utc(as_of)
    return None


def computed(engine: Engine, score: Score, as_of: datetime) -> ibis.Table:
    """``score.compute(engine, as_of)``, computed once per engine, parameters and date.

    Influence builds on other scores (authority, expertise), and a snapshot stores both
    the person-level and the per-topic rows of a score: each is computed once, kept by the
    engine (a temporary table on DuckDB, a checkpoint on Spark) and read by every user.
    The memo exists only while :func:`snapshot` runs (it then releases the tables), so a
    result can never outlive the warehouse state it was computed from.
    """
    return _shared(engine, _key("compute", score, as_of), lambda: score.compute(engine, as_of))


def computed_topics(engine: Engine, score: Any, as_of: datetime) -> ibis.Table:
    """``score.compute_topics(engine, as_of)``, shared like :func:`computed`."""
    return _shared(
        engine, _key("topics", score, as_of), lambda: score.compute_topics(engine, as_of)
    )


# -- snapshots ----------------------------------------------------------------------------
def ensure_snapshot_tables(engine_or_con: Engine | Any) -> None:
    """Create ``score_snapshots``, ``score_runs`` and ``topic_snapshots`` if they do not
    exist."""
    con = engine_or_con.warehouse.con if isinstance(engine_or_con, Engine) else engine_or_con
    for ddl in (
        *SNAPSHOT_DDL, *TOPIC_SNAPSHOT_DDL, *NETWORK_DDL, *COMPONENTS_DDL, STATES_DDL
    ):
        con.execute(ddl)


def snapshot(
    engine: Engine, scores: Iterable[Score], as_of: datetime, *, incremental: bool = True
) -> dict[str, int]:
    """Compute ``scores`` at ``as_of`` and store them in ``score_snapshots``.

    On an engine bound to one network (``connect(..., network=N)``) the scores are those
    of N's own events and contents, stored with ``network = N``; otherwise across every
    network, with ``network`` NULL.  The two never replace each other.  A score with a
    ``compute_topics`` method (engagement, expertise) also stores its per-topic rows in
    ``topic_snapshots``, with the percentile within (score, topic).
    The rows of ``as_of`` for these scores are replaced in one transaction, in both
    tables; other dates and other scores are kept.  Returns the number of persons stored
    per score.

    Scores with state (:mod:`swaylens.scores.state`) advance the stored state of an
    earlier date by the events since, when it is usable and ``incremental`` (the
    default); ``incremental=False`` builds every state again from all the events.
    """
    from swaylens.scores import state

    as_of = utc(as_of)
    scores = list(scores)
    names = [s.name for s in scores]
    if len(set(names)) != len(names):
        raise ScoreError(f"each score can be computed once per snapshot, got {names}")
    ensure_snapshot_tables(engine)
    marks = ", ".join("?" for _ in names)
    memo: dict[tuple[Any, ...], Materialized] = {}
    engine.__dict__[_MEMO] = memo
    engine.__dict__[_FACTS] = {}
    order = _insertion_order(engine, False)
    state.begin(engine, use_prior=incremental)
    try:
        return _snapshot(engine, scores, as_of, names, marks)
    finally:
        state.end(engine)
        del engine.__dict__[_MEMO]
        engine.__dict__.pop(_SCOPES, None)
        engine.__dict__.pop(_FACTS, None)
        for m in memo.values():
            m.release()
        _insertion_order(engine, order)


def _insertion_order(engine: Engine, value: bool | None) -> bool | None:
    """Set DuckDB's ``preserve_insertion_order`` (None: leave it); returns the old value.

    A snapshot's steps and results are unordered sets: without the order to keep, DuckDB
    materialises them with less memory.  Other engines: nothing to do (None).
    """
    if engine.name != "duckdb" or value is None:
        return None
    con = engine.warehouse.con
    row = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    con.execute(f"SET preserve_insertion_order = {'true' if value else 'false'}")
    return bool(row[0]) if row is not None else True


def _snapshot(
    engine: Engine, scores: list[Score], as_of: datetime, names: list[str], marks: str
) -> dict[str, int]:
    # Each result holds one score: its percentiles need no group by the score, and the
    # join back on the key alone is cheaper (engagement's 10M per-topic rows: 0.92 s
    # against 1.24 s with the score in the keys).
    exprs = [with_percentile(computed(engine, s, as_of), by=()) for s in scores]
    topic_exprs = {
        s.name: with_percentile(
            topic_result(s, computed_topics(engine, s, as_of)), by=("topic",)
        )
        for s in scores
        if hasattr(s, "compute_topics")
    }
    # Each result has its own components: the layout is per expression.
    layouts = [component_layout(e) for e in exprs]
    topic_layouts = {name: component_layout(e) for name, e in topic_exprs.items()}

    network = engine.network
    mine = f"as_of = ? AND score IN ({marks}) AND {SCOPE}"

    def record_runs(con: Any, counts: list[int], topic_sources: Sequence[str]) -> None:
        con.execute(f"DELETE FROM score_runs WHERE {mine}", [as_of, *names, network])
        for s, n, layout in zip(scores, counts, layouts, strict=True):
            topic_layout = topic_layouts.get(s.name)
            con.execute(
                "INSERT INTO score_runs (as_of, score, params, engine, persons, computed_at,"
                " network, measures, topic_measures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    as_of, s.name, params_json(s), engine.name, n, datetime.now(UTC), network,
                    json.dumps(layout),
                    None if topic_layout is None else json.dumps(topic_layout),
                ],
            )
        con.execute(f"DELETE FROM topic_snapshots WHERE {mine}", [as_of, *names, network])
        for source, layout in zip(topic_sources, topic_layouts.values(), strict=True):
            measures, labels = _component_lists(layout)
            con.execute(
                "INSERT INTO topic_snapshots (as_of, score, person_id, topic, value,"
                " percentile, low, high, measures, labels, network) SELECT ?::TIMESTAMPTZ,"
                f" score, person_id, topic, value, percentile, low, high, {measures},"
                f" {labels}, ? FROM {source} AS _r",
                [as_of, network],
            )

    with engine.sources(list(topic_exprs.values())) as topic_sources:
        stored = engine.store(
            exprs,
            "score_snapshots",
            columns=(
                "as_of", "score", "person_id", "value", "percentile", "low", "high",
                "measures", "labels", "network",
            ),
            select=[
                (
                    "?::TIMESTAMPTZ", "score", "person_id", "value", "percentile", "low",
                    "high", *_component_lists(layout), "?",
                )
                for layout in layouts
            ],
            params=[as_of, network],
            delete_where=mine,
            delete_params=[as_of, *names, network],
            then=lambda con, counts: record_runs(con, counts, topic_sources),
        )
    return dict(zip(names, stored, strict=True))


def snapshot_dates(
    con: Any, score: str | None = None, network: str | None = None
) -> list[datetime]:
    """The ``as_of`` dates stored in ``score_snapshots`` (of one score, if given), of the
    snapshots across networks or, with ``network``, of that network's own."""
    ensure_snapshot_tables(con)
    q = f"SELECT DISTINCT as_of FROM score_snapshots WHERE {SCOPE}"
    params: list[Any] = [network]
    if score is not None:
        q += " AND score = ?"
        params.append(score)
    return [r[0] for r in con.execute(q + " ORDER BY 1", params).fetchall()]
