/**
 * Seeded random numbers. Every random choice in Remixer draws from a Random,
 * so that the same seed gives the same dataset and the same trained weights.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting generator):
 * 128 bits of state, which `state()` exposes so that training can checkpoint it.
 */

/** 128-bit hash of a string (cyrb128), used to turn seeds and labels into generator state. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export type RandomState = [number, number, number, number];

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator seeded from a number or string seed, optionally specialised by a label. */
  constructor(seed: number | string, label = '') {
    [this.a, this.b, this.c, this.d] = hash128(`${seed}/${label}`);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static fromState(state: RandomState): Random {
    const random = new Random(0);
    random.setState(state);
    return random;
  }

  /** An independent generator for a named sub-task; does not advance this one. */
  fork(label: string): Random {
    return new Random(`${this.a}:${this.b}:${this.c}:${this.d}`, label);
  }

  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: RandomState): void {
    [this.a, this.b, this.c, this.d] = state.map((v) => v >>> 0) as RandomState;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** A 31-bit integer seed for libraries that take one (tfjs initialisers, dropout). */
  seed(): number {
    return this.nextUint32() & 0x7fffffff;
  }
}
