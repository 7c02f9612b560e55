"""Which policy versions are served: the bundled ones plus the files a payer brings.

Why a registry: a payer keeps its own policy files (its thresholds, its dates) next to
casebrief rather than inside it, and its policies change over time while a case is judged
by the rules in effect on its request date.  The registry gathers every version, checks
that they fit together, and answers "policy X on date D" and "which policy covers these
codes on date D" for every door (CLI, HTTP API, batch).

Where versions come from, in layers:

1. the bundled policies (``casebrief/resources/policies``), source ``"bundled"``;
2. every ``*.yaml`` / ``*.yml`` file directly in the directory named by the environment
   variable ``CASEBRIEF_POLICY_DIR`` (read when the registry is built; hidden files and
   subdirectories are ignored), and any files passed explicitly (``--policy-file``,
   ``brief_case(policy_files=...)``): the payer's files, source = the file's name.

Each file is validated exactly as ``casebrief validate-policy`` does; a bad one is a
:class:`PolicyError` naming the file.  **A payer's files for a policy id replace the
bundled versions of that id entirely** (so a payer's dated versions never collide with an
undated bundled one); the payer's files for one id, wherever they came from, are the
versions of that id together.

Dates: ``effective_from`` and ``effective_to`` are both inclusive; either may be absent for
an open end; an undated version is in effect on every date, so it must be the only
version of its id.  Two versions of one id in effect on a common date (E216) or with the
same ``version`` string (E217) are errors naming both files.  A request dated where no
version is in effect is E215, naming the id, the date and the known periods.

The default registry (bundled + ``CASEBRIEF_POLICY_DIR``) is built once per value of that
variable and cached; :func:`reset_registry` drops the cache (after the payer edits a file,
or in tests).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from casebrief.errors import PolicyError
from casebrief.policy.loader import POLICY_SUFFIXES, _bundled, load_policy_file
from casebrief.policy.schema import Policy

ENV_POLICY_DIR = "CASEBRIEF_POLICY_DIR"


class PolicyRegistry:
    """A checked set of policy versions (see the module doc for the rules)."""

    def __init__(self, versions: Iterable[Policy]) -> None:
        ordered = sorted(versions, key=lambda p: (p.id, p.effective_from or date.min, p.version))
        by_id: dict[str, list[Policy]] = {}
        for pol in ordered:
            by_id.setdefault(pol.id, []).append(pol)
        for group in by_id.values():
            _check_versions(group)
        self._by_id = by_id

    @property
    def versions(self) -> list[Policy]:
        """Every version, by policy id and then by start date."""
        return [p for group in self._by_id.values() for p in group]

    def ids(self) -> list[str]:
        return sorted(self._by_id)

    def versions_of(self, policy_id: str) -> list[Policy]:
        """The versions of one policy id, earliest first (E201 if the id is unknown)."""
        if policy_id not in self._by_id:
            raise PolicyError("E201", policy=policy_id, known=", ".join(self.ids()))
        return list(self._by_id[policy_id])

    def get(self, policy_id: str, on: date | None = None) -> Policy:
        """The version of ``policy_id`` in effect on ``on``.

        Without a date, a policy with a single version gives it whatever its period; with
        several, the version in effect today."""
        versions = self.versions_of(policy_id)
        if on is None:
            if len(versions) == 1:
                return versions[0]
            on = date.today()
        for pol in versions:
            if pol.in_effect(on):
                return pol
        raise PolicyError("E215", policy=policy_id, date=on.isoformat(), periods=_periods(versions))

    def choose(self, codes: Iterable[str], on: date | None = None) -> Policy:
        """The one policy whose version in effect on ``on`` lists one of ``codes``.

        None is E202 (E215 when the codes belong to a policy with no version at all in
        effect on that date); two policies is E203."""
        wanted = {c.strip().upper() for c in codes}
        hits: list[Policy] = []
        dated_out: list[PolicyError] = []
        for policy_id, versions in self._by_id.items():
            if not any(wanted & set(p.codes) for p in versions):
                continue
            try:
                pol = self.get(policy_id, on)
            except PolicyError as exc:  # E215: the codes' policy has no version on that date
                dated_out.append(exc)
                continue
            if wanted & set(pol.codes):
                hits.append(pol)
        if not hits and dated_out:
            raise dated_out[0]
        if not hits:
            raise PolicyError("E202", codes=sorted(wanted) or "[]")
        if len(hits) > 1:
            raise PolicyError("E203", codes=sorted(wanted), policies=", ".join(p.id for p in hits))
        return hits[0]

    def defined_in(self, path: Path | str) -> list[Policy]:
        """The versions this registry holds from the file ``path``."""
        key = _resolved(path)
        return [p for p in self.versions if p.source != "bundled" and _resolved(p.origin) == key]

    def with_files(self, files: Sequence[Path | str]) -> PolicyRegistry:
        """This registry plus the payer files ``files`` (a file already in it is not read
        twice); the ids they define drop their bundled versions."""
        if not files:
            return self
        known = {_resolved(p.origin) for p in self.versions if p.source != "bundled"}
        added = [load_policy_file(f) for f in _unique(files) if _resolved(f) not in known]
        return PolicyRegistry(_layer(self.versions, added))


def build_registry(
    policy_dir: Path | str | None = None, files: Sequence[Path | str] = ()
) -> PolicyRegistry:
    """A fresh (uncached) registry: the bundled policies, every policy file in
    ``policy_dir`` and the files ``files``."""
    payer = _dir_files(Path(policy_dir)) if policy_dir else []
    return PolicyRegistry(_layer(_bundled(), [load_policy_file(f) for f in payer])).with_files(
        files
    )


def get_registry(policy_files: Sequence[Path | str] | None = None) -> PolicyRegistry:
    """The served registry: bundled + ``$CASEBRIEF_POLICY_DIR`` (cached per value of the
    variable), plus ``policy_files`` for this call only."""
    base = _default_registry(os.environ.get(ENV_POLICY_DIR) or None)
    return base.with_files(policy_files or [])


def reset_registry() -> None:
    """Forget the cached default registry; the next call reads the policy files again."""
    _default_registry.cache_clear()


def served_policies(policy_files: Sequence[Path | str] | None = None) -> list[dict[str, Any]]:
    """Every served policy version, as JSON-ready dicts (for the HTTP API's listing).

    Each: ``id``, ``version``, ``title``, ``codes``, ``effective_from`` and ``effective_to``
    (YYYY-MM-DD or null; both inclusive), ``source`` ("bundled" or the payer file's name)
    and ``criteria`` (``id``, ``title``, ``kind`` of each, in the policy's order)."""
    return [describe(p) for p in get_registry(policy_files).versions]


def describe(pol: Policy) -> dict[str, Any]:
    """One policy version as listed by :func:`served_policies`."""
    return {
        "id": pol.id,
        "version": pol.version,
        "title": pol.title,
        "codes": list(pol.codes),
        "effective_from": _iso(pol.effective_from),
        "effective_to": _iso(pol.effective_to),
        "source": pol.source,
        "criteria": [{"id": c.id, "title": c.title, "kind": c.kind} for c in pol.criteria],
    }


@lru_cache(maxsize=4)
def _default_registry(policy_dir: str | None) -> PolicyRegistry:
    return build_registry(policy_dir)


def _dir_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        problem = "does not exist" if not folder.exists() else "is not a directory"
        raise PolicyError("E218", path=folder, problem=problem)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise PolicyError("E218", path=folder, problem=exc.strerror or type(exc).__name__) from None
    return [
        p
        for p in entries
        if p.suffix.lower() in POLICY_SUFFIXES and not p.name.startswith(".") and p.is_file()
    ]


def _layer(lower: Iterable[Policy], payer: list[Policy]) -> list[Policy]:
    """``lower`` with the bundled versions of every id in ``payer`` dropped, plus ``payer``."""
    replaced = {p.id for p in payer}
    return [p for p in lower if not (p.source == "bundled" and p.id in replaced)] + payer


def _check_versions(group: list[Policy]) -> None:
    """One id's versions (sorted by start): distinct version strings, periods that don't meet."""
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if a.version == b.version:
                raise PolicyError(
                    "E217", policy=a.id, version=a.version, file=a.origin, other=b.origin
                )
            if _overlap(a, b):
                raise PolicyError(
                    "E216",
                    policy=a.id,
                    file=a.origin,
                    period=a.period,
                    other=b.origin,
                    other_period=b.period,
                )


def _overlap(a: Policy, b: Policy) -> bool:
    a_from, a_to = a.effective_from or date.min, a.effective_to or date.max
    b_from, b_to = b.effective_from or date.min, b.effective_to or date.max
    return a_from <= b_to and b_from <= a_to


def _periods(versions: list[Policy]) -> str:
    return "; ".join(f"{p.version} ({p.period}, {p.source})" for p in versions)


def _unique(files: Sequence[Path | str]) -> list[Path]:
    seen, out = set(), []
    for f in files:
        key = _resolved(f)
        if key not in seen:
            seen.add(key)
            out.append(Path(f))
    return out


def _resolved(path: Path | str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(path)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
