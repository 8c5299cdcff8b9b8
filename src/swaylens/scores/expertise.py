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

State
-----
Within a DuckDB snapshot the computation reads a kept state (:meth:`Expertise.advance`,
:mod:`swaylens.scores.state`), advanced by the events and contents since the previous
snapshot: per content, ``r`` and its author and creation time; recognition of contents not
created yet, added once they exist; each content's topics, found once; and per (person,
topic) and over everyone, the count of contents and the sums of ``r`` and ``r^2``.  A
snapshot reads these sums, one row per (person, topic), and never every content again.
With ``maturity_days`` the sums count every content fully, and the young contents (a
``maturity_days`` slice) take off what they lack.  The priors, the maturity and the
interval are computed at ``as_of``, so the result is the full computation's.

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

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from statistics import NormalDist
from typing import Any, ClassVar

import ibis

from swaylens.scores.base import (
    Score,
    ScoreError,
    attach_person,
    best_topic,
    computed_topics,
    events_since,
    kids_of_new_roots,
    maturity,
    stage,
    utc,
    window_start,
)
from swaylens.scores.resonance import POST_KINDS
from swaylens.scores.state import Kept, Part, kept, prior_parts
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

    # -- state ----------------------------------------------------------------------------
    def advance(
        self, engine: Engine, as_of: datetime, since: datetime | None, ref: datetime
    ) -> dict[str, Part]:
        """The state's new rows from what happened in ``(since, as_of]``
        (:mod:`swaylens.scores.state`; every event and content up to ``as_of`` when
        ``since`` is None):

        * ``contents`` (per content): ``r``, the recognition by others from the new events
          (a sum), and, set when the content first appears, ``author_pid`` (null for a
          content that is no opportunity: a reshare's wrapper, an author of no known
          identity) and ``created_at`` (its maturity is read at ``as_of``).  Every content
          of ``content_kinds`` with an author is kept, so that the new recognition of an
          older one always finds its row;
        * ``pending`` (per target content and responder person, or identity, ``''`` when
          anonymous): recognition of a content not created by ``as_of`` (a Stack Exchange
          vote is dated at the start of its day, before the post it votes on), added to
          the content's ``r`` at read time once it exists, self-recognition excluded;
        * ``topics`` (per content and topic, appended): the topics of the new contents, and
          the topics an older content inherits from a root created after it;
        * ``per_topic`` (per author person and topic) and ``population`` (one row, ``k``
          0): ``n``, ``s`` and ``q``, the number of contents and the sums of their ``r``
          and ``r^2``, where ``r`` is a content's whole recognition (its pending part
          included).  A new content adds ``1, r, r^2``; an older one that gains ``d``
          adds ``0, d, (r0 + d)^2 - r0^2`` (``r0``: its ``r`` before); a topic an older
          content inherits adds it with its ``r`` after the update.  So
          :meth:`compute_topics` reads one row per (person, topic), not every content.
        """
        since_ = None if since is None else ibis.literal(utc(since))
        contents = engine.table("contents")
        upto = contents.filter(contents.created_at <= ibis.literal(utc(as_of)))
        cand = upto.filter(upto.kind.isin(self.content_kinds), upto.author.notnull())
        new = cand if since_ is None else cand.filter(cand.created_at > since_)
        ev = events_since(engine, since, as_of)
        part = "" if since is None else f" since {utc(since).isoformat()}"

        # Recognising events, per (content, actor) before identities are joined.
        sums = self._recognition_sums(engine, as_of, ev, part)

        known = upto.select(k_id=upto.content_id)
        prior = None if since_ is None else prior_parts(engine, self.name, self._params())

        def dated(c: ibis.Table) -> ibis.Table:
            return c.select(k_id=c.content_id, k_author=c.author, k_created=c.created_at)

        if prior is None:
            every = dated(cand)
            hit = sums.join(every, sums.target_content == every.k_id)
            hit = attach_person(hit, engine, "k_author", "a_pid")
        else:
            # On a day, the older recognised contents are looked up in the kept contents
            # (every candidate up to ``since``: three columns, the author's person set)
            # rather than in every content's row (at 10^8 events 55M rows of four
            # columns, 3.3 s), and only the new ones in the contents.  A kept wrapper has
            # no person, so its row gains recognition from no named responder; it is
            # never read (an opportunity has a person).
            fresh_ = attach_person(dated(new), engine, "k_author", "a_pid")
            fresh_ = fresh_.select("k_id", "a_pid", "k_created")
            held = prior["contents"]
            held = held.select(k_id=held.content_id, a_pid=held.author_pid,
                               k_created=held.created_at)
            looked = fresh_.union(held.cast(fresh_.schema()), distinct=False)
            hit = sums.join(looked, sums.target_content == looked.k_id)
        hit = attach_person(hit, engine, "actor", "actor_pid")
        hit = hit.mutate(responder=hit.actor_pid.fill_null(hit.actor))
        hit = hit.filter(hit.responder.isnull() | (hit.responder != hit.a_pid))
        got = hit.group_by(
            g_content=hit.target_content, g_pid=hit.a_pid, g_created=hit.k_created
        ).aggregate(g_r=hit.w.sum())
        # Read by three parts (the contents' new r, and the older contents' gains in the
        # per-topic and population sums): staged, the join with every content runs once.
        got = stage(engine, "recognised" + part, self, as_of, lambda: got)

        # The new contents with their root and community, for their topics.
        fresh = new.select(
            content_id=new.content_id.cast("string"), root=new.root_id, community=new.community,
            created_at=new.created_at,
        )
        # A reshare's wrapper item (a retweet) is not the resharer's own content: it is made
        # at its reshare's instant, so the events since ``since`` find it.
        wrappers = ev.filter(ev.kind == "reshare", ev.actor.notnull())
        wrappers = wrappers.select(w_actor=wrappers.actor, w_ts=wrappers.ts).distinct()
        wrappers = wrappers.mutate(wrapped=ibis.literal(True))
        new = new.left_join(
            wrappers, [new.author == wrappers.w_actor, new.created_at == wrappers.w_ts]
        )
        new = attach_person(new, engine, "author", "author_pid")
        new = new.select(
            "content_id",
            author_pid=ibis.ifelse(
                new.wrapped.isnull(), new.author_pid, ibis.null().cast("string")
            ),
            created_at=new.created_at,
        )
        born = new.left_join(got, new.content_id == got.g_content)
        born = born.select(
            "content_id", "author_pid", "created_at", r=born.g_r.fill_null(0.0).cast("float64")
        )
        # The new contents and their topics make two parts each: staged, built once.
        born = stage(engine, "born" + part, self, as_of, lambda: born)
        rows = born
        if since_ is not None:
            # New recognition of the contents already kept (their other columns are set).
            old = got.filter(got.g_created <= since_)
            old = old.select(
                content_id=old.g_content, author_pid=old.g_pid, created_at=old.g_created,
                r=old.g_r.cast("float64"),
            )
            rows = born.union(old, distinct=False)

        miss = sums.anti_join(known, sums.target_content == known.k_id)
        miss = attach_person(miss, engine, "actor", "actor_pid")
        miss = miss.mutate(responder=ibis.coalesce(miss.actor_pid, miss.actor, ibis.literal("")))
        pending = miss.group_by(["target_content", "responder"]).aggregate(w=miss.w.sum())

        fresh_topics = self._topics_for(engine, as_of, fresh, few=since_ is not None)
        fresh_topics = fresh_topics.select(content_id=fresh_topics.t_content,
                                           topic=fresh_topics.topic,
                                           created_at=fresh_topics.created_at)
        fresh_topics = stage(engine, "fresh-topics" + part, self, as_of, lambda: fresh_topics)
        topics = fresh_topics
        late = None
        if since is not None:
            late = self._late_root_topics(engine, as_of, utc(since), part)
            if late is not None:
                # Read by the topics part and the per-topic sums: staged, built once.
                late = stage(engine, "late-topics" + part, self, as_of, lambda: late)
                topics = topics.union(late, distinct=False)

        # The sums per (author, topic) and over every content, from each content's full r.
        f = "float64"
        born = born.filter(born.author_pid.notnull())
        if prior is None:
            grown = born.select("content_id", "author_pid", r=born.r)
            changed = None
        else:
            # A new content's recognition that came before it (pending), and an older
            # content's r before this update, from the parts as they were.
            grown = self._with_pending(born, prior["pending"])
            old = old.filter(old.author_pid.notnull())
            kept_ = prior["contents"]
            before = self._with_pending(
                kept_.semi_join(old, kept_.content_id == old.content_id), prior["pending"]
            )
            before = before.select(b_id=before.content_id, r0=before.r)
            changed = old.join(before, old.content_id == before.b_id)
            changed = changed.select("content_id", "author_pid", d=changed.r, r0=changed.r0)
            # Read by the per-topic and the population sums: staged, built once.
            changed = stage(engine, "changed" + part, self, as_of, lambda: changed)
        # A content that enters counts once with its r; an older one gains d, which adds
        # (r0 + d)^2 - r0^2 to the squares.
        def counted(t: ibis.Table) -> ibis.Table:
            return t.select("content_id", "author_pid", n=ibis.literal(1, "int64"),
                            s=t.r.cast(f), q=(t.r * t.r).cast(f))

        entering = counted(grown)
        population = entering
        per_topic = entering.join(fresh_topics, "content_id")
        if changed is not None and prior is not None:
            moved = changed.select(
                "content_id", "author_pid", n=ibis.literal(0, "int64"), s=changed.d.cast(f),
                q=(changed.d * (2.0 * changed.r0 + changed.d)).cast(f),
            )
            population = population.union(moved, distinct=False)
            held = prior["topics"]
            per_topic = per_topic.union(
                moved.join(held, "content_id").select(*per_topic.columns), distinct=False
            )
        if changed is not None and late is not None and prior is not None:
            # A topic an older content inherits now counts it with its r after this update.
            after = self._with_pending(
                kept_.semi_join(late, kept_.content_id == late.content_id), prior["pending"]
            )
            gain = changed.select(g_id=changed.content_id, g_d=changed.d)
            after = after.left_join(gain, after.content_id == gain.g_id)
            after = after.select("content_id", "author_pid", r=after.r + after.g_d.fill_null(0.0))
            inherit = counted(after).join(late, "content_id")
            per_topic = per_topic.union(inherit.select(*per_topic.columns), distinct=False)
        per_topic = per_topic.group_by(["author_pid", "topic"]).aggregate(
            n=per_topic.n.sum(), s=per_topic.s.sum(), q=per_topic.q.sum()
        )
        population = population.aggregate(
            n=population.n.sum().fill_null(0), s=population.s.sum().fill_null(0.0),
            q=population.q.sum().fill_null(0.0),
        ).mutate(k=ibis.literal(0, "int64"))
        return {
            "contents": Part(rows, keys=("content_id",), sums=("r",), order=("created_at",)),
            "pending": Part(pending, keys=("target_content", "responder"), sums=("w",)),
            "topics": Part(topics, keys=("content_id", "topic"), new_keys=True,
                           order=("created_at",)),
            "per_topic": Part(per_topic, keys=("author_pid", "topic"), sums=("n", "s", "q")),
            "population": Part(population, keys=("k",), sums=("n", "s", "q")),
        }

    @staticmethod
    def _with_pending(c: ibis.Table, pending: ibis.Table) -> ibis.Table:
        """The contents ``c`` (``content_id, author_pid, r`` and any other columns) with
        the recognition that came before them (``pending``) added to ``r``, by others
        than their author, and those of no person left out."""
        c = c.filter(c.author_pid.notnull())
        owners = c.select(p_id=c.content_id, p_author=c.author_pid)
        p = pending.join(owners, pending.target_content == owners.p_id)
        p = p.filter(p.responder != p.p_author)
        p = p.group_by(g_content=p.p_id).aggregate(pw=p.w.sum())
        out = c.left_join(p, c.content_id == p.g_content)
        return out.mutate(r=out.r + out.pw.fill_null(0.0)).drop("g_content", "pw")

    # -- building blocks ----------------------------------------------------------------
    def state(self, engine: Engine, as_of: datetime) -> Kept:
        """The kept state at ``as_of`` (:meth:`advance`).  It depends on the weights, the
        content kinds and the taxonomy only: the prior, the interval and the maturity are
        applied when reading it."""
        # Layout 2: the topics part has each content's ``created_at`` (layout 1 had
        # none), so that the young contents' topics are read without every content's.
        return kept(
            engine, self.name, self._params(), as_of,
            lambda since, ref: self.advance(engine, as_of, since, ref),
            layout=2,
        )

    @staticmethod
    def _topics_since(topics: ibis.Table, since: datetime | None) -> ibis.Table:
        """The kept (content, topic) rows of the contents created after ``since`` (all
        when None): a filter on one column, where a join with the young contents alone
        read every content's topics (at 10^8 events, 74M rows)."""
        if since is None:
            return topics
        return topics.filter(topics.created_at > ibis.literal(utc(since)))

    def _params(self) -> str:
        """The parameters the kept state depends on."""
        return json.dumps(
            {"weights": self.weights, "content_kinds": list(self.content_kinds),
             "taxonomy": self.taxonomy},
            sort_keys=True,
        )

    def recognition(
        self, engine: Engine, as_of: datetime, since: datetime | None = None
    ) -> ibis.Table:
        """Per opportunity: ``content_id, author_pid, r, m`` (weighted recognition by
        others; maturity), read from the kept state (:meth:`advance`).  With ``since``, of
        the contents created after it only (influence's slice of young contents)."""
        parts = self.state(engine, as_of).parts
        c = parts["contents"]
        if since is not None:
            c = c.filter(c.created_at > ibis.literal(utc(since)))
        out = self._with_pending(c, parts["pending"])
        return out.select(
            "content_id", "author_pid", "r", m=maturity(out.created_at, as_of, self.maturity_days)
        )

    def _recognition_sums(
        self, engine: Engine, as_of: datetime, ev: ibis.Table, part: str
    ) -> ibis.Table:
        """The recognising events of ``ev`` weighted and summed per (content, actor):
        ``target_content, actor, w``; staged as ``recognition-sums`` + ``part``.  Summed
        before identities are joined: far fewer rows."""
        kinds = [k for k, v in self.weights.items() if v > 0]
        rs = ev.filter(
            ev.kind.isin(kinds) if kinds else ibis.literal(False),
            ev.target_content.notnull(),
            (ev.kind != "reaction") | (ev.value > 0),
        )
        branches = [(rs.kind == k, self.weights[k]) for k in kinds]
        w = ibis.cases(*branches, else_=0.0) if branches else ibis.literal(0.0)
        rs = rs.mutate(w=w.cast("float64"))
        grouped = rs.group_by(["target_content", "actor"]).aggregate(w=rs.w.sum())
        return stage(engine, "recognition-sums" + part, self, as_of, lambda: grouped)

    def _own_topics(
        self, engine: Engine, as_of: datetime, only: ibis.Table | None = None
    ) -> ibis.Table:
        """Topics a content has by itself: ``o_content, topic`` (tags, taxonomy), of the
        contents ``only`` lists (column ``content_id``) if given."""
        contents = engine.table("contents")
        contents = contents.filter(contents.created_at <= ibis.literal(utc(as_of)))
        if only is not None:
            contents = contents.semi_join(only, contents.content_id == only.content_id)
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
        self, engine: Engine, as_of: datetime, rec: ibis.Table | None = None,
        since: datetime | None = None,
    ) -> ibis.Table:
        """One row per (opportunity, topic): ``content_id, author_pid, r, m, topic``
        (``rec``: :meth:`recognition`, when already built; ``since``: of the contents
        created after it only, as :meth:`recognition`'s ``since``)."""
        if rec is None:
            rec = self.recognition(engine, as_of, since=since)
        topics = self._topics_since(self.state(engine, as_of).parts["topics"], since)
        topics = topics.select(t_content=topics.content_id, topic=topics.topic)
        t = rec.join(topics, rec.content_id == topics.t_content)
        return t.select("content_id", "author_pid", "r", "m", "topic")

    def _topics_for(
        self, engine: Engine, as_of: datetime, ids: ibis.Table, *, few: bool = False,
        step: str | None = None,
    ) -> ibis.Table:
        """``t_content, topic`` for the contents ``ids`` lists (column ``content_id``, and
        their ``root`` and ``community`` when ``ids`` has them: else they are looked up):
        their own topics, their root's (an answer gets its question's tags) and their
        community; and ``created_at`` when ``ids`` has it with the other two.  ``few``:
        find the own topics of those contents and their roots only (for a few contents;
        for most of them, finding everyone's is cheaper).
        ``step``: with ``few``, the looked-up rows are staged under this name: three
        parts below read them, and each would otherwise scan every content again (at
        10^8 events, 55M rows: about 2.5 s of a day)."""
        dated = {"root", "community", "created_at"} <= set(ids.columns)
        if {"root", "community"} <= set(ids.columns):
            c = ids.select("content_id", "root", "community",
                           *(["created_at"] if dated else []))
        else:
            contents = engine.table("contents")
            cc = contents.select(
                c_id=contents.content_id, root=contents.root_id, community=contents.community
            )
            looked = ids.select("content_id").join(cc, ibis._.content_id == cc.c_id)
            looked = looked.select("content_id", "root", "community")
            c = looked if not (few and step) else stage(
                engine, step, self, as_of, lambda: looked
            )
        if few:
            roots = c.filter(c.root.notnull()).select(content_id=c.root.cast("string"))
            need = c.select(content_id=c.content_id.cast("string"))
            own = self._own_topics(engine, as_of, need.union(roots, distinct=True))
        else:
            own = self._own_topics(engine, as_of)
        def when(t: ibis.Table) -> dict[str, ibis.Value]:
            return {"created_at": t.created_at} if dated else {}

        mine = c.join(own, c.content_id == own.o_content).select(
            t_content=c.content_id, topic=own.topic, **when(c)
        )
        roots = c.filter(c.root.notnull(), c.root != c.content_id)
        inherited = roots.join(own, roots.root == own.o_content).select(
            t_content=roots.content_id, topic=own.topic, **when(roots)
        )
        comm = c.filter(c.community.notnull()).select(
            t_content=c.content_id, topic=ibis.literal("community:") + c.community,
            **when(c),
        )
        return mine.union(inherited).union(comm).distinct()

    def _late_root_topics(
        self, engine: Engine, as_of: datetime, since: datetime, part: str
    ) -> ibis.Table | None:
        """``content_id, topic, created_at``: what the contents kept since before
        ``since`` inherit from a root created in ``(since, as_of]``, after them (a clock's
        skew), that they do
        not have already (their own topics and community were kept when they appeared);
        None when no kept content has such a root.  ``part`` names the span in the staged
        step's key, as for the advance's other steps."""
        kids = kids_of_new_roots(engine, since, as_of)
        kids = kids.filter(
            kids.created_at <= ibis.literal(since),
            kids.kind.isin(self.content_kinds),
            kids.author.notnull(),
        )
        kids = kids.select("content_id", "created_at", root=kids.root_id,
                           community=kids.community)
        # Usually there is none: staged and tested first, it saves looking up the topics
        # of every content's root for nothing (two scans of all the contents at 10^8).
        kids = stage(engine, "late-kids" + part, self, as_of, lambda: kids)
        if not engine.collect(kids.select("content_id").limit(1)).num_rows:
            return None
        root_own = self._own_topics(engine, as_of, kids.select(content_id=kids.root))
        got = kids.join(root_own, kids.root == root_own.o_content).select(
            h_content=kids.content_id, h_topic=root_own.topic, h_created=kids.created_at
        ).distinct()
        kid_own = self._own_topics(engine, as_of, kids.select("content_id"))
        had = kid_own.select(a_content=kid_own.o_content, a_topic=kid_own.topic).union(
            kids.filter(kids.community.notnull()).select(
                a_content=kids.content_id, a_topic=ibis.literal("community:") + kids.community
            )
        )
        got = got.anti_join(had, [got.h_content == had.a_content, got.h_topic == had.a_topic])
        return got.select(content_id=got.h_content, topic=got.h_topic,
                          created_at=got.h_created)

    def topics_of(
        self, engine: Engine, as_of: datetime, ids: ibis.Table, *, few: bool = False,
        step: str | None = None,
    ) -> ibis.Table:
        """One row per (content, topic): ``content_id, topic``, for the contents whose ids
        ``ids`` lists (a table with a ``content_id`` column, any kind of content), by the
        rules of :meth:`content_topics` (own tags, the root's tags, community, taxonomy).
        Other scores (engagement) use it to give any action the topics of its content.
        ``few``: ``ids`` is a small part of the contents (the same rows, found faster);
        ``step`` then names the staged lookup of their rows (unique within a snapshot)."""
        t = self._topics_for(engine, as_of, ids, few=few, step=step)
        return t.select(content_id=t.t_content, topic=t.topic)

    def compute_topics(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """One row per (person, topic): ``person_id, topic, value, low, high, n,
        recognition`` (see the module for the formula)."""
        f = "float64"
        m = self.prior_strength
        parts = self.state(engine, as_of).parts
        per = parts["per_topic"].select("author_pid", "topic", "n", "s", "q")
        pop = parts["population"].select(n0=ibis._.n, s0=ibis._.s, q0=ibis._.q)
        if self.maturity_days > 0:
            # The kept sums count every content fully: take off what the young ones lack,
            # 1 - m of their count, recognition and squares.
            young = self.recognition(
                engine, as_of, since=window_start(as_of, self.maturity_days)
            )
            young = young.mutate(dn=1.0 - young.m, ds=(1.0 - young.m) * young.r,
                                 dq=(1.0 - young.m) * young.r * young.r)
            young = stage(engine, "young", self, as_of, lambda: young)
            topics = self._topics_since(
                parts["topics"], window_start(as_of, self.maturity_days)
            ).select("content_id", "topic")
            yt = young.join(topics, "content_id")
            yt = yt.group_by(y_pid=yt.author_pid, y_topic=yt.topic).aggregate(
                dn=yt.dn.sum(), ds=yt.ds.sum(), dq=yt.dq.sum()
            )
            j = per.left_join(yt, [per.author_pid == yt.y_pid, per.topic == yt.y_topic])
            grouped = j.select(
                "author_pid", "topic", n=j.n,
                n_w=(j.n.cast(f) - j.dn.fill_null(0.0)),
                recognition=j.s - j.ds.fill_null(0.0),
                q=j.q - j.dq.fill_null(0.0),
            )
            yp = young.aggregate(dn=young.dn.sum(), ds=young.ds.sum(), dq=young.dq.sum())
            pop = pop.cross_join(yp)
            pop = pop.select(n0=pop.n0.cast(f) - pop.dn.fill_null(0.0),
                             s0=pop.s0 - pop.ds.fill_null(0.0),
                             q0=pop.q0 - pop.dq.fill_null(0.0))
        else:
            grouped = per.select("author_pid", "topic", n=per.n, n_w=per.n.cast(f),
                                 recognition=per.s, q=per.q)
        pop = pop.select(n0=pop.n0.cast(f), s0=pop.s0, q0=pop.q0)
        mu0 = pop.s0 / pop.n0.nullif(0.0)
        var0 = ibis.greatest(pop.q0 / pop.n0.nullif(0.0) - mu0 * mu0, 0.0)
        pop = pop.select(mu0=mu0, var0=var0)
        per = stage(engine, "per-topic", self, as_of, lambda: grouped)
        topic = per.group_by(t_topic=per.topic).aggregate(
            nt=per.n_w.sum(), st=per.recognition.sum(), qt=per.q.sum()
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
        top = best_topic(t, [t.value.round(9).desc(), t.topic])
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
