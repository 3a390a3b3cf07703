import fc from 'fast-check';
import superjson from 'superjson';

/**
 * Invalid inputs for a tRPC procedure, generated from its zod schema (zod 4's `_zod.def`): a
 * plausible valid value is built first, then broken one part at a time — each field given values of
 * the wrong type, out of its bounds, past its length, not matching its pattern, missing, or joined
 * by a key the schema does not know — and the whole input replaced by values of other shapes; then
 * fast-check's arbitrary values are added. Only values the schema itself REFUSES are kept
 * (`safeParse`), so every one must be answered with a clear 4xx and change nothing.
 *
 * Any zod type works: the ones it knows are broken with care, any other one still gets values of
 * every other shape.
 */
type Def = {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  element?: Schema;
};
export interface Schema {
  _zod: { def: Def };
  safeParse(v: unknown): { success: boolean };
}

const checksOf = (s: Schema) => (s._zod.def.checks ?? []).map((c) => c._zod.def);
const numberCheck = (s: Schema, name: string, key: string) => {
  const c = checksOf(s).find((d) => d.check === name);
  return c ? Number(c[key]) : undefined;
};
const patternOf = (s: Schema) => checksOf(s).find((d) => d.check === 'string_format' && d.pattern instanceof RegExp)?.pattern as RegExp | undefined;

/** The same shapes every input may be replaced by. */
const OTHER_SHAPES: unknown[] = [null, 0, -1, 1.5, Number.NaN, '', 'x', true, [], [1, 'a'], {}, { unexpected: 1 }, 10n, new Date(0), 'x'.repeat(20_000), { a: { b: { c: { d: { e: {} } } } } }];
/** Strings that break a string field in ways a careless server would not expect. */
const HOSTILE_STRINGS = ['\u0000', '../../../etc/passwd', "' OR 1=1; --", '<script>alert(1)</script>', '%00', ' ', 'ü'.repeat(300), '\uD800'];

/** A value the schema probably accepts: the base that mutations break one part at a time. */
export function plausible(s: Schema, rng = 1): unknown {
  const d = s._zod.def;
  switch (d.type) {
    case 'string': {
      const re = patternOf(s);
      if (re) return fc.sample(fc.stringMatching(re), { numRuns: 1, seed: rng })[0];
      return 'x'.repeat(Math.max(1, numberCheck(s, 'min_length', 'minimum') ?? 1));
    }
    case 'number':
      return Math.max(1, numberCheck(s, 'greater_than', 'value') ?? 1);
    case 'bigint':
      return 1n;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(d.entries ?? {})[0];
    case 'literal':
      return d.values?.[0];
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return plausible(d.innerType!, rng);
    case 'pipe':
      return plausible(d.in!, rng);
    case 'union':
      return plausible(d.options![0]!, rng);
    case 'object':
      return Object.fromEntries(Object.entries(d.shape ?? {}).map(([k, v]) => [k, plausible(v, rng)]));
    case 'array':
      return [];
    default:
      return undefined;
  }
}

/** Values that break this node of the schema (whether they break the whole input is for safeParse to say). */
function breakers(s: Schema): unknown[] {
  const d = s._zod.def;
  switch (d.type) {
    case 'string': {
      const max = numberCheck(s, 'max_length', 'maximum');
      const min = numberCheck(s, 'min_length', 'minimum');
      return [123, true, null, [], {}, ['a'], ...HOSTILE_STRINGS, ...(max !== undefined ? ['x'.repeat(max + 1)] : []), ...(min !== undefined && min > 0 ? ['x'.repeat(min - 1)] : []), ...(patternOf(s) ? ['not matching the pattern', `${String(plausible(s))}\n`] : [])];
    }
    case 'number':
      return ['1', null, Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, 1e21, -1e21, 2 ** 53 + 1, 10n, []];
    case 'bigint':
      return [1, '1', -1n, -(2n ** 70n), 2n ** 70n, null, 1.5, {}];
    case 'boolean':
      return ['true', 1, null, {}];
    case 'enum':
      return ['not-an-option', 0, null, String(Object.values(d.entries ?? {})[0] ?? '').toUpperCase() + '!'];
    case 'literal':
      return ['martian', 0, null, {}];
    case 'nullable':
      return breakers(d.innerType!).filter((v) => v !== null);
    case 'optional':
      return breakers(d.innerType!).filter((v) => v !== undefined);
    case 'default':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return breakers(d.innerType!);
    case 'pipe':
      return breakers(d.in!);
    case 'union':
      return d.options!.flatMap((o) => breakers(o));
    case 'object':
      return [...objectVariants(s), null, 'x', []];
    case 'array':
      return ['x', {}, [null], d.element ? [breakers(d.element)[0]] : [], Array.from({ length: 10_000 }, () => 0)];
    default:
      return [];
  }
}

/** An object with one field broken, one field missing, or one key too many. */
function objectVariants(s: Schema): unknown[] {
  const shape = s._zod.def.shape ?? {};
  const base = plausible(s) as Record<string, unknown>;
    // JSON.parse makes "__proto__" an own key, as a request body would.
  const out: unknown[] = [{ ...base, unexpectedKey: 'x' }, { ...base, ...JSON.parse('{"__proto__":{"polluted":true}}') }, { ...base, constructor: { prototype: { polluted: true } } }];
  // Field by field in turn (the first break of every field, then the second…), so a cap on the
  // number of inputs still reaches every field.
  const perField = Object.entries(shape).map(([key, field]) => {
    const { [key]: _dropped, ...without } = base;
    return [without, ...breakers(field).map((v) => ({ ...base, [key]: v }))];
  });
  for (let i = 0; perField.some((f) => i < f.length); i++) for (const f of perField) if (i < f.length) out.push(f[i]);
  return out;
}

function candidates(s: Schema): unknown[] {
  const d = s._zod.def;
  const inner = d.type === 'optional' || d.type === 'nullable' || d.type === 'default' ? d.innerType! : s;
  const id = inner._zod.def;
  const structured =
    id.type === 'object' ? objectVariants(inner)
    : id.type === 'union' ? id.options!.flatMap((o) => (o._zod.def.type === 'object' ? objectVariants(o) : breakers(o)))
    : breakers(inner);
  const random = fc.sample(fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withNullPrototype: true, withObjectString: true, withSparseArray: true }), { numRuns: 30, seed: 42 });
  return [...structured, ...OTHER_SHAPES, ...random];
}

const keyOf = (v: unknown) => {
  try {
    return superjson.stringify(v);
  } catch {
    return String(v);
  }
};

/** Up to `max` distinct inputs that every one of `parsers` would refuse (tRPC applies them in turn). */
export function invalidInputs(parsers: Schema[], max = 60): unknown[] {
  if (parsers.length === 0) return [];
  const refused = (v: unknown) => parsers.some((p) => !p.safeParse(v).success);
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of parsers.flatMap((p) => candidates(p))) {
    if (out.length >= max) break;
    const k = keyOf(v);
    if (seen.has(k) || !refused(v)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
