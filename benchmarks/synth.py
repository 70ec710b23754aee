"""Synthetic evidence: facts that drive each indicator of a rule set towards a chosen level.

Used to generate the sample region (fixtures/make_kukar.py), the benchmark regions and property tests. Works
on the condition language itself (a small constructive solver): it sets facts so that each level's condition
comes out true or false as wanted, and asks the engine's condition evaluator only whether a condition over
facts it has already set still holds. It is best effort and does not check the level that results: where a
condition cannot be met without contradicting facts set for another, the engine concludes a different level
(a few indicators in a hundred, at random levels of the shipped rule sets). Whoever needs the exact level
evaluates the unit with the engine, as the property tests do.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import zipfile
from collections.abc import Callable
from typing import Any

from compliance.engine.conditions import compile_condition
from compliance.engine.logic import Compiled, Evaluator
from compliance.engine.operators import OPERATORS, operator_of
from compliance.model.evidence import Attachment
from compliance.model.ruleset import Condition, Fact, Indicator

ATTACHMENT_EXT = {"pdf": "pdf", "photo": "jpg", "scan": "tif", "document": "docx", "spreadsheet": "xlsx",
                  "other": "bin"}


@functools.cache
def _sample(ext: str) -> bytes:
    """A small file of the format an extension names (the loader checks an attachment's first bytes)."""
    if ext in ("jpg", "tif"):
        from PIL import Image

        buf = io.BytesIO()
        Image.new("L", (4, 4), 128).save(buf, "JPEG" if ext == "jpg" else "TIFF")
        return buf.getvalue()
    if ext in ("docx", "xlsx"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml" if ext == "docx" else "xl/workbook.xml", "<x/>")
        return buf.getvalue()
    return b"%PDF-1.4\n" if ext == "pdf" else b""


def attachment_bytes(path: str) -> bytes:
    """The content of a synthetic attachment: a small file of the format its extension names, then its path (so
    that every file has its own sha256)."""
    return _sample(path.rpartition(".")[2].lower()) + f"{path}\n".encode()


def as_runtime(facts: dict[str, Any]) -> dict[str, Any]:
    """YAML-ready fact values as the evaluator reads them (attachments present and hashed)."""
    return {k: [Attachment.model_validate({**a, "actual_sha256": "0" * 64}) for a in v] if isinstance(v, list)
            else v for k, v in facts.items()}


# id -> (the condition, kept alive; its operator; its closure): worked out once per condition, since a region
# asks the same rule set's conditions again and again.
_LEAVES: dict[int, tuple[Condition, str | None, Compiled]] = {}


def _leaf_of(c: Condition) -> tuple[Condition, str | None, Compiled]:
    found = _LEAVES.get(id(c))
    if found is None or found[0] is not c:
        if len(_LEAVES) >= 4096:
            _LEAVES.clear()
        found = _LEAVES[id(c)] = (c, operator_of(c), compile_condition(c))
    return found


class _Solver:
    def __init__(self, ind: Indicator, as_of: dt.date, rng: random.Random) -> None:
        self.ind = ind
        self.as_of = as_of
        self.rng = rng
        self.facts: dict[str, Any] = {}
        self.fixed: set[str] = set()

    # -- values
    def _date(self, days_before: int) -> str:
        return (self.as_of - dt.timedelta(days=max(0, days_before))).isoformat()

    def _other(self, fact: Fact, value: Any) -> Any:
        if fact.type == "boolean":
            return not value
        if fact.type in ("number", "integer"):
            return value - 1 if (fact.minimum is None or value - 1 >= fact.minimum) else value + 1
        if fact.type == "choice":
            return next((c for c in fact.choices or () if c != value), value)
        if fact.type == "date":
            return self._date((self.as_of - dt.date.fromisoformat(value)).days + 400)
        return f"{value}-lain"

    def _attachment_list(self, name: str, n: int, kinds: tuple[str, ...] | None, max_age: int | None) -> list[Any]:
        kind = (kinds or self.ind.facts[name].kinds or ("pdf",))[0]
        age = (max_age // 2) if max_age is not None else self.rng.randint(10, 200)
        return [{"path": f"lampiran/{self.ind.id}.{name}-{i + 1}.{ATTACHMENT_EXT[kind]}", "kind": kind,
                 "date": self._date(age + i)} for i in range(n)]

    def satisfy(self, cond: Condition, want: bool) -> bool:
        """Set facts so that cond evaluates to `want` (best effort; False if impossible without conflicts)."""
        if cond.all is not None:
            if want:
                return all([self.satisfy(c, True) for c in cond.all])  # noqa: C419 - satisfy every child
            return any(self.satisfy(c, False) for c in cond.all)
        if cond.any is not None:
            if want:
                return any(self.satisfy(c, True) for c in cond.any)
            return all([self.satisfy(c, False) for c in cond.any])  # noqa: C419 - falsify every child
        if cond.not_ is not None:
            return self.satisfy(cond.not_, not want)
        if cond.fact is None:
            return False
        return self._leaf(cond, want)

    def _set(self, name: str, value: Any) -> bool:
        if name in self.fixed:
            return bool(self.facts.get(name) == value)
        self.facts[name] = value
        self.fixed.add(name)
        return True

    def _leaf(self, c: Condition, want: bool) -> bool:
        name = c.fact
        assert name is not None
        fact = self.ind.facts[name]
        _, op, compiled = _leaf_of(c)
        if name in self.fixed:
            return compiled(Evaluator(as_runtime(self.facts), self.ind.facts, self.as_of)).value is want
        if op is None:
            return False
        if fact.type == "attachments" and op != "present":
            return self._attachments(c, name, want)
        return SOLVERS[op](self, c, fact, want)

    # -- one solver per operator of the table (engine.operators): set the fact so the leaf gives `want`
    def _present(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None
        if c.present == want:
            return self._set(c.fact, self._any_value(fact))
        self.fixed.add(c.fact)
        return True

    def _attachments(self, c: Condition, name: str, want: bool) -> bool:
        """Any operator on an attachments fact: min_count (1 by default), kinds and max_age_days together."""
        need = c.min_count if c.min_count is not None else 1
        n = max(need, 1) if want else max(0, need - 1)
        return self._set(name, self._attachment_list(name, n, c.kinds, c.max_age_days))

    def _not_attachments(self, c: Condition, fact: Fact, want: bool) -> bool:
        return False  # min_count on a fact that is not attachments: never true

    def _age(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None and c.max_age_days is not None
        return self._set(c.fact, self._date(c.max_age_days // 2 if want else c.max_age_days + 30))

    def _is(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None
        return self._set(c.fact, c.is_ if want else self._other(fact, c.is_))

    def _is_not(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None
        return self._set(c.fact, self._other(fact, c.is_not) if want else c.is_not)

    def _in(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None and c.in_ is not None
        if want:
            return self._set(c.fact, c.in_[0])
        outside = [x for x in (fact.choices or ()) if x not in c.in_]
        if outside:
            return self._set(c.fact, outside[0])
        if fact.type in ("number", "integer"):
            return self._set(c.fact, max(float(x) for x in c.in_) + 1)
        return self._set(c.fact, "lain")

    def _compare(self, c: Condition, fact: Fact, want: bool) -> bool:
        assert c.fact is not None
        op = _leaf_of(c)[1]
        assert op is not None
        operand = getattr(c, OPERATORS[op].attr)
        if fact.type == "date":
            base = dt.date.fromisoformat(str(operand))
            delta = {"gt": 1, "gte": 0, "lt": -1, "lte": 0}[op] if want else {"gt": 0, "gte": -1, "lt": 0,
                                                                               "lte": 1}[op]
            return self._set(c.fact, (base + dt.timedelta(days=delta)).isoformat())
        sign = {"gt": 1, "gte": 0, "lt": -1, "lte": 0}[op]
        step = 1 if fact.type == "integer" else 0.5
        if want:
            value = operand + sign * step if sign else operand
        else:
            value = {"gt": operand, "gte": operand - step, "lt": operand, "lte": operand + step}[op]
        if fact.type == "integer":
            value = int(value)
        if fact.minimum is not None:
            value = max(value, fact.minimum)
        if fact.maximum is not None:
            value = min(value, fact.maximum)
        return self._set(c.fact, value)

    def _any_value(self, fact: Fact) -> Any:
        return {"boolean": True, "number": 1, "integer": 1, "date": self._date(30), "text": "ada",
                "choice": (fact.choices or ("x",))[0], "attachments": []}[fact.type]


_Solve = Callable[[_Solver, Condition, Fact, bool], bool]
# The solver of each operator (an attachments fact is solved by _Solver._attachments whatever its operator).
SOLVERS: dict[str, _Solve] = {
    "is": _Solver._is, "is_not": _Solver._is_not, "gt": _Solver._compare, "gte": _Solver._compare,
    "lt": _Solver._compare, "lte": _Solver._compare, "in": _Solver._in, "present": _Solver._present,
    "min_count": _Solver._not_attachments, "max_age_days": _Solver._age,
}
assert set(SOLVERS) == set(OPERATORS), "every operator of engine.operators needs a solver"


def facts_for_level(ind: Indicator, level: int, as_of: dt.date, rng: random.Random) -> dict[str, Any]:
    """Facts (YAML-ready values; attachments as {path, kind, date}) aiming at `level` of the indicator."""
    s = _Solver(ind, as_of, rng)
    levels = sorted(ind.levels, key=lambda lv: lv.level)
    for lv in levels[1:]:
        if lv.level <= level and lv.when is not None:
            s.satisfy(lv.when, True)
    nxt = next((lv for lv in levels if lv.level > level), None)
    if nxt is not None and nxt.when is not None:
        s.satisfy(nxt.when, False)
    # Facts no condition touched still get a plausible value, so the file looks filled in.
    for name, fact in ind.facts.items():
        if name not in s.facts and name not in s.fixed:
            if fact.type == "attachments":
                s.facts[name] = s._attachment_list(name, 1, None, None) if level > 0 else []
            elif fact.type == "text":
                s.facts[name] = "Keterangan terlampir"
    return s.facts
