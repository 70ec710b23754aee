"""The output folder of `compliance report`, managed: a run replaces its own previous set of files as a whole, removes
the files of units no longer in the input, and never touches a file it did not write.

How (I/O edge):

1. The new set is written into a staging folder, `OUTDIR/.kepatuhan-staging-XXXX/`, laid out like OUTDIR.
2. Only when the run completes is it committed: the manifest is first rewritten to list the previous set and the new
   one together (so that an interrupted commit still knows every file it owns), each staged file is moved over its
   target with `os.replace`, the previous run's files that the new set does not hold are removed, and the manifest
   is rewritten to list the new set only.
3. A run that fails before the commit (an exception, Ctrl-C, every unit failing) only removes its staging folder:
   the previous complete set stays as it was.

The manifest, `OUTDIR/.kepatuhan-manifest.json`, is versioned and lists every file the run wrote with its size and
SHA-256. A previous file is removed only if the manifest lists it *and* its content is still what was written (a
file edited since is left in place, with a note); paths in a manifest that would leave OUTDIR are ignored. A file
the manifest does not list (the user's own notes, a file of another tool) is never read, moved or removed; the
report's own names (`units/<id>.pdf`, `rollup.pdf`, `index.html`, `results.json`, ...) are overwritten, as always.

Why files are swapped one by one and not the folder as a whole: renaming OUTDIR away and the staging folder in its
place would be one atomic step on Linux, but it would also carry off the user's own files in OUTDIR, needs a
writable parent (not so for the root of a USB stick or a shared drive's mount point), and on Windows a folder
cannot be renamed while anything holds it (an Explorer window, a terminal's current folder, a PDF open in a
viewer). `os.replace` of one file is atomic on both (rename(2); MoveFileEx with MOVEFILE_REPLACE_EXISTING) and
fails on Windows only for a file held open, which is then named in the error. The price: the commit is a few
milliseconds of renames during which the folder holds part of each set; a crash exactly then leaves a mixed set
whose manifest lists both, so the next run still cleans it up. The staging folder is inside OUTDIR, not beside
it, so that the renames never cross a file-system boundary. Two runs writing into one folder at the same time
are not supported: each removes the staging folders it finds left over from a killed run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any

from compliance.atomic import write_atomic
from compliance.errors import RenderError
from compliance.messages import Msg

MANIFEST_NAME = ".kepatuhan-manifest.json"
MANIFEST_FORMAT = "kepatuhan-output-manifest"
MANIFEST_VERSION = 1
STAGING_PREFIX = ".kepatuhan-staging-"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One file the run wrote: its path inside OUTDIR (POSIX separators), size and SHA-256."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    files: tuple[Entry, ...]
    complete: bool = True          # False while a commit is under way (it then lists the old and the new set)

    def as_json(self) -> str:
        doc = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "complete": self.complete,
               "files": [{"path": e.path, "size": e.size, "sha256": e.sha256}
                         for e in sorted(self.files, key=lambda e: e.path)]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def by_path(self) -> dict[str, Entry]:
        return {e.path: e for e in self.files}


@dataclass
class CommitResult:
    written: list[str] = field(default_factory=list)      # paths inside OUTDIR, sorted
    removed: list[str] = field(default_factory=list)      # previous files no longer in the set
    kept: list[str] = field(default_factory=list)         # previous files changed since written: left in place
    notes: list[str] = field(default_factory=list)        # one line each, for standard error


def safe_relpath(path: Any) -> str | None:
    """`path` if it names a file inside the output folder (relative, POSIX, no `..`, not ours internally)."""
    if not isinstance(path, str) or not path or "\\" in path or ":" in path or "\0" in path:
        return None
    p = PurePosixPath(path)
    if p.is_absolute() or any(part in ("", ".", "..") for part in path.split("/")):
        return None
    if p.parts[0] == MANIFEST_NAME or p.parts[0].startswith(STAGING_PREFIX):
        return None
    return str(p)


def parse_manifest(text: str) -> Manifest:
    """A manifest from its JSON; ValueError when it is not one this version understands."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("format") != MANIFEST_FORMAT:
        raise ValueError("not a kepatuhan output manifest")
    if doc.get("version") != MANIFEST_VERSION:
        raise ValueError(f"manifest version {doc.get('version')!r} is not supported (expected {MANIFEST_VERSION})")
    files = doc.get("files")
    if not isinstance(files, list):
        raise ValueError("manifest has no file list")
    entries = []
    for f in files:
        if not isinstance(f, dict):
            continue
        path, digest, size = safe_relpath(f.get("path")), f.get("sha256"), f.get("size")
        if path is None or not isinstance(digest, str) or not isinstance(size, int):
            continue                          # an entry that could point outside OUTDIR is never acted on
        entries.append(Entry(path, size, digest.lower()))
    return Manifest(tuple(entries), complete=doc.get("complete") is not False)


def sha256_file(path: str) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _walk(root: str) -> Iterator[str]:
    """The POSIX relative paths of the regular files under `root`, sorted."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        for n in names:
            out.append(n if rel == "." else PurePosixPath(*rel.split(os.sep), n).as_posix())
    yield from sorted(out)


class OutputFolder:
    """`with OutputFolder(outdir) as out:` write into `out.staging`, then `out.commit()`; leaving the block without
    a commit (an exception, Ctrl-C, or by choice) discards the staged files and leaves OUTDIR as it was."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.staging = ""
        self.committed = False

    # ------------------------------------------------------------------------------------------ set-up

    def __enter__(self) -> OutputFolder:
        try:
            os.makedirs(self.path, exist_ok=True)
            for name in sorted(os.listdir(self.path)):       # left over from a run that was killed
                leftover = os.path.join(self.path, name)
                if name.startswith(STAGING_PREFIX) and os.path.isdir(leftover) and not os.path.islink(leftover):
                    shutil.rmtree(leftover, ignore_errors=True)
            self.staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.path)
        except OSError as exc:
            raise RenderError(Msg("folder keluaran tidak dapat dibuat ({e})", "cannot create the output folder ({e})",
                                  e=exc.strerror or str(exc)), file=self.path) from None
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()

    def discard(self) -> None:
        if self.staging and os.path.isdir(self.staging):
            shutil.rmtree(self.staging, ignore_errors=True)

    def staged(self, relpath: str) -> str:
        """Where to write the file that will be OUTDIR/relpath."""
        return os.path.join(self.staging, *relpath.split("/"))

    # ------------------------------------------------------------------------------------------ manifest

    @property
    def manifest_path(self) -> str:
        return os.path.join(self.path, MANIFEST_NAME)

    def previous(self) -> tuple[Manifest, list[str]]:
        """The manifest of the previous run (empty when there is none), and a note if it could not be used."""
        try:
            with open(self.manifest_path, encoding="utf-8") as fh:
                text = fh.read()
        except FileNotFoundError:
            return Manifest(()), []
        except (OSError, UnicodeDecodeError) as exc:
            return Manifest(()), [f"{self.manifest_path}: cannot read the previous manifest ({exc}); "
                                  "no earlier file is removed"]
        try:
            return parse_manifest(text), []
        except ValueError as exc:
            return Manifest(()), [f"{self.manifest_path}: {exc}; no earlier file is removed"]

    def _target(self, rel: str) -> str:
        return os.path.join(self.path, *rel.split("/"))

    def _inside(self, target: str) -> bool:
        root = os.path.realpath(self.path)
        return os.path.commonpath([root, os.path.realpath(target)]) == root

    # ------------------------------------------------------------------------------------------ commit

    def commit(self) -> CommitResult:
        """Move the staged set into OUTDIR and remove the previous run's files that it no longer holds."""
        if self.committed or not self.staging:
            raise RuntimeError("commit() needs an entered, uncommitted OutputFolder")
        result = CommitResult()
        old, result.notes = self.previous()
        new = [Entry(rel, *sha256_file(self.staged(rel))) for rel in _walk(self.staging)]
        new_paths = {e.path for e in new}
        # 1. The manifest lists both sets until the swap is done: an interrupted commit still owns every file.
        union = {**old.by_path(), **{e.path: e for e in new}}
        self._write_manifest(Manifest(tuple(union.values()), complete=False))
        # 2. The swap, file by file (see the module docstring for why not the whole folder).
        for e in new:
            target = self._target(e.path)
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(self.staged(e.path), target)
            except OSError as exc:
                raise RenderError(Msg("berkas ini tidak dapat diganti ({e}); bila sedang dibuka program lain, tutup "
                                      "lalu jalankan report lagi", "cannot replace this file ({e}); if it is open in "
                                      "another program, close it and run the report again", e=exc.strerror or str(exc)),
                                  file=target) from None
            result.written.append(e.path)
        # 3. The previous run's files that the new set does not hold, if they are still as written.
        for e in sorted(old.files, key=lambda e: e.path):
            if e.path in new_paths:
                continue
            target = self._target(e.path)
            verdict = self._remove_if_unchanged(target, e)
            if verdict == "removed":
                result.removed.append(e.path)
            elif verdict == "changed":
                result.kept.append(e.path)
                result.notes.append(f"{target}: left in place: changed since an earlier report run wrote it")
        # 4. The manifest of the new set.
        self._write_manifest(Manifest(tuple(new), complete=True))
        self.committed = True
        self.discard()
        return result

    def _remove_if_unchanged(self, target: str, e: Entry) -> str:
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            return "gone"
        except OSError:
            return "changed"
        if not stat.S_ISREG(st.st_mode) or not self._inside(target):
            return "changed"                   # a symbolic link or a folder was not written by a report run
        try:
            if sha256_file(target) != (e.size, e.sha256):
                return "changed"
            os.unlink(target)
        except OSError:
            return "changed"
        with contextlib.suppress(OSError):     # units/ emptied by the removal: it was ours too
            parent = os.path.dirname(target)
            if os.path.normpath(parent) != os.path.normpath(self.path) and not os.listdir(parent):
                os.rmdir(parent)
        return "removed"

    def _write_manifest(self, m: Manifest) -> None:
        write_atomic(self.manifest_path, m.as_json(), error=RenderError, what="the output manifest")


__all__ = ["MANIFEST_NAME", "MANIFEST_VERSION", "STAGING_PREFIX", "CommitResult", "Entry", "Manifest",
           "OutputFolder", "parse_manifest", "safe_relpath", "sha256_file"]
