"""Stack Exchange XML ingestion throughput against a parse-only floor.

    .venv/bin/python benchmarks/bench_stackexchange.py [--repeat R] [--scale K]

The floor, measured in the same run, is lxml's ``iterparse`` of the same XML files doing
nothing with the rows (DuckDB cannot read XML, so its reader cannot be the floor here).
``--scale K`` instead ingests one dump made of K copies of the Cardano dump with every id
shifted per copy (a larger site of the same shape), so fixed per-file costs do not
dominate.  Prints medians and the ratio swaylens / floor.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from lxml import etree

from swaylens.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SWAYLENS_SHARED_DATA") or ROOT.parent / "shared" / "data")
DUMPS = [SHARED / "stackexchange/cardano",
         SHARED / "stackexchange/bicycles-meta"]


def parse_only(folder: Path) -> int:
    rows = 0
    for f in sorted(folder.glob("*.xml")):
        for _, elem in etree.iterparse(str(f), tag="row"):
            rows += 1
            elem.clear()
    return rows


_IDS = {b"Id", b"PostId", b"ParentId", b"AcceptedAnswerId", b"OwnerUserId", b"UserId",
        b"LastEditorUserId", b"RelatedPostId", b"AccountId", b"WikiPostId", b"ExcerptPostId"}
_NUM = re.compile(rb' (\w+)="(\d+)"')


def scaled_dump(k: int, dst: Path) -> Path:
    """K copies of the Cardano dump as one site, ids shifted by 10^7 per copy."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in DUMPS[0].glob("*.xml"):
        lines = f.read_bytes().split(b"\n")
        rows = [line for line in lines if b"<row " in line]
        rest = [line for line in lines[2:] if b"<row " not in line]
        out = lines[:2]
        for c in range(k if f.name != "Tags.xml" else 1):
            off = c * 10_000_000

            def shift(m: re.Match[bytes], off: int = off) -> bytes:
                if m.group(1) in _IDS:
                    return b' %s="%d"' % (m.group(1), int(m.group(2)) + off)
                return m.group(0)

            out.extend(_NUM.sub(shift, r) for r in rows)
        out.extend(rest)
        (dst / f.name).write_bytes(b"\n".join(out))
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", type=int, default=0, help="K copies of Cardano as one site")
    args = ap.parse_args()
    dumps = DUMPS
    keep = tempfile.TemporaryDirectory()
    if args.scale:
        dumps = [scaled_dump(args.scale, Path(keep.name) / "cardano-x")]
    floor_s, ingest_s = [], []
    rows = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        rows = sum(parse_only(d) for d in dumps)
        floor_s.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            wh = Warehouse(Path(tmp) / "w.duckdb")
            t = time.perf_counter()
            wh.ingest("stackexchange", dumps)
            ingest_s.append(time.perf_counter() - t)
            wh.close()
    f, i = statistics.median(floor_s), statistics.median(ingest_s)
    print(f"XML rows: {rows:,} in {len(dumps)} dumps, {args.repeat} runs (medians)")
    print(f"floor  (lxml iterparse only): {f:6.2f} s  {rows / f:>10,.0f} rows/s")
    print(f"swaylens ingest (warehouse) : {i:6.2f} s  {rows / i:>10,.0f} rows/s")
    print(f"ratio floor/swaylens        : {f / i:.2f}")
    keep.cleanup()


if __name__ == "__main__":
    main()
