import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * The chaos run's seeded random choices (pure-rand's xoroshiro128+). Every job and every fault draws
 * from its own stream, forked from the run's seed by a label, so a replay with the same `CHAOS_SEED`
 * makes the same plan — the same accounts, orders, cards and fault points — however the concurrent
 * users interleave (only the timing differs from run to run).
 */
export class Rng {
  private constructor(private readonly gen: JumpableRandomGenerator, readonly seed: number) {}

  static fromSeed(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed), seed);
  }

  /** A new seed for a run that was given none (printed, so the run can be replayed). */
  static freshSeed(): number {
    return Math.floor(Math.random() * 0x7fffffff);
  }

  /** An independent stream for `label` (a job, a fault): the same label always gives the same stream. */
  fork(label: string): Rng {
    let h = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return Rng.fromSeed(h >>> 0);
  }

  /** A whole number from `from` to `to`, both included. */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }

  /** A number in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick of an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
