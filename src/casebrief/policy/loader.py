"""Find, load and validate policy files; choose a policy by id or from CPT/HCPCS codes.

``get_policy`` and ``choose_policy`` answer from the default registry
(:func:`casebrief.policy.registry.get_registry`): the bundled policies plus a payer's files in
``$CASEBRIEF_POLICY_DIR``, each policy id at the version in effect on the date asked.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from casebrief.errors import PolicyError
from casebrief.policy.schema import Policy
from casebrief.resources import FAST_LOADER, RESOURCES


def load_policy_file(path: Path | str) -> Policy:
    """Load one policy file, raising :class:`PolicyError` that names the file and the problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError("E204", file=path, problem=str(exc).splitlines()[0]) from None
    return _validate(data, str(path)).from_file(path.name, str(path))


def _validate(data: object, name: str) -> Policy:
    if not isinstance(data, dict):
        raise PolicyError("E204", file=name, problem="top level must be a mapping")
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'policy'}: "
            + err["msg"].removeprefix("Value error, ")
            for err in exc.errors()
        )
        raise PolicyError("E204", file=name, problem=problems) from None


POLICY_SUFFIXES = (".yaml", ".yml")


@lru_cache(maxsize=1)
def _bundled() -> tuple[Policy, ...]:
    """Every version in the package's policies folder, in file-name order."""
    out = []
    for entry in sorted(RESOURCES.joinpath("policies").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(POLICY_SUFFIXES):
            name = f"policies/{entry.name}"
            text = entry.read_text(encoding="utf-8")
            pol = _validate(yaml.load(text, Loader=FAST_LOADER), name)  # bundled: known good
            out.append(pol.from_file("bundled", name))
    return tuple(out)


def list_policies() -> list[Policy]:
    """The bundled policy versions (a payer's are listed by the registry's ``versions``)."""
    return list(_bundled())


def get_policy(policy_id: str, on: date | None = None) -> Policy:
    """Policy ``policy_id`` at the version in effect on ``on`` (see ``PolicyRegistry.get``)."""
    from casebrief.policy.registry import get_registry

    return get_registry().get(policy_id, on)


def choose_policy(codes: list[str], on: date | None = None) -> Policy:
    """The one policy whose codes intersect ``codes`` on ``on``; two candidates or none is an
    error (see ``PolicyRegistry.choose``)."""
    from casebrief.policy.registry import get_registry

    return get_registry().choose(codes, on)
