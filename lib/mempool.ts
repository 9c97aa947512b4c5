/**
 * Mempool front-running on a Hardhat network (THREATS A17): with automining off, an honest transaction waits in the
 * pending block; a watcher reads it there and sends a byte-identical copy with a higher priority fee, which Hardhat
 * (ordering its mempool by tip, as block builders do) mines first. Shared by the A17 scenario test and the
 * simulator's A17 recipe. No Hardhat import: everything goes through the provider it is given (`hre.ethers.provider`).
 */
import { Interface, type Signer, type TransactionReceipt } from "ethers";

import type { Proposal } from "./proposal";

const GWEI = 10n ** 9n;
/** Generous for one propose; set explicitly so nothing is estimated while automining is off. */
export const PROPOSE_GAS = 1_000_000n;

/** What the front-running helpers need of a provider: raw JSON-RPC and receipts (HardhatEthersProvider has both). */
export interface MempoolProvider {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(method: string, params?: any[]): Promise<any>;
  getTransactionReceipt(hash: string): Promise<TransactionReceipt | null>;
}

export interface PendingTransaction {
  hash: string;
  from: string;
  to: string | null;
  input: string;
}

/** What a mempool watcher sees: the transactions of the node's pending block. */
export async function pendingTransactions(provider: MempoolProvider): Promise<PendingTransaction[]> {
  const block = (await provider.send("eth_getBlockByNumber", ["pending", true])) as {
    transactions: PendingTransaction[];
  };
  return block.transactions;
}

/** EIP-1559 fees with the given priority fee (in gwei), and an explicit gas limit: the mempool orders by the tip. */
export function tipFees(tipGwei: bigint, gasLimit = PROPOSE_GAS) {
  return { gasLimit, maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: tipGwei * GWEI };
}

/** The revert data of a mined, failed transaction (receipts do not carry it; the trace does). */
export async function minedRevertData(provider: MempoolProvider, hash: string): Promise<string> {
  const trace = (await provider.send("debug_traceTransaction", [
    hash,
    { disableStack: true, disableMemory: true, disableStorage: true },
  ])) as { failed: boolean; returnValue: string };
  if (!trace.failed) throw new Error(`transaction ${hash} did not fail`);
  return trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
}

const PROPOSE = new Interface(["function propose(address[],uint256[],bytes[],string) returns (uint256)"]);

export interface FrontRun {
  honest: TransactionReceipt;
  attacker: TransactionReceipt;
  /** The copy was mined in the honest transaction's block, before it. */
  attackerFirst: boolean;
}

/**
 * The honest proposer sends `propose(p)` to `governor` (tip 1 gwei) with automining off; the attacker finds it in
 * the mempool and sends the same calldata to the same contract with tip 2 gwei; one block is mined, and automining
 * is restored whatever happens. Returns both receipts (either may have failed: status 0).
 */
export async function frontRunPropose(
  provider: MempoolProvider,
  governor: string,
  p: Proposal,
  honest: Signer,
  attacker: Signer,
): Promise<FrontRun> {
  const honestAddress = (await honest.getAddress()).toLowerCase();
  const to = governor.toLowerCase();
  let hashes: { honest: string; attacker: string };
  await provider.send("evm_setAutomine", [false]);
  try {
    const data = PROPOSE.encodeFunctionData("propose", [p.targets, p.values, p.calldatas, p.description]);
    const sent = await honest.sendTransaction({ to: governor, data, ...tipFees(1n) });
    const seen = (await pendingTransactions(provider)).find(
      (tx) => tx.to?.toLowerCase() === to && tx.from.toLowerCase() === honestAddress,
    );
    if (seen === undefined || seen.hash !== sent.hash) throw new Error("the honest propose is not in the mempool");
    const copy = await attacker.sendTransaction({ to: seen.to!, data: seen.input, ...tipFees(2n) });
    hashes = { honest: sent.hash, attacker: copy.hash };
    await provider.send("evm_mine", []);
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  const receipt = async (hash: string) => {
    const r = await provider.getTransactionReceipt(hash);
    if (r === null) throw new Error(`transaction ${hash} was not mined`);
    return r;
  };
  const out = { honest: await receipt(hashes.honest), attacker: await receipt(hashes.attacker) };
  return {
    ...out,
    attackerFirst: out.attacker.blockNumber === out.honest.blockNumber && out.attacker.index < out.honest.index,
  };
}
