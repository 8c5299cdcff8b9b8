"""Hand-written canonical rows for the formula tests, and the helper that scores them.

The tests insert a few rows by SQL and compare scores with values computed by hand; these
helpers are shared by the score test modules (``from canonical import Rows, scores_of``:
pytest puts ``tests/`` on ``sys.path``).  The ``mem`` and ``rows`` fixtures are in conftest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from swaylens.scores import with_percentile
from swaylens.scores.base import Score
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect


class Rows:
    """Insert canonical rows by SQL, network ``t``.

    ``community`` is given to every content and event that does not name one (default
    none: the column stays NULL).
    """

    def __init__(self, wh: Warehouse, community: str | None = None) -> None:
        self.wh = wh
        self.community = community
        self.n = 0

    def person(self, pid: str, *identities: str) -> str:
        """A person and their identities (the person's own id when none are named)."""
        for iid in identities or (pid,):
            self.wh.sql(
                "INSERT INTO identities (identity_id, network, kind, value, person_id)"
                " VALUES (?, 't', 'handle', ?, ?)",
                [iid, iid, pid],
            )
        self.wh.sql("INSERT INTO persons VALUES (?, ?)", [pid, pid])
        return pid

    def content(
        self,
        cid: str,
        author: str,
        at: datetime,
        kind: str = "question",
        parent: str | None = None,
        root: str | None = None,
        *,
        tags: list[str] | None = None,
        community: str | None = None,
        title: str | None = None,
        text: str | None = None,
    ) -> str:
        """A content.  Its parent is ``parent``, else ``root`` (an answer or a comment on a
        question); its root is ``root``, else ``parent``, else itself, as the adapters
        write a top-level content."""
        self.wh.sql(
            "INSERT INTO contents (content_id, network, source_id, community, kind, author,"
            " created_at, parent_id, root_id, title, text, tags)"
            " VALUES (?, 't', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [cid, cid, community or self.community, kind, author, at,
             parent if parent is not None else root, root or parent or cid, title, text, tags],
        )
        return cid

    def event(
        self,
        kind: str,
        actor: str | None,
        at: datetime,
        person: str | None = None,
        content: str | None = None,
        *,
        value: float = 1.0,
        network: str = "t",
        community: str | None = None,
    ) -> str:
        """An event (``actor`` None: anonymous); returns its id."""
        self.n += 1
        eid = f"{network}:e{self.n}"
        self.wh.sql(
            "INSERT INTO events (event_id, network, source_id, community, kind, actor,"
            " target_person, target_content, ts, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [eid, network, f"e{self.n}", community or self.community, kind, actor, person,
             content, at, value],
        )
        return eid

    def post(
        self, cid: str, author: str, at: datetime, kind: str = "question",
        parent: str | None = None, parent_author: str | None = None, *,
        tags: list[str] | None = None, community: str | None = None, target: bool = True,
    ) -> str:
        """A content and the event that creates it: ``post``, or ``reply`` to
        ``parent_author`` on ``parent``.  ``target=False``: the event names no content, as
        the Twitter adapter writes a post (its topics come from the content it creates).
        ``community`` is the content's only."""
        self.content(cid, author, at, kind, parent, tags=tags, community=community)
        ev = "post" if parent is None else "reply"
        self.event(ev, author, at, parent_author, (parent or cid) if target else None)
        return cid

    def question(self, cid: str, author: str, at: datetime) -> tuple[str, str]:
        """A question: its id and its ``post`` event's."""
        self.content(cid, author, at)
        return cid, self.event("post", author, at, content=cid)

    def answer(self, cid: str, author: str, at: datetime, question: str, asker: str) -> str:
        """An answer to ``question``: its ``reply`` event's id."""
        self.content(cid, author, at, "answer", parent=question, root=question)
        return self.event("reply", author, at, person=asker, content=question)

    def comment(
        self, cid: str, author: str, at: datetime, on: str, on_author: str, root: str
    ) -> str:
        """A comment on ``on`` (in the thread of ``root``): its ``comment`` event's id."""
        self.content(cid, author, at, "comment", parent=on, root=root)
        return self.event("comment", author, at, person=on_author, content=on)


def scores_of(wh: Warehouse, score: Score, as_of: datetime) -> dict[str, dict[str, Any]]:
    """person_id -> result row (with percentile), computed on DuckDB."""
    engine = connect("duckdb", warehouse=wh)
    rows = engine.collect(with_percentile(score.compute(engine, as_of))).to_pylist()
    return {r["person_id"]: r for r in rows}
