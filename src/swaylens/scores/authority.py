"""Authority: who responds to you, as weighted PageRank over the engagement graph.

What it measures
----------------
A person has authority when people who themselves have authority engage with them.  It
is PageRank over the time-decayed engagement graph: an edge ``u -> v`` when person ``u``
engaged with person ``v`` (replied, commented, reshared, quoted, mentioned, reacted
positively, accepted an answer, adopted an item).  Unlike reach it weighs *who* responds,
and unlike resonance it is not per post.

What it does not measure
------------------------
Volume: a thousand likes from one fan move at most that fan's single vote, because each
person's outgoing weight is normalised to 1.  Follows are not engagement (as for reach).
Anonymous engagements (Stack Exchange votes) have no source node and are ignored.

Formula
-------
Edge weights, for persons ``u != v`` and the events ``e`` with ``ts <= as_of``::

    w(u, v) = Σ_e 2^(-(as_of - e.ts) / half_life)     over e by u on v, e.kind in
              ENGAGEMENT_KINDS (reactions only with value > 0)
    W(u)    = Σ_v w(u, v)                              (u's outgoing weight)

Reciprocity damping (anti-gaming, parameter ``λ = reciprocity_damping``)::

    recip(u) = Σ_{v : w(v, u) > 0} w(u, v) / W(u)    share of u's weight that goes to
                                                     people who engage back with u
    keep(u)  = 1 - λ · recip(u)     (0 for a dangling u, with W(u) = 0)
    P(u, v)  = keep(u) · w(u, v) / W(u)

A sock-puppet ring whose members engage mostly with each other passes on only
``1 - λ`` of its rank along its edges; the rest, like the rank of dangling nodes, is
spread uniformly over everyone.  Someone engaging with a hub who never engages back keeps
their whole vote.  ``λ = 0`` is plain weighted PageRank.

Power iteration over the ``N`` persons, with damping ``d``::

    r_0(v)     = 1 / N      (or a warm start: see below)
    U_k        = Σ_u r_k(u) · (1 - keep(u))            (dangling and damped mass)
    r_{k+1}(v) = (1 - d) / N + d · (Σ_u r_k(u) · P(u, v) + U_k / N)

until ``‖r_{k+1} - r_k‖₁ < tol`` (the L1 change of the whole vector, not ``N · tol`` as
networkx and rustworkx use: at a million nodes that stops far too early) or ``max_iter``
steps.  The values sum to 1.

Warm start
----------
With ``warm_start`` (the default), the iteration starts from the ranks stored by the
newest earlier snapshot with the same parameters (persons new since then at ``1 / N``,
the whole rescaled to sum 1).  PageRank with teleportation has a single fixed point, and
the iteration reaches it from any start, so the values agree with a cold start to within
the stopping tolerance; a daily snapshot, whose graph changed by one day, takes fewer
steps.  Only earlier dates are read, so no later evidence can leak into a snapshot, and
the stored ranks are a starting point, never evidence.

State
-----
The edge weights are kept between snapshots (:mod:`swaylens.scores.state`): each
identity that engages or is engaged with gets a number once (part ``ids``), and part
``pairs`` has one row per (actor number, target number), ``w = Σ_e 2^((e.ts - ref) /
half_life)`` over the pair's qualifying events, stored at the state's reference time
``ref``.  A snapshot adds the events since the state's watermark
(:meth:`Authority.advance`) and reads it back (:meth:`Authority.edges`): identities mapped
to persons (so self-loops are dropped at person level), the per-person sums decayed to
``as_of`` by ``2^((ref - as_of) / half_life)``.  When each person has one identity, a
person's node in the iteration is its identity's number, so the kept pairs are the edges
as they are (28M rows at 10^8 events, which would otherwise be joined twice).  The
state depends on ``half_life_days`` and ``kinds`` only, so every authority with those
(influence's included) shares it.  The iteration itself is not kept: it runs over the
whole graph at every snapshot, warm-started as above, with the persons numbered by
integers so that each step joins and groups integers, not strings.

Engines
-------
One implementation for DuckDB and Spark: each step is an Ibis expression (join the rank
table with the edge table, group by target, add the teleport and uniform shares), and
each step's rank table is materialised (:class:`Materialized`: Ibis' ``Table.cache()``,
a temporary table, on DuckDB; an eager ``localCheckpoint()`` behind a temporary view on
Spark), so neither expression trees nor Spark lineage grow with the iterations.  Only
two numbers come back to the driver per step (``‖Δr‖₁`` and ``U``); the edges never do.
Note that :meth:`Authority.compute` therefore runs queries when it is called (the other
scores only build expressions), and the returned expression refers to materialised
tables: on DuckDB they live as long as the expression does, on Spark until the session
ends.

Defaults
--------
``half_life_days = 90``, ``damping = 0.85``, ``tol = 1e-9``, ``max_iter = 100``,
``reciprocity_damping = 0.5``, ``warm_start = True``.  The persons scored are everyone
who acted or was acted upon up to ``as_of``.  Components: ``iterations``, ``delta`` (the
final L1 change), ``in_weight`` and ``out_weight`` (decayed engagement received from and
given to others), ``engagers`` (distinct persons with an edge to the person) and
``reciprocity`` (``recip(p)``, null when the person engaged with nobody).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

import ibis

from swaylens.schema import EVENT_KINDS
from swaylens.scores.base import (
    Score,
    ScoreError,
    events_since,
    one_identity_per_person,
    previous_run,
    seen_persons,
    stage,
)
from swaylens.scores.reach import ENGAGEMENT_KINDS
from swaylens.scores.state import Kept, Part, add_up, grow, kept, prior_parts, shrink
from swaylens.warehouse.engines import Engine, Materialized

#: The degrees kept per identity number (authority's ``degrees`` part), at ``ref``: the
#: weight it gives to others (``out_w``), the part of that going to identities that engage
#: back (``back_w``), the weight it receives (``in_w``) and how many engage with it.
_DEGREES: dict[str, str] = {
    "out_w": "float64", "back_w": "float64", "in_w": "float64", "engagers": "int64"
}


class Authority(Score):
    """Weighted PageRank over the decayed engagement graph between persons.

    Parameters
    ----------
    half_life_days:
        An engagement's weight halves every ``half_life_days`` (default 90).
    damping:
        The PageRank damping factor ``d`` (default 0.85), in (0, 1).
    tol:
        Stop when the L1 change of the whole rank vector is below ``tol`` (default 1e-9).
    max_iter:
        Stop after at most this many steps (default 100).
    reciprocity_damping:
        ``λ`` in [0, 1] (default 0.5): the share of a person's vote withheld in proportion
        to how much of it goes to people who engage back (reciprocal rings).
    kinds:
        Event kinds that make an edge (default :data:`~swaylens.scores.reach.ENGAGEMENT_KINDS`).
    warm_start:
        Start the iteration from the newest stored snapshot of an earlier date with the
        same parameters (default True); otherwise, and when there is none, from the
        uniform vector.  The fixed point is the same, so the result is too, to within
        ``tol``; a daily snapshot needs fewer steps.
    """

    name: ClassVar[str] = "authority"

    def __init__(
        self,
        half_life_days: float = 90.0,
        damping: float = 0.85,
        tol: float = 1e-9,
        max_iter: int = 100,
        reciprocity_damping: float = 0.5,
        kinds: Iterable[str] = ENGAGEMENT_KINDS,
        warm_start: bool = True,
    ) -> None:
        if not half_life_days > 0:
            raise ScoreError(f"half_life_days must be > 0, got {half_life_days}")
        if not 0.0 < damping < 1.0:
            raise ScoreError(f"damping must be in (0, 1), got {damping}")
        if not tol > 0:
            raise ScoreError(f"tol must be > 0, got {tol}")
        if int(max_iter) < 1:
            raise ScoreError(f"max_iter must be >= 1, got {max_iter}")
        if not 0.0 <= reciprocity_damping <= 1.0:
            raise ScoreError(
                f"reciprocity_damping must be in [0, 1], got {reciprocity_damping}"
            )
        kinds = tuple(kinds)
        unknown = sorted(set(kinds) - set(EVENT_KINDS))
        if unknown or not kinds:
            raise ScoreError(f"authority kinds must be event kinds, got {kinds!r}")
        self.half_life_days = float(half_life_days)
        self.damping = float(damping)
        self.tol = float(tol)
        self.max_iter = int(max_iter)
        self.reciprocity_damping = float(reciprocity_damping)
        self.kinds = kinds
        self.warm_start = bool(warm_start)
        #: Set by :meth:`compute`: the date of the stored snapshot the iteration started
        #: from, or None for a cold start.
        self._started_from: datetime | None = None
        #: Set by :meth:`compute`: the L1 change after each step (for tests and logs).
        self._deltas: list[float] = []

    # -- graph ------------------------------------------------------------------------------
    def state_params(self) -> str:
        """The parameters the edge state depends on (:meth:`advance`): the half-life and
        the kinds.  Damping, tolerance and the rest only steer the iteration, so every
        authority with the same edges (influence's own included) shares one state."""
        return json.dumps(
            {"half_life_days": self.half_life_days, "kinds": sorted(self.kinds)},
            sort_keys=True,
        )

    def advance(
        self, engine: Engine, as_of: datetime, since: datetime | None, ref: datetime
    ) -> dict[str, Part]:
        """The state's new rows from the events with ``since < ts <= as_of``
        (:mod:`swaylens.scores.state`).

        * ``ids``: each identity that acts or is acted upon in a qualifying event gets a
          number ``num`` once, when it first appears (after the kept ones);
        * ``pairs``: per (``src``, ``dst``), the numbers of the actor and the target
          identity, ``w`` (the qualifying engagements, each ``2^((ts - ref) / half_life)``).

        Keyed by integers, the pairs become the graph's edges without a join when each
        person has one identity (:meth:`compute`)."""
        ev = events_since(engine, since, as_of)
        ev = ev.filter(
            ev.kind.isin(self.kinds),
            ev.actor.notnull(),
            ev.target_person.notnull(),
            (ev.kind != "reaction") | (ev.value > 0),
        )
        rows = ev.group_by(["actor", "target_person"]).aggregate(
            w=grow(ev.ts, ref, self.half_life_days).sum()
        )
        seen = rows.select(identity=rows.actor).union(
            rows.select(identity=rows.target_person), distinct=True
        )
        if since is None:
            fresh = seen.mutate(num=ibis.row_number().over(order_by=seen.identity))
        else:
            held = prior_parts(engine, self.name, self.state_params())["ids"]
            fresh = seen.anti_join(held, seen.identity == held.identity)
            top = (held.num.max().fill_null(-1) + 1).as_scalar()
            fresh = fresh.mutate(num=ibis.row_number().over(order_by=fresh.identity) + top)
        fresh = fresh.select("identity", num=fresh.num.cast("int64"))
        # Read by both parts: numbered once.
        span = "" if since is None else f" since {since.isoformat()}"
        fresh = stage(engine, f"identity numbers{span}", self, as_of, lambda: fresh)
        if since is None:
            known = fresh
        else:
            known = held.select("identity", "num").union(fresh, distinct=False)
        s = known.select(s_identity=known.identity, src=known.num)
        d = known.select(d_identity=known.identity, dst=known.num)
        p = rows.join(s, rows.actor == s.s_identity).join(d, rows.target_person == d.d_identity)
        pairs = p.select("src", "dst", "w")
        # Read by the pairs' part and the degrees: staged, so that the full build groups
        # every event once, not once per reader.
        pairs = stage(engine, f"pairs{span}", self, as_of, lambda: pairs)
        if since is None:
            pairs, degrees = self._degrees(engine, as_of, pairs)
        else:
            pairs, degrees = self._moved_degrees(
                engine, as_of, span, pairs,
                prior_parts(engine, self.name, self.state_params())["pairs"],
            )
        return {
            "ids": Part(fresh, keys=("identity",), new_keys=True),
            "pairs": Part(pairs, keys=("src", "dst"), sums=("w",), maxes=("back",)),
            "degrees": Part(degrees, keys=("num",), sums=tuple(_DEGREES)),
        }

    @staticmethod
    def _degree_rows(
        pairs: ibis.Table, *, back: ibis.Value, new: ibis.Value
    ) -> tuple[ibis.Table, ibis.Table]:
        """What the pairs ``pairs`` (``src, dst, w``; no self-pair) add to the kept
        degrees of their sources and of their targets, with ``back`` (the pair counts in
        ``back_w``) and ``new`` (the pair is new: one more engager) per row."""
        out = pairs.select(num=pairs.src, out_w=pairs.w, back_w=back.ifelse(pairs.w, 0.0))
        inn = pairs.select(num=pairs.dst, in_w=pairs.w, engagers=new.ifelse(1, 0))
        return out, inn

    def _degrees(
        self, engine: Engine, as_of: datetime, pairs: ibis.Table
    ) -> tuple[ibis.Table, ibis.Table]:
        """Every pair with ``back`` (1 when the reverse pair exists), and every
        identity's degrees (:data:`_DEGREES`), from all the pairs."""
        # Read by the pairs' part and the degrees: the self-join runs once.
        pairs = stage(engine, "pairs with back", self, as_of, lambda: self._with_back(pairs))
        return pairs, self._degree_sums(pairs)

    @staticmethod
    def _with_back(pairs: ibis.Table) -> ibis.Table:
        """``pairs`` (``src, dst, w``) with ``back``: 1 when the reverse pair exists."""
        rev = pairs.select(r_src=pairs.dst, r_dst=pairs.src)
        j = pairs.left_join(rev, (pairs.src == rev.r_src) & (pairs.dst == rev.r_dst))
        return j.select("src", "dst", "w", back=j.r_src.notnull().ifelse(1, 0).cast("int64"))

    @classmethod
    def _degree_sums(cls, pairs: ibis.Table) -> ibis.Table:
        """Per node, the degrees (:data:`_DEGREES`) of every pair of ``pairs`` (``src,
        dst, w, back``), self-pairs left out."""
        other = pairs.filter(pairs.src != pairs.dst)
        rows = cls._degree_rows(other, back=other.back == 1, new=ibis.literal(True))
        return add_up(("num",), _DEGREES, *rows)

    def _moved_degrees(
        self, engine: Engine, as_of: datetime, span: str, day: ibis.Table, held: ibis.Table
    ) -> tuple[ibis.Table, ibis.Table]:
        """The day's pairs ``day`` (``src, dst, w``) with ``back``, and what they change
        in the kept degrees.  A pair, once there, stays (its weight only decays), so a
        pair's ``back`` turns 1 once and for all when its reverse first appears; then the
        reverse pair's whole kept weight joins its source's ``back_w``."""
        keys = day.select("src", "dst").union(
            day.select(src=day.dst, dst=day.src), distinct=True
        )
        # The kept pairs the day touches, or whose reverse it touches: one scan of the
        # kept pairs, the rest on the day's few rows.
        touched = held.semi_join(keys, [held.src == keys.src, held.dst == keys.dst])
        touched = stage(engine, f"touched pairs{span}", self, as_of, lambda: touched.select(
            t_src=touched.src, t_dst=touched.dst, t_w=touched.w, t_back=touched.back
        ))
        mine = touched.select(m_src=touched.t_src, m_dst=touched.t_dst)
        rev_held = touched.select(
            v_src=touched.t_src, v_dst=touched.t_dst, v_w=touched.t_w, v_back=touched.t_back
        )
        rev_day = day.select(y_src=day.src, y_dst=day.dst)
        j = day.left_join(mine, [day.src == mine.m_src, day.dst == mine.m_dst])
        j = j.left_join(rev_held, [j.src == rev_held.v_dst, j.dst == rev_held.v_src])
        j = j.left_join(rev_day, [j.src == rev_day.y_dst, j.dst == rev_day.y_src])
        j = j.select(
            "src", "dst", "w",
            new=j.m_src.isnull(),
            back=j.v_src.notnull() | j.y_src.notnull(),
            flips=j.v_src.notnull() & (j.v_back == 0),
            v_w=j.v_w,
        )
        j = stage(engine, f"pair moves{span}", self, as_of, lambda: j)
        i = "int64"
        pairs = j.select("src", "dst", "w", back=j.back.ifelse(1, 0).cast(i))
        # The reverse pairs that now have one: back 1, no weight of their own today.
        flipped = j.filter(j.flips)
        pairs = pairs.union(
            flipped.select(src=flipped.dst, dst=flipped.src, w=ibis.literal(0.0, "float64"),
                           back=ibis.literal(1, i)),
            distinct=False,
        )
        pairs = pairs.group_by(["src", "dst"]).aggregate(
            w=pairs.w.sum(), back=pairs.back.max()
        )
        other = j.filter(j.src != j.dst)
        rows = self._degree_rows(other, back=other.back, new=other.new)
        flips = flipped.filter(flipped.src != flipped.dst)
        flips = flips.select(num=flips.dst, back_w=flips.v_w)
        return pairs, add_up(("num",), _DEGREES, *rows, flips)

    def edges(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """The person graph: ``src, dst, w`` (decayed weight), self-loops excluded.

        Built from the kept state of identity pairs (:meth:`advance`): identities are
        mapped to persons when it is read, and the sums stored at ``ref`` are decayed to
        ``as_of``.  Outside a snapshot the state is an expression over every event."""
        ids = engine.table("identities")
        return self._graph(engine, as_of, ids.select(ids.identity_id, node=ids.person_id))

    def _state(self, engine: Engine, as_of: datetime) -> Kept:
        return kept(
            engine, self.name, self.state_params(), as_of,
            lambda since, ref: self.advance(engine, as_of, since, ref),
            half_lives=(self.half_life_days,), layout=3,
        )

    def _graph(
        self, engine: Engine, as_of: datetime, ids: ibis.Table, *, direct: bool = False,
        one_per_node: bool = False,
    ) -> ibis.Table:
        """:meth:`edges` with each identity mapped to its ``node`` by ``ids``
        (``identity_id, node``: its person, or the person's number in :meth:`compute`);
        an identity that ``ids`` does not map has no edge.

        ``one_per_node``: the caller has checked that no two identities of ``ids`` share a
        node.  Then each kept identity pair is already one (src, dst) edge, and the group
        by that merges the pairs of one person pair is skipped: same rows, same weights.
        ``direct``: moreover each kept identity's node is its own ``num`` (:meth:`compute`
        numbers the persons so), so the kept pairs are the edges as they are, with no join
        (28M rows at 10^8 events)."""
        state = self._state(engine, as_of)
        pairs = state.parts["pairs"]
        factor = shrink(state.ref, as_of, self.half_life_days)
        if direct:
            pairs = pairs.filter(pairs.src != pairs.dst)
            return pairs.select("src", "dst", w=pairs.w * factor)
        nums = state.parts["ids"]
        m = nums.join(ids, nums.identity == ids.identity_id)
        m = m.select(num=m.num, node=m.node)
        s = m.select(s_num=m.num, n_src=m.node)
        d = m.select(d_num=m.num, n_dst=m.node)
        pairs = pairs.join(s, pairs.src == s.s_num)
        pairs = pairs.join(d, pairs.dst == d.d_num)
        pairs = pairs.filter(
            pairs.n_src.notnull(), pairs.n_dst.notnull(), pairs.n_src != pairs.n_dst
        )
        if one_per_node:
            return pairs.select(src=pairs.n_src, dst=pairs.n_dst, w=pairs.w * factor)
        return pairs.group_by(src=pairs.n_src, dst=pairs.n_dst).aggregate(
            w=pairs.w.sum() * factor
        )

    def _numbered(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """Every identity of a person scored, ``identity_id, person_id, node``, where
        ``node`` numbers the persons: the smallest ``num`` the state gave one of their
        identities (:meth:`advance`), or a negative number for a person none of whose
        identities is in a pair.  The graph and the iteration join on ``node``: a join or a
        group by on an integer costs a fraction of one on a string, and every step of the
        iteration is one join and one group by over all the edges.  With one identity per
        person, each kept identity's node is its own number, so the kept pairs are the
        edges (``direct`` in :meth:`_graph`)."""
        people = seen_persons(engine, as_of)
        ids = engine.table("identities")
        t = ids.join(people, ids.person_id == people.person_id).select(
            ids.identity_id, ids.person_id
        )
        nums = self._state(engine, as_of).parts["ids"]
        t = t.left_join(nums, t.identity_id == nums.identity).select(
            "identity_id", "person_id", "num"
        )
        per = t.group_by(p_pid=t.person_id).aggregate(low=t.num.min())
        per = per.mutate(
            node=per.low.fill_null(-1 - ibis.row_number().over(order_by=per.p_pid))
        )
        t = t.join(per, t.person_id == per.p_pid)
        return t.select(t.identity_id, t.person_id, node=t.node.cast("!int64"))

    def _kept_degrees(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """Each identity number's degrees at ``as_of`` from the state (``num,
        out_weight, back_weight, in_weight, engagers``; self-pairs excluded)."""
        state = self._state(engine, as_of)
        factor = shrink(state.ref, as_of, self.half_life_days)
        return self._decayed(state.parts["degrees"], factor)

    @staticmethod
    def _decayed(g: ibis.Table, factor: float) -> ibis.Table:
        """Degrees (:data:`_DEGREES`) as :meth:`_nodes` reads them, weights times
        ``factor``: ``num, out_weight, back_weight, in_weight, engagers``."""
        return g.select(
            "num", out_weight=g.out_w * factor, back_weight=g.back_w * factor,
            in_weight=g.in_w * factor, engagers=g.engagers,
        )

    def _all_numbers_scored(self, engine: Engine, as_of: datetime, ids: ibis.Table) -> bool:
        """Whether every identity numbered in the state is among ``ids`` (the identities
        of the persons scored).  It always is when the events name known identities; an
        identity without a person has no edge, and then the pairs are joined."""
        nums = self._state(engine, as_of).parts["ids"]
        lost = nums.anti_join(ids, nums.identity == ids.identity_id)
        return not engine.collect(lost.select("num").limit(1)).num_rows

    def _nodes(
        self, people: ibis.Table, edges: ibis.Table, degrees: ibis.Table | None = None
    ) -> ibis.Table:
        """Every person (``person_id``, ``node``) with ``keep`` and the degree components,
        from the numbered edges, or from ``degrees`` (:meth:`_kept_degrees`) when each
        node is an identity's number (``direct`` in :meth:`_graph`): no pass over the
        edges then."""
        if degrees is None:
            degrees = self._decayed(self._degree_sums(self._with_back(edges)), 1.0)
        # Weights are positive, so a zero sum is a node with no such edge.
        o = degrees.filter(degrees.out_weight > 0)
        out = o.select(o_node=o.num, out_weight=o.out_weight, back_weight=o.back_weight)
        i = degrees.filter(degrees.engagers > 0)
        inn = i.select(i_node=i.num, in_weight=i.in_weight, engagers=i.engagers)
        t = people.left_join(out, people.node == out.o_node)
        t = t.left_join(inn, t.node == inn.i_node)
        recip = t.back_weight / t.out_weight
        keep = t.out_weight.isnull().ifelse(
            0.0, 1.0 - self.reciprocity_damping * recip
        )
        return t.select(
            person_id=t.person_id,
            node=t.node,
            keep=keep.cast("float64"),
            out_weight=t.out_weight.fill_null(0.0),
            in_weight=t.in_weight.fill_null(0.0),
            engagers=t.engagers.fill_null(0),
            reciprocity=recip.cast("float64"),
        )

    # -- iteration --------------------------------------------------------------------------
    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        numbered = Materialized(engine, self._numbered(engine, as_of))
        ids = numbered.table
        # One identity per person is the common case (one network, no merges); then each
        # kept identity's node is its own number, and if every kept identity is a scored
        # person's, the kept pairs are the edges.
        single = one_identity_per_person(engine, ids)
        direct = single and self._all_numbers_scored(engine, as_of, ids)
        edges = Materialized(
            engine, self._graph(engine, as_of, ids, direct=direct, one_per_node=single)
        )
        people = ids.select("person_id", "node").distinct()
        degrees = self._kept_degrees(engine, as_of) if direct else None
        nodes = Materialized(engine, self._nodes(people, edges.table, degrees)).table
        numbered.release()
        e = edges.table
        # W(u) is the node's out_weight.
        trans_expr = e.join(nodes, e.src == nodes.node)
        # Each step groups the edges by dst: stored in dst order, a step takes half the
        # time (28M edges at 10^8: 0.45 -> 0.22 s), for one sort (~1 s).
        trans_m = Materialized(
            engine,
            trans_expr.select(
                src=trans_expr.src,
                dst=trans_expr.dst,
                p=trans_expr.keep * trans_expr.w / trans_expr.out_weight,
            ),
            cluster_by="dst",
        )
        trans = trans_m.table
        edges.release()

        first = self._scalars(
            engine,
            nodes.aggregate(n=nodes.count(), u=(1.0 - nodes.keep).sum()),
        )
        n = int(first["n"] or 0)
        self._deltas = []
        if n == 0:
            trans_m.release()
            return self._finish(nodes, nodes.mutate(rank=ibis.literal(0.0)), 0, 0.0)
        d = self.damping
        rank_m = Materialized(engine, self._start(engine, as_of, nodes, n))
        rank = rank_m.table
        if self._started_from is not None:
            start = self._scalars(engine, rank.aggregate(u=(rank.rank * (1.0 - rank.keep)).sum()))
            uniform = float(start["u"] or 0.0)
        else:
            uniform = float(first["u"] or 0.0) / n
        delta = math.inf
        iterations = 0
        while iterations < self.max_iter:
            iterations += 1
            flow = rank.join(trans, rank.node == trans.src)
            flow = flow.group_by(f_dst=flow.dst).aggregate(s=(flow.rank * flow.p).sum())
            new = nodes.left_join(flow, nodes.node == flow.f_dst)
            base = ibis.literal((1.0 - d) / n + d * uniform / n, type="float64")
            new_m = Materialized(
                engine,
                new.select(
                    "node", "keep", rank=base + ibis.literal(d) * new.s.fill_null(0.0)
                ),
            )
            new = new_m.table
            old = rank.select(o_node=rank.node, o_rank=rank.rank)
            j = new.join(old, new.node == old.o_node)
            got = self._scalars(
                engine,
                j.aggregate(
                    l1=(j.rank - j.o_rank).abs().sum(),
                    u=(j.rank * (1.0 - j.keep)).sum(),
                ),
            )
            rank_m.release()
            rank_m, rank = new_m, new
            delta = float(got["l1"] or 0.0)
            uniform = float(got["u"] or 0.0)
            self._deltas.append(delta)
            if delta < self.tol:
                break
        trans_m.release()
        return self._finish(nodes, rank, iterations, delta)

    def _start(self, engine: Engine, as_of: datetime, nodes: ibis.Table, n: int) -> ibis.Table:
        """The first rank vector ``node, keep, rank``: the stored ranks of the newest
        earlier snapshot (a person new since then starts at ``1 / n``), rescaled to sum to
        1; or ``1 / n`` for everyone.  PageRank with teleportation has one fixed point,
        which the iteration reaches from any start."""
        self._started_from = None
        uniform = nodes.select("node", "keep", rank=ibis.literal(1.0 / n, type="float64"))
        prev = None
        if self.warm_start:
            prev = previous_run(engine, self, as_of, ignore=("warm_start",))
        if prev is None:
            return uniform
        old = engine.stored(self.name, prev)
        old = old.select(s_pid=old.person_id, s_rank=old.value)
        j = nodes.left_join(old, nodes.person_id == old.s_pid)
        raw = ibis.greatest(j.s_rank.fill_null(1.0 / n), 0.0)
        j = j.select("node", "keep", raw=raw.cast("float64"))
        total = float(self._scalars(engine, j.aggregate(s=j.raw.sum())).get("s") or 0.0)
        if not math.isfinite(total) or total <= 0.0:
            return uniform
        self._started_from = prev
        return j.select("node", "keep", rank=j.raw / total)

    @staticmethod
    def _scalars(engine: Engine, expr: ibis.Table) -> dict[str, Any]:
        rows = engine.collect(expr).to_pylist()
        return rows[0] if rows else {}

    def _finish(
        self, nodes: ibis.Table, rank: ibis.Table, iterations: int, delta: float
    ) -> ibis.Table:
        r = rank.select(r_node=rank.node, r_rank=rank.rank)
        t = nodes.join(r, nodes.node == r.r_node)
        return self._result(
            t,
            value=t.r_rank,
            components={
                "iterations": ibis.literal(iterations, type="int64"),
                "delta": ibis.literal(delta, type="float64"),
                "in_weight": t.in_weight,
                "out_weight": t.out_weight,
                "engagers": t.engagers.cast("int64"),
                "reciprocity": t.reciprocity,
            },
        )
