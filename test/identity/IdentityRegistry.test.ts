import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress } from "ethers";

import {
  bindIdentity,
  buildProposal,
  DAY,
  deploySuite,
  descriptionHash,
  gov,
  GovernorHelper,
  VoteType,
  type ClockMode,
} from "../../lib";
import {
  ClockSource__Mock__factory,
  IdentityRegistry__factory,
  PolycentricToken__factory,
  PolycentricTokenBlockClock__Mock__factory,
  type PolycentricToken,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";

/** Addresses per identity of the directly deployed registry: small, so the limits are reachable. */
const LIMIT = 2n;
const MAX_ADDRESSES_LIMIT = 64n;
const MAX_ATTESTER_TERM = 730n * DAY;
const MAX_IDENTITY = 2n ** 208n - 1n;
const TERM = 365n * DAY;

const CLOCK_MODE_STRINGS: Record<ClockMode, string> = {
  timestamp: "mode=timestamp",
  blocknumber: "mode=blocknumber&from=default",
};

async function deployToken(mode: ClockMode, holder: string): Promise<PolycentricToken> {
  const [deployer] = await hre.ethers.getSigners();
  const factory =
    mode === "timestamp"
      ? new PolycentricToken__factory(deployer)
      : new PolycentricTokenBlockClock__Mock__factory(deployer);
  return (await factory.deploy("Polycentric", "GOV", holder, gov(10_000_000))) as PolycentricToken;
}

/**
 * A token and an IdentityRegistry on its clock whose governance is an EOA (so the onlyGovernance setters can be
 * called directly), with one attester appointed at deployment for {@link TERM}.
 */
async function registryWorld(mode: ClockMode) {
  const [deployer, governance, attester, attester2, alice, bob, carol, dave, outsider] = await hre.ethers.getSigners();
  const token = await deployToken(mode, deployer.address);
  const expiry = BigInt(await time.latest()) + TERM;
  const factory = new IdentityRegistry__factory(deployer);
  const registry = await factory.deploy(governance.address, token, LIMIT, [attester.address], [expiry]);
  await registry.waitForDeployment();
  return {
    factory,
    token,
    registry,
    expiry,
    deployer,
    governance,
    attester,
    attester2,
    alice,
    bob,
    carol,
    dave,
    outsider,
  };
}
const timestampRegistryWorld = () => registryWorld("timestamp");
const blocknumberRegistryWorld = () => registryWorld("blocknumber");

/**
 * The production strict-identity suite with alice (600k GOV) bound by the deployment's attester, for the
 * governance path that appoints and removes attesters. The delegation cap is 10 % (the top of its bounds), so alice
 * alone reaches quorum, and her holding ages one holding period before she proposes.
 */
async function governedRegistryWorld(mode: ClockMode) {
  const [deployer, attester, attester2, alice, bob] = await hre.ethers.getSigners();
  const expiry = BigInt(await time.latest()) + TERM;
  const suite = await deploySuite(deployer, {
    clockMode: mode,
    identity: "strict",
    parameters: {
      PolycentricGovernance: {
        initialAttesters: [attester.address],
        initialAttesterExpiries: [expiry],
        capFraction: 1_000n,
      },
    },
  });
  const registry = suite.registry!;
  await suite.token.transfer(alice.address, gov(600_000));
  await suite.token.connect(alice).delegate(alice.address);
  await bindIdentity(registry, attester, alice, 1n);
  const helper = await GovernorHelper.create(suite.governor, deployer);
  await helper.advanceBy((await suite.governor.holdingPeriod()) + 1n);
  return { ...suite, registry, helper, expiry, deployer, attester, attester2, alice, bob };
}
const timestampGovernedRegistryWorld = () => governedRegistryWorld("timestamp");
const blocknumberGovernedRegistryWorld = () => governedRegistryWorld("blocknumber");

for (const mode of CLOCK_MODES) {
  describe(`IdentityRegistry (${mode} clock)`, function () {
    const world = () => loadFixture(mode === "timestamp" ? timestampRegistryWorld : blocknumberRegistryWorld);

    /** The registry's (= the token's) clock reading of the block a transaction landed in. */
    async function clockOf(tx: { wait(): Promise<{ blockNumber: number } | null> }): Promise<bigint> {
      const receipt = (await tx.wait())!;
      if (mode === "blocknumber") return BigInt(receipt.blockNumber);
      return BigInt((await hre.ethers.provider.getBlock(receipt.blockNumber))!.timestamp);
    }

    /** The next transaction is mined at unix time `t` (in both clock modes: attester terms are timestamps). */
    async function nextTxAt(t: bigint): Promise<void> {
      await time.setNextBlockTimestamp(t);
    }

    describe("deployment", function () {
      it("is configured with its governance, limits, the token's ERC-6372 clock and the initial attester", async function () {
        const w = await world();
        expect(await w.registry.governance()).to.equal(w.governance.address);
        expect(await w.registry.maxAddressesPerIdentity()).to.equal(LIMIT);
        expect(await w.registry.maxBindingsPerIdentity()).to.equal(2n * LIMIT);
        expect(await w.registry.MAX_ADDRESSES_LIMIT()).to.equal(MAX_ADDRESSES_LIMIT);
        expect(await w.registry.MAX_ATTESTER_TERM()).to.equal(MAX_ATTESTER_TERM);
        expect(await w.registry.CLOCK_MODE()).to.equal(CLOCK_MODE_STRINGS[mode]);
        expect(await w.registry.CLOCK_MODE()).to.equal(await w.token.CLOCK_MODE());
        expect(await w.registry.clock()).to.equal(await w.token.clock());
        expect(await w.registry.attesterExpiry(w.attester.address)).to.equal(w.expiry);
        expect(await w.registry.isActiveAttester(w.attester.address)).to.equal(true);
        expect(await w.registry.isActiveAttester(w.outsider.address)).to.equal(false);
        await expect(w.registry.deploymentTransaction())
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester.address, 0n, w.expiry);
      });

      it("rejects the zero address as governance or initial attester (IdentityZeroAddress)", async function () {
        const w = await world();
        await expect(w.factory.deploy(ZeroAddress, w.token, LIMIT, [], []))
          .to.be.revertedWithCustomError(w.registry, "IdentityZeroAddress")
          .withArgs();
        await expect(w.factory.deploy(w.governance.address, w.token, LIMIT, [ZeroAddress], [w.expiry]))
          .to.be.revertedWithCustomError(w.registry, "IdentityZeroAddress")
          .withArgs();
      });

      it("rejects an initial attester term in the past or longer than 730 days (IdentityInvalidAttesterExpiry)", async function () {
        const w = await world();
        const t = BigInt(await time.latest()) + 100n;
        await nextTxAt(t);
        await expect(w.factory.deploy(w.governance.address, w.token, LIMIT, [w.attester.address], [t]))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidAttesterExpiry")
          .withArgs(w.attester.address, t, t + MAX_ATTESTER_TERM);
        await nextTxAt(t + 10n);
        const tooLong = t + 10n + MAX_ATTESTER_TERM + 1n;
        await expect(w.factory.deploy(w.governance.address, w.token, LIMIT, [w.attester.address], [tooLong]))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidAttesterExpiry")
          .withArgs(w.attester.address, tooLong, t + 10n + MAX_ATTESTER_TERM);
      });

      it("rejects a per-identity limit of 0 or above 64 (IdentityInvalidLimit), accepts 1 and 64", async function () {
        const w = await world();
        for (const limit of [0n, MAX_ADDRESSES_LIMIT + 1n]) {
          await expect(w.factory.deploy(w.governance.address, w.token, limit, [], []))
            .to.be.revertedWithCustomError(w.registry, "IdentityInvalidLimit")
            .withArgs(limit, MAX_ADDRESSES_LIMIT);
        }
        for (const limit of [1n, MAX_ADDRESSES_LIMIT]) {
          const r = await w.factory.deploy(w.governance.address, w.token, limit, [], []);
          expect(await r.maxAddressesPerIdentity()).to.equal(limit);
          expect(await r.maxBindingsPerIdentity()).to.equal(2n * limit);
        }
      });

      it("rejects a clock source on another ERC-6372 clock (IdentityUnsupportedClock), accepts the two supported ones", async function () {
        const w = await world();
        const mocks = new ClockSource__Mock__factory(w.deployer);
        for (const unsupported of ["mode=blocknumber&from=eip155:1", "mode=timestamp&from=default", ""]) {
          const source = await mocks.deploy(unsupported);
          await expect(w.factory.deploy(w.governance.address, source, LIMIT, [], []))
            .to.be.revertedWithCustomError(w.registry, "IdentityUnsupportedClock")
            .withArgs(await source.getAddress());
        }
        for (const supported of Object.values(CLOCK_MODE_STRINGS)) {
          const r = await w.factory.deploy(w.governance.address, await mocks.deploy(supported), LIMIT, [], []);
          expect(await r.CLOCK_MODE()).to.equal(supported);
        }
      });
    });

    describe("attesters: appointed and removed only by governance, each with an expiry", function () {
      it("only governance appoints or removes attesters (IdentityRegistryOnlyGovernance)", async function () {
        const w = await world();
        for (const caller of [w.attester, w.outsider, w.deployer]) {
          await expect(w.registry.connect(caller).setAttester(w.attester2.address, w.expiry))
            .to.be.revertedWithCustomError(w.registry, "IdentityRegistryOnlyGovernance")
            .withArgs(caller.address, w.governance.address);
          await expect(w.registry.connect(caller).removeAttester(w.attester.address))
            .to.be.revertedWithCustomError(w.registry, "IdentityRegistryOnlyGovernance")
            .withArgs(caller.address, w.governance.address);
        }
        expect(await w.registry.attesterExpiry(w.attester2.address)).to.equal(0n);
        expect(await w.registry.attesterExpiry(w.attester.address)).to.equal(w.expiry);
      });

      it("appoints an attester with AttesterSet(attester, 0, expiry) and renews it with AttesterSet(attester, old, new)", async function () {
        const w = await world();
        const g = w.registry.connect(w.governance);
        const first = BigInt(await time.latest()) + 30n * DAY;
        await expect(g.setAttester(w.attester2.address, first))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester2.address, 0n, first);
        expect(await w.registry.attesterExpiry(w.attester2.address)).to.equal(first);
        expect(await w.registry.isActiveAttester(w.attester2.address)).to.equal(true);
        const renewed = first + 60n * DAY;
        await expect(g.setAttester(w.attester2.address, renewed))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester2.address, first, renewed);
        expect(await w.registry.attesterExpiry(w.attester2.address)).to.equal(renewed);
        // Shortening a term is a renewal too.
        await expect(g.setAttester(w.attester2.address, first))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester2.address, renewed, first);
        await expect(bindIdentity(w.registry, w.attester2, w.alice, 9n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(9n, w.alice.address, w.attester2.address);
      });

      it("bounds a term: expiry after now and at most now + 730 days (IdentityInvalidAttesterExpiry)", async function () {
        const w = await world();
        const g = w.registry.connect(w.governance);
        const t = BigInt(await time.latest()) + 1_000n;
        const cases: [bigint, bigint][] = [
          [t, t - 1n], // in the past
          [t + 1n, t + 1n], // now: expires immediately
          [t + 2n, t + 2n + MAX_ATTESTER_TERM + 1n], // one second too long
          [t + 3n, 2n ** 48n - 1n], // far future
        ];
        for (const [at, expiry] of cases) {
          await nextTxAt(at);
          await expect(g.setAttester(w.attester2.address, expiry))
            .to.be.revertedWithCustomError(w.registry, "IdentityInvalidAttesterExpiry")
            .withArgs(w.attester2.address, expiry, at + MAX_ATTESTER_TERM);
        }
        await nextTxAt(t + 10n);
        await expect(g.setAttester(w.attester2.address, t + 10n + MAX_ATTESTER_TERM))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester2.address, 0n, t + 10n + MAX_ATTESTER_TERM);
        await nextTxAt(t + 20n);
        await expect(g.setAttester(w.attester2.address, t + 21n))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester2.address, t + 10n + MAX_ATTESTER_TERM, t + 21n);
      });

      it("refuses the zero address as an attester (IdentityZeroAddress)", async function () {
        const w = await world();
        await expect(w.registry.connect(w.governance).setAttester(ZeroAddress, w.expiry))
          .to.be.revertedWithCustomError(w.registry, "IdentityZeroAddress")
          .withArgs();
      });

      it("a never-appointed address cannot bind (IdentityAttesterNotActive(caller, 0))", async function () {
        const w = await world();
        await expect(w.registry.connect(w.outsider).bind(w.alice.address, 1n))
          .to.be.revertedWithCustomError(w.registry, "IdentityAttesterNotActive")
          .withArgs(w.outsider.address, 0n);
        await expect(w.registry.connect(w.governance).bind(w.alice.address, 1n))
          .to.be.revertedWithCustomError(w.registry, "IdentityAttesterNotActive")
          .withArgs(w.governance.address, 0n);
      });

      it("a removed attester (AttesterSet(attester, expiry, 0)) can no longer bind or unbind others", async function () {
        const w = await world();
        await bindIdentity(w.registry, w.attester, w.alice, 1n);
        await expect(w.registry.connect(w.governance).removeAttester(w.attester.address))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester.address, w.expiry, 0n);
        expect(await w.registry.attesterExpiry(w.attester.address)).to.equal(0n);
        expect(await w.registry.isActiveAttester(w.attester.address)).to.equal(false);
        await expect(w.registry.connect(w.attester).bind(w.bob.address, 1n))
          .to.be.revertedWithCustomError(w.registry, "IdentityAttesterNotActive")
          .withArgs(w.attester.address, 0n);
        await expect(w.registry.connect(w.attester).unbind(w.alice.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityUnauthorizedUnbind")
          .withArgs(w.attester.address, w.alice.address);
        // Bindings it made stay: removal ends the term, it does not rewrite history.
        expect(await w.registry.identityOf(w.alice.address)).to.equal(1n);
      });

      it("an attester's term ends at its expiry: binds one second before, IdentityAttesterNotActive(attester, expiry) at it", async function () {
        const w = await world();
        await w.registry.connect(w.alice).consentToBind(1n);
        await nextTxAt(w.expiry - 1n);
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 1n)).to.emit(w.registry, "IdentityBound");
        expect(await w.registry.isActiveAttester(w.attester.address)).to.equal(true); // latest block: expiry - 1
        await nextTxAt(w.expiry);
        await expect(w.registry.connect(w.attester).bind(w.bob.address, 1n))
          .to.be.revertedWithCustomError(w.registry, "IdentityAttesterNotActive")
          .withArgs(w.attester.address, w.expiry);
        expect(await w.registry.isActiveAttester(w.attester.address)).to.equal(false);
        await expect(w.registry.connect(w.attester).unbind(w.alice.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityUnauthorizedUnbind")
          .withArgs(w.attester.address, w.alice.address);
        // Governance renews the term and the attester binds again.
        const renewed = BigInt(await time.latest()) + 10n * DAY;
        await expect(w.registry.connect(w.governance).setAttester(w.attester.address, renewed))
          .to.emit(w.registry, "AttesterSet")
          .withArgs(w.attester.address, w.expiry, renewed);
        await expect(bindIdentity(w.registry, w.attester, w.bob, 1n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(1n, w.bob.address, w.attester.address);
      });
    });

    describe("bindings: one identity per address, at most N addresses per identity", function () {
      it("binds an address to an identity with IdentityBound(identity, account, attester)", async function () {
        const w = await world();
        expect(await w.registry.identityOf(w.alice.address)).to.equal(0n);
        await expect(bindIdentity(w.registry, w.attester, w.alice, 42n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(42n, w.alice.address, w.attester.address);
        expect(await w.registry.identityOf(w.alice.address)).to.equal(42n);
        // The largest id is accepted.
        await expect(bindIdentity(w.registry, w.attester, w.bob, MAX_IDENTITY))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(MAX_IDENTITY, w.bob.address, w.attester.address);
        expect(await w.registry.identityOf(w.bob.address)).to.equal(MAX_IDENTITY);
      });

      it("refuses the zero address (IdentityZeroAddress) and ids 0 and 2^208 (IdentityInvalidId)", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        await expect(a.bind(ZeroAddress, 1n))
          .to.be.revertedWithCustomError(w.registry, "IdentityZeroAddress")
          .withArgs();
        for (const bad of [0n, MAX_IDENTITY + 1n, 2n ** 256n - 1n]) {
          await expect(a.bind(w.alice.address, bad))
            .to.be.revertedWithCustomError(w.registry, "IdentityInvalidId")
            .withArgs(bad);
        }
        expect(await w.registry.identityOf(w.alice.address)).to.equal(0n);
      });

      it("an address has at most one identity: IdentityAlreadyBound(account, identity) for the same or another id", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        for (const other of [7n, 8n]) {
          await expect(a.bind(w.alice.address, other))
            .to.be.revertedWithCustomError(w.registry, "IdentityAlreadyBound")
            .withArgs(w.alice.address, 7n);
        }
        // Another attester cannot rebind it either.
        await w.registry.connect(w.governance).setAttester(w.attester2.address, w.expiry);
        await expect(w.registry.connect(w.attester2).bind(w.alice.address, 8n))
          .to.be.revertedWithCustomError(w.registry, "IdentityAlreadyBound")
          .withArgs(w.alice.address, 7n);
      });

      it("an identity has at most maxAddressesPerIdentity addresses (IdentityFull(identity, limit)); unbinding frees a place", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 7n);
        await expect(a.bind(w.carol.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityFull")
          .withArgs(7n, LIMIT);
        await a.unbind(w.alice.address);
        await expect(bindIdentity(w.registry, w.attester, w.carol, 7n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(7n, w.carol.address, w.attester.address);
        await expect(a.bind(w.dave.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityFull")
          .withArgs(7n, LIMIT);
        // Other identities are unaffected.
        await expect(bindIdentity(w.registry, w.attester, w.dave, 8n)).to.emit(w.registry, "IdentityBound");
      });

      it("an identity records at most 2 × limit bindings in its lifetime (IdentityHistoryFull(identity, 2 × limit))", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        // Four bindings (limit 2 → history 4) with bind/unbind churn, never more than one member at a time.
        for (const account of [w.alice, w.bob, w.alice, w.carol]) {
          await bindIdentity(w.registry, w.attester, account, 7n);
          await a.unbind(account.address);
        }
        expect(await w.registry.membersAt(7n, await w.registry.clock())).to.deep.equal([]);
        await expect(a.bind(w.dave.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityHistoryFull")
          .withArgs(7n, 2n * LIMIT);
        // A fresh identity id is the way out.
        await expect(bindIdentity(w.registry, w.attester, w.dave, 8n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(8n, w.dave.address, w.attester.address);
      });

      it("an account unbinds itself (IdentityUnbound(identity, account, account)), even after its attester is gone", async function () {
        const w = await world();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await w.registry.connect(w.governance).removeAttester(w.attester.address);
        await expect(w.registry.connect(w.alice).unbind(w.alice.address))
          .to.emit(w.registry, "IdentityUnbound")
          .withArgs(7n, w.alice.address, w.alice.address);
        expect(await w.registry.identityOf(w.alice.address)).to.equal(0n);
        await expect(w.registry.connect(w.alice).unbind(w.alice.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityNotBound")
          .withArgs(w.alice.address);
      });

      it("an active attester unbinds any account (IdentityUnbound(identity, account, attester)), not only its own bindings", async function () {
        const w = await world();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await w.registry.connect(w.governance).setAttester(w.attester2.address, w.expiry);
        await expect(w.registry.connect(w.attester2).unbind(w.alice.address))
          .to.emit(w.registry, "IdentityUnbound")
          .withArgs(7n, w.alice.address, w.attester2.address);
        expect(await w.registry.identityOf(w.alice.address)).to.equal(0n);
        // Rebinding to another identity is allowed once unbound.
        await expect(bindIdentity(w.registry, w.attester, w.alice, 8n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(8n, w.alice.address, w.attester.address);
      });

      it("nobody else unbinds (IdentityUnauthorizedUnbind(caller, account)); unbinding an unbound account is IdentityNotBound(account)", async function () {
        const w = await world();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 7n);
        // Not another member of the same identity, not governance, not an outsider.
        for (const caller of [w.bob, w.governance, w.outsider]) {
          await expect(w.registry.connect(caller).unbind(w.alice.address))
            .to.be.revertedWithCustomError(w.registry, "IdentityUnauthorizedUnbind")
            .withArgs(caller.address, w.alice.address);
        }
        await expect(w.registry.connect(w.attester).unbind(w.carol.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityNotBound")
          .withArgs(w.carol.address);
        await expect(w.registry.connect(w.carol).unbind(w.carol.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityNotBound")
          .withArgs(w.carol.address);
        expect(await w.registry.identityOf(w.alice.address)).to.equal(7n);
      });
    });

    describe("I10 checkpoints: a snapshot sees only the bindings that existed then", function () {
      it("identityAt, membersAt and unitAt over bind, unbind and rebind, on the token's clock", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        const t1 = await clockOf(await bindIdentity(w.registry, w.attester, w.alice, 7n));
        const t2 = await clockOf(await bindIdentity(w.registry, w.attester, w.bob, 7n));
        const t3 = await clockOf(await w.registry.connect(w.alice).unbind(w.alice.address));
        const t4 = await clockOf(await bindIdentity(w.registry, w.attester, w.alice, 7n));
        const t5 = await clockOf(await a.unbind(w.bob.address));
        const t6 = await clockOf(await bindIdentity(w.registry, w.attester, w.bob, 8n));
        await mine();
        expect([t1 < t2, t2 < t3, t3 < t4, t4 < t5, t5 < t6]).to.deep.equal([true, true, true, true, true]);

        const A = w.alice.address;
        const B = w.bob.address;
        const identityAt = async (account: string, t: bigint) => w.registry.identityAt(account, t);
        expect(await identityAt(A, t1 - 1n)).to.equal(0n);
        expect(await identityAt(A, t1)).to.equal(7n);
        expect(await identityAt(A, t3 - 1n)).to.equal(7n);
        expect(await identityAt(A, t3)).to.equal(0n);
        expect(await identityAt(A, t4)).to.equal(7n);
        expect(await identityAt(B, t5)).to.equal(0n);
        expect(await identityAt(B, t6)).to.equal(8n);

        const membersAt = async (t: bigint) => [...(await w.registry.membersAt(7n, t))];
        expect(await membersAt(t1 - 1n)).to.deep.equal([]);
        expect(await membersAt(t1)).to.deep.equal([A]);
        expect(await membersAt(t2)).to.deep.equal([A, B]);
        expect(await membersAt(t3)).to.deep.equal([B]);
        // alice rebound: listed once, from her second binding.
        expect(await membersAt(t4)).to.deep.equal([B, A]);
        expect(await membersAt(t5)).to.deep.equal([A]);
        expect([...(await w.registry.membersAt(8n, t6))]).to.deep.equal([B]);
        expect([...(await w.registry.membersAt(8n, t5))]).to.deep.equal([]);

        const unitAt = async (account: string, t: bigint) => {
          const [identity, members] = await w.registry.unitAt(account, t);
          return [identity, [...members]];
        };
        expect(await unitAt(A, t2)).to.deep.equal([7n, [A, B]]);
        expect(await unitAt(A, t3)).to.deep.equal([0n, []]);
        expect(await unitAt(B, t3)).to.deep.equal([7n, [B]]);
        expect(await unitAt(A, t4)).to.deep.equal([7n, [B, A]]);
        expect(await unitAt(B, t6)).to.deep.equal([8n, [B]]);
        expect(await unitAt(w.carol.address, t6)).to.deep.equal([0n, []]);
      });

      it("an address unbound and rebound within one timepoint is counted once (the latest binding)", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 7n);
        // The consents the same-block rebinds need (bob, still a member then, admits alice back).
        await w.registry.connect(w.alice).consentToBind(7n);
        await w.registry.connect(w.bob).admitMember(7n, w.alice.address);
        await w.registry.connect(w.bob).consentToBind(8n);
        await mine();
        const gasLimit = 500_000n;
        await hre.network.provider.send("evm_setAutomine", [false]);
        try {
          await a.unbind(w.alice.address, { gasLimit });
          await a.bind(w.alice.address, 7n, { gasLimit });
          await w.registry.connect(w.bob).unbind(w.bob.address, { gasLimit });
          await a.bind(w.bob.address, 8n, { gasLimit });
          await mine();
        } finally {
          await hre.network.provider.send("evm_setAutomine", [true]);
        }
        const t = await w.registry.clock();
        await mine();
        expect(await w.registry.identityAt(w.alice.address, t)).to.equal(7n);
        expect([...(await w.registry.membersAt(7n, t))]).to.deep.equal([w.alice.address]);
        expect(await w.registry.identityAt(w.bob.address, t)).to.equal(8n);
        expect([...(await w.registry.membersAt(8n, t))]).to.deep.equal([w.bob.address]);
        expect([...(await w.registry.membersAt(7n, t - 1n))]).to.deep.equal([w.alice.address, w.bob.address]);
      });

      it("a binding and its unbinding within one timepoint never count at that timepoint", async function () {
        const w = await world();
        const a = w.registry.connect(w.attester);
        await w.registry.connect(w.alice).consentToBind(7n);
        await hre.network.provider.send("evm_setAutomine", [false]);
        try {
          await a.bind(w.alice.address, 7n, { gasLimit: 500_000n });
          await a.unbind(w.alice.address, { gasLimit: 500_000n });
          await mine();
        } finally {
          await hre.network.provider.send("evm_setAutomine", [true]);
        }
        const t = await w.registry.clock();
        await mine();
        expect(await w.registry.identityAt(w.alice.address, t)).to.equal(0n);
        expect([...(await w.registry.membersAt(7n, t))]).to.deep.equal([]);
        const [identity, members] = await w.registry.unitAt(w.alice.address, t);
        expect([identity, [...members]]).to.deep.equal([0n, []]);
      });
    });
  });

  describe(`IdentityRegistry attester list input (${mode} clock)`, function () {
    const world = () => loadFixture(mode === "timestamp" ? timestampRegistryWorld : blocknumberRegistryWorld);

    it("rejects attester and expiry lists of different lengths (IdentityAttesterListMismatch(attesters, expiries))", async function () {
      const w = await world();
      for (const [attesters, expiries] of [
        [[w.attester.address, w.attester2.address], [w.expiry]],
        [[w.attester.address], [w.expiry, w.expiry]],
      ] as const) {
        await expect(w.factory.deploy(w.governance.address, w.token, LIMIT, [...attesters], [...expiries]))
          .to.be.revertedWithCustomError(w.registry, "IdentityAttesterListMismatch")
          .withArgs(attesters.length, expiries.length);
      }
    });

    it("refuses to remove an address that holds no term (IdentityUnknownAttester(attester))", async function () {
      const w = await world();
      await expect(w.registry.connect(w.governance).removeAttester(w.outsider.address))
        .to.be.revertedWithCustomError(w.registry, "IdentityUnknownAttester")
        .withArgs(w.outsider.address);
    });
  });

  describe(`IdentityRegistry governance path (${mode} clock)`, function () {
    const world = () =>
      loadFixture(mode === "timestamp" ? timestampGovernedRegistryWorld : blocknumberGovernedRegistryWorld);

    it("only the timelock appoints attesters: a direct call reverts IdentityRegistryOnlyGovernance(caller, timelock)", async function () {
      const w = await world();
      const timelock = await w.timelock.getAddress();
      expect(await w.registry.governance()).to.equal(timelock);
      await expect(w.registry.connect(w.deployer).setAttester(w.attester2.address, w.expiry))
        .to.be.revertedWithCustomError(w.registry, "IdentityRegistryOnlyGovernance")
        .withArgs(w.deployer.address, timelock);
      await expect(w.registry.connect(w.attester).removeAttester(w.attester.address))
        .to.be.revertedWithCustomError(w.registry, "IdentityRegistryOnlyGovernance")
        .withArgs(w.attester.address, timelock);
    });

    it("a proposal appointing a new attester and removing the old one executes; the new attester binds, the old cannot", async function () {
      const w = await world();
      const registry = await w.registry.getAddress();
      const newExpiry = BigInt(await time.latest()) + TERM;
      const p = buildProposal(
        [
          {
            target: registry,
            data: w.registry.interface.encodeFunctionData("setAttester", [w.attester2.address, newExpiry]),
          },
          { target: registry, data: w.registry.interface.encodeFunctionData("removeAttester", [w.attester.address]) },
        ],
        "Rotate the identity attester",
      );
      const { id } = await w.helper.propose(p, w.alice);
      await w.helper.waitForSnapshot(id);
      await w.helper.vote(id, w.alice, VoteType.For);
      await w.helper.waitForDeadline(id);
      await w.helper.expectState(id, "Succeeded");
      await w.helper.queue(p);
      await w.helper.waitForEta(id);
      await expect(w.governor.execute(p.targets, p.values, p.calldatas, descriptionHash(p.description)))
        .to.emit(w.registry, "AttesterSet")
        .withArgs(w.attester2.address, 0n, newExpiry)
        .and.to.emit(w.registry, "AttesterSet")
        .withArgs(w.attester.address, w.expiry, 0n);
      await w.helper.expectState(id, "Executed");

      expect(await w.registry.isActiveAttester(w.attester2.address)).to.equal(true);
      expect(await w.registry.isActiveAttester(w.attester.address)).to.equal(false);
      await expect(bindIdentity(w.registry, w.attester2, w.bob, 2n))
        .to.emit(w.registry, "IdentityBound")
        .withArgs(2n, w.bob.address, w.attester2.address);
      await expect(w.registry.connect(w.attester).bind(w.bob.address, 3n))
        .to.be.revertedWithCustomError(w.registry, "IdentityAttesterNotActive")
        .withArgs(w.attester.address, 0n);
    });
  });
}
