"""Synthetic social activity with planted ground truth: ``swaylens synth``.

:func:`generate` writes a data set in the canonical schema (:mod:`swaylens.schema`) whose
structure is known, so that the scores and influence models can be checked against it.
It streams: events are generated and written in chunks (``chunk_events`` each, default
10^6) with vectorised numpy code, so 10^8 events never sit in memory at once.  Only the
users, the follower graph (compact numpy arrays) and the planted schedules do.

Output layout (``out_dir``)::

    identities.parquet            one row per user, schema.IDENTITIES
    events/part-00000.parquet     schema.EVENTS, one part per chunk, sorted by ts within it
    events/part-00001.parquet ...
    contents/part-00000.parquet   schema.CONTENTS, the contents created by the same chunk
    contents/part-00001.parquet ...
    truth/users.parquet           per user: community, role, activity / popularity rank,
                                  latent quality, join time, IC base probability
    truth/edges.parquet           the follower graph: follower, followee, follow time and
                                  the independent-cascade probability p of the edge
    truth.json                    the planted truth (written last: its presence means the
                                  data set is complete)

``identities.parquet``, ``events/`` and ``contents/`` carry exactly the canonical Arrow
schemas, so the generic ``table`` adapter ingests them without a mapping file:
``swaylens ingest table OUT/identities.parquet OUT/contents OUT/events``.  Keys: network
``synth``; user ``n`` is ``synth:id:n``; the ``n``-th event (0-based, over the whole data
set) is ``synth:e{n}`` and the content it creates (posts, replies, comments, reshares) is
``synth:c{n}``.
Exactly ``events`` events are written.

The model
---------
*Users* have a home community (one of ``communities``, sizes skewed) and Zipf-Mandelbrot
activity (the rank-``r`` user acts with weight ``(r + activity_offset) ** -activity_exponent``)
and popularity (likewise, for being followed); the two ranks are correlated.  A share of
the users are *newcomers*: they ``join`` during the period (a ``join`` event, then an
introduction post) and never act before that.

*Follower graph*: ``follow_share * events`` distinct edges, each emitted as one ``follow``
event.  The follower is drawn by activity, the followee by popularity (within the
follower's community with probability ``same_community_follow``).  An edge exists from its
``follow`` event on (follow times are front-loaded, density falling linearly to zero at
the end of the period), and cascades only travel over edges that exist at that time.

*Independent cascades*: every post except the hyperactive accounts' is the root of a
cascade.  Each adopter ``u`` (the author, then every resharer) gets one chance to
activate each follower ``v``, with the edge probability ::

    p_uv = min(ic_max, base(u) * (ic_same_community if community(u) == community(v) else 1))

where ``base`` is ``influencer_p`` for influencers, ``0`` for hyperactive accounts and
``ic_p * (1 + followers(u) / ic_dilution_followers) ** -ic_dilution`` otherwise (followers
over the whole period: big accounts get a smaller share of their followers to reshare).
An activated follower ``reshare``\\ s ``u``'s content (the reshare's parent is ``u``'s post
or reshare, its root is the cascade's post) after an exponential delay (mean
``reshare_delay_hours``); activations that would fall after the end of the period are
censored.  The exact ``p`` of every edge is in ``truth/edges.parquet``.

*Planted structures* (all named in ``truth.json``):

* influencers: few posts (derived from ``influencer_share``), each followed by a share
  ``influencer_followers`` of the users with high ``influencer_p``: widely reshared;
* hyperactive accounts: ``hyperactive_share`` of all events are their posts; their edges
  have p = 0 and nobody replies, comments, reacts to or mentions them;
* a sock-puppet ring of ``ring_size`` accounts that follow each other and post, like (+1)
  and reshare each other (``ring_share`` of all events) and do nothing else; their latent
  quality is scaled by ``ring_quality``, so outsiders rarely respond to them;
* bursts: in a time window, a set of persons of one community post texts naming a brand
  together with a purchase-intent phrase (:data:`INTENT_PHRASES`).  No other text holds an
  intent phrase; organic posts name a brand without intent at ``background_brand_rate``;
* activists (``activists_per_community`` per community): welcome most newcomers of their
  community (reply to the introduction post) and reply and react to its posts
  (``activist_share`` of all events), on top of their ordinary activity.

*Ordinary activity* fills the rest: posts (``post_share``, some mentioning a person:
``mention`` event plus ``@user`` in the text), then replies, comments and reactions (+1,
or -1 at ``downvote_rate``) in the ratio ``response_weights``, on contents chosen in
proportion to their author's latent quality, often by a follower of the author.

Chunks are independent given the world (users, graph, schedules) and a per-chunk random
stream derived from the seed, so the output is byte-identical for a given seed and
settings whatever the number of worker threads.  Chunk ``k`` covers the ``k``-th equal
slice of the period; events are sorted by time within a part, but a cascade or a reply
started near the end of a slice may spill into the next slice's time range.  Each chunk
keeps ``min_fill_share`` of its events for replies, comments and reactions: cascades that
do not fit are dropped whole (root post kept) and counted in ``truth.json``
(``cascades_dropped``; zero with the defaults up to 10^8 events).

Scale and cost
--------------
Defaults scale with ``events``: ``events // 100`` users, ``0.08 * events`` follow edges.
The mix of kinds is nearly scale-free; reshares grow slowly with the graph (about 6% of
the events at 2*10^5, 14% at 10^8).  Memory is the world (users and graph: 1M users and
8M edges at 10^8 events) plus the chunks in flight (``workers`` of them, a few hundred MB
each); only the world grows with ``events``.  Measured peak RSS: 0.8 GB at 10^7 events,
1.3 GB at 10^8 (two workers).  A cascade step does not toss one coin per
follower edge: per adopter it draws the number of successes of each block of equal
probability (binomial) and then that many distinct followers, which is the same
distribution at a small fraction of the cost.  Ids are laid out with numpy from a table
of 4-digit groups (:func:`format_ids`), ~5x faster than casting integers to strings.
See ``docs/benchmarks.md`` for measured throughput.
"""

from __future__ import annotations

import json
import math
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from swaylens import schema
from swaylens.errors import SwaylensError

NETWORK: Final = "synth"

Arr = npt.NDArray[Any]
I64 = npt.NDArray[np.int64]

#: The phrases that mark purchase intent; only burst posts contain them.
INTENT_PHRASES: Final[dict[str, str]] = {
    "thinking of buying": "Thinking of buying a {brand} {product}. Worth it?",
    "any recommendations for": "Any recommendations for a {brand} {product} model?",
    "switching from": "Switching from my old {product} to {brand}, tips welcome.",
    "should i get": "Should I get the {brand} {product} or wait?",
    "looking to buy": "Looking to buy a {brand} {product} this month.",
    "worth upgrading to": "Is it worth upgrading to the new {brand} {product}?",
}

DEFAULT_COMMUNITIES: Final = (
    "python", "gardening", "cycling", "cooking", "photography", "gaming", "finance", "travel",
)
DEFAULT_BRANDS: Final = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Soylent", "Wonka",
)

_TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "python": ("pandas", "asyncio", "packaging", "typing"),
    "gardening": ("tomatoes", "compost", "roses", "seeds"),
    "cycling": ("gravel", "commuting", "maintenance", "racing"),
    "cooking": ("baking", "fermentation", "knives", "vegan"),
    "photography": ("film", "lenses", "editing", "portraits"),
    "gaming": ("rpg", "speedrun", "indie", "retro"),
    "finance": ("budgeting", "index-funds", "taxes", "pensions"),
    "travel": ("backpacking", "trains", "visas", "hostels"),
}
_GENERIC_TOPICS: Final = ("news", "questions", "projects", "meta")
_PRODUCTS: Final[dict[str, str]] = {
    "python": "laptop", "gardening": "lawn mower", "cycling": "e-bike", "cooking": "blender",
    "photography": "camera", "gaming": "console", "finance": "credit card", "travel": "suitcase",
}
_TEMPLATES: Final = (
    "Today I learned something new about {topic}.",
    "Weekend project: {topic}. Notes below.",
    "Hot take: {topic} is underrated.",
    "Does anyone else struggle with {topic}?",
    "Finally figured out {topic}, writing it up.",
    "A short thread on {topic} for the {community} crowd.",
    "Beginner question about {topic}.",
    "Three things I wish I had known about {topic}.",
    "Progress update on my {topic} experiment.",
    "Unpopular opinion on {topic}: keep it simple.",
)
_SPAM: Final = (
    "Another {topic} digest, as every hour.",
    "Daily {topic} links roundup.",
    "New {topic} post on my blog, link in bio.",
)
_INTROS: Final = (
    "Hi all, new to {community} here.",
    "Hello {community}! Just joined.",
    "First post in {community}, be gentle.",
)
_WELCOMES: Final = (
    "Welcome to {community}! Glad you are here.",
    "Welcome aboard, happy to help with anything {community}.",
    "Hi and welcome! The {community} FAQ is a good start.",
)
_BRAND_NEUTRAL: Final = (
    "Saw a {brand} ad on the way home.",
    "{brand} sponsored our local meetup.",
    "{brand} was in the news again.",
)
_REPLIES: Final = (
    "Great point, thanks for sharing.",
    "I had the same experience.",
    "Could you say more about that?",
    "This helped me a lot.",
    "I see it differently, but interesting.",
    "Nice write-up!",
    "Same here.",
    "Good question, following.",
)
_COMMENTS: Final = ("+1", "Source?", "Thanks!", "Interesting.", "Bookmarked.", "Agreed.")

# Roles of users (truth/users.parquet).
ROLES: Final = ("ordinary", "influencer", "hyperactive", "ring", "activist")
_ORD, _INFL, _HYPER, _RING, _ACT = range(5)

_KIND = {k: i for i, k in enumerate(schema.EVENT_KINDS)}
_SUBKINDS: Final = ("like", "downvote", "repost")
_SUB_LIKE, _SUB_DOWN, _SUB_REPOST = range(3)
_CKINDS: Final = ("post", "reply", "comment", "reshare")
_C_POST, _C_REPLY, _C_COMMENT, _C_RESHARE = range(4)

_HOUR = 3600
# Columns with few distinct values are dictionary-encoded; the unique ids are not (their
# dictionary would only overflow).  Sorted times are delta-encoded: 15% smaller files.
_DICTIONARY = ["network", "community", "kind", "subkind", "value", "text", "tags"]
_DELTA = {"ts": "DELTA_BINARY_PACKED", "created_at": "DELTA_BINARY_PACKED"}
_STATISTICS = frozenset(["network", "community", "kind", "subkind", "ts", "created_at"])


@dataclass(frozen=True)
class SynthSettings:
    """Parameters of the synthetic world; every one has a documented default.

    Shares are fractions of all events; rates are per-item probabilities.

    Period
        ``days`` (365) ending at ``end`` ("2026-01-01T00:00:00+00:00"); times are to the
        second.
    Users and communities
        ``users``: number of users (default ``max(1000, events // 100)``);
        ``communities``: names (8); ``community_skew`` (0.7): community ``i`` has weight
        ``(i + 1) ** -community_skew``; ``community_loyalty`` (0.9): probability that a
        post goes to the author's home community; ``newcomer_share`` (0.3) of the
        ordinary users join during the period.
    Heavy tails
        ``activity_exponent`` (1.0) and ``activity_offset`` (10): Zipf-Mandelbrot weights
        of acting by activity rank; ``popularity_exponent`` (1.0), ``popularity_offset``
        (5): the same for being followed; ``rank_correlation`` (0.5) between the latent
        activity and popularity scores; ``quality_sigma`` (1.0): sigma of the log-normal
        latent quality that draws replies, comments and reactions.
    Follower graph
        ``follow_share`` (0.08): follow events (= graph edges) as a share of events;
        ``same_community_follow`` (0.7).
    Independent cascades
        ``ic_p`` (0.02), ``ic_same_community`` (2.0), ``ic_max`` (0.95), attention
        dilution ``ic_dilution`` (0.5) above ``ic_dilution_followers`` (100), delay mean
        ``reshare_delay_hours`` (2).
    Ordinary activity
        ``post_share`` (0.15); ``mention_rate`` (0.15) of posts mention someone;
        ``background_brand_rate`` (0.003) of posts name a brand without intent;
        ``response_weights`` (replies, comments, reactions) = (0.25, 0.15, 0.60) split
        what is left; ``downvote_rate`` (0.08) of reactions are -1; ``follower_affinity``
        (0.6): chance that a responder is a follower of the author; delay mean
        ``response_delay_hours`` (6).
    Planted
        ``influencers`` (20), ``influencer_followers`` (0.1 of the users each),
        ``influencer_p`` (0.3), ``influencer_share`` (0.02: the expected share of events
        that are reshares of influencer posts, from which their number of posts is
        derived, at least ``influencer_min_posts`` = 3 each), ``influencer_quality`` (3);
        ``hyperactive`` (10) accounts, ``hyperactive_share`` (0.03);
        ``ring_size`` (20), ``ring_share`` (0.01: 10% posts, 30% reshares, 60% likes),
        ``ring_quality`` (0.1: multiplies the ring's latent quality; sock puppets post
        what few outsiders care for, which is why they need each other);
        ``bursts`` (6), ``burst_share`` (0.002), ``burst_persons`` (25),
        ``burst_min_days``/``burst_max_days`` (2, 10), ``brands`` (8 names);
        ``activists_per_community`` (1), ``activist_share`` (0.01), ``welcome_rate`` (0.8).
    Engine
        ``chunk_events`` (1,000,000 events per part), ``workers`` (2 threads; 0: one per
        CPU), ``compression`` ("zstd"; "snappy", "lz4", "none"), ``min_fill_share`` (0.2:
        share of each chunk kept for replies/comments/reactions when cascades are cut).
    """

    days: float = 365.0
    end: str = "2026-01-01T00:00:00+00:00"
    users: int | None = None
    communities: tuple[str, ...] = DEFAULT_COMMUNITIES
    community_skew: float = 0.7
    community_loyalty: float = 0.9
    newcomer_share: float = 0.3
    activity_exponent: float = 1.0
    activity_offset: float = 10.0
    popularity_exponent: float = 1.0
    popularity_offset: float = 5.0
    rank_correlation: float = 0.5
    quality_sigma: float = 1.0
    follow_share: float = 0.08
    same_community_follow: float = 0.7
    ic_p: float = 0.02
    ic_same_community: float = 2.0
    ic_dilution: float = 0.5
    ic_dilution_followers: float = 100.0
    ic_max: float = 0.95
    reshare_delay_hours: float = 2.0
    post_share: float = 0.15
    mention_rate: float = 0.15
    background_brand_rate: float = 0.003
    response_weights: tuple[float, float, float] = (0.25, 0.15, 0.60)
    downvote_rate: float = 0.08
    follower_affinity: float = 0.6
    response_delay_hours: float = 6.0
    influencers: int = 20
    influencer_followers: float = 0.1
    influencer_p: float = 0.3
    influencer_share: float = 0.02
    influencer_min_posts: int = 3
    influencer_quality: float = 3.0
    hyperactive: int = 10
    hyperactive_share: float = 0.03
    ring_size: int = 20
    ring_share: float = 0.01
    ring_quality: float = 0.1
    bursts: int = 6
    burst_share: float = 0.002
    burst_persons: int = 25
    burst_min_days: float = 2.0
    burst_max_days: float = 10.0
    brands: tuple[str, ...] = DEFAULT_BRANDS
    activists_per_community: int = 1
    activist_share: float = 0.01
    welcome_rate: float = 0.8
    chunk_events: int = 1_000_000
    workers: int = 2
    compression: str = "zstd"
    min_fill_share: float = 0.2

    def validate(self, events: int) -> None:
        """Raise :class:`SwaylensError` for settings that cannot produce ``events``."""
        problems: list[str] = []
        if events < MIN_EVENTS:
            problems.append(f"events must be at least {MIN_EVENTS:,} (got {events:,})")
        if self.days <= 0:
            problems.append("days must be positive")
        if not self.communities or len(set(self.communities)) != len(self.communities):
            problems.append("communities must be distinct names")
        if not self.brands:
            problems.append("brands must not be empty")
        shares = {
            "follow_share": self.follow_share, "post_share": self.post_share,
            "influencer_share": self.influencer_share, "hyperactive_share": self.hyperactive_share,
            "ring_share": self.ring_share, "burst_share": self.burst_share,
            "activist_share": self.activist_share, "min_fill_share": self.min_fill_share,
        }
        for name, v in shares.items():
            if not 0 <= v < 1:
                problems.append(f"{name} must be in [0, 1)")
        if self.post_share <= 0:
            problems.append("post_share must be positive")
        fixed = (
            2 * self.follow_share + self.post_share * (1 + self.mention_rate)
            + self.hyperactive_share + self.ring_share + self.burst_share + self.activist_share
            + self.min_fill_share
        )
        if fixed > 0.9:
            problems.append(
                "the shares leave no room for cascades and responses"
                f" (2*follow + post*(1+mention) + planted + min_fill = {fixed:.2f} > 0.9)"
            )
        rates = {
            "community_loyalty": self.community_loyalty, "newcomer_share": self.newcomer_share,
            "same_community_follow": self.same_community_follow, "ic_p": self.ic_p,
            "ic_max": self.ic_max, "mention_rate": self.mention_rate,
            "background_brand_rate": self.background_brand_rate,
            "downvote_rate": self.downvote_rate, "follower_affinity": self.follower_affinity,
            "influencer_followers": self.influencer_followers,
            "influencer_p": self.influencer_p, "welcome_rate": self.welcome_rate,
        }
        for name, v in rates.items():
            if not 0 <= v <= 1:
                problems.append(f"{name} must be in [0, 1]")
        if not -1 < self.rank_correlation < 1:
            problems.append("rank_correlation must be in (-1, 1)")
        if len(self.response_weights) != 3 or min(self.response_weights) < 0 or not sum(
            self.response_weights
        ):
            problems.append("response_weights must be three non-negative weights")
        if self.chunk_events < 10_000:
            problems.append("chunk_events must be at least 10,000")
        if self.burst_min_days <= 0 or self.burst_max_days < self.burst_min_days:
            problems.append("need 0 < burst_min_days <= burst_max_days")
        if self.burst_max_days >= self.days:
            problems.append("burst_max_days must be shorter than the period")
        if self.compression not in ("zstd", "snappy", "lz4", "gzip", "none"):
            problems.append("compression must be zstd, snappy, lz4, gzip or none")
        for name in ("influencers", "hyperactive", "bursts", "activists_per_community"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must not be negative")
        if not self.ring_quality >= 0:
            problems.append("ring_quality must be >= 0")
        if self.ring_size == 1 or self.ring_size < 0:
            problems.append("ring_size must be 0 or at least 2")
        n_users = self.n_users(events)
        planted = (
            self.influencers + self.hyperactive + self.ring_size
            + self.activists_per_community * len(self.communities)
        )
        if n_users < max(100, 4 * planted):
            problems.append(f"{n_users} users are too few for {planted} planted accounts")
        if problems:
            raise SwaylensError("synth: " + "; ".join(problems))

    def n_users(self, events: int) -> int:
        return self.users if self.users is not None else max(1000, events // 100)

    def end_ts(self) -> int:
        dt = datetime.fromisoformat(self.end.replace("Z", "+00:00"))
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return int(dt.timestamp())


#: The smallest data set :func:`generate` writes (the planted structures need room).
MIN_EVENTS: Final = 10_000


@dataclass
class SynthReport:
    """What :func:`generate` wrote."""

    out_dir: Path
    events: int
    contents: int
    identities: int
    follow_edges: int
    parts: int
    seconds: float
    peak_rss_bytes: int
    kinds: dict[str, int] = field(default_factory=dict)
    truth: Path = Path()

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


# -- fast string columns ---------------------------------------------------------------
# pyarrow's int -> string cast runs at ~5 M/s; laying the digits out with numpy from a
# table of 4-digit groups is ~5x faster, and ids are most of the bytes we write.
_T4 = np.array(
    [int.from_bytes(f"{i:04d}".encode(), "little") for i in range(10_000)], dtype=np.uint32
)
_P10 = np.array([10**k for k in range(1, 19)], dtype=np.int64)


def format_ids(prefix: bytes, values: Arr, valid: Arr | None = None) -> pa.StringArray:
    """``prefix + str(v)`` for each non-negative integer ``v``, as an Arrow string array.

    Rows where ``valid`` is False are null.
    """
    v = np.asarray(values)
    n = len(v)
    if valid is not None:
        valid = np.asarray(valid, dtype=bool)
        v = np.where(valid, v, 0)
    if n == 0:
        return pa.array([], type=pa.string())  # type: ignore[no-any-return]
    vmax = int(v.max())
    if int(v.min()) < 0:
        raise ValueError("format_ids needs non-negative integers")
    # 32-bit division is about twice as fast as 64-bit.
    x: I64 = v.astype(np.int32 if vmax < 2**31 else np.int64, copy=False)
    maxd = len(str(vmax))
    ng = (maxd + 3) // 4
    w4 = ng * 4
    plen = len(prefix)
    pre = np.frombuffer(prefix, dtype=np.uint8)
    # The digits, right-aligned and zero-padded to w4, from a table of 4-digit groups.
    groups = np.empty((n, ng), dtype=np.uint32)
    for g in range(ng - 1, 0, -1):
        q = x // 10_000
        groups[:, g] = _T4[x - q * 10_000]
        x = q
    groups[:, 0] = _T4[x]
    digits = groups.view(np.uint8).reshape(n, w4)
    nd = np.ones(n, dtype=np.int8)
    for p10 in _P10[: maxd - 1]:
        nd += v >= p10
    lens = plen + nd.astype(np.int32)
    bitmap = None
    if valid is not None:
        lens[~valid] = 0
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    offsets = np.empty(n + 1, dtype=np.int32)
    offsets[0] = 0
    np.cumsum(lens, out=offsets[1:])
    nd_v = nd if valid is None else nd[valid]
    d0 = int(nd_v.min()) if len(nd_v) else w4
    if len(nd_v) == 0 or d0 == int(nd_v.max()):
        # One width (typical of ids numbered in sequence): every string is the prefix and
        # the last d0 digits, so the buffer is a plain (n, plen + d0) grid.
        rows = digits if valid is None else digits[valid]
        data = np.empty((len(rows), plen + d0), dtype=np.uint8)
        data[:, :plen] = pre
        data[:, plen:] = rows[:, w4 - d0 :]
    else:
        # Keep the prefix and the significant digits of each row; row-major order keeps
        # the rows in sequence, so the kept bytes are exactly the concatenated strings.
        width = plen + w4
        grid = np.empty((n, width), dtype=np.uint8)
        grid[:, :plen] = pre
        grid[:, plen:] = digits
        table = np.arange(width)[None, :] >= (width - np.arange(w4 + 1))[:, None]
        table[:, :plen] = True
        table[0, :] = False  # row code 0: a null
        code = nd if valid is None else np.where(valid, nd, 0).astype(np.int8)
        data = grid[table[code]]
    null_count = 0 if valid is None else int(n - np.count_nonzero(valid))
    return pa.StringArray.from_buffers(  # type: ignore[no-any-return]
        n, pa.py_buffer(offsets), pa.py_buffer(data.reshape(-1)), bitmap, null_count
    )


def _const(value: str, n: int) -> pa.StringArray:
    raw = value.encode()
    offsets = np.arange(0, (n + 1) * len(raw), len(raw), dtype=np.int32)[: n + 1]
    data = np.tile(np.frombuffer(raw, dtype=np.uint8), n)
    return pa.StringArray.from_buffers(  # type: ignore[no-any-return]
        n, pa.py_buffer(offsets), pa.py_buffer(data)
    )


def _codes(dictionary: pa.Array, codes: Arr) -> pa.Array:
    """Decode small integer codes (-1: null) through a small string dictionary."""
    codes = np.asarray(codes)
    mask = codes < 0
    idx = pa.array(codes.astype(np.int32), mask=mask if mask.any() else None)
    return dictionary.take(idx)


def _timestamps(seconds: Arr) -> pa.Array:
    us = np.ascontiguousarray(seconds, dtype=np.int64) * 1_000_000
    return pa.Array.from_buffers(schema.TS, len(us), [None, pa.py_buffer(us)])


def _table(s: pa.Schema, n: int, columns: dict[str, pa.Array]) -> pa.Table:
    # Columns we do not fill are null, so a column added to the schema later still fits.
    arrays = [columns[f.name] if f.name in columns else pa.nulls(n, f.type) for f in s]
    return pa.Table.from_arrays(arrays, schema=s)


# -- samplers --------------------------------------------------------------------------
def _zipf(rng: np.random.Generator, n: Arr | int, size: int, a: float, k0: float) -> I64:
    """Ranks in ``[0, n)`` with weight ``(rank + k0) ** -a`` (continuous inverse CDF)."""
    r = rng.random(size)
    nn = np.asarray(n, dtype=np.float64)
    if abs(a - 1.0) < 1e-9:
        x = k0 * np.exp(r * np.log((nn + k0) / k0)) - k0
    else:
        b = 1.0 - a
        lo = k0**b
        x = (lo + r * ((nn + k0) ** b - lo)) ** (1.0 / b) - k0
    ranks = x.astype(np.int64)
    return np.minimum(ranks, np.asarray(n, dtype=np.int64) - 1)  # type: ignore[no-any-return]


def _distinct_offsets(
    rng: np.random.Generator, group: I64, lo: I64, size: I64, span: int
) -> I64:
    """Uniform offsets in ``[0, size)``, distinct within each ``(group, lo)`` block.

    Drawing with replacement and redrawing the collisions gives each block a uniform
    random subset, as sampling without replacement does.
    """
    n = len(size)
    off = (rng.random(n) * size).astype(np.int64)
    key = group * span + lo + off
    o = np.argsort(key, kind="stable")
    ks = key[o]
    dup = np.zeros(n, dtype=bool)
    dup[1:] = ks[1:] == ks[:-1]
    need = np.zeros(n, dtype=bool)
    need[o[dup]] = True
    taken = ks[~dup]
    while need.any():
        idx = np.flatnonzero(need)
        off[idx] = (rng.random(len(idx)) * size[idx]).astype(np.int64)
        kp = group[idx] * span + lo[idx] + off[idx]
        pos = np.minimum(np.searchsorted(taken, kp), len(taken) - 1)
        free = taken[pos] != kp
        cand, kc = idx[free], kp[free]
        oc = np.argsort(kc, kind="stable")
        kcs = kc[oc]
        first = np.ones(len(kcs), dtype=bool)
        first[1:] = kcs[1:] != kcs[:-1]
        need[cand[oc[first]]] = False
        taken = np.sort(np.concatenate([taken, kcs[first]]), kind="stable")
    return off


def _merge_unique(sorted_unique: I64, new: I64) -> I64:
    """Merge ``new`` into a sorted array of distinct values."""
    # np.unique (hash-based in numpy 2.x) is ~10x slower than sorting int64 keys here;
    # the stable sort of two sorted runs is a linear merge.
    merged = np.sort(np.concatenate([sorted_unique, np.sort(new)]), kind="stable")
    keep = np.ones(len(merged), dtype=bool)
    keep[1:] = merged[1:] != merged[:-1]
    return merged[keep]  # type: ignore[no-any-return]


def _delay(rng: np.random.Generator, start: Arr, mean_s: float, t_end: int) -> I64:
    """``start`` plus an exponential delay truncated so the result stays before ``t_end``."""
    start = np.asarray(start, dtype=np.int64)
    if len(start) == 0:
        return start.copy()
    room = np.maximum(t_end - 1 - start, 0).astype(np.float64)
    u = rng.random(len(start))
    d = -mean_s * np.log1p(-u * -np.expm1(-room / mean_s))
    return start + np.minimum(d, room).astype(np.int64)  # type: ignore[no-any-return]


# -- event accumulation ----------------------------------------------------------------
_COLS: Final = (
    "kind", "sub", "actor", "tperson", "tlocal", "ts", "value", "comm",
    "ckind", "parent", "root", "text", "mention", "tag1", "tag2",
)
_DEFAULTS: Final[dict[str, tuple[Any, Any]]] = {
    # Users and in-chunk indexes fit 32 bits; half the bytes to concatenate and permute.
    "kind": (np.int8, None), "sub": (np.int8, -1), "actor": (np.int32, -1),
    "tperson": (np.int32, -1), "tlocal": (np.int32, -1), "ts": (np.int64, None),
    "value": (np.float64, 1.0), "comm": (np.int8, -1), "ckind": (np.int8, -1),
    "parent": (np.int32, -1), "root": (np.int32, -1), "text": (np.int32, -1),
    "mention": (np.int32, -1), "tag1": (np.int16, -1), "tag2": (np.int16, -1),
}


class _Events:
    """Groups of events of one chunk, as numeric columns; local index = insertion order."""

    def __init__(self) -> None:
        self.groups: list[dict[str, Arr]] = []
        self.n = 0

    def add(self, ts: Arr, *, self_target: bool = False, **cols: Any) -> I64:
        ts = np.asarray(ts, dtype=np.int64)
        m = len(ts)
        idx = np.arange(self.n, self.n + m, dtype=np.int64)
        group: dict[str, Arr] = {"ts": ts}
        if self_target:
            cols.setdefault("tlocal", idx)
            cols.setdefault("root", idx)
        for name, value in cols.items():
            if name not in _DEFAULTS:
                raise TypeError(name)
            dtype = _DEFAULTS[name][0]
            if np.ndim(value) == 0:
                group[name] = np.full(m, value, dtype=dtype)
            else:
                arr = np.asarray(value, dtype=dtype)
                if len(arr) != m:
                    raise ValueError(f"{name}: {len(arr)} values for {m} events")
                group[name] = arr
        self.groups.append(group)
        self.n += m
        return idx

    def column(self, name: str) -> Arr:
        dtype, default = _DEFAULTS[name]
        parts = [
            g[name] if name in g else np.full(len(g["ts"]), default, dtype=dtype)
            for g in self.groups
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


@dataclass
class _Pool:
    """Contents that replies, comments and reactions may target."""

    local: I64
    author: I64
    ts: I64
    comm: Arr
    root: I64

    @staticmethod
    def empty() -> _Pool:
        z = np.zeros(0, dtype=np.int64)
        return _Pool(z, z, z, np.zeros(0, dtype=np.int8), z)

    def extend(self, local: Arr, author: Arr, ts: Arr, comm: Arr, root: Arr) -> None:
        self.local = np.concatenate([self.local, np.asarray(local, dtype=np.int64)])
        self.author = np.concatenate([self.author, np.asarray(author, dtype=np.int64)])
        self.ts = np.concatenate([self.ts, np.asarray(ts, dtype=np.int64)])
        self.comm = np.concatenate([self.comm, np.asarray(comm, dtype=np.int8)])
        self.root = np.concatenate([self.root, np.asarray(root, dtype=np.int64)])

    def __len__(self) -> int:
        return len(self.local)


class _Part:
    """One chunk's events as numeric columns in time order; Arrow tables on demand.

    The two tables are built one after the other (and written in between) so that only
    one of them is in memory at a time.
    """

    def __init__(
        self, world: _World, base: int, cols: dict[str, Arr], rank: I64, stats: dict[str, int]
    ) -> None:
        self.world = world
        self.base = base
        self.cols = cols
        self.rank = rank
        self.stats = stats
        self.n = len(cols["ts"])
        self._actor_ids: pa.StringArray | None = None

    def _refs(self, local: Arr, prefix: bytes = b"synth:c") -> pa.StringArray:
        """Content ids of in-chunk local event indexes (-1: null)."""
        valid = local >= 0
        return format_ids(prefix, self.base + self.rank[np.where(valid, local, 0)], valid)

    def events(self) -> pa.Table:
        w, c, n = self.world, self.cols, self.n
        num = self.base + np.arange(n, dtype=np.int64)
        actor = c["actor"]
        self._actor_ids = format_ids(b"synth:id:", actor, actor >= 0)
        tperson = c["tperson"]
        return _table(
            schema.EVENTS,
            n,
            {
                "event_id": format_ids(b"synth:e", num),
                "network": _const(NETWORK, n),
                "source_id": format_ids(b"e", num),
                "community": _codes(w.comm_names, c["comm"]),
                "kind": _codes(w.kinds, c["kind"]),
                "subkind": _codes(w.subkinds, c["sub"]),
                "actor": self._actor_ids,
                "target_person": format_ids(b"synth:id:", tperson, tperson >= 0),
                "target_content": self._refs(c["tlocal"]),
                "ts": _timestamps(c["ts"]),
                "value": pa.array(c["value"], type=pa.float64()),
            },
        )

    def contents(self) -> pa.Table:
        w, c = self.world, self.cols
        cpos = np.flatnonzero(c["ckind"] >= 0)
        m = len(cpos)
        cnum = self.base + cpos
        if self._actor_ids is not None:
            author = self._actor_ids.take(pa.array(cpos))
            self._actor_ids = None
        else:
            author = format_ids(b"synth:id:", c["actor"][cpos])
        return _table(
            schema.CONTENTS,
            m,
            {
                "content_id": format_ids(b"synth:c", cnum),
                "network": _const(NETWORK, m),
                "source_id": format_ids(b"c", cnum),
                "community": _codes(w.comm_names, c["comm"][cpos]),
                "kind": _codes(w.ckinds, c["ckind"][cpos]),
                "author": author,
                "created_at": _timestamps(c["ts"][cpos]),
                "parent_id": self._refs(c["parent"][cpos]),
                "root_id": self._refs(c["root"][cpos]),
                "text": w._text(c["text"][cpos], c["mention"][cpos]),
                "tags": w._tags(c["tag1"][cpos].astype(np.int64), c["tag2"][cpos].astype(np.int64)),
            },
        )


# -- the world -------------------------------------------------------------------------
class _World:
    """Users, follower graph, planted schedules and the text bank: all a chunk needs."""

    def __init__(self, s: SynthSettings, events: int, seed: int) -> None:
        self.s = s
        self.events = events
        self.seed = seed
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
        self.t_end = s.end_ts()
        self.t_start = self.t_end - round(s.days * 86400)
        n_chunks = max(1, math.ceil(events / s.chunk_events))
        sizes = np.full(n_chunks, events // n_chunks, dtype=np.int64)
        sizes[: events % n_chunks] += 1
        self.sizes = sizes
        self.bases = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        span = self.t_end - self.t_start
        self.slices = self.t_start + (np.arange(n_chunks + 1, dtype=np.int64) * span) // n_chunks

        self._users(rng)
        self._bank()
        self._graph(rng)
        self._schedules(rng)

    # users -----------------------------------------------------------------------------
    def _users(self, rng: np.random.Generator) -> None:
        s = self.s
        U = self.U = s.n_users(self.events)
        nc = len(s.communities)
        w = (np.arange(nc) + 1.0) ** -s.community_skew
        self.comm = rng.choice(nc, size=U, p=w / w.sum()).astype(np.int8)
        role = np.zeros(U, dtype=np.int8)
        perm = rng.permutation(U)
        i = 0
        self.influencer_ids = np.sort(perm[i : i + s.influencers])
        i += s.influencers
        self.hyper_ids = np.sort(perm[i : i + s.hyperactive])
        i += s.hyperactive
        self.ring_ids = np.sort(perm[i : i + s.ring_size])
        i += s.ring_size
        role[self.influencer_ids] = _INFL
        role[self.hyper_ids] = _HYPER
        role[self.ring_ids] = _RING
        # The ring lives in one community, like a real cluster of sock puppets.
        self.ring_comm = int(rng.integers(nc))
        self.comm[self.ring_ids] = self.ring_comm
        rest = perm[i:]
        # Newcomers: ordinary users who join during the period.
        n_new = round(s.newcomer_share * len(rest))
        newcomers = rest[:n_new]
        self.join = np.full(U, self.t_start, dtype=np.int64)
        jt = rng.integers(self.t_start, self.t_end, size=n_new)
        self.join[newcomers] = jt
        self.newcomer = np.zeros(U, dtype=bool)
        self.newcomer[newcomers] = True
        o = np.argsort(jt, kind="stable")
        self.join_sorted_t = jt[o]
        self.join_sorted_u = newcomers[o].astype(np.int64)
        # Activists: veterans, per community.
        vets = rest[n_new:]
        acts: list[int] = []
        self.activist_comm: list[int] = []
        for c in range(nc):
            cand = vets[self.comm[vets] == c]
            k = min(s.activists_per_community, len(cand))
            if k:
                pick = rng.choice(cand, size=k, replace=False)
                acts.extend(int(x) for x in pick)
                self.activist_comm.extend([c] * k)
        self.activist_ids = np.array(acts, dtype=np.int64)
        role[self.activist_ids] = _ACT
        self.role = role
        self.ordinary = (role == _ORD) | (role == _ACT)
        ords = np.flatnonzero(self.ordinary)
        # Correlated latent activity and popularity scores -> ranks.
        za = rng.standard_normal(U)
        rho = s.rank_correlation
        zf = rho * za + math.sqrt(1 - rho * rho) * rng.standard_normal(U)
        self.act_order = ords[np.argsort(-za[ords], kind="stable")]
        # Who follows many is independent of who is followed by many: with correlated
        # in- and out-degrees the cascades' branching factor grows with the graph size
        # (the vanishing epidemic threshold of heavy-tailed networks) and every cascade
        # explodes at 10^8 events.  Independent, it stays ~ p * mean followers < 1.
        zg = rng.standard_normal(U)
        self.follow_order = ords[np.argsort(-zg[ords], kind="stable")]
        self.vet_order = self.act_order[~self.newcomer[self.act_order]]
        self.activity_rank = np.full(U, -1, dtype=np.int64)
        self.activity_rank[self.act_order] = np.arange(len(self.act_order))
        followable = np.flatnonzero(self.ordinary | (role == _HYPER))
        self.pop_order = followable[np.argsort(-zf[followable], kind="stable")]
        self.popularity_rank = np.full(U, -1, dtype=np.int64)
        self.popularity_rank[self.pop_order] = np.arange(len(self.pop_order))
        # Per-community popularity orders, flattened with offsets.
        pc_comm = self.comm[self.pop_order]
        o2 = np.argsort(pc_comm, kind="stable")
        self.comm_pop = self.pop_order[o2]
        counts = np.bincount(pc_comm, minlength=nc)
        self.comm_pop_off = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.comm_pop_n = counts.astype(np.int64)
        # Ordinary popularity order (mention targets).
        self.ord_pop_order = self.pop_order[self.ordinary[self.pop_order]]
        q = np.exp(s.quality_sigma * rng.standard_normal(U))
        q[self.influencer_ids] *= s.influencer_quality
        q[self.hyper_ids] = 0.0
        q[self.ring_ids] *= s.ring_quality
        self.quality = q

    def sample_active(self, rng: np.random.Generator, ts: Arr) -> I64:
        """Ordinary users by activity, each one already joined at its event's time."""
        s = self.s
        n = len(ts)
        u = self.act_order[_zipf(rng, len(self.act_order), n, s.activity_exponent,
                                 s.activity_offset)]
        late = self.join[u] > ts
        k = int(np.count_nonzero(late))
        if k:
            u[late] = self.vet_order[
                _zipf(rng, len(self.vet_order), k, s.activity_exponent, s.activity_offset)
            ]
        return u.astype(np.int64)  # type: ignore[no-any-return]

    # text -----------------------------------------------------------------------------
    def _bank(self) -> None:
        s = self.s
        texts: list[str] = []
        self.topic_names: list[str] = []
        n_t = 4
        self.n_topics = n_t
        for c in s.communities:
            topics = _TOPICS.get(c, _GENERIC_TOPICS)[:n_t]
            self.topic_names.extend(f"{c}/{t}" if c not in _TOPICS else t for t in topics)

        def block(items: Iterable[str]) -> int:
            start = len(texts)
            texts.extend(items)
            return start

        comms = s.communities
        self.tx_organic = block(
            tmpl.format(topic=self.topic_names[ci * n_t + ti].split("/")[-1], community=c)
            for ci, c in enumerate(comms)
            for ti in range(n_t)
            for tmpl in _TEMPLATES
        )
        self.tx_spam = block(
            tmpl.format(topic=self.topic_names[ci * n_t + ti].split("/")[-1])
            for ci, _ in enumerate(comms)
            for ti in range(n_t)
            for tmpl in _SPAM
        )
        self.tx_intro = block(t.format(community=c) for c in comms for t in _INTROS)
        self.tx_welcome = block(t.format(community=c) for c in comms for t in _WELCOMES)
        self.tx_neutral = block(t.format(brand=b) for b in s.brands for t in _BRAND_NEUTRAL)
        self.tx_reply = block(_REPLIES)
        self.tx_comment = block(_COMMENTS)
        self.tx_burst = len(texts)  # burst texts appended by _schedules
        self._texts = texts

    # graph ----------------------------------------------------------------------------
    def _graph(self, rng: np.random.Generator) -> None:
        s = self.s
        U = self.U
        E = round(s.follow_share * self.events)
        src_parts: list[I64] = []
        dst_parts: list[I64] = []
        ring = self.ring_ids
        if len(ring) > 1:
            a, b = np.meshgrid(ring, ring, indexing="ij")
            off = a != b
            src_parts.append(a[off].astype(np.int64))
            dst_parts.append(b[off].astype(np.int64))
        n_ring_edges = len(ring) * (len(ring) - 1)
        ords = np.flatnonzero(self.ordinary)
        k_inf = 0
        if len(self.influencer_ids):
            k_inf = round(s.influencer_followers * len(ords))
            cap = max(0, (E // 2 - n_ring_edges) // len(self.influencer_ids))
            k_inf = min(k_inf, cap, len(ords))
            for u in self.influencer_ids:
                f = rng.choice(ords, size=k_inf, replace=False).astype(np.int64)
                src_parts.append(f)
                dst_parts.append(np.full(k_inf, u, dtype=np.int64))
        self.influencer_follower_count = k_inf
        planted = sum(len(x) for x in src_parts)
        e_org = max(0, E - planted)
        if e_org > 0.25 * len(ords) * len(self.pop_order):
            raise SwaylensError(
                f"synth: {e_org:,} follow edges are too many for {U:,} users;"
                " lower follow_share or raise users"
            )
        keys = np.zeros(0, dtype=np.int64)
        for _ in range(100):
            deficit = e_org - len(keys)
            if deficit <= 0:
                break
            m = int(deficit * 1.15) + 64
            v = self.follow_order[
                _zipf(rng, len(self.follow_order), m, s.activity_exponent, s.activity_offset)
            ]
            u = self.pop_order[
                _zipf(rng, len(self.pop_order), m, s.popularity_exponent, s.popularity_offset)
            ]
            cv = self.comm[v].astype(np.int64)
            same = (rng.random(m) < s.same_community_follow) & (self.comm_pop_n[cv] > 0)
            idx = np.flatnonzero(same)
            if len(idx):
                cc = cv[idx]
                r = _zipf(rng, self.comm_pop_n[cc], len(idx), s.popularity_exponent,
                          s.popularity_offset)
                u[idx] = self.comm_pop[self.comm_pop_off[cc] + r]
            ok = u != v
            keys = _merge_unique(keys, v[ok] * U + u[ok])
        else:  # pragma: no cover - guarded by the density check above
            raise SwaylensError("synth: could not draw the follower graph; lower follow_share")
        if len(keys) > e_org:
            keys = keys[np.sort(rng.choice(len(keys), size=e_org, replace=False))]
        src_parts.append(keys // U)
        dst_parts.append(keys % U)
        src = np.concatenate(src_parts)
        dst = np.concatenate(dst_parts)
        del keys, src_parts, dst_parts
        self.n_edges = len(src)
        # Follow times: from when both ends exist, density falling linearly to the end.
        lo = np.maximum(self.join[src], self.join[dst])
        u01 = rng.random(len(src))
        t = lo + ((self.t_end - lo) * (1.0 - np.sqrt(1.0 - u01))).astype(np.int64)
        t = np.minimum(t, self.t_end - 1)
        self.followers = np.bincount(dst, minlength=U).astype(np.int64)
        # Attention dilution: a follower of a big account is less likely to reshare it.
        # Without it, active users (who are also popular) make the expected reshares per
        # post grow with the graph, and the mix of event kinds would depend on the scale.
        self.ic_base = s.ic_p * (1.0 + self.followers / s.ic_dilution_followers) ** (
            -s.ic_dilution
        )
        self.ic_base[self.influencer_ids] = s.influencer_p
        self.ic_base[self.hyper_ids] = 0.0
        # An adopter's edges have two probabilities: to followers of its own community
        # and to the others.
        self.p_same = np.minimum(s.ic_max, self.ic_base * s.ic_same_community)
        self.p_other = np.minimum(s.ic_max, self.ic_base)
        same_c = self.comm[src] == self.comm[dst]
        # Followers of each user (cascades, responders): CSR by followee, the followers
        # of the same community first, so that a cascade step can draw the number of
        # successes per block (binomial) instead of one coin per edge.
        o = np.lexsort((~same_c, dst))
        self.fol_user = src[o].astype(np.int32)
        self.fol_t = t[o]
        self.fol_same = np.bincount(dst[same_c], minlength=U).astype(np.int64)
        self.fol_ptr = np.concatenate([[0], np.cumsum(self.followers)]).astype(np.int64)
        # Whom each user follows (mentions): CSR by follower.
        o = np.argsort(src, kind="stable")
        self.fwg_user = dst[o].astype(np.int32)
        self.fwg_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(src, minlength=U))]
        ).astype(np.int64)
        # Follow events in time order.
        o = np.argsort(t, kind="stable")
        self.ft = t[o]
        self.fv = src[o].astype(np.int32)
        self.fu = dst[o].astype(np.int32)

    # schedules ------------------------------------------------------------------------
    def _schedules(self, rng: np.random.Generator) -> None:
        s = self.s
        # Influencer posts: enough to expect influencer_share of events as their reshares.
        n_inf = len(self.influencer_ids)
        self.influencer_posts_each = 0
        if n_inf:
            mean_p = s.influencer_p * (1 + (s.ic_same_community - 1) / len(s.communities))
            # Edges exist ~2/3 of the period on average (front-loaded follow times), and
            # ordinary resharers add roughly a third again.
            expected = max(1.0, self.influencer_follower_count * min(mean_p, s.ic_max) * 0.9)
            each = round(s.influencer_share * self.events / (n_inf * expected))
            self.influencer_posts_each = max(s.influencer_min_posts, int(each))
            k = self.influencer_posts_each
            u = np.repeat(self.influencer_ids, k)
            t = rng.integers(self.t_start, self.t_end, size=len(u))
            o = np.argsort(t, kind="stable")
            self.inf_t, self.inf_u = t[o], u[o].astype(np.int64)
        else:
            self.inf_t = self.inf_u = np.zeros(0, dtype=np.int64)
        # Bursts.
        nc = len(s.communities)
        n_b = s.bursts
        intents = list(INTENT_PHRASES)
        self.burst_info: list[dict[str, Any]] = []
        bt: list[I64] = []
        bu: list[I64] = []
        bx: list[I64] = []
        bb: list[I64] = []
        per_burst = max(20, round(s.burst_share * self.events / max(1, n_b)))
        for b in range(n_b):
            brand = s.brands[b % len(s.brands)]
            c = int(rng.integers(nc))
            dur = int(rng.uniform(s.burst_min_days, s.burst_max_days) * 86400)
            start = int(rng.integers(self.t_start, self.t_end - dur))
            plain = self.vet_order[self.role[self.vet_order] == _ORD]
            cand = plain[self.comm[plain] == c]
            if len(cand) == 0:
                cand = plain
            # Bursts come from engaged members: draw persons among the more active half.
            cand = cand[: max(1, len(cand) // 2)]
            persons = np.sort(
                rng.choice(cand, size=min(s.burst_persons, len(cand)), replace=False)
            )
            product = _PRODUCTS.get(s.communities[c], "gadget")
            text0 = len(self._texts)
            self._texts.extend(
                INTENT_PHRASES[i].format(brand=brand, product=product) for i in intents
            )
            bt.append(rng.integers(start, start + dur, size=per_burst))
            bu.append(persons[rng.integers(len(persons), size=per_burst)].astype(np.int64))
            bx.append(text0 + rng.integers(len(intents), size=per_burst))
            bb.append(np.full(per_burst, b, dtype=np.int64))
            self.burst_info.append(
                {
                    "brand": brand,
                    "community": s.communities[c],
                    "start": _iso(start),
                    "end": _iso(start + dur),
                    "persons": [_uid(int(x)) for x in persons],
                    "phrases": intents,
                    "posts": per_burst,
                }
            )
        if bt:
            t = np.concatenate(bt)
            o = np.argsort(t, kind="stable")
            self.b_t = t[o]
            self.b_u = np.concatenate(bu)[o]
            self.b_text = np.concatenate(bx)[o]
            self.b_id = np.concatenate(bb)[o]
        else:
            z = np.zeros(0, dtype=np.int64)
            self.b_t = self.b_u = self.b_text = self.b_id = z
        self.bank = pa.array(self._texts, type=pa.string())
        self.topics = pa.array(self.topic_names, type=pa.string())
        self.kinds = pa.array(list(schema.EVENT_KINDS), type=pa.string())
        self.subkinds = pa.array(list(_SUBKINDS), type=pa.string())
        self.ckinds = pa.array(list(_CKINDS), type=pa.string())
        self.comm_names = pa.array(list(s.communities), type=pa.string())
        act_by_comm: dict[int, list[int]] = {}
        for a, c in zip(self.activist_ids.tolist(), self.activist_comm, strict=True):
            act_by_comm.setdefault(c, []).append(a)
        self.act_by_comm = act_by_comm

    # -- one chunk ---------------------------------------------------------------------
    def chunk(self, k: int) -> _Part:
        """The events of chunk ``k`` (and the contents they create), with counters."""
        s = self.s
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(1, k)))
        C = int(self.sizes[k])
        t0, t1 = int(self.slices[k]), int(self.slices[k + 1])
        t_end = self.t_end
        comm = self.comm
        nt = self.n_topics
        stats: dict[str, int] = {}
        ev = _Events()
        pool = _Pool.empty()

        def topic_of(c: Arr) -> Arr:
            return np.asarray(c, dtype=np.int64) * nt + rng.integers(nt, size=len(c))

        def posts(
            authors: Arr, ts: Arr, c: Arr, text: Arr, tag1: Arr, *, eligible: bool,
            mention: Arr | None = None, tag2: Arr | None = None,
        ) -> I64:
            extra: dict[str, Any] = {}
            if mention is not None:
                extra["mention"] = mention
            if tag2 is not None:
                extra["tag2"] = tag2
            idx = ev.add(
                ts, self_target=True, kind=_KIND["post"], actor=authors, comm=c,
                ckind=_C_POST, text=text, tag1=tag1, **extra,
            )
            if eligible:
                pool.extend(idx, authors, ts, c, idx)
            return idx

        # 1. follows whose time falls in this slice
        a, b = np.searchsorted(self.ft, [t0, t1], side="left")
        ev.add(self.ft[a:b], kind=_KIND["follow"], actor=self.fv[a:b], tperson=self.fu[a:b])
        # 2. newcomers: join, then an introduction post
        a, b = np.searchsorted(self.join_sorted_t, [t0, t1], side="left")
        ju, jt = self.join_sorted_u[a:b], self.join_sorted_t[a:b]
        jc = comm[ju]
        ev.add(jt, kind=_KIND["join"], actor=ju, comm=jc)
        it = _delay(rng, jt, 2 * _HOUR, t_end)
        intro_text = self.tx_intro + jc.astype(np.int64) * len(_INTROS) + rng.integers(
            len(_INTROS), size=len(ju)
        )
        intro_idx = posts(ju, it, jc, intro_text, topic_of(jc), eligible=True)
        # 3. hyperactive accounts
        n_h = round(s.hyperactive_share * C) if len(self.hyper_ids) else 0
        hu = self.hyper_ids[rng.integers(max(1, len(self.hyper_ids)), size=n_h)]
        hc = comm[hu]
        htop = topic_of(hc)
        posts(
            hu, rng.integers(t0, t1, size=n_h), hc,
            self.tx_spam + htop * len(_SPAM) + rng.integers(len(_SPAM), size=n_h), htop,
            eligible=False,
        )
        stats["hyperactive_posts"] = n_h
        roots: list[tuple[I64, I64, I64]] = []  # (local, author, ts), priority order
        # 4. influencer posts scheduled in this slice
        a, b = np.searchsorted(self.inf_t, [t0, t1], side="left")
        iu, its = self.inf_u[a:b], self.inf_t[a:b]
        ic_ = comm[iu]
        top = topic_of(ic_)
        ii = posts(iu, its, ic_, self._organic_text(rng, top), top, eligible=True)
        roots.append((ii, iu, its))
        stats["influencer_posts"] = len(ii)
        # 5. burst posts scheduled in this slice
        a, b = np.searchsorted(self.b_t, [t0, t1], side="left")
        bu, bts = self.b_u[a:b], self.b_t[a:b]
        bc = comm[bu]
        bi = posts(bu, bts, bc, self.b_text[a:b], topic_of(bc), eligible=True)
        roots.append((bi, bu, bts))
        for bid in range(len(self.burst_info)):
            stats[f"burst_{bid}"] = int(np.count_nonzero(self.b_id[a:b] == bid))
        roots.append((intro_idx, ju, it))
        # 6. the sock-puppet ring
        ring = self.ring_ids
        n_ring = round(s.ring_share * C) if len(ring) > 1 else 0
        n_rp = max(1, round(0.1 * n_ring)) if n_ring else 0
        n_rs = round(0.3 * n_ring)
        n_rr = n_ring - n_rp - n_rs
        pos = rng.integers(len(ring), size=n_rp) if n_rp else np.zeros(0, dtype=np.int64)
        ru = ring[pos] if n_rp else np.zeros(0, dtype=np.int64)
        rts = rng.integers(t0, t1, size=n_rp)
        rc = comm[ru]
        rtop = topic_of(rc)
        ri = posts(ru, rts, rc, self._organic_text(rng, rtop), rtop, eligible=True)
        roots.append((ri, ru, rts))
        if n_rp:
            for n_x, kind in ((n_rs, "reshare"), (n_rr, "reaction")):
                tgt = rng.integers(n_rp, size=n_x)
                actor = ring[(pos[tgt] + 1 + rng.integers(len(ring) - 1, size=n_x)) % len(ring)]
                tts = _delay(rng, rts[tgt], _HOUR, t_end)
                if kind == "reshare":
                    ev.add(
                        tts, kind=_KIND["reshare"], sub=_SUB_REPOST, actor=actor,
                        tperson=ru[tgt], tlocal=ri[tgt], comm=rc[tgt], ckind=_C_RESHARE,
                        parent=ri[tgt], root=ri[tgt],
                    )
                else:
                    ev.add(
                        tts, kind=_KIND["reaction"], sub=_SUB_LIKE, actor=actor,
                        tperson=ru[tgt], tlocal=ri[tgt], comm=rc[tgt],
                    )
        stats["ring_posts"], stats["ring_reshares"], stats["ring_reactions"] = (
            n_rp, n_rs if n_rp else 0, n_rr if n_rp else 0,
        )
        # 7. ordinary posts, some with a mention
        n_p = round(s.post_share * C)
        pts = rng.integers(t0, t1, size=n_p)
        pu = self.sample_active(rng, pts)
        home = comm[pu]
        other = rng.random(n_p) >= s.community_loyalty
        pcm = np.where(other, rng.integers(len(s.communities), size=n_p), home).astype(np.int8)
        ptop = topic_of(pcm)
        ptext = self._organic_text(rng, ptop)
        brand = rng.random(n_p) < s.background_brand_rate
        nb = int(np.count_nonzero(brand))
        ptext[brand] = self.tx_neutral + rng.integers(len(s.brands) * len(_BRAND_NEUTRAL),
                                                      size=nb)
        two = rng.random(n_p) < 0.3
        ptag2 = np.where(
            two, (ptop // nt) * nt + (ptop % nt + 1 + rng.integers(nt - 1, size=n_p)) % nt, -1
        )
        mention = self._mentions(rng, pu, rng.random(n_p) < s.mention_rate)
        pi = posts(pu, pts, pcm, ptext, ptop, eligible=True, mention=mention, tag2=ptag2)
        roots.append((pi, pu, pts))
        m = np.flatnonzero(mention >= 0)
        ev.add(
            pts[m], kind=_KIND["mention"], actor=pu[m], tperson=mention[m], tlocal=pi[m],
            comm=pcm[m],
        )
        stats["background_brand_posts"] = nb
        # 8. independent cascades from every root
        n_act = round(s.activist_share * C) if len(self.activist_ids) else 0
        budget = C - ev.n - n_act - round(s.min_fill_share * C)
        if budget < 0:
            raise SwaylensError(
                f"synth: chunk {k} has no room left for cascades; lower the shares"
            )
        self._cascades(rng, ev, roots, budget, stats)
        # 9. activists
        self._activists(rng, ev, pool, intro_idx, ju, it, jc, n_act, stats)
        # 10. replies, comments and reactions fill the chunk exactly
        self._fill(rng, ev, pool, C - ev.n)
        if ev.n != C:  # pragma: no cover - an internal invariant
            raise AssertionError(f"chunk {k}: {ev.n} events, expected {C}")
        return self._part(ev, int(self.bases[k]), stats)

    def _organic_text(self, rng: np.random.Generator, topic: Arr) -> I64:
        return (  # type: ignore[no-any-return]
            self.tx_organic + np.asarray(topic, dtype=np.int64) * len(_TEMPLATES)
            + rng.integers(len(_TEMPLATES), size=len(topic))
        )

    def _mentions(self, rng: np.random.Generator, authors: Arr, flag: Arr) -> I64:
        """A mentioned user for flagged posts (-1 elsewhere): mostly someone they follow."""
        out = np.full(len(authors), -1, dtype=np.int64)
        idx = np.flatnonzero(flag)
        if not len(idx):
            return out
        a = authors[idx]
        deg = self.fwg_ptr[a + 1] - self.fwg_ptr[a]
        pick = self.ord_pop_order[
            _zipf(rng, len(self.ord_pop_order), len(idx), self.s.popularity_exponent,
                  self.s.popularity_offset)
        ]
        use = (deg > 0) & (rng.random(len(idx)) < 0.7)
        j = np.flatnonzero(use)
        if len(j):
            e = self.fwg_ptr[a[j]] + (rng.random(len(j)) * deg[j]).astype(np.int64)
            f = self.fwg_user[e].astype(np.int64)
            ok = self.ordinary[f] | (self.role[f] == _INFL)
            pick[j[ok]] = f[ok]
        keep = pick != a
        out[idx[keep]] = pick[keep]
        return out

    def _cascades(
        self, rng: np.random.Generator, ev: _Events, roots: list[tuple[I64, I64, I64]],
        budget: int, stats: dict[str, int],
    ) -> None:
        s = self.s
        U = self.U
        r_local = np.concatenate([r[0] for r in roots])
        r_user = np.concatenate([r[1] for r in roots]).astype(np.int64)
        r_ts = np.concatenate([r[2] for r in roots]).astype(np.int64)
        n_r = len(r_local)
        mean = s.reshare_delay_hours * _HOUR
        # Nodes 0..n_r-1 are the roots; reshares are appended generation by generation.
        f_node = np.arange(n_r, dtype=np.int64)
        f_c = f_node.copy()
        f_u = r_user
        f_t = r_ts
        active = f_c * U + f_u  # sorted: f_c is 0..n_r-1 and f_u < U
        out_c: list[I64] = []
        out_u: list[I64] = []
        out_t: list[I64] = []
        out_parent: list[I64] = []
        n_nodes = n_r
        censored = not_yet = 0
        limit = 4 * budget + 10_000
        while len(f_c):
            # Independent coins on every follower edge of every adopter, drawn as the
            # number of successes per block of equal p and that many distinct followers.
            start = self.fol_ptr[f_u]
            n_a = self.fol_same[f_u]
            n_b = self.fol_ptr[f_u + 1] - start - n_a
            k_a = rng.binomial(n_a, self.p_same[f_u])
            k_b = rng.binomial(n_b, self.p_other[f_u])
            ar = np.arange(len(f_u))
            rep = np.concatenate([np.repeat(ar, k_a), np.repeat(ar, k_b)])
            if not len(rep):
                break
            lo = np.concatenate([np.repeat(start, k_a), np.repeat(start + n_a, k_b)])
            size = np.concatenate([np.repeat(n_a, k_a), np.repeat(n_b, k_b)])
            eidx = lo + _distinct_offsets(rng, rep, lo, size, self.n_edges)
            t_new = f_t[rep] + rng.exponential(mean, size=len(eidx)).astype(np.int64)
            late = t_new >= self.t_end
            early = self.fol_t[eidx] > t_new  # the edge does not exist yet
            censored += int(np.count_nonzero(late))
            not_yet += int(np.count_nonzero(early & ~late))
            ok = ~(late | early)
            eidx, rep, t_new = eidx[ok], rep[ok], t_new[ok]
            v = self.fol_user[eidx].astype(np.int64)
            c = f_c[rep]
            key = c * U + v
            p = np.minimum(np.searchsorted(active, key), len(active) - 1)
            new = active[p] != key
            key, rep, t_new, v, c = key[new], rep[new], t_new[new], v[new], c[new]
            if not len(key):
                break
            # A follower reached by several adopters at once is activated by the earliest.
            o = np.lexsort((t_new, key))
            ks = key[o]
            firsts = np.ones(len(o), dtype=bool)
            firsts[1:] = ks[1:] != ks[:-1]
            sel = o[firsts]  # ordered by key
            key, rep, t_new, v, c = key[sel], rep[sel], t_new[sel], v[sel], c[sel]
            # key is sorted, so the stable sort (timsort) merely merges two runs.
            active = np.sort(np.concatenate([active, key]), kind="stable")
            out_c.append(c)
            out_u.append(v)
            out_t.append(t_new)
            out_parent.append(f_node[rep])
            f_node = np.arange(n_nodes, n_nodes + len(key), dtype=np.int64)
            n_nodes += len(key)
            f_c, f_u, f_t = c, v, t_new
            if n_nodes - n_r > limit:
                raise SwaylensError(
                    "synth: the independent cascades are supercritical (over"
                    f" {limit:,} reshares in one chunk); lower ic_p or influencer_p"
                )
        if out_c:
            c_all = np.concatenate(out_c)
            u_all = np.concatenate(out_u)
            t_all = np.concatenate(out_t)
            par = np.concatenate(out_parent)
        else:
            c_all = u_all = t_all = par = np.zeros(0, dtype=np.int64)
        # Keep whole cascades, in priority order, while they fit the budget.
        size = np.bincount(c_all, minlength=n_r)
        keep_c = np.cumsum(size) <= budget
        keep = keep_c[c_all]
        stats["cascades_dropped"] = int(np.count_nonzero(~keep_c & (size > 0)))
        stats["reshares_dropped"] = int(np.count_nonzero(~keep))
        stats["cascade_roots"] = n_r
        stats["activations_censored"] = censored
        stats["activations_before_follow"] = not_yet
        node_local = np.full(n_nodes, -1, dtype=np.int64)
        node_local[:n_r] = r_local
        kept = np.flatnonzero(keep)
        node_local[n_r + kept] = ev.n + np.arange(len(kept))
        node_user = np.concatenate([r_user, u_all])
        c_k, u_k, t_k, par_k = c_all[kept], u_all[kept], t_all[kept], par[kept]
        root_local = r_local[c_k]
        ccomm = ev.column("comm")[root_local] if len(kept) else np.zeros(0, dtype=np.int8)
        ev.add(
            t_k, kind=_KIND["reshare"], sub=_SUB_REPOST, actor=u_k,
            tperson=node_user[par_k], tlocal=node_local[par_k], comm=ccomm,
            ckind=_C_RESHARE, parent=node_local[par_k], root=root_local,
        )
        infl = np.zeros(self.U, dtype=bool)
        infl[self.influencer_ids] = True
        stats["influencer_reshares"] = int(np.count_nonzero(infl[r_user[c_k]]))

    def _activists(
        self, rng: np.random.Generator, ev: _Events, pool: _Pool, intro_idx: I64,
        intro_u: I64, intro_t: I64, intro_c: Arr, n_act: int, stats: dict[str, int],
    ) -> None:
        s = self.s
        stats["activist_welcomes"] = stats["activist_replies"] = stats["activist_reactions"] = 0
        if n_act <= 0:
            return
        t_end = self.t_end
        # Welcomes: replies to the introduction posts of their community's newcomers.
        has = np.array([int(c) in self.act_by_comm for c in intro_c], dtype=bool)
        w = np.flatnonzero(has & (rng.random(len(intro_idx)) < s.welcome_rate))[:n_act]
        if len(w):
            actor = np.array(
                [self.act_by_comm[int(c)][int(r) % len(self.act_by_comm[int(c)])]
                 for c, r in zip(intro_c[w], rng.integers(1 << 30, size=len(w)), strict=True)],
                dtype=np.int64,
            )
            ok = actor != intro_u[w]
            w, actor = w[ok], actor[ok]
            wt = _delay(rng, intro_t[w], _HOUR // 2, t_end)
            wc = intro_c[w]
            text = self.tx_welcome + wc.astype(np.int64) * len(_WELCOMES) + rng.integers(
                len(_WELCOMES), size=len(w)
            )
            ev.add(
                wt, kind=_KIND["reply"], actor=actor, tperson=intro_u[w], tlocal=intro_idx[w],
                comm=wc, ckind=_C_REPLY, parent=intro_idx[w], root=intro_idx[w], text=text,
            )
            stats["activist_welcomes"] = len(w)
        rest = n_act - stats["activist_welcomes"]
        if rest <= 0 or not len(pool):
            return
        # Replies and reactions on posts of their own community.
        who = rng.integers(len(self.activist_ids), size=rest)
        actor = self.activist_ids[who]
        acomm = np.array(self.activist_comm, dtype=np.int64)[who]
        o = np.argsort(pool.comm, kind="stable")
        counts = np.bincount(pool.comm.astype(np.int64), minlength=len(s.communities))
        starts = np.concatenate([[0], np.cumsum(counts)])
        avail = counts[acomm] > 0
        j = o[starts[acomm] + (rng.random(rest) * np.maximum(counts[acomm], 1)).astype(np.int64)]
        ok = avail & (pool.author[j] != actor)
        actor, j = actor[ok], j[ok]
        ts = _delay(rng, pool.ts[j], _HOUR, t_end)
        is_reply = rng.random(len(j)) < 0.4
        r = np.flatnonzero(is_reply)
        ev.add(
            ts[r], kind=_KIND["reply"], actor=actor[r], tperson=pool.author[j[r]],
            tlocal=pool.local[j[r]], comm=pool.comm[j[r]], ckind=_C_REPLY,
            parent=pool.local[j[r]], root=pool.root[j[r]],
            text=self.tx_reply + rng.integers(len(_REPLIES), size=len(r)),
        )
        x = np.flatnonzero(~is_reply)
        ev.add(
            ts[x], kind=_KIND["reaction"], sub=_SUB_LIKE, actor=actor[x],
            tperson=pool.author[j[x]], tlocal=pool.local[j[x]], comm=pool.comm[j[x]],
        )
        stats["activist_replies"] = len(r)
        stats["activist_reactions"] = len(x)

    def _responders(self, rng: np.random.Generator, authors: I64, ts: I64) -> I64:
        """Who responds: often a follower of the author, else anyone active."""
        s = self.s
        actor = self.sample_active(rng, ts)
        deg = self.fol_ptr[authors + 1] - self.fol_ptr[authors]
        idx = np.flatnonzero((rng.random(len(authors)) < s.follower_affinity) & (deg > 0))
        if len(idx):
            e = self.fol_ptr[authors[idx]] + (rng.random(len(idx)) * deg[idx]).astype(np.int64)
            f = self.fol_user[e].astype(np.int64)
            ok = self.ordinary[f] & (self.join[f] <= ts[idx])
            actor[idx[ok]] = f[ok]
        for _ in range(20):
            same = np.flatnonzero(actor == authors)
            if not len(same):
                break
            actor[same] = self.sample_active(rng, ts[same])
        else:
            same = np.flatnonzero(actor == authors)
            actor[same] = np.where(
                authors[same] == self.vet_order[0], self.vet_order[-1], self.vet_order[0]
            )
        return actor

    def _fill(self, rng: np.random.Generator, ev: _Events, pool: _Pool, remaining: int) -> None:
        s = self.s
        t_end = self.t_end
        w = np.asarray(s.response_weights, dtype=np.float64)
        n_rep, n_com, n_rea = (int(x) for x in rng.multinomial(remaining, w / w.sum()))
        mean = s.response_delay_hours * _HOUR
        q = self.quality
        cdf = np.cumsum(q[pool.author], dtype=np.float64)

        def pick(n: int) -> I64:
            if n == 0 or len(cdf) == 0 or cdf[-1] <= 0:
                return np.zeros(0, dtype=np.int64)
            # Sorted uniforms (normalised exponential spacings, no sort needed) make the
            # binary searches walk the weights in order: ~3x faster than random needles.
            gaps = rng.exponential(size=n + 1)
            u = np.cumsum(gaps[:-1]) / gaps.sum()
            idx = np.searchsorted(cdf, u * cdf[-1], side="right")
            return np.minimum(idx, len(cdf) - 1).astype(np.int64)  # type: ignore[no-any-return]

        # Replies (to posts).
        j = pick(n_rep)
        ts = _delay(rng, pool.ts[j], mean, t_end)
        author = pool.author[j]
        actor = self._responders(rng, author, ts)
        ri = ev.add(
            ts, kind=_KIND["reply"], actor=actor, tperson=author, tlocal=pool.local[j],
            comm=pool.comm[j], ckind=_C_REPLY, parent=pool.local[j], root=pool.root[j],
            text=self.tx_reply + rng.integers(len(_REPLIES), size=n_rep),
        )
        both = _Pool(pool.local, pool.author, pool.ts, pool.comm, pool.root)
        both.extend(ri, actor, ts, pool.comm[j], pool.root[j])
        # The replies extend the cumulative weights of the posts.
        cdf = np.concatenate([cdf, (cdf[-1] if len(cdf) else 0.0) + np.cumsum(q[actor])])
        # Comments and reactions (to posts and replies).
        j = pick(n_com)
        ts = _delay(rng, both.ts[j], mean, t_end)
        author = both.author[j]
        ev.add(
            ts, kind=_KIND["comment"], actor=self._responders(rng, author, ts), tperson=author,
            tlocal=both.local[j], comm=both.comm[j], ckind=_C_COMMENT, parent=both.local[j],
            root=both.root[j], text=self.tx_comment + rng.integers(len(_COMMENTS), size=n_com),
        )
        j = pick(n_rea)
        ts = _delay(rng, both.ts[j], mean, t_end)
        author = both.author[j]
        down = rng.random(n_rea) < s.downvote_rate
        ev.add(
            ts, kind=_KIND["reaction"], sub=np.where(down, _SUB_DOWN, _SUB_LIKE),
            actor=self._responders(rng, author, ts), tperson=author, tlocal=both.local[j],
            comm=both.comm[j], value=np.where(down, -1.0, 1.0),
        )
        if len(j) != n_rea:  # pragma: no cover - the pool always holds posts
            raise AssertionError("no content to respond to")

    # -- arrow -------------------------------------------------------------------------
    def _part(self, ev: _Events, base: int, stats: dict[str, int]) -> _Part:
        ts = ev.column("ts")
        n = len(ts)
        order = np.argsort(ts, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        cols = {"ts": ts[order]}
        del ts
        for name in _COLS:
            if name != "ts":
                cols[name] = ev.column(name)[order]
        ev.groups.clear()  # the sorted copies replace them
        kind = cols["kind"].astype(np.int64)
        counts = np.bincount(kind, minlength=len(schema.EVENT_KINDS))
        stats.update(
            {f"kind_{k}": int(c) for k, c in zip(schema.EVENT_KINDS, counts, strict=True)}
        )
        ck = cols["ckind"]
        ccounts = np.bincount(ck[ck >= 0].astype(np.int64), minlength=len(_CKINDS))
        stats.update({f"content_{k}": int(c) for k, c in zip(_CKINDS, ccounts, strict=True)})
        return _Part(self, base, cols, rank, stats)

    def _text(self, text: Arr, mention: Arr) -> pa.Array:
        text = text.astype(np.int64)
        valid = text >= 0
        m = np.flatnonzero(mention >= 0)
        if not len(m):
            return _codes(self.bank, np.where(valid, text, -1))
        joined = pc.binary_join_element_wise(
            format_ids(b"@user", mention[m]), self.bank.take(pa.array(text[m])), " "
        )
        combined = pa.concat_arrays([self.bank, joined])
        idx = np.where(valid, text, -1)
        idx[m] = len(self.bank) + np.arange(len(m))
        return _codes(combined, idx)

    def _tags(self, tag1: I64, tag2: I64) -> pa.Array:
        has1 = tag1 >= 0
        has2 = has1 & (tag2 >= 0)
        lens = has1.astype(np.int32) + has2.astype(np.int32)
        offsets = np.zeros(len(tag1) + 1, dtype=np.int32)
        np.cumsum(lens, out=offsets[1:])
        flat = np.empty(int(offsets[-1]), dtype=np.int64)
        flat[offsets[:-1][has1]] = tag1[has1]
        flat[offsets[:-1][has2] + 1] = tag2[has2]
        return pa.ListArray.from_arrays(
            pa.array(offsets), self.topics.take(pa.array(flat)),
            mask=pa.array(~has1) if not has1.all() else None,
        )

    # -- identities and truth ------------------------------------------------------------
    def identities(self) -> pa.Table:
        U = self.U
        ids = np.arange(U, dtype=np.int64)
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(2,)))
        created = np.where(
            self.newcomer, self.join,
            self.t_start - rng.integers(86400, 5 * 365 * 86400, size=U),
        )
        nc = len(self.s.communities)
        profiles = pa.array(
            [f"Into {c}." for c in self.s.communities]
            + [f"{c.capitalize()} fan. Opinions my own." for c in self.s.communities]
        )
        which = self.comm.astype(np.int64) + nc * rng.integers(2, size=U)
        return _table(
            schema.IDENTITIES,
            U,
            {
                "identity_id": format_ids(b"synth:id:", ids),
                "network": _const(NETWORK, U),
                "kind": _const("id", U),
                "value": format_ids(b"", ids),
                "source_id": format_ids(b"", ids),
                "handle": format_ids(b"user", ids),
                "display_name": format_ids(b"User ", ids),
                "followers": pa.array(self.followers, type=pa.int64()),
                "url": format_ids(b"https://synth.example/@user", ids),
                "profile": _codes(profiles, which),
                "created_at": _timestamps(created),
            },
        )

    def users_truth(self) -> pa.Table:
        U = self.U
        ids = np.arange(U, dtype=np.int64)
        return pa.table(
            {
                "identity_id": format_ids(b"synth:id:", ids),
                "community": _codes(self.comm_names, self.comm),
                "role": _codes(pa.array(list(ROLES)), self.role),
                "newcomer": pa.array(self.newcomer),
                "joined": pa.array(
                    np.where(self.newcomer, self.join, 0) * 1_000_000, type=pa.int64(),
                    mask=~self.newcomer,
                ).cast(schema.TS),
                "activity_rank": pa.array(
                    self.activity_rank, mask=self.activity_rank < 0, type=pa.int64()
                ),
                "popularity_rank": pa.array(
                    self.popularity_rank, mask=self.popularity_rank < 0, type=pa.int64()
                ),
                "quality": pa.array(self.quality, type=pa.float64()),
                "ic_base": pa.array(self.ic_base, type=pa.float64()),
                "followers": pa.array(self.followers, type=pa.int64()),
            }
        )

    def edge_p(self, sl: slice) -> Arr:
        """The IC probability of the edges at CSR positions ``sl``."""
        pos = np.arange(self.n_edges)[sl]
        followee = np.searchsorted(self.fol_ptr, pos, side="right") - 1
        same = pos - self.fol_ptr[followee] < self.fol_same[followee]
        return np.where(same, self.p_same[followee], self.p_other[followee])

    def write_edges(self, path: Path, compression: str) -> None:
        # CSR order: grouped by followee; written in slices to bound memory.
        followee = np.repeat(np.arange(self.U, dtype=np.int64), self.followers)
        s = pa.schema(
            [
                pa.field("follower", pa.string(), nullable=False),
                pa.field("followee", pa.string(), nullable=False),
                pa.field("ts", schema.TS, nullable=False),
                pa.field("p", pa.float64(), nullable=False),
            ]
        )
        with pq.ParquetWriter(path, s, compression=compression) as w:
            step = 2_000_000
            for i in range(0, max(1, self.n_edges), step):
                sl = slice(i, i + step)
                w.write_table(
                    pa.Table.from_arrays(
                        [
                            format_ids(b"synth:id:", self.fol_user[sl]),
                            format_ids(b"synth:id:", followee[sl]),
                            _timestamps(self.fol_t[sl]),
                            pa.array(self.edge_p(sl)),
                        ],
                        schema=s,
                    )
                )


def _uid(n: int) -> str:
    return schema.identity_id(NETWORK, "id", str(n))


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, tz=UTC).isoformat().replace("+00:00", "Z")


def write_parquet(table: pa.Table, path: Path, compression: str) -> None:
    """Write one part the way :func:`generate` does (one row group)."""
    # Statistics only where readers prune on them: computing min/max of every id string
    # costs a fifth of the write time.
    names = table.column_names
    pq.write_table(
        table, path, compression=compression,
        use_dictionary=[c for c in names if c in _DICTIONARY],
        column_encoding={c: e for c, e in _DELTA.items() if c in names} or None,
        write_statistics=[c for c in names if c in _STATISTICS],
        row_group_size=max(1, table.num_rows),
    )


def _peak_rss() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


def _prepare(out_dir: Path, overwrite: bool) -> None:
    outputs = [out_dir / "events", out_dir / "contents", out_dir / "truth",
               out_dir / "identities.parquet", out_dir / "truth.json"]
    existing = [p for p in outputs if p.exists()]
    if existing and not overwrite:
        raise SwaylensError(
            f"{out_dir}: already holds a synthetic data set ({existing[0].name});"
            " choose an empty directory or pass overwrite=True"
        )
    for p in existing:
        if p.is_dir():
            for f in p.glob("*.parquet"):
                f.unlink()
            if not any(p.iterdir()):
                p.rmdir()
        else:
            p.unlink()
    for sub in ("events", "contents", "truth"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)


def generate(
    out_dir: Path,
    events: int,
    seed: int = 0,
    *,
    progress: Callable[[int], None] | None = None,
    settings: SynthSettings | None = None,
    overwrite: bool = False,
    **params: Any,
) -> SynthReport:
    """Write a synthetic data set of exactly ``events`` events into ``out_dir``.

    Parameters
    ----------
    out_dir:
        Output directory (created); see the module docstring for its layout.  It must not
        already hold a data set unless ``overwrite`` (which removes only our own files).
    events:
        Number of events to write (at least :data:`MIN_EVENTS`).
    seed:
        Random seed: the same seed and settings give byte-identical files.
    progress:
        Called after each part with the number of events written so far.
    settings:
        A :class:`SynthSettings`; ``params`` override its fields (e.g. ``users=5000``).
    """
    t_start = time.perf_counter()
    base = settings or SynthSettings()
    names = {f.name for f in fields(SynthSettings)}
    unknown = sorted(set(params) - names)
    if unknown:
        raise SwaylensError(
            f"synth: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}"
        )
    s = replace(base, **params) if params else base
    s.validate(events)
    out_dir = Path(out_dir)
    _prepare(out_dir, overwrite)
    world = _World(s, events, seed)
    comp = s.compression
    n_chunks = len(world.sizes)
    workers = s.workers if s.workers > 0 else (os.cpu_count() or 1)
    totals: dict[str, int] = {}
    written = 0
    contents = 0

    def job(k: int) -> tuple[int, int, dict[str, int]]:
        part = world.chunk(k)
        table = part.events()
        n_ev = table.num_rows
        write_parquet(table, out_dir / "events" / f"part-{k:05d}.parquet", comp)
        del table
        table = part.contents()
        n_ct = table.num_rows
        write_parquet(table, out_dir / "contents" / f"part-{k:05d}.parquet", comp)
        return n_ev, n_ct, part.stats

    with ThreadPoolExecutor(max_workers=workers) as pool:
        # Identities and the truth files are written while the first chunks run.
        side: list[Future[None]] = [
            pool.submit(write_parquet, world.identities(), out_dir / "identities.parquet", comp),
            pool.submit(world.write_edges, out_dir / "truth" / "edges.parquet", comp),
            pool.submit(
                write_parquet, world.users_truth(), out_dir / "truth" / "users.parquet", comp
            ),
        ]
        pending: deque[Future[tuple[int, int, dict[str, int]]]] = deque()
        next_k = 0
        while next_k < n_chunks or pending:
            while next_k < n_chunks and len(pending) < workers:
                pending.append(pool.submit(job, next_k))
                next_k += 1
            n_ev, n_ct, st = pending.popleft().result()
            written += n_ev
            contents += n_ct
            for key, v in st.items():
                totals[key] = totals.get(key, 0) + v
            if progress is not None:
                progress(written)
        for f in side:
            f.result()
    seconds = time.perf_counter() - t_start
    kinds = {k[5:]: v for k, v in totals.items() if k.startswith("kind_") and v}
    truth = _truth(world, s, seed, totals, written, contents, n_chunks)
    truth_path = out_dir / "truth.json"
    tmp = truth_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    tmp.replace(truth_path)
    return SynthReport(
        out_dir=out_dir, events=written, contents=contents, identities=world.U,
        follow_edges=world.n_edges, parts=n_chunks, seconds=seconds,
        peak_rss_bytes=_peak_rss(), kinds=kinds, truth=truth_path,
    )


def _truth(
    w: _World, s: SynthSettings, seed: int, totals: dict[str, int], events: int,
    contents: int, parts: int,
) -> dict[str, Any]:
    bursts = []
    for b, info in enumerate(w.burst_info):
        bursts.append({"id": b, **info, "posts": totals.get(f"burst_{b}", 0)})
    settings = asdict(s)
    del settings["workers"]  # does not change the output: keeps truth.json identical too
    return {
        "generator": "swaylens.synth",
        "format": 1,
        "seed": seed,
        "events": events,
        "network": NETWORK,
        "period": {"start": _iso(w.t_start), "end": _iso(w.t_end)},
        "settings": settings,
        "ids": {
            "identity": "synth:id:{n} for user n in [0, users)",
            "event": "synth:e{n} for the n-th event, n in [0, events)",
            "content": "synth:c{n}: the content created by event n",
        },
        "files": {
            "identities": "identities.parquet",
            "events": [f"events/part-{k:05d}.parquet" for k in range(parts)],
            "contents": [f"contents/part-{k:05d}.parquet" for k in range(parts)],
            "users": "truth/users.parquet",
            "edges": "truth/edges.parquet",
        },
        "counts": {
            "events": events,
            "contents": contents,
            "identities": w.U,
            "follow_edges": w.n_edges,
            "newcomers": int(w.newcomer.sum()),
            "events_by_kind": {
                k: totals.get(f"kind_{k}", 0) for k in schema.EVENT_KINDS
                if totals.get(f"kind_{k}", 0)
            },
            "contents_by_kind": {k: totals.get(f"content_{k}", 0) for k in _CKINDS},
            "background_brand_posts": totals.get("background_brand_posts", 0),
        },
        "communities": list(s.communities),
        "topics": {c: w.topic_names[i * w.n_topics : (i + 1) * w.n_topics]
                   for i, c in enumerate(s.communities)},
        "activity": {
            "sampler": "Zipf-Mandelbrot over activity rank: weight (rank + offset) ** -exponent",
            "exponent": s.activity_exponent,
            "offset": s.activity_offset,
            "ranks": "truth/users.parquet activity_rank",
        },
        "independent_cascade": {
            "p": "min(ic_max, base(followee) * (ic_same_community if same community else 1))",
            "base": {
                "ordinary": "ic_p * (1 + followers / ic_dilution_followers) ** -ic_dilution",
                "ic_p": s.ic_p,
                "ic_dilution": s.ic_dilution,
                "ic_dilution_followers": s.ic_dilution_followers,
                "influencer": s.influencer_p,
                "hyperactive": 0.0,
                "per_user": "truth/users.parquet ic_base",
            },
            "ic_same_community": s.ic_same_community,
            "ic_max": s.ic_max,
            "delay": {"distribution": "exponential", "mean_hours": s.reshare_delay_hours},
            "edges": "truth/edges.parquet (follower, followee, ts, p)",
            "edge_exists_from": "its follow event",
            "parent": "the adopter whose attempt succeeded (post or reshare)",
            "roots": totals.get("cascade_roots", 0),
            "reshares": totals.get("kind_reshare", 0)
            - totals.get("ring_reshares", 0),
            "cascades_dropped": totals.get("cascades_dropped", 0),
            "reshares_dropped": totals.get("reshares_dropped", 0),
            "activations_censored": totals.get("activations_censored", 0),
            "activations_before_follow": totals.get("activations_before_follow", 0),
        },
        "influencers": {
            "ids": [_uid(int(x)) for x in w.influencer_ids],
            "followers_each": w.influencer_follower_count,
            "p": s.influencer_p,
            "posts_each": w.influencer_posts_each,
            "posts": totals.get("influencer_posts", 0),
            "reshares": totals.get("influencer_reshares", 0),
        },
        "hyperactive": {
            "ids": [_uid(int(x)) for x in w.hyper_ids],
            "posts": totals.get("hyperactive_posts", 0),
        },
        "ring": {
            "ids": [_uid(int(x)) for x in w.ring_ids],
            "community": s.communities[w.ring_comm],
            "posts": totals.get("ring_posts", 0),
            "reshares": totals.get("ring_reshares", 0),
            "reactions": totals.get("ring_reactions", 0),
        },
        "activists": {
            "ids": [_uid(int(x)) for x in w.activist_ids],
            "community": {
                _uid(int(a)): s.communities[c]
                for a, c in zip(w.activist_ids, w.activist_comm, strict=True)
            },
            "welcomes": totals.get("activist_welcomes", 0),
            "replies": totals.get("activist_replies", 0),
            "reactions": totals.get("activist_reactions", 0),
        },
        "bursts": bursts,
        "intent_phrases": list(INTENT_PHRASES),
        "brands": list(s.brands),
    }


__all__ = [
    "INTENT_PHRASES",
    "MIN_EVENTS",
    "NETWORK",
    "ROLES",
    "SynthReport",
    "SynthSettings",
    "format_ids",
    "generate",
    "write_parquet",
]

