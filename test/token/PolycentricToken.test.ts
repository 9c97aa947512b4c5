import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { Signature } from "ethers";

import { gov, type ClockMode } from "../../lib";
import {
  PolycentricToken__factory,
  PolycentricTokenBlockClock__Mock__factory,
  type PolycentricToken,
} from "../../typechain-types";
import { CLOCK_MODES } from "../fixtures";
import { propertyRuns } from "../fixtures/effort";

const SUPPLY = gov(10_000_000);
const MAX_SAFE_SUPPLY = 2n ** 208n - 1n;

async function deployToken(mode: ClockMode, holder: string, supply = SUPPLY): Promise<PolycentricToken> {
  const [deployer] = await hre.ethers.getSigners();
  const factory =
    mode === "timestamp"
      ? new PolycentricToken__factory(deployer)
      : new PolycentricTokenBlockClock__Mock__factory(deployer);
  return (await factory.deploy("Polycentric", "GOV", holder, supply)) as PolycentricToken;
}

async function tokenWorld(mode: ClockMode) {
  const signers = await hre.ethers.getSigners();
  const [holder, alice, bob, carol] = signers;
  const token = await deployToken(mode, holder.address);
  return { token, holder, alice, bob, carol, signers };
}
const timestampTokenWorld = () => tokenWorld("timestamp");
const blockTokenWorld = () => tokenWorld("blocknumber");

async function now(mode: ClockMode): Promise<bigint> {
  return BigInt(mode === "timestamp" ? await time.latest() : await time.latestBlock());
}

for (const mode of CLOCK_MODES) {
  describe(`PolycentricToken (${mode} clock)`, function () {
    const world = () => loadFixture(mode === "timestamp" ? timestampTokenWorld : blockTokenWorld);

    it("mints the whole fixed supply to the initial holder, with no delegated votes yet", async function () {
      const { token, holder } = await world();
      expect(await token.name()).to.equal("Polycentric");
      expect(await token.symbol()).to.equal("GOV");
      expect(await token.totalSupply()).to.equal(SUPPLY);
      expect(await token.balanceOf(holder.address)).to.equal(SUPPLY);
      expect(await token.getVotes(holder.address)).to.equal(0n);
    });

    it("exposes its ERC-6372 clock", async function () {
      const { token } = await world();
      expect(await token.CLOCK_MODE()).to.equal(
        mode === "timestamp" ? "mode=timestamp" : "mode=blocknumber&from=default",
      );
      expect(await token.clock()).to.equal(await now(mode));
    });

    it("rejects a zero supply, a zero holder and a supply above the checkpoint range", async function () {
      const { token, holder } = await world();
      await expect(deployToken(mode, holder.address, 0n)).to.be.revertedWithCustomError(
        token,
        "PolycentricTokenZeroSupply",
      );
      await expect(deployToken(mode, hre.ethers.ZeroAddress))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(hre.ethers.ZeroAddress);
      await expect(deployToken(mode, holder.address, MAX_SAFE_SUPPLY + 1n))
        .to.be.revertedWithCustomError(token, "ERC20ExceededSafeSupply")
        .withArgs(MAX_SAFE_SUPPLY + 1n, MAX_SAFE_SUPPLY);
    });

    it("I10 snapshot reads: past votes, past delegate and past balance are fixed once the timepoint passes", async function () {
      const { token, holder, alice, bob } = await world();
      await token.transfer(alice.address, gov(1_000));
      await token.connect(alice).delegate(bob.address);
      const t1 = await now(mode);
      await token.transfer(alice.address, gov(500));
      const t2 = await now(mode);
      await token.connect(alice).delegate(alice.address);
      const t3 = await now(mode);
      await mine();

      expect(await token.getPastVotes(bob.address, t1)).to.equal(gov(1_000));
      expect(await token.getPastVotes(bob.address, t2)).to.equal(gov(1_500));
      expect(await token.getPastVotes(bob.address, t3)).to.equal(0n);
      expect(await token.getPastVotes(alice.address, t3)).to.equal(gov(1_500));
      // VotesDelegatedBalance: a delegator's third-party delegate and balance at a timepoint (override voting);
      // nothing for a self-delegated or undelegated account, whose balance is in its own votes or nowhere.
      expect(await token.getPastDelegation(alice.address, t1)).to.deep.equal([bob.address, gov(1_000)]);
      expect(await token.getPastDelegation(alice.address, t2)).to.deep.equal([bob.address, gov(1_500)]);
      expect(await token.getPastDelegation(alice.address, t3)).to.deep.equal([hre.ethers.ZeroAddress, 0n]);
      expect(await token.getPastDelegation(holder.address, t2)).to.deep.equal([hre.ethers.ZeroAddress, 0n]);
      expect(await token.getPastTotalSupply(t3)).to.equal(SUPPLY);
      // The fixed supply from the minting timepoint on (read from immutables), nothing before it.
      const mintedAt =
        mode === "timestamp"
          ? BigInt((await (await token.deploymentTransaction()!.wait())!.getBlock()).timestamp)
          : BigInt((await token.deploymentTransaction()!.wait())!.blockNumber);
      expect(await token.getPastTotalSupply(mintedAt)).to.equal(SUPPLY);
      expect(await token.getPastTotalSupply(mintedAt - 1n)).to.equal(0n);
    });

    it("refuses lookups at the current or a future timepoint", async function () {
      const { token, alice } = await world();
      const current = await now(mode);
      for (const lookup of [
        () => token.getPastVotes(alice.address, current + 1n),
        () => token.getPastTotalSupply(current + 1n),
        () => token.getPastDelegation(alice.address, current + 1n),
      ]) {
        await expect(lookup())
          .to.be.revertedWithCustomError(token, "ERC5805FutureLookup")
          .withArgs(current + 1n, current);
      }
    });

    it("A19 signatures: permit and delegateBySig consume their nonce once and bind the signer", async function () {
      const { token, holder, alice, bob } = await world();
      const network = await hre.ethers.provider.getNetwork();
      const domain = {
        name: "Polycentric",
        version: "1",
        chainId: network.chainId,
        verifyingContract: await token.getAddress(),
      };
      const deadline = BigInt(await time.latest()) + 3_600n;

      const permit = { owner: holder.address, spender: alice.address, value: gov(7), nonce: 0n, deadline };
      const permitSig = Signature.from(
        await holder.signTypedData(
          domain,
          {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          permit,
        ),
      );
      await token.permit(holder.address, alice.address, gov(7), deadline, permitSig.v, permitSig.r, permitSig.s);
      expect(await token.allowance(holder.address, alice.address)).to.equal(gov(7));
      // Replaying the same signature recovers a different signer, because the nonce moved on.
      await expect(
        token.permit(holder.address, alice.address, gov(7), deadline, permitSig.v, permitSig.r, permitSig.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      await expect(token.permit(holder.address, alice.address, gov(7), 1n, permitSig.v, permitSig.r, permitSig.s))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(1n);

      await token.transfer(bob.address, gov(100));
      const nonce = await token.nonces(bob.address);
      const delegation = { delegatee: alice.address, nonce, expiry: deadline };
      const delegationSig = Signature.from(
        await bob.signTypedData(
          domain,
          {
            Delegation: [
              { name: "delegatee", type: "address" },
              { name: "nonce", type: "uint256" },
              { name: "expiry", type: "uint256" },
            ],
          },
          delegation,
        ),
      );
      await token.delegateBySig(alice.address, nonce, deadline, delegationSig.v, delegationSig.r, delegationSig.s);
      expect(await token.delegates(bob.address)).to.equal(alice.address);
      expect(await token.getVotes(alice.address)).to.equal(gov(100));
      await expect(
        token.delegateBySig(alice.address, nonce, deadline, delegationSig.v, delegationSig.r, delegationSig.s),
      )
        .to.be.revertedWithCustomError(token, "InvalidAccountNonce")
        .withArgs(bob.address, nonce + 1n);
    });

    it("I1 conservation (property): delegated votes equal delegators' balances after any transfer/delegate sequence; getPastDelegation is exact at every past step", async function () {
      const { token, signers } = await world();
      const accounts = signers.slice(0, 5);
      const step = fc.oneof(
        fc.record({
          kind: fc.constant("transfer" as const),
          from: fc.nat({ max: 4 }),
          to: fc.nat({ max: 4 }),
          permille: fc.integer({ min: 0, max: 1_000 }),
        }),
        fc.record({ kind: fc.constant("delegate" as const), from: fc.nat({ max: 4 }), to: fc.nat({ max: 5 }) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          await loadFixture(mode === "timestamp" ? timestampTokenWorld : blockTokenWorld);
          // After each step: the timepoint and, per account, the (third-party delegate, balance) it must report.
          const history: { at: bigint; expected: [string, bigint][] }[] = [];
          for (const s of steps) {
            const from = accounts[s.from]!;
            if (s.kind === "transfer") {
              const amount = ((await token.balanceOf(from.address)) * BigInt(s.permille)) / 1_000n;
              await token.connect(from).transfer(accounts[s.to]!.address, amount);
            } else {
              // index 5 = delegate to nobody (address(0)): that balance stops counting
              const to = s.to === 5 ? hre.ethers.ZeroAddress : accounts[s.to]!.address;
              await token.connect(from).delegate(to);
            }
            const expected: [string, bigint][] = [];
            for (const a of accounts) {
              const delegate = await token.delegates(a.address);
              const thirdParty = delegate !== hre.ethers.ZeroAddress && delegate !== a.address;
              expected.push(thirdParty ? [delegate, await token.balanceOf(a.address)] : [hre.ethers.ZeroAddress, 0n]);
            }
            history.push({ at: await now(mode), expected });
          }
          const at = await now(mode);
          await mine();
          let delegatedBalances = 0n;
          let votes = 0n;
          for (const a of accounts) {
            const balance = await token.balanceOf(a.address);
            if ((await token.delegates(a.address)) !== hre.ethers.ZeroAddress) delegatedBalances += balance;
            votes += await token.getPastVotes(a.address, at);
          }
          expect(votes).to.equal(delegatedBalances);
          expect(votes).to.be.lte(await token.getPastTotalSupply(at));
          for (const { at: t, expected } of history) {
            for (const [i, a] of accounts.entries()) {
              expect(await token.getPastDelegation(a.address, t)).to.deep.equal(expected[i]);
            }
          }
        }),
        { numRuns: propertyRuns(50) },
      );
    });
  });
}
