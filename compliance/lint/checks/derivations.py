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

from compliance.errors import ComplianceError
from compliance.lint.context import Context, where
from compliance.load.rulesets import RuleFile, did_you_mean, load_chain, resolve_ruleset_ref
from compliance.load.safe_yaml import KeyPath
from compliance.messages import Msg
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


def _key_problem(key: str, src: dict[str, Any]) -> Msg | None:
    t = src["type"]
    if t == "boolean" and key not in ("true", "false"):
        return Msg("kunci map {k!r} bukan nilai data boolean (true atau false)",
                   "map key {k!r} is not a value of a boolean fact (true or false)", k=key)
    if t == "choice" and key not in (src.get("choices") or ()):
        return Msg("kunci map {k!r} bukan salah satu pilihan data sumber",
                   "map key {k!r} is not one of the source fact's choices", k=key)
    if t in NUMERIC:
        try:
            float(key)
        except ValueError:
            return Msg("kunci map {k!r} bukan angka, padahal data sumbernya angka",
                       "map key {k!r} is not a number, as the source fact is", k=key)
    return None


def _value_problem(value: Any, dst: dict[str, Any]) -> Msg | None:
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
    return None if ok else Msg("nilai map {v!r} bukan nilai data tujuan (tipe {t})",
                               "map value {v!r} is not a value of the target fact (type {t})", v=value, t=t)


def _article(type_: str) -> str:
    """'a boolean', 'an integer'."""
    return ("an " if type_[:1] in "aeiou" else "a ") + type_


def _is_date(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def type_problem(fm: dict[str, Any], src: dict[str, Any], dst: dict[str, Any]) -> Msg | None:
    """Why the transform of `fm` does not fit source fact `src` and target fact `dst` (their data), or None."""
    s, t = src["type"], dst["type"]
    op = next((k for k in (*THRESHOLDS, "min_count", "map") if k in fm), None)
    if op is None:
        if s == t or (s == "integer" and t == "number"):
            if s == "choice":
                extra = [c for c in src.get("choices") or () if c not in (dst.get("choices") or ())]
                if extra:
                    return Msg("pilihan sumber {c} bukan pilihan data tujuan; pakai map",
                               "source choices {c} are not choices of the target fact; use a map",
                               c=", ".join(extra))
            return None
        return Msg("menyalin data bertipe {s} ke data bertipe {t}", "copies {a_s} fact into {a_t} fact", s=s, t=t,
                   a_s=_article(s), a_t=_article(t))
    if op in THRESHOLDS or op == "min_count":
        wanted = ("integer", "number") if op in THRESHOLDS else ("attachments",)
        if s not in wanted:
            return Msg("{op} memerlukan data sumber bertipe {w}, bukan {s}",
                       "{op} needs a source fact of type {w_en}, not {s}", op=op, w=" atau ".join(wanted),
                       w_en=" or ".join(wanted), s=s)
        return None if t == "boolean" else Msg("{op} menghasilkan true atau false, tetapi data tujuan bertipe {t}",
                                               "{op} gives true or false, but the target fact is of type {t}",
                                               op=op, t=t)
    if s in ("attachments", "date"):
        return Msg("map tidak dapat menerjemahkan data bertipe {s}", "a map cannot translate {a_s} fact", s=s,
                   a_s=_article(s))
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
                        Msg("derives_from menyebut {n!r} dua kali (pertama di {at}); gabungkan keduanya",
                            "derives_from names {n!r} twice (first at {at}); merge the two", n=name,
                            at=where(rf, seen[name])))
            continue
        seen[name] = (*base, "ruleset")
        if name in own:
            yield rf.at((*base, "ruleset"), "derivation-cycle",
                        Msg("mengambil data dari {n!r}, yaitu perangkat aturan ini atau yang diperluasnya: buktinya "
                            "dibaca apa adanya", "derives facts from {n!r}, which is this rule set or one it "
                            "extends: its evidence is read as it is", n=name))
            continue
        found = resolve_ruleset_ref(rf.path, name)
        if found is None:
            yield rf.at((*base, "ruleset"), "derivation-source",
                        Msg("derives_from {n!r}, yang bukan berkas di samping berkas ini dan bukan perangkat aturan "
                            "bawaan", "derives_from {n!r}, which is neither a file next to this one nor a shipped "
                            "rule set", n=name))
            continue
        try:
            chain, _, complete = load_chain(found)
        except Exception as exc:  # unreadable: any reading error of the other file, told in one line
            yield rf.at((*base, "ruleset"), "derivation-source", Msg(
                "perangkat aturan {n!r} tidak dapat dibaca: {e}", "the rule set {n!r} cannot be read: {e}", n=name,
                e=exc.located() if isinstance(exc, ComplianceError) else str(exc)))
            continue
        if not complete or not all(x.schema_ok for x in chain):
            yield rf.at((*base, "ruleset"), "derivation-source",
                        Msg("perangkat aturan {n!r} memiliki kesalahan sendiri (periksa dulu dengan lint)",
                            "the rule set {n!r} has errors of its own (lint it first)", n=name))
            continue
        if any(os.path.realpath(x.path) in paths for x in chain):
            yield rf.at((*base, "ruleset"), "derivation-cycle",
                        Msg("{n!r} memperluas perangkat aturan ini, sehingga akan mewarisi turunan dari dirinya "
                            "sendiri",
                            "{n!r} extends this rule set, so it would inherit a derivation from itself", n=name))
            continue
        yield from _check_kinds(ctx, rf, base, name, Context(chain).unit_kinds, der.get("unit_kinds", {}))
        yield from _check_facts(ctx, rf, base, name, _facts_of(chain), der["facts"])


def _check_kinds(ctx: Context, rf: RuleFile, base: KeyPath, name: str, source_kinds: tuple[str, ...],
                 kinds: dict[str, str]) -> Iterator[Finding]:
    for src, dst in kinds.items():
        kp: KeyPath = (*base, "unit_kinds", src)
        if src not in source_kinds:
            yield rf.at(kp, "derivation-source", Msg("{k!r} bukan jenis unit {n!r}{dym}",
                                                     "{k!r} is not a unit kind of {n!r}{dym}", k=src, n=name,
                                                     dym=did_you_mean(src, source_kinds)), key=True)
        if dst not in ctx.unit_kinds:
            yield rf.at(kp, "derivation-target", Msg("{k!r} bukan jenis unit perangkat aturan ini{dym}",
                                                     "{k!r} is not a unit kind of this rule set{dym}", k=dst,
                                                     dym=did_you_mean(dst, ctx.unit_kinds)))


def _check_facts(ctx: Context, rf: RuleFile, base: KeyPath, name: str, source: dict[str, dict[str, Any]],
                 facts: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    for ind, maps in facts.items():
        ip: KeyPath = (*base, "facts", ind)
        node = ctx.defs.get(ind)
        if node is None or node.kind != "indicator":
            yield rf.at(ip, "derivation-target",
                        Msg("{i!r} bukan indikator perangkat aturan ini{dym}",
                            "{i!r} is not an indicator of this rule set{dym}", i=ind,
                            dym=did_you_mean(ind, ctx.indicator_ids())), key=True)
            continue
        for fact, fm in maps.items():
            fp: KeyPath = (*ip, fact)
            dst = node.data["facts"].get(fact)
            if dst is None:
                yield rf.at(fp, "derivation-target", Msg("indikator {i!r} tidak memiliki data {f!r}{dym}",
                                                         "indicator {i!r} has no fact {f!r}{dym}", i=ind, f=fact,
                                                         dym=did_you_mean(fact, node.data["facts"])), key=True)
                continue
            src_ind, _, src_fact = fm["from"].rpartition(".")
            if src_ind not in source:
                yield rf.at((*fp, "from"), "derivation-source", Msg(
                    "{n!r} tidak memiliki indikator {i!r}{dym}", "{n!r} has no indicator {i!r}{dym}", n=name,
                    i=src_ind, dym=did_you_mean(src_ind, source)))
                continue
            src = source[src_ind].get(src_fact)
            if src is None:
                yield rf.at((*fp, "from"), "derivation-source", Msg(
                    "indikator {i!r} dari {n!r} tidak memiliki data {f!r}{dym}",
                    "indicator {i!r} of {n!r} has no fact {f!r}{dym}", i=src_ind, n=name, f=src_fact,
                    dym=did_you_mean(src_fact, source[src_ind])))
                continue
            problem = type_problem(fm, src, dst)
            if problem:
                yield rf.at(fp, "derivation-type", Msg("{i}.{f} dari {src}: {p}", "{i}.{f} from {src}: {p}", i=ind,
                                                       f=fact, src=fm["from"], p=problem))
