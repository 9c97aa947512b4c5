import { formatUnits, parseUnits } from "ethers";

/** GOV has 18 decimals. */
export const GOV_DECIMALS = 18;

/** Whole tokens to wei: `gov(25_000)` or `gov("0.5")`. */
export function gov(amount: number | bigint | string): bigint {
  return parseUnits(amount.toString(), GOV_DECIMALS);
}

/** Wei to a readable token amount with thousands separators: "1,234,567.5 GOV". */
export function formatGov(wei: bigint, symbol = "GOV"): string {
  const [whole, fraction] = formatUnits(wei, GOV_DECIMALS).split(".");
  const grouped = BigInt(whole).toLocaleString("en-US");
  const trimmed = (fraction ?? "").replace(/0+$/, "");
  return `${grouped}${trimmed ? "." + trimmed.slice(0, 4) : ""} ${symbol}`;
}

/** `part` as a fraction of `whole` in basis points (1 bp = 0.01 %), rounded down. */
export function toBps(part: bigint, whole: bigint): bigint {
  if (whole === 0n) throw new RangeError("toBps: whole is zero");
  return (part * 10_000n) / whole;
}

/** `bps` basis points of `amount`, rounded down (what a Solidity `amount * bps / 10_000` gives). */
export function ofBps(amount: bigint, bps: bigint): bigint {
  return (amount * bps) / 10_000n;
}
