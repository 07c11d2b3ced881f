// The extension with the real vscode-languageclient and real server processes, `vscode` stubbed
// (test/vscode-stub.ts): what the user sees when the server is missing, and the server's log lines.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import * as vscode from "vscode";

import { activate, deactivate } from "../src/extension";
import { GIT_SOURCE } from "../src/install";

// The stub's own exports (the `vscode` types do not declare them).
const stub = vscode as unknown as typeof import("./vscode-stub");

async function run(settings: Record<string, unknown>, folder?: string, settle = 1500): Promise<void> {
  stub.reset();
  Object.assign(stub.settings, settings);
  if (folder) stub.folders.push({ uri: stub.Uri.file(folder), name: path.basename(folder), index: 0 });
  const context = { subscriptions: [] as { dispose(): unknown }[] };
  await activate(context as unknown as vscode.ExtensionContext);
  // Late notices (a process exit, a closed connection) would come within this.
  await new Promise((resolve) => setTimeout(resolve, settle));
  await deactivate();
  context.subscriptions.forEach((item) => item.dispose());
}

function tempFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "flexml-ext-"));
}

test("a server that is not found: one pop-up, offering to make the workspace's .venv", async () => {
  const folder = tempFolder();
  await run({ "server.command": [path.join(folder, "missing", "flexml"), "server"] }, folder);
  assert.equal(stub.seen.popups.length, 1, JSON.stringify(stub.seen.popups));
  const [popup] = stub.seen.popups;
  assert.equal(popup.level, "error");
  assert.match(popup.message, /could not start \(not found\)\. Check the flexml\.server\.command setting\.$/);
  assert.deepEqual(popup.items, ["Open Settings", "Show Output"]);

  // Nothing configured, no `flexml` on PATH (whatever this machine has), no .venv yet.
  const savedPath = process.env.PATH;
  process.env.PATH = folder;
  try {
    await run({}, folder, 500);
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(stub.seen.popups.length, 1, JSON.stringify(stub.seen.popups));
  const venv = path.join(folder, ".venv");
  assert.ok(
    stub.seen.popups[0].message.endsWith(
      `Install flexml-ls into a new .venv in the workspace from its git repository (or \`flexml-ls\` from PyPI ` +
        `once it is published). Command: python3 -m venv ${venv} && ${venv}/bin/python -m pip install ${GIT_SOURCE}`,
    ),
    stub.seen.popups[0].message,
  );
  assert.deepEqual(stub.seen.popups[0].items, ["Install in Terminal", "Copy Command", "Open Settings", "Show Output"]);
});

test("a Python without flexml-ls: one pop-up, and its install command runs in a terminal", async () => {
  const folder = tempFolder();
  fs.writeFileSync(path.join(folder, "pyproject.toml"), '[project]\nname = "flexml-ls"\n');
  // A "Python" that exits at once, as one without flexml_ls does (`No module named flexml_ls`).
  const python = path.join(folder, "python");
  fs.writeFileSync(python, "#!/bin/sh\necho 'No module named flexml_ls' >&2\nexit 1\n", { mode: 0o755 });
  stub.reset();
  Object.assign(stub.settings, { "server.interpreter": python });
  stub.folders.push({ uri: stub.Uri.file(folder), name: "ws", index: 0 });
  stub.user.choice = "Install in Terminal";
  const context = { subscriptions: [] as { dispose(): unknown }[] };
  await activate(context as unknown as vscode.ExtensionContext);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await deactivate();
  assert.equal(stub.seen.popups.length, 1, JSON.stringify(stub.seen.popups));
  assert.match(stub.seen.popups[0].message, /could not start \(it exited before answering\)\. Install flexml-ls into that Python from the checkout /);
  assert.deepEqual(stub.seen.terminals, [{ name: "FlexML: install flexml-ls", text: [`${python} -m pip install ${folder}`] }]);
  // Its stderr is in the output channel.
  assert.ok(stub.seen.output.some((line) => line.message.includes("No module named flexml_ls")), JSON.stringify(stub.seen.output));
});

test("the server's log lines reach the output channel with their level, not as errors", { skip: !process.env.FLEXML_TEST_PYTHON }, async () => {
  const folder = tempFolder();
  fs.writeFileSync(path.join(folder, "pyproject.toml"), "[tool.flexml]\nselect = 3\n"); // a config error: a warning
  const python = process.env.FLEXML_TEST_PYTHON as string;
  // FLEXML_LOG=DEBUG: the server logs at every level; an open document makes it read the config.
  process.env.FLEXML_LOG = "DEBUG";
  try {
    stub.reset();
    Object.assign(stub.settings, { "server.interpreter": python });
    stub.folders.push({ uri: stub.Uri.file(folder), name: "ws", index: 0 });
    stub.documents.push(stub.textDocument(path.join(folder, "a.flexml"), "flexml", "<Response><Hangup/></Response>\n"));
    const context = { subscriptions: [] as { dispose(): unknown }[] };
    await activate(context as unknown as vscode.ExtensionContext);
    const deadline = Date.now() + 20000;
    // VS Code pulls diagnostics for the documents in its tabs: the server lints it then.
    while (!stub.seen.output.some((line) => line.message.includes("linted")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await deactivate();
  } finally {
    delete process.env.FLEXML_LOG;
  }
  const lines = stub.seen.output;
  assert.ok(lines.some((line) => line.level === "info" && line.message === "The FlexML language server is running."));
  const warning = lines.find((line) => line.message.includes("configuration error, using defaults"));
  assert.equal(warning?.level, "warning", JSON.stringify(lines));
  const linted = lines.find((line) => /^flexml_ls\.server: linted 31 characters in \d+\.\d ms$/.test(line.message));
  assert.equal(linted?.level, "debug", JSON.stringify(lines));
  assert.deepEqual(lines.filter((line) => line.level === "error"), []);    // stderr lines would be errors
});
