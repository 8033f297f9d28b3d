"""The template language's tokens: Go's `text/template` lexer with delimiters `${{` `}}`.

The engine evaluates a string holding `${{ ... }}` as one Go template, so the whole string
is lexed the way Go 1.19+ lexes it (text/template/parse/lex.go): text between actions,
trim markers (`${{- ` and ` -}}`), comments (`${{/* ... */}}`), and inside an action the
operands, keywords, `|`, `:=`, `=`, parentheses and spaces (newlines included). Offsets are
code-point indices into the string, end exclusive. The token list ends with an EOF token,
or with an ERROR token (its text the message) where Go's lexer stops.
"""

from __future__ import annotations

from functools import lru_cache

from wf_lsp.findings import shortened
from wf_lsp.records import record


LEFT_DELIM = "${{"
RIGHT_DELIM = "}}"
SPACES = frozenset(" \t\r\n")  # Go's spaceChars; `x in SPACES` is False for "" (end of input)

# Token kinds.
ERROR = "error"
EOF = "eof"
TEXT = "text"
LEFT = "left-delim"
RIGHT = "right-delim"
SPACE = "space"
FIELD = "field"  # `.name`
VARIABLE = "variable"  # `$` or `$name`
IDENTIFIER = "identifier"  # a function name
DOT = "dot"
BOOL = "bool"
NUMBER = "number"
COMPLEX = "complex"  # `1+2i`
CHAR_CONSTANT = "char-constant"  # `'a'`
STRING = "string"  # `"..."`, quotes included
RAW_STRING = "raw-string"  # `` `...` ``
PIPE = "pipe"
ASSIGN = "assign"  # `=`
DECLARE = "declare"  # `:=`
LEFT_PAREN = "("
RIGHT_PAREN = ")"
CHAR = "char"  # any other printable ASCII character (`,` ...)
KEYWORDS = frozenset({"block", "break", "continue", "define", "else", "end", "if", "nil", "range",
                      "template", "with"})  # a keyword's kind is its word

_TERMINATORS = frozenset(".,|:)(")
_SIGNS = frozenset("+-")
_DECIMAL = frozenset("0123456789_")
_HEX = frozenset("0123456789abcdefABCDEF_")
_OCTAL = frozenset("01234567_")
_BINARY = frozenset("01_")
_EXPONENT_DIGITS = frozenset("0123456789_")
_ZERO, _POINT, _I = frozenset("0"), frozenset("."), frozenset("i")
_X, _O, _B, _E, _P = frozenset("xX"), frozenset("oO"), frozenset("bB"), frozenset("eE"), frozenset("pP")


@record
class Token:
    kind: str
    start: int
    end: int
    text: str  # the source text, or the message of an ERROR token


def is_alphanumeric(char: str) -> bool:
    """Go's isAlphaNumeric: `_`, a Unicode letter (L*) or decimal digit (Nd)."""
    return char == "_" or char.isalpha() or char.isdecimal()


def describe_char(char: str) -> str:
    """A character the way Go's `%#U` prints it: `U+002D '-'`."""
    code = f"U+{ord(char):04X}"
    return f"{code} '{char}'" if char.isprintable() else code


def lex(text: str) -> list[Token]:
    """The tokens of `text` as a template, up to the end or to the first lexical error."""
    lexer = _Lexer(text)
    state = lexer.lex_text
    while state is not None:
        state = state()
    return lexer.tokens


@lru_cache(maxsize=4096)  # as `parser.parse`, whose lexing this is
def tokens(text: str) -> tuple[Token, ...]:
    """`lex(text)`, remembered: a value is lexed once for its template's parse and for
    where its actions are (`expressions`), not once for each."""
    return tuple(lex(text))


def _has_left_trim(text: str, at: int) -> bool:
    return text[at:at + 1] == "-" and text[at + 1:at + 2] in SPACES


def _has_right_trim(text: str, at: int) -> bool:
    return text[at:at + 1] in SPACES and text[at + 1:at + 2] == "-"


def _leading_spaces(text: str, at: int) -> int:
    end = at
    while end < len(text) and text[end] in SPACES:
        end += 1
    return end - at


class _Lexer:
    """Go's state machine: each state method returns the next one, or None at the end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.tokens: list[Token] = []

    # -- helpers ------------------------------------------------------------------------
    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def next(self) -> str:
        char = self.peek()
        if char:
            self.pos += 1
        return char

    def accept(self, valid: frozenset[str]) -> bool:
        if self.peek() in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: frozenset[str]) -> None:
        while self.peek() in valid:
            self.pos += 1

    def emit(self, kind: str) -> None:
        self.tokens.append(Token(kind, self.start, self.pos, self.text[self.start:self.pos]))
        self.start = self.pos

    def ignore(self) -> None:
        self.start = self.pos

    def error(self, message: str, start: int | None = None, end: int | None = None) -> None:
        start = self.start if start is None else start
        end = self.pos if end is None else end
        self.tokens.append(Token(ERROR, start, max(end, start), message))

    def bad_character(self) -> None:
        """Go's "bad character" error, on that character alone."""
        self.error(f"bad character {describe_char(self.peek())}", self.pos, self.pos + 1)

    def at_right_delim(self) -> tuple[bool, bool]:
        """(at `}}`, with a trim marker ` -}}` before it)."""
        if _has_right_trim(self.text, self.pos) and self.text.startswith(RIGHT_DELIM, self.pos + 2):
            return True, True
        return self.text.startswith(RIGHT_DELIM, self.pos), False

    def at_terminator(self) -> bool:
        char = self.peek()
        return (char in SPACES or char == "" or char in _TERMINATORS
                or self.text.startswith(RIGHT_DELIM, self.pos))

    # -- states -------------------------------------------------------------------------
    def lex_text(self):
        text = self.text
        found = text.find(LEFT_DELIM, self.pos)
        if found < 0:
            self.pos = len(text)
            if self.pos > self.start:
                self.emit(TEXT)
            self.emit(EOF)
            return None
        trim = 0
        if _has_left_trim(text, found + len(LEFT_DELIM)):
            before = text[self.start:found]
            trim = len(before) - len(before.rstrip(" \t\r\n"))
        self.pos = found - trim
        if self.pos > self.start:
            self.emit(TEXT)
        self.pos = found
        self.ignore()
        return self.lex_left_delim

    def lex_left_delim(self):
        self.pos += len(LEFT_DELIM)
        after_marker = 2 if _has_left_trim(self.text, self.pos) else 0
        if self.text.startswith("/*", self.pos + after_marker):
            self.pos += after_marker
            return self.lex_comment
        self.emit(LEFT)
        self.pos += after_marker
        self.ignore()
        self.paren_depth = 0
        return self.lex_inside_action

    def lex_comment(self):
        # The comment's error spans start at its `${{`, where `start` still is.
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            self.pos = len(self.text)
            return self.error("unclosed comment")
        self.pos = end + 2
        delim, trim = self.at_right_delim()
        if not delim:
            return self.error("comment ends before closing delimiter")
        self.pos += (2 if trim else 0) + len(RIGHT_DELIM)
        if trim:
            self.pos += _leading_spaces(self.text, self.pos)
        self.ignore()
        return self.lex_text

    def lex_right_delim(self):
        trim = _has_right_trim(self.text, self.pos)
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += len(RIGHT_DELIM)
        self.emit(RIGHT)
        if trim:
            self.pos += _leading_spaces(self.text, self.pos)
            self.ignore()
        return self.lex_text

    def lex_inside_action(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            return self.error("unclosed left paren")
        char = self.next()
        if char == "":
            return self.error("unclosed action")
        if char in SPACES:
            self.pos -= 1  # put it back, in case it starts ` -}}`
            return self.lex_space
        if char == "=":
            self.emit(ASSIGN)
        elif char == ":":
            if self.next() != "=":
                return self.error("expected :=")
            self.emit(DECLARE)
        elif char == "|":
            self.emit(PIPE)
        elif char == '"':
            return self.lex_quote
        elif char == "`":
            return self.lex_raw_quote
        elif char == "$":
            return self.lex_variable
        elif char == "'":
            return self.lex_char
        elif char == "." and self.pos < len(self.text) and not "0" <= self.text[self.pos] <= "9":
            return self.lex_field
        elif char == "." or char in _SIGNS or "0" <= char <= "9":  # a number, `.5` included
            self.pos -= 1
            return self.lex_number
        elif is_alphanumeric(char):
            self.pos -= 1
            return self.lex_identifier
        elif char == "(":
            self.emit(LEFT_PAREN)
            self.paren_depth += 1
        elif char == ")":
            self.emit(RIGHT_PAREN)
            self.paren_depth -= 1
            if self.paren_depth < 0:
                return self.error("unexpected right paren U+0029 ')'")
        elif " " <= char <= "~":
            self.emit(CHAR)
        else:
            return self.error(f"unrecognized character in action: {describe_char(char)}")
        return self.lex_inside_action

    def lex_space(self):
        count = 0
        while self.peek() in SPACES:
            self.pos += 1
            count += 1
        if _has_right_trim(self.text, self.pos - 1) and self.text.startswith(RIGHT_DELIM, self.pos + 1):
            self.pos -= 1  # before the space of ` -}}`
            if count == 1:
                return self.lex_right_delim
        self.emit(SPACE)
        return self.lex_inside_action

    def lex_identifier(self):
        while is_alphanumeric(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            return self.bad_character()
        word = self.text[self.start:self.pos]
        if word in KEYWORDS:
            self.emit(word)
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENTIFIER)
        return self.lex_inside_action

    def lex_field(self):
        return self._field_or_variable(FIELD)

    def lex_variable(self):
        return self._field_or_variable(VARIABLE)

    def _field_or_variable(self, kind: str):
        if self.at_terminator():  # nothing follows: `.` or `$`
            self.emit(VARIABLE if kind == VARIABLE else DOT)
            return self.lex_inside_action
        while is_alphanumeric(self.peek()):
            self.pos += 1
        if not self.at_terminator():
            return self.bad_character()
        self.emit(kind)
        return self.lex_inside_action

    def lex_char(self):
        while True:
            char = self.next()
            if char == "\\":
                if self.next() not in ("", "\n"):
                    continue
                return self.error("unterminated character constant")
            if char in ("", "\n"):
                return self.error("unterminated character constant")
            if char == "'":
                break
        self.emit(CHAR_CONSTANT)
        return self.lex_inside_action

    def lex_number(self):
        if not self.scan_number():
            return self.error(f"bad number syntax: {shortened(self.text[self.start:self.pos])!r}")
        if self.peek() in _SIGNS:  # a complex number: `1+2i`
            if not self.scan_number() or self.text[self.pos - 1] != "i":
                return self.error(f"bad number syntax: {shortened(self.text[self.start:self.pos])!r}")
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)
        return self.lex_inside_action

    def scan_number(self) -> bool:
        self.accept(_SIGNS)
        digits = _DECIMAL
        if self.accept(_ZERO):
            if self.accept(_X):
                digits = _HEX
            elif self.accept(_O):
                digits = _OCTAL
            elif self.accept(_B):
                digits = _BINARY
        self.accept_run(digits)
        if self.accept(_POINT):
            self.accept_run(digits)
        if digits is _DECIMAL and self.accept(_E):
            self.accept(_SIGNS)
            self.accept_run(_EXPONENT_DIGITS)
        if digits is _HEX and self.accept(_P):
            self.accept(_SIGNS)
            self.accept_run(_EXPONENT_DIGITS)
        self.accept(_I)
        if is_alphanumeric(self.peek()):
            self.pos += 1
            return False
        return True

    def lex_quote(self):
        while True:
            char = self.next()
            if char == "\\":
                if self.next() not in ("", "\n"):
                    continue
                return self.error("unterminated quoted string")
            if char in ("", "\n"):
                return self.error("unterminated quoted string")
            if char == '"':
                break
        self.emit(STRING)
        return self.lex_inside_action

    def lex_raw_quote(self):
        end = self.text.find("`", self.pos)
        if end < 0:
            self.pos = len(self.text)
            return self.error("unterminated raw quoted string")
        self.pos = end + 1
        self.emit(RAW_STRING)
        return self.lex_inside_action
