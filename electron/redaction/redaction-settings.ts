import type { Db } from '../db/open';
import type { RedactionSettings } from '../../shared/api/redaction';
import type { RedactionKind } from './detect';

/** The kinds each setting turns on (the API's names, the detector's kinds). */
const KIND_OF: Record<keyof RedactionSettings, RedactionKind> = {
  card: 'card',
  ssn: 'ssn',
  bankAccount: 'bank_account',
  email: 'email',
  address: 'address',
};

interface Row {
  card: number;
  ssn: number;
  bank_account: number;
  email: number;
  address: number;
}

export function readRedactionSettings(db: Db): RedactionSettings {
  const row = db.prepare('SELECT card, ssn, bank_account, email, address FROM redaction_settings WHERE id = 1').get() as Row | undefined;
  // The migration writes the row; without it (never expected) the safe defaults hold.
  if (!row) return { card: true, ssn: true, bankAccount: true, email: false, address: false };
  return { card: !!row.card, ssn: !!row.ssn, bankAccount: !!row.bank_account, email: !!row.email, address: !!row.address };
}

export function enabledKinds(settings: RedactionSettings): Set<RedactionKind> {
  return new Set((Object.keys(KIND_OF) as (keyof RedactionSettings)[]).filter((k) => settings[k]).map((k) => KIND_OF[k]));
}

/** Saves the settings; answers whether a kind was turned on (stored calls then need a run). */
export function writeRedactionSettings(db: Db, patch: Partial<RedactionSettings>): { settings: RedactionSettings; widened: boolean } {
  const before = readRedactionSettings(db);
  const settings = { ...before, ...patch };
  db.prepare(
    `UPDATE redaction_settings SET card = ?, ssn = ?, bank_account = ?, email = ?, address = ?, updated_at = ? WHERE id = 1`,
  ).run(+settings.card, +settings.ssn, +settings.bankAccount, +settings.email, +settings.address, new Date().toISOString());
  const widened = (Object.keys(KIND_OF) as (keyof RedactionSettings)[]).some((k) => settings[k] && !before[k]);
  return { settings, widened };
}
