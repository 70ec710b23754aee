"""compliance.run.batch: stable order, the same results in and out of worker processes, and no garbage cycles."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from compliance.catalog import load_ruleset
from compliance.model.assessment import Assessment
from compliance.model.ruleset import RuleSet
from compliance.run.batch import _init, _one, assess_files, discover

from conftest import AS_OF, ROOT

KUKAR = str(ROOT / "fixtures" / "kukar")


def test_assessing_makes_no_reference_cycles() -> None:
    """batch._batch_gc lets the cyclic collector run rarely; that is only sound while a unit's objects are all
    freed by reference counting. A cycle per unit would not leak, but would grow memory between collections."""
    rs = load_ruleset("kukar-pra-penilaian")
    files = discover([KUKAR])
    _init(rs, AS_OF, None, keep=True)  # compiles the rule set's conditions
    _one(files[0])  # the first unit makes its plans and actions: long-lived, not garbage
    gc.collect()
    gc.disable()
    try:
        outcomes = [_one(f) for f in files]
        assert all(o.ok for o in outcomes)
        del outcomes
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_collector_settings_are_restored_and_results_kept() -> None:
    rs = load_ruleset("kukar-pra-penilaian")
    files = discover([KUKAR])
    before = gc.get_threshold()
    out = list(assess_files(rs, files, as_of=AS_OF, jobs=1))
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    assert [o.file for o in out] == files
    assert all(isinstance(o.assessment, Assessment) for o in out)


def test_one_and_two_workers_give_the_same_json() -> None:
    rs = load_ruleset("kukar-pra-penilaian")
    files = discover([KUKAR])

    def task(a: Assessment) -> str:
        return a.model_dump_json()

    one = [o.payload for o in assess_files(rs, files, as_of=AS_OF, jobs=1, task=task, keep=False)]
    two = [o.payload for o in assess_files(rs, files, as_of=AS_OF, jobs=2, task=task, keep=False)]
    assert one == two and len(one) == len(files)
    assert all(json.loads(p)["format"] == 1 for p in one)


def test_a_used_rule_set_pickles_for_spawned_workers() -> None:
    """Where workers are spawned (macOS, Windows) the compiled rule set is pickled to them, possibly after the
    parent evaluated with it: it travels as its RuleSet (closures do not pickle) and compiles again."""
    import pickle

    from compliance.engine.compiled import CompiledRuleSet, compile_ruleset
    from compliance.engine.evaluate import evaluate
    from compliance.load.evidence import load_evidence

    rs = load_ruleset("kukar-pra-penilaian")
    ev = load_evidence(discover([KUKAR])[0])
    before = evaluate(rs, ev, as_of=AS_OF)
    assert evaluate(pickle.loads(pickle.dumps(rs)), ev, as_of=AS_OF) == before
    again = pickle.loads(pickle.dumps(compile_ruleset(rs)))
    assert isinstance(again, CompiledRuleSet) and again is not compile_ruleset(rs)
    assert evaluate(again, ev, as_of=AS_OF) == before


def test_a_batch_compiles_its_rule_set_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from compliance.engine import compiled

    made: list[RuleSet] = []
    real = compiled.CompiledRuleSet.__init__

    def counting(self: compiled.CompiledRuleSet, ruleset: RuleSet) -> None:
        made.append(ruleset)
        real(self, ruleset)

    monkeypatch.setattr(compiled.CompiledRuleSet, "__init__", counting)
    rs = load_ruleset("kukar-pra-penilaian").model_copy()  # not compiled yet by any other test
    files = discover([KUKAR])
    assert all(o.ok for o in assess_files(rs, files, as_of=AS_OF, jobs=1))
    assert len(made) == 1 and made[0] is rs


def test_spawned_workers_give_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    import compliance.run.batch as batch

    rs = load_ruleset("kukar-pra-penilaian")
    files = discover([KUKAR])[:4]
    one = [o.assessment for o in assess_files(rs, files, as_of=AS_OF, jobs=1)]
    asked: list[str | None] = []
    real_get_context = multiprocessing.get_context

    def get_context(method: str | None = None) -> Any:
        asked.append(method)
        return real_get_context(method)

    monkeypatch.setattr(batch.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(batch.multiprocessing, "get_context", get_context)
    two = [o.assessment for o in assess_files(rs, files, as_of=AS_OF, jobs=2)]
    assert asked == ["spawn"]  # the workers really were spawned, the rule set and the task pickled to them
    assert one == two and all(a is not None for a in two)


def test_assess_tasks_pickle() -> None:
    """The tasks `assess` hands to workers must survive pickling (spawned workers receive them that way)."""
    import pickle

    from compliance.cli import assess

    for task in (assess._TextTask("id"), assess._json_task, assess._CsvTask(["a"])):
        again = pickle.loads(pickle.dumps(task))
        assert type(again) is type(task) and getattr(again, "takes_data", False) == getattr(task, "takes_data", False)
