"""Topic expertise: credibility per (person, topic), from peer recognition in the topic.

What it measures
----------------
How much recognition from *other people* a person's contents in a topic earn, per
content, with enough contents to be credible: accepted answers, positive reactions
(upvotes, likes, favourites, bounties), replies and comments received, reshares and quotes
received.  It is computed per (person, topic) by :meth:`Expertise.compute_topics`; the
person-level score (:meth:`Expertise.compute`) is the person's best topic.

What it does not measure
------------------------
Volume for its own sake (see activity): many contents that nobody recognises score near
zero.  Downvotes are ignored, not subtracted.  Recognition of a person's own identities is
self-recognition and is excluded (an asker accepting their own answer counts for nothing).

Topics
------
The topics of a content are, all lower-cased tags and names kept as given otherwise:

* its own ``tags`` (hashtags for Twitter/Mastodon, question tags for Stack Exchange, ...);
* the tags of its root (``root_id``): an answer or a comment inherits its question's tags;
* ``community:<community>`` when the content has a community (subreddit, site, instance);
* with a ``taxonomy`` (topic -> keywords), every topic one of whose keywords occurs, case-
  insensitively and as a substring, in the content's title or text, or its root's (so
  answers inherit the question title's matches).

Contents
--------
The opportunities are the contents authored by the person (any of their identities)
whose ``kind`` is one of ``content_kinds`` (default: the posts of resonance, i.e. not
comments, wikis or repositories) and created up to ``as_of``.  A reshare's wrapper item (a
retweet: a content its author created at the very instant of their own ``reshare``) is not
an opportunity of the resharer.  There is no window: expertise is credibility earned over
the whole history up to ``as_of``.

Formula
-------
For a content ``c`` of person ``p``, its recognition is the weighted count of events with
``ts <= as_of`` and ``target_content = c`` by someone other than ``p`` (anonymous actors
count: Stack Exchange votes have no voter)::

    r(c) = sum over recognising events e of weight(e.kind)
    weights: accept 3, reaction with value > 0 1, reply 0.5, comment 0.5,
             reshare 1, quote 1

Per (person, topic): ``n`` = number of p's contents in T, ``R = sum r(c)``.  (With
``maturity_days = M > 0`` each content counts as ``mu(c) = min(1, age(c) / M)`` of an
opportunity, its recognition weighted alike, in ``n``, ``R`` and the topic and population
totals: a content from yesterday has not had its chance to be recognised yet.  The default
is ``M = 0``: on Cardano a ramp of even 14 days costs most of expertise's forward validity,
because a young community's most recent contents are its most telling.)  Two levels of
shrinkage with the same prior strength ``m`` (default 5 contents):

    mu_0   = mean r(c) over all contents (everyone, every topic)
    mu_T   = (R_T + m mu_0) / (N_T + m)    topic mean per content, shrunk to mu_0
                                            (R_T, N_T: totals of the topic)
    rate   = (R + m mu_T) / (n + m)         the person's rate in T, shrunk to mu_T
    value  = rate * ln(1 + n)

So a person with few contents sits near the topic's mean, a person with many recognised
contents gains with the logarithm of their volume, and a person with many unrecognised
contents has a rate near 0 (volume alone does not win).  With 5 contents of prior and a
population mean of 1, two posts with recognition 10 each give ``(20 + 5)/7 * ln 3 = 3.9``;
200 posts with recognition 3 each give ``(600 + 5)/205 * ln 201 = 15.7``.

Interval: the variance of one content's recognition in the topic,
``s2_T = (SS_T + m s2_0) / (N_T + m)`` (``SS_T`` the topic's sum of squared deviations,
``s2_0`` the population variance per content), gives the standard error of the rate,
``se = sqrt(s2_T / (n + m))``; ``low``/``high = (rate -/+ z se) * ln(1 + n)`` with ``z`` of the
central ``interval`` (default 90%), ``low`` clipped at 0.

Person-level score
------------------
``compute`` returns one row per person who has at least one content with a topic:
value, low and high of their best topic (highest value; ties by topic name); components
``topic``, ``topic_n`` (the best topic's number of contents), ``topic_n_w`` and
``topic_recognition`` (its ``n`` and ``R`` as above, weighted by maturity), ``topic_mean``
(``mu_T``, the topic's shrunk mean per content), ``topic_2``,
``topic_3`` (the next best topics, or null) and ``topics`` (how many topics they have).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from statistics import NormalDist
from typing import Any, ClassVar

import ibis

from swaylens.scores.base import (
    Score,
    ScoreError,
    age_days,
    attach_person,
    computed_topics,
    events_until,
    stage,
    utc,
)
from swaylens.scores.resonance import POST_KINDS
from swaylens.warehouse.engines import Engine

#: Default weight of each recognising event kind (reactions only with a positive value).
WEIGHTS: dict[str, float] = {
    "accept": 3.0,
    "reaction": 1.0,
    "reply": 0.5,
    "comment": 0.5,
    "reshare": 1.0,
    "quote": 1.0,
}

#: Columns of :meth:`Expertise.compute_topics`.
TOPIC_COLUMNS: tuple[str, ...] = (
    "person_id", "topic", "value", "low", "high", "n", "n_w", "recognition", "topic_mean"
)


class Expertise(Score):
    """Shrunken peer recognition per content in a topic, times log volume.

    Parameters
    ----------
    prior_strength:
        ``m``, in contents: how hard a person's rate is pulled toward the topic's mean and
        the topic's mean toward everyone's (default 5).
    weights:
        Weight per recognising event kind (default :data:`WEIGHTS`); kinds not listed
        count for nothing.  Reactions count only with a positive value.
    content_kinds:
        Content kinds that are opportunities (default: resonance's ``POST_KINDS``).
    taxonomy:
        Optional ``{topic: [keyword, ...]}``; a content whose title or text (or its
        root's) contains a keyword (case-insensitive substring) is in the topic.
    interval:
        Probability mass of the reported interval (default 0.9).
    maturity_days:
        With a value > 0, a content counts as a full opportunity once it is this old, a
        younger one as the fraction ``age / maturity_days`` of one, with its recognition
        weighted alike (default 0: every content counts fully).
    """

    name: ClassVar[str] = "expertise"

    def __init__(
        self,
        prior_strength: float = 5.0,
        weights: Mapping[str, float] | None = None,
        content_kinds: Iterable[str] = POST_KINDS,
        taxonomy: Mapping[str, Iterable[str]] | None = None,
        interval: float = 0.9,
        maturity_days: float = 0.0,
    ) -> None:
        if not prior_strength > 0:
            raise ScoreError(f"prior_strength must be > 0, got {prior_strength}")
        if not 0 < interval < 1:
            raise ScoreError(f"interval must be in (0, 1), got {interval}")
        if not maturity_days >= 0:
            raise ScoreError(f"maturity_days must be >= 0, got {maturity_days}")
        w = dict(WEIGHTS if weights is None else weights)
        unknown = sorted(set(w) - set(WEIGHTS))
        if unknown:
            raise ScoreError(
                f"unknown recognition kinds {unknown}; known: {', '.join(sorted(WEIGHTS))}"
            )
        if any(not v >= 0 for v in w.values()):
            raise ScoreError("recognition weights must be >= 0")
        tax: dict[str, tuple[str, ...]] | None = None
        if taxonomy is not None:
            tax = {}
            for topic, keywords in taxonomy.items():
                kws = tuple(k.lower() for k in keywords if k.strip())
                if not topic or not kws:
                    raise ScoreError(f"taxonomy topic {topic!r} needs a name and keywords")
                tax[topic] = kws
        self.prior_strength = float(prior_strength)
        self.weights = {k: float(v) for k, v in sorted(w.items())}
        self.content_kinds = tuple(content_kinds)
        self.taxonomy = tax
        self.interval = float(interval)
        self.maturity_days = float(maturity_days)

    # -- building blocks ----------------------------------------------------------------
    def contents(
        self, engine: Engine, as_of: datetime, since: datetime | None = None
    ) -> ibis.Table:
        """The opportunities: ``content_id, author_pid, m`` (contents up to ``as_of``, and
        created after ``since`` if given; ``m`` is the content's maturity,
        ``min(1, age / maturity_days)``)."""
        ev = events_until(engine, as_of)
        contents = engine.table("contents")
        c = contents.filter(
            contents.created_at <= ibis.literal(utc(as_of)),
            contents.kind.isin(self.content_kinds),
            contents.author.notnull(),
        )
        if since is not None:
            # A wrapper is made at its reshare's instant, so later events suffice.
            c = c.filter(c.created_at > ibis.literal(utc(since)))
            ev = ev.filter(ev.ts > ibis.literal(utc(since)))
        # A reshare's wrapper item (a retweet) is not the resharer's own content.
        wrappers = ev.filter(ev.kind == "reshare", ev.actor.notnull())
        wrappers = wrappers.select(w_actor=wrappers.actor, w_ts=wrappers.ts).distinct()
        c = c.anti_join(wrappers, [c.author == wrappers.w_actor, c.created_at == wrappers.w_ts])
        if self.maturity_days > 0:
            age = ibis.greatest(age_days(c.created_at, as_of), 0.0)
            m = ibis.least(age / self.maturity_days, 1.0)
        else:
            m = ibis.literal(1.0)
        # "!float64" forces a real cast: Spark reads a bare 1.0 as DECIMAL, and DECIMAL
        # products and quotients keep only a few decimals (DuckDB/Spark parity).
        c = c.select("content_id", "author", m=m.cast("!float64"))
        c = attach_person(c, engine, "author", "author_pid")
        return c.filter(c.author_pid.notnull()).select("content_id", "author_pid", "m")

    def recognition(
        self, engine: Engine, as_of: datetime, since: datetime | None = None
    ) -> ibis.Table:
        """Per opportunity: ``content_id, author_pid, r, m`` (weighted recognition by
        others; maturity).  With ``since``, of the contents created after it only (their
        recognition comes after it too): a small slice of recent contents."""
        # Two steps, each staged within a snapshot: at 10^8 events the opportunities and
        # the (content, actor) sums are each several GB, too much to hold together.
        part = "" if since is None else f" since {utc(since).isoformat()}"
        opp = stage(
            engine, "opportunities" + part, self, as_of,
            lambda: self.contents(engine, as_of, since),
        )
        ev = events_until(engine, as_of)
        if since is not None:
            ev = ev.filter(ev.ts > ibis.literal(utc(since)))
        kinds = [k for k, v in self.weights.items() if v > 0]
        ev = ev.filter(
            ev.kind.isin(kinds) if kinds else ibis.literal(False),
            ev.target_content.notnull(),
            (ev.kind != "reaction") | (ev.value > 0),
        )
        branches = [(ev.kind == k, self.weights[k]) for k in kinds]
        w = ibis.cases(*branches, else_=0.0) if branches else ibis.literal(0.0)
        ev = ev.mutate(w=w.cast("float64"))
        # Aggregate per (content, actor) before joining identities: far fewer rows.
        sums = ev.group_by(["target_content", "actor"]).aggregate(w=ev.w.sum())
        per = stage(engine, "recognition-sums" + part, self, as_of, lambda: sums)
        per = per.join(opp, per.target_content == opp.content_id)
        per = attach_person(per, engine, "actor", "actor_pid")
        per = per.mutate(responder=per.actor_pid.fill_null(per.actor))
        per = per.filter(per.responder.isnull() | (per.responder != per.author_pid))
        got = per.group_by(g_content=per.content_id).aggregate(r=per.w.sum())
        out = opp.left_join(got, opp.content_id == got.g_content)
        return out.select("content_id", "author_pid", r=out.r.fill_null(0.0), m=out.m)

    def _own_topics(
        self, engine: Engine, as_of: datetime, among: ibis.Table | None = None
    ) -> ibis.Table:
        """Topics a content has by itself: ``o_content, topic`` (tags, taxonomy); of the
        contents ``among`` lists (column ``n_id``) only, if given."""
        contents = engine.table("contents")
        contents = contents.filter(contents.created_at <= ibis.literal(utc(as_of)))
        if among is not None:
            contents = contents.semi_join(among, contents.content_id == among.n_id)
        tagged = contents.filter(contents.tags.notnull())
        tags = tagged.select(o_content=tagged.content_id, topic=tagged.tags.unnest())
        tags = tags.filter(tags.topic.notnull(), tags.topic != "")
        own = tags.select("o_content", topic=tags.topic.lower())
        if self.taxonomy:
            body = (
                contents.title.fill_null("") + ibis.literal(" ") + contents.text.fill_null("")
            ).lower()
            words = contents.select(o_content=contents.content_id, body=body)
            for topic, keywords in sorted(self.taxonomy.items()):
                match = ibis.or_(*(words.body.contains(k) for k in keywords))
                own = own.union(
                    words.filter(match).select("o_content", topic=ibis.literal(topic))
                )
        return own

    def content_topics(
        self, engine: Engine, as_of: datetime, rec: ibis.Table | None = None
    ) -> ibis.Table:
        """One row per (opportunity, topic): ``content_id, author_pid, r, m, topic``
        (``rec``: :meth:`recognition`, when already built)."""
        if rec is None:
            rec = self.recognition(engine, as_of)
        # The topics are found for a cheap superset of the opportunities (their kinds, from
        # the contents table alone) and joined with ``rec`` once: built on ``rec`` itself,
        # the plan would evaluate the event aggregation behind it once per use.
        contents = engine.table("contents")
        ids = contents.filter(
            contents.created_at <= ibis.literal(utc(as_of)),
            contents.kind.isin(self.content_kinds),
            contents.author.notnull(),
        ).select("content_id")
        topics = self._topics_for(engine, as_of, ids)
        t = rec.join(topics, rec.content_id == topics.t_content)
        return t.select("content_id", "author_pid", "r", "m", "topic")

    def _topics_for(
        self, engine: Engine, as_of: datetime, ids: ibis.Table, *, few: bool = False
    ) -> ibis.Table:
        """``t_content, topic`` for the contents ``ids`` lists (column ``content_id``):
        their own topics, their root's (an answer gets its question's tags) and their
        community.  ``few``: ``ids`` lists a small part of the contents, so the own topics
        are found for them and their roots only, not for every content."""
        contents = engine.table("contents")
        cc = contents.select(
            c_id=contents.content_id, root=contents.root_id, community=contents.community
        )
        c = ids.select("content_id").join(cc, ibis._.content_id == cc.c_id)
        among = None
        if few:
            among = c.select(n_id=c.content_id.cast("string")).union(
                c.filter(c.root.notnull()).select(n_id=c.root.cast("string"))
            )
        own = self._own_topics(engine, as_of, among)
        mine = c.join(own, c.content_id == own.o_content).select(
            t_content=c.content_id, topic=own.topic
        )
        roots = c.filter(c.root.notnull(), c.root != c.content_id)
        inherited = roots.join(own, roots.root == own.o_content).select(
            t_content=roots.content_id, topic=own.topic
        )
        comm = c.filter(c.community.notnull()).select(
            t_content=c.content_id, topic=ibis.literal("community:") + c.community
        )
        return mine.union(inherited).union(comm).distinct()

    def topics_of(
        self, engine: Engine, as_of: datetime, ids: ibis.Table, *, few: bool = False
    ) -> ibis.Table:
        """One row per (content, topic): ``content_id, topic``, for the contents whose ids
        ``ids`` lists (a table with a ``content_id`` column, any kind of content), by the
        rules of :meth:`content_topics` (own tags, the root's tags, community, taxonomy).
        Other scores (engagement) use it to give any action the topics of its content.
        ``few``: ``ids`` is a small part of the contents (the same rows, found faster)."""
        t = self._topics_for(engine, as_of, ids, few=few)
        return t.select(content_id=t.t_content, topic=t.topic)

    def compute_topics(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """One row per (person, topic): ``person_id, topic, value, low, high, n,
        recognition`` (see the module for the formula)."""
        f = "float64"
        m = self.prior_strength
        # Both are read twice below (a population and a per-topic total beside the
        # per-person rows): staged, each is computed once within a snapshot.
        rec = stage(engine, "recognition", self, as_of, lambda: self.recognition(engine, as_of))
        ct = stage(
            engine, "content-topics", self, as_of,
            lambda: self.content_topics(engine, as_of, rec),
        )
        pop = rec.aggregate(
            n0=rec.m.sum(), s0=(rec.m * rec.r).sum(), q0=(rec.m * rec.r * rec.r).sum()
        )
        mu0 = pop.s0 / pop.n0.nullif(0.0)
        var0 = ibis.greatest(pop.q0 / pop.n0.nullif(0.0) - mu0 * mu0, 0.0)
        pop = pop.select(mu0=mu0, var0=var0)

        per = ct.group_by(["author_pid", "topic"]).aggregate(
            n=ct.count(), n_w=ct.m.sum(), recognition=(ct.m * ct.r).sum()
        )
        topic = ct.group_by(t_topic=ct.topic).aggregate(
            nt=ct.m.sum(), st=(ct.m * ct.r).sum(), qt=(ct.m * ct.r * ct.r).sum()
        )
        topic = topic.cross_join(pop)
        topic = topic.select(
            "t_topic",
            mu_t=(topic.st + m * topic.mu0) / (topic.nt + m),
            var_t=(
                ibis.greatest(topic.qt - topic.st * topic.st / topic.nt.nullif(0.0), 0.0)
                + m * topic.var0
            ) / (topic.nt + m),
        )
        t = per.join(topic, per.topic == topic.t_topic)
        n = t.n_w.cast(f)
        rate = (t.recognition + m * t.mu_t) / (n + m)
        se = (t.var_t / (n + m)).sqrt()
        vol = (n + 1.0).ln()
        z = NormalDist().inv_cdf(0.5 + self.interval / 2.0)
        return t.select(
            person_id=t.author_pid,
            topic=t.topic,
            value=(rate * vol).cast(f),
            low=(ibis.greatest(rate - z * se, 0.0) * vol).cast(f),
            high=((rate + z * se) * vol).cast(f),
            n=t.n.cast("int64"),
            n_w=t.n_w.cast(f),
            recognition=t.recognition.cast(f),
            topic_mean=t.mu_t.cast(f),
        )

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        # Within a snapshot the per-topic rows are computed once, for both tables.
        t = computed_topics(engine, self, as_of)
        t = t.mutate(
            _rk=ibis.row_number().over(
                group_by=t.person_id, order_by=[t.value.round(9).desc(), t.topic]
            ),
            _topics=t.topic.count().over(group_by=t.person_id),
        )
        best = t.group_by(b_person=t.person_id).aggregate(
            topic_2=t.topic.max(where=t._rk == 1),
            topic_3=t.topic.max(where=t._rk == 2),
        )
        top = t.filter(t._rk == 0)
        top = top.join(best, top.person_id == best.b_person)
        return self._result(
            top,
            value=top.value,
            low=top.low,
            high=top.high,
            components={
                "topic": top.topic,
                "topic_n": top.n,
                "topic_n_w": top.n_w,
                "topic_recognition": top.recognition,
                "topic_mean": top.topic_mean,
                "topic_2": top.topic_2,
                "topic_3": top.topic_3,
                "topics": top._topics,
            },
        )


# -- helpers ----------------------------------------------------------------------------------
def top_topics(
    engine: Engine,
    person_id: str,
    as_of: datetime,
    k: int = 10,
    expertise: Expertise | None = None,
) -> list[dict[str, Any]]:
    """The ``k`` best topics of one person (rows of :meth:`Expertise.compute_topics`),
    best first; ties by topic name."""
    t = (expertise or Expertise()).compute_topics(engine, as_of)
    t = t.filter(t.person_id == person_id)
    t = t.order_by([t.value.round(9).desc(), t.topic]).limit(k)
    return list(engine.collect(t).to_pylist())


def top_people(
    engine: Engine,
    topic: str,
    as_of: datetime,
    k: int = 10,
    expertise: Expertise | None = None,
) -> list[dict[str, Any]]:
    """The ``k`` people with the highest expertise in ``topic`` (tags are lower-cased),
    best first; ties by person id."""
    t = (expertise or Expertise()).compute_topics(engine, as_of)
    t = t.filter(t.topic == topic)
    t = t.order_by([t.value.round(9).desc(), t.person_id]).limit(k)
    return list(engine.collect(t).to_pylist())
