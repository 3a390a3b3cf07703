import { describe, expect, it } from 'vitest';
import { safeNext, searchParam } from '../../../server/auth/redirects';
import { decodeSignInFailure } from '../../../server/auth/forms';
import { publicSignInError, SignInError } from '../../../server/auth/sign-in';

const APP = 'https://billing.example.com';

describe('BC-1 CP-1 after sign-in, only our own origin (issue 14 items 5, 6)', () => {
  it.each([
    ['/billing/invoices', '/billing/invoices'],
    ['/billing/orders/ord_01?x=1#top', '/billing/orders/ord_01?x=1#top'],
    ['/admin/../billing/subscriptions', '/billing/subscriptions'],
    [`${APP}/portal`, '/portal'],
  ])('BC-1: %s is kept as %s', (input, expected) => {
    expect(safeNext(input, '/fallback', APP)).toBe(expected);
  });

  it.each([
    '/\t/evil.example', // what /%09/evil.example decodes to: browsers drop the tab and see //evil.example
    '/\n/evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '//evil.example/path',
    'https://evil.example/',
    'http://billing.example.com/', // another origin: the scheme differs
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://billing.example.com.evil.example/',
    '',
  ])('BC-1: %j goes to the fallback', (input) => {
    expect(safeNext(input, '/fallback', APP)).toBe('/fallback');
  });

  it('BC-1: a repeated callbackUrl (an array) or a missing one gets the fallback, never an exception', () => {
    expect(safeNext(['/a', '/b'], '/fallback', APP)).toBe('/fallback');
    expect(safeNext(undefined, '/fallback', APP)).toBe('/fallback');
    expect(safeNext('/x'.repeat(1500), '/fallback', APP)).toBe('/fallback');
    expect(searchParam(['a', 'b'])).toBeUndefined();
    expect(searchParam('a')).toBe('a');
  });
});

describe('CP-1: internal errors never reach the sign-in page (issue 14 item 9)', () => {
  it('CP-1: a sign-in that could not be checked answers the bare code "unavailable"', () => {
    const original = console.error;
    console.error = () => undefined; // the cause is logged, not shown
    try {
      const err = publicSignInError(new Error('connect ECONNREFUSED 127.0.0.1:5433'));
      expect(err).toBeInstanceOf(SignInError);
      expect(err.message).toBe('unavailable');
      expect(decodeSignInFailure(err.message)).toBe('unavailable');
    } finally {
      console.error = original;
    }
    const throttled = new SignInError({ throttledMinutes: 3 });
    expect(publicSignInError(throttled)).toBe(throttled);
  });
});
