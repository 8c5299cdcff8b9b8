"""Source adapters: one module per input format, each ending in the canonical schema.

Adapters are looked up by name and imported lazily, so a command that reads one format
does not pay for importing every parser.
"""

from __future__ import annotations

import importlib

from swaylens.errors import SwaylensError
from swaylens.sources.base import Sink, Source

#: name -> "module:Class"
REGISTRY: dict[str, str] = {
    "stackexchange": "swaylens.sources.stackexchange:StackExchangeSource",
    "snap": "swaylens.sources.snap:SnapSource",
    "cascades": "swaylens.sources.cascades:CascadesSource",
    "twitter": "swaylens.sources.twitter:TwitterSource",
    "mastodon": "swaylens.sources.mastodon:MastodonSource",
    "bluesky": "swaylens.sources.bluesky:BlueskySource",
    "reddit": "swaylens.sources.reddit:RedditSource",
    "github": "swaylens.sources.github:GitHubSource",
    "discourse": "swaylens.sources.discourse:DiscourseSource",
    "table": "swaylens.sources.table:TableSource",
}


def get_source(name: str, **options: object) -> Source:
    """Instantiate the adapter called ``name`` with its options."""
    try:
        target = REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise SwaylensError(f"unknown source {name!r}; known sources: {known}") from None
    module, cls = target.split(":")
    source_cls = getattr(importlib.import_module(module), cls)
    return source_cls(**options)  # type: ignore[no-any-return]


__all__ = ["REGISTRY", "Sink", "Source", "get_source"]
