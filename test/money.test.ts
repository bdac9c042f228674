/**
 * Collection, Payout, Transfer, Refund and Payment Account through n8n's engine
 * against the local server's money API: the exact requests, the outputs, and
 * the exactly-once promise (a re-run, a lost answer, a failure before Dollr
 * executed, a refused session), the credential's money-out guards and Wait for
 * Result. The server keeps its money state across tests: each test uses its own
 * keys and counts what it added.
 */
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_VERSION } from '../nodes/Dollr/helpers/money-values';
import { deriveReference } from '../nodes/Dollr/helpers/reference';
import { useHarness } from './helpers';
import { apiRequests, bodyOf, calls, MONEY_CREDENTIAL, PASSCODE, rowId, seedPayer, TOKEN_PATH } from './money-helpers';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json');

const harness = useHarness();
const CLIENT_ID = 'test-client';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Short waits after a lost answer: 2 status reads. */
const FAST = { maxRetries: 1 };

beforeEach(() => harness.setCredential(MONEY_CREDENTIAL));

function payoutParameters(partyId: number, referenceId: string, overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'payout',
		operation: 'create',
		partyId,
		phone: '231881234567',
		method: 'MTN_MOMO_LBR',
		amount: 25,
		currency: 'USD',
		referenceId,
		options: FAST,
		...overrides,
	};
}

/** Runs payouts for `rows` (one item each, the row id as key) to one party's wallet. */
async function payRows(partyId: number, rows: string[], options: IDataObject = {}) {
	return await harness.run(
		payoutParameters(partyId, '={{ $json.row_id }}', { amount: '={{ $json.amount }}', options: { ...FAST, ...options } }),
		rows.map((row, i) => ({ row_id: row, amount: 10 + i })),
	);
}

describe('Collection › Request Payment', () => {
	test('explicit method, party from the invoice: the exact requests, a random reference shown in the output', async () => {
		const { partyId, invoiceId } = seedPayer(harness);
		const { items, error } = await harness.run({
			resource: 'collection',
			operation: 'create',
			sourceType: 'INVOICE',
			sourceId: invoiceId,
			payerPhone: '+231 88 123-4567',
			currency: 'usd',
			method: 'MTN_MOMO_LBR',
			referenceId: '',
		});
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([
			`GET /v1/invoices/retrieve/${invoiceId}`,
			'POST /v1/payment-accounts/create',
			'POST /v1/sessions/checkout',
			'POST /v1/executions/collection',
		]);
		for (const request of apiRequests(harness)) expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		const [, accountRequest, sessionRequest, executeRequest] = apiRequests(harness);
		expect(accountRequest.query).toEqual({ operation_type: 'COLLECTION' });
		expect(accountRequest.body).toEqual({
			account_name: 'MTN_MOMO_LBR 231881234567',
			provider: 'PAWAPAY',
			method: 'MTN_MOMO_LBR',
			party_id: partyId,
			country_code: 'LR',
			insensitive_account_number: '231881234567',
		});
		expect(sessionRequest.body).toEqual({ source_id: invoiceId, source_type: 'INVOICE' });
		const session = sessionRequest.response as IDataObject;
		const account = accountRequest.response as IDataObject;
		expect(executeRequest.body).toEqual({
			session_id: String(session.id),
			payment_account_id: String(account.id),
			currency: 'USD',
			reference_id: expect.stringMatching(UUID_V4),
		});
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			...(executeRequest.response as IDataObject),
			session_id: session.id,
			payment_account_id: account.id,
		});
		expect(items[0].json.reference_id).toBe(executeRequest.body.reference_id);
		expect(items[0].json.status).toBe('PENDING');
		expect(harness.server.schemas.money.ExecutionResponse(executeRequest.response)).toBe(true);
	});

	test('Auto method and a row id: status first, operator look-up, derived reference; waits until COMPLETED and the invoice is PAID', async () => {
		const { partyId, invoiceId } = seedPayer(harness, '231771234567');
		harness.server.setMoneyOptions({ autoSettle: { afterStatusReads: 1, status: 'COMPLETED' } });
		const row = rowId('order');
		const reference = deriveReference(row, 'COLLECTION', CLIENT_ID);
		const { items, error } = await harness.run(
			{
				resource: 'collection',
				operation: 'create',
				sourceType: 'INVOICE',
				sourceId: invoiceId,
				payerPhone: '231771234567',
				currency: 'USD',
				method: 'auto',
				referenceId: '={{ $json.order }}',
				options: { waitForResult: true, waitTimeout: 60 },
			},
			[{ order: row }],
		);
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([
			`GET /v1/status/collection/${reference}`,
			`GET /v1/invoices/retrieve/${invoiceId}`,
			'GET /v1/predictions/mmo-provider-info',
			'POST /v1/payment-accounts/create',
			'POST /v1/sessions/checkout',
			'POST /v1/executions/collection',
			`GET /v1/status/collection/${reference}`,
		]);
		const requests = apiRequests(harness);
		expect(requests[2].query).toEqual({ phone: '231771234567', operation_type: 'COLLECTION' });
		expect(requests[3].body).toMatchObject({ method: 'ORANGE_MONEY_LBR', provider: 'PAWAPAY', party_id: partyId, country_code: 'LR' });
		expect(requests[5].body.reference_id).toBe(reference);
		expect(items[0].json).toMatchObject({ reference_id: reference, status: 'COMPLETED', note: expect.stringContaining('Waited for the final status') });
		expect(harness.server.documentDetail('INVOICE', invoiceId)?.status).toBe('PAID');
	});

	test('a derived reference is a UUID v4, the same every time, and differs by text, type and Client ID', () => {
		const a = deriveReference('row-1', 'PAYOUT', 'client-a');
		expect(a).toMatch(UUID_V4);
		expect(deriveReference('row-1', 'PAYOUT', 'client-a')).toBe(a);
		expect(deriveReference('row-2', 'PAYOUT', 'client-a')).not.toBe(a);
		expect(deriveReference('row-1', 'REFUND', 'client-a')).not.toBe(a);
		expect(deriveReference('row-1', 'PAYOUT', 'client-b')).not.toBe(a);
	});
});

describe('Payout › Send', () => {
	test('the exact requests, the passcode object, the output', async () => {
		const { partyId } = seedPayer(harness);
		const reference = '3f0c1a52-8d7e-4b8a-9c1d-2e3f4a5b6c7d';
		const { items, error } = await harness.run(payoutParameters(partyId, reference, { amount: 12.5 }));
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([
			`GET /v1/status/payout/${reference}`,
			'POST /v1/payment-accounts/create',
			'POST /v1/sessions/payout',
			'POST /v1/executions/payout',
		]);
		const [, account, session, execute] = apiRequests(harness);
		expect(account.query).toEqual({ operation_type: 'PAYOUT' });
		expect(account.body).toMatchObject({ method: 'MTN_MOMO_LBR', provider: 'PAWAPAY', party_id: partyId, insensitive_account_number: '231881234567' });
		const accountId = (account.response as IDataObject).id;
		expect(session.body).toEqual({ payout_account_id: accountId, amount: 12.5, currency: 'USD' });
		expect(execute.body).toEqual({
			session_id: String((session.response as IDataObject).id),
			payout_account_id: String(accountId),
			reference_id: reference,
			passcode: {
				token: { code: PASSCODE, phone: '231770000001' },
				device: { name: 'n8n', type: 'SERVER', platform: 'NODE', user_agent: `n8n-nodes-dollr/${PACKAGE_VERSION}`, client_ip: '203.0.113.10' },
			},
		});
		expect(items[0].json).toEqual({ ...(execute.response as IDataObject), session_id: (session.response as IDataObject).id, payout_account_id: accountId });
		expect(harness.server.executions('payout').filter((e) => e.reference_id === reference)).toHaveLength(1);
	});

	test('the passcode object takes the user ID when the credential has no phone', async () => {
		harness.setCredential({ ...MONEY_CREDENTIAL, passcodePhone: '', passcodeUserId: 'merchant-user-1' });
		const { partyId } = seedPayer(harness);
		const { error } = await harness.run(payoutParameters(partyId, rowId()));
		expect(error).toBeUndefined();
		expect((bodyOf(harness, '/v1/executions/payout').passcode as IDataObject).token).toEqual({ code: PASSCODE, user_id: 'merchant-user-1' });
	});

	test('a batch to one wallet makes one payout account; the same rows run again make no payout, session or account', async () => {
		const { partyId } = seedPayer(harness);
		const rows = [rowId(), rowId(), rowId()];
		const accounts = harness.server.paymentAccounts().length;
		const sessions = harness.server.moneySessions().length;
		const payouts = harness.server.executions('payout').length;
		const first = await payRows(partyId, rows, { concurrency: 3 });
		expect(first.error).toBeUndefined();
		expect(first.items.map((i: { json: IDataObject }) => i.json.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
		expect(harness.server.paymentAccounts().length - accounts).toBe(1);
		expect(new Set(first.items.map((i: { json: IDataObject }) => i.json.payout_account_id)).size).toBe(1);
		expect(harness.server.executions('payout').length - payouts).toBe(3);

		harness.server.reset();
		const second = await payRows(partyId, rows, { concurrency: 3 });
		expect(second.error).toBeUndefined();
		expect(calls(harness)).toEqual(rows.map((row) => `GET /v1/status/payout/${deriveReference(row, 'PAYOUT', CLIENT_ID)}`));
		expect(harness.server.executions('payout').length - payouts).toBe(3);
		expect(harness.server.moneySessions().length - sessions).toBe(3);
		expect(harness.server.paymentAccounts().length - accounts).toBe(1);
		second.items.forEach((item: { json: IDataObject }, i: number) => {
			expect(item.json).toMatchObject({
				reference_id: first.items[i].json.reference_id,
				status: 'PENDING',
				session_id: null,
				payout_account_id: null,
				note: expect.stringContaining('no new payout was made'),
			});
		});
	});

	test('two rows with one key in one run, side by side: one payout; the second finds the first by its status', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		const payouts = harness.server.executions('payout').length;
		// Items 1 and 2 (the router runs item 0 alone, then the others side by side).
		const { items, error } = await payRows(partyId, [rowId(), row, row], { concurrency: 3 });
		expect(error).toBeUndefined();
		expect(harness.server.executions('payout').length - payouts).toBe(2);
		expect(calls(harness).filter((c) => c === 'POST /v1/executions/payout')).toHaveLength(2);
		const [, first, second] = items.map((i: { json: IDataObject }) => i.json);
		expect(second.reference_id).toBe(first.reference_id);
		expect(first.note).toBeUndefined();
		expect(second).toMatchObject({ session_id: null, note: expect.stringContaining('no new payout was made') });
	});

	test('a failed account create is not sent again in the run: every item of that wallet fails under its own index', async () => {
		const { partyId } = seedPayer(harness);
		harness.server.injectFaults('/v1/payment-accounts/create', [{ status: 500 }]);
		const rows = [rowId(), rowId(), rowId()];
		const { items, error } = await harness.run(
			payoutParameters(partyId, '={{ $json.row_id }}', { options: { ...FAST, concurrency: 2 } }),
			rows.map((row) => ({ row_id: row })),
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(calls(harness).filter((c) => c === 'POST /v1/payment-accounts/create')).toHaveLength(1);
		expect(calls(harness).filter((c) => c.startsWith('POST /v1/sessions/'))).toEqual([]);
		expect(items.map((i: { json: IDataObject }) => i.json.error)).toEqual(
			[0, 1, 2].map((i) => `Dollr failed with HTTP 500; the payment account may have been created [item ${i}]`),
		);
	});

	test('Payout Account ID reuses an account: none is created', async () => {
		const { partyId } = seedPayer(harness);
		const first = await harness.run(payoutParameters(partyId, rowId()));
		const accountId = first.items[0].json.payout_account_id;
		harness.server.reset();
		const accounts = harness.server.paymentAccounts().length;
		const { items, error } = await harness.run(payoutParameters(partyId, rowId(), { additionalFields: { payoutAccountId: accountId } }));
		expect(error).toBeUndefined();
		expect(calls(harness)).not.toContain('POST /v1/payment-accounts/create');
		expect(harness.server.paymentAccounts().length).toBe(accounts);
		expect(items[0].json.payout_account_id).toBe(accountId);
	});

	test('a lost answer after Dollr executed: one payout, the output from the status', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'PAYOUT', CLIENT_ID);
		harness.server.injectFaults('/v1/executions/payout', [{ drop: true, afterHandling: true }]);
		const { items, error } = await harness.run(payoutParameters(partyId, row));
		expect(error).toBeUndefined();
		expect(harness.server.executions('payout').filter((e) => e.reference_id === reference)).toHaveLength(1);
		expect(calls(harness).filter((c) => c === 'POST /v1/executions/payout')).toHaveLength(1);
		expect(calls(harness).slice(-1)).toEqual([`GET /v1/status/payout/${reference}`]);
		expect(items[0].json).toMatchObject({ reference_id: reference, status: 'PENDING', note: expect.stringContaining('answer to the payout was lost') });
		expect(typeof items[0].json.session_id).toBe('number');
	});

	test('a 5xx before Dollr executed: an error naming the reference, no second execute; the re-run pays once', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'PAYOUT', CLIENT_ID);
		harness.server.injectFaults('/v1/executions/payout', [{ status: 500 }]);
		const { error } = await harness.run(payoutParameters(partyId, row));
		expect(error.message).toBe(`Dollr's answer to the payout with Reference ID '${reference}' (derived from '${row}') was lost, and Dollr does not show it yet [item 0]`);
		expect(error.description).toContain('Running this item again with the same Reference ID checks Dollr first and finishes safely');
		expect(calls(harness).filter((c) => c === 'POST /v1/executions/payout')).toHaveLength(1);
		expect(calls(harness).filter((c) => c === `GET /v1/status/payout/${reference}`)).toHaveLength(1 + FAST.maxRetries + 1);
		expect(harness.server.executions('payout').filter((e) => e.reference_id === reference)).toHaveLength(0);

		harness.server.reset();
		const rerun = await harness.run(payoutParameters(partyId, row));
		expect(rerun.error).toBeUndefined();
		expect(rerun.items[0].json.reference_id).toBe(reference);
		expect(harness.server.executions('payout').filter((e) => e.reference_id === reference)).toHaveLength(1);
	});

	test('a random collection reference whose answer is lost: the error says to put it in the field', async () => {
		const { invoiceId } = seedPayer(harness);
		harness.server.injectFaults('/v1/executions/collection', [{ status: 502, html: true }]);
		const { error } = await harness.run({
			resource: 'collection', operation: 'create', sourceType: 'INVOICE', sourceId: invoiceId,
			payerPhone: '231881234567', currency: 'USD', method: 'MTN_MOMO_LBR', options: FAST,
		});
		const sent = bodyOf(harness, '/v1/executions/collection').reference_id;
		expect(error.message).toContain(`Reference ID '${String(sent)}' was lost`);
		expect(error.description).toContain(`Put this Reference ID ('${String(sent)}') in the Reference ID field`);
	});

	test('a reference Dollr already used for another payment: 422 on reference_id, not retried, said plainly', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'PAYOUT', CLIENT_ID);
		await harness.run(payoutParameters(partyId, row));
		harness.server.reset();
		// The status check misses it (as if Dollr had not recorded it yet): the execute meets the duplicate.
		harness.server.injectFaults(`/v1/status/payout/${reference}`, [{ status: 404, body: { detail: 'Execution not found' } }]);
		const { error } = await harness.run(payoutParameters(partyId, row, { amount: 99 }));
		expect(error.message).toBe(`Dollr refused the payout: its Reference ID '${reference}' (derived from '${row}') is already used for another payment [item 0]`);
		expect(error.description).toContain('use a new Reference ID');
		expect(calls(harness).filter((c) => c === 'POST /v1/executions/payout')).toHaveLength(1);
		expect(harness.server.executions('payout').filter((e) => e.reference_id === reference)).toHaveLength(1);
	});

	test('a found FAILED payout is reported as it stands: a new attempt needs a new Reference ID', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'PAYOUT', CLIENT_ID);
		await harness.run(payoutParameters(partyId, row));
		harness.server.settleExecution('payout', reference, 'FAILED', { gatewayMessage: 'Wallet not registered' });
		harness.server.reset();
		const { items, error } = await harness.run(payoutParameters(partyId, row));
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([`GET /v1/status/payout/${reference}`]);
		expect(items[0].json).toMatchObject({ status: 'FAILED', gateway_message: 'Wallet not registered', note: expect.stringContaining('a deliberate new attempt needs a new Reference ID') });
	});
});

describe('money out: the credential guards, before any request', () => {
	async function expectNothingSent(credential: IDataObject, parameters: IDataObject, message: RegExp) {
		harness.setCredential(credential);
		const { error } = await harness.run(parameters);
		expect(error?.message).toMatch(message);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(harness.server.requests).toEqual([]);
	}

	test('Allow Money Out off (the default): payouts, transfers and refunds send nothing, not even the token request', async () => {
		const off = { ...MONEY_CREDENTIAL, allowMoneyOut: false };
		await expectNothingSent(off, payoutParameters(1, 'row-1'), /^Money out is off in this Dollr credential, so the node did not send a payout/);
		await expectNothingSent({}, transferParameters(1, 'row-1'), /Money out is off/);
		await expectNothingSent({}, refundParameters(1, 'row-1'), /Money out is off/);
	});

	test('above the Money Out Limit: nothing sent', async () => {
		await expectNothingSent({ ...MONEY_CREDENTIAL, moneyOutLimit: 100 }, payoutParameters(1, 'row-1', { amount: 100.01 }), /above this Dollr credential's Money Out Limit of 100/);
	});

	test('a payout without the passcode, its phone or user ID, or the client IP: nothing sent', async () => {
		await expectNothingSent({ ...MONEY_CREDENTIAL, passcode: '' }, payoutParameters(1, 'row-1'), /Payouts need Payout Passcode in the Dollr credential/);
		await expectNothingSent({ ...MONEY_CREDENTIAL, passcodePhone: '' }, payoutParameters(1, 'row-1'), /Passcode Phone or Passcode User ID/);
		await expectNothingSent({ ...MONEY_CREDENTIAL, clientIp: ' ' }, payoutParameters(1, 'row-1'), /Client IP/);
	});

	test('an empty Reference ID on a payout, transfer or refund is refused before any request, saying why', async () => {
		// n8n itself stops an empty required field; an expression (or an AI tool) can still give an empty value.
		const empty = '={{ $json.row }}';
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(1, empty), /^Reference ID is required \[item 0\]$/);
		const { error } = await harness.run(payoutParameters(1, empty), [{ row: '  ' }]);
		expect(error.description).toContain('a re-run finds the first payout instead of paying twice');
		await expectNothingSent(MONEY_CREDENTIAL, transferParameters(1, empty), /^Reference ID is required/);
		await expectNothingSent(MONEY_CREDENTIAL, refundParameters(1, empty), /^Reference ID is required/);
	});

	test('bad fields are refused before any request, naming the field and the item', async () => {
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(1, 'r', { phone: '0771234' }), /^Phone must be 8-15 digits/);
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(1, 'r', { amount: 0.001 }), /^Amount must be at least 0.01/);
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(1, 'r', { currency: 'US' }), /^Currency must be a three-letter/);
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(1, 'r', { method: 'MPESA' }), /^Method must be one of/);
		await expectNothingSent(MONEY_CREDENTIAL, payoutParameters(0, 'r'), /^Party ID must be a positive whole number/);
		await expectNothingSent(MONEY_CREDENTIAL, transferParameters(1, 'r', { additionalFields: { expiresAt: 'soon' } }), /^Expires At must be a date/);
		await expectNothingSent(MONEY_CREDENTIAL, { ...payoutParameters(1, 'r'), options: { waitForResult: true, waitTimeout: 0 } }, /^Wait Timeout must be a whole number/);
	});
});

function transferParameters(counterpartyId: number, referenceId: string, overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'transfer',
		operation: 'create',
		fromWalletId: 1,
		counterpartyId: { __rl: true, mode: 'id', value: String(counterpartyId) },
		amount: 15,
		currency: 'USD',
		referenceId,
		options: FAST,
		...overrides,
	};
}

function refundParameters(intentId: number, referenceId: string, overrides: IDataObject = {}): IDataObject {
	return { resource: 'refund', operation: 'create', originalPaymentIntentId: intentId, amount: 5, referenceId, options: FAST, ...overrides };
}

describe('Transfer and Refund', () => {
	test('Transfer: status, session (expiry 15 minutes ahead), execute', async () => {
		const { counterpartyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'TRANSFER', CLIENT_ID);
		const before = Date.now();
		const { items, error } = await harness.run(transferParameters(counterpartyId, row));
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([`GET /v1/status/transfer/${reference}`, 'POST /v1/sessions/transfer', 'POST /v1/executions/transfer']);
		const [, session, execute] = apiRequests(harness);
		expect(session.body).toEqual({ from_wallet_id: 1, to_counterparty_id: counterpartyId, amount: 15, currency: 'USD', expires_at: expect.any(String) });
		const expiry = Date.parse(String(session.body.expires_at));
		expect(expiry).toBeGreaterThanOrEqual(before + 15 * 60_000);
		expect(expiry).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
		expect(execute.body).toEqual({ session_id: String((session.response as IDataObject).id), reference_id: reference });
		expect(items[0].json).toEqual({ ...(execute.response as IDataObject), session_id: (session.response as IDataObject).id });
	});

	test('an execute refused because of the session is retried once with a new session and the same reference', async () => {
		const { counterpartyId } = seedPayer(harness);
		const row = rowId();
		const reference = deriveReference(row, 'TRANSFER', CLIENT_ID);
		harness.server.injectFaults('/v1/executions/transfer', [
			{ status: 422, body: { detail: [{ loc: ['body', 'session_id'], msg: 'session not found / expired', type: 'value_error' }] } },
		]);
		const { items, error } = await harness.run(transferParameters(counterpartyId, row));
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([
			`GET /v1/status/transfer/${reference}`,
			'POST /v1/sessions/transfer',
			'POST /v1/executions/transfer',
			'POST /v1/sessions/transfer',
			'POST /v1/executions/transfer',
		]);
		const executes = harness.server.requests.filter((r) => r.path === '/v1/executions/transfer');
		expect(executes.map((r) => r.body.reference_id)).toEqual([reference, reference]);
		expect(executes[0].body.session_id).not.toBe(executes[1].body.session_id);
		expect(harness.server.executions('transfer').filter((e) => e.reference_id === reference)).toHaveLength(1);
		expect(items[0].json.session_id).toBe(Number(executes[1].body.session_id));
	});

	test('Refund of a completed collection: session with reason and expiry, execute', async () => {
		const { invoiceId } = seedPayer(harness);
		const collected = await harness.run({
			resource: 'collection', operation: 'create', sourceType: 'INVOICE', sourceId: invoiceId,
			payerPhone: '231881234567', currency: 'USD', method: 'MTN_MOMO_LBR',
		});
		harness.server.settleExecution('collection', String(collected.items[0].json.reference_id), 'COMPLETED');
		const intent = harness.server.paymentIntents().find((i) => i.reference_id === collected.items[0].json.reference_id)!;
		harness.server.reset();
		const row = rowId('ticket');
		const reference = deriveReference(row, 'REFUND', CLIENT_ID);
		const { items, error } = await harness.run(
			refundParameters(Number(intent.id), row, { additionalFields: { reason: 'Lamp broken', expiresAt: '2099-01-01T00:00:00Z' } }),
		);
		expect(error).toBeUndefined();
		expect(calls(harness)).toEqual([`GET /v1/status/refund/${reference}`, 'POST /v1/sessions/refund', 'POST /v1/executions/refund']);
		const [, session, execute] = apiRequests(harness);
		expect(session.body).toEqual({ original_payment_intent_id: intent.id, amount: 5, expires_at: '2099-01-01T00:00:00.000Z', reason: 'Lamp broken' });
		expect(execute.body).toEqual({ session_id: String((session.response as IDataObject).id), reference_id: reference });
		expect(items[0].json).toMatchObject({ reference_id: reference, operation_type: 'REFUND', status: 'PENDING' });
	});
});

describe('Wait for Result', () => {
	test('FAILED is an error carrying the gateway message; with Continue On Fail it is data', async () => {
		const { partyId } = seedPayer(harness);
		harness.server.setMoneyOptions({ autoSettle: { afterStatusReads: 1, status: 'FAILED', gatewayMessage: 'Recipient wallet is barred' } });
		const row = rowId();
		const reference = deriveReference(row, 'PAYOUT', CLIENT_ID);
		const { error } = await harness.run(payoutParameters(partyId, row, { options: { waitForResult: true } }));
		expect(error.message).toBe(`The payout with Reference ID '${reference}' FAILED: Recipient wallet is barred [item 0]`);

		harness.server.setMoneyOptions({ autoSettle: { afterStatusReads: 1, status: 'FAILED', gatewayMessage: 'Recipient wallet is barred' } });
		const rows = [rowId(), rowId()];
		const { items, error: none } = await harness.run(
			payoutParameters(partyId, '={{ $json.row }}', { options: { waitForResult: true } }),
			rows.map((r) => ({ row: r })),
			{ onError: 'continueRegularOutput' },
		);
		expect(none).toBeUndefined();
		expect(items.map((i: { json: IDataObject }) => i.json.error)).toEqual(
			rows.map((r, i) => `The payout with Reference ID '${deriveReference(r, 'PAYOUT', CLIENT_ID)}' FAILED: Recipient wallet is barred [item ${i}]`),
		);
	});

	test('timeout: the last status, with a note', async () => {
		const { partyId } = seedPayer(harness);
		const { items, error } = await harness.run(payoutParameters(partyId, rowId(), { options: { waitForResult: true, waitTimeout: 1 } }));
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('PENDING');
		expect(items[0].json.note).toMatch(/^Waited 1 s and Dollr still says PENDING/);
	});
});

describe('Get Status', () => {
	test('by the row id the payout was made with: Dollr\'s ExecutionResponse unchanged', async () => {
		const { partyId } = seedPayer(harness);
		const row = rowId();
		await harness.run(payoutParameters(partyId, row));
		harness.server.reset();
		const { items, error } = await harness.run({ resource: 'payout', operation: 'getStatus', referenceId: row });
		expect(error).toBeUndefined();
		const [status] = apiRequests(harness);
		expect(status.path).toBe(`/v1/status/payout/${deriveReference(row, 'PAYOUT', CLIENT_ID)}`);
		expect(items[0].json).toEqual(status.response);
	});

	test('an unknown reference gets a message that says so, naming the reference and its text', async () => {
		const { error } = await harness.run({ resource: 'refund', operation: 'getStatus', referenceId: 'no-such-row' });
		const reference = deriveReference('no-such-row', 'REFUND', CLIENT_ID);
		expect(error.message).toBe(`Dollr has no refund with Reference ID '${reference}' (derived from 'no-such-row') [item 0]`);
	});
});

describe('Payment Account › Create', () => {
	test('the exact request and Dollr\'s answer', async () => {
		const { partyId } = seedPayer(harness);
		const { items, error } = await harness.run({
			resource: 'paymentAccount',
			operation: 'create',
			operationType: 'PAYOUT',
			partyId,
			method: 'AIRTEL_RWA',
			accountNumber: '250731234567',
			accountName: 'Amara Airtel',
			additionalFields: {},
		});
		expect(error).toBeUndefined();
		const [request] = apiRequests(harness);
		expect(request.query).toEqual({ operation_type: 'PAYOUT' });
		expect(request.body).toEqual({
			account_name: 'Amara Airtel', provider: 'PAWAPAY', method: 'AIRTEL_RWA', party_id: partyId, country_code: 'RW', insensitive_account_number: '250731234567',
		});
		expect(items[0].json).toEqual(request.response);
		expect(harness.server.requests.filter((r) => r.path === TOKEN_PATH).length).toBeLessThanOrEqual(1);
	});
});

test('the payout user agent names the package version', () => {
	expect(PACKAGE_VERSION).toBe(packageJson.version);
});

describe('the contract with saved workflows', () => {
	test('resources, operations, parameter names and option values as the issue gives them', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Dollr } = require('../nodes/Dollr/Dollr.node');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { DollrApi } = require('../credentials/DollrApi.credentials');
		const properties = new Dollr().description.properties as Array<IDataObject & { name: string; displayOptions?: { show?: IDataObject }; options?: IDataObject[] }>;
		const of = (resource: string, operation: string) =>
			properties.filter((p) => (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));
		const names = (resource: string, operation: string) => of(resource, operation).map((p) => p.name);
		const menu = (properties.find((p) => p.name === 'resource')?.options ?? []).map((o) => o.value);
		expect(menu.slice(6, 11)).toEqual(['collection', 'payout', 'transfer', 'refund', 'paymentAccount']);
		const additional = (resource: string) => (of(resource, 'create').find((p) => p.name === 'additionalFields')?.options ?? []).map((o) => o.name).sort();
		expect(names('collection', 'create')).toEqual(['sourceType', 'sourceId', 'payerPhone', 'currency', 'method', 'referenceId', 'additionalFields']);
		expect(additional('collection')).toEqual(['accountName', 'countryCode', 'partyId', 'paymentAccountId', 'provider']);
		expect(names('payout', 'create')).toEqual(['partyId', 'phone', 'method', 'amount', 'currency', 'referenceId', 'additionalFields']);
		expect(additional('payout')).toEqual(['accountName', 'countryCode', 'payoutAccountId', 'provider']);
		expect(names('transfer', 'create')).toEqual(['fromWalletId', 'counterpartyId', 'amount', 'currency', 'referenceId', 'additionalFields']);
		expect(additional('transfer')).toEqual(['expiresAt']);
		expect(names('refund', 'create')).toEqual(['originalPaymentIntentId', 'amount', 'referenceId', 'additionalFields']);
		expect(additional('refund')).toEqual(['expiresAt', 'reason']);
		for (const resource of ['collection', 'payout', 'transfer', 'refund']) expect(names(resource, 'getStatus')).toEqual(['referenceId']);
		expect(names('paymentAccount', 'create')).toEqual(['operationType', 'partyId', 'method', 'accountNumber', 'accountName', 'additionalFields']);
		const method = of('payout', 'create').find((p) => p.name === 'method');
		expect(method?.options?.map((o) => o.value)).toEqual(['auto', 'MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA']);
		const options = properties.find((p) => p.name === 'options')?.options?.map((o) => o.name);
		expect(options).toEqual(expect.arrayContaining(['waitForResult', 'waitTimeout']));
		const credential = new DollrApi();
		expect(credential.properties.find((p: IDataObject) => p.name === 'allowMoneyOut')?.default).toBe(false);
		expect(credential.properties.find((p: IDataObject) => p.name === 'passcode')?.typeOptions).toEqual({ password: true });
		// What an AI agent reads of the key: a retry of the same payment reuses it.
		for (const resource of ['collection', 'payout', 'transfer', 'refund']) {
			expect(String(of(resource, 'create').find((p) => p.name === 'referenceId')?.description)).toContain('A retry or re-run of the same');
		}
	});
});

describe('example workflows', () => {
	test('request-payment-after-order.json: the order, then a prompt on the payer\'s phone; paid, the order is PAID; run again, no second prompt', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('./workflows/request-payment-after-order.json');
		harness.server.setMoneyOptions({ autoSettle: { afterStatusReads: 1, status: 'COMPLETED' } });
		const run = await harness.runWorkflow(workflow);
		expect(run.data.resultData.error).toBeUndefined();
		const paid = run.data.resultData.runData['Paid: fulfil the order'][0].data.main[0];
		expect(paid).toHaveLength(1);
		const { json } = paid[0];
		expect(json).toMatchObject({ status: 'COMPLETED', reference_id: deriveReference('wa-order-1042', 'COLLECTION', CLIENT_ID), operation_type: 'COLLECTION' });
		const order = harness.server.requests.find((r) => r.path === '/v1/sessions/checkout')?.body as IDataObject;
		expect(order.source_type).toBe('ORDER');
		expect(harness.server.documentDetail('ORDER', Number(order.source_id))?.status).toBe('PAID');
		const collections = harness.server.executions('collection').length;

		harness.server.reset();
		const again = await harness.runWorkflow(workflow);
		// The new checkout makes a new order; the collection's key is the shop's order ID: no second prompt.
		expect(harness.server.executions('collection').length).toBe(collections);
		const rerun = again.data.resultData.runData['Paid: fulfil the order'][0].data.main[0];
		expect(rerun[0].json).toMatchObject({ status: 'COMPLETED', note: expect.stringContaining('no new collection was made') });
	});

	test('pay-suppliers.json run twice: three payouts, not six', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('./workflows/pay-suppliers.json');
		// Its rows pay parties 1, 2 and 3.
		while (harness.server.parties().length < 3) harness.server.seedParties([{ fullname: `Supplier ${rowId()}`, phone: '231886543210' }]);
		const rows = (workflow.pinData[Object.keys(workflow.pinData)[0]] as Array<{ json: IDataObject }>).map((i) => String(i.json.row_id));
		const references = rows.map((row) => deriveReference(row, 'PAYOUT', CLIENT_ID));
		const known = () => harness.server.executions('payout').filter((e) => references.includes(String(e.reference_id))).length;
		await harness.runWorkflow(workflow);
		expect(known()).toBe(3);
		harness.server.reset();
		await harness.runWorkflow(workflow);
		expect(known()).toBe(3);
		expect(harness.server.requests.filter((r) => r.path === '/v1/executions/payout')).toEqual([]);
	});
});
