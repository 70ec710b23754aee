"""Survei Kepuasan Masyarakat (SKM) calculator."""
