"""A string input or a secret is expanded straight into a `run` command.

The engine puts the value into the script's text before the shell reads it: an input
holding `"; rm -rf ~; "` or `$(curl ...)` runs as code, and a secret becomes part of a
command line that may be printed to the logs. Pass the value through the step's `env`
and read it as a shell variable: the shell then treats it as data. The fix moves the
expression into the step's `env` and uses `$NAME` (offered, not applied unasked: inside
single quotes in the script a variable is not expanded). The other ways to print the
value are reported too: `index .secrets "token"`, `.` inside a `with` (or `range`) over
it, a `range`'s element variable (`$v` in `range $k, $v := .secrets`), a field of `.` in a
`with .secrets`, a variable declared with it (`${{ $t := .secrets.token }}` prints
nothing, `${{ $t }}` does), `.` or `$` in the body of a `block` or of a `define` called
with it (`${{ block "b" .inputs.name }}${{ . }}${{ end }}`), a field of `.` there
(`.name` in a `define` every call of which gives it `.inputs`), `.inputs` or `.secrets` whole,
which prints every value, and the whole data (`.` at the top, `$`), which prints every
input and secret. Inputs of type `int` and `bool`, matrix values and env variables are not
reported, nor a value only a number or a boolean is made of (`len .inputs.s`,
`.inputs.s | eq "a"`, `and .inputs.s true`).

## Bad
```yaml
id: greet
inputs:
  name:
    type: string
jobs:
  greet:
    timeout: "1h"
    steps:
      - run: echo "Hello ${{ .inputs.name }}"
```

## Good
```yaml
id: greet
inputs:
  name:
    type: string
jobs:
  greet:
    timeout: "1h"
    steps:
      - env:
          NAME: ${{ .inputs.name }}
        run: echo "Hello $NAME"
```
"""

from __future__ import annotations

import re

from wf_lsp.findings import Edit, Fix, Position, Severity, Span, shortened
from wf_lsp.fixes import quoted
from wf_lsp.model import is_merge_key
from wf_lsp.rules.contexts import each_job_sites, of, rename

CODE = "WF407"
NAME = "injection-in-run"
SEVERITY = Severity.WARNING
HAS_FIX = True

# Functions whose result is a number or a boolean: the value itself is never printed.
_SILENT = frozenset({"len", "eq", "ne", "lt", "le", "gt", "ge", "not"})
# Variables the shell or the runner already use: a fix must not shadow them.
_TAKEN = frozenset({
    "PATH", "HOME", "USER", "SHELL", "PWD", "OLDPWD", "IFS", "LANG", "TERM", "HOSTNAME",
    "TMPDIR", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "LINENO", "ENV", "BASH_ENV",
    "CDPATH", "PS1", "PS4", "LD_PRELOAD", "LD_LIBRARY_PATH", "PYTHONPATH",
})
_IDENTIFIER_CHAR = r"[A-Za-z0-9_]"
ROOT = -1  # in `_printed`'s sets of offsets: the whole data, not a path starting there


def check(ctx):
    return each_job_sites(ctx, "sites", lambda sites: _check(ctx, sites))


def _check(ctx, sites):
    for site in sites:
        place = site.place
        if place.kind != "step" or place.key != "run" or place.step is None:
            continue
        text = site.expressions.text
        printed, whole, roots = _printed(site.expressions.parsed.template, text)
        if roots:
            what = _root_holds(of(ctx))
            for start, end in roots if what else ():
                yield ctx.report(f"`{shortened(text.value[start:end])}` (the workflow's data: "
                                 f"{what}) is expanded into the shell command: pass the values it needs "
                                 "through `env`", text.span(start, end))
        for reference in site.expressions.references:
            if reference.span.start not in printed:
                continue
            semantics = of(ctx)
            context, name = reference.context.name, reference.name
            if name is None:  # the whole map, printed as `map[name:value ...]`
                if context == "secrets" and semantics.aliases:
                    what = "every secret"
                elif context == "inputs" and any(map(_is_text, semantics.inputs.values())):
                    what = "every input, string inputs among them"
                else:
                    continue
                yield ctx.report(f"`.{context}` ({what}) is expanded into the shell command: "
                                 "pass the values it needs through `env`", reference.span)
                continue
            if reference.rest:  # a field of a string stops the run (WF403): nothing printed
                continue
            if context == "secrets" and name.name in semantics.aliases:
                what = "a secret"
            elif context == "inputs" and _is_text(semantics.inputs.get(name.name)):
                what = "a string input"
            else:
                continue
            path = f".{context}.{name.name}"
            message = f"`{path}` ({what}) is expanded into the shell command: pass it through `env`"
            fix = _fix(ctx, semantics, site, reference, whole.get(reference.span.start))
            yield ctx.report(message, reference.span, (fix,) if fix else ())


def _root_holds(semantics) -> str | None:
    """What printing the whole data (`.` at the top, `$`) gives away, or None."""
    secrets = bool(semantics.aliases)
    texts = any(map(_is_text, semantics.inputs.values()))
    if secrets and texts:
        return "every input and every secret"
    return "every secret" if secrets else "every input, string inputs among them" if texts else None


def _is_text(declared) -> bool:
    return declared is not None and (declared.type == "string" or declared.secret)


def _printed(template, text) -> tuple[set[Position], dict[Position, tuple[int, int]],
                                     list[tuple[int, int]]]:
    """Where the paths whose value the template prints start, for a path that is a whole
    `${{ .path }}` that action's offsets, and the offsets of each `.` or `$` that prints
    the whole data."""
    from wf_lsp.expr import nodes as n  # imported already: the value held an expression
    from wf_lsp.expr.paths import assigned_variables, bodies

    starts: set[int] = set()
    whole: dict[int, tuple[int, int]] = {}
    roots: list[tuple[int, int]] = []
    assigned = assigned_variables(template.nodes)  # which value they hold depends on the run
    named = bodies(template)
    called: set[tuple[str, frozenset[int]]] = set()  # each body once for what `.` holds

    def nodes(items, dot: frozenset[int], elements: dict[str, frozenset[int]]) -> None:
        """`dot`: where the paths start whose value `.` holds (`ROOT`: the data itself);
        `elements`: the same for each variable a `range` gives an element to."""
        elements = dict(elements)  # what an action declares lasts to the list's end
        for node in items:
            if isinstance(node, n.Action):
                pipeline = node.pipeline
                if pipeline.declarations:  # `${{ $x := .inputs.s }}` prints nothing
                    for variable in pipeline.declarations:  # (and paths.py follows `$x`)
                        elements.pop(variable.segments[0].name, None)
                    continue
                args = pipeline.commands[0].args if len(pipeline.commands) == 1 else ()
                if len(args) == 1 and isinstance(args[0], (n.Field, n.Variable)):
                    whole[args[0].start] = (node.start, node.end)
                commands(pipeline, starts, dot, elements)
            elif isinstance(node, n.Control):  # its condition is not printed; its bodies are
                declared = [variable.segments[0].name for variable in node.pipeline.declarations]
                inner = dot
                scope = body = {k: v for k, v in elements.items() if k not in declared}
                if node.keyword in ("with", "range"):  # `.` is the value (or its elements)
                    held: set[int] = set()
                    commands(node.pipeline, held, dot, elements)
                    inner = frozenset(held)
                    # `range $v := .secrets`, `range $k, $v := .secrets`: the last variable
                    # is given each element, as `.` is (the first, a key or an index).
                    if node.keyword == "range" and declared and not node.pipeline.is_assign \
                            and declared[-1] not in assigned:
                        body = {**scope, declared[-1]: inner}  # (no element in the `else`)
                nodes(node.body, inner, body)
                nodes(node.else_body or (), dot, scope)
            elif isinstance(node, n.TemplateCall):  # a `block`, or a `define` called
                held = set()  # its `.` and `$`: the value of the call's pipeline
                if node.pipeline is not None:
                    commands(node.pipeline, held, dot, elements)
                if (node.name, frozenset(held)) not in called and node.name in named:
                    called.add((node.name, frozenset(held)))
                    nodes(named[node.name], frozenset(held), {"$": frozenset(held)})

    def commands(pipeline, into: set[int], dot: frozenset[int],
                 elements: dict[str, frozenset[int]]) -> None:
        stages = pipeline.commands
        functions = [command.args[0].name if command.args and
                     isinstance(command.args[0], n.Identifier) else None for command in stages]
        # A stage's value is the next one's last argument: what reaches a function whose
        # result is a number or a boolean (`.inputs.s | len`) is not printed.
        quiet = max((i for i, name in enumerate(functions) if name in _SILENT), default=-1)
        for command, function in zip(stages[quiet + 1:], functions[quiet + 1:]):
            if function == "index":
                # The element is printed, not the map or the keys: the path
                # `index .inputs "x"` starts at `index`.
                into.add(command.start)
                continue
            # `and` gives its first empty argument or its last: only the last can print
            # something.
            for arg in command.args[-1:] if function == "and" else command.args:
                operand(arg, into, dot, elements)

    def operand(item, into: set[int], dot: frozenset[int], elements: dict[str, frozenset[int]]) -> None:
        if isinstance(item, (n.Field, n.Variable, n.Chain)):
            into.add(item.start)
        if isinstance(item, n.Variable) and len(item.segments) == 1:
            name = item.segments[0].name
            if name == "$" and "$" not in elements:  # (in a definition, its argument)
                into.add(ROOT)
            into.update(elements.get(name, ()))  # a range's element: as `.` in its body
        if isinstance(item, n.Chain):  # `(.).inputs.s`: a field of it is printed, not it
            inner: set[int] = set()
            operand(item.operand, inner, dot, elements)
            into.update(inner - {ROOT})
        elif isinstance(item, n.Dot):
            into.update(dot)
        elif isinstance(item, n.Pipeline):
            commands(item, into, dot, elements)
        if ROOT in into and into is starts:  # printed: `.` or `$` is the whole data here
            into.discard(ROOT)
            roots.append((item.start, item.end))

    nodes(template.nodes, frozenset({ROOT}), {})
    return ({text.position(s) for s in starts},
            {text.position(s): offsets for s, offsets in whole.items()}, roots)


def _fix(ctx, semantics, site, reference, action: tuple[int, int] | None) -> Fix | None:
    """Move a whole `${{ .path }}` into the step's `env` and use `$NAME` in its place."""
    if action is None:
        return None
    text = site.expressions.text
    start, end = action
    context, name = reference.context.name, reference.name.name
    # (`.inputs.my-input` is no path in Go: a name with `-` is read with `index`)
    if name.isidentifier():
        path = f".{context}.{name}"
    else:
        import json  # here, not at the top: json is no part of a plain lint's start

        path = f"index .{context} {json.dumps(name, ensure_ascii=False)}"
    expression = f"${{{{ {path} }}}}"
    visible = semantics.visible(site.place, "env")
    name = _env_name(reference, visible, expression)
    following = text.value[end:end + 1]
    use = f"${{{name}}}" if re.match(_IDENTIFIER_CHAR, following) else f"${name}"
    replace = rename(ctx, text.span(start, end), text.value[start:end], use)
    if replace is None:
        return None
    edits = [replace]
    if name not in visible:
        added = _add_env(ctx, site.place.step.section, name, expression)
        if added is None:
            return None
        edits.append(added)
    return Fix(f"Pass it as `${name}` through the step's `env`", tuple(edits), safe=False)


def _env_name(reference, visible, expression: str) -> str:
    """`NAME` for `.inputs.name`: unless taken by another value (then INPUT_NAME, ...)."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", reference.name.name).upper()
    prefix = "INPUT_" if reference.context.name == "inputs" else "SECRET_"
    candidates = [base, prefix + base] if base and not base[0].isdigit() else [prefix + base]
    number = 2
    while True:
        for candidate in candidates:
            if candidate in _TAKEN:
                continue
            defined = visible.get(candidate)
            if defined is None or defined.value == expression:
                return candidate
        candidates = [f"{prefix}{base}_{number}"]
        number += 1


def _add_env(ctx, step, name: str, expression: str) -> Edit | None:
    """An edit adding `NAME: "${{ ... }}"` to the step's own `env`, creating it if need be."""
    line_text = f'{name}: {quoted(expression)}'
    entry = step.get("env")
    if entry is not None:
        env = entry.value
        if entry.merged or env.id != "mapping":
            return None  # a shared or odd `env`: editing it would change other steps
        if env.flow_style:
            end = env.end_mark
            before = ctx.source.line_text(end.line)[:end.column - 1].rstrip()
            separator = "" if before.endswith("{") else ", "
            return Edit(Span.of(end.line, end.column - 1, end.line, end.column - 1),
                        separator + line_text)
        if not env.value:
            return None
        indent = env.value[0][0].start_mark.column
        return _after(ctx, env.value[-1][1], " " * indent + line_text)
    pairs = [(k, v) for k, v in step.node.value if not is_merge_key(k)]
    if step.node.flow_style or not pairs:
        return None
    indent = pairs[0][0].start_mark.column
    block = f"{' ' * indent}env:\n{' ' * (indent + 2)}{line_text}"
    for key, _ in pairs:  # before a key that begins its line
        mark = key.start_mark
        if not ctx.source.line_text(mark.line)[:mark.column].strip():
            return ctx.source.insert_lines(mark.line, block + "\n")
    return _after(ctx, pairs[-1][1], block)


def _after(ctx, node, text: str) -> Edit:
    """Insert `text` as the line after `node`'s value."""
    end = node.end_mark
    line = end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1
    return ctx.source.insert_lines(line, text + "\n")
