#!/usr/bin/env node
/**
 * The `solc` that foundry.toml points forge at. Forge cannot download a compiler offline, so this wraps the npm
 * `solc` package (soljson, the compiler Hardhat uses too) behind the two command-line forms forge calls:
 *   --version          prints the long version in solc's own format (forge parses it);
 *   --standard-json    reads the standard JSON input on stdin and prints solc.compile's output.
 * Imports forge did not inline are resolved against the working directory and every --base-path, --include-path
 * and --allow-paths argument, in that order.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- forge runs this file directly with node: CommonJS, no loader */
const fs = require("node:fs");
const path = require("node:path");

// Resolve `solc` from the project (this file lives in <root>/scripts), whatever the working directory.
const root = path.resolve(__dirname, "..");
const solc = require(require.resolve("solc", { paths: [root, process.cwd()] }));

const args = process.argv.slice(2);

if (args.includes("--version") || args.includes("-v")) {
  // soljson's version is e.g. "0.8.30+commit.73712a01.Emscripten.clang"; forge expects the native form.
  const short = solc.version().split(".Emscripten")[0];
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${short}.Linux.g++\n`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  process.stderr.write(`forge-solc: only --version and --standard-json are supported (got: ${args.join(" ")})\n`);
  process.exit(2);
}

const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  for (const flag of ["--base-path", "--include-path", "--allow-paths"]) {
    if (a === flag && args[i + 1] !== undefined) {
      for (const p of args[i + 1].split(",")) if (p) roots.push(path.resolve(p));
    } else if (a.startsWith(`${flag}=`)) {
      for (const p of a.slice(flag.length + 1).split(",")) if (p) roots.push(path.resolve(p));
    }
  }
}
roots.push(root);

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((r) => path.join(r, importPath));
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, "utf8") };
    } catch {
      // try the next root
    }
  }
  return { error: `File not found: ${importPath} (searched ${roots.join(", ")})` };
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
