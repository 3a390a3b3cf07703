/**
 * Malformed requests to every route handler and every page of the production build, as every realm
 * (issue 14 items 5, 8, 9, 10). Route handlers and pages are found by walking app/, so the ones
 * added later are sent the same battery without a line here: every HTTP method, bodies that are
 * empty, not JSON, the wrong JSON, the wrong content type or too large, repeated and huge query
 * parameters, and dynamic segments filled with garbage. None may answer 5xx, and none may show
 * zod's raw issue text. Then the specific cases the issue reproduced.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn as signInOverHttp } from '../../scripts/bench/http';
import { appUrl } from '../helpers/browser';

const APP_DIR = path.resolve(import.meta.dirname, '..', '..', 'app');
const PASSWORD = 'seatplan-demo';

/** app/<…>/route.ts and page.tsx files as URL templates ('billing/invoices/[invoiceId]/pdf'). */
function walk(kind: 'route.ts' | 'page.tsx'): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!name.startsWith('_')) visit(p); // _components: not routes
      } else if (name === kind) {
        out.push(path.relative(APP_DIR, dir).split(path.sep).filter((seg) => !/^\(.*\)$/.test(seg)).join('/'));
      }
    }
  };
  visit(APP_DIR);
  return out.sort();
}

const GARBAGE_SEGMENTS = ['x', 'not-an-id', '%00', '..%2F..%2Fetc%2Fpasswd', '%E2%9C%93', 'a'.repeat(300), 'inv_%27%20OR%201%3D1', '%5B%5D'];
const fill = (template: string, value: string) => `/${template.replace(/\[\.\.\.[^\]]+\]/g, `${value}/${value}`).replace(/\[[^\]]+\]/g, value)}`;
const ZOD_TEXT = /"code":\s*"(invalid_|too_|unrecognized)|Invalid input: expected|"path":\s*\[/;

const BODIES: Array<{ type?: string; body?: string }> = [
  {},
  { type: 'application/json', body: '' },
  { type: 'application/json', body: '{"json": ' },
  { type: 'application/json', body: '[1,2,3]' },
  { type: 'application/json', body: '{"json":{"__proto__":{"polluted":true}}}' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&a=2&locale[]=it' },
  { type: 'multipart/form-data; boundary=nope', body: '--nope\r\nbroken' },
  { type: 'application/json', body: `{"json":"${'x'.repeat(2 * 1024 * 1024)}"}` },
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Realm {
  name: string;
  cookie: string;
}

describe('malformed requests to every route handler and page, as every realm (issue 14 items 5, 10)', () => {
  const realms: Realm[] = [{ name: 'anonymous', cookie: '' }];
  beforeAll(async () => {
    const base = appUrl('/').replace(/\/$/, '');
    realms.push(
      { name: 'product billing admin', cookie: await signInOverHttp(base, 'product', { email: 'bella@northwind.example', password: PASSWORD }) },
      { name: 'product standard', cookie: await signInOverHttp(base, 'product', { email: 'sam@northwind.example', password: PASSWORD }) },
      { name: 'portal', cookie: await signInOverHttp(base, 'portal', { userId: 'globex-billing', password: PASSWORD }) },
      { name: 'staff', cookie: await signInOverHttp(base, 'staff', { email: 'otto.ops@seatplan.example', password: PASSWORD }) },
    );
  });

  async function send(method: string, url: string, realm: Realm, body: { type?: string; body?: string } = {}) {
    const headers: Record<string, string> = { origin: new URL(appUrl('/')).origin };
    if (realm.cookie) headers.cookie = realm.cookie;
    if (body.type) headers['content-type'] = body.type;
    const res = await fetch(appUrl(url), { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body.body, redirect: 'manual' }).catch((err: Error) => ({ status: 0, text: async () => err.message }) as unknown as Response);
    const text = await res.text();
    return { status: res.status, text };
  }

  it('10: every route handler, every method and body, garbage in every dynamic segment: never a 5xx, never zod text', async () => {
    const routes = walk('route.ts');
    expect(routes).toContain('api/trpc/[trpc]');
    const problems: string[] = [];
    for (const route of routes) {
      const urls = route.includes('[') ? GARBAGE_SEGMENTS.slice(0, 4).map((g) => fill(route, g)) : [`/${route}`, `/${route}?a=1&a=2&${'b'.repeat(5000)}=1`];
      for (const realm of realms) {
        for (const [u, url] of urls.entries()) {
          for (const method of METHODS) {
            // The 2 MB body once per route and realm: enough to see it refused, not a load test.
            for (const body of method === 'GET' ? [{}] : BODIES.filter((b) => u === 0 || (b.body?.length ?? 0) < 1e6)) {
              const r = await send(method, url, realm, body);
              const what = `${method} /${route} (${body.type ?? 'no body'}${body.body ? `, ${body.body.length > 40 ? `${body.body.length} bytes` : JSON.stringify(body.body)}` : ''})`;
              if (r.status === 0 || r.status >= 500) problems.push(`${what} as ${realm.name}: ${r.status} ${r.text.slice(0, 120)}`);
              else if (ZOD_TEXT.test(r.text)) problems.push(`${what} as ${realm.name}: zod text ${r.text.slice(0, 120)}`);
            }
          }
        }
      }
    }
    // One line per kind of failure (the same one repeats for every realm and garbage value).
    expect([...new Set(problems.map((p) => p.replace(/ as .*?: /, ': ')))].slice(0, 40)).toEqual([]);
  }, 900_000);

  it('5 10: every page with garbage in its dynamic segments, and repeated or hostile query parameters: a 404 or a page, never a 5xx or zod text', async () => {
    const pages = walk('page.tsx');
    expect(pages).toContain('billing/orders/[orderId]');
    const problems: string[] = [];
    const queries = ['?callbackUrl=a&callbackUrl=b', '?token=a&token=b', '?callbackUrl=%2F%09%2Fevil.example', `?x=${'y'.repeat(6000)}`, '?category=%00&category[]=x'];
    for (const page of pages) {
      const urls = page.includes('[') ? GARBAGE_SEGMENTS.slice(0, 5).map((g) => fill(page, g)) : queries.map((q) => `/${page}${q}`);
      for (const realm of realms) {
        for (const url of urls) {
          const r = await send('GET', url, realm);
          if (r.status === 0 || r.status >= 500) problems.push(`GET ${url.slice(0, 80)} as ${realm.name}: ${r.status}`);
          else if (ZOD_TEXT.test(r.text)) problems.push(`GET ${url.slice(0, 80)} as ${realm.name}: zod text on the page`);
          else if (page.includes('[') && realm.name === 'product billing admin' && page.startsWith('billing/') && r.status === 200) problems.push(`GET ${url.slice(0, 80)}: 200 for an ID that cannot exist (expected 404)`);
        }
      }
    }
    expect(problems.slice(0, 30)).toEqual([]);
  }, 900_000);

  it('5: the cases reproduced in the issue', async () => {
    const anon = realms[0]!;
    for (const p of ['/signin', '/portal/signin', '/backoffice/signin']) expect((await send('GET', `${p}?callbackUrl=a&callbackUrl=b`, anon)).status).toBe(200);
    const reset = await send('GET', '/reset-password?token=a&token=b', anon);
    expect(reset.status).toBe(200);
    expect(reset.text).toContain('This reset link is not valid or has expired');
    for (const body of [{ type: 'application/json', body: '{"locale":"it"}' }, { type: 'application/x-www-form-urlencoded', body: '' }, {}]) {
      expect((await send('POST', '/api/locale', anon, body)).status).toBe(400);
    }
    const switched = await send('POST', '/api/locale', anon, { type: 'application/x-www-form-urlencoded', body: 'locale=it' });
    expect(switched.status).toBe(303);
    // A malformed ID: a 404 page, not zod's text in a 200.
    const bella = realms[1]!;
    for (const url of ['/billing/modify/garbage', '/billing/subscribe/garbage', '/billing/orders/garbage', '/billing/seats/garbage', '/billing/invoices/garbage/pdf', '/billing/credit-notes/garbage/pdf']) {
      const r = await send('GET', url, bella);
      expect(r.status, url).toBe(404);
      expect(r.text, url).not.toMatch(ZOD_TEXT);
    }
  });
});

describe('request limits, headers and sessions over HTTP (issue 14 items 8, 9)', () => {
  it('9: tRPC refuses bodies over 100 kB (413) and batches of more than 10 calls (400); the Stripe webhook refuses bodies over 512 kB', async () => {
    const cookie = await signInOverHttp(appUrl('/').replace(/\/$/, ''), 'product', { email: 'bella@northwind.example', password: PASSWORD });
    const headers = { cookie, origin: new URL(appUrl('/')).origin, 'content-type': 'application/json' };
    const big = await fetch(appUrl('/api/trpc/admin.emailBillingAdmin'), { method: 'POST', headers, body: JSON.stringify({ json: { message: 'x'.repeat(200 * 1024) } }) });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('This request is too large.');
    const eleven = Array.from({ length: 11 }, () => 'account.me').join(',');
    const batch = await fetch(appUrl(`/api/trpc/${eleven}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`), { headers: { cookie } });
    expect(batch.status).toBe(400);
    const ten = Array.from({ length: 10 }, () => 'account.me').join(',');
    expect((await fetch(appUrl(`/api/trpc/${ten}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`), { headers: { cookie } })).status).toBe(200);
    const hook = await fetch(appUrl('/api/stripe/webhook'), { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00', 'content-type': 'application/json' }, body: 'x'.repeat(600 * 1024) });
    expect(hook.status).toBe(413);
  });

  it('9: the Content-Security-Policy names the Stripe origin in use and no loopback wildcard; no HSTS over plain http', async () => {
    const res = await fetch(appUrl('/signin'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).not.toMatch(/localhost:\*|127\.0\.0\.1:\*/);
    expect(csp).toContain(new URL(process.env.STRIPE_API_BASE!).origin);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('8: signing out revokes the session server-side: a copy of its cookie is refused afterwards', async () => {
    const base = appUrl('/').replace(/\/$/, '');
    const cookie = await signInOverHttp(base, 'product', { email: 'sam@northwind.example', password: PASSWORD });
    const me = () => fetch(appUrl(`/api/trpc/account.me?input=${encodeURIComponent(JSON.stringify({}))}`), { headers: { cookie } });
    expect((await me()).status).toBe(200);
    const csrf = (await (await fetch(appUrl('/api/auth/csrf'), { headers: { cookie } })).json()) as { csrfToken: string };
    const out = await fetch(appUrl('/api/auth/signout'), { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: 'true' }).toString() });
    expect(out.status).toBeLessThan(400);
    // The browser drops the cookie; a copy made before is refused by the server now.
    expect((await me()).status).toBe(401);
  });
});
