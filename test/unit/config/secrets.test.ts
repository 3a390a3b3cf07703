import { describe, expect, it } from 'vitest';
import { deriveKey } from '../../../server/secrets';

describe('keys derived from AUTH_SECRET (issue 14 item 9)', () => {
  it('a purpose\'s key is 32 bytes, stable for one secret, different for another secret, and not the secret', () => {
    const secret = 'x'.repeat(64);
    const key = deriveKey('quote-token', secret);
    expect(key).toHaveLength(32);
    expect(deriveKey('quote-token', secret).equals(key)).toBe(true);
    expect(deriveKey('quote-token', 'y'.repeat(64)).equals(key)).toBe(false);
    expect(key.toString('utf8')).not.toContain(secret.slice(0, 8));
  });
});
