// A stand-in for the `vscode` module, enough for the extension and vscode-languageclient to start a
// real server process in node alone (test/extension.test.ts; the bundle aliases `vscode` to this).
// It records what a user would see: pop-ups, output-channel lines with their level, terminals.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const seen = {
  popups: [] as { level: string; message: string; items: string[] }[],
  output: [] as { level: string; message: string }[],
  terminals: [] as { name: string; text: string[] }[],
  clipboard: "",
};
/** What the next error pop-up's user clicks (undefined: closes it). */
export const user = { choice: undefined as string | undefined };
/** `flexml.*` settings, by key without the section. */
export const settings: Record<string, unknown> = {};
export const folders: { uri: Uri; name: string; index: number }[] = [];
/** Documents open in the editor when the extension starts. */
export const documents: unknown[] = [];

/** An open text document, as much of it as vscode-languageclient reads. */
export function textDocument(file: string, languageId: string, text: string): unknown {
  return { uri: Uri.file(file), fileName: file, languageId, version: 1, isClosed: false, getText: () => text };
}

export function reset(): void {
  seen.popups.length = 0;
  seen.output.length = 0;
  seen.terminals.length = 0;
  seen.clipboard = "";
  user.choice = undefined;
  for (const key of Object.keys(settings)) delete settings[key];
  folders.length = 0;
  documents.length = 0;
}

// Anything not modelled here: a callable object whose members are callable objects, returning a
// disposable-like value (never a thenable).
function anything(name: string): any {
  const cache: Record<string | symbol, any> = {};
  return new Proxy(function () {}, {
    get: (_target, prop) => {
      if (prop === "then" || prop === Symbol.iterator || prop === Symbol.toPrimitive) return undefined;
      if (prop === "dispose") return () => undefined;
      return (cache[prop] ??= anything(`${name}.${String(prop)}`));
    },
    apply: () => anything(`${name}()`),
    construct: () => anything(`new ${name}`),
  });
}

function withFallback<T extends object>(name: string, known: T): T {
  return new Proxy(known, {
    get: (target: any, prop) => (prop in target ? target[prop] : prop === "then" ? undefined : anything(`${name}.${String(prop)}`)),
  });
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: ((event: T) => void)[] = [];
  event = (listener: (event: T) => void): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(event: T): void {
    this.listeners.forEach((listener) => listener(event));
  }
  dispose(): void {
    this.listeners = [];
  }
}

const noEvent = () => new Disposable();

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri("file", path);
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(value);
    return match ? new Uri(match[1], decodeURIComponent(match[2])) : new Uri("file", value);
  }
  with(): Uri {
    return this;
  }
  toString(): string {
    return `${this.scheme}://${encodeURI(this.path)}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

/** An editor tab showing a text document (open documents are shown in tabs: see window.tabGroups). */
export class TabInputText {
  constructor(readonly uri: Uri) {}
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}

export class CancellationError extends Error {}

export class CancellationTokenSource {
  token = { isCancellationRequested: false, onCancellationRequested: noEvent };
  cancel(): void {
    this.token.isCancellationRequested = true;
  }
  dispose(): void {}
}

export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}

export enum LanguageStatusSeverity {
  Information = 0,
  Warning = 1,
  Error = 2,
}

// The rest of the API's classes and enumerations vscode-languageclient names (some it extends at load
// time): plain holders of their constructor's arguments, and enumerations of anything.
class Holder {
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    this.args = args;
  }
}
export class CallHierarchyIncomingCall extends Holder {}
export class CallHierarchyItem extends Holder {}
export class CallHierarchyOutgoingCall extends Holder {}
export class CodeAction extends Holder {}
export class CodeLens extends Holder {}
export class Color extends Holder {}
export class ColorInformation extends Holder {}
export class ColorPresentation extends Holder {}
export class CompletionItem extends Holder {}
export class CompletionList extends Holder {}
export class Diagnostic extends Holder {}
export class DiagnosticRelatedInformation extends Holder {}
export class DocumentHighlight extends Holder {}
export class DocumentLink extends Holder {}
export class DocumentSymbol extends Holder {}
export class FoldingRange extends Holder {}
export class Hover extends Holder {}
export class InlayHint extends Holder {}
export class InlayHintLabelPart extends Holder {}
export class InlineCompletionItem extends Holder {}
export class InlineCompletionList extends Holder {}
export class InlineValueEvaluatableExpression extends Holder {}
export class InlineValueText extends Holder {}
export class InlineValueVariableLookup extends Holder {}
export class LinkedEditingRanges extends Holder {}
export class Location extends Holder {}
export class MarkdownString extends Holder {}
export class ParameterInformation extends Holder {}
export class RelativePattern extends Holder {}
export class SelectionRange extends Holder {}
export class SemanticTokens extends Holder {}
export class SemanticTokensEdit extends Holder {}
export class SemanticTokensEdits extends Holder {}
export class SignatureHelp extends Holder {}
export class SignatureInformation extends Holder {}
export class SnippetString extends Holder {}
export class SnippetTextEdit extends Holder {}
export class SymbolInformation extends Holder {}
export class TabInputCustom extends Holder {}
export class TabInputNotebook extends Holder {}
export class TabInputTextDiff extends Holder {}
export class TextEdit extends Holder {}
export class TypeHierarchyItem extends Holder {}
export class WorkspaceEdit extends Holder {}
export const CodeActionKind: any = anything("CodeActionKind");
export const CodeActionTriggerKind: any = anything("CodeActionTriggerKind");
export const CompletionItemKind: any = anything("CompletionItemKind");
export const CompletionItemTag: any = anything("CompletionItemTag");
export const CompletionTriggerKind: any = anything("CompletionTriggerKind");
export const DiagnosticSeverity: any = anything("DiagnosticSeverity");
export const DiagnosticTag: any = anything("DiagnosticTag");
export const DocumentHighlightKind: any = anything("DocumentHighlightKind");
export const FileType: any = anything("FileType");
export const FoldingRangeKind: any = anything("FoldingRangeKind");
export const InlineCompletionTriggerKind: any = anything("InlineCompletionTriggerKind");
export const NotebookCellKind: any = anything("NotebookCellKind");
export const ProgressLocation: any = anything("ProgressLocation");
export const SignatureHelpTriggerKind: any = anything("SignatureHelpTriggerKind");
export const SymbolKind: any = anything("SymbolKind");
export const SymbolTag: any = anything("SymbolTag");
export const TextDocumentSaveReason: any = anything("TextDocumentSaveReason");

export const version = "1.91.0";

export const env = withFallback("env", {
  appName: "Visual Studio Code",
  language: "en",
  clipboard: {
    writeText: async (text: string) => {
      seen.clipboard = text;
    },
  },
});

function popup(level: string) {
  return (message: string, ...items: any[]) => {
    const labels = items.filter((item) => typeof item === "string" || typeof item?.title === "string");
    seen.popups.push({ level, message, items: labels.map((item) => (typeof item === "string" ? item : item.title)) });
    return Promise.resolve(level === "error" ? user.choice : undefined);
  };
}

function outputChannel(name: string): any {
  const line = (level: string) => (message: string) => void seen.output.push({ level, message });
  return withFallback(`channel ${name}`, {
    name,
    logLevel: LogLevel.Info,
    onDidChangeLogLevel: noEvent,
    trace: line("trace"),
    debug: line("debug"),
    info: line("info"),
    warn: line("warning"),
    error: line("error"),
    append: line("append"),
    appendLine: line("append"),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  });
}

export const window = withFallback("window", {
  createOutputChannel: (name: string) => outputChannel(name),
  showErrorMessage: popup("error"),
  showWarningMessage: popup("warning"),
  showInformationMessage: popup("info"),
  createTerminal: (options: { name: string }) => {
    const terminal = { name: options.name, text: [] as string[] };
    seen.terminals.push(terminal);
    return { show: () => undefined, sendText: (text: string) => terminal.text.push(text), dispose: () => undefined };
  },
  activeTextEditor: undefined,
  visibleTextEditors: [],
  onDidChangeActiveTextEditor: noEvent,
  onDidChangeVisibleTextEditors: noEvent,
  tabGroups: {
    get all() {
      return [{ tabs: documents.map((document) => ({ input: new TabInputText((document as { uri: Uri }).uri) })) }];
    },
    onDidChangeTabs: noEvent,
  },
  withProgress: (_options: unknown, task: (progress: unknown, token: unknown) => unknown) =>
    task({ report: () => undefined }, new CancellationTokenSource().token),
});

export const workspace = withFallback("workspace", {
  getConfiguration: (section?: string) => ({
    get: (key: string, fallback?: unknown) => {
      const full = section === "flexml" ? key : `${section}.${key}`;
      return full in settings ? settings[full] : fallback;
    },
    has: (key: string) => key in settings,
    inspect: () => undefined,
    update: async () => undefined,
  }),
  get workspaceFolders() {
    return folders.length > 0 ? folders : undefined;
  },
  get textDocuments() {
    return documents;
  },
  notebookDocuments: [],
  onDidOpenTextDocument: noEvent,
  onDidCloseTextDocument: noEvent,
  onDidChangeTextDocument: noEvent,
  onDidSaveTextDocument: noEvent,
  onWillSaveTextDocument: noEvent,
  onDidChangeConfiguration: noEvent,
  onDidChangeWorkspaceFolders: noEvent,
  createFileSystemWatcher: () => ({
    onDidCreate: noEvent,
    onDidChange: noEvent,
    onDidDelete: noEvent,
    dispose: () => undefined,
  }),
});

export const languages = withFallback("languages", {
  createLanguageStatusItem: () => ({ dispose: () => undefined }),
  createDiagnosticCollection: () => withFallback("diagnostics", { set: () => undefined, dispose: () => undefined }),
  // A document filter list matches a document of its language (all the extension's filters name one).
  match: (selector: unknown, document: { languageId: string }) =>
    (Array.isArray(selector) ? selector : [selector]).some(
      (filter) => (typeof filter === "string" ? filter : (filter as { language?: string })?.language) === document.languageId,
    )
      ? 10
      : 0,
  setTextDocumentLanguage: async (document: unknown) => document,
});

export const commands = withFallback("commands", {
  registerCommand: () => new Disposable(),
  executeCommand: async () => undefined,
});
