/**
 * Reading the deployment target for `--network remote` from the environment.
 * Pure functions (no Hardhat import) so the config, tests and scripts share them.
 */

export const REMOTE_NETWORK_NAME = "remote";

export interface RemoteNetworkEnv {
  url: string;
  deployerKey: string;
}

/** Thrown when `RPC_URL` / `DEPLOYER_KEY` are missing or malformed; the message names each problem. */
export class RemoteNetworkEnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `cannot use --network ${REMOTE_NETWORK_NAME}:\n` +
        problems.map((p) => `  - ${p}`).join("\n") +
        `\nSet RPC_URL (http(s) or ws(s) JSON-RPC endpoint) and DEPLOYER_KEY (0x + 64 hex digits).`,
    );
    this.name = "RemoteNetworkEnvError";
  }
}

/** True when this Hardhat invocation targets the remote network (`--network remote` or HARDHAT_NETWORK). */
export function isRemoteNetworkRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env.HARDHAT_NETWORK === REMOTE_NETWORK_NAME) return true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--network" && argv[i + 1] === REMOTE_NETWORK_NAME) return true;
    if (argv[i] === `--network=${REMOTE_NETWORK_NAME}`) return true;
  }
  return false;
}

const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;

/** Validates and returns the remote network settings, or throws {@link RemoteNetworkEnvError}. */
export function readRemoteNetworkEnv(env: NodeJS.ProcessEnv): RemoteNetworkEnv {
  const problems: string[] = [];
  const url = env.RPC_URL?.trim() ?? "";
  const key = env.DEPLOYER_KEY?.trim() ?? "";

  if (url === "") {
    problems.push("RPC_URL is not set");
  } else {
    let protocol = "";
    try {
      protocol = new URL(url).protocol;
    } catch {
      problems.push(`RPC_URL is not a URL: "${url}"`);
    }
    if (protocol !== "" && !["http:", "https:", "ws:", "wss:"].includes(protocol)) {
      problems.push(`RPC_URL must use http(s) or ws(s), got "${protocol}"`);
    }
  }

  if (key === "") {
    problems.push("DEPLOYER_KEY is not set");
  } else if (!PRIVATE_KEY.test(key)) {
    // Never echo the key itself: report only its shape.
    problems.push(`DEPLOYER_KEY must be 0x followed by 64 hex digits (got ${key.length} characters)`);
  }

  if (problems.length > 0) throw new RemoteNetworkEnvError(problems);
  return { url, deployerKey: key };
}
