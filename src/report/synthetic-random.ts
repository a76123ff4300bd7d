/**
 * A small seeded pseudo-random generator for the synthetic dataset: the same seed gives
 * the same sequence on every platform, and drawing a number allocates nothing.
 */

/** Seeded PRNG (mulberry32) with the few distributions the synthetic reports need. */
export class Random {
  private state: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    this.state = mix32(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal deviate (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal factor with median 1: heavy right tail for "a few large" figures. */
  spread(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** Integer whose expectation is `mean`: rounds up with probability equal to the fraction. */
  round(mean: number): number {
    const floor = Math.floor(mean);
    return this.next() < mean - floor ? floor + 1 : floor;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A 32-bit unsigned integer, for deriving sub-seeds. */
  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** Avalanche mix of a 32-bit integer (murmur3 finaliser): spreads nearby seeds apart. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A deterministic 64-hex-digit stand-in for a file hash, derived from two integers. */
export function fakeSha256(seed: number, index: number): string {
  let out = '';
  let h = mix32((seed ^ Math.imul(index, 0x9e3779b1)) >>> 0) ^ mix32(Math.floor(index / 4294967296));
  for (let i = 0; i < 8; i++) {
    h = mix32((h + 0x9e3779b9 + i) >>> 0);
    out += HEX[h >>> 24]! + HEX[(h >>> 16) & 255]! + HEX[(h >>> 8) & 255]! + HEX[h & 255]!;
  }
  return out;
}
