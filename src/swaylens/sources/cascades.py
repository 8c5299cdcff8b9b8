"""Information-diffusion cascade benchmarks: a folder with ``cascades.txt`` and ``edges.txt``.

Format
    The Stack Exchange diffusion sets ``android`` and ``christianity`` of Inf-VAE (Sankar et
    al., WSDM 2020, https://github.com/aravindsankar28/Inf-VAE, "Input Format": "each line
    contains a seed user, followed by (user, activation time) pairs") in the comma form
    later diffusion papers (DyHGCN, MS-HGAT) distribute:

    ``cascades.txt``  one cascade per line, ``root user ts,user ts,...,`` -- the first
        item names the cascade's root (seed) user before its first adopter, every item
        ends with a comma (so does the line), ``ts`` are integer seconds on a relative
        clock, in adoption order.  Example: ``158 244 48358445,2287 53292083,``.
    ``edges.txt``     optional, the social graph, one ``u,v`` per line (a space or tab
        between the two ids is accepted too).
    ``users.tsv``     optional, the vocabulary of a model (``index<TAB>user``, with
        ``<blank>`` and ``</s>`` tokens); it adds nothing and is not read.

    User ids are tokens of ASCII letters, digits, ``_``, ``.`` and ``-``.

Mapping (network ``cascades`` by default, community = the folder name, e.g. ``android``)
    * cascade on line ``k`` -> a content of kind ``cascade``, ``source_id``
      ``{community}/cascade/{k}``, author = the root user, created_at = its earliest
      adoption;
    * the root -> one ``post`` event (``{community}/cascade/{k}/post``) at that same time:
      the file does not say when the root posted, only that it came first, and the event
      makes the root's part visible in activity counts;
    * the i-th ``user ts`` pair (1-based, the root's item included) -> an ``adopt`` event
      ``{community}/cascade/{k}/adopt/{i}``: actor = the adopter, target_content = the
      cascade, target_person = the root.  There is one adopt event per pair in the file.
    * ``u,v`` in ``edges.txt`` -> a ``follow`` event (subkind ``edge``): actor ``u``
      follows ``v`` (``{community}/edge/{u}/{v}``, ``#2``, ``#3``... for a repeated line).
      Our reading of the direction: in both sets the in-degree is the heavy-tailed side
      (android: max in-degree 3,666 vs max out-degree 521; 6,809 nodes only ever appear
      as ``u``), the shape of a follower graph whose ``v`` is the one being followed; and
      the loaders of DyHGCN / MS-HGAT reverse every line before message passing, i.e.
      information flows from ``v`` to ``u``.  Inf-VAE itself reads the graph undirected.
    * times: the relative clock is laid onto the unix epoch (second 0 = 1970-01-01 00:00
      UTC), which keeps the order and the gaps; not ``parse_ts``, whose
      milliseconds-above-1e11 rule is about unix time, not a relative clock.  Edges carry no
      time: their follow events are stamped 1970-01-01 00:00 UTC.
    * identities: ``kind="id"``, value ``{community}/{user}``, source_id the id as
      written.  The ids are the benchmark's own numbering (android's user 48 is not
      christianity's user 48), so they are namespaced by the community.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar, Final

from swaylens.errors import IngestError, SwaylensError
from swaylens.sources.base import Sink, Source, iter_lines

NETWORK: Final = "cascades"
CASCADES: Final = "cascades.txt"
EDGES: Final = "edges.txt"
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

_ID: Final = re.compile(r"[0-9A-Za-z_.\-]+")
_INT: Final = re.compile(r"-?[0-9]+")
# Seconds from the epoch that still give a datetime (years 1..9999).
_MIN_S: Final = -62_135_596_800
_MAX_S: Final = 253_402_300_799
_EDGE_SEP: Final = re.compile(r"\s*,\s*|\s+")

#: (adopter, relative seconds)
Adoption = tuple[str, int]


class CascadesSource(Source):
    """A diffusion-benchmark folder: ``cascades.txt`` plus an optional ``edges.txt``."""

    name: ClassVar[str] = "cascades"
    description: ClassVar[str] = (
        "diffusion cascades folder (cascades.txt 'root user ts,user ts,...', edges.txt 'u,v')"
    )

    def __init__(self, network: str = NETWORK, community: str | None = None) -> None:
        if not network:
            raise SwaylensError("cascades: network must not be empty")
        self.network = network
        self.community = community

    def read(self, path: Path, sink: Sink) -> None:
        folder = path
        if path.is_file():
            if path.name != CASCADES:
                raise IngestError(
                    path, f"expected a folder holding {CASCADES} (and optionally {EDGES})"
                )
            folder = path.parent
        cascades = folder / CASCADES
        if not cascades.is_file():
            raise IngestError(
                folder, f"missing {CASCADES} (a cascades folder holds {CASCADES} and"
                f" optionally {EDGES})"
            )
        community = self.community or folder.resolve().name
        reader = _Reader(self.network, community, sink)
        reader.read_cascades(cascades)
        edges = folder / EDGES
        read = cascades.stat().st_size
        if edges.exists():
            reader.read_edges(edges)
            read += edges.stat().st_size
        if path.is_dir():
            # users.tsv and anything else in the folder count towards the progress total.
            sink.advance(max(self.size(path) - read, 0))


class _Reader:
    def __init__(self, network: str, community: str, sink: Sink) -> None:
        self.network = network
        self.community = community
        self.sink = sink
        self.users: dict[str, str] = {}
        self.edges: dict[str, int] = {}

    def user(self, raw: str) -> str:
        iid = self.users.get(raw)
        if iid is None:
            iid = self.sink.identity(
                self.network, f"{self.community}/{raw}", kind="id", source_id=raw
            )
            self.users[raw] = iid
        return iid

    # -- cascades.txt -------------------------------------------------------------------
    def read_cascades(self, path: Path) -> None:
        seen = False
        for no, start, text in iter_lines(path, self.sink):
            seen = True
            parsed = parse_cascade(text)
            if isinstance(parsed, str):
                self.sink.reject(parsed, line=no, offset=start, raw=text, file=path)
                continue
            root, adoptions = parsed
            times = [EPOCH + timedelta(seconds=ts) for _, ts in adoptions]
            self.cascade(no, root, adoptions, times)
        if not seen:
            raise IngestError(path, "empty file: no cascades")

    def cascade(
        self, no: int, root: str, adoptions: list[Adoption], times: list[datetime]
    ) -> None:
        sink, network, community = self.sink, self.network, self.community
        sid = f"{community}/cascade/{no}"
        author = self.user(root)
        first = min(times)
        cid = sink.content(
            network, sid, community=community, kind="cascade", author=author, created_at=first
        )
        sink.event(
            network, f"{sid}/post", "post", first, community=community,
            actor=author, target_content=cid, value=1.0,
        )
        for i, ((adopter, _), when) in enumerate(zip(adoptions, times, strict=True), start=1):
            sink.event(
                network, f"{sid}/adopt/{i}", "adopt", when, community=community,
                actor=self.user(adopter), target_person=author, target_content=cid, value=1.0,
            )

    # -- edges.txt ----------------------------------------------------------------------
    def read_edges(self, path: Path) -> None:
        seen = False
        for no, start, text in iter_lines(path, self.sink):
            seen = True
            parsed = parse_edge(text)
            if isinstance(parsed, str):
                self.sink.reject(parsed, line=no, offset=start, raw=text, file=path)
                continue
            u, v = parsed
            sid = f"{self.community}/edge/{u}/{v}"
            n = self.edges.get(sid, 0) + 1
            self.edges[sid] = n
            if n > 1:
                sid = f"{sid}#{n}"
            self.sink.event(
                self.network, sid, "follow", EPOCH, community=self.community, subkind="edge",
                actor=self.user(u), target_person=self.user(v), value=1.0,
            )
        if not seen:
            raise IngestError(path, "empty file: no edges")


def parse_cascade(text: str) -> tuple[str, list[Adoption]] | str:
    """``(root, [(adopter, seconds), ...])`` of one stripped line, or why it is bad."""
    body = text[:-1] if text.endswith(",") else text
    items = body.split(",")
    adoptions: list[Adoption] = []
    root = ""
    for i, item in enumerate(items, start=1):
        tokens = item.split()
        if not tokens:
            return f"empty item {i} (two commas in a row?)"
        if i == 1:
            if len(tokens) != 3:
                return f"first item must be 'root user ts', found {len(tokens)} token(s)"
            root = tokens[0]
            tokens = tokens[1:]
        elif len(tokens) != 2:
            return f"item {i} must be 'user ts', found {len(tokens)} token(s)"
        user, ts = tokens
        for who in (root, user) if i == 1 else (user,):
            if not _ID.fullmatch(who):
                return f"bad user id {who!r} in item {i}"
        if not _INT.fullmatch(ts):
            return f"time {ts!r} in item {i} is not an integer"
        seconds = int(ts) if len(ts) <= 20 else _MAX_S + 1
        if not _MIN_S <= seconds <= _MAX_S:
            return f"time {ts!r} in item {i} is out of range"
        adoptions.append((user, seconds))
    return root, adoptions


def parse_edge(text: str) -> tuple[str, str] | str:
    """``(u, v)`` of one stripped ``u,v`` line, or why it is bad."""
    tokens = _EDGE_SEP.split(text)
    if len(tokens) != 2:
        return f"expected 'u,v', found {len(tokens)} field(s)"
    for who in tokens:
        if not _ID.fullmatch(who):
            return f"bad user id {who!r}"
    return tokens[0], tokens[1]
