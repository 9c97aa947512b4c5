/**
 * S9 (Medium, strict mode): bindings without consent. `IdentityRegistry.bind` needed only an active attester, so an
 * attester could bind a holder's address into an identity it controls, or its own address into a stranger's
 * identity, and vote that identity's summed power first. A bind now needs the bound account's pending consent
 * (`consentToBind`, or `consentToBindBySig`: EIP-712, deadline, nonce, ERC-1271) and, when the identity has members,
 * an admission by a current member (`admitMember`); the bind consumes both.
 */
import hre from "hardhat";
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";

import { bindIdentity, buildProposal, DAY, gov, isqrt, VoteType, type ClockMode } from "../../lib";
import {
  ERC1271Wallet__Mock__factory,
  IdentityRegistry__factory,
  PolycentricToken__factory,
  PolycentricTokenBlockClock__Mock__factory,
  type IdentityRegistry,
  type PolycentricToken,
} from "../../typechain-types";
import { CLOCK_MODES, HOLDER_IDENTITY, QUADRATIC_ALLOCATION, quadraticWorld, type QuadraticWorld } from "../fixtures";

const CONSENT_TYPES = {
  BindingConsent: [
    { name: "account", type: "address" },
    { name: "identity", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** `signer`'s EIP-712 consent to `identity` on `registry` (or under another chain id, for the replay case). */
async function signConsent(
  registry: IdentityRegistry,
  signer: Signer,
  account: string,
  identity: bigint,
  nonce: bigint,
  deadline: bigint,
  chainId?: bigint,
): Promise<string> {
  const domain = {
    name: "Polycentric IdentityRegistry",
    version: "1",
    chainId: chainId ?? (await hre.ethers.provider.getNetwork()).chainId,
    verifyingContract: await registry.getAddress(),
  };
  return signer.signTypedData(domain, CONSENT_TYPES, { account, identity, nonce, deadline });
}

/** Two registries on one token (for the cross-registry replay), governance an EOA, one attester. */
async function registriesWorld(mode: ClockMode) {
  const [deployer, governance, attester, alice, bob, carol, dave, relayer] = await hre.ethers.getSigners();
  const factory =
    mode === "timestamp"
      ? new PolycentricToken__factory(deployer)
      : new PolycentricTokenBlockClock__Mock__factory(deployer);
  const token = (await factory.deploy("Polycentric", "GOV", deployer.address, gov(1_000_000))) as PolycentricToken;
  const expiry = BigInt(await time.latest()) + 365n * DAY;
  const registries = new IdentityRegistry__factory(deployer);
  const registry = await registries.deploy(governance.address, token, 4n, [attester.address], [expiry]);
  const other = await registries.deploy(governance.address, token, 4n, [attester.address], [expiry]);
  return { registry, other, attester, alice, bob, carol, dave, relayer };
}
const timestampRegistries = () => registriesWorld("timestamp");
const blocknumberRegistries = () => registriesWorld("blocknumber");

for (const mode of CLOCK_MODES) {
  describe(`S9 binding consent (${mode} clock)`, function () {
    const registries = () => loadFixture(mode === "timestamp" ? timestampRegistries : blocknumberRegistries);

    async function propose(w: QuadraticWorld, description: string): Promise<bigint> {
      const p = buildProposal(
        [
          {
            target: await w.receiver.getAddress(),
            data: w.receiver.interface.encodeFunctionData("mockFunction", [1n]),
          },
        ],
        description,
      );
      const { id } = await w.helper.propose(p, w.proposer);
      return id;
    }

    async function deadlineIn(seconds: bigint): Promise<bigint> {
      return BigInt(await time.latest()) + seconds;
    }

    describe("S9 the attacks of the review", function () {
      it("S9 an attester cannot bind a holder into an identity it controls: the holder's power stays out of that identity's vote", async function () {
        const w = await quadraticWorld(mode, "strict");
        const registry = w.registry!;
        const attackerIdentity = 99n;
        // The attester's own address (outsider, consenting) holds identity 99 and admits the holder erin to it.
        await bindIdentity(registry, w.attester, w.outsider, attackerIdentity);
        await registry.connect(w.outsider).admitMember(attackerIdentity, w.erin.address);
        await expect(registry.connect(w.attester).bind(w.erin.address, attackerIdentity))
          .to.be.revertedWithCustomError(registry, "IdentityBindingNotConsented")
          .withArgs(w.erin.address, attackerIdentity);
        expect(await registry.identityOf(w.erin.address)).to.equal(0n);

        const id = await propose(w, "S9: holder not bound into the attester's identity");
        await w.helper.waitForSnapshot(id);
        // The attester's identity votes its own (zero) power only, not erin's 40,000.
        await expect(w.governor.connect(w.outsider).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.outsider.address, id, VoteType.For, 0n, "");
        const [, rawFor] = await w.governor.proposalRawVotes(id);
        expect(rawFor).to.equal(0n);
      });

      it("S9 an attester cannot bind its own address into a stranger's identity: the stranger votes its own power", async function () {
        const w = await quadraticWorld(mode, "strict");
        const registry = w.registry!;
        const intruder = w.outsider;
        // The intruder consents (it is the attester's), but no member of alice's identity admitted it.
        await registry.connect(intruder).consentToBind(HOLDER_IDENTITY.alice);
        await expect(registry.connect(w.attester).bind(intruder.address, HOLDER_IDENTITY.alice))
          .to.be.revertedWithCustomError(registry, "IdentityMemberNotAdmitted")
          .withArgs(intruder.address, HOLDER_IDENTITY.alice);
        // Nor can the intruder (or the attester) admit itself: neither is a member.
        for (const caller of [intruder, w.attester]) {
          await expect(registry.connect(caller).admitMember(HOLDER_IDENTITY.alice, intruder.address))
            .to.be.revertedWithCustomError(registry, "IdentityNotMember")
            .withArgs(caller.address, HOLDER_IDENTITY.alice);
        }

        const id = await propose(w, "S9: no intruder in alice's identity");
        await w.helper.waitForSnapshot(id);
        await expect(w.governor.connect(intruder).castVote(id, VoteType.Against))
          .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
          .withArgs(intruder.address, id);
        await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.For, isqrt(QUADRATIC_ALLOCATION.alice), "");
      });

      it("S9 with both consents the binding is made and counts from its timepoint on (I10 unchanged)", async function () {
        const w = await quadraticWorld(mode, "strict");
        const registry = w.registry!;
        await registry.connect(w.erin).consentToBind(HOLDER_IDENTITY.alice);
        await expect(registry.connect(w.alice).admitMember(HOLDER_IDENTITY.alice, w.erin.address))
          .to.emit(registry, "MemberAdmitted")
          .withArgs(HOLDER_IDENTITY.alice, w.erin.address, w.alice.address);
        await expect(registry.connect(w.attester).bind(w.erin.address, HOLDER_IDENTITY.alice))
          .to.emit(registry, "IdentityBound")
          .withArgs(HOLDER_IDENTITY.alice, w.erin.address, w.attester.address);
        // Both consents are used up.
        expect(await registry.consentOf(w.erin.address)).to.equal(0n);
        expect(await registry.admittedBy(HOLDER_IDENTITY.alice, w.erin.address)).to.equal(hre.ethers.ZeroAddress);
        await w.helper.advanceBy((await w.governor.holdingPeriod()) + 1n);

        const id = await propose(w, "S9: consented binding");
        await w.helper.waitForSnapshot(id);
        const sum = QUADRATIC_ALLOCATION.alice + QUADRATIC_ALLOCATION.erin;
        await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.erin.address, id, VoteType.For, isqrt(sum), "");
      });

      it("S9 an old consent cannot be reused after an unbind, nor an old admission", async function () {
        const w = await registries();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 7n); // admitted by alice
        await w.registry.connect(w.bob).unbind(w.bob.address);
        // bob left: neither his consent nor alice's admission survived the bind.
        expect(await w.registry.consentOf(w.bob.address)).to.equal(0n);
        expect(await w.registry.admittedBy(7n, w.bob.address)).to.equal(hre.ethers.ZeroAddress);
        await expect(w.registry.connect(w.attester).bind(w.bob.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityBindingNotConsented")
          .withArgs(w.bob.address, 7n);
        await w.registry.connect(w.bob).consentToBind(7n);
        await expect(w.registry.connect(w.attester).bind(w.bob.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityMemberNotAdmitted")
          .withArgs(w.bob.address, 7n);
      });

      it("S9 a consent to identity A does not bind to B; an admission to A does not admit to B", async function () {
        const w = await registries();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 8n);
        await w.registry.connect(w.carol).consentToBind(7n);
        await w.registry.connect(w.alice).admitMember(7n, w.carol.address);
        await expect(w.registry.connect(w.attester).bind(w.carol.address, 8n))
          .to.be.revertedWithCustomError(w.registry, "IdentityBindingNotConsented")
          .withArgs(w.carol.address, 8n);
        // With a consent to 8 instead, 7's admission is no admission to 8.
        await w.registry.connect(w.carol).consentToBind(8n);
        await expect(w.registry.connect(w.attester).bind(w.carol.address, 8n))
          .to.be.revertedWithCustomError(w.registry, "IdentityMemberNotAdmitted")
          .withArgs(w.carol.address, 8n);
        // One pending consent per account: the latest replaced the first, and 0 withdraws.
        expect(await w.registry.consentOf(w.carol.address)).to.equal(8n);
        await expect(w.registry.connect(w.carol).consentToBind(0n))
          .to.emit(w.registry, "BindingConsented")
          .withArgs(w.carol.address, 0n);
        expect(await w.registry.consentOf(w.carol.address)).to.equal(0n);
      });

      it("S9 an admission by a member who left the identity meanwhile is void", async function () {
        const w = await registries();
        await bindIdentity(w.registry, w.attester, w.alice, 7n);
        await bindIdentity(w.registry, w.attester, w.bob, 7n);
        await w.registry.connect(w.bob).admitMember(7n, w.dave.address);
        await w.registry.connect(w.dave).consentToBind(7n);
        await w.registry.connect(w.bob).unbind(w.bob.address);
        await expect(w.registry.connect(w.attester).bind(w.dave.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityMemberNotAdmitted")
          .withArgs(w.dave.address, 7n);
        // A left member cannot admit either.
        await expect(w.registry.connect(w.bob).admitMember(7n, w.dave.address))
          .to.be.revertedWithCustomError(w.registry, "IdentityNotMember")
          .withArgs(w.bob.address, 7n);
        // A current member can.
        await w.registry.connect(w.alice).admitMember(7n, w.dave.address);
        await expect(w.registry.connect(w.attester).bind(w.dave.address, 7n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(7n, w.dave.address, w.attester.address);
      });

      it("S9 an identity without current members needs no admission: the first member's consent suffices", async function () {
        const w = await registries();
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityBindingNotConsented")
          .withArgs(w.alice.address, 7n);
        await w.registry.connect(w.alice).consentToBind(7n);
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 7n)).to.emit(w.registry, "IdentityBound");
        // Emptied again, the identity takes a first member on its consent alone.
        await w.registry.connect(w.alice).unbind(w.alice.address);
        await w.registry.connect(w.bob).consentToBind(7n);
        await expect(w.registry.connect(w.attester).bind(w.bob.address, 7n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(7n, w.bob.address, w.attester.address);
      });
    });

    describe("S9 signed consent (EIP-712, deadline, nonce)", function () {
      it("S9 a relayer submits a signed consent; the nonce advances; the bind uses it", async function () {
        const w = await registries();
        const deadline = await deadlineIn(DAY);
        expect(await w.registry.nonces(w.alice.address)).to.equal(0n);
        const signature = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, deadline);
        await expect(w.registry.connect(w.relayer).consentToBindBySig(w.alice.address, 7n, deadline, signature))
          .to.emit(w.registry, "BindingConsented")
          .withArgs(w.alice.address, 7n);
        expect(await w.registry.nonces(w.alice.address)).to.equal(1n);
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 7n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(7n, w.alice.address, w.attester.address);
      });

      it("S9 expired, replayed and wrong-signer signatures fail with the values", async function () {
        const w = await registries();
        const deadline = await deadlineIn(DAY);
        // Expired: the deadline is a unix time in both clock modes.
        const late = await deadlineIn(10n);
        const expired = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, late);
        await time.setNextBlockTimestamp(late + 1n);
        await expect(w.registry.consentToBindBySig(w.alice.address, 7n, late, expired))
          .to.be.revertedWithCustomError(w.registry, "IdentityConsentExpired")
          .withArgs(w.alice.address, late, late + 1n);
        // Wrong signer: bob signs alice's consent.
        const forged = await signConsent(w.registry, w.bob, w.alice.address, 7n, 0n, deadline);
        await expect(w.registry.consentToBindBySig(w.alice.address, 7n, deadline, forged))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 7n, 0n);
        // Alice's signature for 7 does not consent to 8.
        const good = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, deadline);
        await expect(w.registry.consentToBindBySig(w.alice.address, 8n, deadline, good))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 8n, 0n);
        // Replayed: accepted once, then the nonce has moved on.
        await w.registry.consentToBindBySig(w.alice.address, 7n, deadline, good);
        await w.registry.connect(w.attester).bind(w.alice.address, 7n);
        await w.registry.connect(w.alice).unbind(w.alice.address);
        await expect(w.registry.consentToBindBySig(w.alice.address, 7n, deadline, good))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 7n, 1n);
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 7n))
          .to.be.revertedWithCustomError(w.registry, "IdentityBindingNotConsented")
          .withArgs(w.alice.address, 7n);
      });

      it("S9 a signature does not replay on another registry or another chain (domain separator)", async function () {
        const w = await registries();
        const deadline = await deadlineIn(DAY);
        // ERC-5267: same name and version, another verifying contract.
        const [mine, theirs] = [await w.registry.eip712Domain(), await w.other.eip712Domain()];
        expect([mine.name, mine.version]).to.deep.equal(["Polycentric IdentityRegistry", "1"]);
        expect(mine.verifyingContract).to.not.equal(theirs.verifyingContract);
        const forRegistry = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, deadline);
        await expect(w.other.consentToBindBySig(w.alice.address, 7n, deadline, forRegistry))
          .to.be.revertedWithCustomError(w.other, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 7n, 0n);
        const chainId = (await hre.ethers.provider.getNetwork()).chainId;
        const otherChain = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, deadline, chainId + 1n);
        await expect(w.registry.consentToBindBySig(w.alice.address, 7n, deadline, otherChain))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 7n, 0n);
        expect(await w.registry.consentOf(w.alice.address)).to.equal(0n);
        expect(await w.other.consentOf(w.alice.address)).to.equal(0n);
      });

      it("S9 an ERC-1271 wallet consents through isValidSignature; a key it does not accept is refused", async function () {
        const w = await registries();
        const wallet = await new ERC1271Wallet__Mock__factory(w.alice).deploy(w.alice.address);
        const account = await wallet.getAddress();
        const deadline = await deadlineIn(DAY);
        const byBob = await signConsent(w.registry, w.bob, account, 7n, 0n, deadline);
        await expect(w.registry.consentToBindBySig(account, 7n, deadline, byBob))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(account, 7n, 0n);
        const byOwner = await signConsent(w.registry, w.alice, account, 7n, 0n, deadline);
        await expect(w.registry.consentToBindBySig(account, 7n, deadline, byOwner))
          .to.emit(w.registry, "BindingConsented")
          .withArgs(account, 7n);
        await expect(w.registry.connect(w.attester).bind(account, 7n))
          .to.emit(w.registry, "IdentityBound")
          .withArgs(7n, account, w.attester.address);
      });
    });

    describe("S9 front-running", function () {
      it("S9 a signed consent front-run by a third party records exactly what was signed; the relayer's copy reverts", async function () {
        const w = await registries();
        const deadline = await deadlineIn(DAY);
        const signature = await signConsent(w.registry, w.alice, w.alice.address, 7n, 0n, deadline);
        // carol copies the pending transaction and lands first: she cannot change the identity or the account.
        await expect(w.registry.connect(w.carol).consentToBindBySig(w.alice.address, 8n, deadline, signature))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 8n, 0n);
        await expect(w.registry.connect(w.carol).consentToBindBySig(w.alice.address, 7n, deadline, signature))
          .to.emit(w.registry, "BindingConsented")
          .withArgs(w.alice.address, 7n);
        await expect(w.registry.connect(w.relayer).consentToBindBySig(w.alice.address, 7n, deadline, signature))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 7n, 1n);
        expect(await w.registry.consentOf(w.alice.address)).to.equal(7n);
      });

      it("S9 an unsubmitted old signature cannot override a later direct consent or withdrawal (consentToBind uses the nonce)", async function () {
        const w = await registries();
        const deadline = await deadlineIn(DAY);
        // alice once signed a consent to 9 (say, for an attester she no longer trusts) and it was never submitted.
        const stale = await signConsent(w.registry, w.alice, w.alice.address, 9n, 0n, deadline);
        await w.registry.connect(w.alice).consentToBind(7n);
        await expect(w.registry.connect(w.carol).consentToBindBySig(w.alice.address, 9n, deadline, stale))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 9n, 1n);
        await w.registry.connect(w.alice).consentToBind(0n);
        await expect(w.registry.connect(w.carol).consentToBindBySig(w.alice.address, 9n, deadline, stale))
          .to.be.revertedWithCustomError(w.registry, "IdentityInvalidConsentSignature")
          .withArgs(w.alice.address, 9n, 2n);
        expect(await w.registry.consentOf(w.alice.address)).to.equal(0n);
        await expect(w.registry.connect(w.attester).bind(w.alice.address, 9n))
          .to.be.revertedWithCustomError(w.registry, "IdentityBindingNotConsented")
          .withArgs(w.alice.address, 9n);
      });

      it("S9 a bind front-running a withdrawal binds only where the account consented, and it can leave at once", async function () {
        const w = await quadraticWorld(mode, "strict");
        const registry = w.registry!;
        const id = await propose(w, "S9: withdrawal front-run");
        // erin consented to alice's identity (alice admitted her) and wants to withdraw; the attester binds first.
        await registry.connect(w.erin).consentToBind(HOLDER_IDENTITY.alice);
        await registry.connect(w.alice).admitMember(HOLDER_IDENTITY.alice, w.erin.address);
        await registry.connect(w.attester).bind(w.erin.address, HOLDER_IDENTITY.alice);
        await expect(registry.connect(w.erin).consentToBind(0n)).to.emit(registry, "BindingConsented");
        await expect(registry.connect(w.erin).unbind(w.erin.address))
          .to.emit(registry, "IdentityUnbound")
          .withArgs(HOLDER_IDENTITY.alice, w.erin.address, w.erin.address);
        // The proposal's snapshot came after both: erin is out of alice's identity and, unbound, not eligible.
        await w.helper.waitForSnapshot(id);
        await expect(w.governor.connect(w.erin).castVote(id, VoteType.For))
          .to.be.revertedWithCustomError(w.governor, "GovernorVoterNotEligible")
          .withArgs(w.erin.address, id);
        await expect(w.governor.connect(w.alice).castVote(id, VoteType.For))
          .to.emit(w.governor, "VoteCast")
          .withArgs(w.alice.address, id, VoteType.For, isqrt(QUADRATIC_ALLOCATION.alice), "");
      });
    });

    it("S9 ids stay within 1 .. 2^208 - 1 for consents (IdentityInvalidId); admitting the zero address is refused", async function () {
      const w = await registries();
      await expect(w.registry.connect(w.alice).consentToBind(2n ** 208n))
        .to.be.revertedWithCustomError(w.registry, "IdentityInvalidId")
        .withArgs(2n ** 208n);
      await bindIdentity(w.registry, w.attester, w.alice, 7n);
      await expect(w.registry.connect(w.alice).admitMember(7n, hre.ethers.ZeroAddress))
        .to.be.revertedWithCustomError(w.registry, "IdentityZeroAddress")
        .withArgs();
      await expect(w.registry.connect(w.alice).admitMember(0n, w.bob.address))
        .to.be.revertedWithCustomError(w.registry, "IdentityNotMember")
        .withArgs(w.alice.address, 0n);
    });
  });
}
