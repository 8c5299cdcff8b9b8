"""SNAP-style interaction logs: one ``A B unix_ts CODE`` line per interaction.

Format
    The activity log of SNAP's "Higgs Twitter" dataset (De Domenico et al., 2013,
    https://snap.stanford.edu/data/higgs-twitter.html): plain text or gzip, one line per
    interaction, four fields separated by spaces (tabs are accepted too)::

        223789 213163 1341100972 MT

    ``A`` retweeted (``RT``), mentioned (``MT``) or replied to (``RE``) ``B`` at the unix
    time ``unix_ts``.  Blank lines are skipped; a UTF-8 BOM is dropped.  User ids are
    tokens of ASCII letters, digits, ``_``, ``.`` and ``-``.  Timestamps are integers read
    like :func:`~swaylens.sources.base.parse_ts` reads them (seconds, or milliseconds when
    the magnitude exceeds 1e11), but in exact integer arithmetic.

Mapping
    * every line becomes one event: ``RT`` -> ``reshare``, ``MT`` -> ``mention``,
      ``RE`` -> ``reply``; ``subkind`` is the raw code, ``actor`` is ``A``,
      ``target_person`` is ``B``, ``value`` 1.  The log names no tweets, so there are no
      contents and no ``target_content``.
    * event ``source_id`` = ``{community}/{A}/{B}/{ts}/{code}``.  One pair can carry
      several codes in the same second (a reply is also a mention), and a file can repeat
      a line verbatim: the 2nd, 3rd... identical line gets ``#2``, ``#3``, so the events
      stored equal the lines read, and re-reading the file yields the same ids.
    * identities: ``kind="id"``, ``source_id`` = the id as written.  SNAP anonymises the
      users (Higgs ids are small integers, 2..456,622 here, not Twitter user ids), so the value
      is by default namespaced by the community, ``{community}/{A}`` (as Stack Exchange ids are
      namespaced by site): a Higgs user must not merge with the real Twitter account that
      happens to own the same number.  ``raw_ids=True`` keeps the bare id for logs whose
      ids are the platform's real user ids.

Options
    ``network`` (default ``"twitter"``), ``community`` (default: the file name without
    ``.gz`` and ``.txt``, e.g. ``higgs-activity_time``), ``raw_ids`` (see above) and
    ``engine``: ``"duckdb"`` lets the warehouse connection build the rows with SQL
    (about 6x less CPU than Python rows), ``"python"`` emits rows through the sink,
    ``"auto"`` (default) uses DuckDB whenever the sink has a connection.

Both engines read the file in chunks of whole lines.  The DuckDB engine parses a clean
chunk with one vectorised regex; a chunk with anything unusual in it (a blank line, a
tab, a bad line) is parsed line by line by the same Python code the Python engine uses,
so both engines accept, reject and number exactly the same lines.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, ClassVar, Final, cast

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from swaylens import schema
from swaylens.errors import IngestError, SwaylensError
from swaylens.sources.base import Sink, Source, check_not_empty

#: Interaction codes and the canonical kinds they map to.
CODES: Final[dict[str, str]] = {"RT": "reshare", "MT": "mention", "RE": "reply"}

CHUNK_BYTES: Final = 2 << 20  # decompressed bytes per chunk: progress every ~70k lines
_MAX_LINE: Final = 64 << 20
_BOM: Final = b"\xef\xbb\xbf"
_WS: Final = " \t\r\f\v"  # stripped from both ends of a line (ASCII only, on purpose)
_SEP: Final = re.compile(r"[ \t]+")
_ID: Final = re.compile(r"[0-9A-Za-z_.\-]+")
_INT: Final = re.compile(r"-?[0-9]+")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
# Python datetimes span the years 1..9999; a timestamp outside cannot be stored.
_MIN_US: Final = -62_135_596_800 * 1_000_000
_MAX_US: Final = 253_402_300_799 * 1_000_000 + 999_999
_MS_ABOVE: Final = 100_000_000_000  # parse_ts's rule: a magnitude above 1e11 is milliseconds
# The fast paths accept only the plainest form of a line: whatever they accept, the full
# rules accept with the same fields.  Up to 14 digits, a non-negative ts is always in range
# (as milliseconds, 10**14 is the year 5138); negative ones go the careful way.
_FAST: Final = r"^[0-9A-Za-z_.\-]+ [0-9A-Za-z_.\-]+ [0-9]{1,14} (RT|MT|RE)\r?$"
_PLAIN: Final = re.compile(r"([0-9A-Za-z_.\-]+) ([0-9A-Za-z_.\-]+) ([0-9]{1,14}) (RT|MT|RE)")
_ENGINES: Final = ("auto", "duckdb", "python")

#: One parsed line: (line_no, A, B, ts as an integer, ts in epoch microseconds, code).
Row = tuple[int, str, str, int, int, str]


@dataclass(slots=True)
class Chunk:
    """Whole lines of the (decompressed) input."""

    first_line: int  # 1-based number of the first line in ``data``
    offset: int  # byte offset of ``data[0]`` in the decompressed input
    data: bytes


@dataclass(slots=True)
class Bad:
    """A line that cannot be read, with the reason."""

    line: int
    reason: str
    raw: bytes
    offset: int | None = None


class SnapSource(Source):
    """Interaction logs in SNAP's ``A B unix_ts RT|MT|RE`` form (e.g. Higgs Twitter)."""

    name: ClassVar[str] = "snap"
    description: ClassVar[str] = "SNAP interaction log: 'A B unix_ts RT|MT|RE' lines, plain or .gz"

    def __init__(
        self,
        network: str = "twitter",
        community: str | None = None,
        raw_ids: bool = False,
        engine: str = "auto",
    ) -> None:
        if engine not in _ENGINES:
            known = ", ".join(_ENGINES)
            raise SwaylensError(f"snap: engine must be one of {known}, not {engine!r}")
        if not network:
            raise SwaylensError("snap: network must not be empty")
        self.network = network
        self.community = community
        self.raw_ids = raw_ids
        self.engine = engine

    def community_of(self, path: Path) -> str:
        """The community of a file: the option, else the file name without .gz / .txt."""
        if self.community:
            return self.community
        name = path.name
        for suffix in (".gz", ".txt"):
            name = name.removesuffix(suffix)
        return name or path.name

    def read(self, path: Path, sink: Sink) -> None:
        community = self.community_of(path)
        use_duckdb = self.engine == "duckdb" or (
            self.engine == "auto" and sink.connection is not None and sink.stage_table is not None
        )
        if use_duckdb:
            if sink.connection is None or sink.stage_table is None:
                raise SwaylensError("snap: engine 'duckdb' needs a warehouse connection")
            _DuckDBReader(self, path, sink, community).run()
        else:
            _PythonReader(self, path, sink, community).run()

    def identity_value(self, community: str, user: str) -> str:
        return user if self.raw_ids else f"{community}/{user}"


# -- reading ----------------------------------------------------------------------------
def iter_chunks(path: Path, sink: Sink | None = None, size: int = CHUNK_BYTES) -> Iterator[Chunk]:
    """Yield the input in chunks of whole lines, un-gzipping ``*.gz``.

    Progress is reported to ``sink`` in bytes of the file on disk (compressed bytes for a
    gzip file) after each chunk has been consumed.
    """
    if not path.exists():
        raise IngestError(path, "file not found")
    if path.is_dir():
        raise IngestError(path, "is a directory, expected a file")
    check_not_empty(path)
    line_no, offset, reported = 1, 0, 0
    carry = b""
    first = True
    with open(path, "rb") as raw:
        stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw)) if path.suffix == ".gz" else raw
        while True:
            try:
                block = stream.read(size)
            except (OSError, EOFError, zlib.error) as e:
                raise IngestError(path, f"cannot decompress: {e}", line=line_no) from None
            data = carry + block
            if block:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    if len(data) > _MAX_LINE:
                        raise IngestError(path, "line longer than 64 MiB", line=line_no)
                    carry = data
                    continue
                data, carry = data[:cut], data[cut:]
            if first and data:
                first = False
                if data.startswith(_BOM):
                    data = data[3:]
                    offset += 3
            if data:
                yield Chunk(line_no, offset, data)
                line_no += data.count(b"\n")
                offset += len(data)
            if sink is not None:
                pos = raw.tell()
                sink.advance(pos - reported)
                reported = pos
            if not block:
                return


def parse_chunk(chunk: Chunk) -> tuple[list[Row], list[Bad]]:
    """Parse a chunk line by line: the reference semantics of the format."""
    rows: list[Row] = []
    bad: list[Bad] = []
    offset = chunk.offset
    for i, raw in enumerate(chunk.data.split(b"\n")):
        no = chunk.first_line + i
        start = offset
        offset += len(raw) + 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            reason = f"not valid UTF-8 ({e.reason}, byte 0x{raw[e.start]:02x})"
            bad.append(Bad(no, reason, raw, start + e.start))
            continue
        text = text.strip(_WS)
        if not text:
            continue
        parsed = parse_line(text)
        if isinstance(parsed, str):
            bad.append(Bad(no, parsed, raw))
        else:
            a, b, ts, us, code = parsed
            rows.append((no, a, b, ts, us, code))
    return rows, bad


def parse_line(text: str) -> tuple[str, str, int, int, str] | str:
    """``(A, B, ts, ts_us, code)`` of one stripped, non-blank line, or why it is bad."""
    m = _PLAIN.fullmatch(text)
    if m is not None:  # the common case, in one regex
        a, b, ts, code = m.groups()
        value = int(ts)
        return a, b, value, value * (1_000 if abs(value) > _MS_ABOVE else 1_000_000), code
    fields = _SEP.split(text)
    if len(fields) != 4:
        return f"expected 4 fields 'A B unix_ts RT|MT|RE', found {len(fields)}"
    a, b, ts, code = fields
    for role, user in (("A", a), ("B", b)):
        if not _ID.fullmatch(user):
            return f"bad user id {user!r} in field {role}"
    if not _INT.fullmatch(ts):
        return f"timestamp {ts!r} is not an integer (unix seconds)"
    if code not in CODES:
        return f"unknown interaction code {code!r} (expected RT, MT or RE)"
    if len(ts.lstrip("-0")) > 20:
        return f"timestamp {ts!r} out of range"
    value = int(ts)
    us = value * (1_000 if abs(value) > _MS_ABOVE else 1_000_000)
    if not _MIN_US <= us <= _MAX_US:
        return f"timestamp {ts!r} out of range"
    return a, b, value, us, code


def _reject_all(sink: Sink, bad: list[Bad]) -> None:
    # Without skip_bad the first call raises: the file fails at its first bad line.
    for item in bad:
        sink.reject(item.reason, line=item.line, offset=item.offset, raw=item.raw)


def _no_lines(path: Path) -> IngestError:
    return IngestError(path, "empty file: no 'A B unix_ts RT|MT|RE' lines")


class _PythonReader:
    """Rows through the sink, one line at a time."""

    def __init__(self, src: SnapSource, path: Path, sink: Sink, community: str) -> None:
        self.src, self.path, self.sink, self.community = src, path, sink, community
        self.network = src.network
        self.identities: dict[str, str] = {}
        self.repeats: dict[str, int] = {}
        self.times: dict[int, datetime] = {}

    def identity(self, user: str) -> str:
        iid = self.identities.get(user)
        if iid is None:
            iid = self.sink.identity(
                self.network, self.src.identity_value(self.community, user),
                kind="id", source_id=user,
            )
            self.identities[user] = iid
        return iid

    def run(self) -> None:
        seen = False
        for chunk in iter_chunks(self.path, self.sink, CHUNK_BYTES):
            rows, bad = parse_chunk(chunk)
            seen = seen or bool(rows or bad)
            _reject_all(self.sink, bad)
            for _, a, b, ts, us, code in rows:
                sid = f"{self.community}/{a}/{b}/{ts}/{code}"
                n = self.repeats.get(sid, 0) + 1
                self.repeats[sid] = n
                if n > 1:
                    sid = f"{sid}#{n}"
                when = self.times.get(us)
                if when is None:
                    when = self.times[us] = _EPOCH + timedelta(microseconds=us)
                self.sink.event(
                    self.network, sid, CODES[code], when,
                    community=self.community, subkind=code,
                    actor=self.identity(a), target_person=self.identity(b), value=1.0,
                )
        if not seen:
            raise _no_lines(self.path)


_LINES_SCHEMA: Final = pa.schema(
    [
        pa.field("no", pa.int64()),
        pa.field("a", pa.string()),
        pa.field("b", pa.string()),
        pa.field("tsn", pa.int64()),
        pa.field("ts", schema.TS),
        pa.field("code", pa.string()),
    ]
)


class _DuckDBReader:
    """Parsed lines go to a temporary DuckDB table; SQL then writes the staged rows."""

    def __init__(self, src: SnapSource, path: Path, sink: Sink, community: str) -> None:
        self.src, self.path, self.sink, self.community = src, path, sink, community
        self.con: Any = sink.connection
        self.table = f"_snap_lines_{uuid.uuid4().hex}"

    def run(self) -> None:
        con = self.con
        con.execute(
            f"CREATE TEMP TABLE {self.table} (no BIGINT, a VARCHAR, b VARCHAR, tsn BIGINT,"
            " ts TIMESTAMPTZ, code VARCHAR)"
        )
        try:
            seen = False
            for chunk in iter_chunks(self.path, self.sink, CHUNK_BYTES):
                lines = _fast_parse(chunk)
                if lines is None:
                    rows, bad = parse_chunk(chunk)
                    seen = seen or bool(rows or bad)
                    _reject_all(self.sink, bad)
                    lines = _rows_table(rows)
                else:
                    seen = True
                self._append(lines)
            if not seen:
                raise _no_lines(self.path)
            self._write_rows()
        finally:
            # After a DuckDB error the transaction is aborted and the rollback drops the
            # table anyway; the original error is the one to report.
            with contextlib.suppress(duckdb.Error):
                con.execute(f"DROP TABLE IF EXISTS {self.table}")

    def _append(self, lines: pa.Table) -> None:
        if lines.num_rows == 0:
            return
        name = f"{self.table}_batch"
        self.con.register(name, lines)
        try:
            self.con.execute(f"INSERT INTO {self.table} SELECT * FROM {name}")
        finally:
            self.con.unregister(name)
        _count_rows(self.sink, lines.num_rows)

    def _write_rows(self) -> None:
        assert self.sink.stage_table is not None
        network, community = self.src.network, self.community
        iprefix = schema.identity_id(network, "id", self.src.identity_value(community, ""))
        events = self.sink.stage_table("events")
        # The n-th identical line (in file order) gets "#n", exactly as the Python engine.
        self.con.execute(
            f"""
            INSERT INTO {events} (event_id, network, source_id, community, kind, subkind,
                                  actor, target_person, target_content, ts, value)
            SELECT $eprefix || sid, $network, sid, $community,
                   CASE code WHEN 'RT' THEN 'reshare' WHEN 'MT' THEN 'mention' ELSE 'reply' END,
                   code, $iprefix || lower(a), $iprefix || lower(b), NULL, ts, 1.0
            FROM (
                SELECT *, $sprefix || a || '/' || b || '/' || CAST(tsn AS VARCHAR) || '/' || code
                          || CASE WHEN rn > 1 THEN '#' || CAST(rn AS VARCHAR) ELSE '' END AS sid
                FROM (
                    SELECT *, row_number() OVER (PARTITION BY a, b, tsn, code ORDER BY no) AS rn
                    FROM {self.table}
                )
            )
            """,
            {
                "eprefix": schema.event_id(network, ""),
                "network": network,
                "community": community,
                "iprefix": iprefix,
                "sprefix": f"{community}/",
            },
        )
        identities = self.sink.stage_table("identities")
        vprefix = self.src.identity_value(community, "").lower()
        self.con.execute(
            f"""
            INSERT INTO {identities} (identity_id, network, kind, value, source_id)
            SELECT $iprefix || lower(u), $network, 'id', $vprefix || lower(u), min(u)
            FROM (SELECT a AS u FROM {self.table} UNION ALL SELECT b FROM {self.table})
            GROUP BY lower(u)
            """,
            {
                "iprefix": iprefix,
                "network": network,
                "vprefix": vprefix,
            },
        )
        row = self.con.execute(f"SELECT count(*) FROM {identities}").fetchone()
        _count_rows(self.sink, int(row[0]) if row else 0)
        self.sink.advance(0)


def _fast_parse(chunk: Chunk) -> pa.Table | None:
    """Parse a clean chunk in one vectorised pass; None when any line needs a closer look."""
    try:
        text = chunk.data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    pieces = text.split("\n")
    if text.endswith("\n"):
        pieces.pop()
    lines = pa.array(pieces, pa.string())
    if not pc.all(pc.match_substring_regex(lines, _FAST)).as_py():
        return None
    # Every line is now exactly "A B ts CODE" (maybe with a trailing CR): 4 tokens each.
    tokens = pc.split_pattern(lines, " ")
    n = len(lines)

    def column(i: int) -> pa.Array:
        return pc.list_element(tokens, i)

    tsn = pc.cast(column(2), pa.int64())
    scale = pc.if_else(pc.greater(pc.abs(tsn), _MS_ABOVE), 1_000, 1_000_000)
    us = pc.multiply_checked(tsn, pc.cast(scale, pa.int64()))
    return pa.Table.from_arrays(
        [
            pa.array(np.arange(chunk.first_line, chunk.first_line + n, dtype=np.int64)),
            column(0),
            column(1),
            tsn,
            pc.cast(us, schema.TS),
            pc.utf8_rtrim(column(3), characters="\r"),
        ],
        schema=_LINES_SCHEMA,
    )


def _rows_table(rows: list[Row]) -> pa.Table:
    cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 6
    return pa.Table.from_arrays(
        [
            pa.array(cols[0], pa.int64()),
            pa.array(cols[1], pa.string()),
            pa.array(cols[2], pa.string()),
            pa.array(cols[3], pa.int64()),
            pc.cast(pa.array(cols[4], pa.int64()), schema.TS),
            pa.array(cols[5], pa.string()),
        ],
        schema=_LINES_SCHEMA,
    )


def _count_rows(sink: Sink, rows: int) -> None:
    # Rows written with SQL bypass the sink's counter; the progress callback (and the
    # kill -9 test, which stops an ingest after N rows) should still see them.
    sink.added(rows)
