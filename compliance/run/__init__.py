"""Running the engine over many inputs: the batch of units (worker pool, progress) and rule tests."""
