"""Loading rule sets: find one (a shipped id or a file), lint its extends chain, resolve it into one typed RuleSet.

Resolved rule sets are cached while their file is unchanged.
"""

from __future__ import annotations

import os
from functools import lru_cache

from compliance.lint.rulesets import checked_chain
from compliance.load.rulesets import find_ruleset, resolve
from compliance.model.ruleset import RuleSet

__all__ = ["find_ruleset", "load_ruleset"]


def load_ruleset(id_or_path: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set by shipped id or file path, with `extends` resolved. Raises RuleSetError."""
    path = find_ruleset(id_or_path)
    st = os.stat(path)
    return _load_cached(os.path.realpath(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=32)
def _load_cached(path: str, _mtime: int, _size: int) -> RuleSet:
    return resolve(checked_chain(path))
