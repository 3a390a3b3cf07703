import { describe, expect, it } from 'vitest';
import { smtpTransportUrl } from '../../../server/email/transport';

describe('SMTP transport', () => {
  it('keeps a pool of connections open unless SMTP_URL says otherwise, and keeps credentials and host', () => {
    const url = new URL(smtpTransportUrl('smtp://user:p%40ss@mail.example:2525'));
    expect(url.searchParams.get('pool')).toBe('true');
    expect([url.username, decodeURIComponent(url.password), url.hostname, url.port]).toEqual(['user', 'p@ss', 'mail.example', '2525']);
    expect(new URL(smtpTransportUrl('smtps://mail.example:465?pool=false')).searchParams.get('pool')).toBe('false');
  });
});
