"""Command line: `compliance <command>`. Each command module is imported only when it runs."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from compliance import __version__
from compliance.cli.argtext import argparse_in
from compliance.cli.common import add_lang
from compliance.errors import ComplianceError
from compliance.messages import Lang, Msg, current_lang, resolve_lang, say, using_lang

OK, USAGE, FATAL = 0, 2, 3  # 1 (findings, failures) is returned by the commands themselves
INTERRUPTED = 130

# name -> (module, one-line help). Each module has add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, Msg]] = {
    "lint": ("compliance.cli.lint", Msg("periksa perangkat aturan, berkas bukti dan uji aturan",
                                        "check rule sets, evidence and rule tests")),
    "test": ("compliance.cli.test", Msg("jalankan uji perangkat aturan (berkas RuleTest)",
                                        "run rule-set unit tests (RuleTest files)")),
    "template": ("compliance.cli.template", Msg("tulis daftar isian bukti kosong untuk satu unit",
                                                "write a blank evidence checklist for one unit")),
    "assess": ("compliance.cli.assess", Msg("nilai bukti terhadap perangkat aturan",
                                            "score evidence against a rule set")),
    "convert": ("compliance.cli.convert", Msg("ubah bukti antara YAML dan buku kerja XLSX, atau ke daftar isian "
                                              "perangkat aturan lain (--to)",
                                              "convert evidence between YAML and an XLSX workbook, or into another "
                                              "rule set's checklist (--to)")),
    "report": ("compliance.cli.report", Msg("tulis laporan PDF/HTML per unit dan untuk wilayah",
                                            "write PDF/HTML reports per unit and for the region")),
    "verify": ("compliance.cli.verify", Msg("periksa PDF laporan terhadap perangkat aturan dan buktinya",
                                            "check a report PDF against its rule set and evidence")),
    "skm": ("compliance.cli.skm", Msg("hitung IKM dari Survei Kepuasan Masyarakat",
                                      "compute the IKM of a Survei Kepuasan Masyarakat")),
    "methods": ("compliance.cli.methods", Msg("tampilkan bobot, skala, rentang, batas dan penyesuaian perangkat aturan",
                                              "show a rule set's effective weights, scales, bands, caps and "
                                              "tailoring")),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {say(current_lang(), 'kesalahan', 'error')}: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    lang = current_lang()
    parser = _Parser(prog="compliance", description=say(
        lang, "kepatuhan: penilaian kepatuhan pelayanan publik (UU 25/2009) terhadap perangkat aturan YAML deklaratif.",
        "kepatuhan: compliance assessment of public services (UU 25/2009) against declarative YAML rule sets."))
    parser.add_argument("--version", action="version", version=f"kepatuhan {__version__}",
                        help=say(lang, "tampilkan versi program lalu keluar",
                                 "show the program's version and exit"))
    add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar=say(lang, "PERINTAH", "COMMAND"),
                                parser_class=_Parser)
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_.render(lang), description=help_.render(lang))
        if only is None or only == name:
            importlib.import_module(module).add_arguments(p)
        add_lang(p)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    after_lang = False
    for a in argv:
        if a in COMMANDS:
            return a
        if not a.startswith("-") and not after_lang:
            return None
        after_lang = a == "--lang"
    return None


def lang_flag(argv: Sequence[str]) -> str | None:
    """The value of the last `--lang X` / `--lang=X` before `--`, read before parsing so that argparse's own
    texts (usage, errors, help) are already in that language."""
    found = None
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif a.startswith("--lang="):
            found = a.partition("=")[2]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 ok, 1 findings/failures, 2 usage, 3 fatal, 130 interrupted).

    Messages are in the language of `--lang`, else the locale's (compliance.messages.resolve_lang)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = resolve_lang(lang_flag(args_list))
    with using_lang(lang), argparse_in(lang):
        return _main(args_list, lang)


def _main(args_list: list[str], lang: Lang) -> int:
    command = _command_of(args_list)
    try:
        # Only the chosen command's module is imported: `lint` must start fast.
        parser = build_parser(only=command or "")
        args = parser.parse_args(args_list)
        if not args.command:
            parser.print_help(sys.stderr)
            return USAGE
        args.lang = lang
        args.lang_flag = lang_flag(args_list)  # given on the command line (a report configuration's yields to it)
        module = importlib.import_module(COMMANDS[args.command][0])
        return int(module.run(args))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else USAGE
    except KeyboardInterrupt:
        print(say(lang, "compliance: dihentikan", "compliance: interrupted"), file=sys.stderr)
        return INTERRUPTED
    except ComplianceError as exc:
        print(f"compliance: {say(lang, 'kesalahan', 'error')}: {exc.render(lang)}", file=sys.stderr)
        return FATAL
    except BrokenPipeError:
        return OK
    except Exception as exc:
        from compliance.errors import one_line

        print(one_line(f"compliance: {say(lang, 'kesalahan internal', 'internal error')}: "
                       f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return FATAL


def lint_main() -> int:
    """The `compliance-lint` console script (pre-commit hook): `compliance lint` with the given files."""
    return main(["lint", *sys.argv[1:]])
