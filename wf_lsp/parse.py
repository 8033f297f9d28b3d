"""YAML text → composed node trees with exact positions, surviving syntax errors.

ruamel's C composer gives every node a start and end mark (0-based line, column in
code points) at C speed; round-trip loading would be ten times slower and tells us
nothing more that the rules need. The C parser is libyaml; the engine's parser is
go-yaml, a port of it that reads on in a few places (a `:` inside a flow scalar,
`{destination: drive://b/}`; an anchor defined twice): text libyaml rejects there is
read again by ruamel's pure-Python parser, and composed by a loop here (ruamel's
composer recurses once per level). Only what that parser rejects too is a syntax error;
every other error of libyaml's is go-yaml's too, whatever YAML 1.2 allows, and is not
read again (`_libyaml_stands`).
When the text does not parse, the part before the error is parsed again so that the
rules can still check it: in an editor, a document is broken most of the time it is
being typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

TYPE_CHECKING = False  # typing stays off the lint path (tests/core/test_imports.py)
if TYPE_CHECKING:
    from typing import Any

from wf_lsp.findings import Edit, Position, Span, shortened
from wf_lsp.patterns import LazyPattern
from wf_lsp.records import field, record, replace

BOM = "\ufeff"
# YAML 1.1's other line breaks: ruamel's marks still count them as such, editors (and
# YAML 1.2) take them as text, so a line after one is off by one in the marks.
LEGACY_BREAKS = ("\x85", "\u2028", "\u2029")
# The pure-Python parser reads some 100 KB a second: past this, text the C parser rejects
# is a syntax error as it says (an editor re-lints on every keystroke).
MAX_PURE_FALLBACK = 100_000
# Each retry cuts the text before the error; a handful is plenty for real documents.
MAX_RECOVERY_ATTEMPTS = 6
# ruamel's C composer recurses once per level of nesting and overflows the C stack at
# some 30,000 levels: the process dies (SIGSEGV), nothing can catch it. No workflow
# comes near this; deeper text is not composed (`nested_too_deep`).
MAX_DEPTH = 1_000
# What YAML 1.2 does not allow in a stream (the complement of `c-printable`); the reader
# stops there. Written as the complement's ranges (the negated class of `c-printable` took
# 5 ms to compile), and compiled by `re` when first used: only an unreadable text needs it.
_NOT_PRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
# A key's `:` (a key may be followed by spaces before it).
_COLON = LazyPattern(r"[ \t]*:")
# Spaces, line breaks and comments between a flow mapping's `:` and what follows it.
_FLOW_GAP = LazyPattern(r"(?:[ \t\r\n]+|#[^\r\n]*)*")
# What may open a block level on a line: its indentation, then compact indicators
# (`- - x`, `? - x`) and properties, after an optional `---`.
_BLOCK_PREFIX = LazyPattern(r"^(?:---)?[ \t]*(?:[-?:][ \t]+|[&!][^ \t\r\n]*[ \t]+)*", re.M)


@record
class Source:
    """The text of one file, without BOM, split into lines (ends kept)."""

    text: str
    had_bom: bool = False
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # Each line's text without its ending, made once when first asked for: rules and
    # output formats ask for the same line again and again (every finding on a 1 MB
    # line did, and stripping the line each time made that quadratic).
    _texts: dict[int, str] = field(init=False, repr=False, compare=False, default_factory=dict)
    # Whether the text holds a token (`${{`, `!`), asked by rules of every workflow of the
    # file: looked for in the whole text each time, thousands of documents made it quadratic.
    _holds: dict[str, bool] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", _split_lines(self.text))

    @classmethod
    def from_text(cls, text: str) -> Source:
        if text.startswith(BOM):
            return cls(text[1:], True)
        return cls(text, False)

    def line_text(self, line: int) -> str:
        """The line's text without its line ending ("" past the end)."""
        text = self._texts.get(line)
        if text is None:
            lines = self.lines
            if not 0 <= line < len(lines):
                return ""
            text = self._texts[line] = lines[line].rstrip("\r\n")
        return text

    def holds(self, token: str) -> bool:
        """Whether `token` is in the text (looked for once)."""
        found = self._holds.get(token)
        if found is None:
            found = self._holds[token] = token in self.text
        return found

    def line_span(self, line: int, start_column: int = 0) -> Span:
        """From `start_column` to the end of the line's text."""
        return Span.of(line, start_column, line, max(start_column, len(self.line_text(line))))

    def line_break(self, line: int = 0) -> str:
        """The line break the text uses at `line`: that line's own, else the first line's
        (a last line without one), else `\n`: a fix keeps a CRLF file CRLF."""
        for text in (self.lines[line] if 0 <= line < len(self.lines) else "",
                     self.lines[0] if self.lines else ""):
            for ending in ("\r\n", "\n", "\r"):
                if text.endswith(ending):
                    return ending
        return "\n"

    def insert_lines(self, line: int, text: str) -> Edit:
        """An edit that puts `text`, whole lines each ended by `\n`, before `line` (at the
        end when past it), with the text's own line break. After a last line without one,
        the break goes first: the new lines start a line of their own (joined to the last
        one, they broke the YAML), and the file still ends without a break."""
        ending = self.line_break(line - 1)
        text = text.replace("\n", ending)
        lines = self.lines
        if line >= len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
            end = Position(len(lines) - 1, len(self.line_text(len(lines) - 1)))
            return Edit(Span(end, end), ending + text[: -len(ending)])
        return Edit(Span.of(line, 0, line, 0), text)

    def end(self) -> Position:
        lines = self.lines
        if not lines:
            return Position(0, 0)
        last = lines[-1]
        if last.endswith(("\n", "\r")):
            return Position(len(lines), 0)
        return Position(len(lines) - 1, len(last))


# What str.splitlines also breaks at, and YAML does not (a scan for each is in C).
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", *LEGACY_BREAKS)


def _split_lines(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    if "\r" not in text:  # the common case
        if not any(char in text for char in _OTHER_BREAKS):
            # Only YAML's breaks in the text: splitlines splits as YAML does, in C.
            return tuple(text.splitlines(True))
        lines = text.split("\n")
        last = lines.pop()
        return tuple([line + "\n" for line in lines] + ([last] if last else []))
    # YAML line breaks are \n, \r\n and \r; str.splitlines would also split on \x0c etc.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if text.endswith(("\n", "\r")):
        lines.pop()
    out, offset = [], 0
    for line in lines:
        end = offset + len(line)
        if text.startswith("\r\n", end):
            end += 2
        elif end < len(text):
            end += 1
        out.append(text[offset:end])
        offset = end
    return tuple(out)


@record
class SyntaxProblem:
    message: str
    span: Span


@record
class Parsed:
    """The documents of a YAML stream, and the first syntax error if any.

    With an error, `roots` are the documents of the longest prefix that parsed
    (`complete` is False): checks that need the whole document must hold back.
    """

    roots: tuple[Any, ...]
    error: SyntaxProblem | None
    # For a parse spliced from an earlier text's (`wf_lsp.incremental`): the lines that
    # differ from that text, as (first, end in the earlier text, end in this one). The
    # lines in between may be equal; those outside are.
    edit: tuple[int, int, int] | None = None
    # When that edit added or removed lines: the mappings below it, copied to their new
    # lines, each by the id of its copy → the mapping it was copied from (what was found
    # in the earlier text's mapping is found in the copy, moved by the lines: `memo`).
    moved: dict[int, Any] | None = field(default=None, compare=False, repr=False)
    # Composed by a later reader than the first (the pure parser, where libyaml rejects
    # the text): its marks differ from libyaml's at the end of a text without a final
    # line break, so no fragment libyaml composed is spliced into it (`incremental`).
    fallback: bool = field(default=False, compare=False, repr=False)
    # With an error: the reader and the number of lines `roots` were composed from (the
    # text before the error). The next text with those lines, cut there, keeps them.
    recovered: tuple[Any, int] | None = field(default=None, compare=False, repr=False)
    # With an error that is a word alone on its line where a key is due (`ti`, on the way
    # to `timeout:`): that line, read as blank so that `roots` are the whole document's.
    left_out: int | None = None

    @property
    def complete(self) -> bool:
        return self.error is None

    @property
    def whole(self) -> bool:
        """Whether `roots` hold the whole document: no error, or only a key being typed
        left out (the checks that need the whole document run, so what they find stays
        in the editor while a key is typed, instead of going and coming back)."""
        return self.error is None or self.left_out is not None


def parser_name() -> str:
    """Which YAML parser `parse` runs here: "C" (ruamel.yaml.clib) or "pure-Python" (9x slower)."""
    return "pure-Python" if _c_parser() is None else "C"


@cache
def _c_parser() -> Any:
    """ruamel's C parser (libyaml's), or None when no C extension loads for this Python.

    Called before any other import of ruamel here, it loads the modules that reading
    needs without running `ruamel/yaml/__init__.py` (`_package_left_unrun`): that imports
    `ruamel.yaml.main` (the `YAML` class, its loaders and dumpers, `glob`, `typing`), some
    8% of the instructions of a `wf-lsp lint` of one small file, which reads with the C
    loader alone. `_compose_pure` takes `YAML` from `ruamel.yaml.main` for that reason.
    """
    _package_left_unrun()
    try:  # as ruamel.yaml's __init__ and main find it
        from ruamel.yaml.cyaml import CParser
    except (ImportError, ValueError):
        return None
    return CParser


def _package_left_unrun() -> None:
    """Put the package `ruamel.yaml` in `sys.modules` without running its `__init__`, which
    then runs, in the same module object, the first time anything asks the package for a
    name only it defines (`ruamel.yaml.YAML`, `from ruamel.yaml import YAML`,
    `__version__`): whoever imports ruamel.yaml later in this process (the server, a
    plugin, a test) has all of it. Its submodules are attributes of it as they load, as
    usual (ruamel's own code reads `ruamel.yaml.parser.Parser`). Nothing is done when the
    package is imported already or is not found where an import would find it."""
    import sys

    if "ruamel.yaml" in sys.modules:
        return
    from importlib.util import find_spec, module_from_spec

    try:
        spec = find_spec("ruamel.yaml")
    except ImportError:  # no ruamel: the import below says so
        return
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    # ruamel's constructors ask the package for `version_info` (`compat.version_tnf`) on
    # every loader made: it is read from the `__init__` as written there (`version_info=(0,
    # 19, 1),`), not run. A package that does not write it so is imported as usual.
    try:
        init = spec.loader.get_data(spec.origin)
        at = init.index(b"version_info=(") + len(b"version_info=(")
        version_info = tuple(int(number) for number in init[at:init.index(b")", at)].split(b","))
    except (AttributeError, OSError, TypeError, ValueError):
        return
    package = module_from_spec(spec)
    package.version_info = version_info
    import _thread

    lock = _thread.allocate_lock()

    def __getattr__(name: str) -> Any:  # PEP 562: asked only for a name not there
        with lock:
            if package.__dict__.pop("__getattr__", None) is not None:
                try:
                    spec.loader.exec_module(package)
                except BaseException:
                    sys.modules.pop("ruamel.yaml", None)  # the next import starts over
                    raise
        return getattr(package, name)

    package.__getattr__ = __getattr__
    sys.modules["ruamel.yaml"] = package
    setattr(sys.modules["ruamel"], "yaml", package)  # `import ruamel.yaml` reads ruamel.yaml


def _readers() -> tuple[Callable[[str], tuple[Any, ...]], ...]:
    """The parsers to try, in order: ruamel's C parser when it is installed (libyaml),
    then the pure-Python one, which reads YAML 1.2 where libyaml departs from it."""
    return (_compose_pure,) if _c_parser() is None else (_compose_c, _compose_yaml12)


# How many tabs `_compose_yaml12` reads past in one text (each one a parse again).
MAX_TABS_PASSED = 8


# A document end marker after another, with only blank lines and comments between them.
_REPEATED_END = LazyPattern(r"(^\.\.\.[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*)(\.\.\.)"
                            r"(?=[ \t\n]|$)", re.M)


def _compose_yaml12(text: str) -> tuple[Any, ...]:
    """`_compose_pure`, reading on past a tab that separates tokens after something on its
    line (`{a: b}<TAB>`, `x<TAB># note`): ruamel's pure scanner rejects it ("found character
    '\\t' that cannot start any token"), libyaml and go-yaml do not. It is read as a space,
    which it stands for there (outside any scalar: the scanner was between tokens; the
    marks do not move). Not after a `-` or `?` indicator, where go-yaml rejects a tab too.
    A `...` right after another is read as blank, as go-yaml reads it (ruamel fails)."""
    from ruamel.yaml.scanner import ScannerError

    while "..." in text:  # `...` again after `...`: nothing to go-yaml, an error to ruamel
        blanked = _REPEATED_END.sub(lambda found: found.group(1) + " " * len(found.group(2)),
                                    text)
        if blanked == text:
            break
        text = blanked
    for _ in range(MAX_TABS_PASSED):
        try:
            return _compose_pure(text)
        except ScannerError as exc:
            mark = exc.problem_mark
            if mark is None or text[mark.index:mark.index + 1] != "\t" \
                    or not (exc.problem or "").endswith("that cannot start any token"):
                raise
            before = text[text.rfind("\n", 0, mark.index) + 1:mark.index].split()
            if not before or before[-1] in ("-", "?"):
                raise
            text = f"{text[:mark.index]} {text[mark.index + 1:]}"
    return _compose_pure(text)


# A BOM inside the text (files joined by `cat`) is a character like any other to go-yaml,
# the engine's parser: `\ufeffid` is a key, a BOM alone on a line a plain scalar. libyaml
# skips it at a line's start and ruamel's pure parser anywhere, which reads the lines
# after it apart from go-yaml; so they read a character of no special meaning in its
# place (one code point: the marks are the same), and the scalars get their BOM back.
_BOM_STAND_IN = "\ue000"


def _read(text: str, readers) -> tuple[tuple[Any, ...], Any, Any]:
    """(documents, None, reader) from the first of `readers` that reads `text`; else
    ((), error, reader) of the one that read furthest. Each is right about the text
    before its error (ruamel's pure scanner wrongly rejects a tab after a value, libyaml
    a `:` in a flow value), so the later error is where reading really stops, and that
    reader reads the part before it. The pure parser (9x slower) is not a fallback for
    more than MAX_PURE_FALLBACK characters, nor after an error of libyaml's that it
    would make too (`_libyaml_stands`)."""
    if BOM in text and _BOM_STAND_IN not in text:
        roots, exc, reader = _read(text.replace(BOM, _BOM_STAND_IN), readers)
        for node in walk(roots):
            if node.id == "scalar" and _BOM_STAND_IN in node.value:
                node.value = node.value.replace(_BOM_STAND_IN, BOM)
        return roots, exc, reader
    from ruamel.yaml.error import YAMLError

    best: tuple[Any, Any] | None = None
    for reader in readers:
        if best is not None and (len(text) > MAX_PURE_FALLBACK
                                 or _libyaml_stands(text, best[0])):
            break
        try:
            return reader(text), None, reader
        except YAMLError as exc:
            if best is None or _error_index(exc) > _error_index(best[0]):
                best = (exc, reader)
    assert best is not None
    return (), *best


# libyaml's errors that the engine's parser does not make. That parser is go-yaml
# (gopkg.in/yaml.v3), a port of libyaml that departs from it in a few places, where it
# reads on as YAML 1.2 does: a `:` inside a flow collection's plain scalar (`{destination:
# drive://b/}`, `[b:c]`), an anchor defined again (the later one counts), a BOM at a line's
# start inside the text. Every other error of libyaml's is go-yaml's too, whatever YAML 1.2
# allows (a YAML 1.1 line break, U+2028 and its kin, that ends a line; an anchor's name
# ended at `:`; an empty key), so the pure parser, which reads YAML 1.2, is not asked then:
# it would read what the engine rejects. Checked against go-yaml itself by
# `tests/test_yaml_go.py`.
_GO_YAML_READS_ON = {
    ("while scanning a plain scalar", "found unexpected ':'"),
}


def _libyaml_stands(text: str, exc: Any) -> bool:
    """Whether libyaml's error `exc` on `text` is where the engine's parser stops too (then
    the pure parser is not asked): not an error go-yaml does not make (`_GO_YAML_READS_ON`,
    an anchor defined again)."""
    if (getattr(exc, "context", None), getattr(exc, "problem", None)) in _GO_YAML_READS_ON:
        return False
    return not (getattr(exc, "context", None) or "").startswith("found duplicate anchor")


def _error_index(exc: Any) -> int:
    """Where in the text a parser's error is (-1 when it has no mark)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.index if mark is not None else -1


def _compose_c(text: str) -> tuple[Any, ...]:
    """ruamel's C-level safe loader, used directly: `YAML().compose_all` makes a loader
    class on every call (garbage that only the cyclic collector frees) and resolves
    each scalar's tag through a per-scalar YAML-version lookup that is half of its
    time. The tags are the same: both resolve with YAML 1.2's implicit resolvers (the
    C parser does not report a `%YAML` directive to either).
    """
    loader = _loader_class()(text)
    try:
        nodes = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
        return tuple(nodes)
    finally:
        loader.dispose()


def _compose_pure(text: str) -> tuple[Any, ...]:
    """The documents of `text` from ruamel's pure-Python parser's events, composed as
    its composer would (tags resolved as the C loader resolves them, an anchor defined
    again naming the later node, as YAML 1.2 says), but in a loop: its composer
    recurses per level of nesting, and the depth is the input's."""
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, DocumentStartEvent,
                                    MappingStartEvent, ScalarEvent, SequenceStartEvent)
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from ruamel.yaml.parser import ParserError

    resolve = _resolver()
    empty_value = _empty_value_mark(text)
    roots: list[Any] = []
    open_nodes: list[list[Any]] = []  # [collection, key waiting for its value]
    anchors: dict[Any, Any] = {}
    documents = 0
    for event in _pure_events(text):
        if isinstance(event, CollectionEndEvent):
            node = open_nodes.pop()[0]
            node.end_mark = event.end_mark
            continue
        if isinstance(event, AliasEvent):
            if event.anchor not in anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                    event.start_mark)
            node = anchors[event.anchor]
        elif isinstance(event, ScalarEvent):
            start, end = event.start_mark, event.end_mark
            if (event.value == "" and event.style is None and event.ctag is None
                    and event.anchor is None and open_nodes and open_nodes[-1][1] is not None):
                start = end = empty_value(open_nodes[-1][1], open_nodes[-1][0].flow_style, start)
            node = ScalarNode(_tag(event, ScalarNode, event.value, resolve), event.value,
                              start, end, style=event.style or "",  # plain: "", as in C
                              anchor=event.anchor)
        elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
            node = kind(_tag(event, kind, None, resolve), [], event.start_mark, None,
                        flow_style=event.flow_style, anchor=event.anchor)
        else:
            if isinstance(event, DocumentStartEvent):
                anchors = {}  # anchors are per document
                if not event.explicit and documents:
                    # After `...`, YAML 1.2 reads on without `---`; libyaml and go-yaml not.
                    raise ParserError(None, None, "did not find expected <document start>",
                                      event.start_mark)
                documents += 1
            continue
        if getattr(event, "anchor", None) is not None and not isinstance(event, AliasEvent):
            anchors[event.anchor] = node
        if not open_nodes:
            roots.append(node)
        else:
            top = open_nodes[-1]
            parent = top[0]
            if parent.id == "sequence":
                parent.value.append(node)
            elif top[1] is None:
                if node.id == "scalar" and node.value == "" and not node.style \
                        and getattr(event, "ctag", None) is None and event.anchor is None \
                        and ":" in text[max(0, event.start_mark.index - 1):
                                        event.start_mark.index + 1]:
                    # A key left out before its `:` (`: c`, `{: c}`), which YAML 1.2 reads
                    # as an empty key; libyaml and go-yaml only after `?`.
                    raise ParserError(None, None, "did not find expected key" if
                                      parent.flow_style is False else
                                      "did not find expected node content", event.start_mark)
                top[1] = node
            else:
                parent.value.append((top[1], node))
                top[1] = None
        if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            open_nodes.append([node, None])
    return tuple(roots)


def _empty_value_mark(text: str) -> Callable[[Any, bool, Any], Any]:
    """Where the C parser puts a key's empty value (`timeout:` and nothing): right after
    the `:` in block style, at the next token in flow style. The pure parser puts it at
    the next key, lines below; a finding on the value belongs on the key's line."""
    from bisect import bisect_right

    from ruamel.yaml.error import StreamMark

    starts: list[int] = []  # made when first needed

    def mark(key: Any, flow: bool, pure: Any) -> Any:
        if key.end_mark is None:  # an alias of a collection still open (`&e` ... `{*e`):
            return pure           # where it ends is not known yet
        colon = _COLON.match(text, key.end_mark.index)
        if colon is None:  # `? key` with no `:` after it: as the pure parser says
            return pure
        index = colon.end()
        if flow:
            index = _FLOW_GAP.match(text, index).end()
        if not starts:
            starts.extend(line_starts(Source(text)))
        line = bisect_right(starts, index) - 1
        return StreamMark(key.end_mark.name, index, line, index - starts[line])

    return mark


def _tag(event: Any, kind: Any, value: Any, resolve: Callable[..., Any]) -> Any:
    """The event's tag: as written, or resolved (`!` alone asks for resolution too)."""
    tag = event.ctag
    if tag is None or str(tag) == "!":
        return resolve(kind, value, event.implicit)
    return tag


def plain_tag(text: str) -> str:
    """The tag YAML 1.2 gives `text` written plain (`5` → `tag:yaml.org,2002:int`)."""
    from ruamel.yaml.nodes import ScalarNode

    return str(_resolver()(ScalarNode, text, (True, False)))


@cache
def _resolver() -> Callable[..., Any]:
    """What the C loader resolves a tag with (its `Resolver`, remembered), for the pure
    parser's events: a tree reads the same whichever parser made it."""
    from ruamel.yaml.resolver import Resolver

    plain = Resolver().resolve
    return lambda kind, value, implicit: _remembered(plain, kind, value, implicit)


# Tags resolved so far, by (kind, text, implicit); emptied when it grows past this.
_RESOLVED: dict[tuple[Any, Any, Any], Any] = {}
MAX_RESOLVED = 50_000


def _remembered(resolve: Callable[..., Any], kind: Any, value: Any, implicit: Any) -> Any:
    key = (kind, value, implicit)
    tag = _RESOLVED.get(key)
    if tag is None:
        if len(_RESOLVED) >= MAX_RESOLVED:
            _RESOLVED.clear()
        tag = _RESOLVED[key] = resolve(kind, value, implicit)
    return tag


@cache  # one class, made on first use (ruamel is imported lazily)
def _loader_class():
    """ruamel's C safe loader, remembering how scalars resolve.

    The C parser asks the Python resolver for the tag of every scalar, which tries the
    YAML 1.2 regular expressions each time (2 of compose's 13 ms on 5,000 lines). The
    answer depends only on the node kind, the text and how it was quoted (the safe
    loader has no path resolvers), and workflows repeat the same keys and values, so it
    is remembered. The Tag objects are shared between nodes; nothing changes them.
    """
    from ruamel.yaml.cyaml import CSafeLoader

    class Loader(CSafeLoader):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tag = _RESOLVED.get((kind, value, implicit))
            return tag if tag is not None else _remembered(super().resolve, kind, value,
                                                           implicit)

    return Loader


def nested_too_deep(source: Source) -> Span | None:
    """Where the text nests deeper than MAX_DEPTH, or None.

    First a bound, at C speed: a flow level needs a `[` or `{`, and a block level a
    column of indentation (two levels at most: a sequence may sit at its mapping key's
    column) or an indicator on its line (a line's length bounds these: only a text with
    a line that long has them measured). Only text over the bound (a thousand brackets
    will do) is measured exactly, from the parser's events: the parser keeps a stack
    where the composer recurses, and stops at the limit.
    """
    text = source.text
    brackets = text.count("[") + text.count("{") + 2
    # A prefix lies within one line (it holds no line break): where no line is that
    # long, the prefixes need not be found (the regex over every line was 2.5% of a lint).
    if brackets + 2 * max(map(len, source.lines), default=0) <= MAX_DEPTH:
        return None
    prefixes = _BLOCK_PREFIX.findall(text)
    if brackets + 2 * max(map(len, prefixes), default=0) <= MAX_DEPTH:
        return None
    CParser = _c_parser()
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    parser = CParser(text) if CParser is not None else None
    events = iter(parser.get_event, None) if parser is not None else _pure_events(text)
    depth = 0
    try:
        for event in events:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = _relocator(source)(event.start_mark)
                    return Span.of(mark.line, mark.column, mark.line, mark.column + 1)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except YAMLError:
        return None  # not as deep as that before it: `parse` reports the error
    finally:
        if parser is not None:
            parser.dispose()
    return None


def _pure_events(text: str):
    """ruamel's pure-Python parser's events. A `%YAML 1.N` directive it does not know
    (`%YAML 1.3`, which libyaml rejects) fails its `assert` (an AssertionError, a
    traceback): raised as the parser error libyaml gives there."""
    from ruamel.yaml.main import YAML
    from ruamel.yaml.parser import ParserError

    events = YAML(typ="safe", pure=True).parse(text)
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except AssertionError as exc:
            raise ParserError(None, None, f"found incompatible YAML document ({exc})",
                              None) from None
        yield event


def _version_problem(source: Source) -> SyntaxProblem | None:
    """A `%YAML` directive the engine does not read, or None. Its parser (go-yaml, as
    libyaml) reads `%YAML 1.1` alone: any other version fails the whole file ("found
    incompatible YAML document"), a `%YAML 1.2` that ruamel (and YAML 1.2) reads too.
    The directives are found by the C scanner's tokens: a `%YAML` in a string is none."""
    CParser = _c_parser()
    if CParser is None:
        return None  # the pure parser's words stand (it reads 1.1 and 1.2)
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import DirectiveToken

    scanner = CParser(source.text)
    try:
        for token in iter(scanner.get_token, None):
            if isinstance(token, DirectiveToken) and token.name == "YAML" \
                    and tuple(token.value) != (1, 1):
                mark = token.start_mark
                end = len(source.line_text(mark.line).split("#")[0].rstrip())
                version = ".".join(map(str, token.value))
                return SyntaxProblem(
                    f"YAML syntax error: `%YAML {version}`: the engine's YAML parser "
                    "(go-yaml, as libyaml) reads only YAML 1.1 documents and rejects this "
                    "file (\"found incompatible YAML document\"): remove the directive "
                    "(or write `%YAML 1.1`)", Span.of(mark.line, mark.column, mark.line, end))
    except YAMLError:
        return None  # the parse says it
    finally:
        scanner.dispose()
    return None


def parse(source: Source, kept: tuple[Source, Parsed] | None = None,
          splice: Callable[[Source], Parsed | None] | None = None, *,
          typed_key: bool = True) -> Parsed:
    """Compose every document of `source`, recovering the part before a syntax error, or
    the whole document but a word typed where a key is due (`Parsed.left_out`).

    `kept`, an earlier text and its parse with an error: when this text is cut at the
    same line, with the same lines above it, the part before the error is that parse's
    very nodes (in the editor, each keystroke after a quote or a bracket left open; what
    was computed from those nodes is then reused too: `wf_lsp.memo`). `splice` reads
    the text with that word's line blank from an earlier parse, as `wf_lsp.incremental`
    does (each keystroke of a key typed into a large file is not a full analysis).
    `typed_key=False` leaves no word out (one word only: a column of words is not typing)."""
    readers = _readers()  # first: it loads ruamel without its package's __init__
    from ruamel.yaml.error import MarkedYAMLError

    deep = nested_too_deep(source)
    if deep is not None:
        return Parsed((), SyntaxProblem(
            f"nested more than {MAX_DEPTH:,} levels deep: too deep to read", deep))
    text = source.text
    relocate = any(char in text for char in LEGACY_BREAKS)
    roots, exc, reader = _read(text, readers)
    if exc is None:
        roots = _relocated(roots, source) if relocate else roots
        # Read as YAML 1.2 allows, but not by the engine: the rules still check the text.
        version = _version_problem(source) if "%YAML" in text else None
        return Parsed(roots, version, fallback=reader is not readers[0])
    if isinstance(exc, MarkedYAMLError):
        if relocate:
            _relocate_error(exc, source)
        error = _problem(exc, source)
        if reader is readers[0] and len(readers) > 1 and len(text) > MAX_PURE_FALLBACK \
                and not _libyaml_stands(text, exc):
            # Not read again for its size: go-yaml may read on here (a `:` in a flow value,
            # an anchor defined again), as this is read in a smaller file. Said as such.
            fix = "rename the anchor" if "anchor" in (exc.context or "") else "quote the value"
            error = replace(error, message=(
                f"{error.message} (libyaml's error, where the engine's parser may read on: "
                f"wf-lsp reads a file over {MAX_PURE_FALLBACK // 1000} KB with libyaml "
                f"alone; {fix} to be sure)"))
        if (exc.problem or "").startswith("found incompatible YAML document"):
            error = _version_problem(source) or error  # `%YAML 1.3`, `%YAML 2.0`
        word = None if relocate or not typed_key else _word_for_key(source, exc)
        if word is not None:  # a key being typed: the document around it is read whole
            blank = without_line(source, word[0])
            whole = splice(blank) if splice is not None else None
            if whole is None or not whole.complete:
                whole = parse(blank, typed_key=False)
            if whole.complete:
                return replace(whole, error=error, left_out=word[0])
        # Above the cause too, when it is said above the error: `- name:Train` read as a
        # string is the same slip, not a step to call a string.
        cut = min(_cut_line(exc), error.span.start.line)
    else:  # unmarked: the reader's error on a character YAML does not allow
        error, cut = _unreadable(source)

    lines = source.lines
    for _ in range(MAX_RECOVERY_ATTEMPTS):
        if cut <= 0:
            break
        if kept is not None and kept[1].recovered == (reader, cut) and not relocate \
                and kept[0].lines[:cut] == lines[:cut]:
            return Parsed(kept[1].roots, error, recovered=(reader, cut))
        roots, exc, _ = _read("".join(lines[:cut]), (reader,))  # it reads up to its error
        if exc is None:
            return Parsed(_relocated(roots, source) if relocate else roots, error,
                          recovered=(reader, cut))
        if not isinstance(exc, MarkedYAMLError):
            break
        if relocate:
            _relocate_error(exc, source)
        cut = min(cut - 1, _cut_line(exc))
    return Parsed((), error)


# What may stand before an anchor or alias (`&name`, `*name`): a line start, a space, a
# flow indicator or a JSON-like key's colon; and what cannot follow its indicator.
_BEFORE = " \t\r\n[{,:"
_NOT_A_NAME = ("", " ", "\t", "\r", "\n", "[", "]", "{", "}", ",")


@lru_cache(maxsize=4)  # asked of one text by the parse and several rules, on every edit
def may_share_nodes(text: str) -> bool:
    """Whether `text` may have an anchor and an alias of it: the only way two places of a
    composed tree are one node."""
    return _may_begin(text, "&") and _may_begin(text, "*")


def _may_begin(text: str, indicator: str) -> bool:
    """Whether an anchor (`&`) or alias (`*`) may begin somewhere in `text`.

    A node is shared between entries only in a text with both; an alias in the composed
    entry whose anchor is elsewhere does not compose alone. Things that are neither also
    count (`a && ls *.txt` in a script): such texts are parsed in full. `str.find`, not a
    regular expression: this runs on every edit, and a pattern that starts with a class
    of characters is tried at every offset of the text (5 ms for 5,000 lines).
    """
    at = text.find(indicator)
    while at != -1:
        if (at == 0 or text[at - 1] in _BEFORE) and text[at + 1:at + 2] not in _NOT_A_NAME:
            return True
        at = text.find(indicator, at + 1)
    return False


def walk(roots, within: Callable[[Any], bool] | None = None) -> Iterator[Any]:
    """Every node of the trees under `roots` once, keys included, a parent before its
    children; an aliased node is one node, so it comes once. `within(node)` False skips
    the node and everything under it. A loop, not recursion: nesting depth is input."""
    stack, seen = list(roots), set()
    while stack:
        node = stack.pop()
        if id(node) in seen or (within is not None and not within(node)):
            continue
        seen.add(id(node))
        yield node
        kind = node.id
        if kind == "sequence":
            stack.extend(node.value)
        elif kind == "mapping":
            for pair in node.value:
                stack.extend(pair)


def _unreadable(source: Source) -> tuple[SyntaxProblem, int]:
    """The first character YAML does not allow, said in plain words where it is (the
    reader's own error names `"<unicode string>"` and an offset), and its line."""
    from bisect import bisect_right

    found = re.search(_NOT_PRINTABLE, source.text)
    if found is None:  # not seen: the reader has no other unmarked error
        return SyntaxProblem("YAML syntax error: the text cannot be read as YAML",
                             Span.of(0, 0, 0, 0)), 0
    starts = line_starts(source)
    line = bisect_right(starts, found.start()) - 1
    column = found.start() - starts[line]
    code = ord(found.group())
    what = "a control character" if code < 0x20 or 0x7F <= code < 0xA0 else "the character"
    message = (f"YAML syntax error: {what} (U+{code:04X}) is not allowed in YAML text; "
               f"remove it, or write it as \\u{code:04X} in a double-quoted string")
    return SyntaxProblem(message, Span.of(line, column, line, column + 1)), line


def line_starts(source: Source) -> list[int]:
    """The offset in `source.text` where each line starts, and its end."""
    from itertools import accumulate

    return [0, *accumulate(map(len, source.lines))]  # in C: a fix-all of 5,000 lines asks


def _relocator(source: Source):
    """A function giving a mark the line and column of its index in `source`."""
    from bisect import bisect_right

    from ruamel.yaml.error import StreamMark

    starts = line_starts(source)
    made: dict[int, Any] = {}

    def relocate(mark: Any) -> Any:
        if mark.index not in made:
            line = bisect_right(starts, mark.index) - 1
            made[mark.index] = StreamMark(mark.name, mark.index, line, mark.index - starts[line])
        return made[mark.index]

    return relocate


def _relocated(roots: tuple[Any, ...], source: Source) -> tuple[Any, ...]:
    """`roots` with every node's marks recomputed from their index (see LEGACY_BREAKS)."""
    relocate = _relocator(source)
    for node in walk(roots):
        node.start_mark, node.end_mark = relocate(node.start_mark), relocate(node.end_mark)
    return roots


def _relocate_error(exc, source: Source) -> None:
    relocate = _relocator(source)
    for name in ("problem_mark", "context_mark"):
        if getattr(exc, name, None) is not None:
            setattr(exc, name, relocate(getattr(exc, name)))


def _cut_line(exc) -> int:
    """The first line to drop: where the broken construct began, or the error's line."""
    lines = [exc.problem_mark.line] if exc.problem_mark is not None else [0]
    if exc.context_mark is not None:
        lines.append(exc.context_mark.line)
    return min(lines)


def _problem(exc, source: Source) -> SyntaxProblem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and mark.line >= len(source.lines) and exc.context_mark is not None:
        # "found unexpected end of stream": the end of the file says nothing useful;
        # where the unfinished construct began does.
        mark = exc.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if line >= len(source.lines) > 0:  # past the last line: point at its end
        line = len(source.lines) - 1
        column = len(source.line_text(line))
    text = source.line_text(line)
    column = min(column, len(text))
    # Underline one character, or nothing at the end of a line (clients widen it).
    end = column + 1 if column < len(text) else column
    message = _one_line(exc.problem or exc.context or "invalid YAML")
    if (exc.problem or "").endswith("that cannot start any token") \
            and text[column:column + 1] == "\t":
        # libyaml names no character: a tab that indents, or follows `-` or `?`.
        before = text[:column].rstrip(" \t")
        if before and before[-1] in "-?:":
            # `-\tb` is YAML 1.2 (a tab may separate `-` from a scalar), not libyaml's.
            return SyntaxProblem(
                f"YAML syntax error: a tab after `{before[-1]}`, where parsers built on libyaml "
                "(PyYAML, go-yaml) take only spaces (YAML 1.2 allows one before a plain value):"
                " replace it with a space", Span.of(line, column, line, end))
        return SyntaxProblem("YAML syntax error: a tab where YAML allows only spaces "
                             "(it indents with spaces): replace it with spaces",
                             Span.of(line, column, line, end))
    if exc.problem == "found a tab character that violates indentation" \
            and text[column:column + 1] == "\t" and not text[:column].strip(" \t") \
            and text.lstrip(" \t")[:1] in ("", "#"):
        # A line of whitespace (or a comment) with a tab in it, below a plain value (`5m`):
        # YAML 1.2 reads it as blank, libyaml and go-yaml, the engine's parser, fail there.
        what = "holds only whitespace with a tab in it" if not text.strip(" \t") \
            else "has a tab before its comment"
        return SyntaxProblem(
            f"YAML syntax error: this line {what}, below a plain value: YAML 1.2 allows it, "
            "but the engine's parser (go-yaml, as libyaml) rejects the file there: remove "
            "the tab", Span.of(line, column, line, end))
    legacy = _legacy_break(source, exc, line)
    if legacy is not None:
        return legacy
    cause = _cause(source, exc, line)
    if cause is not None:
        return cause
    if exc.problem and exc.context:
        context_mark = exc.context_mark
        where = ""
        if context_mark is not None and context_mark.line not in (line, len(source.lines)):
            where = f" at line {context_mark.line + 1}"
        message += f" ({_one_line(exc.context)}{where})"
    return SyntaxProblem(f"YAML syntax error: {message}", Span.of(line, column, line, end))


# A block key typed without the space after its `:` (`timeout:"1h"`, `run:python x`): one
# plain string to YAML, so the error comes where the next line cannot continue it.
_KEY_WITHOUT_SPACE = LazyPattern(r"(?:- +)*([A-Za-z_][\w-]*):[^\s:/]")
# A line's indentation and the `- ` of the list items it opens: where its key is.
_ITEM_PREFIX = LazyPattern(r" *(?:-(?: +|$))*")
# The parsers' words for a flow collection that the text does not go on with: its closer
# is missing (libyaml's, then the pure parser's).
# The most text scanned again to find the cause (some 10 ms of the pure scanner; a whole
# file of 100 KB took 0.2 s, on every keystroke while the error stood).
_MOST_SCANNED = 8_000
_UNCLOSED_FLOW = ("did not find expected ',' or", "expected ',' or",
                  "did not find expected node content", "expected the node content",
                  "found unexpected end of stream")


def _cause(source: Source, exc, line: int) -> SyntaxProblem | None:
    """The one missing character behind a syntax error, said where it is missing, or None.

    A quote or a bracket left open is read on over the lines below it, and a key typed
    without the space after its colon runs into the next line: the parser fails there,
    lines away, in words about what it was parsing ("did not find expected key"); the
    tokens before the error show which of these it was. A line indented a space too far
    either way, or a stray `-`, fails on that line in the same words: said against the
    key above it."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        mark = exc.context_mark  # the opening quote: nothing closes it
        quote = source.line_text(mark.line)[mark.column:mark.column + 1]
        return SyntaxProblem(f"YAML syntax error: this `{quote}` opens a string that is "
                             f"never closed: add the closing `{quote}`",
                             Span.of(mark.line, mark.column, mark.line, mark.column + 1))
    word = _word_for_key(source, exc)
    if word is not None:
        line, column, end = word
        name = source.line_text(line)[column:end]
        return SyntaxProblem(f"YAML syntax error: `{name}` has no `:` after it, so it is "
                             f"not a key: write `{name}: ` and its value",
                             Span.of(line, column, line, end))
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        mark = exc.context_mark  # the plain string that runs on to where a `:` was due
        return _key_without_space(source, mark.line, mark.column) \
            or _key_without_colon(source, mark.line, mark.column)
    if exc.context is None and (exc.problem or "").startswith("mapping values are not allowed"):
        colon = exc.problem_mark  # at a key's `:`, lines below the one left without it
        if colon is not None and 0 < colon.line < len(source.lines) \
                and source.line_text(colon.line)[colon.column:colon.column + 1] == ":":
            missing = _colon_missing_above(source, colon.line)
            if missing is not None:
                return missing
    mark = exc.problem_mark
    if mark is None or len(source.text) > MAX_PURE_FALLBACK \
            or any(char in source.text for char in LEGACY_BREAKS):
        return None
    if exc.context in ("while parsing a block mapping", "while parsing a block collection") \
            and (exc.problem or "").startswith(("did not find expected", "expected <block end>")):
        misindented = _misindented(source, mark.line, mark.column)
        if misindented is not None:
            return misindented
        text = source.line_text(mark.line)
        if 0 < mark.line and mark.column == len(text) - len(text.lstrip(" ")) < len(text):
            missing = _colon_missing_above(source, mark.line)  # `timeout 1h  # note`
            if missing is not None:
                return missing
    # From the line where the construct being parsed began: what is open at the error
    # opened there or after it (a job's line, not the whole file above it). A flow node's
    # is the node itself, in a collection opened before it.
    first = exc.context_mark.line if exc.context_mark is not None \
        and exc.context != "while parsing a flow node" else 0
    if mark.index - line_starts(source)[first] > _MOST_SCANNED:
        return None  # the parser's words, rather than a keystroke's pause in the editor
    last, flows = _tokens_before(source, first, mark.index)
    if last is not None and last.start_mark.line < line == last.end_mark.line:
        start = last.start_mark
        if last.style in ("'", '"'):
            return SyntaxProblem(
                f"YAML syntax error: this `{last.style}` opens a string that runs on to "
                f"line {line + 1}, where what follows its end is not valid: add the "
                f"closing `{last.style}` on this line",
                Span.of(start.line, start.column, start.line, start.column + 1))
        key = _key_without_space(source, start.line, start.column) if last.style is None else None
        if key is not None:
            return key
    ended = mark.index >= len(source.text.rstrip())
    if flows and (ended or flows[-1].line < mark.line) \
            and (exc.problem or "").startswith(_UNCLOSED_FLOW):
        start = flows[-1]
        opener = source.line_text(start.line)[start.column:start.column + 1]
        closer = "]" if opener == "[" else "}"
        rest = "" if ended else source.line_text(mark.line)[mark.column:]
        if rest.count(closer) > rest.count(opener):
            return None  # closed on that line: the error is something else in it
        after = "the text ends" if ended else f"line {mark.line + 1} cannot continue it"
        return SyntaxProblem(
            f"YAML syntax error: this `{opener}` is not closed ({after}): add the "
            f"closing `{closer}`", Span.of(start.line, start.column, start.line, start.column + 1))
    return None


def _misindented(source: Source, line: int, column: int) -> SyntaxProblem | None:
    """A line whose indentation fits no block above it, said against the key above it, or
    None when the error is not at the line's first character."""
    text = source.line_text(line)
    if column >= len(text) or text[:column].strip(" "):
        return None
    above = next((source.line_text(n) for n in range(line - 1, -1, -1)
                  if source.line_text(n).strip() and not source.line_text(n).lstrip().startswith("#")),
                 None)
    if above is None:
        return None
    key = len(_ITEM_PREFIX.match(above).group())
    if text[column] == "-":
        message = ("a list item (`-`) where a key is due: a list is a key's value, on the "
                   "lines below the key, indented")
    elif column > key:
        message = (f"this line is indented {column} spaces, deeper than the key above it "
                   f"({key}), which already has a value: line it up with that key")
    elif column < key:
        message = (f"this line is indented {column} spaces, where no mapping it could belong "
                   f"to has its keys (the key above it is at {key}): line it up with them")
    else:
        return None
    return SyntaxProblem(f"YAML syntax error: {message}", Span.of(line, column, line, column + 1))


def without_line(source: Source, line: int) -> Source:
    """`source` with `line` blank (its line break kept): as many lines, the same marks."""
    text = source.lines[line]
    ending = text[len(text.rstrip("\r\n")):]
    if line and ending.startswith("\n") and source.lines[line - 1].endswith("\r"):
        # A lone `\r` above and this `\n` would be one line break, `\r\n`, and every mark
        # below a line too high (a fix edited the line above its finding): a space keeps
        # them two, a line YAML reads as blank all the same.
        ending = " " + ending
    return Source("".join(source.lines[:line] + (ending,) + source.lines[line + 1:]),
                  source.had_bom)


# A word alone on its line, where a key of the mapping is due.
_WORD_FOR_KEY = LazyPattern(r"( *)([A-Za-z_][\w-]*)[ \t]*")


def _word_for_key(source: Source, exc) -> tuple[int, int, int] | None:
    """(line, column, end) of a word alone on its line that libyaml began to read as a
    key and found no `:` after (a key half typed, `ti` of `timeout:`), or None. Said on
    that word: libyaml's error is on the next line that is not blank, at a key that is
    right."""
    mark = exc.context_mark
    if exc.context is None and (exc.problem or "").startswith("mapping values are not allowed"):
        return _word_above_key(source, exc.problem_mark)
    if exc.context != "while scanning a simple key" or mark is None \
            or mark.line >= len(source.lines):
        return None
    word = _WORD_FOR_KEY.fullmatch(source.line_text(mark.line))
    if word is None or word.start(2) != mark.column:
        return None
    return mark.line, word.start(2), word.end(2)


def _word_above_key(source: Source, colon) -> tuple[int, int, int] | None:
    """(line, column, end) of a word alone on its line just under a key with no value and
    above a key indented as the word (`report:`, then `ti`, then `timeout: 1h`: the first
    key of a job being typed), or None. YAML reads the word and the key below it as one
    string, `ti timeout`, and fails at the `:` after it, a line below the word."""
    if colon is None or not 0 < colon.line < len(source.lines):
        return None
    text = source.line_text(colon.line)
    indent = len(text) - len(text.lstrip(" "))
    if text[colon.column:colon.column + 1] != ":" or not indent < colon.column:
        return None
    line = colon.line - 1
    while line > 0 and not source.line_text(line).strip():
        line -= 1
    word = _WORD_FOR_KEY.fullmatch(source.line_text(line))
    if word is None or word.start(2) != indent:
        return None
    above = line - 1
    while above >= 0 and not source.line_text(above).strip():
        above -= 1
    parent = source.line_text(above) if above >= 0 else ""
    if above >= 0 and not (parent.rstrip().endswith(":")
                           and len(parent) - len(parent.lstrip(" ")) < indent):
        return None
    if above < 0 and indent:
        return None
    return line, word.start(2), word.end(2)


# A key and the space after it, where its value starts without the `:` between them
# (`timeout 1h`). The value, up to a comment, is cut by hand: a pattern for it too (a lazy
# run then the spaces before a comment) tried every split of a long run of spaces, and a
# line of 100,000 of them did not end.
_KEY_WITHOUT_COLON = LazyPattern(r"([A-Za-z_][\w-]*)[ \t]+(?=[^\s#:])")


def _key_without_colon(source: Source, line: int, column: int) -> SyntaxProblem | None:
    """A key and its value without the `:` between them (`timeout 1h`), where a plain
    string starts that YAML read where a key was due, or None. Not a value that holds a
    `: ` (then it is a key, without a space after its colon or so)."""
    text = source.line_text(line)
    found = _KEY_WITHOUT_COLON.match(text, column)
    if found is None:
        return None
    key, value = found.group(1), text[found.end():].partition("#")[0].rstrip(" \t")
    if ": " in value or value.endswith(":"):
        return None
    key, value = shortened(key), shortened(value)
    return SyntaxProblem(f"YAML syntax error: `{key}` has no `:` after it, so `{key} {value}` "
                         f"is one string, not a key and its value: write `{key}: {value}`",
                         Span.of(line, found.start(1), line, found.end(1)))


def _colon_missing_above(source: Source, below: int) -> SyntaxProblem | None:
    """A key without its `:` (`timeout 1h`) on the line above the key on line `below`,
    indented as it and the first of its mapping (under `a:`, or a list item's, `- name x`),
    or None. YAML reads it and the key below as one string, `timeout 1h steps`, and fails
    at the `:` after it (or, a comment ending the string, at the key below)."""
    text = source.line_text(below)
    indent = len(text) - len(text.lstrip(" "))
    line = below - 1
    while line > 0 and not source.line_text(line).strip():
        line -= 1
    above = source.line_text(line)
    prefix = _ITEM_PREFIX.match(above).group()
    if len(prefix) != indent:
        return None
    if "-" not in prefix:  # the first key of a mapping: under a key with no value
        parent = line - 1
        while parent >= 0 and not source.line_text(parent).strip():
            parent -= 1
        upper = source.line_text(parent) if parent >= 0 else ""
        if parent >= 0 and not (upper.split("#")[0].rstrip().endswith(":")
                                and len(upper) - len(upper.lstrip(" ")) < indent):
            return None
        if parent < 0 and indent:
            return None
    return _key_without_colon(source, line, indent)


def _key_without_space(source: Source, line: int, column: int) -> SyntaxProblem | None:
    """A key without the space after its colon, where a plain string starts, or None."""
    key = _KEY_WITHOUT_SPACE.match(source.line_text(line), column)
    if key is None:
        return None
    colon = key.end(1)
    return SyntaxProblem(f"YAML syntax error: `{key.group(1)}:` has no space after its `:`, "
                         "so this line is one string, not a key and its value: add a space "
                         "after `:`", Span.of(line, colon, line, colon + 1))


def _tokens_before(source: Source, first: int, index: int) -> tuple[Any, list[Any]]:
    """The last scalar token that starts before `index` in `source`, and the marks of the
    flow collections open there (innermost last), by ruamel's pure scanner from line
    `first` on, their marks moved to the text's: only a text that does not parse is
    scanned so, once. Not with blank lines standing for the text above: the scanner
    reads those one by one (16 ms for 2,900 of them, on every keystroke while a quote
    stood open at the end of a 100 KB file)."""
    from ruamel.yaml.error import StreamMark, YAMLError
    from ruamel.yaml.main import YAML
    from ruamel.yaml.tokens import (FlowMappingEndToken, FlowMappingStartToken,
                                    FlowSequenceEndToken, FlowSequenceStartToken, ScalarToken)

    def moved(mark: Any) -> Any:
        return StreamMark(mark.name, mark.index + start, mark.line + first, mark.column)

    start = line_starts(source)[first]
    index -= start
    last, flows = None, []
    try:
        for token in YAML(typ="safe", pure=True).scan(source.text[start:]):
            if token.start_mark.index >= index:
                break
            if isinstance(token, ScalarToken):
                last = token
            elif isinstance(token, (FlowSequenceStartToken, FlowMappingStartToken)):
                flows.append(token.start_mark)
            elif isinstance(token, (FlowSequenceEndToken, FlowMappingEndToken)) and flows:
                flows.pop()
    except YAMLError:
        pass  # the scanner's own error: what came before it is known
    if last is not None:
        last.start_mark, last.end_mark = moved(last.start_mark), moved(last.end_mark)
    return last, [moved(mark) for mark in flows]


_BREAK_NAMES = {"\x85": "NEXT LINE (U+0085)", "\u2028": "LINE SEPARATOR (U+2028)",
                "\u2029": "PARAGRAPH SEPARATOR (U+2029)"}


def _legacy_break(source: Source, exc, line: int) -> SyntaxProblem | None:
    """The error a YAML 1.1 line break caused, said as such, or None: libyaml (and ruamel)
    end a line at U+2028 and its kin, in a comment too, which YAML 1.2 and editors take as
    text, so the rest of that line was read as YAML ("could not find expected ':'" on the
    line after a comment)."""
    context = exc.context_mark.line if exc.context_mark is not None else line
    for number in range(max(0, min(context, line) - 1), min(line, len(source.lines) - 1) + 1):
        text = source.line_text(number)
        at = next((i for i, char in enumerate(text) if char in _BREAK_NAMES), None)
        if at is not None:
            return SyntaxProblem(
                f"YAML syntax error: a {_BREAK_NAMES[text[at]]}, where parsers built on "
                "libyaml (PyYAML, go-yaml) end the line (YAML 1.2 does not), and what follows "
                "it is not valid YAML on a line of its own: remove it",
                Span.of(number, at, number, at + 1))
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


@record
class AliasUse:
    """An alias (`*name`) where it is written: the composed tree has only its anchor's
    node there, whose marks are the anchor's (`&name`), elsewhere."""

    span: Span  # `*name`
    name: str
    node: Any  # the anchored node it stands for
    anchor: Span  # `&name`
    parent: Any  # the collection it is written in (None for a document that is an alias)
    index: int  # its item's index in `parent`, or its pair's in a mapping
    is_key: bool = False  # an alias written as a mapping's key


@lru_cache(maxsize=4)  # asked by rules and editor requests of one parse
def aliases(source: Source, roots: tuple[Any, ...]) -> tuple[AliasUse, ...]:
    """Every alias of the trees `roots` composed from `source`, in document order.

    The parser's events say where each alias is written; the trees, walked in document
    order, meet a node a second time exactly where an alias stands, so the two lists
    match one to one. With a syntax error the trees are of the text before it: the
    events up to the error cover them. Checked by name as they are matched; on the first
    disagreement, no more are given (never a wrong place)."""
    if not may_share_nodes(source.text):
        return ()
    written, anchors = _alias_events(source)
    anchors = {at: (name, span) for at, name, span in anchors}
    found: list[AliasUse] = []
    seen: set[int] = set()
    stack: list[tuple[Any, Any, int, bool]] = [(root, None, 0, False) for root in reversed(roots)]
    uses = iter(written)
    while stack:
        node, parent, index, is_key = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            if node.id == "sequence":
                stack.extend((item, node, i, False)
                             for i, item in reversed(list(enumerate(node.value))))
            elif node.id == "mapping":
                for i, (key, value) in reversed(list(enumerate(node.value))):
                    stack.extend(((value, node, i, False), (key, node, i, True)))
            continue
        use = next(uses, None)
        anchor = anchors.get(node.start_mark.index)
        if use is None or anchor is None or anchor[0] != use[0]:
            break
        found.append(AliasUse(use[1], use[0], node, anchor[1], parent, index, is_key))
    return tuple(found)


# What may not be in an anchor's name, and why. YAML 1.2's ns-anchor-char is a printable
# character other than a space, a tab, a line break, a BOM or a flow indicator; NEL, LS and
# PS are ns-chars in YAML 1.2 but line breaks to YAML 1.1 readers (ruamel's among them).
# libyaml (the first parser here) and its ports end a name at `:` or `?` and read what
# follows as more YAML: `[&x: a]` is a mapping to them, an anchored `a` to YAML 1.2.
_NOT_IN_ANCHOR = {
    " ": "it holds a space", "\t": "it holds a tab",
    **dict.fromkeys("\n\r\x85\u2028\u2029", "it holds a line break"),
    "\ufeff": "it holds a byte order mark (U+FEFF)",
    **{char: f"`{char}` is a flow indicator (`,`, `[`, `]`, `{{` and `}}` end the name)"
       for char in ",[]{}"},
    **{char: f"libyaml and the readers made from it end the name at `{char}`, and read "
             "what follows as another value" for char in ":?"},
}


def anchor_name_problem(name: str) -> str | None:
    """Why `name` cannot be an anchor's (`&name`, `*name`) as written, or None: said as
    what follows "is not a valid anchor name: "."""
    if not name:
        return "it is empty"
    for char in name:
        if char in _NOT_IN_ANCHOR:
            return _NOT_IN_ANCHOR[char]
        if re.fullmatch(_NOT_PRINTABLE, char):
            kind = "a control character" if ord(char) < 0xA0 else "a character"
            return f"it holds {kind} YAML does not allow (U+{ord(char):04X})"
    return None


def anchors(source: Source) -> tuple[tuple[str, Span], ...]:
    """Every anchor of `source` as (name, span of `&name`), in document order, as far as
    it parses."""
    if not may_share_nodes(source.text):
        return ()
    return tuple((name, span) for _, name, span in _alias_events(source)[1])


@lru_cache(maxsize=4)
def _alias_events(source: Source) -> tuple[tuple[tuple[str, Span], ...],
                                           tuple[tuple[int, str, Span], ...]]:
    """The aliases written in `source` ((name, span of `*name`), in order) and its anchors
    ((start offset of the anchored node, name, span of `&name`)), as far as it parses."""
    CParser = _c_parser()
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import AliasEvent

    text = source.text
    starts = line_starts(source)

    def span(at: int, length: int) -> Span:
        from bisect import bisect_right

        line = bisect_right(starts, at) - 1
        return Span.of(line, at - starts[line], line, at - starts[line] + length)

    def read(events) -> tuple[tuple[tuple[str, Span], ...], tuple[tuple[int, str, Span], ...],
                              bool]:
        written: list[tuple[str, Span]] = []
        found: list[tuple[int, str, Span]] = []
        try:
            for event in events:
                name = getattr(event, "anchor", None)
                if name is None:
                    continue
                at = event.start_mark.index
                if isinstance(event, AliasEvent):
                    written.append((name, span(at, len(name) + 1)))
                else:  # the node's marks begin at its properties: a tag may come first
                    at = text.find(f"&{name}", at)
                    found.append((event.start_mark.index, name, span(at, len(name) + 1)))
        except YAMLError:
            return tuple(written), tuple(found), False  # the trees are of the text before it
        return tuple(written), tuple(found), True

    if CParser is None:
        return read(_pure_events(text))[:2]
    parser = CParser(text)
    try:
        written, found, whole = read(iter(parser.get_event, None))
    finally:
        parser.dispose()
    if not whole and len(text) <= MAX_PURE_FALLBACK:  # as `parse` reads what libyaml rejects
        again = read(_pure_events(text))
        if len(again[0]) + len(again[1]) > len(written) + len(found):
            written, found = again[:2]
    return written, found
