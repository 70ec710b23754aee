"""The report configuration (kind: ReportConfig, rules/schema/reportconfig.schema.json): who issues the unit
reports, how they are numbered, where they are signed and by whom. Pure: the logo arrives as bytes, read by
compliance/load/report_config.py.

The document number's pattern (numbering.py) is filled from the unit and the round, never from a clock or a
counter kept somewhere: the same inputs give the same number.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The document number's pattern language lives in numbering.py (no pydantic: lint reads it); re-exported here.
from compliance.model.numbering import NUMBER_FIELDS as NUMBER_FIELDS
from compliance.model.numbering import document_number as document_number
from compliance.model.numbering import nip_problem as nip_problem
from compliance.model.numbering import number_fields as number_fields
from compliance.model.numbering import pattern_fields as pattern_fields
from compliance.model.numbering import pattern_problem as pattern_problem


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Letterhead(_Model):
    instansi: tuple[str, ...]
    logo: str | None = None
    address: str | None = None
    contact: str | None = None


class Signatory(_Model):
    jabatan: str
    name: str
    nip: str | None = None
    caption: str | None = None


class ReportConfig(_Model):
    """One configuration file as written (the logo is still a path, relative to the file)."""

    api_version: Literal["compliance/v1"] = Field(alias="apiVersion")
    kind: Literal["ReportConfig"]
    language: Literal["id", "en"] | None = None
    letterhead: Letterhead
    document_number: str
    place: str
    signatories: tuple[Signatory, ...]


class Logo(_Model):
    """The letterhead's image, read: its media type and bytes."""

    media_type: Literal["image/svg+xml", "image/png", "image/jpeg"]
    data: bytes



class Official(_Model):
    """A configuration ready for rendering: the file's content and its logo, read."""

    config: ReportConfig
    logo: Logo | None = None
    file: str = ""


__all__ = ["NUMBER_FIELDS", "Letterhead", "Logo", "Official", "ReportConfig", "Signatory", "document_number",
           "nip_problem", "number_fields", "pattern_fields", "pattern_problem"]
