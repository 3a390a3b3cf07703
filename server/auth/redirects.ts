import { env } from '../env';

/**
 * Where to go after sign-in: only a place on our own origin (an open redirect would be a phishing
 * aid). The candidate is resolved the way a browser would — `new URL` against APP_URL strips tabs
 * and newlines and reads backslashes as slashes, so `/%09/evil.example` or `/\\evil.example` name
 * another host — and kept only if the origin is still ours; what is returned is the resolved path,
 * never the raw text. Anything but one string (a repeated parameter is an array) gets the fallback.
 */
export function safeNext(callbackUrl: string | string[] | undefined, fallback: string, appUrl: string = env().APP_URL): string {
  if (typeof callbackUrl !== 'string' || callbackUrl === '' || callbackUrl.length > 2000) return fallback;
  const base = new URL(appUrl);
  let target: URL;
  try {
    target = new URL(callbackUrl, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

/** One search parameter as a string: a repeated one (`?a=1&a=2` is an array) or a missing one is undefined. */
export function searchParam(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
