/**
 * The stock OpenZeppelin baseline governor (BaselineGovernor + TimelockController, wired like lib/sim/baseline.ts:
 * the governor is the timelock's only proposer, canceller and executor; the deployer's admin role is renounced) on an
 * existing ERC20Votes token. The distribution replay counts one token with both governors, so both count exactly the
 * same snapshot power; the votes replay uses the full baseline suite of lib/sim/baseline.ts (its own BaselineToken).
 */
import type { Signer } from "ethers";

import {
  BaselineGovernor__factory,
  TimelockController__factory,
  type BaselineGovernor,
  type TimelockController,
} from "../../typechain-types";
import type { GovernanceParams } from "../params";
import { TIMELOCK_ROLES } from "../roles";

export async function deployBaselineGovernor(
  deployer: Signer,
  token: string,
  params: GovernanceParams,
): Promise<{ governor: BaselineGovernor; timelock: TimelockController }> {
  const deployerAddress = await deployer.getAddress();
  const timelock = await new TimelockController__factory(deployer).deploy(
    params.timelockDelay,
    [],
    [],
    deployerAddress,
  );
  await timelock.waitForDeployment();
  const governor = await new BaselineGovernor__factory(deployer).deploy(
    params.governorName,
    token,
    await timelock.getAddress(),
    params.votingDelay,
    params.votingPeriod,
    params.proposalThreshold,
    params.quorumNumerator,
  );
  await governor.waitForDeployment();
  const governorAddress = await governor.getAddress();
  for (const role of [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE, TIMELOCK_ROLES.EXECUTOR_ROLE]) {
    await (await timelock.grantRole(role, governorAddress)).wait();
  }
  await (await timelock.renounceRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployerAddress)).wait();
  return { governor, timelock };
}
