"""Find, load and validate policies; choose one from CPT/HCPCS codes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from casebrief.errors import PolicyError
from casebrief.policy.schema import Policy
from casebrief.resources import RESOURCES


def load_policy_file(path: Path | str) -> Policy:
    """Load one policy file, raising :class:`PolicyError` that names the file and the problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError("E204", file=path, problem=str(exc).splitlines()[0]) from None
    return _validate(data, str(path))


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


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Policy]:
    out = {}
    for entry in sorted(RESOURCES.joinpath("policies").iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            pol = _validate(
                yaml.safe_load(entry.read_text(encoding="utf-8")), f"policies/{entry.name}"
            )
            out[pol.id] = pol
    return out


def list_policies() -> list[Policy]:
    return list(_bundled().values())


def get_policy(policy_id: str) -> Policy:
    pols = _bundled()
    if policy_id not in pols:
        raise PolicyError("E201", policy=policy_id, known=", ".join(sorted(pols)))
    return pols[policy_id]


def choose_policy(codes: list[str]) -> Policy:
    """The one policy whose codes intersect ``codes``; two candidates or none is an error."""
    wanted = {c.strip().upper() for c in codes}
    hits = [p for p in _bundled().values() if wanted & set(p.codes)]
    if not hits:
        raise PolicyError("E202", codes=sorted(wanted) or "[]")
    if len(hits) > 1:
        raise PolicyError("E203", codes=sorted(wanted), policies=", ".join(p.id for p in hits))
    return hits[0]
