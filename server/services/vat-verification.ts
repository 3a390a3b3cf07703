import type { Trx } from '../../db/client';
import type { VatNumberCheck } from '../../db/schema';
import { validateVatNumber } from '../billing/vat-number';
import { env } from '../env';
import { userError } from '../errors';

/**
 * SPEC §8 / issue 14 item 11: a VAT number is always checked offline for format and check digits
 * (server/billing/vat-number.ts); with VIES_URL set it is also confirmed with VIES, the European
 * Commission's register of VAT numbers, before an order uses it. The account records which of the
 * two it was ('format' or 'vies'), and invoices print it.
 *
 * VIES is often unavailable for a member state: then the order goes ahead on the offline check
 * (recorded as 'format', and logged); only a definite "not registered" refuses the number.
 */
export interface ViesDeps {
  /** Base URL of the VIES REST API (…/taxation_customs/vies/rest-api); unset = offline checks only. */
  viesUrl?: string;
  fetch?: typeof fetch;
}

/** VIES knows the EU's numbers and Northern Ireland's (XI); not the UK's (GB). */
const NOT_IN_VIES = new Set(['GB']);

export async function verifyVatNumber(vatNumber: string, deps: ViesDeps = { viesUrl: env().VIES_URL }): Promise<VatNumberCheck> {
  const checked = validateVatNumber(vatNumber);
  if (!checked.valid) throw userError('BAD_REQUEST', 'errors.vat.invalid', {}, { field: 'vatNumber' });
  const prefix = checked.normalized.slice(0, 2);
  if (!deps.viesUrl || NOT_IN_VIES.has(prefix)) return 'format';
  let answer: { valid?: unknown };
  try {
    const res = await (deps.fetch ?? fetch)(new URL('check-vat-number', deps.viesUrl.endsWith('/') ? deps.viesUrl : `${deps.viesUrl}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ countryCode: prefix, vatNumber: checked.normalized.slice(2) }),
      signal: AbortSignal.timeout(8000),
    });
    if (!res.ok) throw new Error(`VIES answered ${res.status}`);
    answer = (await res.json()) as { valid?: unknown };
  } catch (err) {
    console.warn(`[vies] ${checked.normalized} not confirmed, kept as format-checked: ${(err as Error).message}`);
    return 'format';
  }
  if (answer.valid === true) return 'vies';
  if (answer.valid === false) throw userError('BAD_REQUEST', 'errors.vat.notRegistered', { number: checked.normalized }, { field: 'vatNumber', reason: 'not_registered' });
  console.warn(`[vies] ${checked.normalized}: no verdict in the answer, kept as format-checked`);
  return 'format';
}

/** Stores the account's VAT number with how far it was checked (inside the order's transaction). */
export async function recordVatNumber(trx: Trx, accountId: string, vatNumber: string, check: VatNumberCheck, at: Date): Promise<void> {
  await trx.updateTable('accounts').set({ vat_number: vatNumber, vat_number_check: check, vat_number_checked_at: at }).where('id', '=', accountId).execute();
}
