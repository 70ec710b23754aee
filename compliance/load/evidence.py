"""Reading evidence files (I/O edge): includes merged, attachments confined to the evidence folder and hashed."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import Any

from pydantic import ValidationError

from compliance.errors import ComplianceError, EvidenceError
from compliance.load import schema
from compliance.load.files import read_text
from compliance.load.safe_yaml import Document, json_path, parse
from compliance.model.evidence import Evidence

MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024
MAX_ATTACHMENTS = 20_000


def _digest(fd: int, expected: int) -> tuple[str, int]:
    """sha256 (hex) and size of what an open file holds, reading from where it stands to its end.

    The first read asks for the size fstat gave (and one byte more): a read allocates what it asks for, and a
    megabyte per small file costs an mmap, an mremap and a munmap each. A short read at that size is the end.
    """
    h = hashlib.sha256()
    size = 0
    want = min(expected + 1, 1 << 20)
    while chunk := os.read(fd, want):
        h.update(chunk)
        size += len(chunk)
        if len(chunk) < want and size >= expected:
            break
        want = 1 << 20
    return h.hexdigest(), size


def _sha256_file(path: str) -> tuple[str, int]:
    fd = os.open(path, _O_FLAGS)
    try:
        return _digest(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


def _confined(rel: str, *, file: str, what: str) -> list[str]:
    """The parts of a relative path, refusing absolute paths and '..'."""
    if not rel or "\x00" in rel:
        raise EvidenceError(f"{what} path {rel!r} is empty or invalid", file=file)
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or (len(rel) > 1 and rel[1] == ":"):
        raise EvidenceError(f"{what} path {rel!r} must be relative to the evidence file's folder", file=file)
    parts = rel.replace("\\", "/").split("/")
    if ".." in parts:
        raise EvidenceError(f"{what} path {rel!r} must not contain '..'", file=file)
    return parts


def safe_join(root: str, rel: str, *, file: str, what: str = "attachment",
              real_dirs: dict[str, str] | None = None, final_link: bool = True) -> str:
    """Join a relative path under root, refusing absolute paths, '..' and symlinks that leave root.

    `real_dirs` caches resolved folders across the attachments of one evidence file. With final_link=False
    the last component is not checked for being a symbolic link: the caller opens it with O_NOFOLLOW and
    calls this again with final_link=True only when that fails with ELOOP.
    """
    parts = _confined(rel, file=file, what=what)
    if os.sep == "/" and "//" not in rel and "\\" not in rel and not root.endswith("/"):
        full = root + "/" + rel  # what os.path.join(root, *parts) gives here, at a fraction of its cost
    else:
        full = os.path.join(root, *parts)
    cache = real_dirs if real_dirs is not None else {}
    parent, _, name = full.rpartition(os.sep)
    parent = parent or os.sep
    real_parent = cache.get(parent)
    if real_parent is None:
        real_root = cache.get(root)
        if real_root is None:
            real_root = cache[root] = os.path.realpath(root)
        real_parent = os.path.realpath(parent)
        if real_parent != real_root and not real_parent.startswith(real_root + os.sep):
            raise EvidenceError(f"{what} path {rel!r} leaves the evidence folder (through a symbolic link)",
                                file=file)
        cache[parent] = real_parent  # only folders found inside root are cached
    if final_link:
        real = real_parent + os.sep + name
        if os.path.islink(real):
            real = os.path.realpath(real)
            real_root = cache[root]
            if real != real_root and not real.startswith(real_root + os.sep):
                raise EvidenceError(f"{what} path {rel!r} leaves the evidence folder (through a symbolic link)",
                                    file=file)
    return full


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open; fstat then refuses it
_O_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | _O_NONBLOCK


def _check_attachment(root: str, att: dict[str, Any], file: str, real_dirs: dict[str, str]) -> None:
    """Record the attachment's sha256 and size, or its problem; one open, one fstat and the reads.

    The final component is opened with O_NOFOLLOW, so a symbolic link is seen by the ELOOP it causes and only
    then resolved and checked for leaving the folder (its parent folders are checked by safe_join, cached).
    """
    rel = str(att.get("path", ""))
    full = safe_join(root, rel, file=file, real_dirs=real_dirs, final_link=not _O_NOFOLLOW)
    try:
        try:
            fd = os.open(full, _O_FLAGS | _O_NOFOLLOW)
        except OSError as exc:
            if not _O_NOFOLLOW or exc.errno != errno.ELOOP:
                raise
            safe_join(root, rel, file=file, real_dirs=real_dirs)  # a symbolic link: where does it lead?
            fd = os.open(full, _O_FLAGS)
    except FileNotFoundError:
        att["problem"] = "missing"
        return
    except OSError as exc:
        att["problem"] = f"unreadable ({exc.strerror})"
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            att["problem"] = "not a regular file"
            return
        if st.st_size > MAX_ATTACHMENT_BYTES:
            att["problem"] = f"larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB"
            return
        digest, size = _digest(fd, st.st_size)
    except OSError as exc:
        att["problem"] = f"unreadable ({exc.strerror})"
        return
    finally:
        os.close(fd)
    att["actual_sha256"] = digest
    att["size"] = size
    declared = att.get("sha256")
    if isinstance(declared, str) and declared and declared != digest:  # another type: the schema check says so
        raise EvidenceError(f"attachment {att['path']!r}: declared sha256 {declared[:12]}… does not match the "
                            f"file's {digest[:12]}… (the file was changed or the hash is wrong)", file=file)


def _schema_error(doc_text: str, name: str, schema_name: str) -> EvidenceError:
    doc = parse(doc_text, name, positions=True)
    for f in schema.validate(doc, schema_name):
        return EvidenceError(f"{f.location.json_path}: {f.message}", file=name, line=f.location.line,
                             column=f.location.column)
    return EvidenceError("invalid evidence file", file=name)


def _read(path: str, kind: str, schema_name: str) -> tuple[str, Document]:
    text = read_text(path)
    doc = parse(text, path)
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") != kind:
        found = data.get("kind") if isinstance(data, dict) else type(data).__name__
        raise EvidenceError(f"expected a file of kind {kind}, found {found!r}", file=path)
    return text, doc


def load_evidence(path: str | os.PathLike[str]) -> Evidence:
    """Load one unit's evidence file; raises EvidenceError (or InputError) with file and position."""
    name = os.fspath(path)
    text, doc = _read(name, "Evidence", "evidence.schema.json")
    data: dict[str, Any] = doc.data
    root = os.path.dirname(os.path.abspath(name))
    indicators = data.get("indicators")
    if indicators is not None and not isinstance(indicators, dict):
        raise _schema_error(text, name, "evidence.schema.json")
    merged: dict[str, Any] = dict(indicators or {})
    includes = data.get("includes") or []
    if not isinstance(includes, list):
        raise _schema_error(text, name, "evidence.schema.json")
    for inc in includes:
        inc_path = safe_join(root, str(inc), file=name, what="include")
        try:
            ftext, fdoc = _read(inc_path, "EvidenceFragment", "fragment.schema.json")
        except EvidenceError as exc:
            raise EvidenceError(f"included file {inc!r}: {exc.message}", file=name) from None
        except ComplianceError as exc:
            raise EvidenceError(f"included file {inc!r}: {exc}", file=name) from None
        frag = fdoc.data.get("indicators")
        if not isinstance(frag, dict) or any(f is not None and not isinstance(f, dict) for f in frag.values()):
            raise _schema_error(ftext, inc_path, "fragment.schema.json")
        for ind_id, ie in frag.items():
            target = merged.setdefault(ind_id, {})
            if not isinstance(target, dict) or not isinstance(ie, dict):
                raise _schema_error(text, name, "evidence.schema.json")
            facts = dict(target.get("facts") or {})
            for fact, value in (ie.get("facts") or {}).items():
                # null is "not known yet" (a template's placeholder), not an answer: it never conflicts
                if value is None:
                    facts.setdefault(fact, None)
                    continue
                if facts.get(fact) is not None:
                    raise EvidenceError(f"fact {ind_id}.{fact} is given both here and in the included file {inc!r}",
                                        file=name)
                facts[fact] = value
            merged[ind_id] = {**target, **{k: v for k, v in ie.items() if k != "facts"}, "facts": facts}
    count = 0
    real_dirs: dict[str, str] = {}
    for ind_id, ie in merged.items():
        if not isinstance(ie, dict) or not isinstance(ie.get("facts", {}), dict):
            continue
        for fact, value in (ie.get("facts") or {}).items():
            if isinstance(value, list):
                for i, att in enumerate(value):
                    if isinstance(att, dict):
                        count += 1
                        if count > MAX_ATTACHMENTS:
                            raise EvidenceError(f"more than {MAX_ATTACHMENTS} attachments", file=name)
                        if "actual_sha256" in att or "problem" in att or "size" in att:
                            raise _schema_error(text, name, "evidence.schema.json")
                        try:
                            _check_attachment(root, att, name, real_dirs)
                        except EvidenceError as exc:
                            where = ("indicators", ind_id, "facts", fact, i, "path")
                            line, col = (0, 0)
                            if ind_id in (indicators or {}):
                                line, col = parse(text, name, positions=True).position(where)
                            raise EvidenceError(exc.message, file=name, line=line, column=col) from None
    payload = {**data, "indicators": merged, "source": name,
               "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    try:
        return Evidence.model_validate(payload)
    except ValidationError as exc:
        err = _schema_error(text, name, "evidence.schema.json")
        if err.message != "invalid evidence file":
            raise err from None
        first = exc.errors()[0]
        loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p in ("list[Attachment]",)))
        line, col = parse(text, name, positions=True).position(tuple(loc))
        raise EvidenceError(f"{json_path(tuple(loc))}: {first['msg']}", file=name, line=line, column=col) from None
