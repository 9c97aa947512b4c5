/**
 * The stock OpenZeppelin comparator deployed by hand (ethers factories): BaselineToken, TimelockController and
 * BaselineGovernor with the common world's parameters and the same timelock role wiring as the Polycentric Ignition
 * modules (THREATS I16: the governor is the only proposer, canceller and executor; the deployer's admin role is
 * renounced last). Used by the gas benchmark (scripts/bench-gas.ts) and the attack simulator, so both compare against
 * the same deployment. No Hardhat import: everything goes through the signer it is given.
 */
import type { Addressable, Signer } from "ethers";

import {
  BaselineGovernor__factory,
  BaselineToken__factory,
  type BaselineGovernor,
  type BaselineToken,
  type TimelockController,
} from "../../typechain-types";
import { COMMON_WORLD, governanceParams, type GovernanceParams } from "../params";
import { deploySharedTimelock } from "../shared-timelock";

export interface BaselineSuite {
  token: BaselineToken;
  governor: BaselineGovernor;
  timelock: TimelockController;
}

export interface BaselineSuiteOptions {
  /** Governance parameters (default: the common world's, in seconds: BaselineToken runs on a timestamp clock). */
  params?: GovernanceParams;
  /** Initial supply, minted to the deployer (default: the common world's 10,000,000 GOV). */
  totalSupply?: bigint;
}

/**
 * Deploys the baseline and wires its timelock. The returned contracts are the factories' instances, so
 * `deploymentTransaction()` gives each creation receipt (the gas benchmark reads them).
 */
export async function deployBaselineSuite(deployer: Signer, opts: BaselineSuiteOptions = {}): Promise<BaselineSuite> {
  const totalSupply = opts.totalSupply ?? COMMON_WORLD.totalSupply;
  const p = opts.params ?? governanceParams("timestamp", totalSupply);
  const deployerAddress = await deployer.getAddress();
  const token = await new BaselineToken__factory(deployer).deploy(
    COMMON_WORLD.tokenName,
    COMMON_WORLD.tokenSymbol,
    deployerAddress,
    totalSupply,
  );
  await token.waitForDeployment();
  const { governor, timelock } = await deployBaselineGovernor(deployer, await token.getAddress(), p);
  return { token, governor, timelock };
}

/**
 * The baseline governor and its timelock on an existing ERC20Votes token, wired per I16: the governor is the only
 * proposer, canceller and executor, and the deployer's admin role is renounced last. The distribution replay uses it
 * to count one token with both governors.
 */
export async function deployBaselineGovernor(
  deployer: Signer,
  token: string,
  params: GovernanceParams,
): Promise<{ governor: BaselineGovernor; timelock: TimelockController }> {
  const { timelock, governors } = await deploySharedTimelock(
    deployer,
    params.timelockDelay,
    (tl) => deployBaselineGovernorOn(deployer, token, tl, params),
    1,
  );
  const governor = governors[0]!;
  return { governor, timelock };
}

/** A BaselineGovernor on existing `token` and `timelock` (not wired: see lib/shared-timelock.ts). */
export async function deployBaselineGovernorOn(
  deployer: Signer,
  token: string | Addressable,
  timelock: string | Addressable,
  params: GovernanceParams,
): Promise<BaselineGovernor> {
  const governor = await new BaselineGovernor__factory(deployer).deploy(
    params.governorName,
    token,
    timelock,
    params.votingDelay,
    params.votingPeriod,
    params.proposalThreshold,
    params.quorumNumerator,
  );
  await governor.waitForDeployment();
  return governor;
}
