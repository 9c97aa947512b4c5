/**
 * Ignition module builders. deploy/modules/*.ts instantiate them for production (timestamp clock); tests
 * instantiate the block-clock variants from the same code, so every test exercises the real wiring.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture } from "@nomicfoundation/ignition-core";
import { ZeroAddress } from "ethers";

import { COMMON_WORLD, governanceParams } from "../lib/params";
import { TIMELOCK_ROLES } from "../lib/roles";
import type { ClockMode } from "../lib/time";

/** Vote counting: quadratic (PolycentricGovernor) or OpenZeppelin's linear counting (PolycentricGovernorLinear). */
export type Counting = "quadratic" | "linear";
/**
 * Identity binding for quadratic counting: none (every address is its own unit), open (bound addresses vote as
 * their identity, unbound ones as themselves; splittable) or strict (only bound addresses vote; sybil-resistant).
 */
export type IdentityMode = "none" | "open" | "strict";

export interface ModuleVariant {
  /** Appended to every module id, so variants can be deployed side by side ("" for production). */
  suffix: string;
  /** Token contract: the production timestamp-clock token or its block-clock test variant. */
  tokenContract: "PolycentricToken" | "PolycentricTokenBlockClock__Mock";
  /** Clock mode of that token; parameter defaults are converted to its units. */
  clockMode: ClockMode;
  /**
   * EXECUTOR_ROLE holder: the governor (default, THREATS I16) or, only when the deployer explicitly opens it,
   * anyone (the zero address).
   */
  openExecutor: boolean;
  counting: Counting;
  /** Ignored for linear counting (no registry is deployed). */
  identity: IdentityMode;
}

export const PRODUCTION: ModuleVariant = {
  suffix: "",
  tokenContract: "PolycentricToken",
  clockMode: "timestamp",
  openExecutor: false,
  counting: "quadratic",
  identity: "open",
};

/** Default number of addresses one identity may bind. */
export const DEFAULT_MAX_ADDRESSES_PER_IDENTITY = 16n;

export function buildTokenModule(v: ModuleVariant) {
  return buildModule(`PolycentricToken${v.suffix}`, (m) => {
    const token = m.contract(
      v.tokenContract,
      [
        m.getParameter("name", COMMON_WORLD.tokenName),
        m.getParameter("symbol", COMMON_WORLD.tokenSymbol),
        m.getParameter("initialHolder", m.getAccount(0)),
        m.getParameter("initialSupply", COMMON_WORLD.totalSupply),
      ],
      { id: "Token" },
    );
    return { token };
  });
}

/**
 * Token, TimelockController, (IdentityRegistry,) and the governor, with the timelock roles wired as THREATS I16
 * requires: the governor is the only PROPOSER and CANCELLER, EXECUTOR is the governor unless opened explicitly,
 * and the deployer's temporary admin role is renounced last, after every grant has landed.
 */
export function buildGovernanceModule(v: ModuleVariant) {
  const tokenModule = buildTokenModule(v);
  return buildModule(`PolycentricGovernance${v.suffix}`, (m) => {
    const { token } = m.useModule(tokenModule);
    const d = governanceParams(v.clockMode);
    const deployer = m.getAccount(0);

    const timelock = m.contract(
      "TimelockController",
      [m.getParameter("timelockDelay", d.timelockDelay), [], [], deployer],
      { id: "Timelock" },
    );
    const params = {
      name: m.getParameter("governorName", d.governorName),
      votingDelay: m.getParameter("votingDelay", d.votingDelay),
      votingPeriod: m.getParameter("votingPeriod", d.votingPeriod),
      proposalThreshold: m.getParameter("proposalThreshold", d.proposalThreshold),
      quorumNumerator: m.getParameter("quorumNumerator", d.quorumNumerator),
      lateQuorumExtension: m.getParameter("lateQuorumExtension", d.lateQuorumExtension),
      capFraction: m.getParameter("capFraction", d.capFraction),
      minCapFraction: m.getParameter("minCapFraction", d.minCapFraction),
      maxCapFraction: m.getParameter("maxCapFraction", d.maxCapFraction),
      holdingPeriod: m.getParameter("holdingPeriod", d.holdingPeriod),
      minHoldingPeriod: m.getParameter("minHoldingPeriod", d.minHoldingPeriod),
      maxHoldingPeriod: m.getParameter("maxHoldingPeriod", d.maxHoldingPeriod),
    };

    const quadratic = v.counting === "quadratic";
    const registry =
      quadratic && v.identity !== "none"
        ? m.contract(
            "IdentityRegistry",
            [
              timelock,
              token,
              m.getParameter("maxAddressesPerIdentity", DEFAULT_MAX_ADDRESSES_PER_IDENTITY),
              m.getParameter<string[]>("initialAttesters", []),
              m.getParameter<bigint[]>("initialAttesterExpiries", []),
            ],
            { id: "IdentityRegistry" },
          )
        : undefined;
    const governor = quadratic
      ? m.contract(
          "PolycentricGovernor",
          [token, timelock, registry ?? ZeroAddress, v.identity === "strict", params],
          { id: "Governor" },
        )
      : m.contract("PolycentricGovernorLinear", [token, timelock, params], { id: "Governor" });

    const grants = [
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], { id: "GrantProposer" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], { id: "GrantCanceller" }),
      m.call(timelock, "grantRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, v.openExecutor ? ZeroAddress : governor], {
        id: v.openExecutor ? "OpenExecutor" : "GrantExecutor",
      }),
    ];
    m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
      id: "RenounceDeployerAdmin",
      after: grants,
    });

    const result: Record<string, ContractFuture<string>> = { token, timelock, governor };
    if (registry) result.registry = registry;
    return result;
  });
}

/** The whole Polycentric suite. Later mechanisms (disputes, guardrails) join here. */
export function buildSuiteModule(v: ModuleVariant) {
  const governanceModule = buildGovernanceModule(v);
  return buildModule(`PolycentricSuite${v.suffix}`, (m) => {
    return m.useModule(governanceModule);
  });
}
