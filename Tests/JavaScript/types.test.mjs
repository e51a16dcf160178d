// The declarations type-check with tsc --strict (TypeScript 4.8, Debian's node-typescript),
// and code that misuses a payload, a parameter, a handler or an option does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const flags = ["--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "node", "--lib", "es2022,dom"];

function tsc(...files) {
  const result = spawnSync("tsc", [...flags, ...files], { cwd: here, encoding: "utf8" });
  if (result.error) throw new Error(`tsc is needed (apt-get install -y node-typescript): ${result.error.message}`);
  return { status: result.status, output: result.stdout + result.stderr };
}

test("every generated declaration file type-checks on its own", () => {
  const files = readdirSync(new URL("Generated/", import.meta.url))
    .filter((name) => name.endsWith(".d.ts") || name.endsWith(".d.mts"))
    .map((name) => `Generated/${name}`);
  assert.ok(files.length >= 12);
  const result = tsc(...files);
  assert.equal(result.status, 0, result.output);
});

test("a consumer that uses the module as intended type-checks", () => {
  const result = tsc("types/consumer.ts");
  assert.equal(result.status, 0, result.output);
});

test("each misuse is an error, on exactly the lines marked", () => {
  const result = tsc("types/misuse.ts");
  assert.notEqual(result.status, 0);
  const marked = readFileSync(new URL("types/misuse.ts", import.meta.url), "utf8")
    .split("\n")
    .flatMap((line, index) => (line.includes("// error") ? [index + 1] : []));
  const reported = [...new Set([...result.output.matchAll(/misuse\.ts\((\d+),\d+\): error/g)].map((match) => Number(match[1])))];
  assert.deepEqual(reported.sort((a, b) => a - b), marked, result.output);
});
