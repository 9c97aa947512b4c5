import "@nomicfoundation/hardhat-toolbox";
import path from "node:path";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, TASK_TEST_GET_TEST_FILES } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig, NetworksUserConfig } from "hardhat/types";

import { readRemoteNetworkEnv, isRemoteNetworkRequested } from "./lib/env";
import "./tasks/simulate";
import "./tasks/audit";
import "./tasks/replay";

// The compiler is the npm `solc` package (soljson.js), pinned exactly in package.json: no compiler is
// ever downloaded, and the version named here is the one that runs (checked below).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { version(): string };
const SOLC_VERSION = "0.8.30";
const SOLC_LONG_VERSION = solc.version();
if (!SOLC_LONG_VERSION.startsWith(`${SOLC_VERSION}+`)) {
  throw new Error(
    `hardhat.config.ts names solc ${SOLC_VERSION} but the installed npm solc is ${SOLC_LONG_VERSION}: ` +
      `pin the same version in both places.`,
  );
}

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper(args);
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: SOLC_LONG_VERSION,
  };
});

// `npm test` runs files on two parallel workers, which take files in list order: the longest files go first
// (longest-processing-time-first), so no minute-long file starts last and runs alone at the end.
const LONGEST_TEST_FILES_FIRST = [
  "test/sim/attacks.test.ts",
  "test/scenarios/A3-sybil-split.test.ts",
  "test/deploy/Suite.test.ts",
  "test/e2e/anvil.test.ts",
  "test/package/package.test.ts",
  "test/disputes/DisputeEscalation.fuzz.test.ts",
  "test/scenarios/A5-delegation-graphs.test.ts",
  "test/guardrails/GovernancePolicy.test.ts",
];

subtask(TASK_TEST_GET_TEST_FILES).setAction(async (args: { testFiles: string[] }, hre, runSuper) => {
  const files: string[] = await runSuper(args);
  const rank = (file: string) => {
    const i = LONGEST_TEST_FILES_FIRST.indexOf(path.relative(hre.config.paths.root, file).split(path.sep).join("/"));
    return i === -1 ? LONGEST_TEST_FILES_FIRST.length : i;
  };
  return files
    .map((file, order) => ({ file, order }))
    .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
    .map((x) => x.file);
});

const networks: NetworksUserConfig = {
  hardhat: {
    // Deterministic, fast and generous: the common world needs ~130 funded signers.
    accounts: { count: 140 },
  },
  localhost: { url: "http://127.0.0.1:8545" },
  // The external anvil node of the end-to-end test (test/e2e/anvil.test.ts sets the URL); its dev accounts are
  // unlocked, so the node signs.
  anvil: { url: process.env.POLYCENTRIC_ANVIL_URL ?? "http://127.0.0.1:8545" },
};
// Any EVM chain, from the environment. The variables are validated only when this network is asked
// for, so that a missing or malformed variable is a clear error and never blocks local work.
if (isRemoteNetworkRequested(process.argv, process.env)) {
  const remote = readRemoteNetworkEnv(process.env);
  networks.remote = { url: remote.url, accounts: [remote.deployerKey] };
}

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // OpenZeppelin Contracts >= 5.5 use `mcopy`.
      evmVersion: "cancun",
    },
  },
  networks,
  paths: {
    sources: "./contracts",
    tests: "./test",
    ignition: "./deploy",
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
    offline: true,
    excludeContracts: ["mocks/"],
  },
  mocha: { timeout: 120_000, jobs: 2 },
};

export default config;
