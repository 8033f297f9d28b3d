"""Go's `text/template` parser (text/template/parse/parse.go, Go 1.19+), over `lexer`'s tokens.

It accepts and rejects exactly what `template.New("").Delims("${{", "}}").Parse(text)`
does with no extra functions (tests/test_expressions_go.py holds it to that), and builds
a tree with spans. The first error stops the parse, as in Go; the tree then holds the
top-level nodes completed before it. Errors Go reports alike but users meet for different
reasons get their own `kind`, so that a rule can say what to do:

- ``unclosed``: `${{` with no `}}`;
- ``empty``: `${{ }}`;
- ``missing-dot``: `${{ inputs.x }}` (Go reads `inputs` as an undefined function); the fix
  inserts the dot;
- ``unknown-function``: a function the template language does not have;
- ``syntax``: anything else Go rejects.
"""

from __future__ import annotations

from functools import lru_cache

from wf_lsp.expr import lexer as lx
from wf_lsp.expr import nodes as n
from wf_lsp.expr.literals import char_error, number_error, unquote
from wf_lsp.findings import Replacement, shortened
from wf_lsp.records import record, replace

# text/template's built-in functions (Go 1.19+): the only ones a template may call unless
# the engine declares more, which its documentation does not.
BUILTIN_FUNCTIONS = frozenset({
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
})
# The data a workflow's expressions can reach: `.inputs.x`, `.secrets.x`, `.env.X`, `.matrix.x`.
CONTEXTS = ("inputs", "secrets", "env", "matrix")
MAIN_TEMPLATE = ""  # the name the string's own template gets (a `define` may not reuse it)

_OPERAND_STARTS = frozenset({
    lx.BOOL, lx.CHAR_CONSTANT, lx.COMPLEX, lx.DOT, lx.FIELD, lx.IDENTIFIER, lx.NUMBER, "nil",
    lx.RAW_STRING, lx.STRING, lx.VARIABLE, lx.LEFT_PAREN,
})
# Go's unicode.IsSpace, which its "is this template empty" check trims (Python's isspace()
# also counts \x1c-\x1f).
_GO_WHITESPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                           + "".join(chr(c) for c in range(0x2000, 0x200B)))


@record
class ParseError:
    kind: str  # unclosed, empty, missing-dot, unknown-function or syntax
    message: str
    start: int
    end: int
    fix: Replacement | None = None


@record
class Parsed:
    """A string's template; with an error, the top-level nodes completed before it."""

    template: n.Template
    error: ParseError | None

    @property
    def ok(self) -> bool:
        return self.error is None


@lru_cache(maxsize=4096)
def parse(text: str, functions: frozenset[str] = BUILTIN_FUNCTIONS) -> Parsed:
    """Parse `text` as Go's text/template does with delimiters `${{` `}}`."""
    parser = _Parser(text, functions)
    try:
        parser.parse()
        error = None
    except _Failure as failure:
        error = failure.error
    return Parsed(n.Template(tuple(parser.top), tuple(parser.definitions)), error)


class _Failure(Exception):
    def __init__(self, error: ParseError) -> None:
        self.error = error


@record
class _End:  # `${{ end }}`, returned to the list it closes
    start: int
    end: int


@record
class _Else:  # `${{ else }}` or the `${{ else` of `${{ else if ... }}`
    start: int
    end: int


def _describe(token: lx.Token) -> str:
    """A token the way Go's messages show it."""
    if token.kind == lx.EOF:
        return "EOF"
    if token.kind in lx.KEYWORDS:
        return f"<{token.text}>"
    if len(token.text) > 10:
        return '"' + token.text[:10].replace('"', '\\"') + '"...'
    return '"' + token.text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Parser:
    def __init__(self, text: str, functions: frozenset[str]) -> None:
        self.text = text
        self.functions = functions
        tokens = lx.tokens(text)
        if "break" in functions or "continue" in functions:  # Go lexes them as names then
            tokens = [replace(t, kind=lx.IDENTIFIER) if t.kind in functions and t.kind in
                      ("break", "continue") else t for t in tokens]
        self.tokens = tokens
        self.index = 0
        self.vars = ["$"]
        self.range_depth = 0
        self.top: list[n.Node] = []
        self.definitions: list[n.Definition] = []
        self.nonempty: dict[str, bool] = {}  # template name -> its body has content
        self.action_start = 0  # the `${{` of the action being parsed
        self.open_blocks: list[tuple[int, int, str]] = []  # the opening actions of if/range/...
        self.closing = lx.Token(lx.EOF, 0, 0, "")  # the token that ended the last pipeline

    # -- tokens -------------------------------------------------------------------------
    def next(self) -> lx.Token:
        token = self.tokens[min(self.index, len(self.tokens) - 1)]
        self.index += 1
        return token

    def peek(self) -> lx.Token:
        return self.tokens[min(self.index, len(self.tokens) - 1)]

    def next_non_space(self) -> lx.Token:
        token = self.next()
        while token.kind == lx.SPACE:
            token = self.next()
        return token

    def peek_non_space(self) -> lx.Token:
        token = self.next_non_space()
        self.index -= 1
        return token

    # -- errors -------------------------------------------------------------------------
    def fail(self, message: str, start: int, end: int, kind: str = "syntax",
             fix: Replacement | None = None) -> None:
        raise _Failure(ParseError(kind, message, start, max(end, start), fix))

    def unexpected(self, token: lx.Token, context: str) -> None:
        if token.kind == lx.ERROR:
            if token.text == "unclosed action":
                self.fail("unclosed action: `${{` has no `}}`", self.action_start,
                          len(self.text), "unclosed")
            end = token.end if token.end > token.start else min(token.start + 1, len(self.text))
            self.fail(token.text, token.start, end)
        self.fail(f"unexpected {_describe(token)} in {context}", token.start, token.end)

    def expect(self, kind: str, context: str) -> lx.Token:
        token = self.next_non_space()
        if token.kind != kind:
            self.unexpected(token, context)
        return token

    # -- templates ----------------------------------------------------------------------
    def parse(self) -> None:
        while self.peek().kind != lx.EOF:
            if self.peek().kind == lx.LEFT:
                at = self.index
                left = self.next()
                if self.next_non_space().kind == "define":
                    self.action_start = left.start
                    self.parse_definition(left)
                    continue
                self.index = at
            node = self.text_or_action()
            if isinstance(node, (_End, _Else)):
                word = "end" if isinstance(node, _End) else "else"
                self.fail(f"unexpected ${{{{{word}}}}}: no `if`, `range` or `with` is open",
                          node.start, node.end)
            self.top.append(node)
        self.add_tree(MAIN_TEMPLATE, self.top, 0, len(self.text))

    def add_tree(self, name: str, body, start: int, end: int) -> None:
        """Go's Tree.add: a name may be defined once with content (empty bodies don't count)."""
        has_content = not all(isinstance(node, n.Text) and
                              all(c in _GO_WHITESPACE for c in self.text[node.start:node.end])
                              for node in body)
        if self.nonempty.get(name) and has_content:
            self.fail(f"template: multiple definition of template {shortened(name)!r}", start, end)
        if not self.nonempty.get(name):
            self.nonempty[name] = has_content

    def parse_definition(self, left: lx.Token) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token.kind not in (lx.STRING, lx.RAW_STRING):
            self.unexpected(token, context)
        name = self.template_name(token, context)
        self.expect(lx.RIGHT, context)
        body, end = self.nested_body(left.start, self.tokens[self.index - 1].end, "define")
        self.definitions.append(n.Definition(name, body, left.start, end.end))
        self.add_tree(name, body, left.start, end.end)

    def nested_body(self, start: int, opening_end: int, keyword: str
                    ) -> tuple[tuple[n.Node, ...], _End]:
        """The body of a `define` or `block`: a template of its own, with fresh variables."""
        saved = self.vars, self.range_depth
        self.vars, self.range_depth = ["$"], 0
        body, end = self.item_list(start, opening_end, keyword)
        if not isinstance(end, _End):
            self.fail(f"unexpected ${{{{else}}}} in {keyword} clause", end.start, end.end)
        self.vars, self.range_depth = saved
        return body, end

    def item_list(self, start: int, opening_end: int, keyword: str
                  ) -> tuple[tuple[n.Node, ...], _End | _Else]:
        """The nodes up to the `end` or `else` of the construct opened by `${{ keyword`."""
        self.open_blocks.append((start, opening_end, keyword))
        nodes: list[n.Node] = []
        while self.peek_non_space().kind != lx.EOF:
            node = self.text_or_action()
            if isinstance(node, (_End, _Else)):
                self.open_blocks.pop()
                return tuple(nodes), node
            nodes.append(node)
        block_start, block_end, word = self.open_blocks[-1]
        self.fail(f"unexpected EOF: `{word}` has no ${{{{end}}}}", block_start, block_end)
        raise AssertionError  # fail() raised

    def text_or_action(self):
        token = self.next_non_space()
        if token.kind == lx.TEXT:
            return n.Text(token.start, token.end)
        if token.kind == lx.LEFT:
            self.action_start = token.start
            return self.action(token)
        self.unexpected(token, "input")

    # -- actions ------------------------------------------------------------------------
    def action(self, left: lx.Token):
        token = self.next_non_space()
        kind = token.kind
        if kind == "block":
            return self.block_control(left)
        if kind in ("break", "continue"):
            closing = self.next_non_space()
            if closing.kind != lx.RIGHT:
                self.unexpected(closing, f"${{{{{kind}}}}}")
            if self.range_depth == 0:
                self.fail(f"${{{{{kind}}}}} outside ${{{{range}}}}", left.start, closing.end)
            return n.LoopJump(kind, left.start, closing.end)
        if kind == "else":
            peek = self.peek_non_space()
            if peek.kind == "if":
                return _Else(left.start, peek.start)
            return _Else(left.start, self.expect(lx.RIGHT, "else").end)
        if kind == "end":
            return _End(left.start, self.expect(lx.RIGHT, "end").end)
        if kind in ("if", "range", "with"):
            return self.control(left.start, kind)
        if kind == "template":
            return self.template_control(left)
        self.index -= 1
        pipeline = self.pipeline("command", lx.RIGHT)
        return n.Action(pipeline, left.start, self.closing.end)

    def control(self, start: int, keyword: str) -> n.Control:
        depth = len(self.vars)
        pipeline = self.pipeline(keyword, lx.RIGHT)
        if keyword == "range":
            self.range_depth += 1
        body, ending = self.item_list(start, self.closing.end, keyword)
        if keyword == "range":
            self.range_depth -= 1
        else_body = None
        if isinstance(ending, _Else):
            if keyword == "if" and self.peek().kind == "if":
                self.next()
                nested = self.control(ending.start, "if")
                else_body, end = (nested,), nested.end
            else:
                else_body, after = self.item_list(ending.start, ending.end, "else")
                if not isinstance(after, _End):
                    self.fail("expected end; found ${{else}}", after.start, after.end)
                end = after.end
        else:
            end = ending.end
        del self.vars[depth:]
        return n.Control(keyword, pipeline, body, else_body, start, end)

    def block_control(self, left: lx.Token) -> n.TemplateCall:
        context = "block clause"
        literal = self.next_non_space()
        name = self.template_name(literal, context)
        pipeline = self.pipeline(context, lx.RIGHT)
        body, end = self.nested_body(left.start, self.closing.end, "block")
        self.definitions.append(n.Definition(name, body, left.start, end.end))
        self.add_tree(name, body, left.start, end.end)
        return n.TemplateCall(name, pipeline, left.start, end.end, literal.start, literal.end)

    def template_control(self, left: lx.Token) -> n.TemplateCall:
        context = "template clause"
        literal = self.next_non_space()
        name = self.template_name(literal, context)
        pipeline = None
        closing = self.next_non_space()
        if closing.kind != lx.RIGHT:
            self.index -= 1
            pipeline = self.pipeline(context, lx.RIGHT)
            closing = self.closing
        return n.TemplateCall(name, pipeline, left.start, closing.end, literal.start,
                              literal.end)

    def template_name(self, token: lx.Token, context: str) -> str:
        if token.kind not in (lx.STRING, lx.RAW_STRING):
            self.unexpected(token, context)
        name = unquote(token.text)
        if name is None:
            self.fail(f"invalid string {shortened(token.text)}", token.start, token.end)
        return name

    # -- pipelines ----------------------------------------------------------------------
    def pipeline(self, context: str, end_kind: str) -> n.Pipeline:
        start = self.peek_non_space().start
        declarations: list[n.Variable] = []
        is_assign = False
        while True:  # Go's `decls:` label
            variable = self.peek_non_space()
            if variable.kind != lx.VARIABLE:
                break
            at = self.index
            self.next()
            following = self.peek_non_space()
            if following.kind in (lx.ASSIGN, lx.DECLARE):
                is_assign = following.kind == lx.ASSIGN
                self.next_non_space()
                declarations.append(self.variable(variable))
                self.vars.append(variable.text)
            elif following.kind == lx.CHAR and following.text == ",":
                self.next_non_space()
                declarations.append(self.variable(variable))
                self.vars.append(variable.text)
                if context == "range" and len(declarations) < 2:
                    if self.peek_non_space().kind in (lx.VARIABLE, lx.RIGHT, lx.RIGHT_PAREN):
                        continue
                    self.fail("range can only initialize variables", following.start, following.end)
                self.fail(f"too many declarations in {context}", following.start, following.end)
            else:
                self.index = at
            break
        commands: list[n.Command] = []
        while True:
            token = self.next_non_space()
            if token.kind == end_kind:
                self.closing = token
                self.check_pipeline(declarations, commands, context, start, token)
                return n.Pipeline(tuple(declarations), is_assign, tuple(commands), start, token.start)
            if token.kind in _OPERAND_STARTS:
                self.index -= 1
                commands.append(self.command())
            else:
                self.unexpected(token, context)

    def check_pipeline(self, declarations, commands, context: str, start: int, closing) -> None:
        if not commands:
            if context == "command" and not declarations:
                self.fail("empty expression: `${{ }}` has nothing to evaluate", self.action_start,
                          closing.end, "empty")
            self.fail(f"missing value for {context}", start, closing.end)
        for stage, command in enumerate(commands[1:], start=2):
            first = command.args[0]
            if isinstance(first, (n.Bool, n.Dot, n.Nil, n.Number, n.String)):
                self.fail(f"non executable command in pipeline stage {stage}", first.start, first.end)

    def command(self) -> n.Command:
        start = self.peek_non_space().start
        args: list = []
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                args.append(operand)
            token = self.next()
            if token.kind == lx.SPACE:
                continue
            if token.kind in (lx.RIGHT, lx.RIGHT_PAREN):
                self.index -= 1
            elif token.kind != lx.PIPE:
                self.unexpected(token, "operand")
            break
        if not args:
            self.fail("empty command", start, start)
        return n.Command(tuple(args), start, args[-1].end)

    def operand(self):
        node = self.term()
        if node is None or self.peek().kind != lx.FIELD:
            return node
        segments = []
        while self.peek().kind == lx.FIELD:
            token = self.next()
            segments.append(n.Segment(token.text[1:], token.start + 1, token.end))
        end = segments[-1].end
        if isinstance(node, n.Field):
            return n.Field(node.segments + tuple(segments), node.start, end)
        if isinstance(node, n.Variable):
            return n.Variable(node.segments + tuple(segments), node.start, end)
        if isinstance(node, (n.Bool, n.String, n.Number, n.Nil, n.Dot)):
            self.fail(f"unexpected . after term {shortened(self.text[node.start:node.end])!r}",
                      node.start, end)
        return n.Chain(node, tuple(segments), node.start, end)

    def term(self):
        token = self.next_non_space()
        kind, start, end = token.kind, token.start, token.end
        if kind == lx.IDENTIFIER:
            if token.text not in self.functions:
                self.undefined_function(token)
            return n.Identifier(token.text, start, end)
        if kind == lx.DOT:
            return n.Dot(start, end)
        if kind == "nil":
            return n.Nil(start, end)
        if kind == lx.VARIABLE:
            if token.text not in self.vars:
                self.fail(f'undefined variable "{shortened(token.text)}"', start, end)
            return self.variable(token)
        if kind == lx.FIELD:
            return n.Field((n.Segment(token.text[1:], start + 1, end),), start, end)
        if kind == lx.BOOL:
            return n.Bool(token.text == "true", start, end)
        if kind in (lx.NUMBER, lx.COMPLEX, lx.CHAR_CONSTANT):
            problem = (char_error(token.text) if kind == lx.CHAR_CONSTANT
                       else number_error(token.text, kind == lx.COMPLEX))
            if problem:
                self.fail(problem, start, end)
            return n.Number(token.text, start, end)
        if kind == lx.LEFT_PAREN:
            pipeline = self.pipeline("parenthesized pipeline", lx.RIGHT_PAREN)
            return replace(pipeline, start=start, end=self.closing.end)
        if kind in (lx.STRING, lx.RAW_STRING):
            value = unquote(token.text)
            if value is None:
                self.fail(f"invalid string {shortened(token.text)}", start, end)
            return n.String(value, start, end)
        self.index -= 1
        return None

    def variable(self, token: lx.Token) -> n.Variable:
        return n.Variable((n.Segment(token.text, token.start, token.end),), token.start, token.end)

    def undefined_function(self, token: lx.Token) -> None:
        """`inputs.x` is a path without its dot (Go reads a function name); else a typo."""
        name, end, at = token.text, token.end, self.index
        while self.tokens[at].kind == lx.FIELD:
            end = self.tokens[at].end
            at += 1
        if end > token.end or name in CONTEXTS:
            path = self.text[token.start:end]
            shown = shortened(path)
            self.fail(f"`{shown}` needs a leading dot: `.{shown}`", token.start, end, "missing-dot",
                      Replacement(token.start, token.start, "."))
        self.fail(f'function "{shortened(name)}" not defined', token.start, token.end,
                  "unknown-function")
