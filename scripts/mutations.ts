/**
 * Proof that the invariant campaign can fail: applies named mutations (each a known-wrong variant of one line of
 * contracts/) to a scratch copy of the project, runs the CI campaign on it, and prints mutation → invariant that
 * failed (or SURVIVED).
 *
 *   npm run test:mutations                       every mutation that applies to this code
 *   npm run test:mutations -- NAME [NAME ...]    only those
 *   MUTATION_ALL_INVARIANTS=1 npm run test:mutations   run every invariant, not only the expected one
 *   MUTATION_BOTH_CLOCKS=1 ...                   also the block-clock campaign (twice the time)
 *   MUTATION_DUMP_DIR=DIR ...                    keep forge's JSON report (with each shrunk sequence) in DIR
 *
 * A mutation whose search text is missing is an error, except one marked `afterFix` (written against the fixed
 * code of issue 15): that one is reported "n/a" on code that predates the fix.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Mutation {
  name: string;
  /** Relative to contracts/. */
  file: string;
  search: string;
  replace: string;
  /** The invariant function that must fail (several: `a|b`, any of them). */
  expectedInvariant: string;
  /** Written against the fixed code (issue 15): absent search text means "not applicable here". */
  afterFix?: boolean;
}

export const MUTATIONS: Mutation[] = [
  {
    // S1's subtraction from the old unit: the override moves the aged balance out of the unit it was delegated to
    // one holding period earlier. Without it that balance backs the old unit's vote and the override's.
    name: "drop-old-delegate-subtraction",
    file: "governance/extensions/GovernorCountingQuadratic.sol",
    search: "                    v.receipts[agedUnit] = (agedTaken << 128) | uint128(agedReceipt);\n",
    replace: "",
    expectedInvariant: "invariant_I6_agedBalanceBacksOneVote|invariant_I6_countedWithinHeldOneHoldingPeriodBefore",
    afterFix: true,
  },
  {
    name: "guardian-cancels-own-removal",
    file: "disputes/ProposalGuardian.sol",
    search: "if (_onlyChangesGuardian(targets, calldatas)) {",
    replace: "if (false) {",
    expectedInvariant: "invariant_I17_guardianCannotCancelItsOwnRemoval",
  },
  {
    name: "cap-not-applied",
    file: "governance/extensions/GovernorCountingQuadratic.sol",
    search: "counted = Math.min(raw, Math.min(aged, cap));",
    replace: "counted = Math.min(raw, aged);",
    expectedInvariant: "invariant_I6_capPerUnit",
  },
  {
    name: "unit-receipt-not-written",
    file: "governance/extensions/GovernorCountingQuadratic.sol",
    search: "_proposalVotes[proposalId].receipts[unit] = receipt | (isOverride ? _OVERRODE : _VOTED);",
    replace: "",
    expectedInvariant: "invariant_I9_oneVotePerUnit",
  },
  {
    name: "override-after-delegate-voted",
    file: "governance/extensions/GovernorCountingQuadratic.sol",
    search: "if (receipt & _STATUS != 0) revert GovernorDelegateAlreadyVoted(account, delegate, proposalId);",
    replace: "",
    expectedInvariant: "invariant_I4_countedWithinHeldAtSnapshot",
  },
  {
    name: "claim-not-marked",
    file: "disputes/DisputeEscalation.sol",
    search: "        st[0] = _CLAIMED;\n",
    replace: "",
    expectedInvariant: "invariant_I18_bondConservation",
  },
  // ---- against the fixed code (issue 15): each reverts one fix, to show the campaign finds the defect unaided ----
  {
    name: "revert-S1-override-aged-unit",
    file: "governance/extensions/GovernorCountingQuadratic.sol",
    search: `            if (agedUnit == delegateUnit) {
                takenAged = reclaimedAged = agedBalance;
            } else if (agedUnit != unit) {`,
    replace: `            if (agedUnit == delegateUnit) takenAged = agedBalance;
            if (agedUnit != unit) reclaimedAged = agedBalance;
            if (false) {`,
    expectedInvariant: "invariant_I6_agedBalanceBacksOneVote",
    afterFix: true,
  },
  {
    name: "revert-S2-authority-selectors",
    file: "guardrails/GovernancePolicy.sol",
    search: "        if (isAuthoritySelector(selector)) return true;\n",
    replace: "",
    expectedInvariant: "invariant_I16_authorityChangesAreMetaGovernance",
    afterFix: true,
  },
  {
    name: "revert-S3-empty-code-hash",
    file: "guardrails/GovernancePolicy.sol",
    search: "        if (hash == _EMPTY_CODE_HASH) hash = bytes32(0);\n",
    replace: "",
    expectedInvariant: "invariant_I12_codePinningOnlyOnCodeChange",
    afterFix: true,
  },
  {
    name: "revert-S4-any-guardian-call-shields",
    file: "disputes/ProposalGuardian.sol",
    search: `            if (targets[i] != address(this) || bytes4(calldatas[i]) != this.setGuardian.selector) return false;
        }
        return true;`,
    replace: `            if (targets[i] == address(this) && bytes4(calldatas[i]) == this.setGuardian.selector) return true;
        }
        return false;`,
    expectedInvariant: "invariant_I17_guardianCannotBeShielded",
    afterFix: true,
  },
  {
    // The pre-fix policy: a timelock call is meta-governance and nothing more (no delay bound, no I16 rule).
    name: "revert-S5-timelock-unruled",
    file: "guardrails/GovernancePolicy.sol",
    search: `        if (target == _governance) {
            _screenTimelockCall(target, selector, data);
            return true;
        }`,
    replace: `        if (target == _governance) {
            return true;
        }`,
    expectedInvariant: "invariant_I15_parametersWithinBounds|invariant_I16_timelockRoles",
    afterFix: true,
  },
  {
    // The pre-fix quorum: OpenZeppelin's checkpoint at clock(), so a change reaches proposals in their voting delay.
    name: "revert-S6-params-at-clock",
    file: "governance/extensions/GovernorVotesCapped.sol",
    search: "effectiveFrom = SafeCast.toUint48(Math.max(clock() + votingDelay() + 1, latest.since));",
    replace: "effectiveFrom = SafeCast.toUint48(Math.max(clock(), latest.since));",
    expectedInvariant: "invariant_I11_parametersFixedAtCreation",
    afterFix: true,
  },
  {
    name: "revert-S7-limit-per-address",
    file: "guardrails/GovernancePolicy.sol",
    search: "        uint256 unit = _proposerUnit(gov, proposer);\n",
    replace: "        uint256 unit = uint160(proposer);\n",
    expectedInvariant: "invariant_I13_oneLiveProposalPerUnit",
    afterFix: true,
  },
  {
    name: "revert-S8-threshold-at-start",
    file: "disputes/ArbitrationCommittee.sol",
    search: "if (count >= thresholdAt(tier, d.fundingEnd))",
    replace: "if (count == thresholdAt(tier, Time.timestamp()))",
    expectedInvariant: "invariant_I19_rulingsByMajority",
    afterFix: true,
  },
  {
    name: "revert-S9-bind-without-consent",
    file: "identity/IdentityRegistry.sol",
    search: `        if (_consents[account] != identity) revert IdentityBindingNotConsented(account, identity);
        delete _consents[account];
        address admitter = _admissions[identity][account];
        // An identity with members admits through one of them, checked as a member now: an admission by an address
        // that left since is void. An identity without members has nobody to ask; the account's consent suffices.
        if (head.members != 0 && (admitter == address(0) || _records[admitter].identity != identity)) {
            revert IdentityMemberNotAdmitted(account, identity);
        }
        if (admitter != address(0)) delete _admissions[identity][account];
`,
    replace: "",
    expectedInvariant: "invariant_I5_bindingsNeedConsent",
    afterFix: true,
  },
  // `ruling-recorded-at-equality` (count == threshold instead of >=) is an equivalent mutant on the fixed code: the
  // S8 fix reads the threshold in force when the deliberation opened, which no later change moves, and a count grows
  // by one, so it meets that threshold exactly before it could exceed it. The campaign ran it: it survives, as it
  // must. Its harmful form needs the current threshold too: that is revert-S8-threshold-at-start.
  {
    name: "skip-timelock-delay-bound",
    file: "guardrails/GovernancePolicy.sol",
    search: "revert PolicyTimelockDelayOutOfBounds(delay, _minTimelockDelay, _maxTimelockDelay);",
    replace: "delay;",
    expectedInvariant: "invariant_I15_parametersWithinBounds",
    afterFix: true,
  },
];

const ROOT = path.resolve(__dirname, "..");
const TIMESTAMP_CAMPAIGN = "PolycentricSuiteTimestampInvariants";
const BLOCK_CAMPAIGN = "PolycentricSuiteBlockClockInvariants";

interface Outcome {
  mutation: string;
  expected: string;
  result: string;
  failed: string[];
  seconds: number;
}

/** A scratch project: the mutated contracts/, the campaign, foundry.toml and the solc wrapper; node_modules linked. */
function scratchCopy(m: Mutation): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `polycentric-mutant-${m.name}-`));
  fs.cpSync(path.join(ROOT, "contracts"), path.join(dir, "contracts"), { recursive: true });
  fs.cpSync(path.join(ROOT, "test", "invariants"), path.join(dir, "test", "invariants"), { recursive: true });
  fs.mkdirSync(path.join(dir, "scripts"));
  fs.copyFileSync(path.join(ROOT, "scripts", "forge-solc.cjs"), path.join(dir, "scripts", "forge-solc.cjs"));
  fs.chmodSync(path.join(dir, "scripts", "forge-solc.cjs"), 0o755);
  fs.copyFileSync(path.join(ROOT, "foundry.toml"), path.join(dir, "foundry.toml"));
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, "node_modules")), path.join(dir, "node_modules"));

  const file = path.join(dir, "contracts", m.file);
  const source = fs.readFileSync(file, "utf8");
  const at = source.indexOf(m.search);
  if (at === -1) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (m.afterFix) return undefined;
    throw new Error(`mutation ${m.name}: search text not found in contracts/${m.file}:\n${m.search}`);
  }
  if (source.indexOf(m.search, at + 1) !== -1) {
    throw new Error(`mutation ${m.name}: search text occurs more than once in contracts/${m.file}`);
  }
  fs.writeFileSync(file, source.slice(0, at) + m.replace + source.slice(at + m.search.length));
  return dir;
}

interface ForgeTestResult {
  status: string;
  reason?: string | null;
  /** Sequence: [length of the original sequence, the shrunk calls]. */
  counterexample?: { Sequence?: [number, unknown[]] } | null;
}

function runCampaign(dir: string, m: Mutation): string[] {
  const campaigns = process.env.MUTATION_BOTH_CLOCKS ? [TIMESTAMP_CAMPAIGN, BLOCK_CAMPAIGN] : [TIMESTAMP_CAMPAIGN];
  const failed = new Set<string>();
  for (const campaign of campaigns) {
    const args = ["test", "--json", "--mc", campaign];
    if (!process.env.MUTATION_ALL_INVARIANTS) args.push("--mt", m.expectedInvariant);
    const run = spawnSync(path.join(ROOT, "node_modules", ".bin", "forge"), args, {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    if (process.env.MUTATION_DUMP_DIR) {
      fs.writeFileSync(path.join(process.env.MUTATION_DUMP_DIR, `${m.name}-${campaign}.json`), run.stdout);
    }
    const jsonStart = run.stdout.indexOf("{");
    if (jsonStart === -1) {
      throw new Error(`mutation ${m.name}: forge printed no result (exit ${run.status})\n${run.stderr}`);
    }
    const report = JSON.parse(run.stdout.slice(jsonStart)) as Record<
      string,
      { test_results: Record<string, ForgeTestResult> }
    >;
    for (const suite of Object.values(report)) {
      for (const [test, r] of Object.entries(suite.test_results)) {
        if (r.status === "Failure") {
          const name = test.replace(/\(\)$/, "");
          failed.add(name);
          const [original, calls] = r.counterexample?.Sequence ?? [undefined, undefined];
          const shrunk = `${calls?.length ?? "?"} calls (original ${original ?? "?"})`;
          console.log(`\n  ${campaign}: ${name} failed, shrunk sequence ${shrunk}: ${r.reason ?? ""}`);
        }
      }
    }
  }
  return [...failed].sort();
}

function main() {
  const only = process.argv.slice(2);
  const selected = only.length === 0 ? MUTATIONS : MUTATIONS.filter((m) => only.includes(m.name));
  for (const name of only) {
    if (!MUTATIONS.some((m) => m.name === name)) throw new Error(`unknown mutation ${name}`);
  }
  const outcomes: Outcome[] = [];
  for (const [k, m] of selected.entries()) {
    const started = Date.now();
    process.stdout.write(`[${k + 1}/${selected.length}] ${m.name} (contracts/${m.file}) ... `);
    const dir = scratchCopy(m);
    if (!dir) {
      console.log("n/a (written against the fixed code; search text absent here)");
      outcomes.push({ mutation: m.name, expected: m.expectedInvariant, result: "n/a", failed: [], seconds: 0 });
      continue;
    }
    try {
      const failed = runCampaign(dir, m);
      const seconds = Math.round((Date.now() - started) / 1000);
      const result = m.expectedInvariant.split("|").some((e) => failed.includes(e)) ? "KILLED" : "SURVIVED";
      console.log(`${result} in ${seconds}s${failed.length ? ` (failed: ${failed.join(", ")})` : ""}`);
      outcomes.push({ mutation: m.name, expected: m.expectedInvariant, result, failed, seconds });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("\nmutation | expected invariant | result | invariants that failed");
  console.log("--- | --- | --- | ---");
  for (const o of outcomes) {
    console.log(`${o.mutation} | ${o.expected} | ${o.result} | ${o.failed.join(", ") || "-"}`);
  }
  if (outcomes.some((o) => o.result === "SURVIVED")) process.exitCode = 1;
}

main();
