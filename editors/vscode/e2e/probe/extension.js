// Test-only probe, run inside a real extension host next to the FlexML extension (see ../run.sh).
// It asserts nothing: it records what VS Code itself saw (languages, diagnostics, timings) in
// .e2e/result.json for check.py to judge against `flexml lint`.
"use strict";
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");

const FLEXML_EXTENSION = "flexml-ls.flexml-ls";

exports.activate = async function activate() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) return;
  const root = folder.uri.fsPath;
  const outDir = path.join(root, ".e2e");
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const progress = (line) => fs.appendFileSync(path.join(outDir, "progress.log"), `${Date.now() - started}ms ${line}\n`);
  const result = { vscodeVersion: vscode.version, cases: [], steps: [] };
  try {
    const plan = JSON.parse(fs.readFileSync(path.join(root, "flexml-e2e.json"), "utf8"));
    const timeout = plan.timeoutMs || 60000;
    progress(`probe active in VS Code ${vscode.version}`);

    for (const item of plan.cases) {
      const uri = vscode.Uri.file(path.join(root, item.file));
      const opened = Date.now();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const wanted = item.expectDiagnostics ? (d) => d.length > 0 : () => false;
      const waitMs = item.expectDiagnostics ? timeout : plan.quietMs || 4000;
      const diagnostics = await waitFor(uri, wanted, waitMs);
      const record = {
        file: item.file,
        languageId: languageOf(uri),
        millisecondsToDiagnostics: diagnostics.length ? Date.now() - opened : null,
        diagnostics: diagnostics.map(describe),
      };
      result.cases.push(record);
      progress(`${item.file}: ${record.languageId}, ${diagnostics.length} diagnostic(s)`);
    }
    const extension = vscode.extensions.getExtension(FLEXML_EXTENSION);
    result.extensionActive = Boolean(extension && extension.isActive);

    if (plan.hover) {
      // Hover on a diagnostic: VS Code shows the diagnostic's message above the hover itself.
      const uri = vscode.Uri.file(path.join(root, plan.hover.file));
      const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => describe(d).code === plan.hover.code);
      const hovers = diagnostic
        ? await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, diagnostic.range.start)
        : [];
      result.hover = {
        message: diagnostic ? diagnostic.message : null,
        contents: (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))),
      };
      progress(`hover: ${result.hover.contents.length} part(s)`);
    }
    for (const [step, disable] of [["disable", plan.disable], ["disable-template", plan.disableTemplate]]) {
      if (!disable) continue;
      // "Disable FXnnn for this line" as a user picks it: the reason is a selected snippet placeholder.
      const uri = vscode.Uri.file(path.join(root, disable.file));
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const before = document.getText();
      const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => describe(d).code === disable.code);
      const actions = diagnostic
        ? await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, diagnostic.range, "quickfix")
        : [];
      const action = (actions || []).find((a) => a.title === `Disable ${disable.code} for this line`);
      const record = { step, found: Boolean(action && action.edit) };
      if (record.found) {
        record.applied = await vscode.workspace.applyEdit(action.edit);
        const line = diagnostic.range.start.line;
        record.line = document.lineAt(line).text;
        record.selected = document.getText(editor.selection);
        // Put the document back as it was for the steps after this one.
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), before);
        await vscode.workspace.applyEdit(edit);
      }
      result.steps.push(record);
      progress(`${step}: ${JSON.stringify(record)}`);
    }
    if (plan.restartFile) {
      // Restart: the client clears its diagnostics on stop; the new server must publish again.
      const uri = vscode.Uri.file(path.join(root, plan.restartFile));
      const t = Date.now();
      await vscode.commands.executeCommand("flexml.restartServer");
      const again = await waitFor(uri, (d) => d.length > 0, timeout);
      result.steps.push({ step: "restart", diagnostics: again.length, milliseconds: Date.now() - t });
      progress(`after restart: ${again.length} diagnostic(s)`);
    }
    if (plan.fix) {
      // An edit that fixes the document must clear its diagnostics (incremental sync end to end).
      const uri = vscode.Uri.file(path.join(root, plan.fix.file));
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const edit = new vscode.WorkspaceEdit();
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      edit.replace(uri, whole, plan.fix.text);
      const t = Date.now();
      await vscode.workspace.applyEdit(edit);
      const left = await waitFor(uri, (d) => d.length === 0, timeout);
      result.steps.push({ step: "fix", diagnostics: left.length, milliseconds: Date.now() - t });
      progress(`after fix: ${left.length} diagnostic(s)`);
    }
  } catch (error) {
    result.error = String((error && error.stack) || error);
    progress(`error: ${result.error}`);
  }
  const file = path.join(outDir, "result.json");
  fs.writeFileSync(file + ".tmp", JSON.stringify(result, null, 2));
  fs.renameSync(file + ".tmp", file);
  progress("done");
};

function languageOf(uri) {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return document ? document.languageId : null;
}

function describe(d) {
  return {
    code: typeof d.code === "object" && d.code !== null ? String(d.code.value) : d.code === undefined ? null : String(d.code),
    source: d.source || null,
    severity: ["error", "warning", "information", "hint"][d.severity],
    message: d.message,
    range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
  };
}

/** Poll the diagnostics of `uri` until `done(diagnostics)` or the time runs out; return the last seen. */
function waitFor(uri, done, milliseconds) {
  return new Promise((resolve) => {
    const deadline = Date.now() + milliseconds;
    const tick = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (done(diagnostics) || Date.now() > deadline) resolve(diagnostics);
      else setTimeout(tick, 100);
    };
    tick();
  });
}

exports.deactivate = function deactivate() {};
