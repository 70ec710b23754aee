"""The pure evaluation engine: conditions, the compiled rule set, evaluate, paths to the next zone."""
