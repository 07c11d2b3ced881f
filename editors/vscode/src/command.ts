// Which command starts the language server. Pure (no vscode import): unit-tested with node alone.
import * as fs from "node:fs";
import * as path from "node:path";

export interface ServerSettings {
  /** `flexml.server.command`: the whole command, e.g. ["/venv/bin/flexml", "server"]. */
  command: string[];
  /** `flexml.server.interpreter`: a Python with flexml-ls installed. */
  interpreter: string;
}

export interface ResolvedCommand {
  command: string;
  args: string[];
  /** Which setting or rule chose it, for the output channel. */
  origin: string;
}

const isWindows = process.platform === "win32";

/**
 * The server command, by precedence: `flexml.server.command`, then `flexml.server.interpreter`
 * (`<python> -m flexml_ls server`), then a `flexml` in a workspace folder's `.venv` or `venv`,
 * then `flexml server` from PATH.
 */
export function resolveServerCommand(
  settings: ServerSettings,
  workspaceFolders: readonly string[],
  exists: (file: string) => boolean = fileExists,
): ResolvedCommand {
  const command = settings.command.filter((part) => part.trim() !== "");
  if (command.length > 0) {
    return {
      command: expandHome(command[0]),
      args: command.slice(1),
      origin: "flexml.server.command",
    };
  }
  if (settings.interpreter.trim() !== "") {
    return {
      command: expandHome(settings.interpreter.trim()),
      args: ["-m", "flexml_ls", "server"],
      origin: "flexml.server.interpreter",
    };
  }
  const binary = isWindows ? path.join("Scripts", "flexml.exe") : path.join("bin", "flexml");
  for (const folder of workspaceFolders) {
    for (const venv of [".venv", "venv"]) {
      const candidate = path.join(folder, venv, binary);
      if (exists(candidate)) {
        return { command: candidate, args: ["server"], origin: `the workspace's ${venv}` };
      }
    }
  }
  return { command: "flexml", args: ["server"], origin: "PATH" };
}

function expandHome(file: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  if (home && (file === "~" || file.startsWith("~/"))) {
    return path.join(home, file.slice(1));
  }
  return file;
}

function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The command as one shell-like line, for logs. */
export function describeCommand(resolved: ResolvedCommand): string {
  return [resolved.command, ...resolved.args]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part)))
    .join(" ");
}
