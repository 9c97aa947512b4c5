/**
 * Batched transactions on the in-process Hardhat network, for replays that send tens of thousands of them.
 *
 * What makes it fast (measured on Hardhat 2.29 / EDR):
 * - automining is off and a few hundred transactions are mined per block with `evm_mine` under a raised block gas
 *   limit (one block per transaction costs a state commit each; blocks of thousands cost more per transaction than
 *   blocks of hundreds);
 * - every transaction carries an explicit gas limit and explicit EIP-1559 fees: without fees, Hardhat's gas-price
 *   provider asks for the fee history once per transaction, which re-executes the pending block, so a batch of n
 *   pending transactions costs O(n²);
 * - requests are issued with a small bounded concurrency ({@link REQUEST_CONCURRENCY}) and pre-encoded calldata;
 *   unbounded concurrency makes EDR spawn a thread per request;
 * - real voter addresses are impersonated (`hardhat_impersonateAccount`) and given ETH for gas (`hardhat_setBalance`).
 *
 * Memory: EDR's allocator (mimalloc) keeps the freed memory of its short-lived worker threads and backs it with
 * transparent huge pages, so a long run grows by ~150 KB per transaction (a Compound replay plus a few thousand ENS
 * holders reached 10 GB; an `npm start` draft was OOM-killed). This module therefore defaults
 * `MIMALLOC_PURGE_DELAY=0` and `MIMALLOC_ALLOW_LARGE_OS_PAGES=0` when it is loaded: mimalloc reads them when EDR's
 * native module loads, on the network's first request, which comes after `lib` is imported in every script, test and
 * task.
 * With them memory stays at a few GB for 275k transactions, and the runs are no slower (measured).
 *
 * {@link ReplayChain.open} takes an `evm_snapshot` first and {@link ReplayChain.close} reverts to it and restores
 * automining and the block gas limit, so a replay leaves the network as it found it (tests can run after it).
 * Failed transactions are not detected one by one (fetching every receipt would double the time): callers verify
 * the end state (e.g. every counted vote weight) and call {@link ReplayChain.failures} to explain a mismatch.
 */
import type { EthereumProvider } from "hardhat/types";

process.env.MIMALLOC_PURGE_DELAY ??= "0";
process.env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= "0";

/** One transaction to send. `label` names it in error messages. */
export interface QueuedTx {
  from: string;
  to: string;
  data: string;
  gas: bigint;
  label: string;
}

/** A sent transaction: its hash and label. */
export interface SentTx {
  hash: string;
  label: string;
}

/** Block gas limit while replaying: far above what any batch uses, so a batch is mined in as few blocks as possible. */
const REPLAY_BLOCK_GAS_LIMIT = 1n << 40n;
/** ETH given to every impersonated account for gas (wei). */
const GAS_MONEY = 10n ** 21n;
/**
 * Fee fields of every transaction. Explicit, so Hardhat's gas-price provider does not ask for the fee history once per
 * transaction; far above the base fee, which only falls while blocks stay below the raised gas target.
 */
const MAX_FEE_PER_GAS = 100n * 10n ** 9n;
/** Transactions per mined block at most (default). */
const DEFAULT_BATCH = 500;
/** JSON-RPC requests in flight at once. */
export const REQUEST_CONCURRENCY = 16;

/** Runs `f` over `items` with at most `limit` calls in flight; results in item order. */
async function inPool<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function hex(n: bigint): string {
  return "0x" + n.toString(16);
}

export class ReplayChain {
  /** Transactions sent so far. */
  transactions = 0;
  /** Blocks mined by {@link mine} and {@link advanceTo}. */
  blocks = 0;
  private queue: QueuedTx[] = [];
  private readonly impersonated = new Set<string>();

  private constructor(
    readonly provider: EthereumProvider,
    private readonly snapshotId: string,
    private readonly restore: { automine: boolean; gasLimit: bigint },
    readonly batchSize: number,
  ) {}

  /** Snapshots the network and switches to batched mining. Call {@link close} in a `finally`. */
  static async open(provider: EthereumProvider, batchSize = DEFAULT_BATCH): Promise<ReplayChain> {
    const automine = (await provider.request({ method: "hardhat_getAutomine", params: [] })) as boolean;
    const latest = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      gasLimit: string;
    };
    const snapshotId = (await provider.request({ method: "evm_snapshot", params: [] })) as string;
    await provider.request({ method: "evm_setBlockGasLimit", params: [hex(REPLAY_BLOCK_GAS_LIMIT)] });
    return new ReplayChain(provider, snapshotId, { automine, gasLimit: BigInt(latest.gasLimit) }, batchSize);
  }

  /** Automining on (for deployments that wait for each receipt, e.g. Ignition) or off (batched mining). */
  async setAutomine(on: boolean): Promise<void> {
    await this.provider.request({ method: "evm_setAutomine", params: [on] });
  }

  /** Reverts everything since {@link open} and restores automining and the block gas limit. */
  async close(): Promise<void> {
    this.queue = [];
    await this.provider.request({ method: "evm_revert", params: [this.snapshotId] });
    await this.provider.request({ method: "evm_setBlockGasLimit", params: [hex(this.restore.gasLimit)] });
    await this.provider.request({ method: "evm_setAutomine", params: [this.restore.automine] });
  }

  /** Impersonates the addresses not impersonated yet and gives each ETH for gas. Returns how many were new. */
  async impersonate(addresses: Iterable<string>): Promise<number> {
    const fresh = [...new Set([...addresses].map((a) => a.toLowerCase()))].filter((a) => !this.impersonated.has(a));
    await inPool(fresh, REQUEST_CONCURRENCY, async (a) => {
      await this.provider.request({ method: "hardhat_impersonateAccount", params: [a] });
      await this.provider.request({ method: "hardhat_setBalance", params: [a, hex(GAS_MONEY)] });
    });
    for (const a of fresh) this.impersonated.add(a);
    return fresh.length;
  }

  /** Queues a transaction for the next {@link mine}. */
  send(tx: QueuedTx): void {
    this.queue.push(tx);
  }

  /** Transactions queued and not mined yet. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Sends the queued transactions and mines them: `batchSize` at a time, then `evm_mine` until the block(s) hold all
   * of them. Returns the sent transactions in queue order. Transactions of one sender keep their
   * queue order (nonces are assigned in request order); across senders a block's order is the mempool's.
   */
  async mine(): Promise<SentTx[]> {
    const queue = this.queue;
    this.queue = [];
    const sent: SentTx[] = [];
    for (let i = 0; i < queue.length; i += this.batchSize) {
      const chunk = queue.slice(i, i + this.batchSize);
      const hashes = await inPool(chunk, REQUEST_CONCURRENCY, (tx) =>
        this.provider
          .request({
            method: "eth_sendTransaction",
            params: [
              {
                from: tx.from,
                to: tx.to,
                data: tx.data,
                gas: hex(tx.gas),
                maxFeePerGas: hex(MAX_FEE_PER_GAS),
                maxPriorityFeePerGas: "0x0",
              },
            ],
          })
          .catch((e: unknown) => {
            throw new Error(`could not send ${tx.label}: ${e instanceof Error ? e.message : String(e)}`);
          }),
      );
      chunk.forEach((tx, k) => sent.push({ hash: hashes[k] as string, label: tx.label }));
      let included = 0;
      for (let blocks = 0; included < chunk.length; blocks++) {
        if (blocks > 1_000) throw new Error(`${chunk.length - included} transactions were never mined`);
        await this.provider.request({ method: "evm_mine", params: [] });
        this.blocks++;
        const count = (await this.provider.request({
          method: "eth_getBlockTransactionCountByNumber",
          params: ["latest"],
        })) as string;
        included += Number(BigInt(count));
      }
      this.transactions += chunk.length;
    }
    return sent;
  }

  /** Latest block number. */
  async blockNumber(): Promise<number> {
    return Number(BigInt((await this.provider.request({ method: "eth_blockNumber", params: [] })) as string));
  }

  /** Timestamp of the latest block. */
  async timestamp(): Promise<bigint> {
    const block = (await this.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      timestamp: string;
    };
    return BigInt(block.timestamp);
  }

  /** Mines one (empty) block at `timestamp` when the latest block is older. */
  async advanceTo(timestamp: bigint): Promise<void> {
    if (timestamp <= (await this.timestamp())) return;
    await this.provider.request({ method: "evm_setNextBlockTimestamp", params: [hex(timestamp)] });
    await this.provider.request({ method: "evm_mine", params: [] });
    this.blocks++;
  }

  /** `eth_call` at the latest block. */
  async call(to: string, data: string): Promise<string> {
    return (await this.provider.request({ method: "eth_call", params: [{ to, data }, "latest"] })) as string;
  }

  /** `eth_getLogs` of `addresses` with first topic `topic0` over blocks [from, to], in ranges of `step` blocks. */
  async logs(
    addresses: string[],
    topic0: string,
    from: number,
    to: number,
    step = 50,
  ): Promise<{ address: string; topics: string[]; data: string; blockNumber: string }[]> {
    const out: { address: string; topics: string[]; data: string; blockNumber: string }[] = [];
    for (let start = from; start <= to; start += step) {
      const end = Math.min(to, start + step - 1);
      const logs = (await this.provider.request({
        method: "eth_getLogs",
        params: [{ address: addresses, topics: [topic0], fromBlock: hex(BigInt(start)), toBlock: hex(BigInt(end)) }],
      })) as { address: string; topics: string[]; data: string; blockNumber: string }[];
      out.push(...logs);
    }
    return out;
  }

  /** The sent transactions that reverted (receipt status 0), at most `max`: for error messages only. */
  async failures(sent: readonly SentTx[], max = 5): Promise<string[]> {
    const failed: string[] = [];
    for (const tx of sent) {
      const receipt = (await this.provider.request({ method: "eth_getTransactionReceipt", params: [tx.hash] })) as {
        status: string;
      } | null;
      if (receipt === null) failed.push(`${tx.label}: not mined`);
      else if (BigInt(receipt.status) !== 1n) failed.push(`${tx.label}: reverted`);
      if (failed.length >= max) break;
    }
    return failed;
  }
}
