import { describe, expect, it } from 'vitest';
import { hubspotStatus } from '../../../electron/crm/hubspot';
import { pipedriveStatus } from '../../../electron/crm/pipedrive';
import { knownRemoteId } from '../../../electron/crm/plan-push';
import { salesforceStatus, soqlString } from '../../../electron/crm/salesforce';

describe('what each CRM says of a lead, as a CallRank outcome', () => {
  it('HubSpot: customer is a sale, UNQUALIFIED a loss, the rest only a status', () => {
    expect(hubspotStatus('L', '1', { lifecyclestage: 'customer', hs_lead_status: 'CONNECTED' })).toMatchObject({ outcome: 'converted', leadStatus: 'CONNECTED' });
    expect(hubspotStatus('L', '1', { lifecyclestage: 'lead', hs_lead_status: 'UNQUALIFIED' })).toMatchObject({ outcome: 'lost' });
    expect(hubspotStatus('L', '1', { lifecyclestage: 'opportunity' })).toMatchObject({ outcome: null, leadStatus: 'opportunity' });
  });

  it('HubSpot deals decide before contact stages: any won deal a sale, all closed and one lost a loss', () => {
    const deal = (dealstage: string) => ({ dealstage, hs_is_closed_won: String(dealstage === 'closedwon'), hs_is_closed: String(dealstage.startsWith('closed')) });
    expect(hubspotStatus('L', '1', { hs_lead_status: 'UNQUALIFIED' }, [deal('closedwon')]).outcome).toBe('converted');
    expect(hubspotStatus('L', '1', { lifecyclestage: 'customer' }, [deal('closedlost')]).outcome).toBe('lost');
    expect(hubspotStatus('L', '1', {}, [deal('closedlost'), deal('qualifiedtobuy')]).outcome).toBeNull();
  });

  it('Salesforce: IsConverted is a sale; a closed-not-converted or unqualified status a loss', () => {
    expect(salesforceStatus('L', { Id: '00Q', IsConverted: true, Status: 'Closed - Converted' }).outcome).toBe('converted');
    expect(salesforceStatus('L', { Id: '00Q', IsConverted: false, Status: 'Closed - Not Converted' }).outcome).toBe('lost');
    expect(salesforceStatus('L', { Id: '00Q', IsConverted: false, Status: 'Unqualified' }).outcome).toBe('lost');
    expect(salesforceStatus('L', { Id: '00Q', IsConverted: false, Status: 'Working - Contacted' }).outcome).toBeNull();
  });

  it('Pipedrive: any won deal is a sale; lost deals with none open a loss', () => {
    expect(pipedriveStatus('L', '7', [{ id: 1, status: 'lost' }, { id: 2, status: 'won' }]).outcome).toBe('converted');
    expect(pipedriveStatus('L', '7', [{ id: 1, status: 'lost' }]).outcome).toBe('lost');
    expect(pipedriveStatus('L', '7', [{ id: 1, status: 'lost' }, { id: 2, status: 'open' }])).toMatchObject({ outcome: null, leadStatus: 'open' });
    expect(pipedriveStatus('L', '7', [])).toMatchObject({ outcome: null, leadStatus: 'no deals' });
  });

  it('SOQL literals escape quotes and backslashes, so an address cannot end the query', () => {
    expect(soqlString("o'brien@x.com")).toBe("'o\\'brien@x.com'");
    expect(soqlString('a\\b')).toBe("'a\\\\b'");
  });

  it('a record id comes from the last push, else from an imported <vendor>_id attribute', () => {
    expect(knownRemoteId('hubspot', '55', '{"hubspot_id":"9"}')).toBe('55');
    expect(knownRemoteId('pipedrive', null, '{"pipedrive_id":42}')).toBe('42');
    expect(knownRemoteId('salesforce', null, '{}')).toBeNull();
  });
});
