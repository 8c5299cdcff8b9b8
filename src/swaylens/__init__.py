"""swaylens: honest social-influence analytics.

Activity, reach, resonance, authority, topic expertise and influence are separate,
named scores, each explained by its evidence.
"""

from __future__ import annotations

__version__ = "0.1.0"
