import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../../db/open';
import { exportQualifiedConversions } from '../../crm/google-ads-conversions';
import { flagString } from '../args';
import { EXIT_OK, UsageError, type CliCommand } from '../command';

export const conversionsCommand: CliCommand = {
  name: 'conversions',
  usage: 'conversions <out.csv> --name CONVERSION [--value N] [--currency USD] [--since ISO]',
  summary: 'export qualified calls as Google Ads offline conversions (calls by caller number; clicks by gclid to <out>-clicks.csv)',
  async run({ args, io, dbPath }) {
    const out = args.positionals[0];
    const name = flagString(args, 'name');
    if (!out || !name) throw new UsageError('conversions needs an output file and --name (the conversion action name in Google Ads)');
    const valueText = flagString(args, 'value');
    const value = valueText === undefined ? null : Number(valueText);
    if (value !== null && !Number.isFinite(value)) throw new UsageError(`--value must be a number, got "${valueText}"`);
    const currency = (flagString(args, 'currency') ?? 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new UsageError('--currency must be an ISO 4217 code such as USD');
    const db = openDatabase(dbPath);
    try {
      const r = exportQualifiedConversions(db, { conversionName: name, value, currency, since: flagString(args, 'since') });
      const callsPath = resolve(out);
      const clicksPath = callsPath.replace(/(\.csv)?$/i, '-clicks.csv');
      writeFileSync(callsPath, r.calls);
      writeFileSync(clicksPath, r.clicks);
      io.stdout.write(`${r.callRows} call conversions -> ${callsPath}\n${r.clickRows} click conversions -> ${clicksPath}\n`);
      for (const s of r.skipped) io.stdout.write(`  skipped ${s.callId}: ${s.reason}\n`);
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
