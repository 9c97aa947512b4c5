/**
 * Scenario b, a coordination default: the foundation that launched the network keeps a role past the date it said
 * it would hand over (its sunset), here 90 days after deployment.
 *
 * - **Single admin.** Nothing on-chain knows the sunset: the foundation's admin key approves a build of its choice
 *   a day after it, alone, and the audit still finds one key without expiry (exit 1).
 * - **Polycentric + disputes.** The foundation migrates an existing registry to the DAO the documented way (grant
 *   the timelock the admin role, appoint itself guardian until the sunset, renounce its deployer key), but first
 *   grants the admin role to a second key of its own, which the announcement does not mention. The authority
 *   audit, run at the hand-over, replays the role events and flags that key (one party, no expiry: exit 1);
 *   tokenholders revoke it by proposal (nobody challenges in the window). At the sunset the foundation's emergency
 *   powers end by construction: the registries' emergency revocation reverts with `TrustRegistryNotGuardian` and
 *   the proposal guardian's cancel with `GuardianExpired`; the audit passes (exit 0), the guardian path has no
 *   power left.
 *
 * The attacker's goal: the foundation can still decide alone after its sunset.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroHash } from "ethers";

import { TRUST_REGISTRY_DEFAULTS } from "../../../deploy/trust-registry";
import { TEETrustRegistry__factory, type TEETrustRegistry } from "../../../typechain-types";
import { proposalStateName, VoteType } from "../../enums";
import { DISPUTE_DEFAULTS } from "../../params";
import { proposalId } from "../../proposal";
import { DAY } from "../../time";
import { formatGov } from "../../units";
import { blockTime } from "../recipes";
import { WORLD } from "../world";
import {
  attempt,
  decodeScenarioError,
  auditNote,
  formatSpan,
  FOUNDATION_BUILD,
  governorVotes,
  hiddenKeyRevocationProposal,
  proposalArgs,
  resultRow,
  send,
  TEE_TYPE,
  tokenholdersDecided,
} from "./common";
import type { ScenarioModule, ScenarioResult } from "./types";
import { DISPUTE_STATE, type ScenarioWorld } from "./world";

const TITLE = "role kept past its sunset";

async function singleAdmin(world: ScenarioWorld): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const { registry, address } = world.single;
  const admin = world.agents.deployer;
  await world.advanceTimeTo(world.sunsetAt + DAY);
  const acted = await send(
    undefined,
    "the foundation's key approves a build of its choice after its sunset",
    registry.connect(admin).approveMeasurement(TEE_TYPE, FOUNDATION_BUILD),
  );
  const at = await blockTime(acted);
  const approved = await registry.isApproved(TEE_TYPE, FOUNDATION_BUILD);
  const audit = await world.audit(address, false);
  const path = audit.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${admin.address}`);
  return resultRow(world, {
    scenario: "b",
    title: TITLE,
    setup: "single-admin",
    outcome: approved
      ? `the foundation still decides alone after its sunset (audit exit ${audit.exitCode})`
      : "the foundation could not act after its sunset",
    attackerSucceeded: approved,
    decidedBy: `admin key ${admin.address}`,
    startedAt: world.deployedAt,
    endedAt: at,
    span: "deployment → an approval a day after the sunset; no end",
    attackerNeeded: `nothing: the admin key it kept never expires (${auditNote(path)})`,
    measures: {
      approvedAfterSunset: approved,
      auditExitCode: audit.exitCode,
      adminPathParties: path?.parties ?? -1,
      adminPathFlagged: path?.flagged ?? false,
      sunsetAt: String(world.sunsetAt),
    },
    started,
  });
}

async function polycentric(world: ScenarioWorld): Promise<ScenarioResult> {
  const started = Date.now();
  await world.reset();
  const ctx = world.context();
  const { governor, disputes } = world.poly;
  const foundation = world.foundation;
  const cold = world.foundationColdKey;
  const timelock = world.poly.sys.address.timelock;
  const d = TRUST_REGISTRY_DEFAULTS;

  // The foundation migrates its registry to the DAO, keeping a second admin key it does not announce.
  const deployed = await new TEETrustRegistry__factory(foundation).deploy(
    foundation.address,
    world.poly.verifier,
    d.rootCertificate,
    d.heartbeatMaxAge,
    d.minHeartbeatMaxAge,
    d.maxHeartbeatMaxAge,
  );
  await deployed.waitForDeployment();
  const handover = await world.now();
  const address = await deployed.getAddress();
  const registry = TEETrustRegistry__factory.connect(address, foundation);
  await ctx.tx("add the TEE type", registry.addTeeType(TEE_TYPE, d.teeTypeName));
  await ctx.tx("approve the first build", registry.approveMeasurement(TEE_TYPE, d.initialMeasurement));
  await ctx.tx(
    "the foundation appoints itself guardian until its sunset",
    registry.setGuardian(foundation.address, world.sunsetAt),
  );
  await ctx.tx("grant the admin role to the timelock", registry.grantRole(ZeroHash, timelock));
  await ctx.tx("grant the admin role to a second foundation key", registry.grantRole(ZeroHash, cold.address));
  await ctx.tx("the deployer key renounces (announced)", registry.renounceRole(ZeroHash, foundation.address));

  const atHandover = await world.audit(address, true);
  // Until it is revoked, the hidden key can act alone (probed without sending: it would approve a build of its own).
  const canActBefore = await canApprove(registry, cold);
  const hiddenPath = atHandover.paths.find((p) => p.name === `trust-registry DEFAULT_ADMIN_ROLE → ${cold.address}`);
  const hiddenFlagged = hiddenPath?.flagged === true && atHandover.exitCode === 1;

  // Tokenholders revoke the hidden key by proposal.
  const proposer = world.agents.community[0]!;
  const p = hiddenKeyRevocationProposal(address, cold.address);
  const id = proposalId(p);
  await ctx.tx(
    "a community holder proposes the revocation",
    governor.connect(proposer).propose(p.targets, p.values, p.calldatas, p.description),
  );
  const snapshot = await governor.proposalSnapshot(id);
  await world.advanceTo(snapshot + 1n);
  const voters = await world.turnoutVoters(WORLD.turnout.normal, snapshot);
  const votes = await governorVotes(world, ctx, id, voters, VoteType.For);
  await world.advanceTo((await governor.proposalDeadline(id)) + 1n);
  const voteState = proposalStateName(await governor.state(id));
  await world.advanceTo((await disputes.escalation.dispute(id)).windowEnd + 1n);
  const unchallenged = (await disputes.escalation.disputeState(id)) === DISPUTE_STATE.Unchallenged;
  await ctx.tx("queue the revocation", governor.connect(proposer).queue(...proposalArgs(p)));
  await world.advanceTimeTo(await governor.proposalEta(id));
  const executed = await ctx.tx("execute the revocation", governor.connect(proposer).execute(...proposalArgs(p)));
  const revokedAt = await blockTime(executed);
  const hiddenRevoked = !(await registry.hasRole(ZeroHash, cold.address));
  const afterRevocation = await world.audit(address, true);
  const canActAfter = await canApprove(registry, cold);

  // The sunset: every emergency power of the foundation ends by construction.
  await world.advanceTimeTo(world.sunsetAt);
  const migratedGuardian = await attempt(
    ctx,
    "the foundation revokes as guardian after its sunset (migrated registry)",
    registry.connect(foundation).emergencyRevokeMeasurement(TEE_TYPE, d.initialMeasurement),
  );
  const networkGuardian = await attempt(
    ctx,
    "the foundation revokes as guardian after its sunset (network registry)",
    world.poly.registry.connect(foundation).emergencyRevokeMeasurement(TEE_TYPE, d.initialMeasurement),
  );
  const proposalGuardian = await attempt(
    ctx,
    "the foundation cancels a proposal as proposal guardian after its sunset",
    disputes.guardian.connect(foundation).cancel(...proposalArgs(p)),
  );
  const afterSunset = await world.audit(address, true);
  const guardianPath = afterSunset.paths.find((x) => x.name === "trust-registry guardian");
  const governancePath = afterSunset.paths.find((x) => x.name === "governance");
  const actedAfterSunset = migratedGuardian.ok || networkGuardian.ok || proposalGuardian.ok;
  const attackerSucceeded = !hiddenRevoked || actedAfterSunset || afterSunset.exitCode !== 0;
  const tMax = await disputes.escalation.maxResolutionTime((await disputes.escalation.dispute(id)).paramsId);

  return resultRow(world, {
    scenario: "b",
    title: TITLE,
    setup: "polycentric",
    outcome: attackerSucceeded
      ? "the foundation kept a role after its sunset"
      : "blocked: hidden key flagged at the hand-over (audit exit 1) and revoked by proposal; the guardian's " +
        "powers end at the sunset",
    attackerSucceeded,
    decidedBy: `${tokenholdersDecided(votes)} (revocation); the sunsets: the contracts themselves`,
    startedAt: handover,
    endedAt: revokedAt,
    span: "hand-over → hidden key revoked",
    attackerNeeded:
      `to act after the sunset: a new term voted through governance (audit: ${governancePath?.parties ?? "?"} ` +
      `parties); its hidden key was flagged at once (audit exit ${atHandover.exitCode}) but ` +
      `${canActBefore === "yes" ? "could act alone" : "lasted"} for ${formatSpan(revokedAt - handover)} until ` +
      `revoked (a challenge could push the revocation to ≤ ${formatSpan(world.clockToSeconds(tMax))} after the ` +
      `vote, for a ${formatGov(DISPUTE_DEFAULTS.bond)} bond)`,
    measures: {
      migratedRegistry: address,
      hiddenKeyFlaggedAtHandover: hiddenFlagged,
      hiddenPathParties: hiddenPath?.parties ?? -1,
      auditExitAtHandover: atHandover.exitCode,
      revocationVote: voteState,
      revocationUnchallenged: unchallenged,
      hiddenKeyRevoked: hiddenRevoked,
      hiddenKeyCouldApproveBeforeRevocation: canActBefore,
      hiddenKeyAfterRevocation: canActAfter,
      auditExitAfterRevocation: afterRevocation.exitCode,
      registryGuardianAfterSunset: migratedGuardian.ok ? "revoked" : migratedGuardian.error,
      networkGuardianAfterSunset: networkGuardian.ok ? "revoked" : networkGuardian.error,
      proposalGuardianAfterSunset: proposalGuardian.ok ? "cancelled" : proposalGuardian.error,
      guardianPathPartiesAfterSunset: guardianPath?.parties ?? "none",
      auditExitAfterSunset: afterSunset.exitCode,
      governanceParties: governancePath?.parties ?? -1,
      sunsetAt: String(world.sunsetAt),
    },
    ctx,
    started,
  });
}

/** Whether `who` could approve a build on `registry` now: "yes" or the decoded revert (a static call, nothing sent). */
async function canApprove(registry: TEETrustRegistry, who: HardhatEthersSigner): Promise<string> {
  try {
    await registry.connect(who).approveMeasurement.staticCall(TEE_TYPE, FOUNDATION_BUILD);
    return "yes";
  } catch (error) {
    return decodeScenarioError(error);
  }
}

export const HIDDEN_ROLE: ScenarioModule = {
  id: "b",
  title: TITLE,
  goal: "the foundation keeps deciding alone after the date it said it would hand over (its sunset)",
  async run(world, setup) {
    return [setup === "single-admin" ? await singleAdmin(world) : await polycentric(world)];
  },
};
