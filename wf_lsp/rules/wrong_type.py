"""A value has the wrong YAML type.

`steps` must be a list of mappings, `depends_on` a list of job ids, `env` values strings
("quote numbers and booleans": `PORT: 8080` is a number, `PORT: "8080"` a string),
`continue_on_error`, `cancel_on_failure`, `cancel_in_progress`, `callable` and
`required` booleans, `matrix` values lists of strings, an input's `type` one of
`string`, `bool` or `int` and its `default` of that type. Where the intent is plain,
the fix quotes the number or makes the list (`depends_on: prepare`, or one schedule,
step or secret written without its `- `).

An explicit tag decides a value's type, as YAML says: `!!int 1h` is a number that `1h`
is not, `!!seq 1h` a list, `!!str [...]` a string, and the engine cannot read any of
them. Keys are names: a list or mapping as a key (`? [a, b]`) is reported, not
passed over. A merge key merges mappings: `<<: *defaults` or `<<: [*a, *b]`, where an
alias of a single value (`<<: *limit`) is refused by the engine's YAML reader. The
first 20 wrong items of one list, or values of one mapping (`env`, `matrix`), are listed,
the rest as one finding whose safe fix makes all of theirs (as for WF511).

## Bad
```yaml
id: train
env:
  EPOCHS: 10
jobs:
  train:
    timeout: "1h"
    depends_on: prepare
    steps:
      - run: python train.py
  prepare:
    timeout: "1h"
    steps:
      - run: python prepare.py
```

## Good
```yaml
id: train
env:
  EPOCHS: "10"
jobs:
  train:
    timeout: "1h"
    depends_on: [prepare]
    steps:
      - run: python train.py
  prepare:
    timeout: "1h"
    steps:
      - run: python prepare.py
```
"""

from __future__ import annotations

from wf_lsp import spec
from wf_lsp.findings import Edit, Fix, Severity, Span
from wf_lsp.fixes import quoted, replace_value
from wf_lsp.model import (
    TYPE_NAMES, is_merge_key, merged_entries, name_entries, reported_span, span_of, tag_conflict,
    type_name, yaml_type
)
from wf_lsp.parse import walk
from wf_lsp.patterns import LazyPattern

CODE = "WF005"
NAME = "wrong-type"
SEVERITY = Severity.ERROR
HAS_FIX = True

_INPUT_TYPES = {"string": ("str",), "bool": ("bool",), "int": ("int",)}
# A plain scalar that reads the same as an item of a flow list: no flow indicator, and no
# indicator or space first (YAML 1.2: `-`, `?`, `:` lead a plain scalar when a character
# follows, but a job id rarely starts so; quoting those is as right).
_FLOW_PLAIN = LazyPattern(r"[^\s,\[\]{}#&*!|>'\"%@`:?-][^,\[\]{}]*(?<=\S)")


def check(ctx):
    if ctx.source.holds("!"):  # an explicit tag: `!!int`, `!<tag:...>`
        yield from _tag_conflicts(ctx)
    yield from _complex_keys(ctx)
    yield from ctx.each_section(lambda section: _check_section(ctx, section))


def _check_section(ctx, section):
    keys = section.spec.keys
    for entry in section.entries:
        key = keys.get(entry.key)
        if key is not None and key.type != spec.DURATION:
            yield from _check_value(ctx, f"`{entry.key}`", entry.value, key, entry.key_node)
    if section.kind == "input":
        yield from _check_default(ctx, section)


def _tag_conflicts(ctx):
    """Values whose explicit tag says a type they do not have, once each (the checks
    below pass over them: one finding per value)."""
    for node in walk((ctx.workflow.root.node,)):
        problem = tag_conflict(node)
        if problem is not None:
            yield ctx.report(problem, span_of(node))


def _complex_keys(ctx):
    """Keys that are lists or mappings (`? [a, b]`): the format's keys are names, and
    the model passes over them; said, not ignored."""
    root = ctx.workflow.root.node
    jobs = ctx.workflow.root.get("jobs")
    labels = {id(root): "a key of the workflow",
              **({id(jobs.value): "a job id"} if jobs is not None else {})}
    return ctx.walk_by_job("complex-keys",
                           lambda nodes, _sections: _complex_keys_in(ctx, nodes, labels))


def _complex_keys_in(ctx, nodes, labels):
    for node in nodes:
        if node.id != "mapping":
            continue
        for key_node, value in node.value:
            if key_node.id != "scalar":
                label = labels.get(id(node), "a key")
                yield ctx.report(f"{label} must be a name, not {type_name(key_node)}",
                                 span_of(key_node))
            elif is_merge_key(key_node):
                yield from _merge_sources(ctx, key_node, value)


def _merge_sources(ctx, key_node, value):
    """A `<<` value that is not a mapping or a list of them (`<<: 5`, `<<: [*a, x]`):
    the engine's YAML reader refuses the file, and the model merges nothing of it. Said
    at the value, or at the `<<` when it is an alias (`<<: *limit`: the anchored value is
    right where it is written)."""
    items = value.value if value.id == "sequence" else (value,)
    for item in items:
        if item.id != "mapping":
            what = "a mapping or a list of mappings" if item is value else "a mapping"
            at = reported_span(key_node, item)
            yield ctx.report(f"`<<` merges {what}, not {type_name(item)}",
                             span_of(key_node) if at.start < span_of(key_node).start else at)


def _check_value(ctx, label, node, key, under):
    """Findings about a value, the value of the key node `under`: reported at its span (or
    its key's, when it is empty)."""
    if _tag_said(ctx, node):
        return  # `_tag_conflicts` said it
    kind = key.type
    actual = yaml_type(node)
    if kind == spec.STRING:
        yield from _expect_string(ctx, label, node, under)
        if actual == "str" and key.non_empty and not node.value.strip():
            yield ctx.report(f"{label} must not be empty", _where(under, node))
        elif actual == "str" and key.values and node.value not in key.values:
            allowed = ", ".join(f"`{v}`" for v in key.values)
            yield ctx.report(f"{label} must be one of {allowed}", _where(under, node))
    elif kind == spec.BOOL:
        if actual != "bool":
            yield ctx.report(
                f"{label} must be a boolean (`true` or `false`), not {type_name(node)}",
                _where(under, node), _bool_fix(ctx, node),
            )
    elif kind == spec.SCALAR:
        if actual in ("seq", "map"):
            yield ctx.report(f"{label} must be a single value, not {type_name(node)}",
                             _where(under, node))
    elif kind == spec.STRING_LIST:
        if actual == "str":
            fixes = ()
            if not _has_properties(ctx, node):
                fixes = (Fix("Make it a list", (_as_list(ctx, node),), True),)
            yield ctx.report(f"{label} must be a list: `[{node.value}]`",
                             _where(under, node), fixes)
        elif actual != "seq":
            yield ctx.report(f"{label} must be a list of strings, not {type_name(node)}",
                             _where(under, node))
        else:
            yield from ctx.capped([f for item in node.value
                                   for f in _expect_string(ctx, f"an item of {label}", item, None)],
                                  "this list")
    elif kind in (spec.STRING_MAP, spec.SCALAR_MAP, spec.MATRIX):
        if actual != "map":
            yield ctx.report(f"{label} must be a mapping, not {type_name(node)}",
                             _where(under, node))
            return
        # An `env` of 100,000 unquoted numbers was 100,000 findings, as a list's were.
        yield from ctx.capped(list(_map_values(ctx, kind, label, node)), "this mapping")
    else:
        container, _, child = kind.partition(":")
        title = spec.KINDS[child].title
        if container == "object" and actual != "map":
            yield ctx.report(f"{label} must be a mapping ({title}), not {type_name(node)}",
                             _where(under, node))
        elif container == "list":
            if actual != "seq":
                yield ctx.report(f"{label} must be a list of mappings ({title} each), "
                                 f"not {type_name(node)}", _where(under, node),
                                 _one_item_fix(ctx, node) if actual == "map" else ())
            else:
                yield from ctx.capped([ctx.report(f"each item of {label} must be a mapping "
                                                  f"({title}), not {type_name(item)}",
                                                  span_of(item))
                                       for item in node.value if yaml_type(item) != "map"],
                                      "this list")
        elif container == "map":
            if actual != "map":
                yield ctx.report(f"{label} must be a mapping, not {type_name(node)}",
                                 _where(under, node))
            else:
                for key_node, value in node.value:
                    if key_node.id != "scalar":
                        continue  # as above: `_complex_keys` says so
                    if is_merge_key(key_node):
                        yield from _merged_not_sections(ctx, label, title, node, key_node,
                                                        value)
                    elif yaml_type(value) != "map":
                        yield ctx.report(f"`{key_node.value}` in {label} must be a "
                                         f"mapping ({title}), not {type_name(value)}",
                                         reported_span(key_node, value))


def _map_values(ctx, kind, label, node):
    """The findings about the values of mapping `node` of `kind` (`env`, `matrix`, ...)."""
    for key_node, value in _named_values(node):
        name = f"`{key_node.value}` in {label}"
        if kind == spec.STRING_MAP:
            yield from _expect_string(ctx, name, value, key_node,
                                      hint="quote numbers and booleans")
        elif kind == spec.SCALAR_MAP:
            if yaml_type(value) in ("seq", "map"):
                yield ctx.report(f"{name} must be a single value, not "
                                 f"{type_name(value)}", reported_span(key_node, value))
        elif yaml_type(value) != "seq":
            yield ctx.report(f"{name} must be a list of strings, not "
                             f"{type_name(value)}", reported_span(key_node, value))
        else:
            yield from ctx.capped([f for item in value.value
                                   for f in _expect_string(ctx, f"an item of {name}", item, None)],
                                  "this list")


def _merged_not_sections(ctx, label, title, node, merge_key, sources):
    """What a `<<` of a mapping of sections brings that is no mapping, said once at the
    `<<`: `jobs: {<<: *more}` makes each key of `more` a job, and `<<: *defaults` there
    (a job's keys, one level too high) makes jobs named `timeout` and `steps`."""
    kept = {id(entry.key_node) for entry in name_entries(node) if entry.merged}
    wrong = [f"`{entry.key}` ({type_name(entry.value)})" for entry in merged_entries(sources)
             if id(entry.key_node) in kept and yaml_type(entry.value) != "map"]
    if wrong:
        yield ctx.report(f"`<<` merges {', '.join(wrong)} into {label}, where each must be "
                         f"a mapping ({title})", span_of(merge_key))


def _named_values(node):
    """The keys and values of a mapping of names: each of its own (a repeated key too:
    each value is checked), then those its `<<` merge keys bring that it lacks, each
    checked where it is written. A list or mapping as a key is `_complex_keys`'s."""
    for key_node, value in node.value:
        if key_node.id == "scalar" and not is_merge_key(key_node):
            yield key_node, value
    for entry in name_entries(node):
        if entry.merged:
            yield entry.key_node, entry.value


def _expect_string(ctx, label, node, under, hint=None):
    actual = yaml_type(node)
    if actual == "str" or _tag_said(ctx, node):
        return
    message = f"{label} must be a string, not {type_name(node)}"
    fixes = ()
    if actual in ("int", "float", "bool"):
        message += f": {hint or 'quote it'}"
    if actual in ("int", "float", "bool") and not _has_properties(ctx, node):
        text = _source(ctx, node)
        fixes = (Fix(f"Quote it: {quoted(text)}", (Edit(span_of(node), quoted(text)),), True),)
    yield ctx.report(message, _where(under, node), fixes)


def _tag_said(ctx, node) -> bool:
    """Whether the value's explicit tag conflicts with it (`_tag_conflicts` says so): never
    in a text without a `!`, where every tag is the one its value resolves to."""
    return ctx.source.holds("!") and tag_conflict(node) is not None


def _where(under, node):
    """Where a finding about `node` goes: the value of the key node `under`, or that key
    when the value is empty (`reported_span`); an item of a list (`under` None), the
    item. Made only for a finding: most values are right, and a span is three records."""
    return span_of(node) if under is None else reported_span(under, node)


def _bool_fix(ctx, node):
    if yaml_type(node) != "str" or _has_properties(ctx, node):
        return ()
    word = node.value.strip().lower()
    value = {"true": "true", "yes": "true", "on": "true",
             "false": "false", "no": "false", "off": "false"}.get(word)
    if value is None:
        return ()
    # `"true"` means true for sure; `yes`/`on` were booleans in YAML 1.1 only: a guess.
    safe = word in ("true", "false")
    return (Fix(f"Use `{value}`", (Edit(span_of(node), value),), safe),)


def _check_default(ctx, section):
    type_entry, default = section.get("type"), section.get("default")
    if type_entry is None or default is None or yaml_type(type_entry.value) != "str":
        return
    if default.value_type in ("seq", "map"):
        return  # already "must be a single value": one finding per value
    expected = _INPUT_TYPES.get(type_entry.value.value)
    if expected and default.value_type not in expected + ("null",):
        yield ctx.report(
            f"`default` must match the input's type `{type_entry.value.value}`, "
            f"not {TYPE_NAMES[default.value_type]}",
            default.value_span,
        )


def _one_item_fix(ctx, node):
    """`schedule: {cron: ...}` where a list of schedules goes (steps, secrets): the
    mapping made the list's one item, which is what it plainly is. A block mapping gets
    `- ` before its first key and its other lines two more spaces, so that its keys stay
    aligned under the item's."""
    if _has_properties(ctx, node) or not node.value:
        return ()
    span = span_of(node)
    if node.flow_style:
        edits = (Edit(Span(span.start, span.start), "["), Edit(Span(span.end, span.end), "]"))
    else:
        lines = range(span.start.line + 1, span.last_line + 1)
        edits = (Edit(Span(span.start, span.start), "- "),
                 *(Edit(Span.of(line, 0, line, 0), "  ") for line in lines
                   if ctx.source.line_text(line).strip()))
    return (Fix("Make it a list", edits, True),)


def _has_properties(ctx, node) -> bool:
    """`&anchor` or `!tag` before the value: rewriting it would drop the anchor that
    aliases point to, so no fix is offered."""
    start = node.start_mark
    return ctx.source.line_text(start.line)[start.column : start.column + 1] in ("&", "!")


def _source(ctx, node) -> str:
    """The scalar as written (a plain scalar's text is its value)."""
    return str(node.value)


def _as_list(ctx, node) -> Edit:
    """The edit that writes a string scalar as a flow list of it: plain when that reads the
    same, else double-quoted (`"a, b"`, `"${{ .x }}m"`, `"#a"` written bare in `[...]`
    were two items, a mapping, a comment that broke the YAML); a block scalar's line break
    after it kept (`replace_value`), or the next key joined its line."""
    value = str(node.value)
    if not node.style and _FLOW_PLAIN.fullmatch(value) and " #" not in value \
            and ": " not in value and not value.endswith(":"):
        return Edit(span_of(node), f"[{value}]")
    return Edit(replace_value(ctx.source, span_of(node), node.style, None, value).span,
                f"[{quoted(value)}]")
