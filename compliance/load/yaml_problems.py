"""libyaml's problem texts (English) that people meet most, in Indonesian too: a syntax error reads in the run's
language. Other problems are shown as libyaml says them."""

from __future__ import annotations

from compliance.messages import Msg

# libyaml's own problem texts (English) that people meet most, in Indonesian; others are shown as they are.
_PROBLEMS: dict[str, str] = {
    "did not find expected ',' or '}'": "tidak menemukan ',' atau '}' yang diharapkan",
    "did not find expected ',' or ']'": "tidak menemukan ',' atau ']' yang diharapkan",
    "did not find expected key": "tidak menemukan kunci yang diharapkan (periksa indentasi)",
    "did not find expected node content": "tidak menemukan isi yang diharapkan",
    "did not find expected '-' indicator": "tidak menemukan tanda '-' yang diharapkan",
    "could not find expected ':'": "tidak menemukan ':' yang diharapkan",
    "mapping values are not allowed in this context": "nilai mapping (':') tidak boleh di sini",
    "mapping values are not allowed here": "nilai mapping (':') tidak boleh di sini",
    "found character that cannot start any token": "ada karakter yang tidak dapat mengawali token",
    "found undefined alias": "alias yang tidak didefinisikan",
    "second occurrence": "anchor yang sama muncul untuk kedua kalinya",
    "but found another document": "ada dokumen kedua (satu berkas berisi satu dokumen)",
    "found unexpected end of stream": "berkas berakhir sebelum waktunya",
    "found a tab character that violates indentation": "karakter tab merusak indentasi",
    "found unknown escape character": "karakter escape yang tidak dikenal",
    "found unexpected ':'": "':' tak terduga",
    "found a tab character where an indentation space is expected": "karakter tab di tempat spasi indentasi",
}


def problem_msg(problem: str) -> Msg:
    """libyaml's problem text in both languages (Indonesian where known)."""
    indonesian = _PROBLEMS.get(problem)
    return Msg.text(problem) if indonesian is None else Msg(indonesian.replace("{", "{{").replace("}", "}}"),
                                                            problem.replace("{", "{{").replace("}", "}}"))
