const SECOND = 1000;

/** C = round_half_up(P × (end − t) / (end − start)) in whole seconds, written out independently of the domain code. */
export function credit(paid: bigint, start: Date, end: Date, t: Date) {
  const s = BigInt(Math.floor(start.getTime() / SECOND));
  const e = BigInt(Math.floor(end.getTime() / SECOND));
  const x = BigInt(Math.floor(t.getTime() / SECOND));
  return (2n * paid * (e - x) + (e - s)) / (2n * (e - s));
}
