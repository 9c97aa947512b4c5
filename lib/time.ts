/** Durations and ERC-6372 clock modes. Governance durations are written in seconds and converted per clock. */

export type ClockMode = "timestamp" | "blocknumber";

export const SECOND = 1n;
export const MINUTE = 60n;
export const HOUR = 3_600n;
export const DAY = 86_400n;
export const WEEK = 7n * DAY;

/** Seconds per block assumed when a duration is expressed in blocks (Ethereum mainnet slot time). */
export const SECONDS_PER_BLOCK = 12n;

/** Parses an ERC-6372 `CLOCK_MODE()` string ("mode=timestamp", "mode=blocknumber&from=default"). */
export function parseClockMode(clockModeString: string): ClockMode {
  const params = new URLSearchParams(clockModeString);
  const mode = params.get("mode");
  if (mode === "timestamp") return "timestamp";
  if (mode === "blocknumber" && (params.get("from") ?? "default") === "default") return "blocknumber";
  throw new Error(`unsupported ERC-6372 CLOCK_MODE: "${clockModeString}"`);
}

/**
 * Converts a duration in seconds to the units of `mode`'s clock: seconds as they are, or whole blocks,
 * rounded up so a converted window is never shorter than asked.
 */
export function toClockUnits(seconds: bigint, mode: ClockMode): bigint {
  if (seconds < 0n) throw new RangeError(`negative duration: ${seconds}`);
  if (mode === "timestamp") return seconds;
  return (seconds + SECONDS_PER_BLOCK - 1n) / SECONDS_PER_BLOCK;
}

/** "1d 2h 3m 4s" for a number of seconds; used in progress and report lines. */
export function formatDuration(seconds: bigint): string {
  if (seconds === 0n) return "0s";
  const parts: string[] = [];
  let rest = seconds < 0n ? -seconds : seconds;
  for (const [unit, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", SECOND],
  ] as const) {
    if (rest >= size) {
      parts.push(`${rest / size}${unit}`);
      rest %= size;
    }
  }
  return (seconds < 0n ? "-" : "") + parts.join(" ");
}

/** A clock reading for people: an ISO date in timestamp mode, "block N" in block mode. */
export function formatTimepoint(timepoint: bigint, mode: ClockMode): string {
  if (mode === "blocknumber") return `block ${timepoint}`;
  return new Date(Number(timepoint) * 1000).toISOString().replace(".000Z", "Z");
}
