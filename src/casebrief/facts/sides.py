"""Which side of the body a sentence names: "left", "right" or "both".

Shared by the evaluators (a knee grade, an injection, a brace of the requested side) and by
the therapy facts (a therapy note recounting the other knee's earlier course).
"""

from __future__ import annotations

import re

# what a one-letter side ("L", "R") may stand before: the knee and leg, and the parts of the
# knee and the joints a note names by themselves ("into L pes anserine bursa", "R medial joint
# line", "L hip"): an injection "into L pes anserine bursa" named no side, and counted for the
# right knee's arthroplasty (dev22vc-04)
_SIDED_PART = (
    r"(?::|knee|kn\b|leg|side|TKA|pes\b|anserine|(?:pre|infra|supra)?patell\w*|bursa|"
    r"medial|lateral|joint\s+line|menisc\w*|[AMP]CL\b|hip|ankle|foot|shoulder|thigh|calf)"
)
SIDE = re.compile(
    rf"\b(?:(?P<left>left|lt|(?-i:L)(?=\s*{_SIDED_PART}))"
    rf"|(?P<right>right|rt|(?-i:R)(?=\s*{_SIDED_PART}))"
    r"|(?P<both>bilateral|bilat|both))\b",
    re.I,
)


def sides_named(sentence: str) -> set[str]:
    return {k for m in SIDE.finditer(sentence) for k, v in m.groupdict().items() if v}


def this_side(side: str | None, sentence: str, at: int | None = None) -> bool:
    """Whether a grade's sentence may be about the requested side: it names no side, names
    both, or names the requested one ("Left knee: KL 3" is not about a right TKA).  With ``at``
    (the grade's offset in the sentence), a sentence naming each knee in turn is read by the
    side named last before the grade: "R knee bone-on-bone, KL 4; L knee KL 2"."""
    named = sides_named(sentence)
    if at is not None and {"left", "right"} <= named:
        before = [
            k
            for m in SIDE.finditer(sentence[:at])
            for k, v in m.groupdict().items()
            if v and k != "both"
        ]
        if before:
            named = {before[-1]}
    if named - {"both"}:  # "XR bilat standing: R knee bone-on-bone": the side named decides
        named -= {"both"}
    return side in (None, "both") or not named or "both" in named or side in named
