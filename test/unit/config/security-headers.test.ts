import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../server/security-headers';

describe('BC-1 security headers decided at run time (issue 14 item 9)', () => {
  it('BC-1: production with real Stripe behind https: no loopback source anywhere, HSTS on', () => {
    const h = securityHeaders({ appUrl: 'https://billing.example.com', development: false });
    const csp = h['Content-Security-Policy']!;
    expect(csp).not.toMatch(/localhost|127\.0\.0\.1|unsafe-eval/);
    expect(csp).toContain('script-src \'self\' \'unsafe-inline\' https://js.stripe.com https://*.stripe.com');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(h['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
  });

  it('BC-1: with localstripe, exactly its origin (no port wildcard); no HSTS over plain http', () => {
    const h = securityHeaders({ appUrl: 'http://127.0.0.1:13300', stripeApiBase: 'http://localhost:18720', development: false });
    const csp = h['Content-Security-Policy']!;
    expect(csp).toContain('connect-src \'self\' https://js.stripe.com https://*.stripe.com http://localhost:18720');
    expect(csp).not.toMatch(/:\*/);
    expect(h['Strict-Transport-Security']).toBeUndefined();
  });
});
