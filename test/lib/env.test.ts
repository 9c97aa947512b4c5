import { expect } from "chai";
import { spawnSync } from "node:child_process";
import path from "node:path";

import { isRemoteNetworkRequested, readRemoteNetworkEnv, RemoteNetworkEnvError } from "../../lib";

const KEY = "0x" + "ab".repeat(32);

describe("lib/env: the remote network from RPC_URL and DEPLOYER_KEY", function () {
  it("accepts an http(s) or ws(s) URL and a 32-byte hex key", function () {
    for (const url of ["http://127.0.0.1:8545", "https://rpc.example.org/v1/x", "wss://rpc.example.org"]) {
      expect(readRemoteNetworkEnv({ RPC_URL: url, DEPLOYER_KEY: KEY })).to.deep.equal({ url, deployerKey: KEY });
    }
  });

  it("names every missing variable at once", function () {
    try {
      readRemoteNetworkEnv({});
      expect.fail("should have thrown");
    } catch (e) {
      expect(e).to.be.instanceOf(RemoteNetworkEnvError);
      expect((e as RemoteNetworkEnvError).problems).to.deep.equal(["RPC_URL is not set", "DEPLOYER_KEY is not set"]);
    }
  });

  it("rejects a malformed URL, a non-RPC scheme and a malformed key without echoing the key", function () {
    expect(() => readRemoteNetworkEnv({ RPC_URL: "not a url", DEPLOYER_KEY: KEY })).to.throw(
      RemoteNetworkEnvError,
      'RPC_URL is not a URL: "not a url"',
    );
    expect(() => readRemoteNetworkEnv({ RPC_URL: "ftp://host", DEPLOYER_KEY: KEY })).to.throw(
      'RPC_URL must use http(s) or ws(s), got "ftp:"',
    );
    const secretish = "0x1234";
    try {
      readRemoteNetworkEnv({ RPC_URL: "http://localhost:8545", DEPLOYER_KEY: secretish });
      expect.fail("should have thrown");
    } catch (e) {
      const message = (e as Error).message;
      expect(message).to.contain("DEPLOYER_KEY must be 0x followed by 64 hex digits (got 6 characters)");
      expect(message).not.to.contain(secretish);
    }
  });

  it("is only consulted when the remote network is requested", function () {
    expect(isRemoteNetworkRequested(["hardhat", "test"], {})).to.equal(false);
    expect(isRemoteNetworkRequested(["x", "--network", "remote"], {})).to.equal(true);
    expect(isRemoteNetworkRequested(["x", "--network=remote"], {})).to.equal(true);
    expect(isRemoteNetworkRequested(["x", "--network", "localhost"], {})).to.equal(false);
    expect(isRemoteNetworkRequested([], { HARDHAT_NETWORK: "remote" })).to.equal(true);
  });

  it("makes `hardhat --network remote` fail with the clear message when the environment is malformed", function () {
    this.timeout(60_000);
    const root = path.resolve(__dirname, "../..");
    const result = spawnSync(
      process.execPath,
      [require.resolve("hardhat/internal/cli/cli"), "--network", "remote", "accounts"],
      { cwd: root, env: { ...process.env, RPC_URL: "localhost:8545x", DEPLOYER_KEY: "nope" }, encoding: "utf8" },
    );
    expect(result.status).to.not.equal(0);
    const output = result.stdout + result.stderr;
    expect(output).to.contain("cannot use --network remote");
    expect(output).to.contain("DEPLOYER_KEY must be 0x followed by 64 hex digits");
  });
});
