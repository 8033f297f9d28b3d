"""Completion: keys, job ids in `depends_on`, enum and boolean values, duration units.

The document being typed rarely parses, so the place of the cursor comes from the text
itself: indentation and `- ` markers, read upward from the cursor's line, give the path
of keys from the root (`jobs`, `train`, `steps`, item) and `wf_lsp.spec` turns the path
into the kind of mapping there (a step). The model of the lint the server already has
adds what text cannot see for sure, the job ids, and the rest is read off the lines
near the cursor. Nothing here re-parses the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from wf_lsp import spec
from wf_lsp.findings import Position, Span
from wf_lsp.linter import LintResult
from wf_lsp.lsp import cursor
from wf_lsp.lsp.hover import key_documentation, type_name
from wf_lsp.lsp.symbols import timeout_detail
from wf_lsp.parse import Source

ITEM = None  # a path element: "an item of the sequence above", as opposed to a key

# `key: value`, the key plain or quoted; the value is what follows `: ` (or nothing).
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},:-][^#:]*?|-[^\s#:][^#:]*?)[ \t]*:(?:[ \t]+(?P<value>.*)|$)""")
_COMMENT = re.compile(r"(^|[ \t])#.*$")
_DECORATION = re.compile(r"^(?:[&!][^\s]*[ \t]*)*")  # an anchor or tag before a nested block
_WORD = re.compile(r"[A-Za-z0-9_-]*")
_UNITS = (("h", "hours"), ("m", "minutes"), ("s", "seconds"), ("ms", "milliseconds"),
          ("us", "microseconds"), ("ns", "nanoseconds"))
_UNIT_IN_TEXT = re.compile(r"(ns|us|µs|μs|ms|s|m|h)(?=[0-9.]|$)")


@dataclass(frozen=True)
class Line:
    """One line as YAML block structure sees it."""

    content: int  # column where the content starts, after any `- ` markers
    dash: int | None  # column of the first `-` of an item line
    key: str | None  # the key of a `key:` line
    value: str  # what follows `key:` without comment, or the whole content
    document_marker: bool = False

    @property
    def opens_block(self) -> bool:
        """`key:` with nothing after it (but maybe an anchor or tag): a nested block follows."""
        return self.key is not None and not _DECORATION.sub("", self.value, count=1)


def read_line(text: str) -> Line | None:
    """The structure of one line; None for blank and comment-only lines."""
    stripped = text.lstrip(" ")
    if not stripped.strip() or stripped.startswith("#"):
        return None
    if text.startswith(("---", "...")) and text[3:4] in ("", " ", "\t"):
        return Line(0, None, None, "", document_marker=True)
    content, dash = len(text) - len(stripped), None
    while stripped.startswith("-") and stripped[1:2] in ("", " ", "\t"):
        dash = content if dash is None else dash
        rest = stripped[1:].lstrip(" \t")
        content += len(stripped) - len(rest)
        stripped = rest
    match = _KEY.match(stripped)
    if match is None:
        return Line(content, dash, None, stripped)
    key = match.group("key")
    if key[:1] in "'\"":
        key = key[1:-1]
    value = _COMMENT.sub("", match.group("value") or "").strip()
    return Line(content, dash, key, value)


def path_above(source: Source, line_no: int, column: int, dash: int | None) -> list | None:
    """The keys (and ITEMs) leading from the root to a key written at `column` on `line_no`.

    `dash` is the column of the line's own `- ` when the key is an item's first one.
    None when the place is not in a mapping: inside a block scalar, after a sequence
    of scalars, or in a structure this reading does not follow (flow collections).
    """
    path: list = []
    in_sequence, limit = (True, dash) if dash is not None else (False, column)
    if in_sequence:
        path.append(ITEM)
    lines = source.lines
    for n in range(line_no - 1, -1, -1):
        if not in_sequence and limit == 0:
            break
        # Most lines above are deeper than the block or its siblings: decide on the
        # indentation alone (the walk to `jobs:` may pass thousands of lines).
        text = lines[n]
        stripped = text.lstrip(" ")
        indent = len(text) - len(stripped)
        if indent > limit or (indent == limit and (not in_sequence or _is_item(stripped))):
            continue
        line = read_line(source.line_text(n))
        if line is None:
            continue
        if line.document_marker:  # the document began without a key holding the block
            return None
        if in_sequence:
            if (line.dash is not None and line.dash >= limit) or (line.dash is None and line.content > limit):
                continue  # a sibling item, or inside one
        elif line.content >= limit and (line.dash is None or line.content > limit):
            continue  # a sibling key, or deeper
        elif line.content == limit:  # `- key: ...` at our column: the item we are in
            path.append(ITEM)
            in_sequence, limit = True, line.dash
            continue
        # A line less indented than the block: it must be the key that opens the block.
        if not line.opens_block or (in_sequence and line.content > limit):
            return None
        path.append(line.key)
        if line.dash is not None:  # `- steps:` opens a block inside an item
            path.append(ITEM)
            in_sequence, limit = True, line.dash
        else:
            in_sequence, limit = False, line.content
    if in_sequence:
        return None
    return path[::-1]


def _is_item(stripped: str) -> bool:
    return stripped[:1] == "-" and stripped[1:2] in ("", " ", "\t", "\n", "\r")


def kind_at(path: list) -> str | None:
    """The spec kind of the mapping a path leads to (`step` for jobs/train/steps/ITEM)."""
    kind, expect = "workflow", None
    for element in path:
        if expect is not None:
            wanted, child = expect
            if (element is ITEM) != (wanted == "item"):
                return None
            kind, expect = child, None
            continue
        if element is ITEM:
            return None
        key = spec.KINDS[kind].keys.get(element)
        child = key.child_kind if key else None
        if child is None:
            return None
        head = key.type.partition(":")[0]
        if head == "object":
            kind = child
        else:
            expect = ("item" if head == "list" else "name", child)
    return None if expect is not None else kind


def sibling_keys(source: Source, line_no: int, column: int, own_dash: bool) -> set[str]:
    """The keys already written in the mapping whose keys sit at `column` around `line_no`."""
    found: set[str] = set()
    lines = source.lines

    def deeper(n: int) -> bool:
        text = lines[n]
        return len(text) - len(text.lstrip(" ")) > column

    if not own_dash:
        for n in range(line_no - 1, -1, -1):
            if deeper(n):
                continue
            line = read_line(source.line_text(n))
            if line is None or line.content > column:
                continue
            if line.content == column and line.key is not None and not line.document_marker:
                found.add(line.key)
                if line.dash is None:
                    continue
            break
    for n in range(line_no + 1, len(lines)):
        if deeper(n):
            continue
        line = read_line(source.line_text(n))
        if line is None or line.content > column:
            continue
        if line.content == column and line.dash is None and line.key is not None:
            found.add(line.key)
            continue
        break
    return found


def sequence_items(source: Source, line_no: int, dash: int) -> set[str]:
    """The scalar items of the block sequence whose `- ` sit at `dash` around `line_no`."""
    found: set[str] = set()
    for step in (-1, 1):
        n = line_no + step
        while 0 <= n < len(source.lines):
            line = read_line(source.line_text(n))
            n += step
            if line is None or (line.dash is None and line.content > dash):
                continue
            if line.dash != dash:
                break
            if line.key is None:
                found.add(_unquote(line.value))
    return found


def _unquote(text: str) -> str:
    text = _COMMENT.sub("", text).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


@dataclass(frozen=True)
class Item:
    """One completion, in the core's terms: replace `span` by `new_text`."""

    label: str
    kind: str  # "key", "job", "value" or "unit"
    span: Span
    new_text: str
    detail: str | None = None
    doc_kind: str | None = None  # the spec kind whose key `label` is, for its documentation
    sort: str | None = None
    filter: str | None = None


def complete(result: LintResult, pos: Position) -> list[Item]:
    """Everything worth offering at `pos`."""
    source = result.source
    if pos > source.end():  # past the text (the empty line after a final newline is in it)
        return []
    text = source.line_text(pos.line)
    column = min(pos.column, len(text))
    before, after = text[:column], text[column:]
    # The rest of the word under the cursor is replaced too.
    word_end = column + _WORD.match(after).end()
    if not before.strip():  # an empty line: a key at the cursor's column
        span = Span.of(pos.line, column, pos.line, word_end)
        return _keys_or_items(result, pos.line, column, None, span, text[word_end:])
    line = read_line(before)
    if line.document_marker:
        return []
    if line.key is not None:  # `key: val|`
        return _value(result, pos, line, before, span_end=word_end)
    if not re.fullmatch(r"(?:[A-Za-z_][\w-]*)?", line.value):
        return []  # neither a key being typed nor an empty `- `
    span = Span.of(pos.line, column - len(line.value), pos.line, word_end)
    return _keys_or_items(result, pos.line, line.content, line.dash, span, text[word_end:])


def _keys_or_items(result, line_no, content, dash, span, rest) -> list[Item]:
    source = result.source
    path = path_above(source, line_no, content, dash)
    if path is None:
        return []
    if dash is not None and path[-2:] == ["depends_on", ITEM] and kind_at(path[:-2]) == "job":
        return _job_ids(result, path, sequence_items(source, line_no, dash), span)
    kind = kind_at(path)
    if kind is None:
        return []
    present = sibling_keys(source, line_no, content, dash is not None)
    # On an existing key (`tim|eout: 1h`) only the name changes.
    only_name = rest.lstrip().startswith(":")
    # A key that excludes one already there (`workflow` beside `steps`) is not allowed either.
    excluded = {name for group in spec.KINDS[kind].exclusive if present.intersection(group)
                for name in group}
    items = []
    keys = spec.KINDS[kind].keys
    for order, (name, key) in enumerate(keys.items()):
        if name in present or name in excluded:
            continue
        block = key.child_kind is not None or key.type in (spec.STRING_MAP, spec.SCALAR_MAP, spec.MATRIX)
        new_text = name if only_name else (f"{name}:" if block else f"{name}: ")
        detail = type_name(key.type) + (" · required" if key.required else "")
        items.append(Item(name, "key", span, new_text, detail, kind,
                          f"{0 if key.required else 1}{order:02d}"))
    return items


def _job_ids(result: LintResult, path: list, listed: set[str], span: Span) -> list[Item]:
    own = path[1] if len(path) > 1 and path[0] == "jobs" else None
    items = []
    for order, (job_id, timeout) in enumerate(_known_jobs(result).items()):
        if job_id == own or job_id in listed:
            continue
        items.append(Item(job_id, "job", span, job_id, timeout, sort=f"{order:04d}"))
    return items


def _known_jobs(result: LintResult) -> dict[str, str | None]:
    """Job ids → timeout detail, from the model; and from the text past a syntax error."""
    jobs: dict[str, str | None] = {}
    for workflow in result.workflows:
        for job in workflow.jobs:
            jobs.setdefault(job.id, timeout_detail(job.timeout))
    if not result.parsed.complete:
        for job_id in cursor.memo(result, "completion.jobs", lambda: _jobs_in_text(result.source)):
            jobs.setdefault(job_id, None)
    return jobs


def _jobs_in_text(source: Source) -> tuple[str, ...]:
    """The keys under a root `jobs:` line, read from the text (the model stops at an error)."""
    ids: list[str] = []
    child: int | None = None
    inside = False
    for raw in source.lines:
        line = read_line(raw.rstrip("\r\n"))
        if line is None:
            continue
        if line.content == 0 and line.dash is None:
            inside = line.key == "jobs" and line.opens_block
            child = None
            continue
        if not inside:
            continue
        if child is None:
            child = line.content
        if line.content == child and line.dash is None and line.key:
            ids.append(line.key)
    return tuple(ids)


def _value(result: LintResult, pos: Position, line: Line, before: str, span_end: int) -> list[Item]:
    source = result.source
    value_start = before.index(":", line.content) + 1
    if before[value_start:value_start + 1] not in (" ", "\t"):
        return []  # `key:|` — a value needs the space first
    value_start += len(before[value_start:]) - len(before[value_start:].lstrip())
    typed = before[value_start:]
    path = path_above(source, pos.line, line.content, line.dash)
    kind = kind_at(path) if path is not None else None
    if kind is None:
        return []
    key = spec.KINDS[kind].keys.get(line.key)
    if key is None:
        return []
    if line.key == "depends_on" and kind == "job" and typed.startswith("[") and "]" not in typed:
        inside = typed[1:]
        partial = inside.rsplit(",", 1)[-1].lstrip()
        listed = {_unquote(part) for part in inside.split(",")[:-1]}
        rest = source.line_text(pos.line)[pos.column:]
        if "]" in rest:
            listed |= {_unquote(part) for part in rest[: rest.index("]")].split(",")[1:]}
        listed.discard("")
        start = pos.column - len(partial)
        return _job_ids(result, [*path, "depends_on"], listed, Span.of(pos.line, start, pos.line, span_end))
    quote = typed[:1] if typed[:1] in ("'", '"') else ""
    typed = typed[len(quote):]
    start = pos.column - len(typed)
    span = Span.of(pos.line, start, pos.line, span_end)
    if key.type == spec.DURATION:
        return _units(typed, span)
    values = key.values or (("true", "false") if key.type == spec.BOOL else ())
    if not re.fullmatch(r"[\w-]*", typed):
        return []
    default = str(key.default).lower() if key.default is not None else None
    return [
        Item(value, "value", span, value, "default" if value == default else None, sort=f"{order:02d}")
        for order, value in enumerate(values)
    ]


def _units(typed: str, span: Span) -> list[Item]:
    """Units after a number (`1h3` → `1h3m`, ...): each smaller than the last one written."""
    if not re.fullmatch(r"[0-9.hmsunµμ]*[0-9]", typed):
        return []
    written = _UNIT_IN_TEXT.findall(typed)
    order = [unit for unit, _ in _UNITS]
    last = order.index({"µs": "us", "μs": "us"}.get(written[-1], written[-1])) if written else -1
    return [
        Item(unit, "unit", span, typed + unit, words, sort=f"{index}", filter=typed + unit)
        for index, (unit, words) in enumerate(_UNITS)
        if index > last
    ]


_ITEM_KINDS = {
    "key": types.CompletionItemKind.Property,
    "job": types.CompletionItemKind.Reference,
    "value": types.CompletionItemKind.Value,
    "unit": types.CompletionItemKind.Unit,
}


def _documentation_in_markdown(server) -> bool:
    """Whether the client renders Markdown in completion items (its own setting, not hover's)."""
    capabilities = server.client_capabilities
    completion = capabilities.text_document.completion if capabilities and capabilities.text_document else None
    item = completion.completion_item if completion else None
    formats = item.documentation_format if item else None
    return bool(formats) and types.MarkupKind.Markdown in formats


def register(server) -> None:
    """Answer `textDocument/completion`."""

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[" ", "[", ","]),
    )
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        request = cursor.request_at(server, params)
        if request is None:
            return None
        analysis, pos = request
        source = analysis.source
        markdown = _documentation_in_markdown(server)
        doc_format = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
        items = []
        for item in complete(analysis.result, pos):
            doc = key_documentation(item.doc_kind, item.label, markdown) if item.doc_kind else None
            items.append(types.CompletionItem(
                label=item.label,
                kind=_ITEM_KINDS[item.kind],
                detail=item.detail,
                documentation=types.MarkupContent(kind=doc_format, value=doc) if doc else None,
                sort_text=item.sort,
                filter_text=item.filter,
                text_edit=types.TextEdit(range=server.codec.range_to_lsp(source, item.span),
                                         new_text=item.new_text),
            ))
        return types.CompletionList(is_incomplete=False, items=items)
