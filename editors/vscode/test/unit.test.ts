// Unit tests of the pure parts (node --test after an esbuild bundle; no VS Code needed).
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { describeCommand, resolveServerCommand } from "../src/command";
import { GIT_SOURCE, Machine, findSource, installAdvice } from "../src/install";
import { hasResponseRoot } from "../src/sniff";

test("a Response root is FlexML, whatever comes before it", () => {
  assert.ok(hasResponseRoot("<Response/>"));
  assert.ok(hasResponseRoot("\ufeff<?xml version='1.0'?>\n<!-- IVR -->\n<Response>\n<Say>Hi</Say></Response>"));
  assert.ok(hasResponseRoot('<!DOCTYPE Response [<!ENTITY a "]>">]>\n<Response >'));
  assert.ok(hasResponseRoot("<?xml version='1.0'?><?pi x?>\r\n<Response\n>"));
});

test("other roots, half roots and non-XML are not", () => {
  assert.ok(!hasResponseRoot("<Responses/>"));
  assert.ok(!hasResponseRoot("<response/>"));
  assert.ok(!hasResponseRoot("<project><Response/></project>"));
  assert.ok(!hasResponseRoot("<!-- <Response> -->"));
  assert.ok(!hasResponseRoot("hello <Response/>"));
  assert.ok(!hasResponseRoot(""));
});

test("server command precedence", () => {
  const none = () => false;
  assert.deepEqual(
    resolveServerCommand({ command: ["/v/bin/flexml", "server"], interpreter: "/usr/bin/python3" }, [], none),
    { command: "/v/bin/flexml", args: ["server"], origin: "flexml.server.command" },
  );
  assert.deepEqual(resolveServerCommand({ command: [], interpreter: "/usr/bin/python3" }, [], none), {
    command: "/usr/bin/python3",
    args: ["-m", "flexml_ls", "server"],
    origin: "flexml.server.interpreter",
  });
  const venv = resolveServerCommand({ command: [""], interpreter: " " }, ["/ws"], (f) => f === "/ws/.venv/bin/flexml");
  assert.equal(venv.command, "/ws/.venv/bin/flexml");
  assert.deepEqual(resolveServerCommand({ command: [], interpreter: "" }, ["/ws"], none), {
    command: "flexml",
    args: ["server"],
    origin: "PATH",
  });
  assert.equal(describeCommand({ command: "/a b/python", args: ["-m", "x"], origin: "" }), '"/a b/python" -m x');
});

// --- the install command the "server not found" pop-up offers -------------------------------------
function machine(files: Record<string, string>, platform: NodeJS.Platform = "linux"): Machine {
  return {
    platform,
    exists: (file) => file in files,
    readText: (file) => files[file],
    list: (dir) => Object.keys(files).filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)),
  };
}
const onPath = { command: "flexml", args: ["server"], origin: "PATH" };
const notFound = "Launching server using command flexml failed. Error: spawn flexml ENOENT";

test("install source: the workspace's checkout, else its newest wheel, else the git repository", () => {
  const checkout = machine({ "/ws/pyproject.toml": '[project]\nname = "flexml-ls"\nversion = "0.1.0"\n' });
  assert.deepEqual(findSource(["/ws"], checkout), { spec: "/ws", kind: "checkout" });
  const otherProject = machine({ "/ws/pyproject.toml": '[project]\nname = "ivr-app"\n[tool.flexml]\n' });
  assert.deepEqual(findSource(["/ws"], otherProject), { spec: GIT_SOURCE, kind: "git" });
  const wheels = machine({
    "/ws/dist/flexml_ls-0.9.0-py3-none-any.whl": "",
    "/ws/dist/flexml_ls-0.10.0-py3-none-any.whl": "",
    "/ws/dist/other-1.0-py3-none-any.whl": "",
  });
  assert.deepEqual(findSource(["/ws"], wheels), { spec: "/ws/dist/flexml_ls-0.10.0-py3-none-any.whl", kind: "wheel" });
});

test("install advice: into the Python or environment the extension will use", () => {
  const empty = machine({});
  // Nothing configured, no flexml on PATH, no workspace venv: make .venv, where the extension looks first.
  assert.equal(
    installAdvice(onPath, notFound, ["/ws"], empty).command,
    `python3 -m venv /ws/.venv && /ws/.venv/bin/python -m pip install ${GIT_SOURCE}`,
  );
  // A venv without flexml-ls: install into it.
  const venv = machine({ "/ws/venv/bin/python": "", "/ws/dist/flexml_ls-0.1.0-py3-none-any.whl": "" });
  const advice = installAdvice(onPath, notFound, ["/ws"], venv);
  assert.equal(advice.command, "/ws/venv/bin/python -m pip install /ws/dist/flexml_ls-0.1.0-py3-none-any.whl");
  assert.match(advice.message, /\(not found\)\. Install flexml-ls into the workspace's venv from the wheel flexml_ls-0\.1\.0-py3-none-any\.whl\.$/);
  // No workspace at all: pipx puts `flexml` on PATH.
  assert.equal(installAdvice(onPath, notFound, [], empty).command, `pipx install ${GIT_SOURCE}`);
  // flexml.server.interpreter: that Python (quoted when it needs to be).
  const interpreter = { command: "/opt/my py/bin/python3", args: ["-m", "flexml_ls", "server"], origin: "flexml.server.interpreter" };
  const checkout = machine({ "/ws/pyproject.toml": 'name = "flexml-ls"\n' });
  const exited = installAdvice(interpreter, "Pending response rejected since connection got disposed", ["/ws"], checkout);
  assert.equal(exited.command, "'/opt/my py/bin/python3' -m pip install /ws");
  const quoted = installAdvice({ ...interpreter, command: "/opt/it's $HOME/python" }, "exit", [], empty).command;
  assert.equal(quoted, `'/opt/it'\\''s $HOME/python' -m pip install ${GIT_SOURCE}`);
  assert.match(exited.message, /\(it exited before answering\)\. Install flexml-ls into that Python from the checkout \/ws\.$/);
  // flexml.server.command: its environment's Python if it has one, else check the setting.
  const command = { command: "/v/bin/flexml", args: ["server"], origin: "flexml.server.command" };
  assert.equal(installAdvice(command, notFound, [], machine({ "/v/bin/python": "" })).command, `/v/bin/python -m pip install ${GIT_SOURCE}`);
  const custom = installAdvice({ ...command, command: "my-flexml" }, notFound, [], empty);
  assert.equal(custom.command, undefined);
  assert.match(custom.message, /Check the flexml\.server\.command setting\.$/);
  // The workspace's .venv has a flexml that does not start: reinstall there.
  const broken = { command: "/ws/.venv/bin/flexml", args: ["server"], origin: "the workspace's .venv" };
  assert.equal(installAdvice(broken, "exit", ["/ws"], empty).command, `/ws/.venv/bin/python -m pip install --force-reinstall ${GIT_SOURCE}`);
  // Windows: py and Scripts\python.exe, in PowerShell (VS Code's default terminal there): Windows
  // PowerShell 5.1 has no `&&`, and a quoted program is called with `&`.
  const windows = installAdvice(onPath, notFound, ["C:\\ws"], machine({}, "win32")).command ?? "";
  const python = path.join("C:\\ws", ".venv", path.join("Scripts", "python.exe"));
  assert.equal(windows, `py -m venv ${path.join("C:\\ws", ".venv")}; if ($?) { ${python} -m pip install ${GIT_SOURCE} }`);
  const spaced = { command: "C:\\My Tools\\python.exe", args: ["-m", "flexml_ls", "server"], origin: "flexml.server.interpreter" };
  assert.equal(installAdvice(spaced, notFound, [], machine({}, "win32")).command,
    `& 'C:\\My Tools\\python.exe' -m pip install ${GIT_SOURCE}`);
});
