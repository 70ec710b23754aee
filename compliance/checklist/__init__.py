"""The OPD's checklist workbook: written from a rule set (and optionally an evidence file's answers)."""
