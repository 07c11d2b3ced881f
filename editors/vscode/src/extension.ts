// The FlexML extension: starts `flexml server` (flexml-ls) over stdio with vscode-languageclient.
// Everything FlexML-specific (diagnostics, completion, hover, fixes) lives in the server; this file
// only decides which command to run, which documents it sees, and how to restart it.
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  DocumentFilter,
  ErrorAction,
  ErrorHandler,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import { describeCommand, resolveServerCommand } from "./command";
import { installAdvice } from "./install";
import { SNIFF_LENGTH, hasResponseRoot } from "./sniff";

const LANGUAGE_ID = "flexml";
const SECTION = "flexml";
/** Settings whose change needs a new server process (the others are sent to the running one). */
const RESTART_SETTINGS = ["flexml.server", "flexml.include"];
/** Settings the running server is told about. */
const SERVER_SETTINGS = ["flexml.select", "flexml.ignore"];

/**
 * vscode-languageclient shows its own error pop-ups, some of them forced; while the server starts,
 * the extension reports a failure itself, once, with the install command that works (startFailed).
 */
class FlexmlClient extends LanguageClient {
  starting = true;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}

/** Until the server has run once, a closed or broken connection ends the start (no restarts, no
 * pop-ups of the client's own); afterwards the client's usual handling (up to 4 restarts) applies. */
function startAwareErrorHandler(owner: () => FlexmlClient): ErrorHandler {
  let usual: ErrorHandler | undefined;
  const after = () => (usual ??= owner().createDefaultErrorHandler(4));
  return {
    error: (error, message, count) =>
      owner().starting ? { action: ErrorAction.Shutdown, handled: true } : after().error(error, message, count),
    closed: () => (owner().starting ? { action: CloseAction.DoNotRestart, handled: true } : after().closed()),
  };
}

let client: FlexmlClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.LanguageStatusItem;
/** Serialises start/stop/restart so that two quick restarts cannot leave two servers running. */
let lifecycle: Promise<void> = Promise.resolve();
/** XML documents switched to FlexML by root detection, and those the user switched back. */
const adopted = new Set<string>();
const declined = new Set<string>();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("FlexML", { log: true });
  status = vscode.languages.createLanguageStatusItem("flexml.server", { language: LANGUAGE_ID });
  status.name = "FlexML language server";
  status.command = { title: "Restart", command: "flexml.restartServer" };
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("flexml.restartServer", () => queue(restart)),
    vscode.commands.registerCommand("flexml.showOutput", () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(adoptIfFlexml),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((section) => event.affectsConfiguration(section))) {
        output.info("Server settings changed; restarting the server.");
        void queue(restart);
      } else if (SERVER_SETTINGS.some((section) => event.affectsConfiguration(section))) {
        void client
          ?.sendNotification(DidChangeConfigurationNotification.type, { settings: { flexml: serverSettings() } })
          .catch((error) => output.warn(`Sending settings to the server: ${error}`));
      }
      if (event.affectsConfiguration("flexml.files.detectResponseRoot")) {
        vscode.workspace.textDocuments.forEach(adoptIfFlexml);
      }
    }),
    { dispose: () => void stop() },
  );
  vscode.workspace.textDocuments.forEach(adoptIfFlexml);
  await queue(start);
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/**
 * The `flexml` settings object the server reads (initializationOptions, didChangeConfiguration and
 * workspace/configuration): `select` null means "as [tool.flexml] says", not "no rules".
 */
function serverSettings(): Record<string, unknown> {
  const config = settings();
  const list = (key: string) => (config.get<string[]>(key, []) ?? []).map((s) => s.trim()).filter((s) => s !== "");
  const select = list("select");
  return { select: select.length > 0 ? select : null, ignore: list("ignore"), include: list("include") };
}

function documentSelector(): DocumentFilter[] {
  const selector: DocumentFilter[] = [
    { language: LANGUAGE_ID, scheme: "file" },
    { language: LANGUAGE_ID, scheme: "untitled" },
    // JSON call flows (yay.com): checked like FlexML; other JSON only when named by `include`.
    { language: "json", scheme: "file", pattern: "**/*.callflow.json" },
  ];
  for (const raw of settings().get<string[]>("include", [])) {
    const pattern = raw.trim();
    if (pattern !== "") {
      // A bare `*.ivr.xml` would only match a whole path; patterns match anywhere below a folder.
      selector.push({ scheme: "file", pattern: pattern.includes("/") ? pattern : `**/${pattern}` });
    }
  }
  return selector;
}

async function start(): Promise<void> {
  const config = settings();
  const folders = (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === "file")
    .map((folder) => folder.uri.fsPath);
  const resolved = resolveServerCommand(
    {
      command: config.get<string[]>("server.command", []),
      interpreter: config.get<string>("server.interpreter", ""),
    },
    folders,
  );
  const commandLine = describeCommand(resolved);
  output.info(`Starting the FlexML language server (from ${resolved.origin}): ${commandLine}`);

  const serverOptions: ServerOptions = {
    command: resolved.command,
    args: resolved.args,
    options: { cwd: folders[0], env: process.env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: serverSettings(),
    // No pop-up of the client's own: start() fails, and startFailed shows the one pop-up.
    initializationFailedHandler: () => false,
    middleware: {
      workspace: {
        // Answer the server's workspace/configuration pulls for `flexml` with the same shaped object.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) {
            return answers;
          }
          return params.items.map((item, i) => (item.section === SECTION ? serverSettings() : answers[i]));
        },
      },
    },
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/pyproject.toml"),
        vscode.workspace.createFileSystemWatcher("**/.flexml.toml"),
      ],
    },
  };
  const next: FlexmlClient = new FlexmlClient("flexml", "FlexML", serverOptions, {
    ...clientOptions,
    errorHandler: startAwareErrorHandler(() => next),
  });
  next.onDidChangeState((event) => showState(event.newState));
  client = next;
  showState(State.Starting);
  try {
    await next.start();
    next.starting = false;
    output.info("The FlexML language server is running.");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`Could not start the FlexML language server (${commandLine}): ${message}`);
    showState(State.Stopped);
    startFailed(installAdvice(resolved, message, folders));
  }
}

/** The one pop-up for a start that failed: what to do, with the install command for this situation. */
function startFailed(advice: { message: string; command?: string }): void {
  const install = "Install in Terminal";
  const copy = "Copy Command";
  const choices = advice.command ? [install, copy, "Open Settings", "Show Output"] : ["Open Settings", "Show Output"];
  if (advice.command) {
    output.info(`To install the server: ${advice.command}`);
  }
  const text = advice.command ? `${advice.message} Command: ${advice.command}` : advice.message;
  void vscode.window.showErrorMessage(text, ...choices).then((choice) => {
    if (choice === install && advice.command) {
      const terminal = vscode.window.createTerminal({ name: "FlexML: install flexml-ls" });
      terminal.show();
      terminal.sendText(advice.command, true);
      output.info('Once the install has finished, run "FlexML: Restart Language Server".');
    } else if (choice === copy && advice.command) {
      void vscode.env.clipboard.writeText(advice.command);
    } else if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "flexml.server");
    } else if (choice === "Show Output") {
      output.show(true);
    }
  });
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current === undefined) {
    return;
  }
  try {
    if (current.needsStop()) {
      await current.stop(5000);
    }
  } catch (error) {
    output.warn(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await current.dispose(2000);
  } catch {
    // already stopped
  }
}

async function restart(): Promise<void> {
  output.info("Restarting the FlexML language server.");
  await stop();
  await start();
}

function showState(state: State): void {
  switch (state) {
    case State.Running:
      status.text = "flexml-ls";
      status.detail = "running";
      status.severity = vscode.LanguageStatusSeverity.Information;
      status.busy = false;
      break;
    case State.Starting:
      status.text = "flexml-ls";
      status.detail = "starting";
      status.busy = true;
      break;
    case State.Stopped:
      status.text = "flexml-ls";
      status.detail = "stopped";
      status.severity = vscode.LanguageStatusSeverity.Error;
      status.busy = false;
      break;
  }
}

/** Switch an XML document to FlexML when its root element is <Response> (unless the user said no). */
function adoptIfFlexml(document: vscode.TextDocument): void {
  if (document.languageId !== "xml" || !settings().get<boolean>("files.detectResponseRoot", true)) {
    return;
  }
  if (document.uri.scheme !== "file" && document.uri.scheme !== "untitled") {
    return;
  }
  const key = document.uri.toString();
  if (adopted.has(key)) {
    // We switched it before and it is XML again: the user chose XML; leave it so.
    adopted.delete(key);
    declined.add(key);
    return;
  }
  if (declined.has(key)) {
    return;
  }
  const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SNIFF_LENGTH)));
  if (hasResponseRoot(head)) {
    adopted.add(key);
    output.info(`${document.uri.fsPath || key}: root element is <Response>; opening it as FlexML.`);
    void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID).then(undefined, (error) => {
      adopted.delete(key);
      output.warn(`Could not switch ${key} to FlexML: ${error}`);
    });
  }
}
