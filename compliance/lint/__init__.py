"""The linter: checks of rule sets (a registry of check families), evidence and rule tests, and output formats."""
