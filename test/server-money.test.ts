/**
 * The local Dollr server's money API over HTTP (fetch), the way the node sees
 * it: payment account → session → execution → status for the four flows, the
 * exactly-once rules the server enforces (replay, duplicate reference), the
 * passcode, wallets, session expiry, a collection paying its invoice, refund
 * limits, autoSettle and the faults on the execution paths. Every answer is
 * checked with ajv against test/spec/dollr-money.yaml, so the node's tests can
 * rely on the server.
 */
import { randomUUID } from 'node:crypto';

import { type Json, send, startWithBearer } from './server-client';
// The server is plain CommonJS, shared with the demo and the benchmark.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemas } = require('./server/dollr-server');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEFAULT_WALLETS } = require('./server/money');

type Validator = ((value: unknown) => boolean) & { errors?: unknown };

let server: Json;
let bearer: string;

beforeAll(async () => {
	({ server, bearer } = await startWithBearer());
});
afterAll(async () => await server.close());
beforeEach(() => server.reset());

function expectShape(name: string, value: unknown) {
	const validate: Validator = schemas.money[name];
	if (!validate(value)) throw new Error(`${name}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(value)}`);
}

/** The answer to one call; a 200 must match `schema` (from dollr-money.yaml), a 422 FastAPI's shape. */
async function call(method: string, path: string, body?: unknown, schema?: string): Promise<{ status: number; json: Json }> {
	const answer = await send({ server, bearer }, method, path, body);
	const { json } = answer;
	if (answer.status === 422) expectShape('HTTPValidationError', json);
	if (schema && answer.status === 200) expectShape(schema, json);
	return { status: answer.status, json };
}

async function ok(method: string, path: string, body: unknown, schema: string): Promise<Json> {
	const { status, json } = await call(method, path, body, schema);
	if (status !== 200) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
	return json;
}

/** The one entry of a 422's detail. */
function only422(answer: { status: number; json: Json }): Json {
	expect(answer.status).toBe(422);
	expect(answer.json.detail).toHaveLength(1);
	return answer.json.detail[0];
}

const PASSCODE = {
	token: { code: '2468', phone: '231770000001' },
	device: { name: 'n8n', type: 'SERVER', platform: 'NODE', user_agent: 'n8n-nodes-dollr', client_ip: '203.0.113.7' },
};

function newParty(): Json {
	return server.seedParties([{ fullname: 'Musu Flomo', phone: '231881112222', country_code: 'LR' }])[0];
}

async function newAccount(operationType = 'PAYOUT', partyId = newParty().id): Promise<Json> {
	return await ok(
		'POST',
		`/v1/payment-accounts/create?operation_type=${operationType}`,
		{ account_name: 'Musu MTN', provider: 'PAWAPAY', method: 'MTN_MOMO_LBR', party_id: partyId, country_code: 'LR', insensitive_account_number: '231881112222' },
		'PaymentAccountResponse',
	);
}

async function payoutSession(accountId: number, amount = 25, currency = 'USD'): Promise<Json> {
	return await ok('POST', '/v1/sessions/payout', { payout_account_id: accountId, amount, currency }, 'PayoutSessionResponse');
}

function payoutBody(session: Json, reference: string = randomUUID(), passcode: Json = PASSCODE) {
	return { session_id: String(session.id), payout_account_id: String(session.payout_account_id), reference_id: reference, passcode };
}

/** A published invoice of 90 USD for a new counterparty; returns the stored document. */
function activeInvoice(status = 'ACTIVE'): Json {
	const party = newParty();
	const [counterparty] = server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: party.id }]);
	return server.seedDocuments('INVOICE', [{ status, counterparty_id: counterparty.id, currency: 'USD', items: [{ name: 'Solar lamp', qty: 2, amount: 45, currency: 'USD' }] }])[0];
}

/** A collection of `invoice` executed (PENDING); returns its reference. */
async function collect(invoice: Json): Promise<string> {
	const session = await ok('POST', '/v1/sessions/checkout', { source_id: invoice.id, source_type: 'INVOICE' }, 'CheckoutSessionResponse');
	const account = await newAccount('COLLECTION');
	const reference = randomUUID();
	await ok('POST', '/v1/executions/collection', { session_id: String(session.id), payment_account_id: String(account.id), currency: 'USD', reference_id: reference }, 'ExecutionResponse');
	return reference;
}

const usd = () => server.wallets().find((wallet: Json) => wallet.currency === 'USD').balance;

describe('payment accounts', () => {
	it('creates an active account for a known party, never echoing the account number', async () => {
		const party = newParty();
		const account = await newAccount('PAYOUT', party.id);
		expect(account).toMatchObject({ account_name: 'Musu MTN', provider: 'PAWAPAY', method: 'MTN_MOMO_LBR', party_id: party.id, is_active: true, country_code: 'LR' });
		expect(account).not.toHaveProperty('insensitive_account_number');
		expect(server.paymentAccounts().at(-1)).toMatchObject({ id: account.id, insensitive_account_number: '231881112222', operation_type: 'PAYOUT' });
	});

	it('refuses an unknown party, a missing or unknown operation_type and a body without its required fields', async () => {
		const body = { account_name: 'x', provider: 'PAWAPAY', method: 'MTN_MOMO_LBR', party_id: 999999 };
		expect(only422(await call('POST', '/v1/payment-accounts/create?operation_type=PAYOUT', body)).loc).toEqual(['body', 'party_id']);
		expect(only422(await call('POST', '/v1/payment-accounts/create', body)).loc).toEqual(['query', 'operation_type']);
		expect(only422(await call('POST', '/v1/payment-accounts/create?operation_type=GIFT', body)).loc).toEqual(['query', 'operation_type']);
		expect(only422(await call('POST', '/v1/payment-accounts/create?operation_type=PAYOUT', { ...body, method: undefined, party_id: newParty().id })).loc).toEqual(['body', 'method']);
	});
});

describe('payouts', () => {
	it('account → session (USD wallet, 15 minutes) → execute PENDING, wallet debited → status; the bearer is required', async () => {
		const account = await newAccount();
		const before = usd();
		const session = await payoutSession(account.id, 25);
		expect(session).toMatchObject({ wallet_id: 1, payout_account_id: account.id, amount: 25, currency: 'USD', status: 'ACTIVE' });
		expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(15 * 60_000);
		const body = payoutBody(session);
		const executed = await ok('POST', '/v1/executions/payout', body, 'ExecutionResponse');
		expect(executed).toMatchObject({ reference_id: body.reference_id, status: 'PENDING', operation_type: 'PAYOUT', payer_amount: 25, payer_currency: 'USD', payee_amount: 25, payee_currency: 'USD' });
		expect(usd()).toBe(before - 25);
		expect(await ok('GET', `/v1/status/payout/${body.reference_id}`, undefined, 'ExecutionResponse')).toEqual(executed);
		expect(server.executions('payout').at(-1)).toMatchObject({ reference_id: body.reference_id, session_id: String(session.id), payout_account_id: String(account.id), amount: 25, currency: 'USD', status: 'PENDING', wallet_id: 1 });

		const anonymous = await fetch(`${server.url}/v1/executions/payout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payoutBody(session)) });
		expect(anonymous.status).toBe(401);
	});

	it('the same reference with the same session is a replay (one execution); with another session a 422 duplicate', async () => {
		const account = await newAccount();
		const session = await payoutSession(account.id);
		const body = payoutBody(session);
		const first = await ok('POST', '/v1/executions/payout', body, 'ExecutionResponse');
		const balance = usd();
		expect(await ok('POST', '/v1/executions/payout', body, 'ExecutionResponse')).toEqual(first);
		const other = await payoutSession(account.id);
		expect(only422(await call('POST', '/v1/executions/payout', { ...payoutBody(other), reference_id: body.reference_id }))).toEqual({
			loc: ['body', 'reference_id'],
			msg: 'duplicate reference_id: already exists',
			type: 'value_error',
		});
		expect(server.executions('PAYOUT').filter((execution: Json) => execution.reference_id === body.reference_id)).toHaveLength(1);
		expect(usd()).toBe(balance);
		// The other session was not used: it still executes with a new reference.
		expect((await ok('POST', '/v1/executions/payout', payoutBody(other), 'ExecutionResponse')).status).toBe('PENDING');
	});

	it('an unknown reference is a 404 on status, and a reference is found only under its own type', async () => {
		expect(await call('GET', `/v1/status/payout/${randomUUID()}`)).toEqual({ status: 404, json: { detail: 'Execution not found' } });
		const session = await payoutSession((await newAccount()).id);
		const body = payoutBody(session);
		await ok('POST', '/v1/executions/payout', body, 'ExecutionResponse');
		for (const type of ['collection', 'transfer', 'refund']) {
			expect(await call('GET', `/v1/status/${type}/${body.reference_id}`)).toEqual({ status: 404, json: { detail: 'Execution not found' } });
		}
	});

	it('a reference that is not a UUID v4 is a 422 on body.reference_id', async () => {
		const session = await payoutSession((await newAccount()).id);
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(session, 'row-17'))).loc).toEqual(['body', 'reference_id']);
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(session, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'))).type).toBe('uuid_version');
		expect(server.executions('payout').filter((execution: Json) => execution.session_id === String(session.id))).toEqual([]);
	});

	it('checks the passcode: a wrong code is a 422 on passcode.token.code echoing the input; phone or user_id; every device field', async () => {
		const session = await payoutSession((await newAccount()).id);
		const count = server.executions().length;
		const wrong = only422(await call('POST', '/v1/executions/payout', payoutBody(session, randomUUID(), { ...PASSCODE, token: { code: '1357', phone: '231770000001' } })));
		expect(wrong).toEqual({ loc: ['body', 'passcode', 'token', 'code'], msg: 'Invalid passcode', type: 'value_error', input: '1357' });
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(session, randomUUID(), { ...PASSCODE, token: { code: '2468', phone: '231779999999' } }))).loc).toEqual(['body', 'passcode', 'token', 'phone']);
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(session, randomUUID(), { ...PASSCODE, token: { code: '2468', user_id: 'someone' } }))).loc).toEqual(['body', 'passcode', 'token', 'user_id']);
		const { client_ip: _ip, ...device } = PASSCODE.device;
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(session, randomUUID(), { ...PASSCODE, device }))).loc).toEqual(['body', 'passcode', 'device', 'client_ip']);
		expect(server.executions().length).toBe(count);

		const byUser = await ok('POST', '/v1/executions/payout', payoutBody(session, randomUUID(), { ...PASSCODE, token: { code: '2468', user_id: 'merchant-user-1' } }), 'ExecutionResponse');
		expect(byUser.status).toBe('PENDING');
		server.setMoneyOptions({ passcode: { code: '9999', phone: '231770000001' } });
		const other = await payoutSession(session.payout_account_id);
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(other))).loc).toEqual(['body', 'passcode', 'token', 'code']);
	});

	it('too little in the wallet: the execution is FAILED at once with a wallet message, nothing debited; a FAILED payout gives the money back', async () => {
		server.setMoneyOptions({ wallets: [{ id: 1, currency: 'USD', balance: 40 }, { id: 2, currency: 'LRD', balance: 10000000 }, { id: 3, currency: 'RWF', balance: 10000000 }] });
		const account = await newAccount();
		const tooMuch = await ok('POST', '/v1/executions/payout', payoutBody(await payoutSession(account.id, 50)), 'ExecutionResponse');
		expect(tooMuch).toMatchObject({ status: 'FAILED', wallet_message: 'Insufficient wallet balance' });
		expect(usd()).toBe(40);
		const fits = payoutBody(await payoutSession(account.id, 30));
		await ok('POST', '/v1/executions/payout', fits, 'ExecutionResponse');
		expect(usd()).toBe(10);
		server.settleExecution('payout', fits.reference_id, 'FAILED', { gatewayMessage: 'Recipient wallet not found' });
		expect(usd()).toBe(40);
		expect(await ok('GET', `/v1/status/payout/${fits.reference_id}`, undefined, 'ExecutionResponse')).toMatchObject({ status: 'FAILED', gateway_message: 'Recipient wallet not found' });
		expect(() => server.settleExecution('payout', fits.reference_id, 'COMPLETED')).toThrow(/already FAILED/);
		server.setMoneyOptions({ wallets: DEFAULT_WALLETS });
	});

	it("refuses a payout account other than the session's, and a session of another kind", async () => {
		const session = await payoutSession((await newAccount()).id);
		const other = await newAccount();
		expect(only422(await call('POST', '/v1/executions/payout', { ...payoutBody(session), payout_account_id: String(other.id) })).loc).toEqual(['body', 'payout_account_id']);
		const checkout = await ok('POST', '/v1/sessions/checkout', { source_id: activeInvoice().id, source_type: 'INVOICE' }, 'CheckoutSessionResponse');
		expect(only422(await call('POST', '/v1/executions/payout', { ...payoutBody(session), session_id: String(checkout.id) }))).toMatchObject({ loc: ['body', 'session_id'], msg: 'session not ACTIVE or wrong operation type' });
	});
});

describe('sessions', () => {
	it('an expired session cannot be executed; a session executes once', async () => {
		const account = await newAccount();
		const stale = await payoutSession(account.id);
		server.expireSessions();
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(stale)))).toMatchObject({ loc: ['body', 'session_id'], msg: 'session not found / expired' });
		expect(server.moneySessions().find((session: Json) => session.id === stale.id)).toMatchObject({ kind: 'payout', expired: true });

		const fresh = await payoutSession(account.id);
		await ok('POST', '/v1/executions/payout', payoutBody(fresh), 'ExecutionResponse');
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody(fresh)))).toMatchObject({ loc: ['body', 'session_id'], msg: 'session not ACTIVE or wrong operation type' });
		expect(only422(await call('POST', '/v1/executions/payout', payoutBody({ id: 987654, payout_account_id: account.id }))).msg).toBe('session not found / expired');
	});

	it('a checkout session needs an ACTIVE invoice/order', async () => {
		expect(only422(await call('POST', '/v1/sessions/checkout', { source_id: activeInvoice('IDLE').id, source_type: 'INVOICE' })).loc).toEqual(['body', 'source_id']);
		expect(only422(await call('POST', '/v1/sessions/checkout', { source_id: 999999, source_type: 'ORDER' })).loc).toEqual(['body', 'source_id']);
		expect(only422(await call('POST', '/v1/sessions/checkout', { source_id: activeInvoice().id, source_type: 'SUBSCRIPTION' })).loc).toEqual(['body', 'source_type']);
	});
});

describe('collections', () => {
	it('source PROCESSING while the collection is open, PAID (paid_at, status/source) on COMPLETED, with a payment intent', async () => {
		const invoice = activeInvoice();
		const reference = await collect(invoice);
		expect(server.documentDetail('INVOICE', invoice.id)).toMatchObject({ status: 'PROCESSING', paid_at: null });
		expect(server.moneySessions().at(-1)).toMatchObject({ kind: 'checkout', source_id: invoice.id, status: 'EXECUTED' });
		expect(await ok('GET', `/v1/status/collection/${reference}`, undefined, 'ExecutionResponse')).toMatchObject({ status: 'PENDING', payer_amount: 90, payer_currency: 'USD', operation_type: 'COLLECTION' });
		// A second checkout session for the same invoice is refused while it is PROCESSING.
		expect(only422(await call('POST', '/v1/sessions/checkout', { source_id: invoice.id, source_type: 'INVOICE' })).loc).toEqual(['body', 'source_id']);

		server.settleExecution('collection', reference, 'COMPLETED');
		const paid = server.documentDetail('INVOICE', invoice.id);
		expect(paid.status).toBe('PAID');
		expect(paid.paid_at).toEqual(expect.any(String));
		const source = await call('GET', `/v1/status/source?source_type=INVOICE&source_id=${invoice.id}`);
		expect(source.json).toMatchObject({ status: 'PAID', paid_at: paid.paid_at });
		expect(server.paymentIntents().at(-1)).toMatchObject({ source_type: 'INVOICE', source_id: invoice.id, reference_id: reference, amount: 90, currency: 'USD', refundable: 90 });
		expect(await ok('GET', `/v1/status/collection/${reference}`, undefined, 'ExecutionResponse')).toMatchObject({ status: 'COMPLETED' });
	});

	it('a FAILED collection puts the invoice back to ACTIVE; an unknown payment account is refused', async () => {
		const invoice = activeInvoice();
		const reference = await collect(invoice);
		server.settleExecution('COLLECTION', reference, 'FAILED', { gatewayMessage: 'Payer declined' });
		expect(server.documentDetail('INVOICE', invoice.id).status).toBe('ACTIVE');
		expect(server.paymentIntents().some((intent: Json) => intent.reference_id === reference)).toBe(false);
		const session = await ok('POST', '/v1/sessions/checkout', { source_id: invoice.id, source_type: 'INVOICE' }, 'CheckoutSessionResponse');
		const body = { session_id: String(session.id), payment_account_id: '999999', currency: 'USD', reference_id: randomUUID() };
		expect(only422(await call('POST', '/v1/executions/collection', body)).loc).toEqual(['body', 'payment_account_id']);
	});
});

describe('transfers and refunds', () => {
	it('a transfer debits its wallet; unknown wallet or counterparty and a past expires_at are refused', async () => {
		const [counterparty] = server.seedCounterparties([{ relationship_type: 'BENEFICIARY', party_id: newParty().id }]);
		const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
		const body = { from_wallet_id: 2, to_counterparty_id: counterparty.id, amount: 500, currency: 'LRD', expires_at: expiresAt };
		expect(only422(await call('POST', '/v1/sessions/transfer', { ...body, from_wallet_id: 77 })).loc).toEqual(['body', 'from_wallet_id']);
		expect(only422(await call('POST', '/v1/sessions/transfer', { ...body, to_counterparty_id: 999999 })).loc).toEqual(['body', 'to_counterparty_id']);
		expect(only422(await call('POST', '/v1/sessions/transfer', { ...body, expires_at: '2020-01-01T00:00:00Z' })).loc).toEqual(['body', 'expires_at']);
		const lrd = () => server.wallets().find((wallet: Json) => wallet.id === 2).balance;
		const before = lrd();
		const session = await ok('POST', '/v1/sessions/transfer', body, 'TransferSessionResponse');
		expect(session.expires_at).toBe(expiresAt);
		const reference = randomUUID();
		const executed = await ok('POST', '/v1/executions/transfer', { session_id: String(session.id), reference_id: reference }, 'ExecutionResponse');
		expect(executed).toMatchObject({ status: 'PENDING', operation_type: 'TRANSFER', payer_amount: 500, payer_currency: 'LRD' });
		expect(lrd()).toBe(before - 500);
		expect(await ok('GET', `/v1/status/transfer/${reference}`, undefined, 'ExecutionResponse')).toEqual(executed);
	});

	it('a refund needs the payment intent of a COMPLETED collection and at most what is left to refund', async () => {
		const reference = await collect(activeInvoice());
		const expiresAt = new Date(Date.now() + 10 * 60_000).toISOString();
		expect(only422(await call('POST', '/v1/sessions/refund', { original_payment_intent_id: 999999, amount: 10, expires_at: expiresAt })).loc).toEqual(['body', 'original_payment_intent_id']);
		server.settleExecution('collection', reference, 'COMPLETED');
		const intent = server.paymentIntents().at(-1);
		const refund = async (amount: number) => {
			const session = await ok('POST', '/v1/sessions/refund', { original_payment_intent_id: intent.id, amount, reason: 'Damaged lamp', expires_at: expiresAt }, 'RefundSessionResponse');
			const ref = randomUUID();
			return { ref, answer: await ok('POST', '/v1/executions/refund', { session_id: String(session.id), reference_id: ref }, 'ExecutionResponse') };
		};
		expect(only422(await call('POST', '/v1/sessions/refund', { original_payment_intent_id: intent.id, amount: 90.01, expires_at: expiresAt })).loc).toEqual(['body', 'amount']);
		const first = await refund(60);
		expect(first.answer).toMatchObject({ status: 'PENDING', operation_type: 'REFUND', payer_amount: 60 });
		expect(only422(await call('POST', '/v1/sessions/refund', { original_payment_intent_id: intent.id, amount: 30.5, expires_at: expiresAt })).loc).toEqual(['body', 'amount']);
		// Two sessions made while 30 was left: the second execute finds it already refunded.
		const a = await ok('POST', '/v1/sessions/refund', { original_payment_intent_id: intent.id, amount: 30, expires_at: expiresAt }, 'RefundSessionResponse');
		const b = await ok('POST', '/v1/sessions/refund', { original_payment_intent_id: intent.id, amount: 30, expires_at: expiresAt }, 'RefundSessionResponse');
		await ok('POST', '/v1/executions/refund', { session_id: String(a.id), reference_id: randomUUID() }, 'ExecutionResponse');
		expect(only422(await call('POST', '/v1/executions/refund', { session_id: String(b.id), reference_id: randomUUID() })).loc).toEqual(['body', 'session_id']);
		expect(server.paymentIntents().at(-1).refundable).toBe(0);
		// A FAILED refund no longer counts.
		server.settleExecution('refund', first.ref, 'FAILED');
		expect(server.paymentIntents().at(-1).refundable).toBe(60);
	});
});

describe('driving executions', () => {
	it('autoSettle: reads before the Nth answer PROCESSING, the Nth makes it final; reset restores the options', async () => {
		server.setMoneyOptions({ autoSettle: { afterStatusReads: 3, status: 'FAILED', gatewayMessage: 'Timed out at the operator' } });
		const body = payoutBody(await payoutSession((await newAccount()).id));
		await ok('POST', '/v1/executions/payout', body, 'ExecutionResponse');
		const read = async () => await ok('GET', `/v1/status/payout/${body.reference_id}`, undefined, 'ExecutionResponse');
		expect((await read()).status).toBe('PROCESSING');
		expect((await read()).status).toBe('PROCESSING');
		expect(await read()).toMatchObject({ status: 'FAILED', gateway_message: 'Timed out at the operator' });
		expect((await read()).status).toBe('FAILED');

		server.reset();
		const later = payoutBody(await payoutSession((await newAccount()).id));
		await ok('POST', '/v1/executions/payout', later, 'ExecutionResponse');
		for (let i = 0; i < 4; i++) expect((await ok('GET', `/v1/status/payout/${later.reference_id}`, undefined, 'ExecutionResponse')).status).toBe('PENDING');
	});

	it('autoSettle COMPLETED on the first read pays a collection', async () => {
		server.setMoneyOptions({ autoSettle: { afterStatusReads: 1, status: 'COMPLETED' } });
		const invoice = activeInvoice();
		const reference = await collect(invoice);
		expect((await ok('GET', `/v1/status/collection/${reference}`, undefined, 'ExecutionResponse')).status).toBe('COMPLETED');
		expect(server.documentDetail('INVOICE', invoice.id).status).toBe('PAID');
	});

	it('faults on the execution path: an answer lost after executing keeps the execution; a 5xx before executes nothing', async () => {
		const account = await newAccount();
		const lost = payoutBody(await payoutSession(account.id));
		server.injectFaults('/v1/executions/payout', [{ drop: true, afterHandling: true }]);
		await expect(call('POST', '/v1/executions/payout', lost)).rejects.toThrow();
		expect(server.executions('payout').filter((execution: Json) => execution.reference_id === lost.reference_id)).toHaveLength(1);
		expect((await ok('GET', `/v1/status/payout/${lost.reference_id}`, undefined, 'ExecutionResponse')).status).toBe('PENDING');

		const refused = payoutBody(await payoutSession(account.id));
		server.injectFaults('/v1/executions/payout', [{ status: 500 }]);
		expect((await call('POST', '/v1/executions/payout', refused)).status).toBe(500);
		expect(await call('GET', `/v1/status/payout/${refused.reference_id}`)).toEqual({ status: 404, json: { detail: 'Execution not found' } });
		// Nothing moved: the same session and reference then execute.
		expect((await ok('POST', '/v1/executions/payout', refused, 'ExecutionResponse')).status).toBe('PENDING');
	});
});
