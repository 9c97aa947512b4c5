import { expect } from "chai";

import { formatRate, summarize, summarizeBySystem, wilson95, Z95 } from "../../lib/sim/stats";
import type { AttackRun } from "../../lib/sim/types";

function close(actual: [number, number], expected: [number, number], eps = 5e-5): void {
  expect(actual[0]).to.be.closeTo(expected[0], eps);
  expect(actual[1]).to.be.closeTo(expected[1], eps);
}

describe("sim: rate statistics", function () {
  it("Wilson 95 % intervals match published values (Newcombe 1998)", function () {
    expect(Z95).to.equal(1.959964);
    close(wilson95(81, 263), [0.2553, 0.3662], 1e-4); // Newcombe's example 1
    close(wilson95(0, 10), [0, 0.2775], 1e-4); // example 5
    close(wilson95(5, 10), [0.236593, 0.763407]);
    close(wilson95(10, 10), [0.722467, 1]);
    close(wilson95(50, 100), [0.403832, 0.596168]);
    close(wilson95(0, 50), [0, 0.071348]);
    close(wilson95(1, 50), [0.003539, 0.104954]);
  });

  it("Wilson bounds are exact at 0 and 1, symmetric, and [0, 1] without runs", function () {
    expect(wilson95(0, 200)[0]).to.equal(0);
    expect(wilson95(200, 200)[1]).to.equal(1);
    const [lo, hi] = wilson95(3, 50);
    const [lo2, hi2] = wilson95(47, 50);
    expect(lo).to.be.closeTo(1 - hi2, 1e-12);
    expect(hi).to.be.closeTo(1 - lo2, 1e-12);
    expect(wilson95(0, 0)).to.deep.equal([0, 1]);
    expect(() => wilson95(3, 2)).to.throw(RangeError);
    expect(() => wilson95(-1, 2)).to.throw(RangeError);
  });

  it("summarizes runs per system", function () {
    const run = (system: AttackRun["system"], success: boolean): AttackRun => ({
      system,
      seed: 0,
      success,
      attackerGain: 0n,
      attackerCost: { tokens: 0n, bondsBurned: 0n, eth: 0n },
      honestGas: 0n,
      invariantViolations: [],
    });
    const runs = [run("baseline", true), run("baseline", false), run("polycentric", false), run("baseline", true)];
    const s = summarize(runs.filter((r) => r.system === "baseline"));
    expect(s).to.deep.include({ runs: 3, successes: 2 });
    expect(s.rate).to.be.closeTo(2 / 3, 1e-12);
    close(s.wilson95, wilson95(2, 3));
    const by = summarizeBySystem(runs);
    expect(by.polycentric).to.deep.equal({ runs: 1, successes: 0, rate: 0, wilson95: wilson95(0, 1) });
    expect(summarize([])).to.deep.equal({ runs: 0, successes: 0, rate: 0, wilson95: [0, 1] });
    expect(formatRate(by.baseline)).to.match(/^0\.667 \[0\.\d{3}, 0\.\d{3}\] \(2\/3\)$/);
    expect(formatRate(undefined)).to.equal("-");
  });
});
