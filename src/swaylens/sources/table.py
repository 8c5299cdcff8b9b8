"""Generic tables: CSV, NDJSON and Parquet files, optionally with a column mapping file.

This adapter (``swaylens ingest table FILE``) loads any tabular export into one of the
canonical tables of :mod:`swaylens.schema`.  It is the fast path of swaylens: DuckDB reads
the file itself (``read_parquet``, ``read_json``, ``read_csv``) and one ``INSERT ... SELECT``
maps, casts and validates every column straight into the warehouse's staging table, so no
row ever becomes a Python object.

Input formats (by extension, after an optional ``.gz``; or forced with ``format=``):

* CSV: ``.csv`` (comma), ``.tsv`` / ``.tab`` (tab); a header line names the columns
  (RFC 4180 quoting; every value is read as text and cast by the mapping);
* NDJSON: ``.ndjson``, ``.jsonl``, ``.json`` -- one JSON object per line, blank lines
  ignored (every value is read as text: nested objects and arrays as their JSON text);
  a ``.json`` file whose first character is ``[`` is read as one JSON array of objects;
* Parquet: ``.parquet``, ``.pq`` (native column types are kept).

A folder is read as all the table files directly in it, in name order, in the one
transaction of that input (``swaylens synth`` writes ``events/part-00000.parquet``, ...).

Without a mapping the file must already be one canonical table, with columns named
exactly as in :mod:`swaylens.schema`: the table is recognised by its key column
(``event_id``, ``content_id`` or ``identity_id``); nullable columns may be left out, any
other column is an error.  ``swaylens synth`` writes such files.  Identity and content
ids in such a file are used as they are, and so is a null ``value``; no identities are
invented for the events (the identities file comes with them).

With a mapping (a YAML or JSON file, or a dict) any layout can be loaded::

    table: events            # events | contents | identities
    network: mysite          # a constant, or {column: net}, or {sql: "..."}
    columns:                 # canonical column -> source column, {const: v} or {sql: "..."}
      source_id: id
      kind: type
      actor: user_id         # a raw user id, turned into an identity id (below)
      target_person: to_user
      target_content: post_id
      ts: created
      value: {const: 1}
    identity_kind: id        # raw user ids become identity ids {network}:{kind}:{value}
    kinds:                   # optional: raw kind -> canonical kind (or {kind:, value:})
      like: reaction
      answer: reply
      downvote: {kind: reaction, value: -1}
    time_format: "%Y-%m-%d %H:%M:%S"   # optional strptime format (or a list of them)
    tags_separator: ","      # contents.tags given as text are split on this
    canonical_ids: false     # true: actor/target/author/parent values already are ids
    csv: {delimiter: ";", quote: '"', escape: '"', header: true, names: [...]}

Mapping rules:

* ``event_id`` / ``content_id`` / ``identity_id`` are derived (``{network}:{source_id}``,
  ``{network}:{kind}:{lower(value)}``) and cannot be mapped.
* Required: events ``source_id``, ``kind``, ``ts``; contents ``source_id``; identities
  ``value``.  ``value`` of an event defaults to 1.  A kind renamed by ``kinds`` keeps its
  raw name in ``subkind`` unless ``subkind`` is mapped; a ``kinds`` entry's ``value``
  (e.g. -1 for a downvote) wins over the ``value`` column.
* Raw user ids in ``actor``, ``target_person`` (events) and ``author`` (contents) become
  identity ids ``{network}:{identity_kind}:{lower(raw)}``, and an identity row is staged
  for each distinct one (its ``source_id`` -- or ``handle`` for ``identity_kind: handle``
  -- keeps the raw value as written).  Raw content ids in ``target_content``,
  ``parent_id``, ``root_id`` become ``{network}:{raw}``.
* Times: ISO 8601 (a naive time is UTC) or epoch seconds (milliseconds when larger than
  1e11), unless ``time_format`` gives ``strptime`` formats (for RFC 2822 and the like);
  native Parquet timestamps are used as they are (naive ones as UTC).
* ``{sql: "..."}`` is a DuckDB expression over the source columns (in CSV and NDJSON every
  source column is text: cast it for arithmetic), e.g.
  ``source_id: {sql: "a || '/' || b || '/' || ts"}``.

Bad input raises :class:`~swaylens.errors.IngestError` naming the file and the line (CSV,
NDJSON: the physical line, header and blank lines counted), the record (JSON array) or the
row (Parquet, 1-based): an unknown kind, a missing required value, an unparseable date or
number, invalid JSON, non-UTF-8 bytes, a malformed CSV record, an empty file.  A mapped
source column missing from the file names the column; a bad mapping names the mapping file.
With ``skip_bad`` the bad rows go to ``rejects`` (with their line) and the rest lands.

Costs: the file is scanned once when it is good.  A failure is diagnosed by a second scan
(and a Python scan to turn a row number into a line number).  With ``skip_bad`` the file
is scanned once more to collect the bad rows, and a file DuckDB cannot parse (bad JSON,
bad bytes, ragged CSV) is first cleaned line by line in Python, which is much slower.

Without a warehouse connection on the sink (``sink.connection is None``) the same SQL runs
in a private in-memory DuckDB and the rows are handed to the sink one by one: correct but
slow (for tools and tests, not for bulk loads).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import orjson
import pyarrow as pa
import yaml

from swaylens import schema
from swaylens.errors import IngestError, SwaylensError
from swaylens.sources.base import Sink, Source, check_not_empty, open_binary

TABLES = ("events", "contents", "identities")

#: Canonical key column of each table: derived from other columns when a mapping is used.
_KEYS = {"events": "event_id", "contents": "content_id", "identities": "identity_id"}

#: Columns that must have a value, per table (besides the key and ``network``).
_REQUIRED = {"events": ("source_id", "kind", "ts"), "contents": ("source_id",),
             "identities": ("value",)}

#: Columns with a meaning beyond their type; every other column is typed by its schema.
_SPECIAL: dict[str, dict[str, str]] = {
    "events": {"source_id": "id", "kind": "event_kind", "actor": "ident",
               "target_person": "ident", "target_content": "content"},
    "contents": {"source_id": "id", "author": "ident", "parent_id": "content",
                 "root_id": "content"},
    "identities": {"kind": "identity_kind", "value": "id"},
}


def _type_role(t: pa.DataType) -> str:
    if pa.types.is_timestamp(t):
        return "ts"
    if pa.types.is_floating(t):
        return "float"
    if pa.types.is_integer(t):
        return "int"
    if pa.types.is_list(t):
        return "list"
    return "str"


#: How each canonical column (but the key and ``network``) is typed and checked.
_ROLES: dict[str, dict[str, str]] = {
    table: {
        f.name: _SPECIAL[table].get(f.name) or _type_role(f.type)
        for f in schema.CANONICAL[table]
        if f.name not in (_KEYS[table], "network")
    }
    for table in TABLES
}

_FORMATS = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".ndjson": "ndjson", ".jsonl": "ndjson",
    ".json": "json", ".parquet": "parquet", ".pq": "parquet",
}
_MAPPING_KEYS = {
    "table", "network", "columns", "identity_kind", "kinds", "time_format",
    "tags_separator", "canonical_ids", "csv", "_comment", "comment", "description",
}
_CSV_KEYS = {"delimiter", "quote", "escape", "header", "names", "null"}
_ROW = "__swaylens_row"
# The longest NDJSON line DuckDB accepts (its default).  Its read buffers are a multiple of
# this per thread, so a larger value costs memory under a memory_limit.
_MAX_OBJECT = 16 << 20
_RAW_MAX = 10_000


# -- the mapping ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """Where a canonical value comes from: a source ``column``, a ``const`` or ``sql``."""

    how: str
    value: Any


@dataclass(frozen=True)
class CsvOptions:
    delimiter: str | None = None  # None: by extension
    quote: str = '"'
    escape: str = '"'
    header: bool = True
    names: tuple[str, ...] = ()
    null: str = ""


@dataclass
class Mapping:
    """A validated mapping: which table and how each canonical column is computed."""

    origin: str
    table: str
    network: Spec
    columns: dict[str, Spec]
    identity_kind: str = "id"
    kinds: dict[str, tuple[str, float | None]] = field(default_factory=dict)
    time_format: tuple[str, ...] = ()
    tags_separator: str = ","
    canonical_ids: bool = False
    #: Canonical files carry their own keys (event_id, ...); mapped files derive them.
    keys_given: bool = False
    csv: CsvOptions = field(default_factory=CsvOptions)

    @property
    def derives_identities(self) -> bool:
        refs = [c for c, r in _ROLES[self.table].items() if r == "ident"]
        return not self.canonical_ids and any(c in self.columns for c in refs)


def load_mapping(mapping: str | Path | dict[str, Any]) -> Mapping:
    """Read and validate a mapping (a YAML / JSON file, or an already parsed dict)."""
    if isinstance(mapping, dict):
        return _parse_mapping(mapping, "<mapping>")
    path = Path(mapping)
    if not path.is_file():
        raise IngestError(path, "mapping file not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise IngestError(path, f"cannot read mapping file: {e}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as e:
        raise IngestError(path, f"invalid JSON in mapping: {e.msg}", line=e.lineno) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise IngestError(path, f"invalid YAML in mapping: {e}", line=line) from None
    if not isinstance(data, dict):
        raise IngestError(path, "a mapping file must hold a mapping (table:, columns:, ...)")
    return _parse_mapping(data, str(path))


def _parse_mapping(data: dict[str, Any], origin: str) -> Mapping:
    def fail(reason: str) -> IngestError:
        return IngestError(origin, reason)

    unknown = sorted(set(map(str, data)) - _MAPPING_KEYS)
    if unknown:
        raise fail(f"unknown mapping key(s) {', '.join(unknown)}; known: "
                   f"{', '.join(sorted(_MAPPING_KEYS - {'_comment', 'comment', 'description'}))}")
    table = data.get("table")
    if table not in TABLES:
        raise fail(f"'table' must be one of {', '.join(TABLES)}, not {table!r}")
    if "network" not in data:
        raise fail("'network' is missing (a name, {column: ...} or {sql: ...})")
    network = _parse_spec(data["network"], "network", fail)
    raw_cols = data.get("columns")
    if not isinstance(raw_cols, dict) or not raw_cols:
        raise fail("'columns' must map canonical columns to source columns")
    roles = _ROLES[table]
    columns: dict[str, Spec] = {}
    for canon, spec in raw_cols.items():
        canon = str(canon)
        if canon == _KEYS[table]:
            raise fail(f"column {canon!r} is derived from network and source_id; do not map it"
                       if table != "identities" else
                       "column 'identity_id' is derived from network, kind and value")
        if canon == "network":
            raise fail("set 'network' at the top level of the mapping, not under 'columns'")
        if canon not in roles:
            raise fail(f"unknown {table} column {canon!r}; known: {', '.join(roles)}")
        columns[canon] = _parse_spec(spec, canon, fail)
    missing = [c for c in _REQUIRED[table] if c not in columns]
    if missing:
        raise fail(f"required {table} column(s) not mapped: {', '.join(missing)}")

    identity_kind = data.get("identity_kind", "id")
    if identity_kind not in schema.IDENTITY_KINDS:
        raise fail(f"identity_kind must be one of {', '.join(schema.IDENTITY_KINDS)},"
                   f" not {identity_kind!r}")
    kinds: dict[str, tuple[str, float | None]] = {}
    raw_kinds = data.get("kinds") or {}
    if not isinstance(raw_kinds, dict):
        raise fail("'kinds' must map raw kind values to canonical kinds")
    for raw, target in raw_kinds.items():
        value: float | None = None
        if isinstance(target, dict):
            extra = set(target) - {"kind", "value"}
            if extra or "kind" not in target:
                raise fail(f"kinds.{raw}: expected a kind name or {{kind: ..., value: ...}}")
            if target.get("value") is not None:
                if not isinstance(target["value"], (int, float)) or isinstance(
                    target["value"], bool
                ):
                    raise fail(f"kinds.{raw}.value must be a number")
                value = float(target["value"])
            target = target["kind"]
        if not isinstance(target, str):
            raise fail(f"kinds.{raw}: expected a kind name, got {target!r}")
        if table == "events" and target not in schema.EVENT_KINDS:
            raise fail(f"kinds.{raw}: {target!r} is not an event kind"
                       f" ({', '.join(schema.EVENT_KINDS)})")
        if table == "identities" and target not in schema.IDENTITY_KINDS:
            raise fail(f"kinds.{raw}: {target!r} is not an identity kind")
        kinds[str(raw)] = (target, value)
    tf = data.get("time_format")
    if tf is None:
        time_format: tuple[str, ...] = ()
    elif isinstance(tf, str) and tf:
        time_format = (tf,)
    elif isinstance(tf, list) and tf and all(isinstance(x, str) and x for x in tf):
        time_format = tuple(tf)
    else:
        raise fail("'time_format' must be a strptime format or a list of them")
    sep = data.get("tags_separator", ",")
    if not isinstance(sep, str) or not sep:
        raise fail("'tags_separator' must be a non-empty string")
    canonical_ids = data.get("canonical_ids", False)
    if not isinstance(canonical_ids, bool):
        raise fail("'canonical_ids' must be true or false")
    return Mapping(
        origin=origin, table=table, network=network, columns=columns,
        identity_kind=identity_kind, kinds=kinds, time_format=time_format,
        tags_separator=sep, canonical_ids=canonical_ids,
        csv=_parse_csv_options(data.get("csv"), fail),
    )


def _parse_spec(spec: Any, canon: str, fail: Any) -> Spec:
    if isinstance(spec, str) and spec:
        return Spec("column", spec) if canon != "network" else Spec("const", spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((how, value),) = spec.items()
        if how == "column" and isinstance(value, str) and value:
            return Spec("column", value)
        if how == "const" and (value is None or isinstance(value, (str, int, float, bool))):
            return Spec("const", value)
        if how == "sql" and isinstance(value, str) and value.strip():
            return Spec("sql", value)
    raise fail(f"{canon}: expected a source column name, {{column: name}}, {{const: value}}"
               f" or {{sql: expression}}, got {spec!r}")


def _parse_csv_options(raw: Any, fail: Any) -> CsvOptions:
    if raw is None:
        return CsvOptions()
    if not isinstance(raw, dict) or set(raw) - _CSV_KEYS:
        raise fail(f"'csv' must be a mapping with keys among {', '.join(sorted(_CSV_KEYS))}")
    chars: dict[str, str] = {}
    for key in ("delimiter", "quote", "escape"):
        if key in raw:
            v = raw[key]
            if not isinstance(v, str) or len(v) != 1:
                raise fail(f"csv.{key} must be a single character")
            chars[key] = v
    opts = CsvOptions(delimiter=chars.get("delimiter"), quote=chars.get("quote", '"'),
                      escape=chars.get("escape", chars.get("quote", '"')))
    if "null" in raw:
        if not isinstance(raw["null"], str):
            raise fail("csv.null must be a string")
        opts = replace(opts, null=raw["null"])
    header = raw.get("header", True)
    if not isinstance(header, bool):
        raise fail("csv.header must be true or false")
    names = raw.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise fail("csv.names must be a list of column names")
    if not header and not names:
        raise fail("csv.header is false: give the column names in csv.names")
    return replace(opts, header=header, names=tuple(names))


def canonical_mapping(columns: list[str], file: str) -> Mapping:
    """The identity mapping of a file already in the canonical schema of one table."""
    tables = [t for t in TABLES if _KEYS[t] in columns]
    if len(tables) != 1:
        found = ", ".join(columns[:20])
        raise IngestError(
            file,
            "no mapping given and the columns are not one canonical table (expected exactly"
            f" one of event_id, content_id, identity_id; found: {found}); pass a mapping file",
        )
    table = tables[0]
    known = [f.name for f in schema.CANONICAL[table]]
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise IngestError(
            file, f"column(s) {', '.join(unknown)} are not in the canonical {table} table;"
            " pass a mapping file to select and rename columns",
        )
    required = [f.name for f in schema.CANONICAL[table] if not f.nullable]
    missing = [c for c in required if c not in columns]
    if missing:
        raise IngestError(file, f"canonical {table} file lacks required column(s)"
                                f" {', '.join(missing)}")
    cols = {c: Spec("column", c) for c in columns if c not in (_KEYS[table], "network")}
    cols[_KEYS[table]] = Spec("column", _KEYS[table])
    return Mapping(
        origin=file, table=table, network=Spec("column", "network"), columns=cols,
        canonical_ids=True, keys_given=True,
    )


# -- the input file -------------------------------------------------------------------------
@dataclass
class Input:
    """One input file: its format and how DuckDB reads it."""

    path: Path
    fmt: str  # csv | ndjson | array | parquet
    csv: CsvOptions = field(default_factory=CsvOptions)
    #: Source columns in file order (CSV header, Parquet schema, NDJSON keys seen).
    columns: list[str] = field(default_factory=list)
    #: Read type of each source column DuckDB is asked for (text for CSV / NDJSON).
    read_types: dict[str, str] = field(default_factory=dict)
    #: Line (and byte offset) in the original file of each row of a cleaned copy.
    line_map: list[tuple[int, int | None]] | None = None
    original: Path | None = None

    @property
    def file(self) -> str:
        return str(self.original or self.path)

    def relation(self) -> str:
        """``read_xxx(...) WITH ORDINALITY AS src(...)``: the file, with row numbers."""
        p = _lit(str(self.path))
        names = list(self.read_types)
        if self.fmt == "parquet":
            fn = f"read_parquet({p})"
        else:
            cols = ", ".join(f"{_lit(c)}: {_lit(t)}" for c, t in self.read_types.items())
            cols = "{" + cols + "}"
            if self.fmt == "csv":
                o = self.csv
                fn = (
                    f"read_csv({p}, auto_detect=false, header={str(o.header).lower()},"
                    f" columns={cols}, delim={_lit(o.delimiter or ',')}, quote={_lit(o.quote)},"
                    f" escape={_lit(o.escape)}, nullstr={_lit(o.null)}, strict_mode=true,"
                    " max_line_size=67108864)"
                )
            else:
                fmt = "newline_delimited" if self.fmt == "ndjson" else "array"
                fn = (f"read_json({p}, format={_lit(fmt)}, columns={cols},"
                      f" maximum_object_size={_MAX_OBJECT})")
        alias = ", ".join([*(_ident(c) for c in names), _ROW])
        return f"{fn} WITH ORDINALITY AS src({alias})"

    def where(self, row: int) -> str:
        if self.fmt == "parquet":
            return f"row {row}"
        return f"record {row}"


def _is_table(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in _FORMATS


def _detect_format(path: Path, forced: str | None) -> str:
    if forced is not None:
        f = forced.lower().lstrip(".")
        f = {"jsonl": "ndjson", "pq": "parquet", "tab": "tsv"}.get(f, f)
        if f not in ("csv", "tsv", "ndjson", "json", "parquet"):
            raise IngestError(path, f"unknown format {forced!r}; use csv, tsv, ndjson, json"
                                    " or parquet")
        return f
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise IngestError(path, "cannot tell the format from the file name; expected .csv,"
                                " .tsv, .ndjson, .jsonl, .json or .parquet (optionally .gz)"
                                " or pass format=")
    return fmt


# -- the adapter ----------------------------------------------------------------------------
class TableSource(Source):
    """CSV / NDJSON / Parquet files in the canonical schema, or mapped by a mapping file."""

    name: ClassVar[str] = "table"
    description: ClassVar[str] = (
        "CSV, NDJSON or Parquet tables: canonical columns, or any columns with a mapping file"
    )

    def __init__(
        self,
        mapping: str | Path | dict[str, Any] | None = None,
        format: str | None = None,
        *,
        network: str | None = None,
        community: str | None = None,
    ) -> None:
        """``network`` / ``community`` (the CLI's ``--network`` / ``--community``) replace
        the mapping's network and set every row's community."""
        self.mapping = load_mapping(mapping) if mapping is not None else None
        self.format = format
        if format is not None:
            _detect_format(Path("<format>"), format)
        if network is not None and self.mapping is None:
            raise SwaylensError("table: --network needs a mapping file (a canonical file"
                                " carries its network in its ids)")
        self.network = network
        self.community = community

    # .. entry point ...........................................................................
    def read(self, path: Path, sink: Sink) -> None:
        if path.is_dir():
            # A folder of parts (``swaylens synth`` writes events/part-*.parquet): all of
            # them in the one transaction of this input.
            files = sorted(p for p in path.iterdir() if p.is_file() and _is_table(p))
            if not files:
                raise IngestError(path, "no .csv, .tsv, .ndjson, .jsonl, .json or .parquet"
                                        " file in this folder")
            for f in files:
                self._read_file(f, sink)
        else:
            self._read_file(path, sink)

    def _read_file(self, path: Path, sink: Sink) -> None:
        fmt = _detect_format(path, self.format)
        _check_file(path, fmt)
        csv_opts = self.mapping.csv if self.mapping is not None else CsvOptions()
        if fmt in ("csv", "tsv"):
            csv_opts = replace(csv_opts, delimiter=csv_opts.delimiter
                               or ("\t" if fmt == "tsv" else ","))
            fmt = "csv"
        elif fmt == "json":
            fmt = "array" if _first_char(path) == b"[" else "ndjson"
        inp = Input(path=path, fmt=fmt, csv=csv_opts)
        side = duckdb.connect()
        tmp: tempfile.TemporaryDirectory[str] | None = None
        try:
            _utc(side)
            try:
                mapping = self._prepare(inp, side)
                plan = _Plan(inp, mapping)
                plan.build(side)
                bad = plan.bad_rows(side) if sink.skip_bad else []
            except _Unreadable as e:
                if not sink.skip_bad or inp.fmt not in ("ndjson", "csv"):
                    raise _structural_error(inp, e) from None
                # Keep the lines DuckDB can read in a clean copy; the others are rejects.
                tmp = tempfile.TemporaryDirectory(prefix="swaylens-table-")
                inp, rejects = _sanitize(inp, Path(tmp.name))
                _add_rejects(sink, rejects, inp.file)
                if inp.line_map is not None and not inp.line_map:
                    sink.advance(path.stat().st_size)
                    return
                mapping = self._prepare(inp, side)
                plan = _Plan(inp, mapping)
                plan.build(side)
                bad = plan.bad_rows(side)
            if bad:
                _add_rejects(sink, _locate(inp, bad), inp.file)
            if sink.connection is not None and sink.stage_table is not None:
                plan.load(sink.connection, sink.stage_table, side, sink.skip_bad)
            else:
                _load_via_rows(plan, sink)
        finally:
            side.close()
            if tmp is not None:
                tmp.cleanup()
        sink.advance(path.stat().st_size)

    def _prepare(self, inp: Input, side: duckdb.DuckDBPyConnection) -> Mapping:
        """Find the file's columns, settle the mapping and what DuckDB must read."""
        inp.columns = _file_columns(inp, side)
        if self.mapping is None:
            mapping = canonical_mapping(inp.columns, inp.file)
            if inp.fmt in ("ndjson", "array"):
                # Keys are learnt from a sample; a key first seen later must not be lost.
                table = schema.CANONICAL[mapping.table]
                inp.read_types = {f.name: "VARCHAR" for f in table}
                mapping.columns = {c: Spec("column", c) for c in inp.read_types
                                   if c != "network"}
                return self._override(mapping)
        else:
            mapping = self.mapping
        mapping = self._override(mapping)
        used = _used_columns(mapping)
        missing = [(canon, col) for canon, col in used if col not in inp.columns]
        if missing and inp.fmt in ("ndjson", "array"):
            # Keys are learnt from a sample of the records: look at all of them.
            inp.columns = _file_columns(inp, side, full=True)
            missing = [(canon, col) for canon, col in used if col not in inp.columns]
        if missing:
            canon, col = missing[0]
            shown = ", ".join(inp.columns[:30])
            raise IngestError(inp.file, f"column {col!r} (mapped to {canon}) not found in the"
                                        f" file; its columns: {shown}")
        if inp.fmt == "parquet":
            inp.read_types = {c: "" for c in inp.columns}
        elif inp.fmt == "csv" or _has_sql(mapping):
            # CSV reads every column; SQL expressions may name any column.
            inp.read_types = {c: "VARCHAR" for c in inp.columns}
        else:
            inp.read_types = {c: "VARCHAR" for c in dict.fromkeys(col for _, col in used)}
        return mapping


    def _override(self, mapping: Mapping) -> Mapping:
        columns = dict(mapping.columns)
        if self.community is not None and "community" in _ROLES[mapping.table]:
            columns["community"] = Spec("const", self.community)
        network = Spec("const", self.network) if self.network is not None else mapping.network
        return replace(mapping, columns=columns, network=network)


class _Unreadable(Exception):
    """DuckDB could not parse the file (bad JSON, bytes, CSV structure)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _check_file(path: Path, fmt: str) -> None:
    check_not_empty(path)
    if path.suffix.lower() == ".gz":
        if fmt == "parquet":
            raise IngestError(path, "gzipped Parquet is not supported (Parquet compresses"
                                    " its own pages); decompress it first")
        try:
            with gzip.open(path, "rb") as fh:
                if not fh.read(1):
                    raise IngestError(path, "empty file")
        except (OSError, EOFError) as e:
            raise IngestError(path, f"not a valid gzip file: {e}") from None


def _first_char(path: Path) -> bytes:
    with open_binary(path) as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1]


def _file_columns(inp: Input, side: duckdb.DuckDBPyConnection, full: bool = False) -> list[str]:
    p = _lit(str(inp.path))
    if inp.fmt == "csv":
        return _csv_header(inp)
    if inp.fmt == "parquet":
        q = f"DESCRIBE SELECT * FROM read_parquet({p})"
    else:
        fmt = "newline_delimited" if inp.fmt == "ndjson" else "array"
        sample = ", sample_size=-1" if full else ""
        q = (f"DESCRIBE SELECT * FROM read_json({p}, format={_lit(fmt)}"
             f", maximum_object_size={_MAX_OBJECT}{sample})")
    try:
        rows = side.execute(q).fetchall()
    except duckdb.Error as e:
        if inp.fmt == "parquet":
            raise IngestError(inp.file, f"not a readable Parquet file: {_short(e)}") from None
        raise _Unreadable(str(e)) from None
    cols = [str(r[0]) for r in rows]
    if inp.fmt != "parquet" and cols == ["json"] and rows[0][1] == "JSON":
        # DuckDB's answer for lines that are not objects, or for no records at all.
        if _has_records(inp.path):
            raise _Unreadable("records are not JSON objects")
        raise IngestError(inp.file, "empty file (no records)")
    return cols


def _has_records(path: Path) -> bool:
    with open_binary(path) as fh:
        return any(line.strip() not in (b"", b"\xef\xbb\xbf") for line in fh)


def _csv_header(inp: Input) -> list[str]:
    o = inp.csv
    if not o.header:
        return list(o.names)
    try:
        # Tolerant decoding: a bad byte further down is reported at its own line later.
        with _csv_text(inp.path, errors="surrogateescape") as text:
            reader = csv.reader(text, **_csv_dialect(o))
            for row in reader:
                if row:
                    names = [c.strip() for c in row]
                    break
            else:
                raise IngestError(inp.file, "empty file (no header line)")
    except csv.Error as e:
        raise IngestError(inp.file, f"malformed CSV header: {e}", line=1) from None
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        raise IngestError(inp.file, "not valid UTF-8 in the header", line=1) from None
    if o.names:
        if len(o.names) != len(names):
            raise IngestError(inp.file, f"csv.names gives {len(o.names)} names, the header"
                                        f" has {len(names)} columns", line=1)
        return list(o.names)
    if len(set(names)) != len(names) or any(not n for n in names):
        raise IngestError(inp.file, "the CSV header has empty or repeated column names",
                          line=1)
    return names


def _csv_text(path: Path, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors=errors, newline="")


def _csv_dialect(o: CsvOptions) -> dict[str, Any]:
    same = o.escape == o.quote
    return {
        "delimiter": o.delimiter or ",", "quotechar": o.quote, "doublequote": same,
        "escapechar": None if same else o.escape, "strict": True,
    }


def _used_columns(m: Mapping) -> list[tuple[str, str]]:
    out = [("network", m.network.value)] if m.network.how == "column" else []
    out += [(c, s.value) for c, s in m.columns.items() if s.how == "column"]
    return out


def _has_sql(m: Mapping) -> bool:
    return m.network.how == "sql" or any(s.how == "sql" for s in m.columns.values())


# -- SQL generation -------------------------------------------------------------------------
def _lit(v: Any) -> str:
    if v is None:
        return "NULL"
    return "'" + str(v).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shown(expr: str) -> str:
    """A value for an error message: its JSON text, cut short."""
    return f"to_json(left(CAST({expr} AS VARCHAR), 200))::VARCHAR"


def _utc(con: duckdb.DuckDBPyConnection) -> str:
    """Make naive times parse as UTC on ``con``; return the previous time zone."""
    try:
        row = con.execute("SELECT current_setting('TimeZone')").fetchone()
        previous = str(row[0]) if row else "UTC"
        con.execute("SET TimeZone = 'UTC'")
    except duckdb.Error:  # pragma: no cover - DuckDB built without ICU
        previous = ""
    return previous


def _restore_tz(con: duckdb.DuckDBPyConnection, previous: str) -> None:
    if previous and previous != "UTC":
        # In an aborted transaction this fails: the caller rolls back and reports.
        with contextlib.suppress(duckdb.Error):
            con.execute(f"SET TimeZone = {_lit(previous)}")


_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                  "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE")


class _Plan:
    """The SQL that turns the input into canonical rows plus a reason for each bad row."""

    def __init__(self, inp: Input, mapping: Mapping) -> None:
        self.inp = inp
        self.m = mapping
        self.table = mapping.table
        self.cols = [f.name for f in schema.CANONICAL[self.table]]
        self.query = ""
        self.ident_refs: list[str] = []
        self.types: dict[str, str] = {}

    # .. building ..............................................................................
    def _spec_sql(self, spec: Spec) -> str:
        if spec.how == "column":
            return f"src.{_ident(spec.value)}"
        if spec.how == "const":
            v = spec.value
            if isinstance(v, bool):
                v = str(v).lower()
            return f"CAST({_lit(v)} AS VARCHAR)"
        return f"({spec.value})"

    def build(self, side: duckdb.DuckDBPyConnection) -> None:
        m = self.m
        roles = _ROLES[self.table]
        raw: dict[str, str] = {"network": self._spec_sql(m.network)}
        for canon, spec in m.columns.items():
            raw[canon] = self._spec_sql(spec)
        rel = self.inp.relation()
        inner = ", ".join(f"{e} AS {_ident('r_' + c)}" for c, e in raw.items())
        level1 = f"SELECT {_ROW}, {inner} FROM {rel}"
        try:
            types = {str(r[0]): str(r[1]) for r in
                     side.execute(f"DESCRIBE {level1}").fetchall()}
        except duckdb.Error as e:
            if _has_sql(m) and isinstance(e, (duckdb.BinderException, duckdb.ParserException,
                                              duckdb.CatalogException)):
                raise IngestError(m.origin, f"a {{sql: ...}} expression does not work on"
                                            f" {self.inp.file}: {_short(e)}") from None
            raise _Unreadable(str(e)) from None
        self.types = types

        def r(c: str) -> str:
            return _ident("r_" + c) if c in raw else "NULL"

        def s(c: str) -> str:  # text, empty -> NULL
            if c not in raw:
                return "NULL::VARCHAR"
            t = types.get("r_" + c, "VARCHAR")
            v = r(c) if t == "VARCHAR" else f"CAST({r(c)} AS VARCHAR)"
            return f"nullif({v}, '')"

        # Level 2: parsed values (each parse once; the checks and the output both use them).
        parsed: dict[str, str] = {}
        for c, role in roles.items():
            if c not in raw:
                continue
            t = types.get("r_" + c, "VARCHAR")
            if role == "ts":
                parsed[c] = self._ts_sql(r(c), t, side)
            elif role == "float":
                parsed[c] = f"TRY_CAST({r(c)} AS DOUBLE)"
            elif role == "int":
                parsed[c] = f"TRY_CAST({r(c)} AS BIGINT)"
            elif role == "list":
                parsed[c] = self._list_sql(r(c), t)
        parsed["network"] = s("network")
        for c in raw:
            if c != "network" and c not in parsed:
                parsed[c] = s(c)
        kind_raw = parsed.get("kind")
        if kind_raw is not None and m.kinds:
            cases = " ".join(f"WHEN {_lit(k)} THEN {_lit(v[0])}" for k, v in m.kinds.items())
            parsed["__kind"] = f"CASE {kind_raw} {cases} ELSE {kind_raw} END"
            values = [(k, v[1]) for k, v in m.kinds.items() if v[1] is not None]
            if values:
                vc = " ".join(f"WHEN {_lit(k)} THEN {v!r}::DOUBLE" for k, v in values)
                parsed["__kind_value"] = f"CASE {kind_raw} {vc} END"
            renamed = [k for k, v in m.kinds.items() if v[0] != k]
            if renamed:
                parsed["__renamed"] = f"{kind_raw} IN ({', '.join(map(_lit, renamed))})"
        elif kind_raw is not None:
            parsed["__kind"] = kind_raw
        level2_cols = ", ".join(
            [f"{e} AS {_ident('p_' + c)}" for c, e in parsed.items()]
            + [f"{_ident('r_' + c)}" for c in raw]
        )
        level2 = f"SELECT {_ROW}, {level2_cols} FROM ({level1})"
        # An infinite time ('infinity' casts) is no date: make it NULL, hence a bad row.
        finite = [c for c, role in roles.items() if role == "ts" and c in parsed]
        if finite:
            repl = ", ".join(
                f"CASE WHEN isfinite({_ident('p_' + c)}) THEN {_ident('p_' + c)} END"
                f" AS {_ident('p_' + c)}" for c in finite
            )
            level2 = f"SELECT * REPLACE ({repl}) FROM ({level2})"

        def p(c: str) -> str:
            return _ident("p_" + c) if c in parsed else "NULL"

        out = self._outputs(p, parsed)
        bad = self._checks(p, r, raw, parsed)
        extra = ""
        if m.derives_identities:
            self.ident_refs = [c for c, role in roles.items() if role == "ident" and c in parsed]
            extra = "".join(f", {p(c)} AS {_ident('__raw_' + c)}" for c in self.ident_refs)
        rawjson = "NULL::VARCHAR"
        if self.inp.fmt in ("parquet", "array"):
            extra += "".join(f", {_ident('r_' + c)}" for c in raw)
            pack = ", ".join(f"{_ident(c)} := {_ident('r_' + c)}" for c in raw)
            rawjson = f"to_json(struct_pack({pack}))::VARCHAR"
        sel = ", ".join(f"{e} AS {_ident(c)}" for c, e in out.items())
        level3 = f"SELECT {_ROW}, {sel}, {bad} AS __bad{extra} FROM ({level2})"
        self.query = (
            f"SELECT *, CASE WHEN __bad IS NOT NULL THEN {rawjson} END AS __raw FROM ({level3})"
        )
        # The whole query must bind (a cast of a sql expression can fail here).
        try:
            side.execute(f"DESCRIBE {self.query}").fetchall()
        except duckdb.Error as e:
            raise IngestError(m.origin, f"mapping does not apply to {self.inp.file}:"
                                        f" {_short(e)}") from None

    def _ts_sql(self, expr: str, t: str, side: duckdb.DuckDBPyConnection) -> str:
        t = t.upper()
        if t.startswith("TIMESTAMP WITH TIME ZONE"):
            v = expr
        elif t.startswith("TIMESTAMP") or t == "DATE":
            v = f"timezone('UTC', CAST({expr} AS TIMESTAMP))"
        elif t in _NUMERIC_TYPES or t.startswith("DECIMAL"):
            v = _epoch_sql(f"CAST({expr} AS DOUBLE)")
        else:
            sv = expr if t == "VARCHAR" else f"CAST({expr} AS VARCHAR)"
            if self.m.time_format:
                fmts = "[" + ", ".join(map(_lit, self.m.time_format)) + "]"
                v = f"try_strptime({sv}, {fmts})"
                try:
                    row = side.execute(f"SELECT typeof(try_strptime(NULL::VARCHAR, {fmts}))"
                                       ).fetchone()
                except duckdb.Error as e:
                    raise IngestError(self.m.origin, f"bad time_format: {_short(e)}") from None
                if row is None or "TIME ZONE" not in str(row[0]):
                    v = f"timezone('UTC', {v})"
            else:
                v = (f"coalesce(TRY_CAST({sv} AS TIMESTAMPTZ),"
                     f" {_epoch_sql(f'TRY_CAST({sv} AS DOUBLE)')})")
        return v

    def _list_sql(self, expr: str, t: str) -> str:
        if t.endswith("[]"):
            return f"TRY_CAST({expr} AS VARCHAR[])"
        sv = expr if t == "VARCHAR" else f"CAST({expr} AS VARCHAR)"
        sep = _lit(self.m.tags_separator)
        return (
            f"CASE WHEN {sv} IS NULL THEN NULL"
            f" WHEN starts_with(ltrim({sv}), '[') AND json_valid({sv})"
            f" AND json_type({sv}::JSON) = 'ARRAY' THEN from_json({sv}, '[\"VARCHAR\"]')"
            f" ELSE [trim(t) FOR t IN string_split({sv}, {sep}) IF trim(t) <> ''] END"
        )

    def _outputs(self, p: Any, parsed: dict[str, str]) -> dict[str, str]:
        m = self.m
        net = p("network")
        roles = _ROLES[self.table]
        out: dict[str, str] = {}
        for c in self.cols:
            role = roles.get(c)
            if c == "network":
                out[c] = net
            elif c == _KEYS[self.table]:
                if m.keys_given:
                    out[c] = p(c)
                elif self.table == "identities":
                    out[c] = ""  # set below, from the final kind
                else:
                    out[c] = f"{net} || ':' || {p('source_id')}"
            elif c not in parsed and not (c == "kind" and self.table == "identities"):
                if self.table == "events" and c == "value":
                    out[c] = (f"coalesce({p('__kind_value')}, 1.0)" if "__kind_value" in parsed
                              else "1.0")
                elif self.table == "events" and c == "subkind" and "__renamed" in parsed:
                    out[c] = f"CASE WHEN {p('__renamed')} THEN {p('kind')} END"
                else:
                    out[c] = "NULL"
            elif role == "ident" and not m.canonical_ids:
                out[c] = f"{net} || ':' || {_lit(m.identity_kind)} || ':' || lower({p(c)})"
            elif role == "content" and not m.canonical_ids:
                out[c] = f"{net} || ':' || {p(c)}"
            elif role == "event_kind" or (self.table == "contents" and c == "kind"):
                out[c] = p("__kind")
            elif role == "identity_kind":
                out[c] = (f"coalesce({p('__kind')}, {_lit(m.identity_kind)})"
                          if "__kind" in parsed else _lit(m.identity_kind))
            elif c == "value" and self.table == "identities" and not m.keys_given:
                out[c] = f"lower({p(c)})"
            elif c == "value" and self.table == "events" and not m.keys_given:
                kv = f"{p('__kind_value')}, " if "__kind_value" in parsed else ""
                out[c] = f"coalesce({kv}{p(c)}, 1.0)"
            elif c == "subkind" and "__renamed" in parsed:
                out[c] = f"coalesce({p(c)}, CASE WHEN {p('__renamed')} THEN {p('kind')} END)"
            else:
                out[c] = p(c)
        if self.table == "identities" and not m.keys_given:
            kind = out["kind"]
            out["identity_id"] = f"{net} || ':' || {kind} || ':' || lower({p('value')})"
            if "source_id" not in parsed:
                out["source_id"] = f"CASE WHEN {kind} = 'id' THEN {p('value')} END"
            if "handle" not in parsed:
                out["handle"] = f"CASE WHEN {kind} = 'handle' THEN {p('value')} END"
        return out

    def _checks(self, p: Any, r: Any, raw: dict[str, str], parsed: dict[str, str]) -> str:
        m = self.m
        roles = _ROLES[self.table]
        whens: list[tuple[str, str]] = [(f"{p('network')} IS NULL", "'missing network'")]
        if m.keys_given:
            key = _KEYS[self.table]
            whens.append((f"{p(key)} IS NULL", _lit(f"missing {key}")))
        for c in _REQUIRED[self.table]:
            if c == "kind":
                continue
            if c in raw and roles[c] != "ts":
                whens.append((f"{p(c)} IS NULL", _lit(f"missing {c}")))
        if "kind" in parsed:
            if self.table == "events":
                whens.append((f"{p('kind')} IS NULL", "'missing kind'"))
                kinds = ", ".join(map(_lit, schema.EVENT_KINDS))
                whens.append((f"{p('__kind')} NOT IN ({kinds})",
                              f"'unknown event kind ' || {_shown(p('kind'))}"))
            elif self.table == "identities":
                kinds = ", ".join(map(_lit, schema.IDENTITY_KINDS))
                whens.append((f"{p('__kind')} NOT IN ({kinds})",
                              f"'unknown identity kind ' || {_shown(p('kind'))}"))
        for c, role in roles.items():
            if c not in raw:
                continue
            # A value is given when not NULL (and, for text, not empty).
            given = (f"({r(c)} IS NOT NULL AND {r(c)} <> '')"
                     if self.types.get("r_" + c, "VARCHAR") == "VARCHAR"
                     else f"({r(c)} IS NOT NULL)")
            if role == "ts":
                if c in _REQUIRED[self.table]:
                    whens.append((f"NOT {given}", _lit(f"missing {c}")))
                whens.append((f"{p(c)} IS NULL AND {given}",
                              f"'unparseable date ' || {_shown(r(c))}"))
            elif role in ("float", "int", "list"):
                what = {"float": "number", "int": "integer", "list": "list"}[role]
                whens.append((f"{p(c)} IS NULL AND {given}",
                              f"'invalid {what} in {c}: ' || {_shown(r(c))}"))
        return "CASE " + " ".join(f"WHEN {w} THEN {t}" for w, t in whens) + " END"

    # .. running ...............................................................................
    def bad_rows(self, side: duckdb.DuckDBPyConnection, limit: int | None = None
                 ) -> list[tuple[int, str, str | None]]:
        """``(row, reason, raw)`` of every bad row, in file order (on ``side``)."""
        lim = f" LIMIT {limit}" if limit else ""
        # Every output column takes part, so that DuckDB reads (and checks the bytes of)
        # each source column the load reads.
        every = ", ".join(_ident(c) for c in self.cols)
        q = (f"SELECT {_ROW}, __bad, __raw FROM ({self.query})"
             f" WHERE __bad IS NOT NULL OR hash({every}) = 0 ORDER BY {_ROW}{lim}")
        try:
            rows = side.execute(q).fetchall()
        except duckdb.Error as e:
            raise _Unreadable(str(e)) from None
        return [(int(a), str(b), c) for a, b, c in rows if b is not None]

    def load(self, con: duckdb.DuckDBPyConnection, stage: Any,
             side: duckdb.DuckDBPyConnection, skip_bad: bool) -> None:
        """Insert the good rows into the warehouse's staging tables over ``con``."""
        cols = ", ".join(_ident(c) for c in self.cols)
        if skip_bad:
            keep = "__bad IS NULL"
        else:
            # One pass: a bad row aborts the statement; the failure is diagnosed below.
            keep = "CASE WHEN __bad IS NULL THEN true ELSE error('swaylens: bad row') END"
        previous = _utc(con)
        try:
            target = stage(self.table)
            if not self.m.derives_identities:
                n = con.execute(
                    f"INSERT INTO {target} ({cols}) SELECT {cols} FROM ({self.query})"
                    f" WHERE {keep}"
                ).fetchone()
            else:
                tmp = "__swaylens_table_rows"
                refs = ", ".join(_ident("__raw_" + c) for c in self.ident_refs)
                con.execute(f"CREATE OR REPLACE TEMP TABLE {tmp} AS SELECT {cols}, {refs}"
                            f" FROM ({self.query}) WHERE {keep}")
                n = con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {tmp}"
                                ).fetchone()
                self._stage_identities(con, stage(
                    "identities"), tmp)
                con.execute(f"DROP TABLE {tmp}")
        except duckdb.Error as e:
            if skip_bad:
                raise IngestError(self.inp.file, f"could not read: {_short(e)}") from None
            raise self.diagnose(side, e) from None
        finally:
            _restore_tz(con, previous)
        if n is not None and int(n[0]) == 0 and not skip_bad:
            raise IngestError(self.inp.file, "empty file (no rows)")

    def _stage_identities(self, con: duckdb.DuckDBPyConnection, target: str, tmp: str) -> None:
        kind = _lit(self.m.identity_kind)
        unions = " UNION ".join(
            f"SELECT network, {_ident('__raw_' + c)} AS raw FROM {tmp}"
            f" WHERE {_ident('__raw_' + c)} IS NOT NULL" for c in self.ident_refs
        )
        given = {
            "identity_id": f"network || ':' || {kind} || ':' || lower(raw)",
            "network": "network",
            "kind": kind,
            "value": "lower(raw)",
            # The raw id as written: the platform's id, or the handle.
            "source_id": "raw" if self.m.identity_kind == "id" else "NULL",
            "handle": "raw" if self.m.identity_kind == "handle" else "NULL",
        }
        names = [f.name for f in schema.IDENTITIES]
        values = ", ".join(given.get(c, "NULL") for c in names)
        con.execute(
            f"INSERT INTO {target} ({', '.join(names)}) SELECT {values} FROM ({unions})"
        )

    def diagnose(self, side: duckdb.DuckDBPyConnection, err: Exception) -> IngestError:
        """Turn a failed load into an error naming the first bad row's line and reason."""
        _utc(side)
        try:
            bad = self.bad_rows(side, limit=1)
        except _Unreadable as e:
            return _structural_error(self.inp, e)
        if bad:
            reason = bad[0][1]
            where = _locate(self.inp, bad)[0]
            return IngestError(self.inp.file, reason if where.line is not None
                               else f"{where.location}: {reason}",
                               line=where.line, offset=where.offset)
        # DuckDB failed on something the row checks do not see (bytes, CSV structure).
        return _structural_error(self.inp, _Unreadable(str(err)))


def _epoch_sql(d: str) -> str:
    # Seconds, or milliseconds past 1e11 (as parse_ts); beyond year ~5000 is no date.
    return (f"CASE WHEN NOT isfinite({d}) OR abs({d}) >= 1e14 THEN NULL"
            f" WHEN abs({d}) > 1e11 THEN to_timestamp({d} / 1000) ELSE to_timestamp({d}) END")


def _short(e: BaseException) -> str:
    msg = str(e).strip()
    msg = re.sub(r"^[A-Za-z ]*Error: ", "", msg)
    first = msg.split("\n\n")[0].split("\nPossible")[0]
    return first[:500]


# -- locating bad rows ---------------------------------------------------------------------
@dataclass
class _Reject:
    reason: str
    line: int | None = None
    offset: int | None = None
    location: str = ""
    raw: str | None = None


def _locate(inp: Input, bad: list[tuple[int, str, str | None]]) -> list[_Reject]:
    """Line, byte offset and raw text of each bad row (rows are 1-based, file order)."""
    if inp.fmt in ("parquet", "array"):
        return [_Reject(reason, location=inp.where(row), raw=raw) for row, reason, raw in bad]
    wanted = {row for row, _, _ in bad}
    found: dict[int, tuple[int, int | None, str]] = {}
    rows = _iter_csv_records(inp) if inp.fmt == "csv" else _iter_ndjson_records(inp.path)
    for no, (line, offset, text) in enumerate(rows, start=1):
        if no in wanted:
            found[no] = (line, offset, text)
            if len(found) == len(wanted):
                break
    out = []
    for row, reason, _ in bad:
        line, offset, text = found.get(row, (0, None, ""))
        if inp.line_map is not None and 0 < row <= len(inp.line_map):
            line, offset = inp.line_map[row - 1]
        rej = _Reject(reason, line=line or None, offset=offset if line else None,
                      raw=text or None)
        rej.location = IngestError("", "", line=rej.line, offset=rej.offset).location
        out.append(rej)
    return out


def _iter_ndjson_records(path: Path) -> Iterator[tuple[int, int | None, str]]:
    """``(line, offset, text)`` of every non-blank line: DuckDB's records, in order."""
    offset = 0
    with open_binary(path) as fh:
        for no, raw in enumerate(fh, start=1):
            start = offset
            offset += len(raw)
            if no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                start += 3
            if raw.strip():
                yield no, start, raw.rstrip(b"\r\n").decode("utf-8", errors="replace")


def _iter_csv_records(inp: Input) -> Iterator[tuple[int, int | None, str]]:
    """``(first line, None, text)`` of every data record of a CSV file, in order.

    Byte offsets are not tracked through the csv module; the text is the record re-joined.
    """
    with _csv_text(inp.path, errors="replace") as text:
        reader = csv.reader(text, **_csv_dialect(inp.csv))
        first = inp.csv.header
        try:
            while True:
                start = reader.line_num + 1
                row = next(reader)
                if not row:
                    continue
                if first:
                    first = False
                    continue
                yield start, None, (inp.csv.delimiter or ",").join(row)
        except (StopIteration, csv.Error):
            return


def _structural_error(inp: Input, e: _Unreadable) -> IngestError:
    """The first line DuckDB cannot read, found again by a careful Python scan."""
    if inp.fmt == "ndjson":
        for rej in _scan_ndjson(inp.path):
            return IngestError(inp.file, rej.reason, line=rej.line, offset=rej.offset)
    elif inp.fmt == "csv":
        for rej in _scan_csv(inp):
            return IngestError(inp.file, rej.reason, line=rej.line, offset=rej.offset)
    m = re.search(r"[Ll]ine:? (\d+)", e.message)
    line = int(m.group(1)) if m else None
    if inp.fmt in ("array",) and "UTF-8" in e.message:
        off = _first_bad_utf8(inp.path)
        return IngestError(inp.file, "not valid UTF-8", offset=off)
    return IngestError(inp.file, f"cannot read: {_short(Exception(e.message))}", line=line)


def _first_bad_utf8(path: Path) -> int | None:
    with open_binary(path) as fh:
        data = fh.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return None


def _scan_ndjson(path: Path, clean: Any = None) -> Iterator[_Reject]:
    """Bad lines of an NDJSON file; good lines are written to ``clean`` when given."""
    offset = 0
    kept: list[tuple[int, int | None]] = []
    with open_binary(path) as fh:
        for no, raw in enumerate(fh, start=1):
            start = offset
            offset += len(raw)
            if no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                start += 3
            body = raw.strip()
            if not body:
                continue
            text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as e:
                yield _Reject(f"not valid UTF-8 ({e.reason}, byte 0x{body[e.start]:02x})",
                              line=no, offset=start + (len(raw) - len(raw.lstrip())) + e.start,
                              raw=text)
                continue
            try:
                obj = orjson.loads(body)
            except orjson.JSONDecodeError as e:
                yield _Reject(f"invalid JSON: {e}", line=no, offset=start, raw=text)
                continue
            if not isinstance(obj, dict):
                yield _Reject(f"not a JSON object (a {type(obj).__name__})", line=no,
                              offset=start, raw=text)
                continue
            if clean is not None:
                clean.write(body + b"\n")
                kept.append((no, start))
    if clean is not None:
        clean.kept = kept


def _scan_csv(inp: Input, clean: Any = None) -> Iterator[_Reject]:
    """Bad records of a CSV file (bytes, field counts, quoting); good ones go to ``clean``."""
    o = inp.csv
    ncols = len(inp.columns) if inp.columns else None
    kept: list[tuple[int, int | None]] = []
    writer = csv.writer(clean, **{k: v for k, v in _csv_dialect(o).items() if k != "strict"},
                        lineterminator="\n") if clean is not None else None
    with _csv_text(inp.path, errors="surrogateescape") as text:
        reader = csv.reader(text, **_csv_dialect(o))
        header = o.header
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                yield _Reject(f"malformed CSV: {e}", line=start)
                break
            if not row:
                continue
            joined = (o.delimiter or ",").join(row)
            try:
                joined.encode("utf-8")
            except UnicodeEncodeError as e:
                yield _Reject(f"not valid UTF-8 (byte 0x{ord(joined[e.start]) & 0xFF:02x})",
                              line=start,
                              raw=joined.encode("utf-8", "surrogateescape").decode(
                                  "utf-8", "replace"))
                continue
            if header:
                header = False
                if ncols is None:
                    ncols = len(row)
                if writer is not None:
                    writer.writerow(row)
                continue
            if ncols is None:
                ncols = len(row)
            if len(row) != ncols:
                yield _Reject(f"expected {ncols} fields, found {len(row)}", line=start,
                              raw=joined)
                continue
            if writer is not None:
                writer.writerow(row)
                kept.append((start, None))
    if clean is not None:
        clean.kept = kept


def _sanitize(inp: Input, tmpdir: Path) -> tuple[Input, list[_Reject]]:
    """A copy of the file with only the lines DuckDB can read, and the rejected lines."""
    if inp.fmt == "ndjson":
        target = tmpdir / "clean.ndjson"
        with open(target, "wb") as raw_fh:
            fh: Any = _Wrap(raw_fh)
            rejects = list(_scan_ndjson(inp.path, fh))
    else:
        target = tmpdir / "clean.csv"
        with open(target, "w", encoding="utf-8", newline="") as text_fh:
            fh = _Wrap(text_fh)
            rejects = list(_scan_csv(inp, fh))
    clean = Input(path=target, fmt=inp.fmt, csv=inp.csv, line_map=fh.kept, original=inp.path)
    return clean, rejects


class _Wrap:
    """A file wrapper that also carries the kept lines of a sanitize pass."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh
        self.kept: list[tuple[int, int | None]] = []

    def write(self, data: Any) -> Any:
        return self._fh.write(data)


def _add_rejects(sink: Sink, rejects: list[_Reject], file: str) -> None:
    """Fail on the first reject, or record them all (``skip_bad``)."""
    if not rejects:
        return
    for r in rejects:
        if not r.location:
            r.location = IngestError(file, "", line=r.line, offset=r.offset).location
    if not sink.skip_bad:
        r = rejects[0]
        reason = r.reason if r.line is not None or not r.location else f"{r.location}: {r.reason}"
        raise IngestError(file, reason, line=r.line, offset=r.offset)
    if sink.connection is None or sink.stage_table is None:
        for r in rejects:
            reason = r.reason if r.line is not None or not r.location \
                else f"{r.location}: {r.reason}"
            sink.reject(reason, line=r.line, offset=r.offset, raw=r.raw, file=file)
        return
    rows = pa.Table.from_pylist(
        [
            {"ingest_id": sink.ingest_id, "file": file, "location": r.location,
             "reason": r.reason, "raw": r.raw[:_RAW_MAX] if r.raw else r.raw}
            for r in rejects
        ],
        schema=schema.REJECTS,
    )
    con = sink.connection
    target = sink.stage_table("rejects")
    con.register("__swaylens_rejects", rows)
    try:
        con.execute(f"INSERT INTO {target} SELECT * FROM __swaylens_rejects")
    finally:
        con.unregister("__swaylens_rejects")
    sink.rejected += len(rejects)


# -- without a warehouse ---------------------------------------------------------------------
def _load_via_rows(plan: _Plan, sink: Sink) -> None:
    """Run the plan in a private DuckDB and hand every row to the sink (slow path)."""
    from swaylens.warehouse.ddl import columns_sql

    con = duckdb.connect()
    staged: dict[str, str] = {}

    def stage(table: str) -> str:
        if table not in staged:
            staged[table] = f"stage_{table}"
            con.execute(f"CREATE TEMP TABLE stage_{table}"
                        f" ({columns_sql(schema.CANONICAL[table])})")
        return staged[table]

    try:
        side = duckdb.connect()
        try:
            plan.load(con, stage, side, sink.skip_bad)
        finally:
            side.close()
        _utc(con)
        for table, name in staged.items():
            reader: Any = con.sql(f"SELECT * FROM {name}").to_arrow_reader(10_000)
            for batch in reader:
                for row in batch.to_pylist():
                    _to_sink(sink, table, row)
    finally:
        con.close()


def _to_sink(sink: Sink, table: str, row: dict[str, Any]) -> None:
    if table == "events":
        sink.event(
            row["network"], row["source_id"], row["kind"], row["ts"],
            community=row["community"], subkind=row["subkind"], actor=row["actor"],
            target_person=row["target_person"], target_content=row["target_content"],
            value=row["value"],
        )
    elif table == "contents":
        del row["content_id"]
        sink.content(row.pop("network"), row.pop("source_id"), **row)
    else:
        del row["identity_id"]
        sink.identity(row.pop("network"), row.pop("value"), **row)
