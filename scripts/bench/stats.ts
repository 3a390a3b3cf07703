export interface Summary { n: number; p50: number; p99: number; mean: number; max: number }

/** Nearest-rank percentiles over the samples (milliseconds). */
export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: rank(50), p99: rank(99), mean, max: sorted[sorted.length - 1] ?? NaN };
}
