/**
 * The local Dollr server's document API over HTTP (fetch), the way the node
 * sees it: the documented flow from party to receipt, the state rules, the
 * refusals, checkouts feeding the same store, and seeding. Every answer is
 * checked with ajv against the shapes of test/spec/dollr-documents.yaml, so
 * the node's tests can rely on the server.
 */
import { type Json, send, startWithBearer } from './server-client';
// The server is plain CommonJS, shared with the demo and the benchmark.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemas } = require('./server/dollr-server');

type Validator = ((value: unknown) => boolean) & { errors?: unknown };

let server: Json;
let bearer: string;

beforeAll(async () => {
	({ server, bearer } = await startWithBearer());
});
afterAll(async () => await server.close());

/** The answer to one call; when a schema is named, the answer must match it. */
async function call(method: string, path: string, body?: unknown, schema?: string): Promise<{ status: number; json: Json }> {
	const answer = await send({ server, bearer }, method, path, body);
	const { json } = answer;
	if (answer.status === 422) expectShape('HTTPValidationError', json);
	if (answer.status === 409) expectShape('StateRefused', json);
	if (answer.status === 404) expectShape('NotFound', json);
	if (schema && answer.status === 200) {
		if (schema.endsWith('[]')) {
			expect(Array.isArray(json)).toBe(true);
			for (const entry of json as unknown[]) expectShape(schema.slice(0, -2), entry);
		} else expectShape(schema, json);
	}
	return { status: answer.status, json };
}

function expectShape(name: string, value: unknown) {
	const validate: Validator = name === 'HTTPValidationError' ? schemas.validationError : schemas.documents[name];
	if (!validate(value)) throw new Error(`${name}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(value)}`);
}

/** A call that must succeed (200); `schema` as in call (undefined for answers of the checkout OpenAPI or none). */
async function ok(method: string, path: string, body: unknown, schema: string | undefined): Promise<Json> {
	const { status, json } = await call(method, path, body, schema);
	if (status !== 200) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
	return json;
}

async function newCounterparty(fullname = 'Amara Kamara'): Promise<Json> {
	const party = await ok('POST', '/v1/parties/create', { fullname, phone: '231771234567', email: null, country_code: 'LR' }, 'PartyResponse');
	return await ok('POST', '/v1/counterparties/create', { relationship_type: 'CUSTOMER', party_id: party.id }, 'Counterparty');
}

const invoiceBody = (counterpartyId: number) => ({
	counterparty_id: counterpartyId,
	currency: 'USD',
	note: 'Consulting – June',
	fee_bearer: 'PAYER',
	as_payment_link: true,
	reference_id: 'crm-7',
	due_date: '2026-06-30T00:00:00',
});

describe('the documented flow', () => {
	it('party → counterparty → invoice with two lines → publish → pay link → PAID → receipt', async () => {
		const counterparty = await newCounterparty('Comfort Kollie');
		const withParty = await ok('GET', `/v1/counterparties/retrieve/${counterparty.id}`, undefined, 'CounterPartyWithPartyResponse');
		expect(withParty.party).toMatchObject({ id: counterparty.party_id, fullname: 'Comfort Kollie', country_code: 'LR' });
		const found = await ok('GET', '/v1/counterparties/list?fullname=kOLL&relationship_type=CUSTOMER', undefined, 'Counterparty[]');
		expect(found.map((c: Json) => c.id)).toEqual([counterparty.id]);
		expect(await ok('GET', '/v1/counterparties/list?relationship_type=SUPPLIER', undefined, 'Counterparty[]')).toEqual([]);

		const invoice = await ok('POST', '/v1/invoices/create', invoiceBody(counterparty.id), 'Invoice');
		expect(invoice).toMatchObject({ status: 'IDLE', total_amount: 0, due_date: '2026-06-30T00:00:00', reference_id: 'crm-7' });
		expect(invoice.invoice_number).toBe(`INV-${new Date().getUTCFullYear()}-${String(invoice.id).padStart(4, '0')}`);
		const first = await ok('POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'Audit', currency: 'USD', qty: 2, amount: 150.25 }, 'Item');
		const second = await ok('POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'Travel', currency: 'USD', qty: 1, amount: 40 }, 'Item');
		const third = await ok('POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'Oops', currency: 'USD', qty: 1, amount: 1 }, 'Item');
		expect(await ok('PUT', `/v1/invoices/${invoice.id}/items/${second.id}/update`, { qty: 3 }, 'Item')).toMatchObject({ name: 'Travel', qty: 3, amount: 40 });
		expect(await ok('DELETE', `/v1/invoices/${invoice.id}/items/${third.id}/remove`, undefined, 'Removed')).toEqual({});
		const draft = await ok('GET', `/v1/invoices/retrieve/${invoice.id}`, undefined, 'InvoiceDetail');
		expect(draft.invoice_items.map((item: Json) => [item.id, item.qty, item.amount])).toEqual([
			[first.id, 2, 150.25],
			[second.id, 3, 40],
		]);
		expect(draft.total_amount).toBe(420.5);
		expect(draft.counterparty).toMatchObject({ id: counterparty.id, party: { fullname: 'Comfort Kollie' } });

		const published = await ok('PUT', `/v1/invoices/publish/${invoice.id}`, undefined, 'Invoice');
		expect(published.status).toBe('ACTIVE');
		const link = await ok('GET', `/v1/links/pay?source_type=INVOICE&source_number=${invoice.invoice_number}`, undefined, undefined);
		expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
		expect(await call('GET', `/v1/invoices/receipt/${invoice.id}`)).toEqual({
			status: 409,
			json: { detail: `Invoice ${invoice.invoice_number} is ACTIVE: a receipt exists only once it is PAID` },
		});

		server.setSourceStatus('INVOICE', invoice.id, 'PROCESSING');
		server.setSourceStatus('INVOICE', invoice.id, 'PAID');
		const receipt = await ok('GET', `/v1/invoices/receipt/number/${invoice.invoice_number}`, undefined, 'Receipt');
		expect(receipt).toMatchObject({ source_id: invoice.id, total_amount: 420.5, fee_amount: 8.41, amount_paid: 428.91, amount_settled: 420.5 });
		expect(receipt.items).toEqual([
			{ name: 'Audit', qty: 2, amount: 150.25, currency: 'USD', line_total: 300.5 },
			{ name: 'Travel', qty: 3, amount: 40, currency: 'USD', line_total: 120 },
		]);
		expect(await ok('GET', `/v1/invoices/receipt/${invoice.id}`, undefined, 'Receipt')).toEqual(receipt);
		const status = await ok('GET', `/v1/status/source?source_type=INVOICE&source_id=${invoice.id}`, undefined, undefined);
		expect(status).toEqual({ source_id: invoice.id, source_type: 'INVOICE', source_number: invoice.invoice_number, status: 'PAID', currency: 'USD', total_amount: 420.5, paid_at: receipt.paid_at });
		const paid = await ok('GET', '/v1/invoices/list?status=PAID&currency=USD', undefined, 'Invoice[]');
		expect(paid.map((doc: Json) => doc.id)).toContain(invoice.id);
	});

	it('orders: the same calls, ORD numbers of five digits, no due_date, retrieve by number', async () => {
		const counterparty = await newCounterparty();
		const { due_date: _dueDate, ...body } = invoiceBody(counterparty.id);
		const order = await ok('POST', '/v1/orders/create', { ...body, fee_bearer: 'PAYEE' }, 'Order');
		expect(order.order_number).toMatch(/^ORD-\d{4}-\d{5}$/);
		expect(order).not.toHaveProperty('due_date');
		await ok('POST', `/v1/orders/${order.id}/items/add`, { name: 'Rice', currency: 'LRD', qty: 4, amount: 12.5 }, 'Item');
		await ok('PUT', `/v1/orders/update/${order.id}`, { note: 'Market goods', reference_id: null }, 'Order');
		await ok('PUT', `/v1/orders/publish/${order.id}`, undefined, 'Order');
		const detail = await ok('GET', `/v1/orders/retrieve/number/${order.order_number}`, undefined, 'OrderDetail');
		expect(detail).toMatchObject({ status: 'ACTIVE', note: 'Market goods', reference_id: null, total_amount: 50 });
		expect(detail.order_items).toHaveLength(1);
		expect((await ok('DELETE', `/v1/orders/cancel/${order.id}`, undefined, 'Order')).status).toBe('CANCELED');
	});
});

describe('state rules (409 with a detail naming the document, its status and the rule)', () => {
	it('edits only while IDLE, cancel only from IDLE or ACTIVE, never back from CANCELED', async () => {
		const counterparty = await newCounterparty();
		const invoice = await ok('POST', '/v1/invoices/create', invoiceBody(counterparty.id), 'Invoice');
		const item = await ok('POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'A', currency: 'USD', qty: 1, amount: 5 }, 'Item');
		await ok('PUT', `/v1/invoices/publish/${invoice.id}`, undefined, 'Invoice');
		const refusals = [
			await call('PUT', `/v1/invoices/publish/${invoice.id}`),
			await call('PUT', `/v1/invoices/update/${invoice.id}`, { note: 'late' }),
			await call('POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'B', currency: 'USD', qty: 1, amount: 5 }),
			await call('PUT', `/v1/invoices/${invoice.id}/items/${item.id}/update`, { qty: 2 }),
			await call('DELETE', `/v1/invoices/${invoice.id}/items/${item.id}/remove`),
		];
		expect(refusals.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
		expect(refusals[1].json.detail).toBe(`Invoice ${invoice.invoice_number} is ACTIVE: only an IDLE document can be updated`);

		server.setSourceStatus('INVOICE', invoice.id, 'PROCESSING');
		expect((await call('DELETE', `/v1/invoices/cancel/${invoice.id}`)).json.detail).toBe(
			`Invoice ${invoice.invoice_number} is PROCESSING: only IDLE or ACTIVE documents can be canceled`,
		);
		const idle = await ok('POST', '/v1/invoices/create', invoiceBody(counterparty.id), 'Invoice');
		expect((await ok('DELETE', `/v1/invoices/cancel/${idle.id}`, undefined, 'Invoice')).status).toBe('CANCELED');
		expect((await call('DELETE', `/v1/invoices/cancel/${idle.id}`)).status).toBe(409);
		expect((await call('PUT', `/v1/invoices/publish/${idle.id}`)).status).toBe(409);
		expect((await call('GET', `/v1/links/pay?source_type=INVOICE&source_number=${idle.invoice_number}`)).status).toBe(409);
	});
});

describe('refusals', () => {
	it('answers 422 in FastAPI shape for bodies, path ids and query enums, 404 for the unknown, 401 without bearer', async () => {
		const counterparty = await newCounterparty();
		const invoice = await ok('POST', '/v1/invoices/create', invoiceBody(counterparty.id), 'Invoice');
		const cases: Array<[string, string, unknown, unknown[]]> = [
			['POST', '/v1/parties/create', { fullname: 'X', phone: '+231 77', country_code: 'lr' }, [['body', 'phone'], ['body', 'country_code']]],
			['POST', '/v1/counterparties/create', { relationship_type: 'customer' }, [['body', 'relationship_type']]],
			['POST', '/v1/invoices/create', { ...invoiceBody(counterparty.id), currency: 'usd', fee_bearer: 'ME', due_date: 'soon', as_payment_link: undefined }, [['body', 'as_payment_link'], ['body', 'currency'], ['body', 'fee_bearer'], ['body', 'due_date']]],
			['POST', `/v1/invoices/${invoice.id}/items/add`, { name: 'A', currency: 'USD', qty: 1.5, amount: 0 }, [['body', 'qty'], ['body', 'amount']]],
			['PUT', `/v1/invoices/${invoice.id}/items/1/update`, { qty: 0 }, [['body', 'qty']]],
			['GET', '/v1/invoices/retrieve/INV-1', undefined, [['path', 'id']]],
			['GET', '/v1/orders/list?status=paid', undefined, [['query', 'status']]],
		];
		for (const [method, path, body, locs] of cases) {
			const { status, json } = await call(method, path, body);
			expect([path, status, json.detail.map((entry: Json) => entry.loc)]).toEqual([path, 422, locs]);
		}
		expect(await call('GET', '/v1/invoices/retrieve/999999')).toEqual({ status: 404, json: { detail: 'Invoice not found' } });
		expect(await call('POST', '/v1/invoices/create', invoiceBody(999999))).toEqual({ status: 404, json: { detail: 'Counterparty not found' } });
		expect((await call('DELETE', `/v1/invoices/${invoice.id}/items/999999/remove`)).json).toEqual({ detail: 'Item not found' });
		const anonymous = await fetch(`${server.url}/v1/parties/list`);
		expect([anonymous.status, await anonymous.json()]).toEqual([401, { detail: 'Not authenticated' }]);
	});
});

describe('one store for checkouts, document endpoints and the test API', () => {
	it('a checkout makes an ACTIVE order with qty-1 items, its party and counterparty, seen everywhere', async () => {
		const checkout = await ok(
			'POST',
			'/v1/checkouts/create',
			{ mode: 'HOSTED', source_kind: 'ORDER', party_phone: '231770000001', party_name: 'Musu Doe', currency: 'USD', items: [{ name: 'Lamp', amount: 45.5, currency: 'USD' }, { name: 'Bulb', amount: 4.5, currency: 'USD' }] },
			undefined,
		);
		expect(schemas.response(checkout)).toBe(true);
		const order = await ok('GET', `/v1/orders/retrieve/${checkout.source_id}`, undefined, 'OrderDetail');
		expect(order).toMatchObject({ order_number: checkout.source_number, status: 'ACTIVE', total_amount: 50, counterparty_id: checkout.counterparty_id });
		expect(order.order_items.map((item: Json) => [item.name, item.qty])).toEqual([['Lamp', 1], ['Bulb', 1]]);
		expect(order.counterparty.party).toMatchObject({ id: checkout.party_id, fullname: 'Musu Doe', phone: '231770000001' });
		const byName = await ok('GET', '/v1/parties/list?fullname=musu', undefined, 'PartyResponse[]');
		expect(byName.map((party: Json) => party.id)).toEqual([checkout.party_id]);
		// A second checkout for the same phone reuses the party and counterparty.
		const again = await ok('POST', '/v1/checkouts/create', { mode: 'HOSTED', source_kind: 'INVOICE', party_phone: '231770000001', currency: 'USD', items: [{ name: 'Lamp', amount: 1, currency: 'USD' }] }, undefined);
		expect([again.party_id, again.counterparty_id]).toEqual([checkout.party_id, checkout.counterparty_id]);
	});

	it('seeded documents are listed in ID order with their filters; PAID ones carry paid_at', async () => {
		const before = server.documents('ORDER').length;
		const seeded = server.seedDocuments(
			'ORDER',
			Array.from({ length: 3000 }, (_, i) => ({ status: ['IDLE', 'ACTIVE', 'PAID'][i % 3], currency: i % 2 ? 'USD' : 'LRD', total_amount: i + 1, created_at: '2025-03-01T10:00:00.000Z' })),
		);
		expect(seeded[2]).toMatchObject({ status: 'PAID', paid_at: '2025-03-01T10:00:00.000Z', order_number: `ORD-2025-${String(before + 3).padStart(5, '0')}` });
		expect(server.documents('ORDER')).toHaveLength(before + 3000);
		const all = await ok('GET', '/v1/orders/list', undefined, 'Order[]');
		expect(all.map((doc: Json) => doc.id)).toEqual(Array.from({ length: before + 3000 }, (_, i) => i + 1));
		const paidUsd = await ok('GET', '/v1/orders/list?status=PAID&currency=USD', undefined, 'Order[]');
		expect(paidUsd.length).toBe(all.filter((doc: Json) => doc.status === 'PAID' && doc.currency === 'USD').length);
		expect(paidUsd.every((doc: Json, i: number) => doc.paid_at && (i === 0 || doc.id > paidUsd[i - 1].id))).toBe(true);
		// setSourceStatus reaches seeded documents too.
		server.setSourceStatus('ORDER', seeded[0].id, 'PAID');
		expect((await ok('GET', `/v1/orders/receipt/${seeded[0].id}`, undefined, 'Receipt')).total_amount).toBe(1);
	});
});
