"""Scores: separate, named, explained numbers per person, as dated snapshots.

Each score is an Ibis expression over the canonical tables (see :mod:`swaylens.scores.base`)
and runs on any :class:`~swaylens.warehouse.engines.Engine`.  ``docs/scores.md`` is the
user-facing description of every formula and default.
"""

from swaylens.scores.activity import Activity
from swaylens.scores.authority import Authority
from swaylens.scores.base import Score, ScoreError, snapshot, with_percentile
from swaylens.scores.engagement import Engagement
from swaylens.scores.expertise import Expertise
from swaylens.scores.influence import Influence
from swaylens.scores.reach import Reach
from swaylens.scores.resonance import Resonance

#: name -> class, for the command line and the API.
SCORES: dict[str, type[Score]] = {
    "activity": Activity,
    "reach": Reach,
    "resonance": Resonance,
    "expertise": Expertise,
    "engagement": Engagement,
    "authority": Authority,
    "influence": Influence,
}

__all__ = [
    "SCORES",
    "Activity",
    "Authority",
    "Engagement",
    "Expertise",
    "Influence",
    "Reach",
    "Resonance",
    "Score",
    "ScoreError",
    "snapshot",
    "with_percentile",
]
