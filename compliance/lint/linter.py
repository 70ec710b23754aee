"""Rule-set lint: schema plus semantic checks, each finding with file:line:col and a JSON path.

Works on the parsed YAML data (not the pydantic models) so that every finding has a position and
the lint path stays light (no pydantic, no report stack): cold start matters in CI and pre-commit.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from compliance.errors import ComplianceError, UnreadableError
from compliance.load import schema
from compliance.load.resources import shipped_ruleset_path
from compliance.load.safe_yaml import Document, Path_, iter_yaml_files, json_path, load_file
from compliance.model.findings import Finding, Location, Severity

DEFAULT_UNIT_KINDS = (
    "dinas", "badan", "kecamatan", "kelurahan", "rsud", "puskesmas",
    "sekretariat", "inspektorat", "kantor", "upt",
)
TEXT_KEYS = {"title", "description", "label", "prompt", "proof", "remediation", "reason", "justification"}
OPERATORS = ("is", "is_not", "gt", "gte", "lt", "lte", "in", "present", "min_count", "max_age_days")
FORMS = ("all", "any", "not", "fact", "indicator")
# Which operators each fact type accepts.
OPERATORS_BY_TYPE: dict[str, set[str]] = {
    "boolean": {"is", "is_not", "present"},
    "number": {"is", "is_not", "gt", "gte", "lt", "lte", "in", "present"},
    "integer": {"is", "is_not", "gt", "gte", "lt", "lte", "in", "present"},
    "date": {"is", "is_not", "gt", "gte", "lt", "lte", "present", "max_age_days"},
    "text": {"is", "is_not", "in", "present"},
    "choice": {"is", "is_not", "in", "present"},
    "attachments": {"min_count", "present", "kinds", "max_age_days"},
}


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or ''."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


@dataclass
class RuleFile:
    """One rule-set file of an extends chain, parsed with positions."""

    path: str
    doc: Document
    schema_ok: bool
    findings: list[Finding] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data  # type: ignore[no-any-return]

    def finding(self, path: Path_, code: str, message: str, severity: Severity = Severity.ERROR,
                *, key: bool = False) -> None:
        line, col = self.doc.position(path, key=key)
        self.findings.append(Finding(Location(self.path, line, col, json_path(path)), code, severity, message))


def resolve_ruleset_ref(near: str, ref: str) -> str | None:
    """The file a rule-set reference names, as written in a file at `near` (`extends:`, a rule test's or an
    evidence file's `ruleset`): a file beside it (`name` or `name.yaml`, relative paths allowed), else a
    shipped rule set; None when neither exists."""
    base = os.path.dirname(near)
    local = os.path.join(base, ref if ref.endswith((".yaml", ".yml")) else f"{ref}.yaml")
    if os.path.isfile(local):
        return local
    shipped = shipped_ruleset_path(ref)
    return str(shipped) if shipped else None


def load_chain(path: str, first: Document | None = None) -> tuple[list[RuleFile], list[Finding], bool]:
    """Parse a rule set and everything it extends (base first).

    Returns the chain, the findings of reading it, and whether it is complete (every extends found, no cycle).
    """
    chain: list[RuleFile] = []
    problems: list[Finding] = []
    broken = False
    seen: list[str] = []
    current: str | None = path
    via: tuple[RuleFile, Path_] | None = None
    while current is not None:
        real = os.path.realpath(current)
        if real in seen:
            names = " -> ".join(os.path.basename(p) for p in [*seen, real])
            # Reported on the file being linted, which is part of the cycle or leads into it.
            chain[0].finding(("extends",), "extends-cycle", f"extends forms a cycle: {names}")
            broken = True
            break
        seen.append(real)
        try:
            doc = first if (first is not None and via is None) else load_file(current, positions=True)
        except ComplianceError as exc:
            if via is None:
                raise
            via[0].finding(via[1], "unreadable-extends", f"the extended rule set cannot be read: {exc}")
            broken = True
            break
        findings = []
        if not isinstance(doc.data, dict):
            findings.append(Finding(Location(current, 1, 1), "schema", Severity.ERROR,
                                    "a rule set must be a YAML mapping"))
            rf = RuleFile(current, doc, False, findings)
        else:
            findings = list(schema.validate(doc, "ruleset.schema.json"))
            rf = RuleFile(current, doc, not findings, findings)
        chain.append(rf)
        if not rf.schema_ok:
            break
        parent = rf.data.get("extends")
        if not parent:
            break
        target = resolve_ruleset_ref(current, parent)
        if target is None:
            rf.finding(("extends",), "unknown-reference",
                       f"extends {parent!r}, which is neither a file next to this one nor a shipped rule set")
            broken = True
            break
        via = (rf, ("extends",))
        current = target
    chain.reverse()
    for rf in chain:
        problems.extend(rf.findings)
    return chain, problems, not broken


# ---------------------------------------------------------------- semantic checks


@dataclass
class _Def:
    kind: str  # dimension | group | indicator | cap
    file: RuleFile
    path: Path_
    data: dict[str, Any]


class _ChainChecker:
    def __init__(self, chain: list[RuleFile]) -> None:
        self.chain = chain
        self.leaf = chain[-1]
        self.defs: dict[str, _Def] = {}
        self.disabled: dict[str, tuple[RuleFile, Path_]] = {}
        kinds = None
        for rf in chain:
            kinds = rf.data["metadata"].get("unit_kinds", kinds)
        self.unit_kinds: tuple[str, ...] = tuple(kinds) if kinds else DEFAULT_UNIT_KINDS

    # -- index
    def _define(self, kind: str, rf: RuleFile, path: Path_, data: dict[str, Any]) -> None:
        ident = data["id"]
        if ident in self.defs:
            prev = self.defs[ident]
            where = os.path.basename(prev.file.path)
            line, _ = prev.file.doc.position(prev.path)
            rf.finding((*path, "id"), "duplicate-id",
                       f"id {ident!r} is already used by {_a(prev.kind)} ({where}:{line})")
            return
        self.defs[ident] = _Def(kind, rf, path, data)

    def _indicators_of(self, rf: RuleFile, path: Path_, items: list[dict[str, Any]]) -> None:
        for i, ind in enumerate(items):
            self._define("indicator", rf, (*path, i), ind)

    def index(self) -> None:
        for rf in self.chain:
            for di, dim in enumerate(rf.data.get("dimensions", [])):
                dp: Path_ = ("dimensions", di)
                self._define("dimension", rf, dp, dim)
                self._indicators_of(rf, (*dp, "indicators"), dim.get("indicators", []))
                for gi, grp in enumerate(dim.get("groups", [])):
                    gp: Path_ = (*dp, "groups", gi)
                    self._define("group", rf, gp, grp)
                    self._indicators_of(rf, (*gp, "indicators"), grp["indicators"])
            for ai, add in enumerate(rf.data.get("tailoring", {}).get("add", [])):
                self._indicators_of(rf, ("tailoring", "add", ai, "indicators"), add["indicators"])
            for ci, cap in enumerate(rf.data.get("caps", [])):
                self._define("cap", rf, ("caps", ci), cap)

    # -- checks
    def run(self) -> None:
        self.index()
        for rf in self.chain:
            self.check_tailoring(rf)
        for rf in self.chain:
            self.check_metadata(rf)
            for ident, d in self.defs.items():
                if d.file is not rf:
                    continue
                if d.kind == "indicator":
                    self.check_indicator(d)
                if d.kind in ("dimension", "group", "indicator"):
                    self.check_applies_to(d)
                if d.kind == "cap":
                    self.check_cap(d, ident)
            self.check_texts(rf, rf.data, ())
        self.check_bands()
        self.check_empty()

    def check_metadata(self, rf: RuleFile) -> None:
        meta = rf.data["metadata"]
        stem = os.path.splitext(os.path.basename(rf.path))[0]
        if meta["id"] != stem:
            rf.finding(("metadata", "id"), "id-mismatch",
                       f"metadata.id {meta['id']!r} must equal the file name stem {stem!r}")
        eff = meta.get("effective")
        if eff and eff.get("until") and eff["until"] < eff["from"]:
            rf.finding(("metadata", "effective", "until"), "effective-period",
                       f"effective.until {eff['until']} is before effective.from {eff['from']}")
        if rf.data.get("tailoring") and not rf.data.get("extends"):
            rf.finding(("tailoring",), "tailoring-without-extends",
                       "tailoring only makes sense in a rule set that extends another one", key=True)

    def check_tailoring(self, rf: RuleFile) -> None:
        tail = rf.data.get("tailoring") or {}
        for ident in tail.get("weights", {}):
            target = self.defs.get(ident)
            if target is None or target.kind == "cap":
                rf.finding(("tailoring", "weights", ident), "unknown-reference",
                           f"weight override for unknown id {ident!r}{did_you_mean(ident, self.defs)}", key=True)
        for i, dis in enumerate(tail.get("disable", [])):
            ident = dis["id"]
            if ident not in self.defs or self.defs[ident].kind == "cap":
                rf.finding(("tailoring", "disable", i, "id"), "unknown-reference",
                           f"cannot disable unknown id {ident!r}{did_you_mean(ident, self.defs)}")
            elif ident in self.disabled:
                rf.finding(("tailoring", "disable", i, "id"), "duplicate-id", f"{ident!r} is disabled twice")
            else:
                self.disabled[ident] = (rf, ("tailoring", "disable", i, "id"))
        for i, add in enumerate(tail.get("add", [])):
            into = add["into"]
            target = self.defs.get(into)
            if target is None:
                rf.finding(("tailoring", "add", i, "into"), "unknown-reference",
                           f"cannot add into unknown id {into!r}{did_you_mean(into, self.defs)}")
            elif target.kind not in ("dimension", "group"):
                rf.finding(("tailoring", "add", i, "into"), "unknown-reference",
                           f"{into!r} is {_a(target.kind)}; indicators can only be added into a dimension or group")

    def check_applies_to(self, d: _Def) -> None:
        for i, kind in enumerate(d.data.get("applies_to", [])):
            if kind not in self.unit_kinds:
                d.file.finding((*d.path, "applies_to", i), "unknown-unit-kind",
                               f"unknown unit kind {kind!r}{did_you_mean(kind, self.unit_kinds)}; "
                               f"declare it in metadata.unit_kinds")

    def check_indicator(self, d: _Def) -> None:
        ind, rf, path = d.data, d.file, d.path
        facts: dict[str, Any] = ind["facts"]
        for name, fact in facts.items():
            fp = (*path, "facts", name)
            if fact["type"] == "choice" and not fact.get("choices"):
                rf.finding(fp, "fact-choices", f"fact {name!r} of type choice needs a list of choices")
            if fact.get("choices") and fact["type"] != "choice":
                rf.finding((*fp, "choices"), "fact-choices", "choices only apply to facts of type choice")
            if fact.get("kinds") and fact["type"] != "attachments":
                rf.finding((*fp, "kinds"), "fact-kinds", "kinds only apply to facts of type attachments")
        levels: list[dict[str, Any]] = ind["levels"]
        numbers = [lv["level"] for lv in levels]
        lp = (*path, "levels")
        if numbers != sorted(set(numbers)):
            rf.finding(lp, "ladder-order",
                       f"levels must be listed in strictly ascending order without repeats, found {numbers}")
        elif numbers[0] != 0:
            rf.finding((*lp, 0, "level"), "ladder-order", f"the bottom level must be 0, found {numbers[0]}")
        if ind.get("scale") == "pass-partial-fail" and not (set(numbers) <= {0, 1, 2} and {0, 2} <= set(numbers)):
            rf.finding(lp, "ladder-order",
                       f"a pass-partial-fail scale has levels 0 (fail), 1 (partial, optional) and 2 (pass), "
                       f"found {numbers}")
        top = max(numbers)
        bottom = min(numbers)
        for i, lv in enumerate(levels):
            p = (*lp, i)
            if lv["level"] == bottom and "when" in lv:
                rf.finding((*p, "when"), "bottom-level-condition",
                           "the bottom level is reached when no other level is; it takes no condition")
            if lv["level"] != bottom and "when" not in lv:
                rf.finding(p, "missing-condition", f"level {lv['level']} has no condition (when)")
            if lv["level"] != top and "remediation" not in lv:
                rf.finding(p, "missing-remediation",
                           f"level {lv['level']} has no remediation text saying how to reach the next level",
                           Severity.WARNING)
            if "when" in lv:
                self.check_condition(rf, (*p, "when"), lv["when"], facts, in_cap=False)

    def check_condition(self, rf: RuleFile, path: Path_, cond: dict[str, Any],
                        facts: dict[str, Any] | None, *, in_cap: bool) -> None:
        forms = [f for f in FORMS if f in cond]
        if len(forms) != 1:
            found = ", ".join(forms) or "none"
            rf.finding(path, "condition-form",
                       f"a condition needs exactly one of all/any/not/fact/indicator, found {found}")
            return
        form = forms[0]
        ops = [k for k in cond if k not in FORMS]
        if form in ("all", "any"):
            if ops:
                rf.finding((*path, ops[0]), "condition-form", f"{ops[0]!r} cannot stand beside {form!r}", key=True)
            for i, sub in enumerate(cond[form]):
                self.check_condition(rf, (*path, form, i), sub, facts, in_cap=in_cap)
            return
        if form == "not":
            if ops:
                rf.finding((*path, ops[0]), "condition-form", f"{ops[0]!r} cannot stand beside 'not'", key=True)
            self.check_condition(rf, (*path, "not"), cond["not"], facts, in_cap=in_cap)
            return
        if form == "indicator":
            self.check_indicator_ref(rf, path, cond, in_cap)
            return
        # fact form
        name = cond["fact"]
        if facts is None:
            rf.finding((*path, "fact"), "condition-form",
                       "a cap's condition reads indicator levels ({indicator: ID, min_level: N}), not facts")
            return
        if name not in facts:
            rf.finding((*path, "fact"), "undeclared-fact",
                       f"fact {name!r} is not declared by this indicator{did_you_mean(name, facts)}")
            return
        ftype = facts[name]["type"]
        if "min_level" in cond:
            rf.finding((*path, "min_level"), "condition-form", "min_level goes with indicator, not fact", key=True)
            return
        main = [o for o in ops if o not in ("kinds",) and not (ftype == "attachments" and o == "max_age_days"
                                                               and "min_count" in ops)]
        if len(main) != 1:
            rf.finding(path, "condition-form",
                       f"a fact condition needs exactly one operator ({', '.join(OPERATORS)}), "
                       f"found {', '.join(main) or 'none'}")
            return
        op = main[0]
        allowed = OPERATORS_BY_TYPE[ftype]
        for o in ops:
            if o not in allowed:
                rf.finding((*path, o), "operator-type", f"operator {o!r} does not apply to a {ftype} fact "
                           f"(allowed: {', '.join(sorted(allowed))})", key=True)
                return
        value = cond[op]
        self.check_operand(rf, (*path, op), op, value, ftype, facts[name])

    def check_operand(self, rf: RuleFile, path: Path_, op: str, value: Any, ftype: str,
                      fact: dict[str, Any]) -> None:
        values = value if op == "in" else [value]
        if op in ("present", "min_count", "max_age_days"):
            return
        for v in values:
            ok = True
            if ftype == "boolean":
                ok = isinstance(v, bool)
            elif ftype in ("number", "integer"):
                ok = isinstance(v, int | float) and not isinstance(v, bool)
            elif ftype == "date":
                ok = isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-"
            elif ftype in ("text", "choice"):
                ok = isinstance(v, str)
                if ok and ftype == "choice" and v not in fact.get("choices", []):
                    rf.finding(path, "operator-type",
                               f"{v!r} is not one of the fact's choices{did_you_mean(v, fact.get('choices', []))}")
                    return
            if not ok:
                rf.finding(path, "operator-type", f"{v!r} cannot be compared with a {ftype} fact")
                return

    def check_indicator_ref(self, rf: RuleFile, path: Path_, cond: dict[str, Any], in_cap: bool) -> None:
        if not in_cap:
            rf.finding((*path, "indicator"), "condition-form",
                       "{indicator: ..., min_level: ...} conditions are only allowed in caps")
            return
        ident = cond["indicator"]
        extra = [k for k in cond if k not in ("indicator", "min_level")]
        if "min_level" not in cond or extra:
            rf.finding(path, "condition-form", "an indicator condition has exactly the keys indicator and min_level")
            return
        target = self.defs.get(ident)
        if target is None or target.kind != "indicator":
            rf.finding((*path, "indicator"), "unknown-reference",
                       f"unknown indicator {ident!r}{did_you_mean(ident, self._indicator_ids())}")
            return
        if ident in self.disabled:
            drf, dpath = self.disabled[ident]
            drf.finding(dpath, "disabled-reference",
                        f"indicator {ident!r} is read by a cap ({os.path.basename(rf.path)}:"
                        f"{rf.doc.position(path)[0]}); disabled, it can no longer bind that cap", Severity.WARNING)
            return
        top = max(lv["level"] for lv in target.data["levels"])
        if cond["min_level"] <= min(lv["level"] for lv in target.data["levels"]):
            rf.finding((*path, "min_level"), "cap-always",
                       f"every unit reaches level {cond['min_level']} of {ident!r}: this test is always true",
                       Severity.WARNING)
        if cond["min_level"] > top:
            rf.finding((*path, "min_level"), "unknown-reference",
                       f"indicator {ident!r} has no level {cond['min_level']} (its top level is {top})")

    def _indicator_ids(self) -> list[str]:
        return [k for k, d in self.defs.items() if d.kind == "indicator"]

    def check_cap(self, d: _Def, ident: str) -> None:
        cap, rf, path = d.data, d.file, d.path
        limits = [k for k in ("max_category", "max_zone") if k in cap]
        if len(limits) != 1:
            rf.finding(path, "cap-limit", f"cap {ident!r} needs exactly one of max_category or max_zone")
        bands = self.bands()
        if "max_category" in cap and bands is not None:
            cats = [b["category"] for b in bands[0]]
            if cap["max_category"] not in cats:
                rf.finding((*path, "max_category"), "unknown-reference",
                           f"category {cap['max_category']!r} is not in the band table ({', '.join(cats)})")
        self.check_condition(rf, (*path, "when"), cap["when"], None, in_cap=True)

    def bands(self) -> tuple[list[dict[str, Any]], RuleFile] | None:
        for rf in reversed(self.chain):
            if "bands" in rf.data:
                return rf.data["bands"], rf
        return None

    def check_bands(self) -> None:
        found = self.bands()
        if found is None:
            self.chain[0].finding((), "missing-bands", "the rule set has no band table (bands)")
            return
        bands, rf = found
        cats: set[str] = set()
        for i, b in enumerate(bands):
            if b["category"] in cats:
                rf.finding(("bands", i, "category"), "duplicate-id", f"category {b['category']!r} appears twice")
            cats.add(b["category"])
            if b["min"] > b["max"]:
                rf.finding(("bands", i), "band-order", f"band {b['category']}: min {b['min']} is above max {b['max']}")
        mins = [b["min"] for b in bands]
        if mins != sorted(mins, reverse=True):
            rf.finding(("bands",), "band-order", "bands must be listed from the best (highest) to the lowest")
            return
        cents = [(round(b["min"] * 100), round(b["max"] * 100)) for b in bands]
        if cents[0][1] != 10000:
            rf.finding(("bands", 0, "max"), "band-coverage", f"the top band must reach 100, found {bands[0]['max']}")
        if cents[-1][0] != 0:
            rf.finding(("bands", len(bands) - 1, "min"), "band-coverage",
                       f"the lowest band must start at 0, found {bands[-1]['min']}")
        for i in range(1, len(bands)):
            upper_min = cents[i - 1][0]
            lower_max = cents[i][1]
            if lower_max + 1 < upper_min:
                rf.finding(("bands", i, "max"), "band-gap",
                           f"gap between band {bands[i]['category']} (max {bands[i]['max']}) and band "
                           f"{bands[i - 1]['category']} (min {bands[i - 1]['min']}): scores in between fall nowhere")
            elif lower_max + 1 > upper_min:
                rf.finding(("bands", i, "max"), "band-overlap",
                           f"band {bands[i]['category']} (max {bands[i]['max']}) overlaps band "
                           f"{bands[i - 1]['category']} (min {bands[i - 1]['min']})")
        order = {"green": 0, "yellow": 1, "red": 2}
        zones = [order[b["zone"]] for b in bands]
        if zones != sorted(zones):
            rf.finding(("bands",), "zone-order", "zones should go green, yellow, red from the best band down",
                       Severity.WARNING)

    def check_empty(self) -> None:
        live: dict[str, int] = {}
        for ident, d in self.defs.items():
            if d.kind in ("dimension", "group"):
                live.setdefault(ident, 0)
        for rf in self.chain:
            for dim in rf.data.get("dimensions", []):
                for ind in dim.get("indicators", []):
                    if ind["id"] not in self.disabled and dim["id"] not in self.disabled:
                        live[dim["id"]] += 1
                for grp in dim.get("groups", []):
                    for ind in grp["indicators"]:
                        if ind["id"] not in self.disabled and grp["id"] not in self.disabled:
                            live[dim["id"]] += 1
                            live[grp["id"]] += 1
            for add in rf.data.get("tailoring", {}).get("add", []):
                target = self.defs.get(add["into"])
                if target is None:
                    continue
                live[add["into"]] = live.get(add["into"], 0) + len(add["indicators"])
                if target.kind == "group":
                    for dim_id, d in self.defs.items():
                        if d.kind == "dimension" and any(g["id"] == add["into"] for g in d.data.get("groups", [])):
                            live[dim_id] += len(add["indicators"])
        for ident, n in live.items():
            d = self.defs[ident]
            if n == 0 and ident not in self.disabled:
                d.file.finding(d.path, "empty-node", f"{d.kind} {ident!r} has no enabled indicators",
                               Severity.WARNING)

    def check_texts(self, rf: RuleFile, node: Any, path: Path_) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in TEXT_KEYS and isinstance(v, dict) and "id" in v and "en" not in v:
                    rf.finding((*path, k), "missing-translation", f"{k} has no English text (en)", Severity.WARNING)
                elif k != "facts" or not isinstance(v, dict):
                    self.check_texts(rf, v, (*path, k))
                else:
                    for name, fact in v.items():
                        self.check_texts(rf, fact, (*path, k, name))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self.check_texts(rf, v, (*path, i))


def lint_ruleset(path: str, doc: Document | None = None) -> tuple[list[RuleFile], list[Finding]]:
    """Lint a rule-set file and its extends chain; returns the chain and all findings (sorted, unique)."""
    chain, findings, complete = load_chain(path, doc)
    own = os.path.realpath(path)
    leaf = chain[-1] if chain else None
    if leaf is not None and os.path.realpath(leaf.path) == own:
        for rf in chain[:-1]:
            errors = [f for f in rf.findings if f.severity >= Severity.ERROR]
            if errors:
                first = errors[0]
                leaf.finding(("extends",), "invalid-extends",
                             f"the extended rule set {os.path.basename(rf.path)} has {len(errors)} error(s), first "
                             f"at line {first.location.line}: {first.message}")
                findings.append(leaf.findings[-1])
                complete = False
                break
    if complete and chain and all(rf.schema_ok for rf in chain):
        for rf in chain:
            rf.findings.clear()
        checker = _ChainChecker(chain)
        checker.run()
        findings = findings + [f for rf in chain for f in rf.findings]
    # Findings in parent files are reported once, when the parent itself is linted.
    findings = [f for f in findings if os.path.realpath(f.location.file) == own]
    return chain, sorted(set(findings))


# ---------------------------------------------------------------- dispatch over files

Linter = Callable[[str, Document], list[Finding]]


def _kind_of(doc: Document) -> str | None:
    data = doc.data
    return data.get("kind") if isinstance(data, dict) and isinstance(data.get("kind"), str) else None


def _lint_evidence(path: str, doc: Document) -> list[Finding]:
    from compliance.lint.evidence import lint_evidence

    return lint_evidence(path, doc)


def _lint_ruletest(path: str, doc: Document) -> list[Finding]:
    return list(schema.validate(doc, "ruletest.schema.json"))


def _lint_fragment(path: str, doc: Document) -> list[Finding]:
    return list(schema.validate(doc, "fragment.schema.json"))


KIND_LINTERS: dict[str, Linter] = {
    "Evidence": _lint_evidence,
    "EvidenceFragment": _lint_fragment,
    "RuleTest": _lint_ruletest,
}


def lint_paths(paths: list[str]) -> Iterator[tuple[str, list[Finding]]]:
    """Lint files and folders; yields (file, findings) per YAML file, dispatching on `kind`."""
    for path in iter_yaml_files(paths):
        try:
            doc = load_file(path, positions=True)
        except ComplianceError as exc:
            code = "unreadable" if isinstance(exc, UnreadableError) else "syntax"
            yield path, [Finding(Location(path, exc.line, exc.column), code, Severity.ERROR, exc.message)]
            continue
        kind = _kind_of(doc)
        if kind == "RuleSet":
            try:
                _, findings = lint_ruleset(path, doc)
            except ComplianceError as exc:
                findings = [Finding(Location(path, exc.line, exc.column), "syntax", Severity.ERROR, exc.message)]
            yield path, findings
        elif kind in KIND_LINTERS:
            yield path, sorted(set(KIND_LINTERS[kind](path, doc)))
        else:
            known = ", ".join(["RuleSet", *KIND_LINTERS])
            line, col = doc.position(("kind",)) if kind else (1, 1)
            msg = (f"unknown kind {kind!r}{did_you_mean(kind, ['RuleSet', *KIND_LINTERS])}; expected one of: {known}"
                   if kind
                   else f"not a compliance file: no 'kind' ({known})")
            yield path, [Finding(Location(path, line, col, "$.kind"), "unknown-kind", Severity.ERROR, msg)]
