import { expect } from "chai";
import { ZeroAddress, getAddress } from "ethers";

import {
  buildProposal,
  formatDuration,
  formatGov,
  gov,
  ofBps,
  parseClockMode,
  ProposalState,
  proposalStateName,
  proposalStatesBitmap,
  replayRoleEvents,
  TIMELOCK_ROLES,
  timelockWiringViolations,
  toBps,
  toClockUnits,
  DAY,
} from "../../lib";

describe("lib: pure helpers", function () {
  describe("time", function () {
    it("parses ERC-6372 clock modes and rejects others", function () {
      expect(parseClockMode("mode=timestamp")).to.equal("timestamp");
      expect(parseClockMode("mode=blocknumber&from=default")).to.equal("blocknumber");
      expect(() => parseClockMode("mode=blocknumber&from=eip155:1")).to.throw("unsupported ERC-6372 CLOCK_MODE");
      expect(() => parseClockMode("")).to.throw("unsupported ERC-6372 CLOCK_MODE");
    });

    it("converts seconds to clock units, rounding blocks up so windows never shrink", function () {
      expect(toClockUnits(DAY, "timestamp")).to.equal(86_400n);
      expect(toClockUnits(DAY, "blocknumber")).to.equal(7_200n);
      expect(toClockUnits(13n, "blocknumber")).to.equal(2n);
      expect(toClockUnits(0n, "blocknumber")).to.equal(0n);
      expect(() => toClockUnits(-1n, "timestamp")).to.throw(RangeError);
    });

    it("formats durations", function () {
      expect(formatDuration(0n)).to.equal("0s");
      expect(formatDuration(DAY + 3_661n)).to.equal("1d 1h 1m 1s");
      expect(formatDuration(-90n)).to.equal("-1m 30s");
    });
  });

  describe("units", function () {
    it("converts whole tokens and basis points", function () {
      expect(gov(25_000)).to.equal(25_000n * 10n ** 18n);
      expect(gov("0.5")).to.equal(5n * 10n ** 17n);
      expect(formatGov(gov(1_234_567))).to.equal("1,234,567 GOV");
      expect(formatGov(gov("0.25"))).to.equal("0.25 GOV");
      expect(ofBps(gov(10_000_000), 25n)).to.equal(gov(25_000));
      expect(toBps(gov(400_000), gov(10_000_000))).to.equal(400n);
      expect(() => toBps(1n, 0n)).to.throw(RangeError);
    });
  });

  describe("enums", function () {
    it("names states and builds the GovernorUnexpectedProposalState bitmap", function () {
      expect(proposalStateName(ProposalState.Queued)).to.equal("Queued");
      expect(() => proposalStateName(8n)).to.throw(RangeError);
      expect(proposalStatesBitmap(ProposalState.Pending)).to.equal("0x" + "0".repeat(63) + "1");
      expect(proposalStatesBitmap(ProposalState.Succeeded, ProposalState.Queued)).to.equal(
        "0x" + "0".repeat(62) + "30",
      );
    });
  });

  describe("proposal", function () {
    it("builds proposals from actions with default value and calldata", function () {
      const p = buildProposal([{ target: ZeroAddress }, { target: ZeroAddress, value: 5n, data: "0x1234" }], "d");
      expect(p).to.deep.equal({
        targets: [ZeroAddress, ZeroAddress],
        values: [0n, 5n],
        calldatas: ["0x", "0x1234"],
        description: "d",
      });
      expect(() => buildProposal([], "empty")).to.throw("at least one action");
    });
  });

  describe("roles (THREATS I16 / A20)", function () {
    const timelock = getAddress("0x" + "11".repeat(20));
    const governor = getAddress("0x" + "22".repeat(20));
    const deployer = getAddress("0x" + "33".repeat(20));
    const sound = [
      { kind: "granted" as const, role: TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, account: timelock },
      { kind: "granted" as const, role: TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, account: deployer },
      { kind: "granted" as const, role: TIMELOCK_ROLES.PROPOSER_ROLE, account: governor },
      { kind: "granted" as const, role: TIMELOCK_ROLES.CANCELLER_ROLE, account: governor },
      { kind: "granted" as const, role: TIMELOCK_ROLES.EXECUTOR_ROLE, account: governor },
      { kind: "revoked" as const, role: TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, account: deployer },
    ];

    it("replays grants and revocations in order", function () {
      const members = replayRoleEvents(sound);
      expect([...members.get(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE)!]).to.deep.equal([timelock]);
      expect(timelockWiringViolations(members, { timelock, governor, openExecutor: false })).to.deep.equal([]);
    });

    it("reports an admin left behind, an extra proposer and a closed executor expected open", function () {
      const members = replayRoleEvents([
        ...sound.slice(0, 5),
        { kind: "granted", role: TIMELOCK_ROLES.PROPOSER_ROLE, account: deployer },
      ]);
      expect(timelockWiringViolations(members, { timelock, governor, openExecutor: true })).to.deep.equal([
        `DEFAULT_ADMIN_ROLE held by unexpected ${deployer}`,
        `PROPOSER_ROLE held by unexpected ${deployer}`,
        `EXECUTOR_ROLE held by unexpected ${governor}`,
        `EXECUTOR_ROLE missing ${ZeroAddress}`,
      ]);
    });

    it("reports roles it does not know", function () {
      const role = "0x" + "ee".repeat(32);
      const members = replayRoleEvents([...sound, { kind: "granted", role, account: deployer }]);
      expect(timelockWiringViolations(members, { timelock, governor, openExecutor: false })).to.deep.equal([
        `unknown role ${role} held by ${deployer}`,
      ]);
    });
  });
});
