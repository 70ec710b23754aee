"""kepatuhan: compliance assessment of Indonesian public services against declarative YAML rule sets."""

__version__ = "0.1.0"
