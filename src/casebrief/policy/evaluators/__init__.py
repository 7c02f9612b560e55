"""Generic criterion evaluators, registered by name and parameterized by policy files.

Each evaluator answers one *kind* of question a coverage criterion asks (is a finding
documented present?  how many weeks of therapy in the window?  what is the latest value of
a measurement?  was an evaluation done before a test?).  Policies choose the evaluator and
set its parameters; nothing here names a policy.  Importing this package registers them all.
"""

from casebrief.policy.evaluators import (  # noqa: F401 - importing registers the evaluators
    evaluations,
    exams,
    findings,
    imaging,
    measurements,
    procedures,
    programs,
    sleep,
    therapy,
)
from casebrief.policy.evaluators.base import EVALUATORS, Context, evaluator

__all__ = ["EVALUATORS", "Context", "evaluator"]
