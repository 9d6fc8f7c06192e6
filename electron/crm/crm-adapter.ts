import type { CrmFields, PlannedChange } from './plan-push';

/** Where one planned change goes in the CRM: a record found by id, email or phone, or a reason it cannot go. */
export interface Target {
  change: PlannedChange;
  matchKey: string;
  remoteId: string | null;
  skip: string | null;
}

export interface WriteResult {
  leadId: string;
  remoteId: string | null;
  error: string | null;
}

/**
 * One CRM. `resolve` only reads (so the dry run may call it and show exactly which record each
 * change lands on); `write` sends one batch of at most `batchSize` targets.
 */
export interface CrmAdapter {
  vendor: 'hubspot' | 'salesforce' | 'pipedrive';
  batchSize: number;
  resolve(changes: readonly PlannedChange[]): Promise<Target[]>;
  write(batch: readonly Target[]): Promise<WriteResult[]>;
}

export type FieldNames = Record<keyof CrmFields, string>;
