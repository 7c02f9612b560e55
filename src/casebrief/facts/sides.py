"""Which side of the body a sentence names: "left", "right" or "both".

Shared by the evaluators (a knee grade, an injection, a brace of the requested side) and by
the therapy facts (a therapy note recounting the other knee's earlier course).
"""

from __future__ import annotations

import re

SIDE = re.compile(
    r"\b(?:(?P<left>left|lt|(?-i:L)(?=\s*(?::|knee|kn\b|leg|side|TKA)))"
    r"|(?P<right>right|rt|(?-i:R)(?=\s*(?::|knee|kn\b|leg|side|TKA)))"
    r"|(?P<both>bilateral|bilat|both))\b",
    re.I,
)


def sides_named(sentence: str) -> set[str]:
    return {k for m in SIDE.finditer(sentence) for k, v in m.groupdict().items() if v}
