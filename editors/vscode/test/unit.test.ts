// Unit tests of the pure parts (node --test after an esbuild bundle; no VS Code needed).
import assert from "node:assert/strict";
import { test } from "node:test";

import { describeCommand, resolveServerCommand } from "../src/command";
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
