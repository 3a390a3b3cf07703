/**
 * The client's address for per-address throttling, from X-Forwarded-For.
 *
 * `next start` adds X-Forwarded-For with the socket's address only when the request has none, so:
 * - with no proxy in front (TRUSTED_PROXIES=0, the embedded default) the last entry is our own
 *   socket's view — unless the client sent the header itself, which it can, so per-address limits are
 *   best effort there (the per-user-ID limit does not depend on it);
 * - behind N proxies that each append the address they saw (TRUSTED_PROXIES=N), the entry N from the
 *   right is the address the outermost trusted proxy saw, which the client cannot forge.
 */
export function clientAddress(forwardedFor: string | null | undefined, trustedProxies: number): string | null {
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return null;
  const index = hops.length - Math.max(1, trustedProxies);
  return normalise(hops[Math.max(0, index)]!);
}

function normalise(address: string): string {
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) is the same client as 127.0.0.1.
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (v4 ? v4[1]! : address).toLowerCase().slice(0, 64);
}

/** Reads the header from either a Fetch `Headers` or a plain record (next-auth hands the latter). */
export function forwardedForOf(headers: Headers | Record<string, string | string[] | undefined> | undefined | null): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('x-forwarded-for');
  const v = (headers as Record<string, string | string[] | undefined>)['x-forwarded-for'];
  return Array.isArray(v) ? v.join(',') : (v ?? null);
}
