import { describe, expect, it } from 'vitest';
import { allowedOrigins, baseUrlRefusal, bindCredentials, credentialRefusal, isLoopback, UnsafeDestinationError } from '../../../electron/net/destinations';

const cli = { allowLoopback: true, env: {} };
const rest = { allowLoopback: false, env: {} };

describe('where credentials may go', () => {
  it.each([
    ['https://api.twilio.com', 'twilio'],
    ['https://api.dublin.ie1.twilio.com/', 'twilio'],
    ['https://api.hubapi.com', 'hubspot'],
    ['https://acme.my.salesforce.com', 'salesforce'],
    ['https://acme--dev.sandbox.my.salesforce.com', 'salesforce'],
    ['https://api.pipedrive.com', 'pipedrive'],
    ['https://acme.pipedrive.com', 'pipedrive'],
    ['https://api.openai.com/v1', 'openai'],
  ] as const)('the vendor own host over HTTPS: %s', (url, vendor) => {
    expect(baseUrlRefusal(url, vendor, rest)).toBeNull();
  });

  it('never over plain HTTP off loopback, not even to the vendor or a listed origin', () => {
    expect(baseUrlRefusal('http://api.twilio.com', 'twilio', cli)).toBe('Twilio credentials are never sent over plain HTTP to api.twilio.com: use https://');
    expect(baseUrlRefusal('http://gw.corp:8080', 'openai', { allowLoopback: true, env: { CALLRANK_ALLOW_BASE_URLS: 'http://gw.corp:8080' } })).toMatch(/never sent over plain HTTP/);
  });

  it('not to a look-alike, a sub-domain trick, or another vendor', () => {
    for (const [url, vendor] of [
      ['https://api.twilio.com.evil.example', 'twilio'],
      ['https://eviltwilio.com', 'twilio'],
      ['https://api.hubapi.com@evil.example', 'hubspot'],
      ['https://api.openai.com.evil.example/v1', 'openai'],
      ['https://api.pipedrive.com', 'hubspot'],
      ['https://salesforce.com.evil.example', 'salesforce'],
    ] as const) {
      expect(baseUrlRefusal(url, vendor, cli), url).not.toBeNull();
    }
    expect(baseUrlRefusal('https://user:pw@api.twilio.com', 'twilio', cli)).toBe('a base URL must not carry a user name or password');
    expect(baseUrlRefusal('ftp://api.twilio.com', 'twilio', cli)).toBe('ftp: URLs are not supported: use https://');
    expect(baseUrlRefusal('not a url', 'twilio', cli)).toBe('"not a url" is not a URL');
  });

  it('a loopback test server: from the command line or code, not over REST unless listed', () => {
    expect(baseUrlRefusal('http://127.0.0.1:4010', 'twilio', cli)).toBeNull();
    expect(baseUrlRefusal('http://[::1]:4010', 'twilio', cli)).toBeNull();
    expect(baseUrlRefusal('http://127.0.0.1:9000/', 'twilio', rest)).toBe(
      "http://127.0.0.1:9000 is not Twilio's own host (api.twilio.com); to send Twilio credentials there, list it in CALLRANK_ALLOW_BASE_URLS",
    );
    expect(baseUrlRefusal('http://127.0.0.1:9000/', 'twilio', { allowLoopback: false, env: { CALLRANK_ALLOW_BASE_URLS: 'http://127.0.0.1:9000' } })).toBeNull();
    // Listing is by origin: another port is another server.
    expect(baseUrlRefusal('http://127.0.0.1:9001/', 'twilio', { allowLoopback: false, env: { CALLRANK_ALLOW_BASE_URLS: 'http://127.0.0.1:9000' } })).not.toBeNull();
  });

  it('another HTTPS host only when listed', () => {
    const env = { CALLRANK_ALLOW_BASE_URLS: ' https://gw.corp.example , http://127.0.0.1:1 ' };
    expect(allowedOrigins(env)).toEqual(['https://gw.corp.example', 'http://127.0.0.1:1']);
    expect(baseUrlRefusal('https://gw.corp.example/openai/v1', 'openai', { allowLoopback: false, env })).toBeNull();
    expect(baseUrlRefusal('https://gw.corp.example/openai/v1', 'openai', rest)).toMatch(/is not OpenAI's own host \(api\.openai\.com\)/);
    expect(() => allowedOrigins({ CALLRANK_ALLOW_BASE_URLS: 'gw.corp.example' })).toThrow(UnsafeDestinationError);
  });

  it('bound credentials go to their one origin only', () => {
    const auth = bindCredentials('twilio', 'http://127.0.0.1:4010/base', { authorization: 'Basic x' });
    expect(auth.origin).toBe('http://127.0.0.1:4010');
    expect(credentialRefusal(new URL('http://127.0.0.1:4010/2010-04-01/Calls.json?Page=2'), auth)).toBeNull();
    expect(credentialRefusal(new URL('http://127.0.0.1:9000/2010-04-01/Calls.json'), auth)).toBe(
      'refusing to send Twilio credentials to http://127.0.0.1:9000: they go only to http://127.0.0.1:4010',
    );
    expect(credentialRefusal(new URL('https://127.0.0.1:4010/'), auth)).not.toBeNull();
    expect(() => bindCredentials('hubspot', 'http://10.0.0.5', { authorization: 'Bearer x' })).toThrow(/refusing HubSpot base URL: HubSpot credentials are never sent over plain HTTP/);
  });

  it('knows loopback from look-alikes', () => {
    expect(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]'].map(isLoopback)).toEqual([true, true, true, true, true]);
    expect(['127.0.0.1.evil.example', '0.0.0.0', '10.0.0.1', 'localhost.example', '::ffff:10.0.0.1'].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});
