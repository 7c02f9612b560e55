"""A leading lookahead naming the characters a regular expression's match can start with.

Why: most of our cue patterns are case-insensitive alternations of words and phrases, and
for those Python's regex engine has no fast scan: at every position of a text it tries every
alternative (its own first-character prefilter gives up on case-insensitive letters).  A
lookahead such as ``(?=[bcdn\\d])`` is one cheap character test that rejects most positions
first.  It is computed from the parsed pattern, and it is a superset of the characters a
match can start with, so it never rejects a position where the pattern could match: the
matches are exactly the same (checked on every annotated text, tests/test_core_speed_*).

Only what is certain is used: literal characters, classes (with ``\\d``, ``\\s``, ``\\w`` kept
as classes), groups, alternations, repeats and zero-width assertions.  Anything else (``.``,
a negated class, a back-reference, a change of flags inside the pattern, a pattern that can
match the empty string) gives no lookahead.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 - the standard library's own name
from re import _parser as P  # noqa: N812

_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_WORD: r"\w",
}
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)}

First = tuple[frozenset[str], bool]  # (class items a match may start with, can be empty)


def first_class(pattern: str, flags: int = 0) -> str | None:
    """``(?=[...])`` for ``pattern`` compiled with ``flags``, or None when not certain."""
    try:
        tree = P.parse(pattern, flags)
    except re.error:
        return None
    got = _sequence(list(tree.data))
    if got is None:
        return None
    items, empty = got
    if empty or not items:
        return None
    return "(?=[" + "".join(sorted(items)) + "])"


def with_prefix(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled, led by its first-character lookahead when there is one."""
    prefix = first_class(pattern, flags)
    if prefix is not None:
        try:
            return re.compile(f"{prefix}(?:{pattern})", flags)
        except re.error:  # e.g. global inline flags, which must open the pattern
            pass
    return re.compile(pattern, flags)


def _sequence(items: list) -> First | None:
    out: set[str] = set()
    for op, av in items:
        got = _item(op, av)
        if got is None:
            return None
        chars, empty = got
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _item(op, av) -> First | None:  # noqa: ANN001, PLR0911 - one case per opcode
    if op is C.LITERAL:
        return frozenset({_escape(chr(av))}), False
    if op is C.IN:
        return _charset(av)
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op is C.BRANCH:
        out: set[str] = set()
        empty = False
        for alternative in av[1]:
            got = _sequence(list(alternative.data))
            if got is None:
                return None
            out |= got[0]
            empty = empty or got[1]
        return frozenset(out), empty
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _sequence(list(sub.data))
    if op in _REPEATS:
        low, _high, sub = av
        got = _sequence(list(sub.data))
        if got is None:
            return None
        return got[0], got[1] or low == 0
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(av.data))
    return None  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


def _charset(av: list) -> First | None:
    out: set[str] = set()
    for op, value in av:
        if op is C.LITERAL:
            out.add(_escape(chr(value)))
        elif op is C.RANGE:
            low, high = value
            out.add(f"{_escape(chr(low))}-{_escape(chr(high))}")
        elif op is C.CATEGORY and value in _CATEGORY:
            out.add(_CATEGORY[value])
        else:  # a negated class, a category we do not name
            return None
    return frozenset(out), False


def _escape(ch: str) -> str:
    """A character as it may stand inside ``[...]``."""
    return "\\" + ch if ch in "\\]^-[" else re.escape(ch) if not ch.isalnum() else ch
