"""Derived facts (`derives_from`): the source rule set exists, every source and target fact exists, the transform
fits both facts' types, and no rule set derives facts from itself.

Only the linted file's own entries are checked (an extended file's are checked when it is linted). The source
rule set is read with its extends chain, like `extends`; its own errors are its lint's business.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

from compliance.lint.context import Context, a_, where
from compliance.load.rulesets import RuleFile, did_you_mean, load_chain, resolve_ruleset_ref
from compliance.load.safe_yaml import KeyPath
from compliance.model.findings import Finding

CODES = {
    "derivation-source": "derives_from names a rule set that cannot be found or read, or a source indicator, "
                         "fact or unit kind that rule set does not have",
    "derivation-target": "derives_from maps a target indicator, fact or unit kind that this rule set does not have",
    "derivation-type": "a derived fact's transform does not fit the source or target fact's type (a copy between "
                       "different types, a threshold on a non-number, min_count on non-attachments, a map key "
                       "the source cannot hold or a value the target cannot)",
    "derivation-cycle": "a rule set derives facts from itself, from a rule set it extends, or from one that "
                        "extends it (and would inherit the derivation from itself)",
    "duplicate-id": "a source rule set named twice in derives_from",
}

THRESHOLDS = ("gte", "gt", "lte", "lt")
NUMERIC = ("integer", "number")


def _facts_of(chain: list[RuleFile]) -> dict[str, dict[str, Any]]:
    """indicator id -> its facts (data), over an extends chain."""
    sub = Context(chain)
    return {ident: node.data["facts"] for ident, node in sub.nodes("indicator")}


def _key_problem(key: str, src: dict[str, Any]) -> str | None:
    t = src["type"]
    if t == "boolean" and key not in ("true", "false"):
        return f"map key {key!r} is not a value of a boolean fact (true or false)"
    if t == "choice" and key not in (src.get("choices") or ()):
        return f"map key {key!r} is not one of the source fact's choices"
    if t in NUMERIC:
        try:
            float(key)
        except ValueError:
            return f"map key {key!r} is not a number, as the source fact is"
    return None


def _value_problem(value: Any, dst: dict[str, Any]) -> str | None:
    """Why a constant cannot be a value of the target fact, or None."""
    t = dst["type"]
    ok = {
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "text": isinstance(value, str),
        "choice": isinstance(value, str) and value in (dst.get("choices") or ()),
        "date": isinstance(value, str) and _is_date(value),
        "attachments": False,
    }[t]
    return None if ok else f"map value {value!r} is not a value of the target fact (type {t})"


def _is_date(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def type_problem(fm: dict[str, Any], src: dict[str, Any], dst: dict[str, Any]) -> str | None:
    """Why the transform of `fm` does not fit source fact `src` and target fact `dst` (their data), or None."""
    s, t = src["type"], dst["type"]
    op = next((k for k in (*THRESHOLDS, "min_count", "map") if k in fm), None)
    if op is None:
        if s == t or (s == "integer" and t == "number"):
            if s == "choice":
                extra = [c for c in src.get("choices") or () if c not in (dst.get("choices") or ())]
                if extra:
                    return f"source choices {', '.join(extra)} are not choices of the target fact; use a map"
            return None
        return f"copies {a_(s)} fact into {a_(t)} fact"
    if op in THRESHOLDS or op == "min_count":
        wanted = ("integer", "number") if op in THRESHOLDS else ("attachments",)
        if s not in wanted:
            return f"{op} needs a source fact of type {' or '.join(wanted)}, not {s}"
        return None if t == "boolean" else f"{op} gives true or false, but the target fact is of type {t}"
    if s in ("attachments", "date"):
        return f"a map cannot translate {a_(s)} fact"
    for key, value in fm["map"].items():
        problem = _key_problem(key, src) or _value_problem(value, dst)
        if problem:
            return problem
    return None


def _lineage_ids(chain: list[RuleFile]) -> set[str]:
    return {rf.data["metadata"]["id"] for rf in chain}


def check(ctx: Context) -> Iterator[Finding]:
    rf = ctx.chain[-1]
    own = _lineage_ids(ctx.chain)
    paths = {os.path.realpath(x.path) for x in ctx.chain}
    seen: dict[str, KeyPath] = {}
    for di, der in enumerate(rf.data.get("derives_from", [])):
        base: KeyPath = ("derives_from", di)
        name = der["ruleset"]
        if name in seen:
            yield rf.at((*base, "ruleset"), "duplicate-id",
                        f"derives_from names {name!r} twice (first at {where(rf, seen[name])}); merge the two")
            continue
        seen[name] = (*base, "ruleset")
        if name in own:
            yield rf.at((*base, "ruleset"), "derivation-cycle",
                        f"derives facts from {name!r}, which is this rule set or one it extends: its evidence is "
                        "read as it is")
            continue
        found = resolve_ruleset_ref(rf.path, name)
        if found is None:
            yield rf.at((*base, "ruleset"), "derivation-source",
                        f"derives_from {name!r}, which is neither a file next to this one nor a shipped rule set")
            continue
        try:
            chain, _, complete = load_chain(found)
        except Exception as exc:  # unreadable: any reading error of the other file, told in one line
            yield rf.at((*base, "ruleset"), "derivation-source", f"the rule set {name!r} cannot be read: {exc}")
            continue
        if not complete or not all(x.schema_ok for x in chain):
            yield rf.at((*base, "ruleset"), "derivation-source",
                        f"the rule set {name!r} has errors of its own (lint it first)")
            continue
        if any(os.path.realpath(x.path) in paths for x in chain):
            yield rf.at((*base, "ruleset"), "derivation-cycle",
                        f"{name!r} extends this rule set, so it would inherit a derivation from itself")
            continue
        yield from _check_kinds(ctx, rf, base, name, Context(chain).unit_kinds, der.get("unit_kinds", {}))
        yield from _check_facts(ctx, rf, base, name, _facts_of(chain), der["facts"])


def _check_kinds(ctx: Context, rf: RuleFile, base: KeyPath, name: str, source_kinds: tuple[str, ...],
                 kinds: dict[str, str]) -> Iterator[Finding]:
    for src, dst in kinds.items():
        kp: KeyPath = (*base, "unit_kinds", src)
        if src not in source_kinds:
            yield rf.at(kp, "derivation-source", f"{src!r} is not a unit kind of {name!r}"
                        f"{did_you_mean(src, source_kinds)}", key=True)
        if dst not in ctx.unit_kinds:
            yield rf.at(kp, "derivation-target", f"{dst!r} is not a unit kind of this rule set"
                        f"{did_you_mean(dst, ctx.unit_kinds)}")


def _check_facts(ctx: Context, rf: RuleFile, base: KeyPath, name: str, source: dict[str, dict[str, Any]],
                 facts: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    for ind, maps in facts.items():
        ip: KeyPath = (*base, "facts", ind)
        node = ctx.defs.get(ind)
        if node is None or node.kind != "indicator":
            yield rf.at(ip, "derivation-target",
                        f"{ind!r} is not an indicator of this rule set{did_you_mean(ind, ctx.indicator_ids())}",
                        key=True)
            continue
        for fact, fm in maps.items():
            fp: KeyPath = (*ip, fact)
            dst = node.data["facts"].get(fact)
            if dst is None:
                yield rf.at(fp, "derivation-target", f"indicator {ind!r} has no fact {fact!r}"
                            f"{did_you_mean(fact, node.data['facts'])}", key=True)
                continue
            src_ind, _, src_fact = fm["from"].rpartition(".")
            if src_ind not in source:
                yield rf.at((*fp, "from"), "derivation-source", f"{name!r} has no indicator {src_ind!r}"
                            f"{did_you_mean(src_ind, source)}")
                continue
            src = source[src_ind].get(src_fact)
            if src is None:
                yield rf.at((*fp, "from"), "derivation-source", f"indicator {src_ind!r} of {name!r} has no fact "
                            f"{src_fact!r}{did_you_mean(src_fact, source[src_ind])}")
                continue
            problem = type_problem(fm, src, dst)
            if problem:
                yield rf.at(fp, "derivation-type", f"{ind}.{fact} from {fm['from']}: {problem}")
