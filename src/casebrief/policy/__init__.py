"""Coverage policies as data: schema, loading, the registry of served versions, and the
engine that applies them."""

from casebrief.policy.loader import choose_policy, get_policy, list_policies, load_policy_file
from casebrief.policy.registry import (
    PolicyRegistry,
    get_registry,
    reset_registry,
    served_policies,
)
from casebrief.policy.schema import Criterion, Policy

__all__ = [
    "Criterion",
    "Policy",
    "PolicyRegistry",
    "choose_policy",
    "get_policy",
    "get_registry",
    "list_policies",
    "load_policy_file",
    "reset_registry",
    "served_policies",
]
