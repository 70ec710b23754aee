"""Write a synthetic region of N evidence files for a rule set (deterministic), for the benchmarks.

Units are spread over folders of 100; the units of one folder share its attachment files (the same names),
so that a 10,000-unit region needs about 15,000 small files rather than a million.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from compliance.catalog import load_ruleset  # noqa: E402

from synth import attachment_bytes, facts_for_level  # noqa: E402

KINDS = ["dinas", "badan", "kecamatan", "puskesmas", "rsud", "kelurahan"]


def write_region(out: Path, ruleset_id: str, n: int, as_of: dt.date, *, per_folder: int = 100) -> list[Path]:
    rs = load_ruleset(ruleset_id)
    indicators = [i for _, _, i in rs.indicators()]
    files = []
    for k in range(n):
        folder = out / f"batch-{k // per_folder:04d}"
        rng = random.Random(k)
        quality = rng.random()
        facts: dict[str, dict[str, object]] = {}
        for ind in indicators:
            if rng.random() < 0.05:
                continue  # a few unknowns
            level = max(0, min(ind.max_level, round(quality * ind.max_level + rng.choice([-1, 0, 1]))))
            values = facts_for_level(ind, level, as_of, rng)
            for value in values.values():
                if isinstance(value, list):
                    for att in value:
                        target = folder / att["path"]
                        if not target.exists():
                            target.parent.mkdir(parents=True, exist_ok=True)
                            target.write_bytes(attachment_bytes(att["path"]))
                        att["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
            facts[ind.id] = {"facts": values}
        doc = {"apiVersion": "compliance/v1", "kind": "Evidence",
               "unit": {"id": f"unit-{k:05d}", "name": f"Unit Sintetis {k}", "kind": rng.choice(KINDS),
                        "region": "Kabupaten Sintetis"},
               "ruleset": {"id": rs.id, "version": rs.version}, "indicators": facts}
        path = folder / f"unit-{k:05d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        files.append(path)
    return files
