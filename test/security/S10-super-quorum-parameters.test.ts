import { expect } from "chai";
import hre from "hardhat";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ZeroAddress } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import {
  DISPUTE_DEFAULTS,
  GUARDRAIL_DEFAULTS,
  deploySuite,
  disputeParams,
  governanceParams,
  governorParamsStruct,
  parameterRules,
  ruleStruct,
  toClockUnits,
  type ClockMode,
  type SuiteParameters,
} from "../../lib";
import {
  DisputeEscalation__factory,
  GovernancePolicy__factory,
  PolycentricGovernor__factory,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

const PARAMETER_DIR = path.join(__dirname, "..", "..", "deploy", "parameters");

/** A shipped parameter file, its module ids mapped back to the production names `deploySuite` takes. */
function shippedParameters(file: string, suffix: string): SuiteParameters {
  const json = JSON.parse(readFileSync(path.join(PARAMETER_DIR, file), "utf8")) as Record<
    string,
    Record<string, string | number | string[]>
  >;
  const out: SuiteParameters = {};
  for (const [moduleId, values] of Object.entries(json)) {
    const parsed: Record<string, string | number | bigint | string[]> = {};
    for (const [k, v] of Object.entries(values))
      parsed[k] = typeof v === "string" && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v;
    out[moduleId.endsWith(suffix) ? moduleId.slice(0, moduleId.length - suffix.length) : moduleId] = parsed;
  }
  return out;
}

/** Deploying with `parameters` fails before any transaction, with a message naming each of `fragments`. */
async function expectRejectedBeforeAnyTransaction(
  mode: ClockMode,
  parameters: SuiteParameters,
  fragments: string[],
  disputes = true,
): Promise<void> {
  const [deployer] = await hre.ethers.getSigners();
  const before = await hre.ethers.provider.getBlockNumber();
  let message = "";
  try {
    await deploySuite(deployer!, { clockMode: mode, disputes, guardrails: true, parameters });
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message, "the deployment was refused").to.not.equal("");
  expect(message.split("\n"), "one line").to.have.length(1);
  for (const f of fragments) expect(message).to.include(f);
  expect(await hre.ethers.provider.getBlockNumber(), "no transaction was sent").to.equal(before);
}

describe("S10 one deploy knob set two super-quorums", function () {
  // The shipped files are written for the production (timestamp) clock: seconds.
  it("S10 shipped disputes.localhost.json: the policy keeps the documented 8 % and the referendum its 10 %", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const suite = await deploySuite(deployer!, {
      clockMode: "timestamp",
      disputes: true,
      guardrails: true,
      parameters: shippedParameters("disputes.localhost.json", "Disputes"),
    });
    expect((await suite.policy!.config()).superQuorumBps).to.equal(800n);
    const [params] = await suite.disputes!.escalation.parameters(0);
    expect(params.superQuorumBps).to.equal(1_000n);
  });

  it("S10 shipped localhost.json: the policy's meta-governance super-quorum is the documented 8 %", async function () {
    const [deployer] = await hre.ethers.getSigners();
    const suite = await deploySuite(deployer!, {
      clockMode: "timestamp",
      guardrails: true,
      parameters: shippedParameters("localhost.json", ""),
    });
    expect((await suite.policy!.config()).superQuorumBps).to.equal(GUARDRAIL_DEFAULTS.superQuorumBps);
  });

  for (const mode of CLOCK_MODES) {
    describe(`${mode} clock`, function () {
      it("S10 a referendum lowered to 1 % leaves meta-governance at 8 %, and each knob moves only its own value", async function () {
        const [deployer] = await hre.ethers.getSigners();
        const suite = await deploySuite(deployer!, {
          clockMode: mode,
          disputes: true,
          guardrails: true,
          parameters: { PolycentricGovernance: { referendumSuperQuorumBps: 100, metaGovernanceQuorumBps: 1_200 } },
        });
        expect((await suite.policy!.config()).superQuorumBps).to.equal(1_200n);
        const [params] = await suite.disputes!.escalation.parameters(0);
        expect(params.superQuorumBps).to.equal(100n);
      });

      it("S10 module: a bad super-quorum value is refused before any transaction, naming it", async function () {
        const cases: [Record<string, number>, string[]][] = [
          // Meta-governance below the ordinary 4 % quorum.
          [{ metaGovernanceQuorumBps: 100 }, ["metaGovernanceQuorumBps = 100", "quorumNumerator = 4"]],
          [{ metaGovernanceQuorumBps: 0 }, ["metaGovernanceQuorumBps = 0"]],
          [{ metaGovernanceQuorumBps: 10_001 }, ["metaGovernanceQuorumBps = 10001", "10000"]],
          // Above what DisputeEscalation accepts (it would revert after the token, timelock and hook were deployed).
          [{ referendumSuperQuorumBps: 5_001 }, ["referendumSuperQuorumBps = 5001", "[100, 5000]"]],
          [{ referendumSuperQuorumBps: 99 }, ["referendumSuperQuorumBps = 99", "[100, 5000]"]],
          // A quorum raised above the meta-governance super-quorum is the same relation seen from the other side.
          [{ quorumNumerator: 10 }, ["metaGovernanceQuorumBps = 800", "quorumNumerator = 10"]],
        ];
        for (const [values, fragments] of cases) {
          await expectRejectedBeforeAnyTransaction(mode, { PolycentricGovernance: values }, fragments);
        }
      });

      it("S10 module: the old ambiguous name superQuorumBps is refused and the error names both replacements", async function () {
        await expectRejectedBeforeAnyTransaction(mode, { PolycentricGovernance: { superQuorumBps: 1_000 } }, [
          "superQuorumBps",
          "metaGovernanceQuorumBps",
          "referendumSuperQuorumBps",
        ]);
        // Also in a suite without disputes, where it used to set only the policy's.
        await expectRejectedBeforeAnyTransaction(
          mode,
          { PolycentricGovernance: { superQuorumBps: 800 } },
          ["superQuorumBps", "metaGovernanceQuorumBps"],
          false,
        );
      });
    });
  }

  it("S10 CLI: `hardhat ignition deploy SuiteDisputes.ts` with the old name in the shipped file stops before deploying, naming both replacements", function () {
    const json = JSON.parse(readFileSync(path.join(PARAMETER_DIR, "disputes.localhost.json"), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    const g = json.PolycentricGovernanceDisputes!;
    delete g.referendumSuperQuorumBps;
    g.superQuorumBps = 1_000; // the pre-fix file
    const dir = mkdtempSync(path.join(os.tmpdir(), "s10-"));
    try {
      const file = path.join(dir, "old.json");
      writeFileSync(file, JSON.stringify(json));
      const env = { ...process.env };
      delete env.HARDHAT_NETWORK;
      const cli = require.resolve("hardhat/internal/cli/bootstrap.js");
      const run = spawnSync(
        process.execPath,
        [cli, "ignition", "deploy", "deploy/modules/SuiteDisputes.ts", "--parameters", file],
        { cwd: path.join(__dirname, "..", ".."), env, encoding: "utf8" },
      );
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status, output).to.not.equal(0);
      const line = output.split("\n").find((l) => l.includes("invalid deployment parameters"));
      expect(line, output).to.not.equal(undefined);
      for (const f of [
        "PolycentricGovernanceDisputes.superQuorumBps",
        "metaGovernanceQuorumBps",
        "referendumSuperQuorumBps",
      ]) {
        expect(line).to.include(f);
      }
      // Refused when the module file was loaded: Ignition never started (no deployment summary).
      expect(output).to.not.include("Deployed Addresses");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("constructors", function () {
    async function tokenAndTimelock() {
      const [deployer] = await hre.ethers.getSigners();
      const { token, timelock } = await deploySuite(deployer!);
      return { deployer: deployer!, token, timelock };
    }

    for (const mode of CLOCK_MODES) {
      it(`S10 (${mode} clock) the governor refuses a policy whose meta-governance super-quorum is below its quorum`, async function () {
        const [deployer] = await hre.ethers.getSigners();
        const suite = await deploySuite(deployer!, { clockMode: mode });
        const policy = await new GovernancePolicy__factory(deployer).deploy(
          {
            governance: await suite.timelock.getAddress(),
            superQuorumBps: 300n,
            maxActions: GUARDRAIL_DEFAULTS.maxActions,
            changeInterval: toClockUnits(GUARDRAIL_DEFAULTS.changeInterval, mode),
            proposalBond: 0n,
            disputes: ZeroAddress,
            minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
            maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
          },
          parameterRules(mode).map(ruleStruct),
          [],
        );
        const factory = new PolycentricGovernor__factory(deployer);
        await expect(
          factory.deploy(
            suite.token,
            suite.timelock,
            ZeroAddress,
            false,
            governorParamsStruct(governanceParams(mode)),
            ZeroAddress,
            policy,
          ),
        )
          .to.be.revertedWithCustomError(factory, "GovernorMetaGovernanceQuorumBelowQuorum")
          .withArgs(300n, 400n);
      });
    }

    it("S10 GovernancePolicy refuses a meta-governance super-quorum outside [1, 10000], naming it", async function () {
      const { deployer, timelock } = await loadFixture(tokenAndTimelock);
      const factory = new GovernancePolicy__factory(deployer);
      for (const bad of [0n, 10_001n]) {
        const config = {
          governance: await timelock.getAddress(),
          superQuorumBps: bad,
          maxActions: GUARDRAIL_DEFAULTS.maxActions,
          changeInterval: 1n,
          proposalBond: 0n,
          disputes: ZeroAddress,
          minTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[0],
          maxTimelockDelay: GUARDRAIL_DEFAULTS.timelockDelay[1],
        };
        await expect(factory.deploy(config, parameterRules("timestamp").map(ruleStruct), []))
          .to.be.revertedWithCustomError(factory, "PolicyInvalidConfig")
          .withArgs("superQuorumBps", bad);
      }
    });

    it("S10 DisputeEscalation refuses a referendum super-quorum outside [100, 5000] with the value and the bounds", async function () {
      const { deployer, token, timelock } = await loadFixture(tokenAndTimelock);
      const factory = new DisputeEscalation__factory(deployer);
      const committee = {
        members: [],
        expiries: [],
        threshold: DISPUTE_DEFAULTS.committeeThreshold,
        appealThreshold: DISPUTE_DEFAULTS.committeeAppealThreshold,
        maxTerm: DISPUTE_DEFAULTS.committeeMaxTerm,
      };
      const guardian = { guardian: ZeroAddress, expiry: 0n, maxTerm: DISPUTE_DEFAULTS.guardianMaxTerm };
      const name = hre.ethers.encodeBytes32String("superQuorumBps");
      for (const bad of [99n, 5_001n]) {
        const params = disputeParams("timestamp", { superQuorumBps: bad });
        await expect(factory.deploy(token, timelock, params, committee, guardian, []))
          .to.be.revertedWithCustomError(factory, "DisputeInvalidParameter")
          .withArgs(name, bad, 100n, 5_000n);
      }
    });
  });
});
