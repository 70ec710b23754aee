"""Survei Kepuasan Masyarakat (SKM) calculator.

`ikm` holds the methods and the exact arithmetic (pure), `reading` turns CSV/XLSX exports into a checked
`Survey`, `formatting` renders text, JSON and the evidence fragment, and `command` is `compliance skm`.
See docs/skm.md.
"""
