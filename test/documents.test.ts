/**
 * Parties, counterparties, invoices and orders through n8n's engine against the
 * local Dollr server: each operation's exact request and output, the resource
 * locators (and their list search in n8n-core's load-options context), the whole
 * billing flow, a create that fails half way, state rules, validation, Continue
 * On Fail and retries that never duplicate.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dollr } from '../nodes/Dollr/Dollr.node';
import { startHarness, type Harness, type RecordedRequest } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CREDENTIAL_ID } = require('./harness/dollr');

let harness: Harness;
let customer: IDataObject;
let supplier: IDataObject;

beforeAll(async () => {
	harness = await startHarness();
	const [amara, kollie] = harness.server.seedParties([
		{ fullname: 'Amara Kamara', phone: '231771234567', email: 'amara@example.com', country_code: 'LR' },
		{ fullname: 'Kollie Supplies', phone: '231886543210', email: null, country_code: 'LR' },
	]);
	[customer, supplier] = harness.server.seedCounterparties([
		{ relationship_type: 'CUSTOMER', party_id: amara.id },
		{ relationship_type: 'SUPPLIER', party_id: kollie.id },
	]);
});
afterAll(async () => await harness.close());
afterEach(() => harness.server.reset());

const bearer = () => `Bearer ${String(harness.credentials.store.get(CREDENTIAL_ID)!.data.accessToken)}`;
/** The calls the node made (the token exchange left out): method, path, query, body. */
const calls = () =>
	harness.server.requests
		.filter((r) => r.path !== '/v1/jwt/client/obtain/token')
		.map(({ method, path, query, body }) => ({ method, path, query, body }));
const apiRequests = (): RecordedRequest[] => harness.server.requests.filter((r) => r.path !== '/v1/jwt/client/obtain/token');
const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });
const byNumber = (value: string) => ({ __rl: true, mode: 'number', value });
const fromList = (value: number | string) => ({ __rl: true, mode: 'list', value: String(value) });
const nextId = (type: string) => harness.server.documents(type).length + 1;

function invoiceParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'invoice',
		operation: 'create',
		// Validation cases are built before the server seeds its counterparties.
		counterpartyId: byId((customer?.id as number) ?? 1),
		currency: 'usd',
		note: 'Consulting, November',
		feeBearer: 'PAYER',
		items: {
			item: [
				{ name: 'Consulting (hours)', qty: 4, amount: 75, currency: '' },
				{ name: 'Travel', qty: 1, amount: 20.5, currency: 'usd' },
			],
		},
		...overrides,
	};
}

function seedInvoice(status = 'IDLE', fields: IDataObject = {}): IDataObject {
	return harness.server.seedDocuments('INVOICE', [
		{ status, counterparty_id: customer.id, currency: 'USD', note: 'Seeded', fee_bearer: 'PAYEE', items: [{ name: 'Lamp', qty: 1, amount: 45, currency: 'USD' }], ...fields },
	])[0];
}

describe('node description', () => {
	const { properties } = new Dollr().description;
	const operationsOf = (resource: string) =>
		(properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!.options as Array<{
			value: string;
		}>).map((o) => o.value);
	const fieldsOf = (resource: string, operation: string) =>
		properties
			.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation))
			.map((p) => p.name);

	test('has the resources, operations and parameter names of the issue', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		// The first resources, in their place; the money and pricing ones follow (test/money.test.ts, test/pricing.test.ts).
		expect((resource.options as Array<{ value: string }>).map((o) => o.value).slice(0, 6)).toEqual([
			'checkout',
			'paymentSource',
			'party',
			'counterparty',
			'invoice',
			'order',
		]);
		expect(operationsOf('party')).toEqual(['create', 'get', 'getAll']);
		expect(operationsOf('counterparty')).toEqual(['create', 'get', 'getAll', 'update']);
		const documentOperations = ['create', 'get', 'getAll', 'update', 'addItem', 'updateItem', 'removeItem', 'publish', 'cancel', 'getReceipt'];
		expect(operationsOf('invoice')).toEqual(documentOperations);
		expect(operationsOf('order')).toEqual(documentOperations);

		expect(fieldsOf('party', 'create')).toEqual(['fullname', 'phone', 'additionalFields']);
		expect(fieldsOf('party', 'get')).toEqual(['partyId']);
		expect(fieldsOf('party', 'getAll')).toEqual(['returnAll', 'limit', 'filters']);
		expect(fieldsOf('counterparty', 'create')).toEqual(['relationshipType', 'additionalFields']);
		expect(fieldsOf('counterparty', 'update')).toEqual(['counterpartyId', 'updateFields']);
		expect(fieldsOf('invoice', 'create')).toEqual([
			'counterpartyId',
			'currency',
			'note',
			'feeBearer',
			'asPaymentLink',
			'itemsInput',
			'items',
			'itemsJson',
			'publish',
			'additionalFields',
		]);
		expect(fieldsOf('order', 'get')).toEqual(['orderId']);
		expect(fieldsOf('invoice', 'addItem')).toEqual(['invoiceId', 'name', 'qty', 'amount', 'currency']);
		expect(fieldsOf('invoice', 'updateItem')).toEqual(['invoiceId', 'itemId', 'updateFields']);
		expect(fieldsOf('order', 'removeItem')).toEqual(['orderId', 'itemId']);
		expect(fieldsOf('invoice', 'getAll')).toEqual(['returnAll', 'limit', 'filters']);

		const field = (resource: string, operation: string, name: string) =>
			properties.find(
				(p) => p.name === name && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation),
			)!;
		const names = (options: unknown) => (options as Array<{ displayName: string }>).map((o) => o.displayName);
		// Due Date for invoices only.
		expect(names(field('invoice', 'create', 'additionalFields').options)).toEqual(['Due Date', 'Reference ID']);
		expect(names(field('order', 'create', 'additionalFields').options)).toEqual(['Reference ID']);
		expect(names(field('invoice', 'update', 'updateFields').options)).toEqual(['Due Date', 'Fee Bearer', 'Note', 'Reference ID']);
		expect(names(field('order', 'update', 'updateFields').options)).toEqual(['Fee Bearer', 'Note', 'Reference ID']);
		expect((field('invoice', 'create', 'feeBearer').options as Array<{ value: string }>).map((o) => o.value)).toEqual(['PAYER', 'PAYEE']);
		expect(field('invoice', 'create', 'asPaymentLink').default).toBe(true);
		expect(field('invoice', 'create', 'publish').default).toBe(false);
		expect(field('invoice', 'getAll', 'limit').default).toBe(50);
		expect(field('invoice', 'get', 'invoiceId').modes!.map((m) => m.name)).toEqual(['list', 'id', 'number']);
		expect(field('invoice', 'create', 'counterpartyId').modes!.map((m) => m.name)).toEqual(['list', 'id']);
		expect(Object.keys(new Dollr().methods.listSearch)).toEqual(['searchCounterparties', 'searchInvoices', 'searchOrders']);
		expect(new Dollr().description.usableAsTool).toBe(true);
	});
});

describe('Party', () => {
	test('Create sends the normalised body with the bearer and outputs the party', async () => {
		const { items, error } = await harness.run({
			resource: 'party',
			operation: 'create',
			fullname: ' Comfort Kollie ',
			phone: '+231 77-000-1111',
			additionalFields: { email: 'comfort@example.com', countryCode: 'lr' },
		});
		expect(error).toBeUndefined();
		const [create] = apiRequests();
		expect([create.method, create.path, create.headers.authorization]).toEqual(['POST', '/v1/parties/create', bearer()]);
		expect(create.body).toEqual({ fullname: 'Comfort Kollie', phone: '231770001111', email: 'comfort@example.com', country_code: 'LR' });
		expect(items).toEqual([{ json: create.response, pairedItem: { item: 0 } }]);
		expect(harness.server.schemas.documents.PartyResponse(items[0].json)).toBe(true);
	});

	test('Create leaves unset fields out; Get and Get Many read them back', async () => {
		const created = await harness.run({ resource: 'party', operation: 'create', fullname: 'Musu Doe', phone: '231770002222' });
		expect(calls()[0].body).toEqual({ fullname: 'Musu Doe', phone: '231770002222' });
		const id = created.items[0].json.id;

		const got = await harness.run({ resource: 'party', operation: 'get', partyId: '={{ $json.id }}' }, [{ id }]);
		expect(calls().at(-1)).toMatchObject({ method: 'GET', path: `/v1/parties/retrieve/${id}` });
		expect(got.items[0].json).toEqual(created.items[0].json);

		harness.server.reset();
		const many = await harness.run({ resource: 'party', operation: 'getAll', returnAll: true, filters: { fullname: 'musu' } });
		expect(calls()).toEqual([{ method: 'GET', path: '/v1/parties/list', query: { fullname: 'musu' }, body: undefined }]);
		expect(many.items.map((i: { json: IDataObject }) => i.json.fullname)).toEqual(['Musu Doe']);
	});

	test('Get Many outputs one item per party, the first Limit (default 50) unless Return All', async () => {
		harness.server.seedParties(Array.from({ length: 70 }, (_, i) => ({ fullname: `Bulk ${i}`, phone: `23177100${String(i).padStart(4, '0')}` })));
		const total = harness.server.parties().length;
		const limited = await harness.run({ resource: 'party', operation: 'getAll' });
		expect(limited.items).toHaveLength(50);
		expect(limited.items[49]).toEqual({ json: harness.server.parties()[49], pairedItem: { item: 0 } });
		const three = await harness.run({ resource: 'party', operation: 'getAll', limit: 3 });
		expect(three.items).toHaveLength(3);
		const all = await harness.run({ resource: 'party', operation: 'getAll', returnAll: true });
		expect(all.items).toHaveLength(total);
		// One list call each: Dollr's list is one array.
		expect(apiRequests().map((r) => [r.path, r.query])).toEqual([
			['/v1/parties/list', {}],
			['/v1/parties/list', {}],
			['/v1/parties/list', {}],
		]);
	});
});

describe('Counterparty', () => {
	test('Create, Get (both locator modes), Get Many with filters, Update', async () => {
		const partyId = (harness.server.parties()[0] as IDataObject).id;
		const created = await harness.run({
			resource: 'counterparty',
			operation: 'create',
			relationshipType: 'SERVICE_PROVIDER',
			additionalFields: { partyId },
		});
		expect(created.error).toBeUndefined();
		expect(calls()[0]).toEqual({ method: 'POST', path: '/v1/counterparties/create', query: {}, body: { relationship_type: 'SERVICE_PROVIDER', party_id: partyId } });
		const id = created.items[0].json.id as number;

		for (const locator of [byId(id), fromList(id)]) {
			harness.server.reset();
			const got = await harness.run({ resource: 'counterparty', operation: 'get', counterpartyId: locator });
			expect(calls()).toEqual([{ method: 'GET', path: `/v1/counterparties/retrieve/${id}`, query: {}, body: undefined }]);
			expect(got.items[0].json).toMatchObject({ id, relationship_type: 'SERVICE_PROVIDER', party: { id: partyId } });
		}

		harness.server.reset();
		const many = await harness.run({
			resource: 'counterparty',
			operation: 'getAll',
			returnAll: true,
			filters: { fullname: 'Amara', relationshipType: 'SERVICE_PROVIDER' },
		});
		expect(calls()[0].query).toEqual({ fullname: 'Amara', relationship_type: 'SERVICE_PROVIDER' });
		expect(many.items.map((i: { json: IDataObject }) => i.json.id)).toEqual([id]);

		harness.server.reset();
		const updated = await harness.run({ resource: 'counterparty', operation: 'update', counterpartyId: byId(id), updateFields: { relationshipType: 'partner' } });
		expect(calls()).toEqual([{ method: 'PUT', path: `/v1/counterparties/update/${id}`, query: {}, body: { relationship_type: 'PARTNER' } }]);
		expect(updated.items[0].json).toMatchObject({ id, relationship_type: 'PARTNER' });
	});

	test('the From List search runs in the load-options context and filters by name on the server', async () => {
		const found = await harness.listSearch('searchCounterparties', 'Kollie');
		// The local server's list entries carry party_id only: the names come from one parties list.
		expect(calls()).toEqual([
			{ method: 'GET', path: '/v1/counterparties/list', query: { fullname: 'Kollie' }, body: undefined },
			{ method: 'GET', path: '/v1/parties/list', query: { fullname: 'Kollie' }, body: undefined },
		]);
		expect(apiRequests()[0].headers.authorization).toBe(bearer());
		expect(found.results).toContainEqual({ name: 'Kollie Supplies (SUPPLIER)', value: String(supplier.id) });
		expect(found.results.every((r) => r.name.startsWith('Kollie'))).toBe(true);
	});
});

describe('Invoice and order', () => {
	test('the whole flow: party → counterparty → invoice with two lines and Publish → pay link → paid → receipt', async () => {
		const party = await harness.run({ resource: 'party', operation: 'create', fullname: 'Flow Customer', phone: '231779998888' });
		const counterparty = await harness.run(
			{ resource: 'counterparty', operation: 'create', relationshipType: 'CUSTOMER', additionalFields: { partyId: '={{ $json.id }}' } },
			[party.items[0].json],
		);
		const invoiceId = nextId('INVOICE');
		const created = await harness.run(
			invoiceParameters({
				counterpartyId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				publish: true,
				additionalFields: { referenceId: 'row-7', dueDate: '2026-12-31T17:00:00Z' },
			}),
			[counterparty.items[0].json],
		);
		expect(created.error).toBeUndefined();
		const cpId = counterparty.items[0].json.id;
		expect(calls().slice(2)).toEqual([
			{
				method: 'POST',
				path: '/v1/invoices/create',
				query: {},
				body: {
					counterparty_id: cpId,
					currency: 'USD',
					note: 'Consulting, November',
					fee_bearer: 'PAYER',
					as_payment_link: true,
					reference_id: 'row-7',
					due_date: '2026-12-31T17:00:00.000Z',
				},
			},
			{ method: 'POST', path: `/v1/invoices/${invoiceId}/items/add`, query: {}, body: { name: 'Consulting (hours)', qty: 4, amount: 75, currency: 'USD' } },
			{ method: 'POST', path: `/v1/invoices/${invoiceId}/items/add`, query: {}, body: { name: 'Travel', qty: 1, amount: 20.5, currency: 'USD' } },
			{ method: 'PUT', path: `/v1/invoices/publish/${invoiceId}`, query: {}, body: undefined },
		]);
		// The document as Dollr last answered it: publish's answer, ACTIVE.
		const invoice = created.items[0].json;
		expect(invoice).toEqual(apiRequests().at(-1)!.response);
		expect(invoice).toMatchObject({ id: invoiceId, status: 'ACTIVE', total_amount: 320.5, invoice_number: expect.stringMatching(/^INV-\d{4}-\d+$/) });
		expect(harness.server.schemas.documents.Invoice(invoice)).toBe(true);

		const link = await harness.run(
			{ resource: 'paymentSource', operation: 'getPaymentLink', sourceType: 'INVOICE', sourceNumber: '={{ $json.invoice_number }}' },
			[invoice],
		);
		expect(link.error).toBeUndefined();
		expect(link.items[0].json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

		harness.server.setSourceStatus('INVOICE', invoiceId, 'PAID');
		harness.server.reset();
		const receipt = await harness.run({ resource: 'invoice', operation: 'getReceipt', invoiceId: byNumber(String(invoice.invoice_number)) });
		expect(receipt.error).toBeUndefined();
		expect(calls()).toEqual([{ method: 'GET', path: `/v1/invoices/receipt/number/${String(invoice.invoice_number)}`, query: {}, body: undefined }]);
		expect(receipt.items[0].json).toMatchObject({ status: 'PAID', source_id: invoiceId, total_amount: 320.5 });
		expect(harness.server.schemas.documents.Receipt(receipt.items[0].json)).toBe(true);
	});

	test('an order: create from JSON items without Publish (a draft, no due_date), and each write by number looks the ID up once', async () => {
		const orderId = nextId('ORDER');
		const created = await harness.run({
			resource: 'order',
			operation: 'create',
			counterpartyId: fromList(supplier.id as number),
			currency: 'LRD',
			note: 'Market goods',
			feeBearer: 'PAYEE',
			asPaymentLink: false,
			itemsInput: 'json',
			itemsJson: '[{"name": "Rice (bag)", "qty": "3", "amount": 1500}]',
		});
		expect(created.error).toBeUndefined();
		expect(calls()).toEqual([
			{ method: 'POST', path: '/v1/orders/create', query: {}, body: { counterparty_id: supplier.id, currency: 'LRD', note: 'Market goods', fee_bearer: 'PAYEE', as_payment_link: false } },
			{ method: 'POST', path: `/v1/orders/${orderId}/items/add`, query: {}, body: { name: 'Rice (bag)', qty: 3, amount: 1500, currency: 'LRD' } },
		]);
		const order = created.items[0].json;
		expect(order).toMatchObject({ id: orderId, status: 'IDLE', order_number: expect.stringMatching(/^ORD-/) });
		const number = String(order.order_number);

		harness.server.reset();
		const added = await harness.run({ resource: 'order', operation: 'addItem', orderId: byNumber(number), name: 'Oil', qty: 2, amount: 300, currency: '' });
		expect(calls()).toEqual([
			{ method: 'GET', path: `/v1/orders/retrieve/number/${number}`, query: {}, body: undefined },
			{ method: 'POST', path: `/v1/orders/${orderId}/items/add`, query: {}, body: { name: 'Oil', qty: 2, amount: 300, currency: 'LRD' } },
		]);
		const itemId = added.items[0].json.id;

		harness.server.reset();
		await harness.run({ resource: 'order', operation: 'updateItem', orderId: byId(orderId), itemId, updateFields: { qty: 4 } });
		await harness.run({ resource: 'order', operation: 'update', orderId: byNumber(number), updateFields: { note: 'Market goods, week 48', referenceId: 'po-9' } });
		const removed = await harness.run({ resource: 'order', operation: 'removeItem', orderId: byId(orderId), itemId });
		const got = await harness.run({ resource: 'order', operation: 'get', orderId: byNumber(number) });
		const published = await harness.run({ resource: 'order', operation: 'publish', orderId: fromList(orderId) });
		expect(calls()).toEqual([
			{ method: 'PUT', path: `/v1/orders/${orderId}/items/${itemId}/update`, query: {}, body: { qty: 4 } },
			{ method: 'GET', path: `/v1/orders/retrieve/number/${number}`, query: {}, body: undefined },
			{ method: 'PUT', path: `/v1/orders/update/${orderId}`, query: {}, body: { note: 'Market goods, week 48', reference_id: 'po-9' } },
			{ method: 'DELETE', path: `/v1/orders/${orderId}/items/${itemId}/remove`, query: {}, body: undefined },
			{ method: 'GET', path: `/v1/orders/retrieve/number/${number}`, query: {}, body: undefined },
			{ method: 'PUT', path: `/v1/orders/publish/${orderId}`, query: {}, body: undefined },
		]);
		expect(removed.items[0].json).toEqual({ deleted: true, id: itemId, order_id: orderId });
		expect(got.items[0].json).toMatchObject({ note: 'Market goods, week 48', reference_id: 'po-9', total_amount: 4500, order_items: [expect.objectContaining({ name: 'Rice (bag)' })] });
		expect(harness.server.schemas.documents.OrderDetail(got.items[0].json)).toBe(true);
		expect(published.items[0].json).toMatchObject({ id: orderId, status: 'ACTIVE' });
	});

	test('Get Many sends the filters as the query and outputs one item per document, Limit first', async () => {
		harness.server.seedDocuments('INVOICE', Array.from({ length: 60 }, () => ({ status: 'PAID', currency: 'RWF', note: 'bulk' })));
		const limited = await harness.run({ resource: 'invoice', operation: 'getAll', filters: { status: 'PAID', currency: 'rwf' } });
		expect(calls()).toEqual([{ method: 'GET', path: '/v1/invoices/list', query: { status: 'PAID', currency: 'RWF' }, body: undefined }]);
		expect(limited.items).toHaveLength(50);
		expect(limited.items.every((i: { json: IDataObject; pairedItem: unknown }) => i.json.status === 'PAID' && i.json.currency === 'RWF')).toBe(true);
		const all = await harness.run({ resource: 'invoice', operation: 'getAll', returnAll: true, filters: { currency: 'RWF' } });
		expect(all.items).toHaveLength(60);
	});

	test('the invoice list search matches number or note, newest first, and shows at most 100', async () => {
		const seeded = harness.server.seedDocuments('INVOICE', Array.from({ length: 120 }, (_, i) => ({ note: `Searchable ${i}`, currency: 'USD' })));
		const found = await harness.listSearch('searchInvoices', 'searchable');
		expect(calls()).toEqual([{ method: 'GET', path: '/v1/invoices/list', query: {}, body: undefined }]);
		expect(found.results).toHaveLength(100);
		const newest = seeded.at(-1)!;
		expect(found.results[0]).toEqual({ name: expect.stringContaining(String(newest.invoice_number)), value: String(newest.id) });
		const one = await harness.listSearch('searchInvoices', String(seeded[3].invoice_number));
		expect(one.results.map((r) => r.value)).toEqual([String(seeded[3].id)]);
		// The value a pick gives works in the From List mode.
		const got = await harness.run({ resource: 'invoice', operation: 'get', invoiceId: fromList(one.results[0].value) });
		expect(got.items[0].json).toMatchObject({ id: seeded[3].id, note: 'Searchable 3' });
		const orders = await harness.listSearch('searchOrders', '');
		expect(orders.results.length).toBe(Math.min(100, harness.server.documents('ORDER').length));
	});
});

describe('nothing created twice', () => {
	test('a failure between create and add-item names the document, the lines in, and what to run next; nothing is resent', async () => {
		const id = nextId('INVOICE');
		const lines = [
			{ name: 'One', qty: 1, amount: 10, currency: '' },
			{ name: 'Two', qty: 2, amount: 20, currency: '' },
			{ name: 'Three', qty: 3, amount: 30, currency: '' },
		];
		// Line 2 is processed by Dollr, then its answer is lost (a 502 from a gateway).
		harness.server.injectFaults(`/v1/invoices/${id}/items/add`, [null, { status: 502, afterHandling: true }]);
		const { items, error } = await harness.run(invoiceParameters({ items: { item: lines }, publish: true }), [{}], { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		const adds = apiRequests().filter((r) => r.path.endsWith('/items/add'));
		expect(adds.map((r) => r.body.name)).toEqual(['One', 'Two']); // Two not resent, Three not sent
		expect(apiRequests().filter((r) => r.path === '/v1/invoices/create')).toHaveLength(1);
		expect(apiRequests().some((r) => r.path.includes('/publish/'))).toBe(false);

		const number = String(harness.server.documents('INVOICE')[id - 1].invoice_number);
		const out = items[0];
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json.error).toBe(
			`The invoice ${number} (ID ${id}) was created, but adding line 2 of 3 failed: Dollr failed with HTTP 502; the line item may have been created [item 0]`,
		);
		expect(out.error.description).toContain(`Dollr holds invoice ${number} (ID ${id}) as a draft (IDLE) with line 1 (One).`);
		expect(out.error.description).toContain('Line 2 (Two) may have reached Dollr');
		expect(out.error.description).toContain('Not sent: line 3 (Three).');
		expect(out.error.description).toContain(`Add Item to invoice ID ${id} for the missing lines, then Publish invoice ID ${id}`);
		// n8n keeps only the message in the item's json; the error it keeps on the item holds the rest.
		expect(out.json).toEqual({ error: out.error.message });
		expect(out.error.context.created).toEqual({
			resource: 'invoice',
			id,
			invoice_number: number,
			status: 'IDLE',
			lines_added: [1],
			line_in_doubt: 2,
			lines_not_sent: [3],
			published: false,
		});
		// What Dollr holds: the document, line 1, and line 2 (which the node did not resend).
		expect(harness.server.documentDetail('INVOICE', id)!.invoice_items).toHaveLength(2);
	});

	test('a create whose answer is lost is not retried, and says the invoice may exist', async () => {
		harness.server.injectFaults('/v1/invoices/create', [{ status: 500, afterHandling: true }]);
		const before = harness.server.documents('INVOICE').length;
		const { error } = await harness.run(invoiceParameters({ additionalFields: { referenceId: 'row-9' } }));
		expect(error.message).toBe('Dollr failed with HTTP 500; the invoice may have been created [item 0]');
		expect(error.description).toContain("Look for Reference ID 'row-9'");
		expect(apiRequests().map((r) => r.path)).toEqual(['/v1/invoices/create']);
		expect(harness.server.documents('INVOICE').length).toBe(before + 1);
	});

	test('Publish whose answer was lost is retried, finds the invoice ACTIVE and counts as done', async () => {
		const invoice = seedInvoice('IDLE');
		harness.server.injectFaults(`/v1/invoices/publish/${String(invoice.id)}`, [{ drop: true, afterHandling: true }]);
		const { items, error } = await harness.run({ resource: 'invoice', operation: 'publish', invoiceId: byId(invoice.id as number) });
		expect(error).toBeUndefined();
		expect(apiRequests().map((r) => [r.method, r.path, r.status])).toEqual([
			['PUT', `/v1/invoices/publish/${String(invoice.id)}`, 'dropped'],
			['PUT', `/v1/invoices/publish/${String(invoice.id)}`, 409],
			['GET', `/v1/invoices/retrieve/${String(invoice.id)}`, 200],
		]);
		expect(items[0].json).toMatchObject({ id: invoice.id, status: 'ACTIVE' });
	});

	test('Update is retried after a 5xx (it changes nothing when repeated); Dollr\'s 422 names the field', async () => {
		const invoice = seedInvoice('IDLE');
		harness.server.injectFaults(`/v1/invoices/update/${String(invoice.id)}`, [{ status: 503 }]);
		const { items, error } = await harness.run({ resource: 'invoice', operation: 'update', invoiceId: byId(invoice.id as number), updateFields: { feeBearer: 'payer' } });
		expect(error).toBeUndefined();
		expect(apiRequests().map((r) => [r.method, r.status, r.body])).toEqual([
			['PUT', 503, { fee_bearer: 'PAYER' }],
			['PUT', 200, { fee_bearer: 'PAYER' }],
		]);
		expect(items[0].json).toMatchObject({ id: invoice.id, fee_bearer: 'PAYER' });

		harness.server.injectFaults('/v1/parties/create', [
			{ status: 422, body: { detail: [{ loc: ['body', 'country_code'], msg: 'String should match pattern', type: 'string_pattern_mismatch' }] } },
		]);
		const party = await harness.run({ resource: 'party', operation: 'create', fullname: 'A', phone: '231770001111' });
		expect(party.error.message).toBe('Dollr rejected the request: Country Code: String should match pattern [item 0]');
	});

	test('Cancel of a CANCELED order counts as done; Add Item that times out is not resent', async () => {
		const [order] = harness.server.seedDocuments('ORDER', [{ status: 'CANCELED', note: 'x' }]);
		const canceled = await harness.run({ resource: 'order', operation: 'cancel', orderId: byId(order.id as number) });
		expect(canceled.error).toBeUndefined();
		expect(canceled.items[0].json).toMatchObject({ id: order.id, status: 'CANCELED' });

		const invoice = seedInvoice('IDLE');
		harness.server.reset();
		harness.server.injectFaults(`/v1/invoices/${String(invoice.id)}/items/add`, [{ delayMs: 3000, afterHandling: true }]);
		const added = await harness.run(
			{ resource: 'invoice', operation: 'addItem', invoiceId: byId(invoice.id as number), name: 'Extra', qty: 1, amount: 5, currency: 'USD', options: { timeout: 500 } },
		);
		expect(added.error.message).toBe('Dollr did not answer in time; the line item may have been created [item 0]');
		expect(added.error.description).toContain("Check the invoice's lines with Get");
		expect(apiRequests().filter((r) => r.path.endsWith('/items/add'))).toHaveLength(1);
	});
});

describe('state rules', () => {
	test('edit after publish, cancel while PROCESSING, receipt before PAID: the document, its status and the rule', async () => {
		const active = seedInvoice('ACTIVE');
		const processing = seedInvoice('PROCESSING');
		const { items } = await harness.run(
			{
				resource: 'invoice',
				operation: '={{ $json.operation }}',
				invoiceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				updateFields: { note: 'late change' },
			},
			[],
		);
		expect(items).toEqual([]);
		const update = await harness.run({ resource: 'invoice', operation: 'update', invoiceId: byId(active.id as number), updateFields: { note: 'late change' } });
		expect(update.error.message).toBe(
			`The invoice ${String(active.invoice_number)} (ID ${String(active.id)}) is ACTIVE: only draft (IDLE) invoices can be edited or have their items changed; Publish locks them [item 0]`,
		);
		expect(update.error.description).toContain('cancel it and create a new one');

		const cancel = await harness.run({ resource: 'invoice', operation: 'cancel', invoiceId: byNumber(String(processing.invoice_number)) });
		expect(cancel.error.message).toBe(
			`The invoice ${String(processing.invoice_number)} (ID ${String(processing.id)}) is PROCESSING: invoices can be canceled only while IDLE or ACTIVE, never while PROCESSING (a payment is under way) or once PAID [item 0]`,
		);

		const receipt = await harness.run({ resource: 'invoice', operation: 'getReceipt', invoiceId: byId(active.id as number) });
		expect(receipt.error.message).toBe(
			`The invoice ${String(active.invoice_number)} (ID ${String(active.id)}) is ACTIVE: Dollr has a receipt once the invoice is PAID [item 0]`,
		);
	});

	test('the message does not depend on the status code Dollr uses for the refusal', async () => {
		const paid = seedInvoice('PAID');
		harness.server.injectFaults(`/v1/invoices/cancel/${String(paid.id)}`, [{ status: 400, body: { detail: 'Bad request' } }]);
		const { error } = await harness.run({ resource: 'invoice', operation: 'cancel', invoiceId: byId(paid.id as number) });
		expect(error.message).toMatch(new RegExp(`^The invoice ${String(paid.invoice_number)} \\(ID ${String(paid.id)}\\) is PAID: `));
		expect(error.httpCode).toBe('400');
		expect(error.description).toContain('Bad request');
	});
});

describe('validation and Continue On Fail', () => {
	test.each([
		['party', { resource: 'party', operation: 'create', fullname: 'A', phone: '12ab' }, "Phone must be 8-15 digits without '+' [item 0]"],
		['country', { resource: 'party', operation: 'create', fullname: 'A', phone: '231770001111', additionalFields: { countryCode: 'XX' } }, "Country Code must be an ISO 3166-1 alpha-2 country code, got 'XX' [item 0]"],
		['email', { resource: 'party', operation: 'create', fullname: 'A', phone: '231770001111', additionalFields: { email: 'a@b' } }, 'Email must be an email address [item 0]'],
		['relationship', { resource: 'counterparty', operation: 'create', relationshipType: '={{ "BOSS" }}' }, expect.stringMatching(/^Relationship Type must be one of BENEFICIARY, .*, got 'BOSS' \[item 0\]$/)],
		['qty', invoiceParameters({ items: { item: [{ name: 'x', qty: 1.5, amount: 1 }] } }), 'Items › 1 › Qty must be a whole number of at least 1, got 1.5 [item 0]'],
		['amount', invoiceParameters({ items: { item: [{ name: 'x', qty: 1, amount: 0.001 }] } }), 'Items › 1 › Amount must be at least 0.01, got 0.001 [item 0]'],
		['fee bearer', invoiceParameters({ feeBearer: '={{ "BOTH" }}' }), "Fee Bearer must be one of PAYER, PAYEE, got 'BOTH' [item 0]"],
		['currency', invoiceParameters({ currency: 'US' }), 'Currency must be a three-letter ISO 4217 code [item 0]'],
		['due date', invoiceParameters({ additionalFields: { dueDate: '2026-02-30' } }), "Due Date is not a calendar date, got '2026-02-30' [item 0]"],
		['note', invoiceParameters({ note: ' ' }), 'Note is required [item 0]'],
		['counterparty', invoiceParameters({ counterpartyId: byId('0') }), "Counterparty (By ID) must be a positive whole number, got '0' [item 0]"],
		['counterparty from an expression', invoiceParameters({ counterpartyId: { __rl: true, mode: 'id', value: '={{ "x1" }}' } }), "Counterparty (By ID) must be a positive whole number, got 'x1' [item 0]"],
		['invoice number', { resource: 'invoice', operation: 'get', invoiceId: byNumber('INV 1') }, "Invoice (By Number) must be one invoice number without spaces or '/', got 'INV 1' [item 0]"],
		['empty update', { resource: 'order', operation: 'update', orderId: byId(1), updateFields: {} }, 'Update Fields must hold at least one field [item 0]'],
		['limit', { resource: 'invoice', operation: 'getAll', limit: '={{ "ten" }}' }, "Limit must be a positive whole number, got 'ten' [item 0]"],
		['item qty', { resource: 'invoice', operation: 'updateItem', invoiceId: byId(1), itemId: 1, updateFields: { qty: 0 } }, 'Qty must be a whole number of at least 1, got 0 [item 0]'],
	])('%s: refused before any request, naming the field and the item', async (_, parameters, message) => {
		const { error } = await harness.run(parameters as IDataObject);
		expect(error.message).toEqual(message);
		expect(error.name).toBe('NodeOperationError');
		expect(typeof error.description).toBe('string');
		expect(apiRequests()).toEqual([]);
	});

	test('a mixed batch with Continue On Fail: every item out once, in order, paired', async () => {
		const idle = seedInvoice('IDLE');
		const paid = seedInvoice('PAID');
		const { items, error } = await harness.run(
			{ resource: 'invoice', operation: 'addItem', invoiceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, name: '={{ $json.name }}', qty: '={{ $json.qty }}', amount: 10, currency: '' },
			[
				{ id: idle.id, name: 'Good', qty: 2 },
				{ id: idle.id, name: 'Bad qty', qty: -1 },
				{ id: paid.id, name: 'Too late', qty: 1 },
				{ id: 999999, name: 'Nowhere', qty: 1 },
				{ id: idle.id, name: 'Also good', qty: 1 },
			],
			{ onError: 'continueRegularOutput' },
		);
		expect(error).toBeUndefined();
		expect(items.map((i: { pairedItem: unknown }) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].json).toMatchObject({ name: 'Good', qty: 2, currency: 'USD' });
		expect(items[1].json.error).toBe("Qty must be a whole number of at least 1, got -1 [item 1]");
		expect(items[2].json.error).toMatch(/is PAID: only draft \(IDLE\) invoices can be edited.* \[item 2\]$/);
		expect(items[3].json.error).toMatch(/^Dollr could not find what was asked for: Invoice not found \[item 3\]$/);
		expect(items[4].json).toMatchObject({ name: 'Also good' });
		expect(harness.server.documentDetail('INVOICE', idle.id as number)!.invoice_items).toHaveLength(3);
	});
});
