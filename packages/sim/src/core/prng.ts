/**
 * Seeded integer PRNG (mulberry32). Its whole state is one uint32, part of every snapshot, so
 * a replay draws the same numbers on every engine.
 */
export class Prng {
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1), from 32 bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }
}
