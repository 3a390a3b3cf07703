import { describe, expect, it } from 'vitest';
import { temporalWorkflowsSearchUrl, temporalWorkflowUrl } from '../../../server/temporal/ui-link';

describe('BO-2 deep link into the Temporal UI', () => {
  it('BO-2: the embedded dev server\'s UI: <base>/namespaces/<ns>/workflows/<workflowId> (the UI redirects to the latest run)', () => {
    expect(temporalWorkflowUrl('http://127.0.0.1:8233', 'default', 'subscription-change-ord_01ABC')).toBe('http://127.0.0.1:8233/namespaces/default/workflows/subscription-change-ord_01ABC');
    expect(temporalWorkflowUrl('http://127.0.0.1:8233/', 'default', 'trial-sub_x')).toBe('http://127.0.0.1:8233/namespaces/default/workflows/trial-sub_x');
  });

  it('BO-2: a self-hosted UI under a path prefix, and Temporal Cloud (with or without the namespace in the base)', () => {
    expect(temporalWorkflowUrl('https://ops.example.com/temporal/', 'billing', 'renewal-sub_1')).toBe('https://ops.example.com/temporal/namespaces/billing/workflows/renewal-sub_1');
    expect(temporalWorkflowUrl('https://cloud.temporal.io', 'seatplan.a1b2c', 'service-order-so_9')).toBe('https://cloud.temporal.io/namespaces/seatplan.a1b2c/workflows/service-order-so_9');
    expect(temporalWorkflowUrl('https://cloud.temporal.io/namespaces/seatplan.a1b2c', 'seatplan.a1b2c', 'service-order-so_9')).toBe('https://cloud.temporal.io/namespaces/seatplan.a1b2c/workflows/service-order-so_9');
  });

  it('BO-2: IDs with characters a path cannot hold are encoded; a query or fragment of the base is dropped', () => {
    expect(temporalWorkflowUrl('http://ui.local:8080/?x=1#y', 'my ns', 'a/b c#d')).toBe('http://ui.local:8080/namespaces/my%20ns/workflows/a%2Fb%20c%23d');
  });

  it('BO-2: the list of an account\'s workflows by search attribute', () => {
    const url = new URL(temporalWorkflowsSearchUrl('http://127.0.0.1:8233', 'default', 'SeatplanAccountId="acct_1"'));
    expect(url.pathname).toBe('/namespaces/default/workflows');
    expect(url.searchParams.get('query')).toBe('SeatplanAccountId="acct_1"');
  });
});
