"""Coverage policies as data: schema, loading, and the engine that applies them."""

from casebrief.policy.loader import choose_policy, get_policy, list_policies, load_policy_file
from casebrief.policy.schema import Criterion, Policy

__all__ = [
    "Criterion",
    "Policy",
    "choose_policy",
    "get_policy",
    "list_policies",
    "load_policy_file",
]
