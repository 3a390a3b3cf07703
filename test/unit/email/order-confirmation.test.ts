import { describe, expect, it } from 'vitest';
import { templates, type OrderConfirmationData } from '../../../server/email/templates';

const mixed: OrderConfirmationData = {
  name: 'Bella',
  orderId: 'ord_X',
  invoiceNumber: 'SP-2026-000042',
  creditNoteNumber: null,
  lines: [
    { kind: 'conversion', product: 'Training', tier: 'Business', seats: 2, frequency: 'monthly', amount: '$298.00', unusedCredit: null, nextBilling: 'April 1, 2026' },
    { kind: 'change', product: 'Meeting', tier: 'Enterprise', seats: 6, frequency: 'monthly', amount: '$600.00', unusedCredit: '$120.50', nextBilling: 'April 1, 2026' },
  ],
  creditApplied: null,
  tax: '$0.00',
  taxRate: '0 %',
  reverseChargeNote: null,
  total: '$777.50',
  creditAdded: null,
  orderUrl: 'http://x/billing/orders/ord_X',
  invoiceUrl: 'http://x/billing/invoices/inv_X/pdf',
};

describe('BC-5 order confirmation email lists every line of a cart', () => {
  it('BC-5: a mixed cart (conversion + change) names the change and its credit for unused time, in English', () => {
    const { text } = templates.orderConfirmation('en', mixed);
    expect(text).toContain('• Training Business — 2 seats, billed monthly: $298.00');
    expect(text).toContain('• Change of Meeting: Enterprise — 6 seats, billed monthly: plan cost $600.00, credit for unused time −$120.50');
    expect(text).toMatch(/new subscriptions and the changes are in effect now/);
    expect(text).toContain('Invoice SP-2026-000042: http://x/billing/invoices/inv_X/pdf');
  });

  it('BC-5: the same in Italian (seed vocabulary: postazioni, credito per il tempo non utilizzato)', () => {
    const { text, subject } = templates.orderConfirmation('it', mixed);
    expect(subject).toBe("Conferma dell'ordine ord_X");
    expect(text).toContain('• Training Business — 2 postazioni, fatturazione mensile: $298.00');
    expect(text).toContain('• Modifica di Meeting: Enterprise — 6 postazioni, fatturazione mensile: costo del piano $600.00, credito per il tempo non utilizzato −$120.50');
    expect(text).toMatch(/Le nuove sottoscrizioni e le modifiche sono attive da subito/);
  });

  it('BC-5 WF-2: a net-negative cart of changes names its credit note and the credit added, and no invoice', () => {
    const d: OrderConfirmationData = { ...mixed, lines: [mixed.lines[1]!], invoiceNumber: null, invoiceUrl: null, creditNoteNumber: 'NC-2026-000003', total: '$0.00', creditAdded: '$42.00' };
    const en = templates.orderConfirmation('en', d).text;
    expect(en).toContain('Credit note NC-2026-000003');
    expect(en).toContain("Added to your account's credit balance: $42.00");
    expect(en).not.toMatch(/Invoice/);
    const it_ = templates.orderConfirmation('it', d).text;
    expect(it_).toContain('Nota di credito NC-2026-000003');
    expect(it_).toContain('Aggiunto al saldo a credito del tuo account: $42.00');
    expect(it_).not.toMatch(/Fattura/);
  });
});
