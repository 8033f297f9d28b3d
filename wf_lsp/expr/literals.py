"""Which number, character and string literals Go's template parser accepts.

`text/template` checks literals while parsing, with Go's `strconv`: `08` is an error (an
octal number with an 8 that also reads as a float, so Go calls it an integer overflow),
`1_000` is fine, `1e400` overflows, `'ab'` is malformed. These functions answer the same,
from the literal's text as the lexer cut it (ASCII only for numbers).
"""

from __future__ import annotations

from wf_lsp.findings import shortened

_MAX_UINT64 = 2**64 - 1
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_OCTAL_DIGITS = frozenset("01234567")
_SIMPLE_ESCAPES = frozenset("abfnrtv\\")


def number_error(text: str, complex_number: bool = False) -> str | None:
    """Go's complaint about a number token (`NUMBER` or `COMPLEX`), or None when it parses."""
    if complex_number:  # `1+2i`: fmt.Sscan reads a real part, a sign, an imaginary part
        cut = max(text.rfind("+"), text.rfind("-"))
        while cut > 0 and text[cut - 1] in "eEpP":
            cut = max(text.rfind("+", 0, cut), text.rfind("-", 0, cut))
        if cut > 0 and _float_ok(text[:cut]) and _float_ok(text[cut:-1]):
            return None
        return f"illegal number syntax: {shortened(text)!r}"
    if text.endswith("i") and _float_ok(text[:-1]):
        return None  # an imaginary number
    if _parse_uint(text) is not None or _parse_int(text) is not None:
        return None
    if _float_ok(text):
        if not any(char in text for char in ".eEpP"):
            return f"integer overflow: {shortened(text)!r}"
        return None
    return f"illegal number syntax: {shortened(text)!r}"


def overflows_int(text: str) -> bool:
    """Whether a number token Go parses is a whole number past int64 (`9223372036854775808`
    up to the largest uint64): its parse keeps it as an unsigned integer, and its run takes
    constants as int, float or complex only ("overflows int"). A float's spelling
    (`9223372036854775808.0`, `1e19`, `0x1p63`) is a float, fine."""
    if text.startswith("'") or text.endswith("i"):
        return False
    hex_int = text[:2].lower() == "0x" and not any(c in text for c in "pP")
    if not hex_int and any(c in text for c in ".eEpP"):
        return False
    return _parse_int(text) is None and _parse_uint(text) is not None


def constant(text: str) -> tuple[str, int | float | complex] | None:
    """A number token's kind to the run (Go's idealConstant: `int`, `float` or `complex`)
    and its value, which `eq` compares (`0x1F`, `0o37`, `037`, `3_1` and `'\x1f'` are the
    same int; `1e3` and `1000.0` the same float); None when Go rejects the token."""
    if text.startswith("'"):  # a character: a rune, an int to the run
        if char_error(text) is not None:
            return None
        return "int", ord(_char_value(text[1:-1]))
    if number_error(text, text.endswith("i") and any(c in text[1:] for c in "+-")):
        return None
    if text.endswith("i"):
        return "complex", _complex(text)
    hex_int = text.lstrip("+-")[:2].lower() == "0x" and not any(c in text for c in "pP")
    if not hex_int and any(c in text for c in ".eEpP"):
        return "float", _float(text)
    value = _parse_int(text)
    return None if value is None else ("int", value)


def _float(text: str) -> float:
    plain = text.replace("_", "")
    hex_form = plain.lstrip("+-")[:2].lower() == "0x"
    return float.fromhex(plain) if hex_form else float(plain)


def _complex(text: str) -> complex:
    """`1i`, `1+2i`: its real part (before the last sign not in an exponent) and imaginary."""
    cut = max(text.rfind("+"), text.rfind("-"))
    while cut > 0 and text[cut - 1] in "eEpP":
        cut = max(text.rfind("+", 0, cut), text.rfind("-", 0, cut))
    if cut <= 0:
        return complex(0, _float(text[:-1]))
    return complex(_float(text[:cut]), _float(text[cut:-1]))


def char_error(text: str) -> str | None:
    """Go's complaint about a character constant (`'a'`, quotes included), or None."""
    after = _unquote_char(text, 1, "'")
    if after is None:
        return "invalid syntax"
    if text[after:] != "'":
        return f"malformed character constant: {shortened(text)}"
    return None


def quoted_as_string(constant: str) -> str | None:
    """`"fast"` for `'fast'` (or `'f'`): the characters between single quotes in a Go
    string, when they need no escape in one (no `\\`, no `"`); else None."""
    inner = constant[1:-1]
    return None if "\\" in inner or '"' in inner else f'"{inner}"'


def unquote(text: str) -> str | None:
    """The value of a Go string literal (`"..."` or `` `...` ``), or None if Go rejects it."""
    if text.startswith("`"):
        return text[1:-1].replace("\r", "")
    out, index, end = [], 1, len(text) - 1
    while index < end:
        after = _unquote_char(text, index, '"')
        if after is None or after > end:
            return None
        out.append(_char_value(text[index:after]))
        index = after
    return "".join(out)


def _unquote_char(text: str, index: int, quote: str) -> int | None:
    """Where the character or escape at `index` ends, as strconv.UnquoteChar reads it."""
    if index >= len(text):
        return None
    char = text[index]
    if char == quote:
        return None
    if char != "\\":
        return index + 1
    if index + 1 >= len(text):
        return None
    char, index = text[index + 1], index + 2
    if char in _SIMPLE_ESCAPES:
        return index
    if char in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[char]
        digits = text[index:index + size]
        if len(digits) < size or not all(d in _HEX_DIGITS for d in digits):
            return None
        value = int(digits, 16)
        if char != "x" and (value > 0x10FFFF or 0xD800 <= value < 0xE000):
            return None
        return index + size
    if char in _OCTAL_DIGITS:
        digits = text[index - 1:index + 2]
        if len(digits) < 3 or not all(d in _OCTAL_DIGITS for d in digits) or int(digits, 8) > 255:
            return None
        return index + 2
    if char in "'\"":
        return index if char == quote else None
    return None


def _char_value(escape: str) -> str:
    if not escape.startswith("\\"):
        return escape
    kind = escape[1]
    if kind in "xuU" or kind in _OCTAL_DIGITS:
        # \x and octal escapes are bytes in Go; as text, the byte's code point stands in.
        return chr(int(escape[2:], 16) if kind in "xuU" else int(escape[1:], 8))
    return {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}.get(kind, kind)


def _parse_uint(text: str) -> int | None:
    """strconv.ParseUint(text, 0, 64)."""
    if not text:
        return None
    base, digits = 10, text
    if text[0] == "0":
        if len(text) >= 3 and text[1] in "bBoOxX":
            base, digits = {"b": 2, "o": 8, "x": 16}[text[1].lower()], text[2:]
        else:
            base, digits = 8, text[1:]
    value, underscores = 0, False
    for char in digits:
        if char == "_":
            underscores = True
            continue
        digit = int(char, 36) if char.isascii() and char.isalnum() else 99
        if digit >= base:
            return None
        value = value * base + digit
        if value > _MAX_UINT64:
            return None
    if underscores and not _underscores_ok(text):
        return None
    return value


def _parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64)."""
    sign, digits = 1, text
    if text[:1] in ("+", "-"):
        sign, digits = (-1 if text[0] == "-" else 1), text[1:]
    value = _parse_uint(digits)
    if value is None or value > 2**63 - (sign > 0):
        return None
    return sign * value


def _underscores_ok(text: str) -> bool:
    """strconv's underscoreOK: `_` only between digits (a base prefix counts as one)."""
    if text[:1] in ("+", "-"):
        text = text[1:]
    saw, index, hex_digits = "^", 0, False
    if len(text) >= 2 and text[0] == "0" and text[1] in "bBoOxX":
        saw, index, hex_digits = "0", 2, text[1] in "xX"
    for char in text[index:]:
        if "0" <= char <= "9" or hex_digits and char in _HEX_DIGITS:
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _float_ok(text: str) -> bool:
    """strconv.ParseFloat(text, 64) succeeds: Go's syntax, and no overflow to infinity."""
    index, size = 0, len(text)
    if index < size and text[index] in "+-":
        index += 1
    hex_form = text[index:index + 2] in ("0x", "0X") and index + 2 < size
    if hex_form:
        index += 2
    saw_dot = saw_digits = underscores = False
    while index < size:
        char = text[index]
        if char == "_":
            underscores = True
        elif char == ".":
            if saw_dot:
                break
            saw_dot = True
        elif "0" <= char <= "9" or hex_form and char in _HEX_DIGITS:
            saw_digits = True
        else:
            break
        index += 1
    if not saw_digits:
        return False
    if index < size and text[index].lower() == ("p" if hex_form else "e"):
        index += 1
        if index < size and text[index] in "+-":
            index += 1
        if index >= size or not "0" <= text[index] <= "9":
            return False
        while index < size and ("0" <= text[index] <= "9" or text[index] == "_"):
            underscores = underscores or text[index] == "_"
            index += 1
    elif hex_form:
        return False  # a hexadecimal mantissa needs a `p` exponent
    if index != size or underscores and not _underscores_ok(text):
        return False
    plain = text.replace("_", "")
    try:
        value = float.fromhex(plain) if hex_form else float(plain)
    except (OverflowError, ValueError):
        return False
    return value not in (float("inf"), float("-inf"))
