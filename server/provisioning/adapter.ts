/**
 * WF-3 provisioning: where a product's added seats (and the admin contact's seat) become real. The
 * embedded default applies the entitlement in Seatplan's own database at once; a deployment whose
 * products live elsewhere configures an external provisioner (PROVISIONER_URL), which may take hours —
 * the workflow polls it and its 24-hour timer alerts people meanwhile. Every call carries the
 * provisioning's idempotency key: the provisioner applies a key at most once.
 */
export interface ProvisionRequest {
  idempotencyKey: string;
  accountId: string;
  serviceOrderId: string;
  productId: string;
  /** The account's subscription the seats join. */
  subscriptionId: string;
  seats: number;
  /** End of the added seats' term (co-termed to the contract end, or a new annual term). */
  termEnd: Date;
}

export type ProvisionResult =
  /** Applied (now or earlier under the same key); `ref` is the provisioner's reference. */
  | { status: 'applied'; ref: string | null }
  /** Accepted, still running: ask again later with the same key. */
  | { status: 'pending'; ref: string | null };

/** A refusal that retrying cannot fix (e.g. the product is retired at the provisioner). */
export class ProvisioningRefusedError extends Error {
  override name = 'ProvisioningRefusedError';
}

export interface ExternalProvisioner {
  /** Asks for (or about) the provisioning under this key. */
  provision(req: ProvisionRequest): Promise<ProvisionResult>;
  /** Undoes an applied provisioning (compensation); idempotent under the same key. */
  revoke(req: Pick<ProvisionRequest, 'idempotencyKey' | 'accountId' | 'productId' | 'seats'>): Promise<void>;
}

/**
 * The external provisioner over HTTP: `PUT {base}/provisions/{key}` with the request as JSON answers
 * 200 `{status: 'applied' | 'pending', ref}`, 409/422 for a permanent refusal; `DELETE` revokes. Our
 * key in the URL makes every call idempotent at the provisioner's side, whatever we retry.
 */
export function httpProvisioner(baseUrl: string, fetchImpl: typeof fetch = fetch): ExternalProvisioner {
  const url = (key: string) => new URL(`provisions/${encodeURIComponent(key)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  return {
    async provision(req) {
      const res = await fetchImpl(url(req.idempotencyKey), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...req, termEnd: req.termEnd.toISOString() }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status === 409 || res.status === 422) throw new ProvisioningRefusedError(`provisioner refused ${req.productId}: ${await res.text()}`);
      if (!res.ok) throw new Error(`provisioner answered ${res.status}`);
      const body = (await res.json()) as { status?: string; ref?: string | null };
      if (body.status !== 'applied' && body.status !== 'pending') throw new Error(`provisioner answered an unknown status ${String(body.status)}`);
      return { status: body.status, ref: body.ref ?? null };
    },
    async revoke(req) {
      const res = await fetchImpl(url(req.idempotencyKey), { method: 'DELETE', signal: AbortSignal.timeout(30_000) });
      if (!res.ok && res.status !== 404) throw new Error(`provisioner answered ${res.status} to a revoke`);
    },
  };
}
