"""compliance.batch: stable order, the same results in and out of worker processes, and no garbage cycles."""

from __future__ import annotations

import gc
import json

from compliance.assessment import Assessment
from compliance.batch import _init, _one, assess_files, discover
from compliance.rulesets import load_ruleset

from conftest import AS_OF, ROOT

KUKAR = str(ROOT / "fixtures" / "kukar")


def test_assessing_makes_no_reference_cycles() -> None:
    """batch._batch_gc lets the cyclic collector run rarely; that is only sound while a unit's objects are all
    freed by reference counting. A cycle per unit would not leak, but would grow memory between collections."""
    rs = load_ruleset("kukar-pra-penilaian")
    files = discover([KUKAR])
    _init(rs, AS_OF, None, keep=True)
    _one(files[0])  # the first unit compiles the rule set's conditions and plans: long-lived, not garbage
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
