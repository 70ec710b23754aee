"""A text in Indonesian (required) and English (optional): the one bilingual value of rule sets and results."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Text(BaseModel):
    """A text in Indonesian (required) and English (optional; falls back to Indonesian)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    en: str | None = None

    def get(self, lang: str = "id") -> str:
        if lang == "en" and self.en:
            return self.en
        return self.id


__all__ = ["Text"]
