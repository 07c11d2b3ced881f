"""Code actions: the engine's fixes, inline suppressions, and fix-all, applied to the text."""
from __future__ import annotations

import pytest
from lsprotocol import types

from flexml_ls.config import Config
from flexml_ls.engine import lint
from flexml_ls.fixes import fix_text

from .conftest import (apply_text_edits, capabilities, edits_of, new_uri, open_document, server_session,
                       wait_for_diagnostics)

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.timeout(60)]

DOCUMENT = """<Response>
  <say voice="Woman">Hi 😀</say>
  <Gather numDigit="1" bogus="x"><Say>Press</Say></Gather>
  <Start><Stream/></Start>
  <Redirect>/next</Redirect>
</Response>
"""


client = server_session("actions")


async def actions_at(client, text: str, line: int, needle: str, only=None):
    uri = new_uri(client, "a")
    open_document(client, uri, text)
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    column = text.split("\n")[line].index(needle)
    position = types.Position(line, column)
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(position, position),
        context=types.CodeActionContext(diagnostics=[d for d in diagnostics if d.range.start.line == line],
                                        only=only)))
    return uri, result or []


def apply(text: str, uri: str, action: types.CodeAction) -> str:
    return apply_text_edits(text, edits_of(action, uri))


async def test_case_fix_is_a_preferred_quickfix(client):
    uri, found = await actions_at(client, DOCUMENT, 1, "say")
    rename = next(a for a in found if a.title.startswith("Rename to `Say`"))
    assert rename.kind == types.CodeActionKind.QuickFix and rename.is_preferred
    assert rename.diagnostics[0].code == "FX103"
    assert apply(DOCUMENT, uri, rename).split("\n")[1] == '  <Say voice="Woman">Hi 😀</Say>'
    # Versioned edits: the client can refuse them if the document moved on.
    assert rename.edit.document_changes[0].text_document.version == 1


async def test_value_case_fix_after_an_emoji(client):
    uri, found = await actions_at(client, DOCUMENT, 1, "Woman")
    change = next(a for a in found if a.title.startswith("Change to `woman`"))
    assert apply(DOCUMENT, uri, change).split("\n")[1] == '  <say voice="woman">Hi 😀</say>'


async def test_did_you_mean_remove_and_add(client):
    uri, found = await actions_at(client, DOCUMENT, 2, "numDigit")
    rename = next(a for a in found if a.title.startswith("Rename to `numDigits`"))
    assert not rename.is_preferred                  # unsafe fixes are offered, not preferred
    assert apply(DOCUMENT, uri, rename).split("\n")[2].startswith('  <Gather numDigits="1" bogus="x">')
    uri, found = await actions_at(client, DOCUMENT, 2, "bogus")
    remove = next(a for a in found if a.title.startswith("Remove `bogus`"))
    assert apply(DOCUMENT, uri, remove).split("\n")[2] == '  <Gather numDigit="1"><Say>Press</Say></Gather>'
    uri, found = await actions_at(client, DOCUMENT, 3, "Stream")
    add = next(a for a in found if a.title.startswith("Add `url`"))
    assert apply(DOCUMENT, uri, add).split("\n")[3] == '  <Start><Stream url=""/></Start>'


async def test_disable_for_this_line(client):
    uri, found = await actions_at(client, DOCUMENT, 2, "bogus")
    disable = next(a for a in found if a.title == "Disable FX107 for this line")
    fixed = apply(DOCUMENT, uri, disable)
    assert fixed.split("\n")[2] == "  <!-- flexml: disable-next-line=FX107 TODO: reason -->"
    assert "FX107" not in [d.code for d in lint(fixed, Config()).diagnostics]
    # The code is disabled there now: no diagnostic, so no action offers it again.
    uri, found = await actions_at(client, fixed, 3, "numDigit")
    assert not any(a.title == "Disable FX107 for this line" for a in found)


async def test_disable_joins_an_existing_comment(client):
    text = DOCUMENT.replace("  <say", "  <!-- flexml: disable-next-line=FX103 old markup -->\n  <say")
    uri, found = await actions_at(client, text, 2, "Woman")
    disable = next(a for a in found if a.title == "Disable FX202 for this line")
    fixed = apply(text, uri, disable)
    assert fixed.split("\n")[1] == "  <!-- flexml: disable-next-line=FX103,FX202 old markup -->"
    assert not [d for d in lint(fixed, Config()).diagnostics if d.line == 3]


async def test_no_line_comment_inside_a_start_tag(client):
    text = '<Response>\n  <Gather\n      bogus="x">\n  </Gather>\n</Response>\n'
    uri, found = await actions_at(client, text, 2, "bogus")
    titles = [a.title for a in found]
    assert "Disable FX107 for this line" not in titles        # a comment cannot go inside a tag
    file_wide = next(a for a in found if a.title == "Disable FX107 for this file")
    fixed = apply(text, uri, file_wide)
    assert fixed.startswith("<!-- flexml: disable-file=FX107 TODO: reason -->\n<Response>")
    assert "FX107" not in [d.code for d in lint(fixed, Config()).diagnostics]


async def test_fix_all_applies_the_safe_fixes(client):
    uri, found = await actions_at(client, DOCUMENT, 0, "Response", only=["source.fixAll"])
    assert [a.kind for a in found] == ["source.fixAll.flexml"]
    fixed = apply(DOCUMENT, uri, found[0])
    expected, _ = fix_text(DOCUMENT, lambda t: lint(t, Config()).diagnostics)
    assert fixed == expected
    assert '<Say voice="woman">Hi 😀</Say>' in fixed and "numDigit=" in fixed   # unsafe ones untouched


async def test_only_quickfix_leaves_out_fix_all(client):
    _, found = await actions_at(client, DOCUMENT, 1, "say", only=[types.CodeActionKind.QuickFix])
    assert found and all(a.kind == types.CodeActionKind.QuickFix for a in found)


def snippet_capabilities() -> types.ClientCapabilities:
    """VS Code's: workspace edits may hold snippet edits (LSP 3.18 `snippetEditSupport`)."""
    caps = capabilities()
    caps.workspace.workspace_edit.snippet_edit_support = True
    return caps


snippet_client = server_session("actions-snippets", name="snippet_client", caps=snippet_capabilities())


async def test_without_snippet_support_the_reason_is_a_plain_placeholder(client):
    uri, found = await actions_at(client, DOCUMENT, 2, "bogus")
    disable = next(a for a in found if a.title == "Disable FX107 for this line")
    assert [type(e) for e in edits_of(disable, uri)] == [types.TextEdit]


async def test_with_snippet_support_the_reason_is_a_tab_stop(snippet_client):
    uri, found = await actions_at(snippet_client, DOCUMENT, 2, "bogus")
    by_title = {a.title: a for a in found}
    (line,) = edits_of(by_title["Disable FX107 for this line"], uri)
    assert isinstance(line, types.SnippetTextEdit)
    assert line.snippet.value == "  <!-- flexml: disable-next-line=FX107 ${1:reason} -->\n"
    assert line.range == types.Range(types.Position(2, 0), types.Position(2, 0))
    (file_wide,) = edits_of(by_title["Disable FX107 for this file"], uri)
    assert file_wide.snippet.value == "<!-- flexml: disable-file=FX107 ${1:reason} -->\n"
    # Fixes and comments joined to an existing one have no placeholder: plain edits.
    rename = next(a for a in found if a.title.startswith("Remove `bogus`"))
    assert all(isinstance(e, types.TextEdit) for e in edits_of(rename, uri))
    # What the client inserts once the user has typed over the placeholder.
    typed = types.TextEdit(range=line.range, new_text=line.snippet.value.replace("${1:reason}", "IVR v1 sends it"))
    fixed = apply_text_edits(DOCUMENT, [typed])
    assert "FX107" not in [d.code for d in lint(fixed, Config()).diagnostics]


TEMPLATE = """<Response>
  {% if ask %}<Gather numDigits="1" bogus="x"/>{% endif %}
  <Say voice="{{ voice }}" loop="x">Hi</Say>
</Response>
"""


async def template_actions(client, line: int, needle: str):
    uri = (client.root / f"t{new_uri(client).rsplit('/', 1)[1]}.j2").as_uri()    # tdocN.flexml.j2
    open_document(client, uri, TEMPLATE, language_id="jinja")
    diagnostics = await wait_for_diagnostics(client, uri, 1)
    position = types.Position(line, TEMPLATE.split("\n")[line].index(needle))
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(position, position),
        context=types.CodeActionContext(diagnostics=[d for d in diagnostics if d.range.start.line == line])))
    return uri, {a.title: a for a in result or []}


async def test_in_a_template_the_disable_comment_is_a_template_comment(client):
    """An XML comment would reach the rendered output (and the caller); `{# #}` renders to nothing."""
    uri, by_title = await template_actions(client, 2, 'x">Hi')
    filename = uri.rsplit("/", 1)[1]
    line = apply(TEMPLATE, uri, by_title["Disable FX201 for this line"])
    assert line.split("\n")[2] == "  {# flexml: disable-next-line=FX201 TODO: reason #}"
    whole = apply(TEMPLATE, uri, by_title["Disable FX201 for this file"])
    assert whole.startswith("{# flexml: disable-file=FX201 TODO: reason #}\n<Response>\n")
    for fixed in (line, whole):    # the engine reads them: FX201 is gone, nothing else changed
        before = [(d.code, d.line) for d in lint(TEMPLATE, Config(), filename=filename).diagnostics]
        after = [(d.code, d.line) for d in lint(fixed, Config(), filename=filename).diagnostics]
        assert ("FX201", 3) in before and "FX201" not in [code for code, _ in after]
        assert len(after) == len(before) - 1
    # A second code joins the template comment already above the line.
    joined = line.replace("  <Say", '  <Say bogus="y"', 1)
    uri2 = (client.root / f"j{new_uri(client).rsplit('/', 1)[1]}.j2").as_uri()
    open_document(client, uri2, joined, language_id="jinja")
    diagnostics = await wait_for_diagnostics(client, uri2, 1)
    position = types.Position(3, joined.split("\n")[3].index("bogus"))
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri2), range=types.Range(position, position),
        context=types.CodeActionContext(diagnostics=[d for d in diagnostics if d.range.start.line == 3])))
    extend = next(a for a in result if a.title == "Disable FX107 for this line")
    assert apply(joined, uri2, extend).split("\n")[2] == "  {# flexml: disable-next-line=FX201,FX107 TODO: reason #}"


async def test_in_a_template_the_snippet_comment_is_a_template_comment(snippet_client):
    uri, by_title = await template_actions(snippet_client, 2, 'x">Hi')
    (line,) = edits_of(by_title["Disable FX201 for this line"], uri)
    assert line.snippet.value == "  {# flexml: disable-next-line=FX201 ${1:reason} #\\}\n"
    assert line.range == types.Range(types.Position(2, 0), types.Position(2, 0))
