"""Topic engagement: how fast and how deeply a person engages with a topic right now.

What it measures
----------------
Per (person, topic), from the person's *own* actions in the topic: their current rate
(speed), its trend against their own baseline (Klout's API called it the ``slope``) and
the topic's share of everything they do (degree).  It is computed per (person, topic) by
:meth:`Engagement.compute_topics`; the person-level score (:meth:`Engagement.compute`) is
the topic they are most engaged with right now.  A burst of interest in a brand or a
product shows as a high ``slope_7``: the signal the moments feature builds on.

What it does not measure
------------------------
Whether anyone listens or how good the contributions are (see reach, resonance,
expertise): a person posting many unanswered questions in a topic is highly engaged.
Anything others do to the person.  Anonymous actions (Stack Exchange votes) cannot be
attributed and count for nobody.  There is no uncertainty interval (``low``/``high`` are
null): the value is a description of recent behaviour, not an estimate of a hidden rate.

Topics of an action
-------------------
An action (an event whose ``actor`` is one of the person's identities) has the topics of
the content it acts on (``target_content``) and of the content it creates, i.e. a content
whose author is the actor and whose ``created_at`` is the event's ``ts`` (a tweet and its
``post`` event, an answer and its ``reply``).  A content's topics follow expertise's rules
(:meth:`Expertise.topics_of <swaylens.scores.expertise.Expertise.topics_of>`): its
lower-cased tags, its root's tags (an answer or a comment inherits its question's),
``community:<community>`` and, with a ``taxonomy``, the keyword topics.  An action counts
fully in each of its topics (a question tagged ``ada`` and ``staking`` counts once for
each), and once per topic even when both contents give the topic.  Actions without a
content (``follow``, ``join``) or whose contents have no topic count only in the total.

Formula
-------
Each action weighs ``w(kind)``, activity's kind weights (:data:`~swaylens.scores.activity.
DEFAULT_WEIGHTS`: post/reply 1, quote 0.8, comment/reshare/adopt 0.5, ..., reaction 0.1;
follow, join, badge, delete 0).  For person ``p`` and topic ``T`` at ``as_of``, with the
default windows (``short_days`` 7, ``long_days`` 30, ``baseline_days`` 90)::

    A_7    = sum of w over p's actions in T with  as_of - 7d   < ts <= as_of
    A_30   = sum of w over p's actions in T with  as_of - 30d  < ts <= as_of
    B      = sum of w over p's actions in T with  as_of - 120d < ts <= as_of - 30d
    ALL_30 = sum of w over all of p's actions (any topic, or none) in the last 30 days

    rate_7   = A_7 / 7        rate_30 = A_30 / 30       baseline = B / 90
                                                        (weighted actions per day)
    slope_7  = ln((rate_7  + lambda) / (baseline + lambda))
    slope_30 = ln((rate_30 + lambda) / (baseline + lambda))
    share    = A_30 / ALL_30                             (0..1)
    value    = rate_7 * share * (1 + max(slope_7, 0))

``lambda`` (``prior_rate``, default 1/7: one action a week) is a pseudo-rate added to both
sides of the ratio, so that a first-ever burst has a finite slope and a single action is
no big trend: one post this week after nothing gives ``slope_7 = ln 2 = 0.69``, seven
posts this week after nothing ``ln 8 = 2.08``, a steady rate gives 0 and silence after a
steady rate of one a day ``ln(1/7 / (1 + 1/7)) = -2.08``.  The baseline window ends where
the 30-day window starts, so a burst in the last month does not raise its own baseline.

The value is the person's current rate in the topic (speed), scaled by the topic's share of
what they do (degree: the same rate means more from a specialist than from someone doing
ten things at once), and raised by a positive trend (a topic growing e-fold above the
person's own baseline counts double; a declining topic is not pushed below its current
rate, which already shows the decline).  Steady, one post a day, all in T: value 1;
seven posts in the last week after 120 quiet days: ``1 * 1 * (1 + ln 8) = 3.08``.

Rows and person-level score
---------------------------
:meth:`compute_topics` has one row per (person, topic) with at least one weighted action
in the last ``long_days + baseline_days`` days (a topic active only in the baseline has
value 0 and a negative slope: the decline is visible).  :meth:`compute` returns one row
per person who has such a row: value of their best topic, where topics with a positive
value come first and, among them, tag and taxonomy topics before ``community:*`` topics
(a community is the broadest topic, so it would otherwise be everyone's best on data from
one site); then by value, ties by name.  Components: ``topic``, ``rate_7``, ``rate_30``,
``baseline``, ``slope_7``, ``slope_30``, ``share`` (of the best topic), ``topic_2``,
``topic_3`` (the next topics in the same order, or null) and ``topics`` (how many).

State
-----
Engagement keeps state (:mod:`swaylens.scores.state`) in two parts.  ``topics`` has one
row per (action, topic) of :meth:`action_topics` (``e_id, actor, ts, w, topic``).  A
snapshot appends the rows of the actions since the watermark, and the rows an older action
of the span gains because a content became visible since: a content's tags count only once
``as_of`` reaches its ``created_at``, and Stack Exchange dates a vote at the midnight before
the post it is on (see :meth:`Engagement._revealed`).  Every other change to an action's
rows (a late event or content, a filled-in column) marks the state stale at ingest.
``windows`` has, per (person, topic), the sums of ``w`` in the short window, the long
window and the baseline, and how many rows each holds (per person, so that reading them
needs no join with the identities; a state is rebuilt when an identity changes person).
A snapshot adds the new rows to the windows they fall in, and moves the kept rows that
crossed a window's edge since the watermark: one band of ``topics`` per edge, as wide as
the time advanced.  The scores then read ``windows`` (an empty window is exactly 0) and
the totals of the last ``long_days`` days of events.  ``topics`` grows with history, but
only its bands are read (it is stored in time order, so the read skips the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import ClassVar

import ibis

from swaylens.schema import EVENT_KINDS
from swaylens.scores.activity import DEFAULT_WEIGHTS
from swaylens.scores.base import (
    Score,
    ScoreError,
    attach_person,
    best_topic,
    computed_topics,
    events_until,
    kids_of_new_roots,
    kind_weight,
    params_json,
    per_person,
    stage,
    utc,
    window_start,
)
from swaylens.scores.expertise import Expertise
from swaylens.scores.state import Part, add_up, kept, prior_parts
from swaylens.warehouse.engines import Engine

#: The window sums kept per (person, topic): the weighted actions of the short window,
#: the long window and the baseline, and how many actions each holds.
_WINDOW_SUMS: dict[str, str] = {
    "a7": "float64", "a30": "float64", "b": "float64",
    "n_a7": "int64", "n_a30": "int64", "n_b": "int64",
}

#: Columns of :meth:`Engagement.compute_topics`.
TOPIC_COLUMNS: tuple[str, ...] = (
    "person_id", "topic", "value", "low", "high", "rate_7", "rate_30", "baseline",
    "slope_7", "slope_30", "share", "actions_7d", "actions_30d", "actions_baseline",
)


class Engagement(Score):
    """Current rate, trend against the person's own baseline, and share, per topic.

    Parameters
    ----------
    short_days:
        The current window: ``rate_7`` and ``slope_7`` (default 7).
    long_days:
        The trend and share window: ``rate_30``, ``slope_30`` and ``share`` (default 30).
    baseline_days:
        Length of the baseline window, which ends where the long window starts
        (default 90: the baseline is ``(as_of - 120d, as_of - 30d]``).
    prior_rate:
        ``lambda``, weighted actions per day added to the rate and to the baseline before
        their log-ratio (default 1/7, one action a week).
    weights:
        Weight per event kind (default activity's :data:`DEFAULT_WEIGHTS`); unlisted kinds
        weigh 0.
    taxonomy:
        Optional ``{topic: [keyword, ...]}``, as for expertise.
    """

    name: ClassVar[str] = "engagement"

    def __init__(
        self,
        short_days: float = 7.0,
        long_days: float = 30.0,
        baseline_days: float = 90.0,
        prior_rate: float = 1.0 / 7.0,
        weights: Mapping[str, float] | None = None,
        taxonomy: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        if not 0 < short_days <= long_days:
            raise ScoreError(
                f"need 0 < short_days <= long_days, got {short_days} and {long_days}"
            )
        if not baseline_days > 0:
            raise ScoreError(f"baseline_days must be > 0, got {baseline_days}")
        if not prior_rate > 0:
            raise ScoreError(f"prior_rate must be > 0, got {prior_rate}")
        w = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = sorted(set(w) - set(EVENT_KINDS))
        if unknown:
            raise ScoreError(f"unknown event kinds in weights: {', '.join(unknown)}")
        if any(not v >= 0 for v in w.values()):
            raise ScoreError("engagement weights must be >= 0")
        # The topic rules (and the taxonomy's validation) are expertise's.
        self._topics = Expertise(taxonomy=taxonomy)
        self.short_days = float(short_days)
        self.long_days = float(long_days)
        self.baseline_days = float(baseline_days)
        self.prior_rate = float(prior_rate)
        self.weights = {k: float(v) for k, v in sorted(w.items())}
        self.taxonomy = self._topics.taxonomy

    # -- building blocks ----------------------------------------------------------------
    @property
    def span_days(self) -> float:
        """The whole span the score reads: ``long_days + baseline_days``."""
        return self.long_days + self.baseline_days

    def _weighted(self, ev: ibis.Table) -> ibis.Table:
        """The weighted own actions among the events ``ev``: ``e_id, actor, ts, w,
        target_content``."""
        ev = ev.filter(ev.actor.notnull())
        # A cast to a type the expression already has is dropped by Ibis, and Spark reads
        # the bare literals of kind_weight as DECIMAL, whose divisions keep 6 decimals;
        # the not-null type forces a real cast to DOUBLE on every engine.
        ev = ev.mutate(w=kind_weight(ev.kind, self.weights).cast("!float64"))
        ev = ev.filter(ev.w > 0)
        return ev.select(
            e_id=ev.event_id, actor=ev.actor, ts=ev.ts, w=ev.w, target_content=ev.target_content
        )

    def _window(self, engine: Engine, as_of: datetime, days: float) -> ibis.Table:
        """The weighted own actions of the last ``days`` days."""
        ev = events_until(engine, as_of)
        return self._weighted(ev.filter(ev.ts > ibis.literal(window_start(as_of, days))))

    def actions(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """The weighted own actions of the whole span (``long_days + baseline_days``):
        ``e_id, actor, ts, w, target_content``."""
        return self._window(engine, as_of, self.span_days)

    def _topic_rows(
        self, engine: Engine, as_of: datetime, act: ibis.Table, after: datetime,
        *, few: bool = False, step: str | None = None,
    ) -> ibis.Table:
        """One row per (action, topic) of the actions ``act`` (all dated after
        ``after``), with the topics their contents have at ``as_of``: ``e_id, actor, ts,
        w, topic``.  ``few``: ``act`` is a small increment (see ``Expertise.topics_of``),
        whose contents are looked up once, staged as ``step``."""
        keep = ("e_id", "actor", "ts", "w")
        acted_on = act.filter(act.target_content.notnull())
        acted_on = acted_on.select(*keep, content_id=acted_on.target_content)
        contents = engine.table("contents")
        # The content an action creates is made at its instant: after ``after`` too.
        made = contents.filter(
            contents.author.notnull(),
            contents.created_at > ibis.literal(utc(after)),
            contents.created_at <= ibis.literal(utc(as_of)),
        ).select(m_content=contents.content_id, m_author=contents.author, m_at=contents.created_at)
        created = act.join(made, [act.actor == made.m_author, act.ts == made.m_at])
        created = created.select(*keep, content_id=created.m_content)
        # The join marks its keys not-null; a set operation wants equal schemas.
        refs = acted_on.union(created.cast(acted_on.schema()), distinct=True)
        topics = self._topics.topics_of(
            engine, as_of, refs.select("content_id").distinct(), few=few, step=step
        )
        t = refs.join(topics, refs.content_id == topics.content_id)
        # Once per topic even when the target and the created content both give it.
        return t.select(*keep, "topic").distinct()

    def action_topics(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """One row per (action, topic) of the whole span: ``e_id, actor, ts, w, topic``."""
        return self._topic_rows(
            engine, as_of, self.actions(engine, as_of), window_start(as_of, self.span_days)
        )

    # -- state --------------------------------------------------------------------------
    def advance(
        self, engine: Engine, as_of: datetime, since: datetime | None, ref: datetime
    ) -> dict[str, Part]:
        """The state's new rows (:mod:`swaylens.scores.state`): one row per (action,
        topic), ``e_id, actor, ts, w, topic``, with the topics at ``as_of``.

        * the actions with ``since < ts <= as_of`` (every action of the span when
          ``since`` is None: older ones can never be in a window again, since a state
          only moves forward);
        * the rows of older actions of the span that a content made visible since
          ``since`` (:meth:`_revealed`).
        """
        start = window_start(as_of, self.span_days)
        lo = start if since is None else max(start, utc(since))
        ev = events_until(engine, as_of)
        new = self._weighted(ev.filter(ev.ts > ibis.literal(lo)))
        rows = self._topic_rows(engine, as_of, new, lo, few=since is not None,
                                step=f"contents acted on since {lo}")
        if since is not None and utc(since) > start:
            late = self._revealed(engine, as_of, utc(since), start)
            if late is not None:
                rows = rows.union(late.cast(rows.schema()))
        if engine.name == "duckdb":
            # Stored in time order, so that the window read skips the old row groups.
            rows = rows.order_by("ts")
        rows = stage(engine, "action-topics" + ("" if since is None else f" since {lo}"),
                     self, as_of, lambda: rows)
        # The window sums: the new rows count in the windows they fall in at as_of; the
        # kept rows whose windows changed since (a band per window edge) move.
        moves = self._windows(rows, as_of, None)
        if since is not None:
            held = prior_parts(engine, self.name, params_json(self))["topics"]
            bands = [
                (held.ts > ibis.literal(window_start(since, d)))
                & (held.ts <= ibis.literal(window_start(as_of, d)))
                for d in (self.short_days, self.long_days, self.span_days)
            ]
            moves = moves.union(
                self._windows(held.filter(ibis.or_(*bands)), as_of, since), distinct=False
            )
        windows = add_up(("actor", "topic"), _WINDOW_SUMS, moves)
        # Kept per person, so that a snapshot reads them with no join to the identities
        # (10M rows at 10^8 events); mapped after the group by per identity, on few rows.
        windows = attach_person(windows, engine, "actor", "pid")
        windows = windows.filter(windows.pid.notnull())
        windows = per_person(engine, windows, ("pid", "topic"), _WINDOW_SUMS)
        return {
            "topics": Part(rows, keys=("e_id", "topic"), new_keys=True),
            "windows": Part(windows, keys=("pid", "topic"), sums=tuple(_WINDOW_SUMS)),
        }

    def _windows(self, rows: ibis.Table, as_of: datetime, since: datetime | None) -> ibis.Table:
        """Per row of ``rows`` (``actor, topic, ts, w``), what it adds to each window sum
        (:data:`_WINDOW_SUMS`) at ``as_of``, less what it added at ``since``: the short
        and long windows end at the date, the baseline ends where the long one starts."""

        def inside(at: datetime) -> dict[str, ibis.Value]:
            short = rows.ts > ibis.literal(window_start(at, self.short_days))
            long = rows.ts > ibis.literal(window_start(at, self.long_days))
            base = ~long & (rows.ts > ibis.literal(window_start(at, self.span_days)))
            return {"a7": short, "a30": long, "b": base}

        now = inside(as_of)
        then = inside(since) if since is not None else None
        out: dict[str, ibis.Value] = {}
        for c, cond in now.items():
            w = ibis.ifelse(cond, rows.w, 0.0)
            n = ibis.ifelse(cond, 1, 0)
            if then is not None:
                w = w - ibis.ifelse(then[c], rows.w, 0.0)
                n = n - ibis.ifelse(then[c], 1, 0)
            out[c] = w.cast("float64")
            out[f"n_{c}"] = n.cast("int64")
        return rows.select("actor", "topic", **out)

    def _revealed(
        self, engine: Engine, as_of: datetime, since: datetime, start: datetime
    ) -> ibis.Table | None:
        """Rows of actions with ``start < ts <= since`` that the state does not hold yet:
        an action's topics are those its contents have at ``as_of``, and they grow when
        time passes a content's ``created_at`` (a Stack Exchange vote is dated at the
        midnight before the post it is on: the post's tags, and its answers' inherited
        tags, appear only once ``as_of`` reaches the post) or when a content dated after
        ``since`` arrives (its community counts at once).  Anything else that changes
        these rows marks the state stale (ingest: contents and events dated at or before
        the watermark, a filled-in column of a known content).

        The candidates are the actions on a content dated after ``since``, on a content
        whose root is dated in ``(since, as_of]``, or that created such a content; their
        rows at ``as_of``, less those already stored.  None when there is no candidate
        (the usual case: counted first, it saves finding topics for nothing)."""
        c = engine.table("contents")
        after = c.filter(c.created_at > ibis.literal(since))
        kids = kids_of_new_roots(engine, since, as_of)
        kids = kids.select(x_id=kids.content_id.cast("string"), k_author=kids.author,
                           k_at=kids.created_at)
        targets = after.select(x_id=after.content_id.cast("string")).union(
            kids.select("x_id")
        )
        ev = events_until(engine, since)
        span = ev.filter(ev.ts > ibis.literal(start))
        # Which targets the span's events act on, from two columns of a third of the
        # history at 10^8 (the actions themselves need five): usually none, and then
        # the actions are not read at all.
        hit = span.select(h=span.target_content)
        hit = hit.semi_join(targets, hit.h == targets.x_id).distinct()
        hit = stage(engine, f"revealed targets since {since}", self, as_of, lambda: hit)
        made = kids.filter(kids.k_author.notnull(), kids.k_at > ibis.literal(start))
        old = self._weighted(span)
        found = []
        if engine.collect(hit.limit(1)).num_rows:
            found.append(old.semi_join(hit, old.target_content == hit.h))
        if engine.collect(made.select("x_id").limit(1)).num_rows:
            found.append(old.semi_join(made, [old.actor == made.k_author, old.ts == made.k_at]))
        if not found:
            return None
        touched = found[0] if len(found) == 1 else found[0].union(found[1], distinct=True)
        # Staged: the test below and the rows after it would otherwise each scan the
        # span's events again.
        touched = stage(engine, f"revealed since {since}", self, as_of, lambda: touched)
        if not engine.collect(touched.select("e_id").limit(1)).num_rows:
            return None
        rows = self._topic_rows(engine, as_of, touched, start, few=True,
                                step=f"contents revealed since {since}")
        held = prior_parts(engine, self.name, params_json(self))["topics"]
        held = held.filter(held.ts > ibis.literal(start), held.ts <= ibis.literal(since))
        held = held.semi_join(touched, held.e_id == touched.e_id)
        return rows.anti_join(held, [rows.e_id == held.e_id, rows.topic == held.topic])

    def compute_topics(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """One row per (person, topic): the columns of :data:`TOPIC_COLUMNS` (see the
        module for the formula)."""
        f = "float64"
        state = kept(
            engine, self.name, params_json(self), as_of,
            lambda since, ref: self.advance(engine, as_of, since, ref),
            # 2: the window sums per (person, topic) (1: per identity).
            layout=2,
        )
        at = state.parts["windows"]
        at = at.filter((at.n_a30 > 0) | (at.n_b > 0))
        # An empty window is 0 exactly, whatever the additions and removals left.
        per = at.select(
            "pid", "topic",
            a7=ibis.ifelse(at.n_a7 > 0, at.a7, 0.0).fill_null(0.0),
            a30=ibis.ifelse(at.n_a30 > 0, at.a30, 0.0).fill_null(0.0),
            b=ibis.ifelse(at.n_b > 0, at.b, 0.0).fill_null(0.0),
        )
        # The totals of the long window are read from the events: a cheap window.
        act = self._window(engine, as_of, self.long_days)
        tot_id = act.group_by("actor").aggregate(all30=act.w.sum())
        tot_id = attach_person(tot_id, engine, "actor", "t_pid")
        tot = tot_id.group_by("t_pid").aggregate(all30=tot_id.all30.sum())
        t = per.left_join(tot, per.pid == tot.t_pid)
        lam = self.prior_rate
        rate7 = t.a7 / self.short_days
        rate30 = t.a30 / self.long_days
        base = t.b / self.baseline_days
        slope7 = ((rate7 + lam) / (base + lam)).ln()
        slope30 = ((rate30 + lam) / (base + lam)).ln()
        # At most 1: the topic's sum and the total add the same weights in other orders.
        share = ibis.least((t.a30 / t.all30.nullif(0.0)).fill_null(0.0), 1.0)
        null = ibis.null().cast(f)
        return t.select(
            person_id=t.pid,
            topic=t.topic,
            value=(rate7 * share * (ibis.greatest(slope7, 0.0) + 1.0)).cast(f),
            low=null,
            high=null,
            rate_7=rate7.cast(f),
            rate_30=rate30.cast(f),
            baseline=base.cast(f),
            slope_7=slope7.cast(f),
            slope_30=slope30.cast(f),
            share=share.cast(f),
            actions_7d=t.a7.cast(f),
            actions_30d=t.a30.cast(f),
            actions_baseline=t.b.cast(f),
        )

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        # Within a snapshot the per-topic rows are computed once, for both tables.
        t = computed_topics(engine, self, as_of)
        positive = t.value.round(9) > 0
        tier = ibis.cases(
            (positive & ~t.topic.startswith("community:"), 0), (positive, 1), else_=2
        )
        top = best_topic(t, [tier, t.value.round(9).desc(), t.topic])
        return self._result(
            top,
            value=top.value,
            components={
                "topic": top.topic,
                "rate_7": top.rate_7,
                "rate_30": top.rate_30,
                "baseline": top.baseline,
                "slope_7": top.slope_7,
                "slope_30": top.slope_30,
                "share": top.share,
                "topic_2": top.topic_2,
                "topic_3": top.topic_3,
                "topics": top._topics,
            },
        )
