/**
 * Shared by the money tests: a credential that may send money out, seeding a
 * payer with a published invoice, and the requests of one run.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Harness, RecordedRequest } from './helpers';

export const PASSCODE = '2468';
export const MONEY_CREDENTIAL = {
	allowMoneyOut: true,
	passcode: PASSCODE,
	passcodePhone: '231770000001',
	clientIp: '203.0.113.10',
};
export const TOKEN_PATH = '/v1/jwt/client/obtain/token';

let seq = 0;
/** A unique text key, e.g. a sheet's row id. */
export function rowId(prefix = 'row'): string {
	seq += 1;
	return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

/** A party (with a phone) linked as a counterparty, and an ACTIVE invoice billed to it. */
export function seedPayer(harness: Harness, phone = '231881234567'): { partyId: number; counterpartyId: number; invoiceId: number } {
	const [party] = harness.server.seedParties([{ fullname: `Payer ${rowId()}`, phone }]);
	const [counterparty] = harness.server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: party.id }]);
	const [invoice] = harness.server.seedDocuments('INVOICE', [
		{ status: 'ACTIVE', counterparty_id: counterparty.id, currency: 'USD', note: 'Solar lamps', fee_bearer: 'PAYEE', items: [{ name: 'Solar lamp', qty: 2, amount: 45, currency: 'USD' }] },
	]);
	return { partyId: Number(party.id), counterpartyId: Number(counterparty.id), invoiceId: Number(invoice.id) };
}

/** The requests of the last run but the token exchange, as `METHOD path`. */
export function calls(harness: Harness): string[] {
	return apiRequests(harness).map((r) => `${r.method} ${r.path}`);
}

export function apiRequests(harness: Harness): RecordedRequest[] {
	return harness.server.requests.filter((r) => r.path !== TOKEN_PATH);
}

export function bodyOf(harness: Harness, path: string, index = 0): IDataObject {
	return harness.server.requests.filter((r) => r.path === path)[index].body as IDataObject;
}
