/**
 * The publishable contracts package (packages/contracts, `@polycentric/contracts`): built with the same script as
 * `npm run package`, packed with `npm pack`, installed with `npm install <tarball>` into a throw-away Hardhat
 * project in a temporary folder, which then compiles a governor that imports and extends PolycentricGovernor from
 * the package and type-checks a script using its TypeChain bindings. Offline: the throw-away project links this
 * project's hardhat, solc, OpenZeppelin and ethers instead of downloading them, and compiles with the same npm
 * solc override as hardhat.config.ts.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { underCoverage } from "../fixtures/effort";

const ROOT = path.resolve(__dirname, "../..");
const MAX_DEPLOYED_BYTES = 24_576;

interface Ran {
  out: string;
  ms: number;
}

/** Runs a command; rejects with its command line and the tail of its output when it fails. */
function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  // npm passes its own settings down to scripts (npm_config_*, npm_package_*): the child npm must not inherit
  // the parent project's.
  const env: NodeJS.ProcessEnv = { HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("npm_") && k !== "INIT_CWD") env[k] = v;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve({ out, ms: Date.now() - started });
      else
        reject(
          new Error(
            `${command} ${args.join(" ")} (in ${cwd}) failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`,
          ),
        );
    });
  });
}

const node = (args: readonly string[], cwd: string) => run(process.execPath, args, cwd);
const npm = (args: readonly string[], cwd: string) => run(process.platform === "win32" ? "npm.cmd" : "npm", args, cwd);
const hardhatCli = require.resolve("hardhat/internal/cli/bootstrap.js");

const HARDHAT_CONFIG = `// A DAO's own Hardhat project, compiling with the npm solc like Polycentric does (no compiler download).
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");
const solc = require("solc");

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args, _hre, runSuper) => {
  if (args.solcVersion !== "0.8.30") return runSuper(args);
  return { compilerPath: require.resolve("solc/soljson.js"), isSolcJs: true, version: "0.8.30", longVersion: solc.version() };
});

module.exports = {
  solidity: { version: "0.8.30", settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" } },
};
`;

const DAO_GOVERNOR = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {PolycentricGovernor} from "@polycentric/contracts/governance/PolycentricGovernor.sol";
import {GovernorParams} from "@polycentric/contracts/governance/GovernorParams.sol";
import {IIdentityRegistry} from "@polycentric/contracts/interfaces/IIdentityRegistry.sol";
import {IDisputeEscalation} from "@polycentric/contracts/interfaces/IDisputeEscalation.sol";
import {IGovernancePolicy} from "@polycentric/contracts/interfaces/IGovernancePolicy.sol";

/// A DAO's governor: Polycentric with strict identity binding and a charter hash.
contract DaoGovernor is PolycentricGovernor {
    bytes32 public immutable charter;

    constructor(
        IVotes token,
        TimelockController timelock,
        IIdentityRegistry registry,
        GovernorParams memory params,
        bytes32 charter_
    ) PolycentricGovernor(
        token,
        timelock,
        registry,
        true,
        params,
        IDisputeEscalation(address(0)),
        IGovernancePolicy(address(0))
    ) {
        charter = charter_;
    }

    /// The DAO's own view on top of the inherited ones.
    function describe() external view returns (string memory, bool, uint256) {
        return (COUNTING_MODE(), sybilResistant(), quorumNumerator());
    }
}
`;

const TS_CONSUMER = `import { Interface, type ContractRunner } from "ethers";
import {
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  type PolycentricGovernor,
} from "@polycentric/contracts";

export async function describeGovernor(address: string, runner: ContractRunner): Promise<string> {
  const governor: PolycentricGovernor = PolycentricGovernor__factory.connect(address, runner);
  const registry = IdentityRegistry__factory.connect(await governor.identityRegistry(), runner);
  const strict: boolean = await governor.identityStrict();
  const max: bigint = await registry.maxAddressesPerIdentity();
  return \`\${await governor.COUNTING_MODE()} strict=\${strict} max=\${max}\`;
}

export const iface: Interface = PolycentricGovernor__factory.createInterface();
`;

describe("Contracts package (@polycentric/contracts)", function () {
  this.timeout(600_000);
  let tmp: string | undefined;

  before(function () {
    // Under `hardhat coverage` the artifacts on disk are the instrumented ones: the child Hardhat process of this
    // test would recompile them from the plain sources in the middle of the run, and every later test would
    // measure uninstrumented code. This test covers no contract line (its build and its node are its own), so the
    // coverage run leaves it to `npm test`, and says so.
    if (underCoverage()) {
      console.log("      (not run under coverage: runs in npm test)");
      this.skip();
    }
  });

  after(function () {
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  });

  it("packs production contracts, ABIs and types; a throw-away Hardhat project installs it and extends PolycentricGovernor", async function () {
    tmp = mkdtempSync(path.join(tmpdir(), "polycentric-package-"));
    const timings: string[] = [];

    // 1. Build (the `npm run package` script) and pack.
    const built = await node([hardhatCli, "run", "scripts/package-contracts.ts"], ROOT);
    timings.push(`build ${built.ms} ms`);
    const packed = await npm(["pack", "./packages/contracts", "--pack-destination", tmp, "--json"], ROOT);
    timings.push(`pack ${packed.ms} ms`);
    const [pack] = JSON.parse(packed.out.slice(packed.out.indexOf("["))) as {
      name: string;
      version: string;
      filename: string;
      files: { path: string }[];
    }[];
    expect(pack!.name).to.equal("@polycentric/contracts");
    const files = pack!.files.map((f) => f.path);
    expect(files).to.include.members([
      "governance/PolycentricGovernor.sol",
      "governance/extensions/GovernorCountingQuadratic.sol",
      "identity/IdentityRegistry.sol",
      "token/PolycentricToken.sol",
      "abi/PolycentricGovernor.json",
      "abi/TimelockController.json",
      "artifacts/PolycentricGovernor.json",
      "types/index.js",
      "types/index.d.ts",
      "types/factories/PolycentricGovernor__factory.d.ts",
    ]);
    const notProduction = files.filter((f) => /(^|\/)(mocks|baseline)\/|__Mock|__Harness|Baseline/.test(f));
    expect(notProduction, "test doubles or the baseline in the package").to.deep.equal([]);
    // Every production source is shipped.
    const shippedSol = files.filter((f) => f.endsWith(".sol")).length;
    expect(shippedSol).to.be.greaterThan(10);

    // 2. A throw-away DAO project installs the tarball like any dependency (no registry: nothing else to fetch).
    const project = path.join(tmp, "dao");
    mkdirSync(path.join(project, "contracts"), { recursive: true });
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "throwaway-dao", version: "0.0.0", private: true }, null, 2),
    );
    const installed = await npm(
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--legacy-peer-deps",
        path.join(tmp, pack!.filename),
      ],
      project,
    );
    timings.push(`install ${installed.ms} ms`);
    const pkgDir = path.join(project, "node_modules", "@polycentric", "contracts");
    expect(existsSync(path.join(pkgDir, "governance", "PolycentricGovernor.sol"))).to.equal(true);
    // The project's own toolchain and peers, linked from this project instead of downloaded.
    mkdirSync(path.join(project, "node_modules", "@openzeppelin"), { recursive: true });
    for (const dep of ["hardhat", "solc", "ethers", "@openzeppelin/contracts"]) {
      symlinkSync(path.join(ROOT, "node_modules", dep), path.join(project, "node_modules", dep), "dir");
    }

    // 3. Compile a governor that extends PolycentricGovernor from the package.
    writeFileSync(path.join(project, "hardhat.config.js"), HARDHAT_CONFIG);
    writeFileSync(path.join(project, "contracts", "DaoGovernor.sol"), DAO_GOVERNOR);
    const compiled = await node(
      [path.join(project, "node_modules", "hardhat", "internal", "cli", "bootstrap.js"), "compile"],
      project,
    );
    timings.push(`compile ${compiled.ms} ms`);
    const artifactPath = path.join(project, "artifacts", "contracts", "DaoGovernor.sol", "DaoGovernor.json");
    expect(existsSync(artifactPath), `compile output:\n${compiled.out}`).to.equal(true);
    const artifact = JSON.parse(readFileSync(artifactPath, "utf8")) as {
      abi: { type: string; name?: string }[];
      deployedBytecode: string;
    };
    const names = new Set(artifact.abi.filter((e) => e.name !== undefined).map((e) => `${e.type} ${e.name}`));
    expect(names.has("function charter")).to.equal(true);
    expect(names.has("function describe")).to.equal(true);
    // The child has the whole PolycentricGovernor interface, as shipped in the package's ABI.
    const shipped = JSON.parse(readFileSync(path.join(pkgDir, "abi", "PolycentricGovernor.json"), "utf8")) as {
      type: string;
      name?: string;
    }[];
    const missing = shipped.filter((e) => e.name !== undefined && !names.has(`${e.type} ${e.name}`));
    expect(missing.map((e) => `${e.type} ${e.name}`)).to.deep.equal([]);
    const deployedBytes = (artifact.deployedBytecode.length - 2) / 2;
    expect(deployedBytes).to.be.greaterThan(0).and.at.most(MAX_DEPLOYED_BYTES);

    // 4. The TypeChain bindings: type-check a consumer script strictly, and load them at run time.
    writeFileSync(path.join(project, "consumer.ts"), TS_CONSUMER);
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "es2022",
          module: "commonjs",
          moduleResolution: "node",
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          types: [],
        },
        files: ["consumer.ts"],
      }),
    );
    const typed = await node([require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], project);
    timings.push(`tsc ${typed.ms} ms`);
    const loaded = await node(
      [
        "-e",
        `const p = require("@polycentric/contracts");` +
          `console.log(JSON.stringify({ abi: p.PolycentricGovernor__factory.abi.length, ` +
          `bytecode: p.PolycentricToken__factory.bytecode.length > 2 }))`,
      ],
      project,
    );
    const runtime = JSON.parse(loaded.out.trim()) as { abi: number; bytecode: boolean };
    expect(runtime.abi).to.equal(shipped.length);
    expect(runtime.bytecode).to.equal(true);

    console.log(
      `      package | ${pack!.name}@${pack!.version}: ${files.length} files (${shippedSol} .sol); ` +
        `DaoGovernor compiled, ${deployedBytes} B deployed, ABI ${artifact.abi.length} entries; ${timings.join(", ")}`,
    );
  });
});
