// EU member states (ISO 3166-1 alpha-2; Greece is GR here, EL only as a VAT prefix). Membership
// decides reverse charge, so it is code rather than data: it changes by treaty, not by config.
export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
]);

export function isEuCountry(country: string): boolean {
  return EU_COUNTRIES.has(country);
}
