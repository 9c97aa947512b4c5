/**
 * `npm run package`: fills packages/contracts/ (the publishable `@polycentric/contracts`) from this project:
 *
 * - the production Solidity sources, at the package root as OpenZeppelin lays out its package
 *   (`@polycentric/contracts/governance/PolycentricGovernor.sol`); test doubles (contracts/mocks/) and the stock
 *   OpenZeppelin comparator (contracts/baseline/) are left out;
 * - `abi/<Name>.json` (the ABI array) and `artifacts/<Name>.json` (Hardhat artifact: ABI + bytecode) for every
 *   contract, interface and abstract module those sources define, plus OpenZeppelin's TimelockController, which
 *   the suite deploys as its timelock;
 * - `types/`: the TypeChain (ethers v6) bindings of those artifacts, compiled to JavaScript + declarations.
 *
 * Only package.json, README.md and .gitignore in packages/contracts/ are committed; the rest is rebuilt here
 * from the compiled artifacts, so the package always matches the sources. Pack with `npm pack ./packages/contracts`.
 */
import hre from "hardhat";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runTypeChain } from "typechain";

const ROOT = path.resolve(__dirname, "..");
const SOURCES = path.join(ROOT, "contracts");
const PKG = path.join(ROOT, "packages", "contracts");
const STAGING = path.join(ROOT, "cache", "contracts-package");
/** Files of packages/contracts/ that are committed, not generated. */
const KEEP = new Set(["package.json", "README.md", ".gitignore"]);
/** Source folders that are not Polycentric production code. */
const EXCLUDED_DIRS = ["mocks", "baseline"];
/** Contracts from dependencies that a DAO deploys as part of the suite. */
const EXTRA_ARTIFACTS = ["@openzeppelin/contracts/governance/TimelockController.sol:TimelockController"];

/** `^a.b.c`, `~a.b.c` or `a.b.c` admits `version` (the forms this package's peer ranges use). */
function admits(range: string, version: string): boolean {
  const parse = (v: string) => v.split(".").map(Number) as [number, number, number];
  const m = /^([\^~]?)(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m || !/^\d+\.\d+\.\d+$/.test(version)) return false;
  const [op, base] = [m[1]!, parse(m[2]!)];
  const v = parse(version);
  const cmp = v[0] - base[0] || v[1] - base[1] || v[2] - base[2];
  if (op === "") return cmp === 0;
  if (cmp < 0) return false;
  return op === "^" ? v[0] === base[0] : v[0] === base[0] && v[1] === base[1];
}

function isProductionSource(sourceName: string): boolean {
  if (!sourceName.startsWith("contracts/")) return false;
  const top = sourceName.slice("contracts/".length).split("/")[0]!;
  return !EXCLUDED_DIRS.includes(top);
}

function listSolidity(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const relPath = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) {
      if (rel === "" && EXCLUDED_DIRS.includes(entry.name)) continue;
      out.push(...listSolidity(dir, relPath));
    } else if (entry.name.endsWith(".sol")) {
      out.push(relPath);
    }
  }
  return out.sort();
}

function run(command: string, args: readonly string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${path.basename(args[0] ?? command)} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

async function main(): Promise<void> {
  await hre.run("compile", { quiet: true });
  const manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8")) as {
    name: string;
    version: string;
    peerDependencies: Record<string, string>;
  };
  // The package claims the OpenZeppelin range it was built and tested against: fail rather than ship a lie.
  const ozInstalled = (
    JSON.parse(readFileSync(require.resolve("@openzeppelin/contracts/package.json"), "utf8")) as { version: string }
  ).version;
  const ozRange = manifest.peerDependencies["@openzeppelin/contracts"];
  if (ozRange === undefined || !admits(ozRange, ozInstalled)) {
    throw new Error(
      `packages/contracts/package.json peer @openzeppelin/contracts "${ozRange}" does not admit the ` +
        `installed ${ozInstalled} the contracts were compiled and tested with`,
    );
  }

  // 1. Start from the committed files only.
  for (const entry of readdirSync(PKG)) if (!KEEP.has(entry)) rmSync(path.join(PKG, entry), { recursive: true });
  rmSync(STAGING, { recursive: true, force: true });

  // 2. Solidity sources.
  const sources = listSolidity(SOURCES);
  for (const rel of sources) {
    mkdirSync(path.dirname(path.join(PKG, rel)), { recursive: true });
    cpSync(path.join(SOURCES, rel), path.join(PKG, rel));
  }

  // 3. ABIs and artifacts (contracts with an empty ABI, i.e. internal libraries, have nothing to bind).
  const names = (await hre.artifacts.getAllFullyQualifiedNames())
    .filter((fqn) => isProductionSource(fqn.split(":")[0]!) || EXTRA_ARTIFACTS.includes(fqn))
    .sort();
  for (const extra of EXTRA_ARTIFACTS) {
    if (!names.includes(extra)) throw new Error(`${extra} was not compiled: is it still imported by a source?`);
  }
  mkdirSync(path.join(PKG, "abi"));
  mkdirSync(path.join(PKG, "artifacts"));
  const artifactFiles: string[] = [];
  const seen = new Map<string, string>();
  for (const fqn of names) {
    const a = await hre.artifacts.readArtifact(fqn);
    if (a.abi.length === 0) continue;
    const previous = seen.get(a.contractName);
    if (previous !== undefined) throw new Error(`two contracts named ${a.contractName}: ${previous} and ${fqn}`);
    seen.set(a.contractName, fqn);
    writeFileSync(path.join(PKG, "abi", `${a.contractName}.json`), JSON.stringify(a.abi, null, 2) + "\n");
    const artifactFile = path.join(PKG, "artifacts", `${a.contractName}.json`);
    writeFileSync(artifactFile, JSON.stringify(a, null, 2) + "\n");
    artifactFiles.push(artifactFile);
  }

  // 4. TypeChain bindings, generated into the staging folder and compiled into types/.
  const typechainDir = path.join(STAGING, "typechain");
  await runTypeChain({
    cwd: ROOT,
    filesToProcess: artifactFiles,
    allFiles: artifactFiles,
    outDir: typechainDir,
    target: "ethers-v6",
  });
  const tsconfig = path.join(STAGING, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        compilerOptions: {
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          declaration: true,
          strict: true,
          skipLibCheck: true,
          esModuleInterop: true,
          rootDir: "typechain",
          outDir: path.join(PKG, "types"),
        },
        include: ["typechain/**/*.ts"],
      },
      null,
      2,
    ),
  );
  run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], ROOT);

  const typeFiles = readdirSync(path.join(PKG, "types"), { recursive: true }).filter((f) =>
    String(f).endsWith(".d.ts"),
  );
  console.log(
    `${manifest.name}@${manifest.version} in packages/contracts: ${sources.length} Solidity sources, ` +
      `${artifactFiles.length} ABIs + artifacts, ${typeFiles.length} type declarations ` +
      `(OpenZeppelin ${ozInstalled}, peer ${ozRange}). Pack it with: npm pack ./packages/contracts`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
