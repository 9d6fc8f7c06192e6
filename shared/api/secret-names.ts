/** Every secret the integrations read, by one stable name. */
export const SECRET_NAMES = [
  'twilio.account_sid',
  'twilio.auth_token',
  'openai.api_key',
  'hubspot.token',
  'salesforce.token',
  'salesforce.instance_url',
  'pipedrive.token',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
