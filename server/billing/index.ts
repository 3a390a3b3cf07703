// Public API of the pure billing domain (no I/O, no clock). Import from 'server/billing' only.
export * from './errors';
export * from './money';
export * from './periods';
export * from './prices';
export * from './eu-countries';
export * from './vat-number';
export * from './tax';
export * from './proration';
export * from './renewal';
export * from './dunning';
export * from './quote-pricing';
export * from './invoice-state';
