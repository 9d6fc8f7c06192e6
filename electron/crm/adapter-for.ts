import type { SecretStore } from '../secrets/secret-store';
import type { RetryingFetchOptions } from '../net/retrying-fetch';
import type { CrmAdapter } from './crm-adapter';
import { hubspotAdapter, HUBSPOT_DEFAULT_BASE_URL } from './hubspot';
import { pipedriveAdapter, PIPEDRIVE_DEFAULT_BASE_URL } from './pipedrive';
import type { CrmVendor } from './plan-push';
import { salesforceAdapter } from './salesforce';

export class MissingCredentialError extends Error {}

async function need(secrets: SecretStore, name: Parameters<SecretStore['get']>[0], hint: string): Promise<string> {
  const v = await secrets.get(name);
  if (!v) throw new MissingCredentialError(hint);
  return v;
}

/**
 * The adapter for a vendor with its credentials from the secure store (environment first in the
 * CLI). `baseUrl` points at another host, e.g. a local test server; for Salesforce it stands in
 * for the org's instance URL.
 */
export async function crmAdapterFor(vendor: CrmVendor, secrets: SecretStore, baseUrl: string | undefined, fetchOptions: RetryingFetchOptions): Promise<CrmAdapter> {
  switch (vendor) {
    case 'hubspot': {
      const token = await need(secrets, 'hubspot.token', 'HubSpot token missing: set HUBSPOT_TOKEN (a private app access token) or store it in the secure store');
      return hubspotAdapter({ ...fetchOptions, baseUrl: baseUrl ?? HUBSPOT_DEFAULT_BASE_URL, token });
    }
    case 'salesforce': {
      const token = await need(secrets, 'salesforce.token', 'Salesforce access token missing: set SALESFORCE_TOKEN (an OAuth 2.0 access token) or store it in the secure store');
      const instanceUrl =
        baseUrl ?? (await need(secrets, 'salesforce.instance_url', 'Salesforce instance URL missing: set SALESFORCE_INSTANCE_URL (e.g. https://yourorg.my.salesforce.com) or pass --base-url'));
      return salesforceAdapter({ ...fetchOptions, instanceUrl, token });
    }
    case 'pipedrive': {
      const token = await need(secrets, 'pipedrive.token', 'Pipedrive API token missing: set PIPEDRIVE_TOKEN or store it in the secure store');
      return pipedriveAdapter({ ...fetchOptions, baseUrl: baseUrl ?? PIPEDRIVE_DEFAULT_BASE_URL, token });
    }
  }
}
