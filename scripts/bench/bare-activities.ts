export interface BenchActivities {
  noop(i: number): Promise<number>;
}

export function createBenchActivities(): BenchActivities {
  return { noop: async (i) => i };
}
