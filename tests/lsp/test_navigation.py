"""Job ids end to end: definition, references, highlight, prepareRename and rename."""

from __future__ import annotations

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from .conftest import apply_edits, diagnostics, lsp_position, open_document, token_range

DOC = """\
id: nav
jobs:
  "prep":
    steps: [{run: "echo 🎉"}]
  build:
    depends_on: ["prep"]
    steps:
      - {name: "🧱 build", run: make}
  test:
    depends_on:
      - build
      - prep  # 🧪 again
    steps: [{run: pytest}]
  ship: {name: "🚢 ship", depends_on: [test, build, prep, nowhere], steps: [{run: ship}]}
"""
LINES = DOC.splitlines()


def at(client, line: int, token: str, offset: int = 1) -> types.Position:
    return lsp_position(DOC, line, LINES[line].index(token) + offset, client.encoding)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_definition_from_depends_on_entries(client):
    uri = await open_document(client, DOC)
    for line, token in ((10, "build"), (13, "build")):
        result = await client.text_document_definition_async(types.DefinitionParams(
            text_document=doc(uri), position=at(client, line, token)))
        assert list(result) == [types.Location(uri=uri, range=token_range(DOC, 4, "build", client.encoding))]
    # A quoted key and a quoted entry: the whole token, quotes included.
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=at(client, 5, '"prep"', 2)))
    assert list(result) == [types.Location(uri=uri, range=token_range(DOC, 2, '"prep"', client.encoding))]
    # An entry naming no job has nowhere to go.
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=at(client, 13, "nowhere")))
    assert result is None


async def test_references_with_and_without_the_declaration(client):
    uri = await open_document(client, DOC)
    entries = [token_range(DOC, 10, "build", client.encoding),
               token_range(DOC, 13, "build", client.encoding)]
    for include, expected in ((True, [token_range(DOC, 4, "build", client.encoding), *entries]),
                              (False, entries)):
        result = await client.text_document_references_async(types.ReferenceParams(
            text_document=doc(uri), position=at(client, 4, "build"),
            context=types.ReferenceContext(include_declaration=include)))
        assert list(result) == [types.Location(uri=uri, range=r) for r in expected]


async def test_document_highlight_marks_the_key_as_written(client):
    uri = await open_document(client, DOC)
    result = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=doc(uri), position=at(client, 11, "prep")))
    assert list(result) == [
        types.DocumentHighlight(range=token_range(DOC, 2, '"prep"', client.encoding),
                                kind=types.DocumentHighlightKind.Write),
        types.DocumentHighlight(range=token_range(DOC, 5, '"prep"', client.encoding),
                                kind=types.DocumentHighlightKind.Read),
        types.DocumentHighlight(range=token_range(DOC, 11, "prep", client.encoding),
                                kind=types.DocumentHighlightKind.Read),
        types.DocumentHighlight(range=token_range(DOC, 13, "prep", client.encoding),
                                kind=types.DocumentHighlightKind.Read),
    ]


async def test_prepare_rename_offers_the_name_inside_the_quotes(client):
    uri = await open_document(client, DOC)
    result = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=doc(uri), position=at(client, 5, '"prep"', 2)))
    assert result == types.PrepareRenamePlaceholder(
        range=token_range(DOC, 5, "prep", client.encoding), placeholder="prep")


async def test_rename_changes_the_key_and_every_reference(client):
    uri = await open_document(client, DOC)
    result = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=at(client, 11, "prep"), new_name="fetch-data"))
    if result.document_changes is not None:
        assert result.changes is None
        (change,) = result.document_changes
        assert change.text_document == types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=1)
        edits = change.edits
    else:
        assert list(result.changes) == [uri]
        edits = result.changes[uri]
    assert apply_edits(DOC, edits, client.encoding) == DOC.replace(
        '"prep":', '"fetch-data":').replace('["prep"]', '["fetch-data"]').replace(
        "- prep  #", "- fetch-data  #").replace("build, prep,", "build, fetch-data,")


@pytest.mark.parametrize(("new_name", "message"), [
    ("2026", "Cannot rename `build`: `2026` is not a valid job id: YAML reads it as a number, "
             "not as a name"),
    ("has space", "Cannot rename `build`: `has space` is not a valid job id: use letters, digits, "
                  "`_`, `-` and `.`, not starting with `-` or `.`"),
    ("null", "Cannot rename `build`: `null` is not a valid job id: YAML reads it as null, not as a name"),
    ("test", "Cannot rename `build`: a job named `test` already exists"),
    ("", "Cannot rename `build`: the new name is not a valid job id: use letters, digits, "
         "`_`, `-` and `.`, not starting with `-` or `.`"),
    ("a\nb", "Cannot rename `build`: the new name is not a valid job id: use letters, "
              "digits, `_`, `-` and `.`, not starting with `-` or `.`"),
])
async def test_rename_refuses_invalid_and_taken_names(client, new_name, message):
    uri = await open_document(client, DOC)
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=at(client, 4, "build"), new_name=new_name))
    assert error.value.message == message


async def test_rename_to_a_number_where_every_mention_is_quoted(client):
    """`"2026"` is a string id (WF007 accepts it); `2026` written plain is a number."""
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(await open_document(client, DOC)),
            position=at(client, 2, "prep"), new_name="2026"))
    assert error.value.message == (
        "Cannot rename `prep`: `2026` is not a valid job id without quotes, as on line 12: "
        "YAML reads it as a number, not as a name")
    text = DOC.replace("- prep  #", '- "prep"  #').replace("build, prep,", 'build, "prep",')
    result = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(await open_document(client, text)),
        position=at(client, 2, "prep"), new_name="2026"))
    edits = (result.document_changes[0].edits if result.document_changes is not None
             else next(iter(result.changes.values())))
    assert apply_edits(text, edits, client.encoding) == text.replace('"prep"', '"2026"')


async def test_rename_elsewhere_says_what_can_be_renamed(client):
    uri = await open_document(client, DOC)
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(
            text_document=doc(uri), position=at(client, 6, "steps")))
    assert error.value.message == ("Only a job id, an input, a secret alias, a matrix variable, "
                                   "an env variable or a YAML anchor can be renamed: put the "
                                   "cursor on one")


async def test_not_a_job_answers_nothing(client):
    uri = await open_document(client, DOC)
    position = at(client, 7, "make")
    assert await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position)) is None
    assert await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=position,
        context=types.ReferenceContext(include_declaration=True))) is None
    assert await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(uri), position=position)) is None


MERGED = """\
id: merged
x-common: &more
  fetch:
    timeout: 10m
    steps: [{run: fetch}]
jobs:
  <<: *more
  train:
    depends_on: [fetch]
    timeout: 1h
    steps: [{run: train}]
"""


async def test_a_job_merged_into_jobs_is_a_job_to_go_to_and_hover(client):
    """`jobs: {<<: *more}`: `fetch` is a job, written at the anchor (it was "unknown job")."""
    uri = await open_document(client, MERGED)
    assert [d.code for d in await diagnostics(client, uri)] == ["WF003"]  # x-common only
    entry = lsp_position(MERGED, 8, MERGED.splitlines()[8].index("fetch") + 1, client.encoding)
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=doc(uri), position=entry))
    assert list(result) == [types.Location(uri=uri, range=token_range(MERGED, 2, "fetch",
                                                                      client.encoding))]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=entry))
    shown = hover.contents.value.replace("`", "").replace("*", "")  # or plain text
    assert shown.startswith("job fetch") and "needed by train" in shown


TWICE = """\
id: merged
x-one: &one
  build: {timeout: 1h, steps: [{run: one}]}
x-two: &two
  build: {timeout: 2h, steps: [{run: two}]}
jobs:
  <<: [*one, *two]
  test:
    timeout: 1h
    depends_on: [build]
    steps: [{run: test}]
"""


def rename_result(result, uri) -> list[types.TextEdit]:
    if result.document_changes is not None:
        (change,) = result.document_changes
        return change.edits
    return result.changes[uri]


async def test_rename_of_a_job_merged_from_two_anchors_renames_both_keys(client):
    """The second `build` is shadowed by the first: renaming only the first and the entry
    brought it out as a job `build` (a job the user had not asked for)."""
    uri = await open_document(client, TWICE)
    position = lsp_position(TWICE, 9, TWICE.splitlines()[9].index("build") + 1, client.encoding)
    result = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=position, new_name="compile"))
    assert apply_edits(TWICE, rename_result(result, uri), client.encoding) == TWICE.replace(
        "build", "compile")


async def test_rename_of_a_merged_job_whose_mapping_is_used_elsewhere_is_refused(client):
    text = TWICE.replace("x-two: &two", "x-copy: *one\nx-two: &two")
    uri = await open_document(client, text)
    position = lsp_position(text, 10, text.splitlines()[10].index("build") + 1, client.encoding)
    message = ("Cannot rename `build`: job `build` is written in a mapping also used outside "
               "`jobs` (`*one` on line 4): rename it by hand")
    for ask in (client.text_document_prepare_rename_async(types.PrepareRenameParams(
                    text_document=doc(uri), position=position)),
                client.text_document_rename_async(types.RenameParams(
                    text_document=doc(uri), position=position, new_name="compile"))):
        with pytest.raises(JsonRpcException) as error:
            await ask
        assert error.value.message == message


ANCHORED = """\
id: anchored
x-base: &base
  timeout: 1h
  steps: [{run: "🧱 make"}]
jobs:
  a: *base
  b:
    <<: *base
    depends_on: [&d a, *d]
"""
ANCHORED_LINES = ANCHORED.splitlines()


def anchored_at(client, line: int, token: str, offset: int = 1) -> types.Position:
    return lsp_position(ANCHORED, line, ANCHORED_LINES[line].index(token) + offset,
                        client.encoding)


async def test_an_alias_goes_to_its_anchor_and_an_anchor_lists_its_aliases(client):
    """`*base` went nowhere (definition, references and highlight answered nothing)."""
    uri = await open_document(client, ANCHORED)
    anchor = token_range(ANCHORED, 1, "&base", client.encoding)
    uses = [token_range(ANCHORED, 5, "*base", client.encoding),
            token_range(ANCHORED, 7, "*base", client.encoding)]
    for line in (5, 7):
        result = await client.text_document_definition_async(types.DefinitionParams(
            text_document=doc(uri), position=anchored_at(client, line, "*base", 2)))
        assert list(result) == [types.Location(uri=uri, range=anchor)]
    result = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=anchored_at(client, 1, "&base", 2),
        context=types.ReferenceContext(include_declaration=False)))
    assert list(result) == [types.Location(uri=uri, range=r) for r in uses]
    result = await client.text_document_document_highlight_async(types.DocumentHighlightParams(
        text_document=doc(uri), position=anchored_at(client, 8, "*d", 1)))
    assert [(h.range, h.kind) for h in result] == [
        (token_range(ANCHORED, 8, "&d", client.encoding), types.DocumentHighlightKind.Write),
        (token_range(ANCHORED, 8, "*d", client.encoding), types.DocumentHighlightKind.Read)]


async def test_an_anchor_is_renamed_with_its_aliases(client):
    uri = await open_document(client, ANCHORED)
    position = anchored_at(client, 7, "*base", 2)
    result = await client.text_document_prepare_rename_async(types.PrepareRenameParams(
        text_document=doc(uri), position=position))
    assert result == types.PrepareRenamePlaceholder(
        range=token_range(ANCHORED, 7, "base", client.encoding), placeholder="base")
    result = await client.text_document_rename_async(types.RenameParams(
        text_document=doc(uri), position=position, new_name="defaults"))
    assert apply_edits(ANCHORED, rename_result(result, uri), client.encoding) == ANCHORED.replace(
        "&base", "&defaults").replace("*base", "*defaults")
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=position, new_name="d"))
    assert error.value.message == "Cannot rename `base`: an anchor named `d` already exists"


@pytest.mark.parametrize(("new_name", "why"), [
    ("foo bar", "`foo bar` is not a valid anchor name: it holds a space"),
    ("a,b", "`a,b` is not a valid anchor name: `,` is a flow indicator (`,`, `[`, `]`, `{` "
            "and `}` end the name)"),
    ("x]", "`x]` is not a valid anchor name: `]` is a flow indicator (`,`, `[`, `]`, `{` "
           "and `}` end the name)"),
    ("", "the new name is not a valid anchor name: it is empty"),
    ("a\tb", "the new name is not a valid anchor name: it holds a tab"),
    # These three were renamed to, and the document no longer read as YAML.
    ("a\x01b", "the new name is not a valid anchor name: it holds a control character YAML "
               "does not allow (U+0001)"),
    ("a\x7f", "the new name is not a valid anchor name: it holds a control character YAML "
              "does not allow (U+007F)"),
    ("\ufeffa", "the new name is not a valid anchor name: it holds a byte order mark (U+FEFF)"),
    ("a\u2028b", "the new name is not a valid anchor name: it holds a line break"),
    # `[&x: a, *x:]` is an anchored `a` to YAML 1.2 and a mapping to libyaml: `d`'s
    # `depends_on` became two mappings (WF005).
    ("x:", "`x:` is not a valid anchor name: libyaml and the readers made from it end the "
           "name at `:`, and read what follows as another value"),
    ("base", "an anchor named `base` already exists"),  # the aliases of both would be one's
])
async def test_an_anchor_rename_to_a_name_yaml_reads_otherwise_is_refused(client, new_name, why):
    uri = await open_document(client, ANCHORED)
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=anchored_at(client, 8, "&d", 1),
            new_name=new_name))
    assert error.value.message == f"Cannot rename `d`: {why}"


async def test_an_anchor_may_take_any_name_yaml_reads_back(client):
    """Names libyaml rejects are YAML 1.2 (the parser falls back to ruamel's pure one)."""
    uri = await open_document(client, ANCHORED)
    for new_name in ("é", "a.b", "-x", "a#b", "&x"):
        result = await client.text_document_rename_async(types.RenameParams(
            text_document=doc(uri), position=anchored_at(client, 8, "&d", 1),
            new_name=new_name))
        renamed = apply_edits(ANCHORED, rename_result(result, uri), client.encoding)
        assert renamed == ANCHORED.replace("[&d a, *d]", f"[&{new_name} a, *{new_name}]")


async def test_hover_on_an_alias_says_what_it_stands_for(client):
    uri = await open_document(client, ANCHORED)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=anchored_at(client, 5, "*base", 2)))
    assert hover.contents.value.replace("`", "") == "alias of &base (line 2): a mapping of 2 keys"
    assert hover.range == token_range(ANCHORED, 5, "*base", client.encoding)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=doc(uri), position=anchored_at(client, 8, "*d", 1)))
    assert hover.contents.value.replace("`", "") == "alias of &d (line 9): a"
