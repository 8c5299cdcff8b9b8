"""The canonical activity model that every source adapter ends in.

Five tables hold everything: ``persons``, ``identities``, ``contents``, ``events`` and
``rejects``.  The Arrow schemas below are the single definition of their columns; the
warehouse DDL, the synthetic generator and the adapters are all derived from them.
``docs/data-model.md`` is the user-facing description of the same.

Keys are strings built from the source's own ids, so every row can be traced back to
the record it came from:

* identity id  ``{network}:{kind}:{value}`` with ``value`` lower-cased;
* content id   ``{network}:{source_id}``;
* event id     ``{network}:{source_id}``.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa

#: Kinds of event.  ``value`` carries the sign of a reaction (+1 like/upvote, -1 downvote).
EVENT_KINDS: Final[tuple[str, ...]] = (
    "post",  # a top-level item: question, tweet, status, submission, topic, cascade root
    "reply",  # an answer or a reply to another item
    "comment",  # a comment attached to an item (Stack Exchange comments, Reddit comments)
    "reshare",  # retweet, reblog/boost, repost, fork
    "quote",  # a reshare with the resharer's own text
    "mention",  # the actor names the target person in a content
    "reaction",  # like, vote, favourite, star; value is +1 or -1
    "accept",  # the asker accepted an answer (actor: asker, target: answerer)
    "follow",  # actor follows target person (a social edge)
    "join",  # actor joined a community or network
    "edit",  # actor edited a content
    "moderation",  # close, lock, delete by moderators, flag, ...
    "badge",  # the platform awarded the actor a badge
    "adopt",  # the actor adopted an item in a diffusion cascade
    "delete",  # the actor deleted its own content or reaction
)

#: Kinds of identifier an identity can carry.
IDENTITY_KINDS: Final[tuple[str, ...]] = ("id", "handle", "did", "account", "url", "email")

TS = pa.timestamp("us", tz="UTC")

IDENTITIES: Final = pa.schema(
    [
        pa.field("identity_id", pa.string(), nullable=False),
        pa.field("network", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
        pa.field("source_id", pa.string()),  # the platform's own user id, as written
        pa.field("handle", pa.string()),
        pa.field("display_name", pa.string()),
        pa.field("followers", pa.int64()),
        pa.field("url", pa.string()),
        pa.field("profile", pa.string()),  # bio / about text, links in it feed `identities suggest`
        pa.field("created_at", TS),
        # Platform reputation where the source states one (Stack Exchange Reputation, karma).
        pa.field("reputation", pa.int64()),
        # Identity ids the platform itself says are the same account (Stack Exchange
        # AccountId across sites): identity resolution merges these with certainty.
        pa.field("same_as", pa.list_(pa.string())),
    ]
)

PERSONS: Final = pa.schema(
    [
        pa.field("person_id", pa.string(), nullable=False),
        pa.field("display_name", pa.string()),
    ]
)

CONTENTS: Final = pa.schema(
    [
        pa.field("content_id", pa.string(), nullable=False),
        pa.field("network", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("community", pa.string()),
        pa.field("kind", pa.string()),  # platform kind: question, answer, tweet, status, ...
        pa.field("author", pa.string()),  # identity id
        pa.field("created_at", TS),
        pa.field("parent_id", pa.string()),  # content id
        pa.field("root_id", pa.string()),  # content id
        pa.field("title", pa.string()),
        pa.field("text", pa.string()),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("url", pa.string()),
        pa.field("views", pa.int64()),
    ]
)

EVENTS: Final = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("network", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("community", pa.string()),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("subkind", pa.string()),  # platform detail: upvote, favourite, close, RT, ...
        pa.field("actor", pa.string()),  # identity id; null when the platform hides it
        pa.field("target_person", pa.string()),  # identity id
        pa.field("target_content", pa.string()),  # content id
        pa.field("ts", TS, nullable=False),
        pa.field("value", pa.float64()),
    ]
)

REJECTS: Final = pa.schema(
    [
        pa.field("ingest_id", pa.string(), nullable=False),
        pa.field("file", pa.string(), nullable=False),
        pa.field("location", pa.string()),  # "line 12" or "byte 4096"
        pa.field("reason", pa.string(), nullable=False),
        pa.field("raw", pa.string()),
    ]
)

#: The tables an adapter may write, in the order they are merged.
CANONICAL: Final[dict[str, pa.Schema]] = {
    "identities": IDENTITIES,
    "contents": CONTENTS,
    "events": EVENTS,
}

#: The column that de-duplicates each canonical table.
KEYS: Final[dict[str, str]] = {
    "identities": "identity_id",
    "contents": "content_id",
    "events": "event_id",
    "persons": "person_id",
}


def identity_id(network: str, kind: str, value: str) -> str:
    """Canonical identity key: the same (network, kind, lower-cased value) is one identity."""
    return f"{network}:{kind}:{value.lower()}"


def content_id(network: str, source_id: str) -> str:
    return f"{network}:{source_id}"


def event_id(network: str, source_id: str) -> str:
    return f"{network}:{source_id}"
