// The grammars the extension contributes, run by vscode-textmate (VS Code's own tokenizer) over VS
// Code's XML grammar (test/grammars/xml.tmLanguage.json, copied from VS Code's xml extension, MIT):
// FlexML is highlighted as XML, and template syntax ({{ }}, {% %}, {# #}) as Jinja over it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const EXT = path.join(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(EXT, "package.json"), "utf8"));
const contributed: { scopeName: string; path: string; injectTo?: string[] }[] = manifest.contributes.grammars;
const files: Record<string, string> = {
  "text.xml": path.join(EXT, "test", "grammars", "xml.tmLanguage.json"),
  ...Object.fromEntries(contributed.map((g) => [g.scopeName, path.join(EXT, g.path)])),
};

let registry: textmate.Registry | undefined;

async function flexmlGrammar(): Promise<textmate.IGrammar> {
  if (registry === undefined) {
    const wasm = fs.readFileSync(path.join(EXT, "node_modules", "vscode-oniguruma", "release", "onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = files[scopeName];
        return file === undefined ? null : textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
      },
      // As VS Code does with each grammar's `injectTo`.
      getInjections: (scopeName: string) =>
        contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
    });
  }
  const grammar = await registry.loadGrammar("text.xml.flexml");
  assert.ok(grammar, "the flexml grammar loads");
  return grammar;
}

/** Each token of `text` as [its text, its innermost scope], with the scope stack looked up by text. */
async function tokenize(text: string): Promise<{ text: string; scopes: string[] }[]> {
  const grammar = await flexmlGrammar();
  const tokens: { text: string; scopes: string[] }[] = [];
  let state = textmate.INITIAL;
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  }
  return tokens;
}

function scopesOf(tokens: { text: string; scopes: string[] }[], text: string): string[] {
  const found = tokens.find((token) => token.text === text);
  assert.ok(found, `a token ${JSON.stringify(text)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}

test("the FlexML grammar is XML's and injects the template grammar", () => {
  const flexml = contributed.find((g) => g.scopeName === "text.xml.flexml");
  assert.ok(flexml);
  const template = contributed.find((g) => g.scopeName === "template.injection.flexml");
  assert.deepEqual(template?.injectTo, ["text.xml.flexml"]);
});

test("plain FlexML is highlighted as XML", async () => {
  const tokens = await tokenize('<Response>\n  <Say voice="woman">Hi</Say>\n</Response>');
  assert.deepEqual(scopesOf(tokens, "Say"), ["text.xml.flexml", "meta.tag.xml", "entity.name.tag.localname.xml"]);
  assert.deepEqual(scopesOf(tokens, "woman"), ["text.xml.flexml", "meta.tag.xml", "string.quoted.double.xml"]);
});

test("template syntax in text, in attribute values, between attributes and in XML comments", async () => {
  const tokens = await tokenize(
    "<Response>\n" +
      "  {% if ask %}<Gather numDigits=\"{{ digits|default('1') }}\" {{ extra }}/>{% endif %}\n" +
      "  {# flexml: disable-next-line=FX201 why #}\n" +
      "  <Say>{{ greeting }}</Say><!-- {{ note }} -->\n" +
      "</Response>",
  );
  // {% if ask %} in text: a block with its keyword; the XML after it is still XML.
  assert.deepEqual(scopesOf(tokens, "{%"), ["text.xml.flexml", "meta.embedded.block.jinja", "punctuation.section.embedded.begin.jinja"]);
  assert.deepEqual(scopesOf(tokens, "if"), ["text.xml.flexml", "meta.embedded.block.jinja", "keyword.control.jinja"]);
  assert.deepEqual(scopesOf(tokens, "ask"), ["text.xml.flexml", "meta.embedded.block.jinja", "variable.other.jinja"]);
  assert.deepEqual(scopesOf(tokens, "Gather"), ["text.xml.flexml", "meta.tag.xml", "entity.name.tag.localname.xml"]);
  assert.deepEqual(scopesOf(tokens, "endif"), ["text.xml.flexml", "meta.embedded.block.jinja", "keyword.control.jinja"]);
  // Inside an attribute value: an expression with a filter and a string (its quotes are Jinja's).
  const inValue = ["text.xml.flexml", "meta.tag.xml", "string.quoted.double.xml", "meta.embedded.expression.jinja"];
  assert.deepEqual(scopesOf(tokens, "digits"), [...inValue, "variable.other.jinja"]);
  assert.deepEqual(scopesOf(tokens, "default"), [...inValue, "support.function.filter.jinja"]);
  assert.deepEqual(scopesOf(tokens, "1"), [...inValue, "string.quoted.single.jinja"]);
  // Between attributes: not an attribute name.
  assert.deepEqual(scopesOf(tokens, "extra"), ["text.xml.flexml", "meta.tag.xml", "meta.embedded.expression.jinja", "variable.other.jinja"]);
  // A template comment (where flexml-ls suppressions go in templates) is a comment, all of it.
  assert.deepEqual(scopesOf(tokens, " flexml: disable-next-line=FX201 why "), ["text.xml.flexml", "comment.block.jinja"]);
  // In element content, and inside an XML comment (the template engine renders those too).
  assert.deepEqual(scopesOf(tokens, "greeting"), ["text.xml.flexml", "meta.embedded.expression.jinja", "variable.other.jinja"]);
  assert.deepEqual(scopesOf(tokens, "note"), ["text.xml.flexml", "comment.block.xml", "meta.embedded.expression.jinja", "variable.other.jinja"]);
  // After all that, the closing tag is XML again.
  assert.deepEqual(scopesOf(tokens, "Response").slice(-1), ["entity.name.tag.localname.xml"]);
});

test("no template syntax inside a template comment or a string; whitespace control", async () => {
  const tokens = await tokenize('{# {{ not }} #}<Say>{{- "}}" -}}</Say>{%- endif +%}');
  assert.deepEqual(scopesOf(tokens, " {{ not }} "), ["text.xml.flexml", "comment.block.jinja"]);
  assert.deepEqual(scopesOf(tokens, "{{-"), ["text.xml.flexml", "meta.embedded.expression.jinja", "punctuation.section.embedded.begin.jinja"]);
  assert.deepEqual(scopesOf(tokens, "}}").slice(-1), ["string.quoted.double.jinja"]);
  assert.deepEqual(scopesOf(tokens, "-}}"), ["text.xml.flexml", "meta.embedded.expression.jinja", "punctuation.section.embedded.end.jinja"]);
  assert.deepEqual(scopesOf(tokens, "+%}"), ["text.xml.flexml", "meta.embedded.block.jinja", "punctuation.section.embedded.end.jinja"]);
});
