import superjson from 'superjson';

/** Signs a product user in through next-auth's credentials flow, as a browser would; returns the cookie header. */
export function signInProduct(appUrl: string, email: string, password: string): Promise<string> {
  return signIn(appUrl, 'product', { email, password });
}

/** Signs a Corporate Billing Portal user in with their portal user ID (004). */
export function signInPortal(appUrl: string, userId: string, password: string): Promise<string> {
  return signIn(appUrl, 'portal', { userId, password });
}

/** Signs a staff member in to the back office (sales rep, Corporate Account Services, operations). */
export function signInStaff(appUrl: string, email: string, password: string): Promise<string> {
  return signIn(appUrl, 'staff', { email, password });
}

export async function signIn(appUrl: string, realm: 'product' | 'portal' | 'staff', fields: Record<string, string>): Promise<string> {
  const csrfRes = await fetch(`${appUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      jar.set(k!, v.join('='));
    }
  };
  keep(csrfRes);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${appUrl}/api/auth/callback/${realm}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, ...fields, json: 'true' }).toString(),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`${realm} sign-in failed for ${Object.values(fields)[0]}: ${res.status}`);
  // A browser's first page after signing in gets the session's renewal cookies (server/auth/session-renewal.ts)
  // and sends them from then on; without them every bench request would renew the session.
  const first = await fetch(`${appUrl}/`, { headers: { cookie: cookieHeader() } });
  await first.arrayBuffer();
  keep(first);
  return cookieHeader();
}

/** One tRPC call over HTTP (the fetch adapter's non-batched wire format, superjson-encoded). */
export async function trpcCall(appUrl: string, cookie: string, procedure: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<unknown> {
  const encoded = superjson.serialize(input);
  const res = method === 'GET'
    ? await fetch(`${appUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(encoded))}`, { headers: { cookie } })
    : await fetch(`${appUrl}/api/trpc/${procedure}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: appUrl }, body: JSON.stringify(encoded) });
  const body = (await res.json()) as { result?: { data: { json: unknown; meta?: unknown } }; error?: { json: { message: string } } };
  if (!res.ok || !body.result) throw new Error(`${procedure} failed: ${res.status} ${JSON.stringify(body.error ?? body)}`);
  return superjson.deserialize(body.result.data as never);
}

/** As the order page follows it: each read answers when the order changed from the version last seen. */
export async function followOrder(app: string, cookie: string, orderId: string) {
  let after: string | undefined;
  for (;;) {
    const { status, version } = (await trpcCall(app, cookie, 'orders.get', { orderId, after }, 'GET')) as { status: string; version: string };
    if (status === 'completed') return;
    if (status === 'failed' || status === 'cancelled') throw new Error(`bench order ${orderId} ${status}`);
    after = version;
  }
}
