import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, renewalPolicies } from '../../../server/env';

const valid = {
  AUTH_SECRET: 'x'.repeat(32),
  DATABASE_URL: 'postgres://u:p@db:5432/seatplan',
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
  SMTP_URL: 'smtp://mail:25',
};

describe('configuration (server/env.ts)', () => {
  it('applies the documented defaults', () => {
    const e = parseEnv(valid);
    expect(e).toMatchObject({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'seatplan', SELLER_COUNTRY: 'IT', TRIAL_REMINDER_DAYS: [7, 1], TEMPORAL_TLS: false });
    expect(e.STRIPE_API_BASE).toBeUndefined();
  });

  it('BC-9 WF-4: renewal schedules default to retries 3, 5, 7 days after the due date and net 30 for corporate invoices', () => {
    expect(renewalPolicies(parseEnv(valid))).toEqual({
      dunning: { retryDays: [3, 5, 7], seatGraceDays: 30 },
      corporate: { netTermsDays: 30, reminderDaysBefore: [7], reminderDaysAfter: [1, 7], expiryDaysOverdue: 30 },
    });
    expect(renewalPolicies(parseEnv({ ...valid, RENEWAL_RETRY_DAYS: '1, 2', CORPORATE_NET_TERMS_DAYS: '60' }))).toMatchObject({ dunning: { retryDays: [1, 2] }, corporate: { netTermsDays: 60 } });
    expect(() => parseEnv({ ...valid, RENEWAL_RETRY_DAYS: '3,five' })).toThrow(/RENEWAL_RETRY_DAYS: must be a comma-separated list/);
    expect(() => parseEnv({ ...valid, CORPORATE_EXPIRY_DAYS_OVERDUE: '-1' })).toThrow(/CORPORATE_EXPIRY_DAYS_OVERDUE/);
  });

  it('names every bad variable with what it must look like', () => {
    const bad = { ...valid, DATABASE_URL: 'mysql://x', STRIPE_SECRET_KEY: 'sk_live_123', TEMPORAL_ADDRESS: 'nohostport', TRIAL_REMINDER_DAYS: '7,x', SELLER_COUNTRY: 'Italy' };
    let message = '';
    try {
      parseEnv(bad);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('DATABASE_URL: must be a PostgreSQL URL');
    expect(message).toContain('STRIPE_SECRET_KEY: must be a Stripe test-mode secret key (sk_test_…)');
    expect(message).toContain('TEMPORAL_ADDRESS: must be host:port');
    expect(message).toContain('TRIAL_REMINDER_DAYS: must be a comma-separated list');
    expect(message).toContain('SELLER_COUNTRY: must be an ISO 3166-1 alpha-2 country code');
  });

  it('refuses a missing secret instead of running unsigned', () => {
    const { AUTH_SECRET: _omit, ...rest } = valid;
    expect(() => parseEnv(rest)).toThrow(/AUTH_SECRET/);
    expect(() => parseEnv({ ...valid, AUTH_SECRET: 'short' })).toThrow(/at least 32 random characters/);
  });

  it('turns on TLS options for Temporal Cloud by API key', async () => {
    const { temporalConnectionOptions } = await import('../../../server/temporal/connection');
    const opts = temporalConnectionOptions(parseEnv({ ...valid, TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'key' }));
    expect(opts).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', apiKey: 'key', tls: {}, metadata: { 'temporal-namespace': 'ns.acct' } });
    expect(temporalConnectionOptions(parseEnv(valid)).tls).toBeUndefined();
  });
});
