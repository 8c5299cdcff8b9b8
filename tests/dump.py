"""Independent readers of the raw Stack Exchange dump, for tests that recompute a score's
inputs from the XML rather than through the adapter (``from dump import xml_rows``).

They are deliberately naive (ElementTree, a regular expression): a second, simple reading
of the same files that the adapter's results are checked against.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


def xml_rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of every ``<row>`` of a dump file, one dict per row."""
    for _, el in ET.iterparse(path):
        if el.tag == "row":
            yield dict(el.attrib)
            el.clear()


def xml_tags(raw: str | None) -> list[str]:
    """A post's ``Tags`` attribute as a list: ``<a><b>`` (older dumps) or ``|a|b|``."""
    return re.findall(r"<([^<>]+)>", raw or "") or [t for t in (raw or "").split("|") if t]


def xml_time(s: str) -> datetime:
    """A dump timestamp (UTC, without a zone) as an aware datetime."""
    return datetime.fromisoformat(s).replace(tzinfo=UTC)
