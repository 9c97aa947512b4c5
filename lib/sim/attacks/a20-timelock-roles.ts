/**
 * A20 timelock role misconfiguration (deterministic). For each system, the deployed timelock's role members are
 * rebuilt from its RoleGranted / RoleRevoked events (TimelockController is not enumerable) and audited against I16
 * (lib/roles.ts `timelockWiringViolations`): the governor is the only proposer, canceller and executor and the
 * deployer's admin role is renounced. The audit is also run on a deliberately misconfigured timelock (the deployer
 * keeps admin, a "multisig" is a second proposer and canceller), which it must flag.
 *
 * Success: the deployed wiring has an extra or missing role holder. (The recipe's attack, an extra proposer bypassing
 * governance, needs exactly such a holder.)
 */
import { TimelockController__factory } from "../../../typechain-types";
import { readRoleEvents, replayRoleEvents, timelockWiringViolations } from "../../roles";
import { DAY } from "../../time";
import { countNote, type AttackModule } from "../attack";
import { RunContext } from "../context";
import type { AttackRun } from "../types";

export const A20: AttackModule = {
  id: "A20",
  title: "Timelock role misconfiguration",
  guarantee:
    "I16: only the governor holds PROPOSER, CANCELLER and EXECUTOR; the deployer's admin is renounced; an audit that " +
    "enumerates role members from events fails on any extra holder",
  status: "covered",
  deterministic: true,

  async run(world, seed) {
    const { deployer, spare } = world.agents;
    const multisig = spare[1]!;
    await world.reset();
    const runs: AttackRun[] = [];
    for (const sys of world.list) {
      const deployed = timelockWiringViolations(replayRoleEvents(await readRoleEvents(sys.timelock)), {
        timelock: sys.address.timelock,
        governor: sys.address.governor,
        openExecutor: false,
      });
      const bad = await new TimelockController__factory(deployer).deploy(
        2n * DAY,
        [sys.address.governor, multisig.address],
        [sys.address.governor],
        deployer.address,
      );
      await bad.waitForDeployment();
      const misconfigured = timelockWiringViolations(replayRoleEvents(await readRoleEvents(bad)), {
        timelock: await bad.getAddress(),
        governor: sys.address.governor,
        openExecutor: false,
      });
      runs.push(
        new RunContext(sys, seed).result({
          success: deployed.length > 0,
          measures: {
            deployedViolations: deployed.length,
            deployedDetail: deployed.join("; ") || "none",
            misconfiguredFlagged: misconfigured.length,
            misconfiguredDetail: misconfigured.join("; "),
          },
        }),
      );
    }
    return runs;
  },

  notes(runs) {
    const flagged = runs.every((r) => Number(r.measures?.misconfiguredFlagged ?? 0) > 0);
    return [countNote(runs), `audit flags the misconfigured timelock: ${flagged ? "yes" : "NO"}`];
  },
};
