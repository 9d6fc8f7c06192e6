import type { CrmFields, CrmVendor } from './plan-push';

/** A CallRank lead as a CRM can find it: by the record id we already know, else by email or phone. */
export interface LeadRef {
  leadId: string;
  email: string | null;
  phone: string | null;
  /** The CRM record id when a previous push or an import told us. */
  remoteId: string | null;
}

/** Where one lead goes in the CRM: a record found by id, email or phone, or a reason it cannot go. */
export interface Target<T extends LeadRef = LeadRef> {
  change: T;
  matchKey: string;
  remoteId: string | null;
  skip: string | null;
}

export interface WriteResult {
  leadId: string;
  remoteId: string | null;
  error: string | null;
}

/** What the CRM says of a lead: its status text and, when the sale is decided, the outcome. */
export interface RemoteStatus {
  leadId: string;
  remoteId: string;
  leadStatus: string | null;
  outcome: 'converted' | 'lost' | null;
  /** Which CRM fields said so, e.g. "IsConverted=true" — stored as the outcome's reason. */
  evidence: string;
}

/** A linked lead whose status could not be read, with the reason (the others in its batch may have been). */
export interface StatusFailure {
  leadId: string;
  error: string;
  /** The CRM refused the credentials or the destination: every later read would fail the same way. */
  stopsThePull?: boolean;
}

/**
 * One CRM. `resolve` only reads (so the dry run may call it and show exactly which record each
 * change lands on); `write` sends one batch of at most `batchSize` targets; `readStatus` reads
 * lead status and won/lost back for records already linked, at most `batchSize` a call (a CRM
 * read one record at a time reports a record it could not read as a StatusFailure).
 */
export interface CrmAdapter {
  vendor: CrmVendor;
  batchSize: number;
  resolve<T extends LeadRef>(refs: readonly T[]): Promise<Target<T>[]>;
  write(batch: readonly Target<LeadRef & { fields: CrmFields }>[]): Promise<WriteResult[]>;
  readStatus(batch: readonly { leadId: string; remoteId: string }[]): Promise<(RemoteStatus | StatusFailure)[]>;
}

export type FieldNames = Record<keyof CrmFields, string>;

/** Skips a ref the CRM cannot be asked about at all. */
export function noKeyTarget<T extends LeadRef>(change: T): Target<T> {
  return { change, matchKey: 'none', remoteId: null, skip: 'lead has neither email nor phone' };
}

/** A ref whose CRM record id we already hold needs no lookup. */
export function knownTarget<T extends LeadRef>(change: T): Target<T> | null {
  return change.remoteId ? { change, matchKey: `id:${change.remoteId}`, remoteId: change.remoteId, skip: null } : null;
}

/** Splits a list into runs of at most `size` (a CRM's batch or query limit). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
