"""Typed models of an evidence file (one unit's submission) and of its attachments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from compliance.model.ruleset import AttachmentKind

EXTENSION_KINDS: dict[str, AttachmentKind] = {
    ".pdf": "pdf",
    ".jpg": "photo", ".jpeg": "photo", ".png": "photo", ".webp": "photo", ".heic": "photo", ".gif": "photo",
    ".tif": "scan", ".tiff": "scan",
    ".doc": "document", ".docx": "document", ".odt": "document", ".txt": "document", ".rtf": "document",
    ".xls": "spreadsheet", ".xlsx": "spreadsheet", ".ods": "spreadsheet", ".csv": "spreadsheet",
}


def kind_of(path: str) -> AttachmentKind:
    """The attachment kind implied by a file name's extension."""
    dot = path.rfind(".")
    return EXTENSION_KINDS.get(path[dot:].lower(), "other") if dot >= 0 else "other"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attachment(_Model):
    """A file given as proof, relative to the evidence file's folder."""

    path: str
    kind: AttachmentKind | None = None
    date: dt.date | None = None
    sha256: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")
    title: str | None = None
    # Filled in by the loader (I/O edge), never by the author:
    actual_sha256: str | None = Field(default=None, exclude=False)
    size: int | None = None
    problem: str | None = None
    date_source: Literal["given", "exif"] | None = None

    @property
    def effective_kind(self) -> AttachmentKind:
        return self.kind or kind_of(self.path)

    @property
    def usable(self) -> bool:
        return self.problem is None


# Exact types, tried in order (a list first: most facts are attachments); the same values as pydantic's "smart"
# union of the lax types, since YAML and JSON give these exact types, at about half the validation time.
FactValue = Annotated[list[Attachment] | StrictBool | StrictInt | StrictFloat | StrictStr | None,
                      Field(union_mode="left_to_right")]


class NotApplicable(_Model):
    reason: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)


class IndicatorEvidence(_Model):
    facts: dict[str, FactValue] = Field(default_factory=dict)
    note: str | None = None
    not_applicable: NotApplicable | None = None


class Unit(_Model):
    id: str = Field(pattern="^[a-z0-9][a-z0-9._-]*$", max_length=120)
    name: str = Field(min_length=1, max_length=500)
    kind: str
    region: str
    kecamatan: str | None = None
    address: str | None = None


class RuleSetRef(_Model):
    id: str
    version: str | None = None


class Period(_Model):
    from_: dt.date = Field(alias="from")
    until: dt.date


class Person(_Model):
    name: str
    nip: str | None = None
    position: str | None = None
    organization: str | None = None


class Evidence(_Model):
    """One unit's evidence file, with includes merged and attachments checked by the loader."""

    apiVersion: Literal["compliance/v1"]
    kind: Literal["Evidence"]
    unit: Unit
    ruleset: RuleSetRef
    period: Period | None = None
    assessor: Person | None = None
    reviewer: Person | None = None
    assessment_date: dt.date | None = None
    includes: tuple[str, ...] = ()
    indicators: dict[str, IndicatorEvidence] = Field(default_factory=dict)
    # Set by the loader: where it came from.
    source: str = ""
    sha256: str = ""

    def attachments(self) -> list[tuple[str, str, Attachment]]:
        """(indicator id, fact name, attachment) for every attachment, in file order."""
        out: list[tuple[str, str, Attachment]] = []
        for ind_id, ie in self.indicators.items():
            for name, value in ie.facts.items():
                if isinstance(value, list):
                    out.extend((ind_id, name, a) for a in value)
        return out
