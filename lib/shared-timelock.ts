/**
 * Governors sharing one TimelockController (THREATS A17: identical batches queued by two governors must not collide;
 * OpenZeppelin salts each operation with the governor address, #4432). Shared by the A17 scenario test and the
 * simulator's A17 recipe. No Hardhat import: everything goes through the signer it is given.
 */
import { ZeroAddress, type Addressable, type Signer } from "ethers";

import {
  PolycentricGovernor__factory,
  TimelockController__factory,
  type PolycentricGovernor,
  type TimelockController,
} from "../typechain-types";
import { governorParamsStruct, type GovernanceParams } from "./params";
import { TIMELOCK_ROLES } from "./roles";

/**
 * Wires `timelock` per I16 for every governor given: each becomes a proposer, canceller and executor, then `admin`
 * renounces its admin role (the timelock stays its own admin).
 */
export async function wireTimelock(
  timelock: TimelockController,
  governors: readonly Addressable[],
  admin: string,
): Promise<void> {
  for (const g of governors) {
    const address = await g.getAddress();
    for (const role of [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE, TIMELOCK_ROLES.EXECUTOR_ROLE]) {
      await (await timelock.grantRole(role, address)).wait();
    }
  }
  await (await timelock.renounceRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, admin)).wait();
}

/**
 * A new TimelockController (`delay` seconds) with `count` governors built by `deployGovernor`, all wired to it
 * ({@link wireTimelock}).
 */
export async function deploySharedTimelock<G extends Addressable>(
  deployer: Signer,
  delay: bigint,
  deployGovernor: (timelock: TimelockController, index: number) => Promise<G>,
  count = 2,
): Promise<{ timelock: TimelockController; governors: G[] }> {
  const admin = await deployer.getAddress();
  const timelock = await new TimelockController__factory(deployer).deploy(delay, [], [], admin);
  await timelock.waitForDeployment();
  const governors: G[] = [];
  for (let i = 0; i < count; i++) governors.push(await deployGovernor(timelock, i));
  await wireTimelock(timelock, governors, admin);
  return { timelock, governors };
}

/**
 * A bare PolycentricGovernor (quadratic counting, no identity registry, no guardrails policy, no disputes) on `token`
 * and `timelock`, with `params`.
 */
export async function deployBarePolycentricGovernor(
  deployer: Signer,
  token: Addressable,
  timelock: Addressable,
  params: GovernanceParams,
): Promise<PolycentricGovernor> {
  const governor = await new PolycentricGovernor__factory(deployer).deploy(
    token,
    timelock,
    ZeroAddress,
    false,
    governorParamsStruct(params),
    ZeroAddress,
    ZeroAddress,
  );
  await governor.waitForDeployment();
  return governor;
}
