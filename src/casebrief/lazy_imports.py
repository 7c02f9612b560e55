"""Defer the import of a package nothing in casebrief uses until something touches it.

Why: medspaCy imports QuickUMLS eagerly (only to register its ``medspacy_quickumls``
factory), and QuickUMLS's ``core`` runs ``import nltk``, which imports scikit-learn and
SciPy's statistics: about 1 s of a 1.8 s cold start, for a component casebrief never builds.
QuickUMLS touches ``nltk`` only when a QuickUMLS matcher is constructed.

:func:`defer` binds the name to a stand-in module; the first attribute anyone reads from it
(or the first import of one of its submodules, which reads ``__path__``) imports the real
package, puts it in ``sys.modules`` and answers from it, so code that does use the package
gets the real one.  (The standard library's ``importlib.util.LazyLoader`` cannot do this on
Python 3.11: the import statement itself reads the module's ``__spec__``, which loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


class _Deferred(types.ModuleType):
    """Stands in for a package until one of its attributes is read."""

    def _real(self) -> types.ModuleType:
        current = sys.modules.get(self.__name__)
        if current is None or current is self:
            sys.modules.pop(self.__name__, None)
            current = importlib.import_module(self.__name__)
        return current

    def __getattr__(self, attr: str):  # noqa: ANN204 - whatever the real module holds
        return getattr(self._real(), attr)


def defer(name: str) -> bool:
    """Make ``import name`` cheap for this process until the package is used; False if it is
    already imported or not installed."""
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return False
    sys.modules[name] = _Deferred(name)
    return True
