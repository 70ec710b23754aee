"""The repository stands alone: nothing cites a file outside it, and the documentation's links and citations resolve.

- No tracked file names a path on a development machine or a reference kept outside the repository.
- Relative paths in rule files, `$schema` comments and markdown links resolve to files inside the repository.
- `docs/X.md#anchor` citations (rule-set headers, code comments, docs) name a heading that exists.
- Every source id `S<n>` that a rule set or docs/methods.md cites is in the source table of docs/methods.md, with
  the same address the rule set gives.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

THIS = Path(__file__).resolve()
METHODS = ROOT / "docs" / "methods.md"

# Paths that only exist on a development machine, and the external reference the project was built from.
OUTSIDE = re.compile(r"methodology\.md|shared/reference|/work/|/home/|/Users/", re.IGNORECASE)
_SKIP_DIRS = {".git", ".venv", "out", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache",
              ".pytest_cache", ".hypothesis", "actual"}


def _tracked_files() -> list[Path]:
    """The repository's files: tracked or new but not ignored (git ls-files), or, outside a git checkout, the tree."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, check=True).stdout
        files = [ROOT / name for name in out.decode("utf-8").split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*") if not _SKIP_DIRS.intersection(p.relative_to(ROOT).parts)]
    return sorted(p for p in files if p.is_file() and not p.is_symlink())


def _text(path: Path) -> str | None:
    """The file's text, or None for a binary (non-UTF-8 or NUL-holding) file."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _inside_repo(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


# --- markdown helpers ----------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (word characters, '-' and spaces kept),
    spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The heading anchors of a markdown file, with GitHub's -1, -2 … suffixes for repeated headings."""
    seen: dict[str, int] = {}
    result: set[str] = set()
    for _, line in _prose_lines(path.read_text(encoding="utf-8")):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = github_slug(match.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def test_github_slug_matches_the_tables_of_contents() -> None:
    assert github_slug("12. Checking your work: `compliance lint`") == "12-checking-your-work-compliance-lint"
    assert github_slug("Sample size (Krejcie & Morgan)") == "sample-size-krejcie--morgan"
    assert github_slug("PermenPANRB 16/2014") == "permenpanrb-162014"
    assert github_slug("`ombudsman-2023`") == "ombudsman-2023"


# --- nothing outside the repository --------------------------------------------------------------------------

def test_no_tracked_file_cites_a_path_outside_the_repository() -> None:
    offenders = []
    for path in _tracked_files():
        if path.resolve() == THIS:
            continue
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{_rel(path)}:{number}: {line.strip()[:120]}")
    assert not offenders, "files cite paths outside the repository:\n" + "\n".join(offenders)


def test_outside_pattern_catches_what_it_should() -> None:
    for cited in ("see methodology.md §4", "/work/shared/reference/x.md", "../shared/reference", "/home/dev/x"):
        assert OUTSIDE.search(cited), cited
    for fine in ("docs/methods.md#sources", "rules/schema/ruleset.schema.json", "https://ombudsman.go.id/"):
        assert not OUTSIDE.search(fine), fine


_SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)", re.M)
_DOTDOT = re.compile(r"(?<![\w./])((?:\.\./)+[\w.\-/]*)")


def test_rule_files_relative_paths_resolve_inside_the_repository() -> None:
    problems = []
    checked = 0
    for path in _tracked_files():
        if path.suffix not in {".yaml", ".yml"}:
            continue
        text = _text(path) or ""
        targets = _SCHEMA_COMMENT.findall(text)
        if _rel(path).startswith("rules/"):
            targets += _DOTDOT.findall(text)
        for target in targets:
            if "://" in target:
                continue
            checked += 1
            resolved = (path.parent / target).resolve()
            if not _inside_repo(resolved):
                problems.append(f"{_rel(path)}: {target} leaves the repository")
            elif not resolved.exists():
                problems.append(f"{_rel(path)}: {target} does not exist")
    assert checked > 10  # the shipped rule sets, their tests and the fixtures all carry $schema comments
    assert not problems, "\n".join(problems)


# --- markdown links and doc citations ------------------------------------------------------------------------

def _markdown_files() -> list[Path]:
    return [p for p in _tracked_files() if p.suffix == ".md"]


def test_markdown_links_point_to_existing_files_and_headings() -> None:
    files = _markdown_files()
    assert ROOT / "README.md" in files and METHODS in files
    problems = []
    links = 0
    for doc in files:
        for number, line in _prose_lines(doc.read_text(encoding="utf-8")):
            for target in _LINK.findall(_CODE_SPAN.sub("code", line)):
                if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):  # https:, mailto:
                    continue
                links += 1
                file_part, _, anchor = target.partition("#")
                resolved = (doc.parent / file_part).resolve() if file_part else doc
                where = f"{_rel(doc)}:{number}: ({target})"
                if not _inside_repo(resolved):
                    problems.append(f"{where} leaves the repository")
                elif not resolved.exists():
                    problems.append(f"{where} does not exist")
                elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
                    problems.append(f"{where} names no heading of {_rel(resolved)}")
    assert links > 30
    assert not problems, "\n".join(problems)


_DOC_CITATION = re.compile(r"\bdocs/([\w-]+\.md)(?:#([\w-]+))?")


def test_doc_citations_name_existing_docs_and_headings() -> None:
    """`docs/methods.md#ombudsman-2023` in a rule-set header or a code comment must lead somewhere."""
    problems = []
    cited = 0
    for path in _tracked_files():
        if path.resolve() == THIS:
            continue
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for name, anchor in _DOC_CITATION.findall(line):
                doc = ROOT / "docs" / name
                cited += 1
                if not doc.is_file():
                    problems.append(f"{_rel(path)}:{number}: docs/{name} does not exist")
                elif anchor and anchor not in anchors(doc):
                    problems.append(f"{_rel(path)}:{number}: docs/{name}#{anchor} names no heading")
    assert cited >= 10
    assert not problems, "\n".join(problems)


# --- source ids ----------------------------------------------------------------------------------------------

def _source_table() -> dict[str, str]:
    """Source id → first address, from the table under '## Sources' in docs/methods.md."""
    text = METHODS.read_text(encoding="utf-8")
    section = text.split("\n## Sources\n", 1)[1]
    table = {}
    for match in re.finditer(r"^\| (S\d+) \|.*?\| <([^>]+)>", section, re.M):
        table[match.group(1)] = match.group(2)
    return table


SHIPPED = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))


def test_methods_source_table_lists_every_id_it_cites() -> None:
    table = _source_table()
    body = METHODS.read_text(encoding="utf-8").split("\n## Sources\n", 1)[0]
    cited = set(re.findall(r"\bS\d+\b", body))
    assert cited and not cited - table.keys(), sorted(cited - table.keys())
    assert not table.keys() - cited, f"listed but never cited: {sorted(table.keys() - cited)}"


@pytest.mark.parametrize("ruleset", SHIPPED)
def test_rule_set_source_ids_are_in_docs_methods(ruleset: str) -> None:
    table = _source_table()
    path = ROOT / "rules" / f"{ruleset}.yaml"
    cited = set(re.findall(r"\bS\d+\b", path.read_text(encoding="utf-8")))
    assert not cited - table.keys(), f"{ruleset} cites {sorted(cited - table.keys())}, not in docs/methods.md"
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))["metadata"].get("sources", [])
    for source in sources:
        tagged = re.match(r"(S\d+)\b", source["title"])
        if tagged:
            assert table[tagged.group(1)] == source["url"], f"{ruleset}: {tagged.group(1)} has another address"
        else:  # an untagged source must still be one that docs/methods.md lists
            assert source["url"] in table.values(), f"{ruleset}: {source['url']} is not in docs/methods.md"
