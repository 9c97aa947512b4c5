import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, parseEther } from "ethers";

import {
  analyze,
  bindIdentity,
  ANY_SELECTOR,
  collectSuite,
  concentration,
  DAY,
  deployLinearSuite,
  deploySuite,
  gov,
  GovernorHelper,
  parameterRules,
  quorumCoalition,
  renderAuditHtml,
  renderAuditJson,
  renderAuditMarkdown,
  TIMELOCK_ROLES,
  writeAuditReports,
  type AuditReport,
  type ClockMode,
  type Suite,
} from "../../lib";
import { parseContractsArg } from "../../tasks/audit";
import { OwnedTarget__Mock__factory } from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

/** Ten holders with distinct stakes (the largest 1.5M of 4.675M), all self-delegated; the rest is the treasury. */
const STAKES = [1_500_000, 900_000, 700_000, 500_000, 400_000, 300_000, 200_000, 100_000, 50_000, 25_000].map((n) =>
  gov(n),
);

async function world(mode: ClockMode, opts: { openExecutor?: boolean } = {}) {
  const signers = await hre.ethers.getSigners();
  const [deployer, attester] = signers;
  const holders = signers.slice(2, 2 + STAKES.length);
  const expiry = BigInt(await time.latest()) + 30n * DAY;
  const suite: Suite = await deploySuite(deployer!, {
    clockMode: mode,
    openExecutor: opts.openExecutor,
    guardrails: true, // as the production Suite.ts
    parameters: {
      PolycentricGovernance: { initialAttesters: [attester!.address], initialAttesterExpiries: [expiry] },
    },
  });
  for (const [i, h] of holders.entries()) {
    await suite.token.transfer(h.address, STAKES[i]!);
    await suite.token.connect(h).delegate(h.address);
  }
  // The rest is the treasury, held by the timelock (as deployments hand it over): a deployer keeping 53 % of the
  // supply could split it across addresses and decide alone (open identity mode counts raw power per address).
  await suite.token.transfer(await suite.timelock.getAddress(), await suite.token.balanceOf(deployer!.address));
  // Holdings age one holding period, so the delegation cap's aged term counts them.
  await (await GovernorHelper.create(suite.governor, deployer!)).advanceBy((await suite.governor.holdingPeriod()) + 1n);
  return { suite, deployer: deployer!, attester: attester!, holders, expiry };
}

async function audit(suite: Suite, extra: { label: string; address: string }[] = []): Promise<AuditReport> {
  return analyze(
    await collectSuite({ provider: hre.ethers.provider, governor: await suite.governor.getAddress(), extra }),
  );
}

/** The timelock acting as itself (it administers its own roles). */
async function asTimelock(suite: Suite) {
  const address = await suite.timelock.getAddress();
  await impersonateAccount(address);
  await setBalance(address, parseEther("1"));
  return hre.ethers.getSigner(address);
}

for (const mode of CLOCK_MODES) {
  describe(`audit: authority paths of a deployed suite (${mode})`, function () {
    const fixture = {
      timestamp: () => world("timestamp"),
      blocknumber: () => world("blocknumber"),
    }[mode];

    it("I16 the default deployment passes: governor-only timelock roles, governance the only path into the timelock", async function () {
      const { suite } = await loadFixture(fixture);
      const r = await audit(suite);
      expect(r.findings).to.deep.equal([]);
      expect(r.exitCode).to.equal(0);
      const governor = await suite.governor.getAddress();
      const timelock = await suite.timelock.getAddress();
      const held = (power: string) => r.authorities.filter((a) => a.contract === "timelock" && a.power === power);
      for (const power of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"]) {
        expect(held(power).map((a) => a.holder)).to.deep.equal([governor]);
      }
      expect(held("DEFAULT_ADMIN_ROLE").map((a) => a.holder)).to.deep.equal([timelock]);
      expect(r.paths.filter((p) => p.name.startsWith("timelock "))).to.deep.equal([]);
    });

    it("I15 the guardrails are reported: bounds per parameter, the meta-governance registry, and who edits it", async function () {
      const { suite } = await loadFixture(fixture);
      const r = await audit(suite);
      const gr = r.suite.guardrails!;
      expect(gr.address).to.equal(await suite.policy!.getAddress());
      expect(gr.governance).to.equal(await suite.timelock.getAddress());
      const rules = parameterRules(mode);
      expect(gr.rules.map((x) => [x.name, x.min, x.max, x.lastChange])).to.deep.equal(
        rules.map((x) => [x.name, x.min, x.max, 0n]),
      );
      expect(gr.metaRules).to.deep.equal([{ target: await suite.registry!.getAddress(), selector: ANY_SELECTOR }]);
      const governance = r.paths.find((p) => p.name === "governance")!;
      const editing = r.paths.find((p) => p.name === "guardrails registry governance")!;
      expect(editing.parties).to.equal(governance.parties);
      expect(editing.flagged).to.equal(false);
      const md = renderAuditMarkdown(r);
      expect(md).to.contain("## Guardrails");
      for (const x of rules) expect(md).to.contain(`| ${x.name} | ${x.setter} | ${x.min} | ${x.max} | never |`);
    });

    it("governance path: parties = the counted-power Nakamoto coefficient; open identity mode counts raw power per address", async function () {
      const { suite } = await loadFixture(fixture);
      const r = await audit(suite);
      // Production's open mode is not sybil-resistant: a holder splitting across addresses escapes both the cap and
      // ⌊√⌋, so each address counts its raw, uncapped votes (S13).
      expect(await suite.governor.sybilResistant()).to.equal(false);
      expect(r.suite.governor!.splittable).to.equal(true);
      const expected = concentration(STAKES);
      expect(r.electorate.current.nakamoto).to.equal(expected.nakamoto);
      expect(r.electorate.current.holders).to.equal(STAKES.length);
      const governance = r.paths.find((p) => p.name === "governance")!;
      // The potential electorate is the same ten holders (the treasury votes only through governance).
      expect(r.electorate.potential.nakamoto).to.equal(expected.nakamoto);
      expect(governance.parties).to.equal(2); // 1.5M + 900k > half of 4.675M
      expect(governance.flagged).to.equal(false);
      // Quorum 4 % = 400,000 GOV: the largest holder reaches it unopposed.
      expect(r.electorate.quorumCoalition).to.equal(1);
      const registry = r.paths.find((p) => p.name === "identity registry governance")!;
      expect(registry.parties).to.equal(governance.parties);
    });

    it("an attester is one party, but with an expiry: listed, not flagged", async function () {
      const { suite, attester, expiry } = await loadFixture(fixture);
      const r = await audit(suite);
      const path = r.paths.find((p) => p.name === `attester ${attester.address}`)!;
      expect(path).to.include({ parties: 1, flagged: false });
      expect(path.expiry).to.equal(expiry);
      await time.increaseTo(expiry + 1n);
      const later = await audit(suite);
      expect(later.paths.find((p) => p.name === `attester ${attester.address}`)!.parties).to.equal(null);
    });

    it("A20 a kept or re-granted timelock admin is a single-party path without expiry: flagged, exit 1", async function () {
      const { suite, deployer } = await loadFixture(fixture);
      await suite.timelock
        .connect(await asTimelock(suite))
        .grantRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address);
      const r = await audit(suite);
      const admin = r.paths.find((p) => p.name === `timelock admin ${deployer.address}`)!;
      expect(admin).to.include({ parties: 1, flagged: true });
      expect(r.exitCode).to.equal(1);
      expect(r.findings).to.include(`I16 timelock wiring: DEFAULT_ADMIN_ROLE held by unexpected ${deployer.address}`);
      expect(
        r.findings.some((f) => f.startsWith(`single party without expiry: timelock admin ${deployer.address}`)),
      ).to.equal(true);
    });

    it("a direct proposer: 1 party when it also executes, blocked when only the governor executes", async function () {
      const { suite, deployer } = await loadFixture(fixture);
      const self = await asTimelock(suite);
      await suite.timelock.connect(self).grantRole(TIMELOCK_ROLES.PROPOSER_ROLE, deployer.address);
      let r = await audit(suite);
      expect(r.paths.find((p) => p.name === `timelock proposer ${deployer.address}`)).to.include({
        parties: null,
        flagged: false,
      });
      expect(r.exitCode).to.equal(1); // still an I16 deviation
      await suite.timelock.connect(self).grantRole(TIMELOCK_ROLES.EXECUTOR_ROLE, deployer.address);
      r = await audit(suite);
      expect(r.paths.find((p) => p.name === `timelock proposer ${deployer.address}`)).to.include({
        parties: 1,
        flagged: true,
      });
    });

    it("a contract owned by the timelock inherits the governance path; one owned by a key is flagged", async function () {
      const { suite, deployer } = await loadFixture(fixture);
      const timelock = await suite.timelock.getAddress();
      const governed = await new OwnedTarget__Mock__factory(deployer).deploy(timelock);
      const keyed = await new OwnedTarget__Mock__factory(deployer).deploy(deployer.address);
      const r = await audit(suite, [
        { label: "governed", address: await governed.getAddress() },
        { label: "keyed", address: await keyed.getAddress() },
      ]);
      const governance = r.paths.find((p) => p.name === "governance")!;
      expect(r.paths.find((p) => p.name === "governed owner → timelock")).to.include({
        parties: governance.parties,
        flagged: false,
      });
      expect(r.paths.find((p) => p.name === `keyed owner → ${deployer.address}`)).to.include({
        parties: 1,
        flagged: true,
      });
      expect(r.exitCode).to.equal(1);
    });

    it("a 60 % holder decides alone under linear counting and under splittable ⌊√⌋ (flagged, exit 1); with strict identities it needs a second party", async function () {
      const signers = await hre.ethers.getSigners();
      const [deployer, attester, whale, ...rest] = signers;
      const others = STAKES.slice(0, 5); // 4,000,000 GOV: with the whale's 6,000,000, the whole supply
      const expiry = BigInt(await time.latest()) + 30n * DAY;
      const linear = await deployLinearSuite(deployer!, { clockMode: mode });
      const open = await deploySuite(deployer!, { clockMode: mode, identity: "none" });
      const strict = await deploySuite(deployer!, {
        clockMode: mode,
        identity: "strict",
        parameters: {
          PolycentricGovernance: { initialAttesters: [attester!.address], initialAttesterExpiries: [expiry] },
        },
      });
      // Strict mode: only bound addresses vote, one identity each (what makes ⌊√⌋ per unit meaningful).
      for (const [i, a] of [whale!, ...rest.slice(0, others.length)].entries()) {
        await bindIdentity(strict.registry!, attester!, a, BigInt(i + 1));
      }
      for (const s of [linear, open, strict]) {
        await s.token.transfer(whale!.address, gov(6_000_000));
        await s.token.connect(whale!).delegate(whale!.address);
        for (const [i, stake] of others.entries()) {
          await s.token.transfer(rest[i]!.address, stake);
          await s.token.connect(rest[i]!).delegate(rest[i]!.address);
        }
      }
      await (
        await GovernorHelper.create(open.governor, deployer!)
      ).advanceBy((await open.governor.holdingPeriod()) + 1n);
      const provider = hre.ethers.provider;
      const rl = analyze(await collectSuite({ provider, governor: await linear.governor.getAddress() }));
      const gl = rl.paths.find((p) => p.name === "governance")!;
      expect(gl).to.include({ parties: 1, flagged: true });
      expect(rl.exitCode).to.equal(1);
      expect(rl.findings.some((f) => f.startsWith("single party without expiry: governance"))).to.equal(true);
      // Not sybil-resistant: split over many addresses, the whale's 6M beats the other 4M (S13).
      const ro = analyze(await collectSuite({ provider, governor: await open.governor.getAddress() }));
      expect(ro.paths.find((p) => p.name === "governance")).to.include({ parties: 1, flagged: true });
      expect(ro.exitCode).to.equal(1);
      expect(await strict.governor.sybilResistant()).to.equal(true);
      const rs = analyze(await collectSuite({ provider, governor: await strict.governor.getAddress() }));
      expect(rs.suite.governor!.splittable).to.equal(false);
      // ⌊√6M⌋ = 2,449 (×1e9) against 1,224 + 948 + 836 + 707 + 632: 36 % of the counted power.
      expect(rs.electorate.potential.nakamoto).to.equal(2);
      expect(rs.paths.find((p) => p.name === "governance")).to.include({ parties: 2, flagged: false });
      expect(rs.exitCode).to.equal(0);
    });
  });
}

describe("audit: open executor, reports, bad input", function () {
  it("A20 an open executor (address 0) is an I16 deviation: exit 1", async function () {
    const { suite } = await world("timestamp", { openExecutor: true });
    const r = await audit(suite);
    expect(r.findings).to.include("I16 timelock wiring: EXECUTOR_ROLE held by unexpected address 0 (anyone)");
    expect(r.exitCode).to.equal(1);
    expect(r.authorities.some((a) => a.power === "EXECUTOR_ROLE" && a.holder === ZeroAddress)).to.equal(true);
  });

  it("writes Markdown, JSON (bigints as strings) and HTML with the parties chart", async function () {
    const { suite } = await world("timestamp");
    const r = await audit(suite);
    const dir = mkdtempSync(path.join(os.tmpdir(), "audit-"));
    const files = writeAuditReports(r, dir, "t");
    const md = readFileSync(files.markdown, "utf8");
    expect(md).to.contain("**Result: PASS** (0 finding(s))");
    expect(md).to.contain("| governance |");
    const json = JSON.parse(readFileSync(files.json, "utf8")) as {
      suite: { timelock: { minDelay: string; roles: Record<string, string[]> } };
      exitCode: number;
    };
    expect(json.suite.timelock.minDelay).to.equal(String(2n * DAY));
    expect(json.suite.timelock.roles[TIMELOCK_ROLES.PROPOSER_ROLE]).to.deep.equal([await suite.governor.getAddress()]);
    expect(json.exitCode).to.equal(0);
    const html = readFileSync(files.html, "utf8");
    expect(html).to.contain('<svg id="chart-parties"');
    expect(html.match(/<rect /g)).to.have.length(r.paths.filter((p) => p.parties !== null).length);
    expect(renderAuditHtml(r)).to.equal(html);
    expect(renderAuditMarkdown(r)).to.equal(md);
    expect(renderAuditJson(r)).to.equal(readFileSync(files.json, "utf8"));
  });

  it("quorumCoalition: smallest set of the largest units reaching the quorum, or null", function () {
    const u = (raw: bigint) => ({ unit: "x", members: [], raw, counted: raw });
    expect(quorumCoalition([u(5n), u(1n), u(3n)], 8n)).to.equal(2);
    expect(quorumCoalition([u(5n), u(1n), u(3n)], 9n)).to.equal(3);
    expect(quorumCoalition([u(5n)], 6n)).to.equal(null);
  });

  it("bad input names the value: a malformed --contracts entry, no contract, not a governor", async function () {
    expect(
      parseContractsArg("a=0x0000000000000000000000000000000000000001, b = 0x00000000000000000000000000000000000000ff"),
    ).to.deep.equal([
      { label: "a", address: "0x0000000000000000000000000000000000000001" },
      { label: "b", address: "0x00000000000000000000000000000000000000ff" },
    ]);
    expect(() => parseContractsArg("registry:0x12")).to.throw(
      '--contracts entry "registry:0x12" is not label=0x<40 hex digits>',
    );
    const provider = hre.ethers.provider;
    const nobody = "0x00000000000000000000000000000000000000aa";
    await expect(collectSuite({ provider, governor: nobody })).to.be.rejectedWith(
      `no contract at ${hre.ethers.getAddress(nobody)}`,
    );
    await expect(collectSuite({ provider, governor: "0x12" })).to.be.rejectedWith(
      '--governor "0x12" is not an address',
    );
    const [deployer] = await hre.ethers.getSigners();
    const owned = await new OwnedTarget__Mock__factory(deployer!).deploy(deployer!.address);
    await expect(collectSuite({ provider, governor: await owned.getAddress() })).to.be.rejectedWith(
      "does not answer token() and timelock()",
    );
  });

  it("the task: the default in-process run audits both systems and passes; a flagged deployment sets exit code 1", async function () {
    const out = mkdtempSync(path.join(os.tmpdir(), "audit-task-"));
    const before = process.exitCode;
    try {
      await hre.run("audit", { quiet: true, out, name: "default" });
      expect(process.exitCode ?? 0).to.equal(before ?? 0);
      expect(readFileSync(path.join(out, "default-polycentric.md"), "utf8")).to.contain("**Result: PASS**");
      expect(readFileSync(path.join(out, "default-baseline.md"), "utf8")).to.contain("**Result: PASS**");
      const { suite, deployer } = await world("timestamp");
      await suite.timelock
        .connect(await asTimelock(suite))
        .grantRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.address);
      await hre.run("audit", { quiet: true, out, name: "kept-admin", governor: await suite.governor.getAddress() });
      expect(process.exitCode).to.equal(1);
      expect(readFileSync(path.join(out, "kept-admin.md"), "utf8")).to.contain("**Result: FAIL**");
    } finally {
      process.exitCode = before;
    }
  });
});
