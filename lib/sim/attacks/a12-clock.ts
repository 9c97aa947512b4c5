/**
 * A12 timestamp / clock manipulation (deterministic). Four variants on both systems:
 *
 * - "timestamp-boundaries": on the common world, Against probes with `setNextBlockTimestamp` at snapshot,
 *   snapshot + 1, deadline and deadline + 1. The documented convention (OpenZeppelin): a vote in a block at time t is
 *   accepted iff snapshot < t ≤ deadline. Success: any probe that disagrees.
 * - "block-jumps": a block-clock token (PolycentricTokenBlockClock__Mock) with a stock BaselineGovernor and a
 *   PolycentricGovernor (open identity registry) on it, parameters converted to blocks (7,200 / 36,000); the chain
 *   advances in `hardhat_mine` jumps of 100 blocks (Arbitrum-style L1 block numbers) and an Against probe is sent
 *   after every jump that lands within 250 blocks of the snapshot or the deadline. Success: any disagreement.
 * - "registry-clock": Polycentric must refuse an identity registry on another clock than its token
 *   (GovernorIdentityClockMismatch); the baseline has no registry and reads its clock from the token, so its
 *   governor and token clocks always agree. Success: a mismatched deployment is accepted / the clocks differ.
 * - "units": durations in seconds (votingPeriod 432,000) on a block-clock token. Neither governor has unit-aware
 *   bounds on chain (the deploy modules convert seconds to blocks; parameter bounds, I15, have not landed), so both
 *   accept a 60-day period at 12 s per block. Success: the deployment is accepted.
 */
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { parseEther, ZeroAddress } from "ethers";

import {
  BaselineGovernor__factory,
  ClockSource__Mock__factory,
  IdentityRegistry__factory,
  PolycentricGovernor__factory,
  PolycentricTokenBlockClock__Mock__factory,
  TimelockController__factory,
} from "../../../typechain-types";
import { VoteType } from "../../enums";
import { COMMON_WORLD, governanceParams, governorParamsStruct, type GovernanceParams } from "../../params";
import { DAY, SECONDS_PER_BLOCK } from "../../time";
import { gov } from "../../units";
import { countNote, ofVariant, type AttackModule } from "../attack";
import { describeError, errorName, RunContext } from "../context";
import { grantProposal, propose } from "../recipes";
import type { AttackRun } from "../types";
import { attachSystem, type SimSystem, type World } from "../world";

export const A12_VARIANTS = ["timestamp-boundaries", "block-jumps", "registry-clock", "units"] as const;
const JUMP = 100n;
const NEAR = 250n;
/** Explicit gas so a refused probe is still mined at the chosen time (and not refused by gas estimation). */
const PROBE_GAS = 600_000n;

async function probe(ctx: RunContext, voter: HardhatEthersSigner, id: bigint): Promise<boolean> {
  const r = await ctx.attempt(
    `probe vote by ${voter.address}`,
    ctx.sys.governor.connect(voter).castVote(id, VoteType.Against, { gasLimit: PROBE_GAS }),
  );
  return r.ok;
}

async function timestampBoundaries(world: World, seed: number): Promise<AttackRun[]> {
  const runs: AttackRun[] = [];
  const { community } = world.agents;
  await world.reset();
  for (const sys of world.list) {
    const ctx = new RunContext(sys, seed);
    const p = grantProposal(community[0]!.address, parseEther("1"), "A12 timestamp boundaries");
    const { id } = await propose(ctx, community[0]!, p, { honest: true });
    const snapshot = await sys.governor.proposalSnapshot(id);
    const deadline = await sys.governor.proposalDeadline(id);
    const probes: [bigint, boolean][] = [
      [snapshot, false],
      [snapshot + 1n, true],
      [deadline, true],
      [deadline + 1n, false],
    ];
    const seen: string[] = [];
    let mismatches = 0;
    for (const [i, [t, expected]] of probes.entries()) {
      await time.setNextBlockTimestamp(t);
      const ok = await probe(ctx, community[i + 1]!, id);
      if (ok !== expected) mismatches++;
      seen.push(
        `${t === snapshot ? "S" : t === snapshot + 1n ? "S+1" : t === deadline ? "D" : "D+1"}:${ok ? "accepted" : "refused"}`,
      );
    }
    runs.push(
      ctx.result({
        success: mismatches > 0,
        measures: { variant: "timestamp-boundaries", probes: seen.join(" "), mismatches },
      }),
    );
  }
  return runs;
}

async function blockJumps(world: World, seed: number): Promise<AttackRun[]> {
  const { deployer, community } = world.agents;
  const agentsForBlockMode = community.slice(0, 12);
  await world.reset();
  const p = governanceParams("blocknumber");
  const token = await new PolycentricTokenBlockClock__Mock__factory(deployer).deploy(
    COMMON_WORLD.tokenName,
    COMMON_WORLD.tokenSymbol,
    deployer.address,
    COMMON_WORLD.totalSupply,
  );
  const tokenAddress = await token.getAddress();
  for (const c of agentsForBlockMode) {
    await token.transfer(c.address, gov(100_000));
    await token.connect(c).delegate(c.address);
  }
  await token.delegate(deployer.address);
  const systems: SimSystem[] = [];
  {
    const timelock = await new TimelockController__factory(deployer).deploy(p.timelockDelay, [], [], deployer.address);
    const governor = await new BaselineGovernor__factory(deployer).deploy(
      p.governorName,
      tokenAddress,
      await timelock.getAddress(),
      p.votingDelay,
      p.votingPeriod,
      p.proposalThreshold,
      p.quorumNumerator,
    );
    systems.push(await attachSystem("baseline", "baseline (block clock)", token, governor, timelock, world.agents));
  }
  {
    const timelock = await new TimelockController__factory(deployer).deploy(p.timelockDelay, [], [], deployer.address);
    const registry = await new IdentityRegistry__factory(deployer).deploy(
      await timelock.getAddress(),
      tokenAddress,
      16n,
      [],
      [],
    );
    const governor = await new PolycentricGovernor__factory(deployer).deploy(
      tokenAddress,
      await timelock.getAddress(),
      await registry.getAddress(),
      false,
      governorParamsStruct(p),
      ZeroAddress,
      ZeroAddress,
    );
    systems.push(
      await attachSystem(
        "polycentric",
        "polycentric (block clock)",
        token,
        governor,
        timelock,
        world.agents,
        governor,
        registry,
      ),
    );
  }
  const holders = [deployer.address, ...agentsForBlockMode.map((c) => c.address)];
  const runs: AttackRun[] = [];
  for (const sys of systems) {
    await sys.checker.init(holders);
    const ctx = new RunContext(sys, seed);
    const proposal = grantProposal(community[0]!.address, 1n, `A12 block jumps (${sys.label})`);
    const { id } = await propose(ctx, deployer, proposal);
    const snapshot = await sys.governor.proposalSnapshot(id);
    const deadline = await sys.governor.proposalDeadline(id);
    const voters = [...agentsForBlockMode];
    let probes = 0;
    let accepted = 0;
    let mismatches = 0;
    for (;;) {
      await mine(JUMP);
      const next = BigInt(await time.latestBlock()) + 1n;
      if (next > deadline + NEAR) break;
      const near = (x: bigint) => (next > x ? next - x : x - next) <= NEAR;
      if (!near(snapshot) && !near(deadline)) continue;
      const voter = voters[0];
      if (voter === undefined) throw new Error("A12: ran out of probe voters");
      const ok = await probe(ctx, voter, id);
      probes++;
      if (ok) {
        accepted++;
        voters.shift();
      }
      if (ok !== (snapshot < next && next <= deadline)) mismatches++;
    }
    runs.push(
      ctx.result({
        success: mismatches > 0,
        measures: { variant: "block-jumps", jumpBlocks: Number(JUMP), probes, accepted, mismatches },
      }),
    );
  }
  return runs;
}

async function registryClock(world: World, seed: number): Promise<AttackRun[]> {
  const { deployer } = world.agents;
  await world.reset();
  const runs: AttackRun[] = [];
  const baseline = world.systems.baseline;
  const [gMode, tMode] = [await baseline.governor.CLOCK_MODE(), await baseline.token.CLOCK_MODE()];
  runs.push(
    new RunContext(baseline, seed).result({
      success: gMode !== tMode,
      measures: {
        variant: "registry-clock",
        outcome: `no registry; governor clock "${gMode}" read from the token "${tMode}"`,
      },
    }),
  );
  const poly = world.systems.polycentric;
  const source = await new ClockSource__Mock__factory(deployer).deploy("mode=blocknumber&from=default");
  const registry = await new IdentityRegistry__factory(deployer).deploy(
    poly.address.timelock,
    await source.getAddress(),
    16n,
    [],
    [],
  );
  let outcome: string;
  let accepted: boolean;
  try {
    await new PolycentricGovernor__factory(deployer).deploy(
      poly.address.token,
      poly.address.timelock,
      await registry.getAddress(),
      false,
      governorParamsStruct(governanceParams("timestamp")),
      ZeroAddress,
      ZeroAddress,
    );
    accepted = true;
    outcome = "deployed";
  } catch (error) {
    accepted = false;
    outcome = errorName(describeError(error));
  }
  runs.push(new RunContext(poly, seed).result({ success: accepted, measures: { variant: "registry-clock", outcome } }));
  return runs;
}

async function units(world: World, seed: number): Promise<AttackRun[]> {
  const { deployer } = world.agents;
  await world.reset();
  const token = await new PolycentricTokenBlockClock__Mock__factory(deployer).deploy(
    "Block",
    "BLK",
    deployer.address,
    gov(1),
  );
  const timelock = await new TimelockController__factory(deployer).deploy(2n * DAY, [], [], deployer.address);
  const seconds: GovernanceParams = governanceParams("timestamp");
  const periodDays = Number((seconds.votingPeriod * SECONDS_PER_BLOCK) / DAY);
  const attempt = async (deploy: () => Promise<unknown>) => {
    try {
      await deploy();
      return "deployed";
    } catch (error) {
      return errorName(describeError(error));
    }
  };
  const [tokenAddress, timelockAddress] = [await token.getAddress(), await timelock.getAddress()];
  const baselineOutcome = await attempt(() =>
    new BaselineGovernor__factory(deployer).deploy(
      seconds.governorName,
      tokenAddress,
      timelockAddress,
      seconds.votingDelay,
      seconds.votingPeriod,
      seconds.proposalThreshold,
      seconds.quorumNumerator,
    ),
  );
  const polyOutcome = await attempt(() =>
    new PolycentricGovernor__factory(deployer).deploy(
      tokenAddress,
      timelockAddress,
      ZeroAddress,
      false,
      governorParamsStruct(seconds),
      ZeroAddress,
      ZeroAddress,
    ),
  );
  const measures = (outcome: string) => ({
    variant: "units",
    outcome,
    votingPeriod: Number(seconds.votingPeriod),
    periodDaysAt12sBlocks: periodDays,
  });
  return [
    new RunContext(world.systems.baseline, seed).result({
      success: baselineOutcome === "deployed",
      measures: measures(baselineOutcome),
    }),
    new RunContext(world.systems.polycentric, seed).result({
      success: polyOutcome === "deployed",
      measures: measures(polyOutcome),
    }),
  ];
}

export const A12: AttackModule = {
  id: "A12",
  title: "Timestamp / clock manipulation",
  guarantee:
    "deployment reverts unless governor and token (and registry) clocks agree; durations have unit-aware bounds; " +
    "window boundaries follow the documented convention in both clock modes, with L2-style block jumps",
  status: "covered",
  deterministic: true,

  async run(world, seed) {
    return [
      ...(await timestampBoundaries(world, seed)),
      ...(await blockJumps(world, seed)),
      ...(await registryClock(world, seed)),
      ...(await units(world, seed)),
    ];
  },

  notes(runs) {
    return A12_VARIANTS.map((v) => `${v}: ${countNote(runs, ofVariant(v))}`).concat(
      "units: a deployment's initial durations are not checked on chain (the guardrails bound changes only); deploy " +
        "modules convert, and lib/guardrails boundViolations checks the defaults",
    );
  },
};
