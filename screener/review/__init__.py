"""The review: `Review`, the library API over one review folder, and what it is made of
(importing, deduplication, pair review, criteria runs, screening, export).

`from screener.review import Review` loads the API on first use: the stateless batch
commands import modules of this package (`screener.review.batch`) and must not pay for the
store, SQLite and the import workers at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screener.review.api import Review, current_reviewer, find_review_root
    from screener.review.importing import ImportOptions, ImportReport
    from screener.review.views import StatusReport

__all__ = [
    "ImportOptions",
    "ImportReport",
    "Review",
    "StatusReport",
    "current_reviewer",
    "find_review_root",
]

_HOME = {
    "Review": "screener.review.api",
    "current_reviewer": "screener.review.api",
    "find_review_root": "screener.review.api",
    "ImportOptions": "screener.review.importing",
    "ImportReport": "screener.review.importing",
    "StatusReport": "screener.review.views",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'screener.review' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
