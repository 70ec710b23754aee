"""The linter: checks of rule sets, evidence and rule tests, and the output formats of findings."""
