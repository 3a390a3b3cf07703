import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newRequestForm } from '../../../server/requests/forms';
import { containsPattern, decodeCursor, decodeTimeCursor, encodeCursor, page } from '../../../server/services/lists';

const key = 'k'.repeat(20);

describe('CP-13 request form (the same schema in the page and the procedure)', () => {
  it('CP-13: Form Requests needs its topic; other categories have none; reactivation and cancellation name a subscription', () => {
    expect(newRequestForm.safeParse({ category: 'form_request', subcategory: 'w9_vendor_regional_forms', details: 'W-9', submissionKey: key }).success).toBe(true);
    expect(newRequestForm.safeParse({ category: 'form_request', details: 'W-9', submissionKey: key }).success).toBe(false);
    expect(newRequestForm.safeParse({ category: 'other', subcategory: 'w9_vendor_regional_forms', details: 'x', submissionKey: key }).success).toBe(false);
    expect(newRequestForm.safeParse({ category: 'reactivation', details: 'x', submissionKey: key }).success).toBe(false);
    expect(newRequestForm.safeParse({ category: 'cancellation', subscriptionId: 'sub_abc', details: 'x', submissionKey: key }).success).toBe(true);
  });

  it('CP-13: details are trimmed, required and at most 5,000 characters; unknown fields are refused', () => {
    expect(newRequestForm.parse({ category: 'other', details: '  hello  ', submissionKey: key }).details).toBe('hello');
    expect(newRequestForm.safeParse({ category: 'other', details: ' \n ', submissionKey: key }).success).toBe(false);
    expect(newRequestForm.safeParse({ category: 'other', details: 'x'.repeat(5001), submissionKey: key }).success).toBe(false);
    expect(newRequestForm.safeParse({ category: 'other', details: 'x', submissionKey: key, accountId: 'acct_other' }).success).toBe(false);
  });
});

describe('BO-1 BO-2 list helpers', () => {
  it('BO-2: a cursor round-trips any (value, id); anything else decodes to "start at the top"', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), fc.string({ minLength: 1, maxLength: 40 }), (value, id) => {
        expect(decodeCursor(encodeCursor({ value, id }))).toEqual({ value, id });
      }),
    );
    expect(decodeCursor('not-base64-json')).toBeNull();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
    expect(decodeTimeCursor(encodeCursor({ value: 'yesterday', id: 'x' }))).toBeNull();
    const at = new Date('2026-03-01T10:00:00.123Z');
    expect(decodeTimeCursor(encodeCursor({ value: at.toISOString(), id: 'ord_1' }))).toEqual({ at, id: 'ord_1' });
  });

  it('BO-2: page() keeps `limit` rows and points the cursor at the last one kept', () => {
    const rows = [1, 2, 3, 4].map((n) => ({ n, id: `r${n}` }));
    const p = page(rows, 3, (r) => ({ value: String(r.n), id: r.id }));
    expect(p.rows.map((r) => r.n)).toEqual([1, 2, 3]);
    expect(decodeCursor(p.nextCursor)).toEqual({ value: '3', id: 'r3' });
    expect(page(rows.slice(0, 3), 3, (r) => ({ value: String(r.n), id: r.id })).nextCursor).toBeNull();
  });

  it('BO-1: a search term is matched literally (%, _ and \\ are not wildcards)', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});
