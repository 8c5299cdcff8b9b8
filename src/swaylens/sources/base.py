"""What every source adapter shares: the row sink, time parsing and careful file reading.

An adapter is a small class with a ``name`` and a ``read(path, sink)`` method.  It parses
one input (a file or a dump folder) and hands canonical rows to the :class:`Sink`.  The
sink batches them into Arrow tables with the canonical schemas of :mod:`swaylens.schema`
and passes each batch to the warehouse, which stages them inside one transaction: a file
lands whole or not at all.

Bad input raises :class:`~swaylens.errors.IngestError` naming the file, the line or byte
offset and the reason, unless the ingest runs with ``skip_bad``: then the adapter's call
to :meth:`Sink.reject` records the row in the ``rejects`` table and reading goes on.

A record that maps to several rows (a post, its author, its reply event) is written through
:meth:`Sink.record`, so a record that fails half-way leaves no row behind.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Callable, Hashable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any, ClassVar, Literal

import orjson
import pyarrow as pa

from swaylens import schema
from swaylens.errors import IngestError

Writer = Callable[[str, pa.Table], None]
Progress = Callable[[int, int], None]  # (bytes advanced, rows added)

DEFAULT_BATCH_ROWS = 50_000


class Sink:
    """Collects canonical rows from an adapter and writes them in Arrow batches.

    Parameters
    ----------
    writer:
        Called with ``(table_name, arrow_table)`` for every full batch and at :meth:`close`.
    file:
        The input being read; used in error messages and rejects.
    skip_bad:
        Record bad rows in ``rejects`` instead of failing the whole file.
    progress:
        Called with ``(bytes_advanced, rows_added)`` as reading goes on.
    batch_rows:
        Rows per table to buffer before a batch is written (default 50,000).
    """

    def __init__(
        self,
        writer: Writer,
        *,
        file: str | Path = "",
        ingest_id: str = "",
        skip_bad: bool = False,
        progress: Progress | None = None,
        batch_rows: int = DEFAULT_BATCH_ROWS,
    ) -> None:
        self._writer = writer
        self.file = str(file)
        self.ingest_id = ingest_id
        self.skip_bad = skip_bad
        self._progress = progress
        self._batch_rows = batch_rows
        self._rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.CANONICAL}
        self._rejects: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {name: 0 for name in schema.CANONICAL}
        self.rejected = 0
        #: Records passed over on purpose (no canonical meaning), counted per reason.
        self.skipped: dict[str, int] = {}
        self._pending_rows = 0
        #: Set by the warehouse: ``stage_table(name)`` returns the staging table of a
        #: canonical table, so an adapter can let DuckDB read a file straight into it
        #: (over ``connection``) instead of building Python rows.
        self.stage_table: Callable[[str], str] | None = None
        self.connection: Any = None

    # -- rows ---------------------------------------------------------------------------
    def identity(
        self,
        network: str,
        value: str,
        *,
        kind: str = "id",
        source_id: str | None = None,
        handle: str | None = None,
        display_name: str | None = None,
        followers: int | None = None,
        url: str | None = None,
        profile: str | None = None,
        created_at: datetime | None = None,
        reputation: int | None = None,
        same_as: list[str] | None = None,
    ) -> str:
        """Record an identity and return its canonical id.

        ``same_as`` lists identity ids the platform itself says are the same account
        (e.g. a Stack Exchange site user and its network-wide AccountId).
        """
        iid = schema.identity_id(network, kind, value)
        self._add("identities", _identity_row(
            iid, network, value, kind=kind, source_id=source_id, handle=handle,
            display_name=display_name, followers=followers, url=url, profile=profile,
            created_at=created_at, reputation=reputation, same_as=same_as,
        ))
        return iid

    def content(
        self,
        network: str,
        source_id: str,
        *,
        community: str | None = None,
        kind: str | None = None,
        author: str | None = None,
        created_at: datetime | None = None,
        parent_id: str | None = None,
        root_id: str | None = None,
        title: str | None = None,
        text: str | None = None,
        tags: list[str] | None = None,
        url: str | None = None,
        views: int | None = None,
    ) -> str:
        """Record a content item and return its canonical id."""
        cid = schema.content_id(network, source_id)
        self._add("contents", _content_row(
            cid, network, source_id, community=community, kind=kind, author=author,
            created_at=created_at, parent_id=parent_id, root_id=root_id, title=title,
            text=text, tags=tags, url=url, views=views,
        ))
        return cid

    def event(
        self,
        network: str,
        source_id: str,
        kind: str,
        ts: datetime,
        *,
        community: str | None = None,
        subkind: str | None = None,
        actor: str | None = None,
        target_person: str | None = None,
        target_content: str | None = None,
        value: float | None = 1.0,
    ) -> str:
        """Record an event and return its canonical id."""
        if kind not in _EVENT_KINDS:
            raise IngestError(self.file, f"unknown event kind {kind!r}")
        eid = schema.event_id(network, source_id)
        self._add("events", _event_row(
            eid, network, source_id, kind, ts, community=community, subkind=subkind,
            actor=actor, target_person=target_person, target_content=target_content,
            value=value,
        ))
        return eid

    def reject(
        self,
        reason: str,
        *,
        line: int | None = None,
        offset: int | None = None,
        raw: str | bytes | None = None,
        file: str | Path | None = None,
    ) -> None:
        """Fail the file on bad input, or record the row when ``skip_bad`` is on."""
        err = IngestError(file or self.file, reason, line=line, offset=offset)
        if not self.skip_bad:
            raise err
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        self.rejected += 1
        self._rejects.append(
            {
                "ingest_id": self.ingest_id,
                "file": err.file,
                "location": err.location,
                "reason": reason,
                "raw": raw[:10_000] if raw else raw,
            }
        )

    def added(self, n: int) -> None:
        """Count rows an adapter staged itself (through ``stage_table``), for progress."""
        self._pending_rows += n

    def skip(self, reason: str, n: int = 1) -> None:
        """Count a record passed over on purpose (e.g. a lexicon with no canonical kind)."""
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def advance(self, nbytes: int) -> None:
        """Report reading progress in bytes of input."""
        if self._progress is not None:
            self._progress(nbytes, self._pending_rows)
        self._pending_rows = 0

    def record(self, seen: set[Hashable] | None = None) -> RecordBuffer:
        """A buffer for the rows of one record, written all together or not at all.

        Use it as a context manager: ``with sink.record(seen) as rec:`` then
        ``rec.identity(...)``, ``rec.content(...)``, ``rec.event(...)``.  When the block
        ends normally the rows go to the sink; when it raises, none of them do and the
        exception propagates (the adapter turns it into a reject or the file's error).
        Without a ``with`` block, :meth:`RecordBuffer.commit` writes the rows.
        ``seen`` is the memory of what earlier records wrote (usually one set per file),
        used by the buffer's ``dedup`` options and :meth:`RecordBuffer.mark`.
        """
        return RecordBuffer(self, seen)

    # -- batching -----------------------------------------------------------------------
    def _add(self, table: str, row: dict[str, Any]) -> None:
        buf = self._rows[table]
        buf.append(row)
        self._pending_rows += 1
        if len(buf) >= self._batch_rows:
            self._flush(table)

    def _flush(self, table: str) -> None:
        buf = self._rows[table]
        if not buf:
            return
        arrow = pa.Table.from_pylist(buf, schema=schema.CANONICAL[table])
        self.counts[table] += len(buf)
        self._rows[table] = []
        self._writer(table, arrow)

    def close(self) -> None:
        """Write every buffered row (rejects included)."""
        for table in schema.CANONICAL:
            self._flush(table)
        if self._rejects:
            self._writer("rejects", pa.Table.from_pylist(self._rejects, schema=schema.REJECTS))
            self._rejects = []
        self.advance(0)


_EVENT_KINDS = frozenset(schema.EVENT_KINDS)

#: How :meth:`RecordBuffer.identity` recognises an identity row as already written.
IdentityDedup = Literal["row", "first", "bare"]

# Tags of the buffer's own keys in a ``seen`` set: private objects, so no key an adapter
# marks can ever be taken for one of them.
_ANY, _ROW, _FIRST, _CONTENT = object(), object(), object(), object()


class RecordBuffer:
    """The rows of one record, handed to the sink only when the whole record has parsed.

    Made by :meth:`Sink.record` and used as a context manager.  :meth:`identity`,
    :meth:`content` and :meth:`event` take the arguments of the :class:`Sink` methods of
    the same names and return the same ids, but keep the rows: when the ``with`` block
    ends normally they are written in the order given; when it raises, they are dropped
    (a record that fails half-way leaves nothing behind) and the exception propagates.
    Without a ``with`` block, nothing is written until :meth:`commit`.

    ``dedup`` skips a row already written, judged against ``seen`` (what earlier records
    sharing that set wrote) and against this record's own earlier rows:

    * ``identity(..., dedup="row")``: a row identical to one written before (same
      identity id, same attributes);
    * ``identity(..., dedup="first")``: a row of an identity that already has a
      ``"first"`` row: the first full description wins;
    * ``identity(..., dedup="bare")``: a row of an identity that already has any row: a
      bare reference adds nothing to an identity on record;
    * ``content(..., dedup=True)``: a content whose id was written before.

    :meth:`mark` keeps an adapter's own facts in ``seen`` under the same rule: this
    record believes them at once, later records only once this one is written.
    """

    __slots__ = ("_new", "_rows", "_seen", "_sink")

    def __init__(self, sink: Sink, seen: set[Hashable] | None = None) -> None:
        self._sink = sink
        self._seen: set[Hashable] = set() if seen is None else seen
        #: Keys (dedup keys and marks) this record adds to ``seen`` when written.
        self._new: set[Hashable] = set()
        self._rows: list[tuple[str, dict[str, Any]]] = []

    def __enter__(self) -> RecordBuffer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self._rows, self._new = [], set()

    def commit(self) -> None:
        """Write the rows to the sink now and remember this record's keys in ``seen``.

        A ``with`` block does this when it ends normally.  Call it yourself, in the
        ``else`` clause of the ``try`` that turns bad input into rejects, when that
        ``try`` catches broad errors such as ``TypeError`` or ``ValueError``: writing can
        raise them too (a batch that Arrow cannot convert), and such an error must fail
        the file, not pass for a bad record.
        """
        add = self._sink._add
        for table, row in self._rows:
            add(table, row)
        self._seen.update(self._new)
        self._rows, self._new = [], set()

    def mark(self, key: Hashable) -> None:
        """Note a fact about this record, remembered in ``seen`` once it is written."""
        self._new.add(key)

    def marked(self, key: Hashable) -> bool:
        """Whether :meth:`mark` noted ``key`` in this record or in a written one."""
        return key in self._new or key in self._seen

    def _first(self, key: Hashable) -> bool:
        if key in self._new or key in self._seen:
            return False
        self._new.add(key)
        return True

    def identity(
        self,
        network: str,
        value: str,
        *,
        kind: str = "id",
        source_id: str | None = None,
        handle: str | None = None,
        display_name: str | None = None,
        followers: int | None = None,
        url: str | None = None,
        profile: str | None = None,
        created_at: datetime | None = None,
        reputation: int | None = None,
        same_as: list[str] | None = None,
        dedup: IdentityDedup | None = None,
    ) -> str:
        """Buffer an identity (see :meth:`Sink.identity`) and return its canonical id."""
        iid = schema.identity_id(network, kind, value)
        if dedup is not None:
            key: Hashable
            if dedup == "row":
                key = (_ROW, iid, source_id, handle, display_name, followers, url, profile,
                       created_at, reputation, None if same_as is None else tuple(same_as))
            else:
                key = (_FIRST if dedup == "first" else _ANY, iid)
            if not self._first(key):
                return iid
        self._new.add((_ANY, iid))
        self._rows.append(("identities", _identity_row(
            iid, network, value, kind=kind, source_id=source_id, handle=handle,
            display_name=display_name, followers=followers, url=url, profile=profile,
            created_at=created_at, reputation=reputation, same_as=same_as,
        )))
        return iid

    def content(
        self,
        network: str,
        source_id: str,
        *,
        community: str | None = None,
        kind: str | None = None,
        author: str | None = None,
        created_at: datetime | None = None,
        parent_id: str | None = None,
        root_id: str | None = None,
        title: str | None = None,
        text: str | None = None,
        tags: list[str] | None = None,
        url: str | None = None,
        views: int | None = None,
        dedup: bool = False,
    ) -> str:
        """Buffer a content item (see :meth:`Sink.content`) and return its canonical id."""
        cid = schema.content_id(network, source_id)
        if dedup and not self._first((_CONTENT, cid)):
            return cid
        self._rows.append(("contents", _content_row(
            cid, network, source_id, community=community, kind=kind, author=author,
            created_at=created_at, parent_id=parent_id, root_id=root_id, title=title,
            text=text, tags=tags, url=url, views=views,
        )))
        return cid

    def event(
        self,
        network: str,
        source_id: str,
        kind: str,
        ts: datetime,
        *,
        community: str | None = None,
        subkind: str | None = None,
        actor: str | None = None,
        target_person: str | None = None,
        target_content: str | None = None,
        value: float | None = 1.0,
    ) -> str:
        """Buffer an event (see :meth:`Sink.event`) and return its canonical id."""
        if kind not in _EVENT_KINDS:
            raise IngestError(self._sink.file, f"unknown event kind {kind!r}")
        eid = schema.event_id(network, source_id)
        self._rows.append(("events", _event_row(
            eid, network, source_id, kind, ts, community=community, subkind=subkind,
            actor=actor, target_person=target_person, target_content=target_content,
            value=value,
        )))
        return eid


# -- canonical rows (one definition for the sink and the record buffer) -------------------
def _identity_row(
    iid: str, network: str, value: str, *, kind: str, source_id: str | None,
    handle: str | None, display_name: str | None, followers: int | None, url: str | None,
    profile: str | None, created_at: datetime | None, reputation: int | None,
    same_as: list[str] | None,
) -> dict[str, Any]:
    return {
        "identity_id": iid,
        "network": network,
        "kind": kind,
        "value": value.lower(),
        "source_id": source_id,
        "handle": handle,
        "display_name": display_name,
        "followers": followers,
        "url": url,
        "profile": profile,
        "created_at": created_at,
        "reputation": reputation,
        "same_as": same_as,
    }


def _content_row(
    cid: str, network: str, source_id: str, *, community: str | None, kind: str | None,
    author: str | None, created_at: datetime | None, parent_id: str | None,
    root_id: str | None, title: str | None, text: str | None, tags: list[str] | None,
    url: str | None, views: int | None,
) -> dict[str, Any]:
    return {
        "content_id": cid,
        "network": network,
        "source_id": source_id,
        "community": community,
        "kind": kind,
        "author": author,
        "created_at": created_at,
        "parent_id": parent_id,
        "root_id": root_id,
        "title": title,
        "text": text,
        "tags": tags,
        "url": url,
        "views": views,
    }


def _event_row(
    eid: str, network: str, source_id: str, kind: str, ts: datetime, *,
    community: str | None, subkind: str | None, actor: str | None,
    target_person: str | None, target_content: str | None, value: float | None,
) -> dict[str, Any]:
    return {
        "event_id": eid,
        "network": network,
        "source_id": source_id,
        "community": community,
        "kind": kind,
        "subkind": subkind,
        "actor": actor,
        "target_person": target_person,
        "target_content": target_content,
        "ts": ts,
        "value": value,
    }


class Source:
    """Base class of the source adapters (one module per format under ``sources/``)."""

    #: The name used on the command line: ``swaylens ingest NAME PATH``.
    name: ClassVar[str] = ""
    #: One line for ``--help``.
    description: ClassVar[str] = ""

    def read(self, path: Path, sink: Sink) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def size(self, path: Path) -> int:
        """Bytes of input behind ``path``, for the progress bar."""
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size


# -- times ------------------------------------------------------------------------------
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")


def parse_ts(value: Any, *, file: str | Path = "", line: int | None = None) -> datetime:
    """Parse a timestamp into an aware UTC datetime.

    Accepts ISO 8601 (with ``Z``, an offset, or naive, which is taken as UTC), unix epoch
    seconds or milliseconds (int, float or digits), and RFC 2822 dates such as Twitter
    v1.1's ``Wed Oct 10 20:19:24 +0000 2018``.  Anything else raises IngestError.
    """
    try:
        if isinstance(value, datetime):
            dt = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            dt = _from_epoch(float(value))
        elif isinstance(value, str) and value:
            s = value.strip()
            if _NUMERIC.match(s):
                dt = _from_epoch(float(s))
            else:
                try:
                    dt = datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))
                except ValueError:
                    dt = _rfc2822(s)
        else:
            raise ValueError("empty")
        if dt.tzinfo is None:
            return dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        raise IngestError(file, f"unparseable date {value!r}", line=line) from None


def _from_epoch(seconds: float) -> datetime:
    if abs(seconds) > 1e11:  # milliseconds; 1e11 s is year 5138
        seconds /= 1000.0
    return _EPOCH + timedelta(seconds=seconds)


def _rfc2822(s: str) -> datetime:
    # Twitter v1.1 writes "Wed Oct 10 20:19:24 +0000 2018": move the year before the time.
    m = re.match(r"^(\w{3}) (\w{3}) (\d{1,2}) (\d\d:\d\d:\d\d) ([+-]\d{4}) (\d{4})$", s)
    if m:
        s = f"{m[1]}, {m[3]} {m[2]} {m[6]} {m[4]} {m[5]}"
    try:
        return parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError) as e:
        raise ValueError(s) from e


# -- files ------------------------------------------------------------------------------
def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading, transparently un-gzipping ``*.gz``."""
    if not path.exists():
        raise IngestError(path, "file not found")
    if path.is_dir():
        raise IngestError(path, "is a directory, expected a file")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def check_not_empty(path: Path) -> None:
    if not path.exists():
        raise IngestError(path, "file not found")
    if path.is_dir():
        raise IngestError(path, "is a directory, expected a file")
    if path.stat().st_size == 0:
        raise IngestError(path, "empty file")


def decode_utf8(raw: bytes, *, file: str | Path, line: int | None, offset: int) -> str:
    """Decode bytes as UTF-8, or fail naming the byte offset of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise IngestError(
            file, f"not valid UTF-8 ({e.reason}, byte 0x{raw[e.start]:02x})",
            line=line, offset=offset + e.start,
        ) from None


def iter_lines(path: Path, sink: Sink | None = None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(line_no, byte_offset, text)`` for each non-blank line of a text file.

    Lines are decoded as strict UTF-8 (a leading BOM is dropped); a bad byte fails naming
    its line and offset.  Progress is reported to ``sink`` every few thousand lines.
    """
    check_not_empty(path)
    offset = 0
    pending = 0
    with open_binary(path) as fh:
        for no, raw in enumerate(fh, start=1):
            start = offset
            offset += len(raw)
            pending += len(raw)
            if no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                start += 3
            text = decode_utf8(raw, file=path, line=no, offset=start).strip()
            if sink is not None and pending >= 1 << 20:
                sink.advance(pending)
                pending = 0
            if text:
                yield no, start, text
    if sink is not None:
        sink.advance(pending)


def iter_ndjson(path: Path, sink: Sink) -> Iterator[tuple[int, Any]]:
    """Yield ``(line_no, object)`` for each line of an NDJSON file.

    An invalid line fails the file (naming the line and its byte offset), or, with
    ``skip_bad``, is recorded in ``rejects`` and skipped.
    """
    for no, start, text in iter_lines(path, sink):
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError as e:
            sink.reject(f"invalid JSON: {e}", line=no, offset=start + e.pos, raw=text)
            continue
        yield no, obj


def load_json(path: Path, sink: Sink | None = None) -> Any:
    """Read a whole JSON document, failing with the line and byte offset of a syntax error."""
    check_not_empty(path)
    with open_binary(path) as fh:
        raw = fh.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = decode_utf8(raw, file=path, line=None, offset=0)
    if sink is not None:
        sink.advance(len(raw))
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as e:
        raise IngestError(path, f"invalid JSON: {e.msg}", line=e.lineno, offset=e.pos) from None


def json_or_ndjson(path: Path, sink: Sink) -> Iterator[tuple[int | None, Any]]:
    """Yield the top-level JSON values of a file that is either one document or NDJSON.

    A single document yields ``(None, value)`` once; NDJSON yields one value per line.
    """
    check_not_empty(path)
    if _looks_like_ndjson(path):
        yield from iter_ndjson(path, sink)
    else:
        yield None, load_json(path, sink)


def _looks_like_ndjson(path: Path) -> bool:
    # NDJSON: the first non-blank line is a whole JSON object on its own and another
    # value follows it.  Whole lines are read, since one API page can be 350 KB long.
    with open_binary(path) as fh:
        first = b""
        for raw in fh:
            if raw.strip():
                first = raw.strip().removeprefix(b"\xef\xbb\xbf").strip()
                break
        if not first.startswith(b"{"):
            return False
        try:
            json.loads(first)
        except ValueError:
            return False
        return any(raw.strip() for raw in fh)


def text_stream(path: Path) -> io.TextIOWrapper:
    """A strict UTF-8 text stream over ``path`` (BOM-tolerant)."""
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors="strict", newline="")


# -- typed access to untrusted JSON -------------------------------------------------------
def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """A non-empty string (ints are ids written as numbers), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None
