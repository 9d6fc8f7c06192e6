import { execFileSync } from 'node:child_process';
import { getCountries } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import shipped from '../../../resources/lexicons/phone-regions.json';
import { normalizePhone, phoneRegion } from '../../../electron/ingest/phone';

describe('phone regions and numbers', () => {
  it('ships the regions libphonenumber has rules for, and no others', () => {
    // Fails when an upgrade of libphonenumber-js adds or drops a region: write the list again.
    expect([...shipped.regions].sort()).toEqual([...getCountries()].sort());
  });

  it('reads a region code in any case, and refuses one without rules', () => {
    expect(phoneRegion(' gb ')).toBe('GB');
    expect(phoneRegion('US')).toBe('US');
    expect(phoneRegion('XX')).toBeNull();
    expect(phoneRegion('')).toBeNull();
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('not a number')).toBeNull();
  });

  it('checks a region without loading libphonenumber, which loads at the first number', () => {
    // A process of its own: this one has the library loaded already (the test above).
    const script = `
      import { phoneRegion, normalizePhone } from './electron/ingest/phone.ts';
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('libphonenumber-js'));
      const region = phoneRegion('gb');
      const before = loaded();
      const number = normalizePhone('020 7946 0958', region);
      console.log(JSON.stringify({ region, before, number, after: loaded() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ region: 'GB', before: false, number: '+442079460958', after: true });
  });
});
