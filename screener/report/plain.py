"""User text drawn in a report, with the characters that reorder what is drawn after it
taken out.

A database name, a reason or a reviewer's name is someone else's text. A bidirectional
control in it (a right-to-left override, an isolate, a directional mark) would carry on
past the text into what follows on the line: a browser draws "PubMed‮ (n = 35)" as
"PubMed(53 = n)". The reports print counts beside names, so every such name is drawn
without them; the letters of a right-to-left script keep their own direction.
"""

from __future__ import annotations

import re

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, and the Arabic letter mark.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def without_bidi_controls(text: str) -> str:
    """`text` without bidirectional control characters."""
    return _BIDI_CONTROL.sub("", text) if _BIDI_CONTROL.search(text) else text
