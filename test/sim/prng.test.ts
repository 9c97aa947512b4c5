import { expect } from "chai";

import { hash32, Prng, prngFor } from "../../lib/sim/prng";

describe("sim: seeded PRNG (mulberry32)", function () {
  it("reproduces the reference mulberry32 outputs", function () {
    // From the canonical public-domain snippet (Tommy Ettinger) for seeds 0, 1 and 42.
    const expected: Record<number, number[]> = {
      0: [1144304738, 1416247, 958946056],
      1: [2693262067, 11749833, 2265367787],
      42: [2581720956, 1925393290, 3661312704],
    };
    for (const [seed, values] of Object.entries(expected)) {
      const p = new Prng(Number(seed));
      expect([p.nextUint32(), p.nextUint32(), p.nextUint32()]).to.deep.equal(values);
    }
  });

  it("is deterministic: the same seed gives the same stream, different seeds differ", function () {
    const draw = (seed: number) => {
      const p = new Prng(seed);
      return [p.next(), p.int(1, 6), p.bernoulli(0.3), p.shuffle([1, 2, 3, 4, 5]), p.bigint(10n, 20n)];
    };
    expect(draw(7)).to.deep.equal(draw(7));
    expect(draw(7)).to.not.deep.equal(draw(8));
    expect(prngFor("A2/600k", 3).next()).to.equal(prngFor("A2/600k", 3).next());
    expect(prngFor("A2/600k", 3).next()).to.not.equal(prngFor("A2/300k", 3).next());
  });

  it("forks independent named streams from the seed, not the state", function () {
    const a = new Prng(5);
    const before = a.fork("x").next();
    a.next();
    a.next();
    expect(a.fork("x").next()).to.equal(before);
    expect(a.fork("y").next()).to.not.equal(before);
  });

  it("draws floats in [0, 1), integers in range and fair-ish Bernoulli trials", function () {
    const p = new Prng(123);
    const counts = new Array<number>(6).fill(0);
    let heads = 0;
    let outOfRange = 0;
    for (let i = 0; i < 6000; i++) {
      const f = p.next();
      if (!(f >= 0 && f < 1)) outOfRange++;
      const k = p.int(1, 6);
      if (!(Number.isInteger(k) && k >= 1 && k <= 6)) outOfRange++;
      else counts[k - 1]! += 1;
      if (p.bernoulli(0.1)) heads++;
    }
    expect(outOfRange).to.equal(0);
    for (const c of counts) expect(c).to.be.within(850, 1150);
    expect(heads).to.be.within(480, 720);
    expect(new Prng(1).bernoulli(0)).to.equal(false);
    expect(new Prng(1).bernoulli(1)).to.equal(true);
  });

  it("shuffles into a permutation without touching the input", function () {
    const input = Array.from({ length: 30 }, (_, i) => i);
    const out = new Prng(9).shuffle(input);
    expect(input).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
    expect([...out].sort((a, b) => a - b)).to.deep.equal(input);
    expect(out).to.not.deep.equal(input);
  });

  it("rejects bad arguments", function () {
    expect(() => new Prng(-1)).to.throw(RangeError);
    expect(() => new Prng(1.5)).to.throw(RangeError);
    expect(() => new Prng(1).int(3, 2)).to.throw(RangeError);
    expect(() => new Prng(1).bernoulli(1.1)).to.throw(RangeError);
    expect(() => new Prng(1).pick([])).to.throw(RangeError);
    expect(hash32("")).to.equal(0x811c9dc5);
  });
});
