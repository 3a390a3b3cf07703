import { describe, expect, it } from 'vitest';
import { EU_COUNTRIES } from '../../../server/billing/eu-countries';
import { SUPPORTED_VAT_PREFIXES, validateVatNumber } from '../../../server/billing/vat-number';

// §8 VAT numbers of every EU member state, Northern Ireland (XI) and the United Kingdom (GB).
// The numbers are published examples: the VAT numbers of real businesses "found online" that
// python-stdnum's test suite (tests/test_eu_vat.doctest, tests/test_gb_vat.doctest) lists as valid
// (confirmed with VIES when they were collected), the same lists mangled in one digit (checksum) or
// in their form (format), written as people type them (spaces, dots, dashes, colons, lower case).
const VALID: Record<string, string[]> = {
  AT: ['ATU 142 43 102', 'ATU 15159209', 'ATU 28560205', 'ATU13585627', 'ATU46080404', 'ATU61195628'],
  BE: ['BE (0)468.561.072', 'BE 0202.239.951', 'BE 0897290877', 'BE 444.503.092', 'BE0428759497', 'BE413562567', 'BE697449992'],
  BG: ['BG 103873594', 'BG 124 551 319', 'BG 175074752', 'BG7111042925', 'BG7523169263', 'BG 200950556'],
  CY: ['CY 10246672X', 'CY 10263870R', 'CY-10189098G', 'CY00632993 F'],
  CZ: ['CZ 25123891', 'CZ 640229/4448', 'CZ 640903926', 'CZ 6956220612', 'CZ00023205', 'CZ7652046248'],
  DE: ['DE 118619592', 'DE 125014955', 'DE 181 207 708', 'DE 811125440', 'DE136308783'],
  DK: ['DK 10 50 32 80', 'DK 28107773', 'DK-27630308', 'DK: 21599336'],
  EE: ['EE 100 931 558', 'EE 100523487', 'EE101256753'],
  EL: ['EL 039868210', 'EL 094012834', 'EL 998386804', 'EL094501040', 'El 800 179 925'],
  ES: ['ES A08370314', 'ES B64240914', 'ES Q-2818015-F', 'ES X5277343Q', 'ES Y5277343F', 'ES Z5277343K', 'ES 54362315K', 'ESA78109592'],
  FI: ['FI 02459042', 'FI 0982651-1', 'FI 20774740', 'FI18261444'],
  FR: ['FR 04409414364', 'FR 13 393 892 815', 'FR K 7399859412', 'FR01712030113', 'Fr 40 303 265 045', 'FR16000063601'],
  HR: ['HR33392005961', 'HR 33392005961'],
  HU: ['HU 10672101', 'HU 12723650', 'HU-12892312', 'HU11377304'],
  IE: ['IE 0005306C', 'IE 6388047V', 'IE6433435IH', 'IE8D79739I', 'IE9Y71814N'],
  IT: ['IT - 01404480202', 'IT 00118439991', 'IT 02829410980', 'IT00743110157', 'IT 12920760159'],
  LT: ['LT 100001354118', 'LT 119511515', 'LT 235449811', 'LT290068995116'],
  LU: ['LU 10059929', 'LU 150 274 42', 'LU 22690342'],
  LV: ['LV 40003189718', 'LV 40103077610', 'LV 90000528023', 'LV 5000 399 3021'],
  MT: ['MT 1039-6417', 'MT 17025737', 'MT 20630321'],
  NL: ['NL 806753742B01', 'NL001162938B28', 'NL002455799B11', 'NL004495445B01', 'NL000099998B57'],
  PL: ['PL 5211355116', 'PL 584-030-44-72', 'PL5261025421'],
  PT: ['PT 500 019 720', 'PT 502448911', 'PT503038083'],
  RO: ['RO 11358544', 'RO 1630615123457', 'RO 1822964', 'RO 573768', 'RO 21996566'],
  SE: ['SE 202 100-5000 01', 'SE 556058115801', 'SE556043606401'],
  SI: ['SI 26808498', 'SI 50223054', 'SI-83815201'],
  SK: ['SK 1078449064', 'SK 2020257679', 'SK2022193459'],
  GB: ['GB 002 4257 28', 'GB 100190874', 'GB 242338087388', 'GB 311 405 025', 'GB 980780684', 'GB260311213', 'GB653599494', 'GB974053902', 'GBGD100', 'GBHA501', 'GBGD888810003', 'GBHA888856782'],
  // Northern Ireland: UK VAT numbers with the XI prefix (same format and check digits as GB).
  XI: ['XI 980780684', 'XI 100190874', 'XI 242338087388'],
};

const WRONG_CHECK_DIGITS = [
  'ATU 143 43 102', 'ATU46080904', 'BE 0406.139.583', 'BE697449982', 'BG 131 172 009', 'BG 147147471', 'CY 10246672F', 'CY00632893 F',
  'CZ 25557481', 'CZ 48207726', 'DE 125014855', 'DE 246 495 415', 'DK 11 96 56 58', 'DK-27996592', 'EE 100525487', 'EE101256754',
  'ES 54362415K', 'Es-a48951310', 'EL 094013834', 'EL094501140', 'FI20774741', 'FR 04409414264', 'FR 21 326 565 603', 'HR33392005962',
  'HU12892313', 'IE 4731823H', 'IE8D79729I', 'IT00743110158', 'LT119511516', 'LU15027443', 'LV 40003189715', 'LV 90000528022',
  'MT17025738', 'NL004495446B01', 'PL5260250275', 'PT500697257', 'RO11358545', 'SE556058115901', 'SI50223055', 'SK 1078449164',
  'SK 2020457679', 'GB802311781', 'GB001234567', 'XI802311781',
];

const WRONG_FORM = [
  'AT1 142 43 102', 'ATU 1515B209', 'ATU 151592092', 'BE 02A2.239.951', 'BG 10X8735941', 'CY-102590Z3P', 'CZ 95123891',
  'DE 246X595 415', 'DE 011125440', 'DE036695975', 'ES B-583784312', 'FR000076090', 'IE 4550C59S', 'IE 069385V8',
  'IT 00687129980', 'LT 100001354', 'LT 100001509922', 'NL 001241643801', 'NL 009122746B00', 'NL B06753742B01', 'NL006866304B021',
  'SE 55643359201', 'SK A078449064', 'SK 012 274 96 19', 'SK 2010 237 945', 'GB9807806842', 'GB9807806B4', 'GBZZ100', 'GBGD600', 'GBHA201',
];

describe('§8 VAT numbers of all 27 EU states, XI and GB (published examples)', () => {
  it('§8 every EU member state, XI and GB is checked, and has published examples here', () => {
    const expected = [...[...EU_COUNTRIES].map((c) => (c === 'GR' ? 'EL' : c)), 'XI', 'GB'].sort();
    expect([...SUPPORTED_VAT_PREFIXES].sort()).toEqual(expected);
    expect(Object.keys(VALID).sort()).toEqual(expected);
    for (const [prefix, numbers] of Object.entries(VALID)) expect(numbers.length, prefix).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.entries(VALID))('§8 %s: the published numbers are valid, for the right country, normalised', (prefix, numbers) => {
    for (const n of numbers) {
      const r = validateVatNumber(n);
      expect(r, n).toMatchObject({ valid: true, country: prefix === 'EL' ? 'GR' : prefix === 'XI' ? 'GB' : prefix });
      if (r.valid) expect(r.normalized, n).toMatch(new RegExp(`^${prefix}[0-9A-Z+*]+$`));
    }
  });

  it('§8 a wrong check digit is caught in every country', () => {
    const misjudged = WRONG_CHECK_DIGITS.map((n) => [n, validateVatNumber(n)] as const).filter(([, r]) => r.valid || r.reason !== 'checksum');
    expect(misjudged).toEqual([]);
  });

  it('§8 a number of the wrong form (length, letters, components such as an Italian office code) is refused as a format error', () => {
    const misjudged = WRONG_FORM.map((n) => [n, validateVatNumber(n)] as const).filter(([, r]) => r.valid || r.reason !== 'format');
    expect(misjudged).toEqual([]);
  });

  it('§8 Italian numbers with an office code outside 001–100, 120, 121, 888, 999 are not valid, whatever their check digit', () => {
    // Office 150 with a correct Luhn digit: the old table accepted offices up to 201.
    expect(validateVatNumber('IT01234561502')).toEqual({ valid: false, reason: 'format' });
    expect(validateVatNumber('IT01234561205').valid).toBe(true);
  });

  it('§8 without a prefix, the billing country decides; GR and EL both mean Greece; Northern Ireland is taxed as the UK', () => {
    expect(validateVatNumber('175074752', 'BG')).toEqual({ valid: true, country: 'BG', normalized: 'BG175074752' });
    expect(validateVatNumber('GR094012834')).toEqual({ valid: true, country: 'GR', normalized: 'EL094012834' });
    expect(validateVatNumber('xi 980 7806 84')).toEqual({ valid: true, country: 'GB', normalized: 'XI980780684' });
    expect(validateVatNumber('US123456789')).toEqual({ valid: false, reason: 'country' });
    expect(validateVatNumber('CH123456789')).toEqual({ valid: false, reason: 'country' });
  });
});
