"""Command line: `compliance <command>`. Each command module is imported only when it runs."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from compliance import __version__
from compliance.errors import ComplianceError

OK, USAGE, FATAL = 0, 2, 3  # 1 (findings, failures) is returned by the commands themselves
INTERRUPTED = 130

# name -> (module, one-line help). Each module has add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("compliance.cli.lint", "check rule sets, evidence and rule tests"),
    "test": ("compliance.cli.test", "run rule-set unit tests (RuleTest files)"),
    "template": ("compliance.cli.template", "write a blank evidence checklist for one unit"),
    "convert": ("compliance.cli.convert", "convert evidence between YAML and a checklist workbook (XLSX)"),
    "assess": ("compliance.cli.assess", "score evidence against a rule set"),
    "report": ("compliance.cli.report", "write PDF/HTML reports per unit and for the region"),
    "verify": ("compliance.cli.verify", "check a report PDF against its rule set and evidence"),
    "skm": ("compliance.cli.skm", "compute the IKM of a Survei Kepuasan Masyarakat"),
    "methods": ("compliance.cli.methods", "show a rule set's effective weights, scales, bands, caps and tailoring"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="compliance", description="kepatuhan: compliance assessment of public services "
                     "(UU 25/2009) against declarative YAML rule sets.")
    parser.add_argument("--version", action="version", version=f"kepatuhan {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        if only is None or only == name:
            importlib.import_module(module).add_arguments(p)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    for a in argv:
        if a in COMMANDS:
            return a
        if not a.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 findings/failures, 2 usage, 3 fatal, 130 interrupted)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(args_list)
    try:
        # Only the chosen command's module is imported: `lint` must start fast.
        parser = build_parser(only=command or "")
        args = parser.parse_args(args_list)
        if not args.command:
            parser.print_help(sys.stderr)
            return USAGE
        module = importlib.import_module(COMMANDS[args.command][0])
        return int(module.run(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else USAGE
    except KeyboardInterrupt:
        print("compliance: interrupted", file=sys.stderr)
        return INTERRUPTED
    except ComplianceError as exc:
        print(f"compliance: error: {exc}", file=sys.stderr)
        return FATAL
    except BrokenPipeError:
        return OK
    except Exception as exc:
        from compliance.errors import one_line

        print(one_line(f"compliance: internal error: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return FATAL


def lint_main() -> int:
    """The `compliance-lint` console script (pre-commit hook): `compliance lint` with the given files."""
    return main(["lint", *sys.argv[1:]])
