"""Output: the region summary, results documents, text and CSV, view models, rendering and verify."""
