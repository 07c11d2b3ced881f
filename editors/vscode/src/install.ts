// What to tell the user when the server does not start: which install command works here.
// Pure (no vscode import): unit-tested with node alone.
import * as fs from "node:fs";
import * as path from "node:path";

import { ResolvedCommand, describeCommand } from "./command";

/** flexml-ls's git repository, for `pip install "git+…"` until it is published on PyPI. */
export const GIT_SOURCE = "git+https://github.com/flexml-ls/flexml-ls";
/** Its name on PyPI, once published. */
export const PYPI_NAME = "flexml-ls";

export interface Machine {
  platform: NodeJS.Platform;
  exists(file: string): boolean;
  readText(file: string): string | undefined;
  list(dir: string): string[];
}

export const thisMachine: Machine = {
  platform: process.platform,
  exists: (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  readText: (file) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  },
  list: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
};

export interface InstallSource {
  /** What pip installs: a checkout's folder, a wheel file, or the git URL. */
  spec: string;
  kind: "checkout" | "wheel" | "git";
}

/**
 * What to install, from what the workspace holds: a flexml-ls checkout (a workspace folder whose
 * pyproject.toml names the project `flexml-ls`), else a built wheel (`flexml_ls-*.whl` in a folder or
 * its `dist/`, the newest version), else the git repository.
 */
export function findSource(folders: readonly string[], machine: Machine): InstallSource {
  for (const folder of folders) {
    const pyproject = machine.readText(path.join(folder, "pyproject.toml"));
    if (pyproject !== undefined && /^\s*name\s*=\s*["']flexml[-_]ls["']/m.test(pyproject)) {
      return { spec: folder, kind: "checkout" };
    }
  }
  const wheels: string[] = [];
  for (const folder of folders) {
    for (const dir of [folder, path.join(folder, "dist")]) {
      for (const name of machine.list(dir)) {
        if (/^flexml_ls-[^-]+-.*\.whl$/.test(name)) {
          wheels.push(path.join(dir, name));
        }
      }
    }
  }
  if (wheels.length > 0) {
    wheels.sort((a, b) => compareVersions(wheelVersion(a), wheelVersion(b)));
    return { spec: wheels[wheels.length - 1], kind: "wheel" };
  }
  return { spec: GIT_SOURCE, kind: "git" };
}

function wheelVersion(file: string): number[] {
  const version = path.basename(file).split("-")[1] ?? "";
  return version.split(".").map((part) => parseInt(part, 10) || 0);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export interface Advice {
  /** The pop-up's text. */
  message: string;
  /** A command line that installs flexml-ls where the extension will find it; absent when the user's
   * own `flexml.server.command` is what failed and no Python goes with it. */
  command?: string;
}

/** Why the server did not start, in a few words, from the error vscode-languageclient reports. */
export function failureReason(error: string): string {
  if (/ENOENT|not found|no such file/i.test(error)) return "not found";
  if (/EACCES|permission denied/i.test(error)) return "not executable";
  return "it exited before answering";
}

/**
 * The one pop-up for a server that did not start: what failed, and the install command that works
 * for how the server was looked for (see resolveServerCommand).
 */
export function installAdvice(
  resolved: ResolvedCommand,
  error: string,
  folders: readonly string[],
  machine: Machine = thisMachine,
): Advice {
  const windows = machine.platform === "win32";
  // "Install in Terminal" runs the command in the user's default shell: PowerShell on Windows (where
  // Windows PowerShell 5.1 has no `&&`, and a quoted program must be called with `&`), else a POSIX
  // shell. Single quotes in both: nothing inside them is expanded.
  const quote = (part: string) =>
    /^[\w@%+=:,./\\-]+$/.test(part) ? part : windows ? `'${part.replace(/'/g, "''")}'` : `'${part.replace(/'/g, "'\\''")}'`;
  const program = (part: string) => (windows && quote(part) !== part ? `& ${quote(part)}` : quote(part));
  const source = findSource(folders, machine);
  const spec = quote(source.spec);
  const failed = `FlexML: the language server \`${describeCommand(resolved)}\` could not start (${failureReason(error)}).`;
  const from =
    source.kind === "checkout"
      ? `from the checkout ${source.spec}`
      : source.kind === "wheel"
        ? `from the wheel ${path.basename(source.spec)}`
        : `from its git repository (or \`${PYPI_NAME}\` from PyPI once it is published)`;
  const venvPython = (venv: string) => path.join(venv, windows ? path.join("Scripts", "python.exe") : path.join("bin", "python"));
  const pip = (python: string, extra = "") => `${program(python)} -m pip install ${extra}${spec}`;

  switch (resolved.origin) {
    case "flexml.server.command": {
      // A `…/bin/flexml` of a virtual environment: install into that environment.
      const python = path.isAbsolute(resolved.command)
        ? path.join(path.dirname(resolved.command), windows ? "python.exe" : "python")
        : undefined;
      if (python !== undefined && machine.exists(python)) {
        return { message: `${failed} Install flexml-ls into its environment ${from}.`, command: pip(python) };
      }
      return { message: `${failed} Check the flexml.server.command setting.` };
    }
    case "flexml.server.interpreter":
      return { message: `${failed} Install flexml-ls into that Python ${from}.`, command: pip(resolved.command) };
    case "PATH":
      break;
    default: {
      // The workspace's .venv/venv has a `flexml` that does not start: reinstall it there.
      const venv = path.dirname(path.dirname(resolved.command));
      return {
        message: `${failed} Reinstall flexml-ls into ${venv} ${from}.`,
        command: pip(venvPython(venv), "--force-reinstall "),
      };
    }
  }
  // Nothing configured and no `flexml` on PATH: the workspace's virtual environment is where the
  // extension looks first, so install there (making one if there is none).
  for (const folder of folders) {
    for (const name of [".venv", "venv"]) {
      const python = venvPython(path.join(folder, name));
      if (machine.exists(python)) {
        return { message: `${failed} Install flexml-ls into the workspace's ${name} ${from}.`, command: pip(python) };
      }
    }
  }
  if (folders.length > 0) {
    const venv = path.join(folders[0], ".venv");
    const python = windows ? "py" : "python3";
    return {
      message: `${failed} Install flexml-ls into a new .venv in the workspace ${from}.`,
      command: windows
        ? `${python} -m venv ${quote(venv)}; if ($?) { ${pip(venvPython(venv))} }`
        : `${python} -m venv ${quote(venv)} && ${pip(venvPython(venv))}`,
    };
  }
  return { message: `${failed} Install flexml-ls ${from}; its \`flexml\` command must be on PATH.`, command: `pipx install ${spec}` };
}
