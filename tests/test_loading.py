from __future__ import annotations

import os
from pathlib import Path

import pytest

from compliance.errors import ComplianceError, EvidenceError
from compliance.load.evidence import load_evidence, safe_join

from conftest import ROOT, write

# What these messages say is tested in English; tests/test_messages.py and the lint corpus test Indonesian.
pytestmark = pytest.mark.usefixtures("english")

INVALID = ROOT / "fixtures" / "invalid"


@pytest.mark.parametrize(("case", "message", "line"), [
    ("syntax-error", "YAML syntax error", 10),
    ("duplicate-key", "duplicate key 'community_participants'", 10),
    ("impossible-date", "'2024-02-30' is not a valid date", 8),
    ("path-escape", "must not contain '..'", 9),
    ("absolute-path", "must be relative", 9),
    ("symlink-escape", "leaves the evidence folder", 9),
    ("hash-mismatch", "does not match", 9),
    ("wrong-kind", "not valid here", 6),
])
def test_broken_samples_fail_with_a_positioned_sentence(case: str, message: str, line: int) -> None:
    with pytest.raises(ComplianceError) as exc:
        load_evidence(INVALID / case / "evidence.yaml")
    assert message in exc.value.message
    assert exc.value.line == line
    assert exc.value.file is not None and exc.value.file.endswith(f"{case}/evidence.yaml")
    assert "\n" not in str(exc.value)


def test_missing_attachment_is_recorded_not_fatal() -> None:
    ev = load_evidence(INVALID / "missing-attachment" / "evidence.yaml")
    (_, _, att), = ev.attachments()
    assert att.problem == "missing" and not att.usable


def test_attachments_are_hashed() -> None:
    ev = load_evidence(ROOT / "fixtures" / "kukar" / "disdukcapil" / "evidence.yaml")
    atts = [a for _, _, a in ev.attachments()]
    assert atts and all(a.actual_sha256 == a.sha256 and a.size for a in atts)


def test_includes_merge_fragments(tmp_path: Path) -> None:
    write(tmp_path / "skm.yaml", """
        apiVersion: compliance/v1
        kind: EvidenceFragment
        indicators:
          skm: {facts: {ikm: 80.5}}
        """)
    write(tmp_path / "e.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: u, name: U, kind: dinas, region: R}
        ruleset: {id: kukar-pra-penilaian}
        includes: [skm.yaml]
        indicators:
          skm: {facts: {respondents: 100}}
        """)
    ev = load_evidence(tmp_path / "e.yaml")
    assert ev.indicators["skm"].facts == {"respondents": 100, "ikm": 80.5}
    write(tmp_path / "e.yaml", (tmp_path / "e.yaml").read_text().replace("respondents: 100", "ikm: 1"))
    with pytest.raises(EvidenceError, match="given both here and in the included file"):
        load_evidence(tmp_path / "e.yaml")


def test_include_must_stay_inside(tmp_path: Path) -> None:
    write(tmp_path / "e.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: u, name: U, kind: dinas, region: R}
        ruleset: {id: x}
        includes: [../x.yaml]
        """)
    with pytest.raises(EvidenceError, match="include path"):
        load_evidence(tmp_path / "e.yaml")


def test_attachment_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "lampiran").mkdir()
    write(tmp_path / "e.yaml", """
        apiVersion: compliance/v1
        kind: Evidence
        unit: {id: u, name: U, kind: dinas, region: R}
        ruleset: {id: x}
        indicators:
          fkp: {facts: {berita_acara: [{path: lampiran}]}}
        """)
    ev = load_evidence(tmp_path / "e.yaml")
    assert ev.attachments()[0][2].problem == "not a regular file"


def test_safe_join(tmp_path: Path) -> None:
    assert safe_join(str(tmp_path), "a/b.pdf", file="f") == os.path.join(str(tmp_path), "a", "b.pdf")
    for bad in ["", "/x", "..", "a/../../x", "C:\\x", "\\x"]:
        with pytest.raises(EvidenceError):
            safe_join(str(tmp_path), bad, file="f")


def _with_attachment(folder: Path, rel: str) -> Path:
    return write(folder / "e.yaml", f"""
        apiVersion: compliance/v1
        kind: Evidence
        unit: {{id: u, name: U, kind: dinas, region: R}}
        ruleset: {{id: x}}
        indicators:
          fkp: {{facts: {{berita_acara: [{{path: {rel}}}]}}}}
        """)


def test_symbolic_links_inside_the_folder_are_followed_and_hashed(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    (unit / "asli").mkdir(parents=True)
    (unit / "asli" / "ba.pdf").write_bytes(b"%PDF-1.4 x")
    (unit / "lampiran").symlink_to(unit / "asli")             # a linked folder that stays inside
    (unit / "asli" / "link.pdf").symlink_to(unit / "asli" / "ba.pdf")  # a linked file that stays inside
    for rel in ["lampiran/ba.pdf", "asli/link.pdf", "lampiran/link.pdf"]:
        (_, _, att), = load_evidence(_with_attachment(unit, rel)).attachments()
        assert att.problem is None and att.size == 10 and att.actual_sha256 is not None, rel


def test_symbolic_links_leaving_the_folder_are_refused(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    (tmp_path / "luar").mkdir()
    (tmp_path / "luar" / "rahasia.pdf").write_bytes(b"secret")
    unit.mkdir()
    (unit / "lampiran").symlink_to(tmp_path / "luar")                  # a folder leading out
    (unit / "ba.pdf").symlink_to(tmp_path / "luar" / "rahasia.pdf")    # a file leading out
    (unit / "dalam").mkdir()
    (unit / "dalam" / "ba.pdf").symlink_to(tmp_path / "luar" / "rahasia.pdf")  # the same, one folder down
    for rel in ["lampiran/rahasia.pdf", "ba.pdf", "dalam/ba.pdf"]:
        with pytest.raises(EvidenceError, match="leaves the evidence folder"):
            load_evidence(_with_attachment(unit, rel))


@pytest.mark.parametrize("rel", ["a.pdf", "a/b.pdf", "a//b.pdf", "a\\b.pdf", "./a/b.pdf", "a/./b.pdf", "a/", "é/ü.pdf"])
def test_safe_join_is_os_path_join(tmp_path: Path, rel: str) -> None:
    root = str(tmp_path)
    assert safe_join(root, rel, file="f", final_link=False) == os.path.join(root, *rel.replace("\\", "/").split("/"))


@pytest.mark.parametrize("size", [0, 1, 4095, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 7])
def test_attachment_hash_and_size_whatever_the_size(tmp_path: Path, size: int) -> None:
    import hashlib

    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    (tmp_path / "ba.dat").write_bytes(data)  # an extension whose content is not checked
    (_, _, att), = load_evidence(_with_attachment(tmp_path, "ba.dat")).attachments()
    assert att.problem == (None if size else "empty (0 bytes)")
    assert att.size == size and att.actual_sha256 == hashlib.sha256(data).hexdigest()
