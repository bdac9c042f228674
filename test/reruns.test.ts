/**
 * Running a workflow again over the same rows (If Already in Dollr,
 * `options.onExisting`) through n8n's engine against the local Dollr server:
 * a rerun after a failure reuses what the first run made, a half-made draft is
 * finished, two rows with one key make one document, Fail names what Dollr holds,
 * Create Another is unchanged, one list request per run; and Remove Item after
 * a lost answer.
 */
import type { IDataObject } from 'n8n-workflow';

import { Dollr } from '../nodes/Dollr/Dollr.node';
import { createParameters, useHarness, type RecordedRequest } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { singleNodeWorkflow, NODE_TYPE, CREDENTIAL_ID } = require('./harness/dollr');

const harness = useHarness();
let customer: IDataObject;
let amara: IDataObject;

beforeAll(() => {
	[amara] = harness.server.seedParties([{ fullname: 'Amara Kamara', phone: '231771234567', email: null, country_code: 'LR' }]);
	[customer] = harness.server.seedCounterparties([{ relationship_type: 'CUSTOMER', party_id: amara.id }]);
});

const apiRequests = (): RecordedRequest[] => harness.server.requests.filter((r) => r.path !== '/v1/jwt/client/obtain/token');
const routes = () => apiRequests().map((r) => `${r.method} ${r.path} ${String(r.status)}`);
const count = (path: string) => apiRequests().filter((r) => r.path === path).length;
const invoicesWith = (reference: string) => harness.server.documents('INVOICE').filter((d) => d.reference_id === reference);
const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

const LINES = [
	{ name: 'Consulting (hours)', qty: 4, amount: 75, currency: '' },
	{ name: 'Travel', qty: 1, amount: 20.5, currency: '' },
	{ name: 'Hotel', qty: 2, amount: 60, currency: '' },
];

function invoice(reference: string | undefined, onExisting?: string, overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'invoice',
		operation: 'create',
		counterpartyId: byId(customer.id as number),
		currency: 'USD',
		note: 'Consulting, November',
		feeBearer: 'PAYER',
		items: { item: LINES },
		publish: true,
		additionalFields: reference === undefined ? {} : { referenceId: reference },
		...(onExisting ? { options: { onExisting } } : {}),
		...overrides,
	};
}

const itemsOf = (id: number) => harness.server.documentDetail('INVOICE', id)!.invoice_items as IDataObject[];
const lineSummary = (id: number) => itemsOf(id).map((item) => `${String(item.name)} ${String(item.qty)}×${String(item.amount)}`);

describe('the option', () => {
	test('shows in Options for the Create operations only, Create Another by default', () => {
		const options = new Dollr().description.properties.find((p) => p.name === 'options')!;
		const option = (options.options as unknown as IDataObject[]).find((o) => o.name === 'onExisting')!;
		expect(option.default).toBe('create');
		expect((option.options as IDataObject[]).map((o) => o.value)).toEqual(['create', 'reuse', 'fail']);
		expect((option.options as IDataObject[]).every((o) => String(o.description).length > 20)).toBe(true);
		expect(option.displayOptions).toEqual({
			show: { '/resource': ['checkout', 'party', 'counterparty', 'invoice', 'order'], '/operation': ['create'] },
		});
		expect((options.options as unknown as IDataObject[]).map((o) => o.name)).toEqual(['concurrency', 'onExisting', 'maxRetries', 'timeout', 'waitForResult', 'waitTimeout']);
	});

	test('Create Another (default or chosen) is the Create of before: no list request', async () => {
		for (const onExisting of [undefined, 'create']) {
			harness.server.reset();
			const { items, error } = await harness.run(invoice('same-ref', onExisting));
			expect(error).toBeUndefined();
			expect(routes().filter((r) => !r.includes('/items/add'))).toEqual([
				'POST /v1/invoices/create 200',
				`PUT /v1/invoices/publish/${String(items[0].json.id)} 200`,
			]);
			expect(items[0].json.reused).toBeUndefined();
		}
		expect(invoicesWith('same-ref')).toHaveLength(2);
	});

	test('Reuse It or Fail without the key: refused before any request, naming the field', async () => {
		const cases: Array<[IDataObject, string]> = [
			[invoice(undefined, 'reuse'), 'Additional Fields › Reference ID is required when If Already in Dollr is Reuse It [item 0]'],
			[{ ...invoice(undefined, 'fail'), resource: 'order' }, 'Additional Fields › Reference ID is required when If Already in Dollr is Fail [item 0]'],
			[
				{ resource: 'counterparty', operation: 'create', relationshipType: 'CUSTOMER', options: { onExisting: 'reuse' } },
				'Additional Fields › Party ID is required when If Already in Dollr is Reuse It [item 0]',
			],
			[invoice('x', '={{ "sometimes" }}'), "If Already in Dollr must be one of create, reuse, fail, got 'sometimes' [item 0]"],
		];
		for (const [parameters, message] of cases) {
			const { error } = await harness.run(parameters);
			expect(error.message).toBe(message);
			expect(error.description).toBeTruthy();
		}
		expect(apiRequests()).toEqual([]);
	});
});

describe('a second run of the same rows', () => {
	test('after a create whose line failed: Reuse It finishes the draft (the line that reached Dollr is not added again)', async () => {
		const id = harness.server.documents('INVOICE').length + 1;
		// Line 2 is processed, then its answer is lost: the first run stops there.
		harness.server.injectFaults(`/v1/invoices/${id}/items/add`, [null, { status: 502, afterHandling: true }]);
		const first = await harness.run(invoice('row-1'));
		expect(first.error.message).toMatch(new RegExp(`^The invoice INV-\\d{4}-0*${id} \\(ID ${id}\\) was created, but adding line 2 of 3 failed`));
		expect(first.error.description).toContain("Or run this item's Create again with If Already in Dollr set to Reuse It: it finishes this draft");
		expect(lineSummary(id)).toEqual(['Consulting (hours) 4×75', 'Travel 1×20.5']);

		harness.server.reset();
		const second = await harness.run(invoice('row-1', 'reuse'));
		expect(second.error).toBeUndefined();
		expect(routes()).toEqual([
			'GET /v1/invoices/list 200',
			`GET /v1/invoices/retrieve/${id} 200`,
			`POST /v1/invoices/${id}/items/add 200`,
			`PUT /v1/invoices/publish/${id} 200`,
			`GET /v1/invoices/retrieve/${id} 200`,
		]);
		expect(apiRequests()[2].body).toEqual({ name: 'Hotel', qty: 2, amount: 60, currency: 'USD' });
		expect(invoicesWith('row-1')).toHaveLength(1);
		expect(lineSummary(id)).toEqual(['Consulting (hours) 4×75', 'Travel 1×20.5', 'Hotel 2×60']);
		// The output is the invoice as Dollr answers retrieve, marked as reused.
		expect(second.items[0].json).toEqual({
			...harness.server.documentDetail('INVOICE', id),
			reused: true,
			finished_draft: { lines_added: 1, published: true },
		});
		expect(second.items[0].json).toMatchObject({ status: 'ACTIVE', total_amount: 440.5 });

		// A third run: nothing left to do, the invoice is output as it is.
		harness.server.reset();
		const third = await harness.run(invoice('row-1', 'reuse'));
		expect(routes()).toEqual(['GET /v1/invoices/list 200', `GET /v1/invoices/retrieve/${id} 200`]);
		expect(third.items[0].json).toEqual({ ...harness.server.documentDetail('INVOICE', id), reused: true });
	});

	test('after a later node failed: the invoice made is output again, nothing created', async () => {
		// Create Invoice → "Mark billed" (here a Dollr call that fails, as a sheet update might).
		const workflow = singleNodeWorkflow(invoice('row-2', 'reuse'), [{ row: 2 }]);
		workflow.nodes.push({
			id: 'mark',
			name: 'Mark billed',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters: { resource: 'party', operation: 'get', partyId: 999999 },
			credentials: { dollrApi: { id: CREDENTIAL_ID, name: 'Dollr (local server)' } },
		});
		workflow.connections.Dollr = { main: [[{ node: 'Mark billed', type: 'main', index: 0 }]] };
		const first = await harness.runWorkflow(workflow);
		expect(first.data.resultData.error.message).toMatch(/could not find/);
		const created = first.data.resultData.runData.Dollr[0].data.main[0][0].json;
		expect(created).toMatchObject({ reference_id: 'row-2', status: 'ACTIVE', reused: false });

		harness.server.reset();
		const second = await harness.runWorkflow(workflow);
		const output = second.data.resultData.runData.Dollr[0].data.main[0][0].json;
		expect(output).toMatchObject({ id: created.id, invoice_number: created.invoice_number, status: 'ACTIVE', reused: true });
		expect(count('/v1/invoices/create')).toBe(0);
		expect(invoicesWith('row-2')).toHaveLength(1);
	});

	test('after a create whose answer was lost: the empty draft is found and finished', async () => {
		harness.server.injectFaults('/v1/invoices/create', [{ drop: true, afterHandling: true }]);
		const first = await harness.run(invoice('row-3', 'reuse'));
		expect(first.error.message).toBe('Dollr dropped the connection; the invoice may have been created [item 0]');
		const [draft] = invoicesWith('row-3');
		expect(draft.status).toBe('IDLE');

		harness.server.reset();
		const second = await harness.run(invoice('row-3', 'reuse'));
		expect(second.error).toBeUndefined();
		expect(count('/v1/invoices/create')).toBe(0);
		expect(count(`/v1/invoices/${String(draft.id)}/items/add`)).toBe(3);
		expect(second.items[0].json).toMatchObject({ id: draft.id, status: 'ACTIVE', total_amount: 440.5, reused: true });
		expect(invoicesWith('row-3')).toHaveLength(1);
	});

	test('a draft made by hand with a line already in and Publish off: only the missing lines are added, it stays a draft', async () => {
		const [draft] = harness.server.seedDocuments('INVOICE', [
			{ counterparty_id: customer.id, currency: 'USD', note: 'x', fee_bearer: 'PAYER', reference_id: 'row-4', items: [{ name: 'Travel', qty: 1, amount: 20.5, currency: 'USD' }] },
		]);
		const { items } = await harness.run(invoice('row-4', 'reuse', { publish: false }));
		expect(apiRequests().filter((r) => r.path.endsWith('/items/add')).map((r) => r.body.name)).toEqual(['Consulting (hours)', 'Hotel']);
		expect(count(`/v1/invoices/publish/${String(draft.id)}`)).toBe(0);
		expect(items[0].json).toMatchObject({ id: draft.id, status: 'IDLE', reused: true, finished_draft: { lines_added: 2, published: false } });
	});

	test('Fail names the document, its number, ID and status, and says how to go on', async () => {
		const [active] = harness.server.seedDocuments('INVOICE', [{ status: 'ACTIVE', reference_id: 'row-5', counterparty_id: customer.id }]);
		const { error } = await harness.run(invoice('row-5', 'fail'));
		expect(error.message).toBe(`Dollr already holds invoice ${String(active.invoice_number)} (ID ${String(active.id)}, ACTIVE) with Reference ID 'row-5' [item 0]`);
		expect(error.description).toContain(`Cancel invoice ID ${String(active.id)} first`);
		expect(error.description).toContain('set If Already in Dollr to Create Another');
		expect(routes()).toEqual(['GET /v1/invoices/list 200']);
	});

	test('a CANCELED invoice with the reference does not count: a new one is made', async () => {
		harness.server.seedDocuments('INVOICE', [{ status: 'CANCELED', reference_id: 'row-6', counterparty_id: customer.id }]);
		const { items } = await harness.run(invoice('row-6', 'reuse'));
		expect(items[0].json).toMatchObject({ reused: false, status: 'ACTIVE' });
		expect(invoicesWith('row-6').map((d) => d.status)).toEqual(['CANCELED', 'ACTIVE']);
	});
});

describe('within one run', () => {
	test.each([1, 4])('two items with one reference make one order (Concurrency %i)', async (concurrency) => {
		const reference = `twin-${concurrency}`;
		// Item 0 runs alone (the router's first item), then the two with one reference side by side.
		const rows = [{ ref: 'other-' + reference }, { ref: reference }, { ref: reference }];
		const { items, error } = await harness.run(
			{ ...invoice('={{ $json.ref }}', 'reuse'), resource: 'order', options: { onExisting: 'reuse', concurrency } },
			rows,
		);
		expect(error).toBeUndefined();
		const orders = harness.server.documents('ORDER').filter((d) => String(d.reference_id).endsWith(reference));
		expect(orders.map((d) => d.reference_id)).toEqual(expect.arrayContaining([reference, 'other-' + reference]));
		expect(orders).toHaveLength(2);
		expect(items.map((i: { json: IDataObject }) => [i.json.reference_id, i.json.reused])).toEqual([
			['other-' + reference, false],
			[reference, false],
			[reference, true],
		]);
		expect(items[2].json.id).toBe(items[1].json.id);
		expect(items[2].json.order_items).toHaveLength(3); // the whole order, as retrieve answers it
		expect(count('/v1/orders/list')).toBe(1);
		expect(count('/v1/orders/create')).toBe(2);
	});

	test('after a create that got no answer, the next item with that reference reads the list again and finishes the draft', async () => {
		harness.server.injectFaults('/v1/invoices/create', [{ drop: true, afterHandling: true }]);
		const { items } = await harness.run(invoice('={{ $json.ref }}', 'reuse'), [{ ref: 'lost-1' }, { ref: 'lost-1' }], {
			onError: 'continueRegularOutput',
		});
		expect(items[0].json.error).toBe('Dollr dropped the connection; the invoice may have been created [item 0]');
		const [draft] = invoicesWith('lost-1');
		expect(items[1].json).toMatchObject({ id: draft.id, status: 'ACTIVE', reused: true, finished_draft: { lines_added: 3, published: true } });
		expect(invoicesWith('lost-1')).toHaveLength(1);
		expect(routes().filter((r) => !r.includes('/items/add'))).toEqual([
			'GET /v1/invoices/list 200',
			'POST /v1/invoices/create dropped',
			'GET /v1/invoices/list 200',
			`GET /v1/invoices/retrieve/${String(draft.id)} 200`,
			`PUT /v1/invoices/publish/${String(draft.id)} 200`,
			`GET /v1/invoices/retrieve/${String(draft.id)} 200`,
		]);
	});

	test('one list request per run whatever the item count: 20 rows created, then 20 reused', async () => {
		const rows = Array.from({ length: 20 }, (_, i) => ({ ref: `bulk-${i}` }));
		const parameters = { ...invoice('={{ $json.ref }}', 'reuse'), items: { item: [LINES[0]] }, options: { onExisting: 'reuse', concurrency: 5 } };
		const first = await harness.run(parameters, rows);
		expect(first.error).toBeUndefined();
		expect(count('/v1/invoices/list')).toBe(1);
		expect(count('/v1/invoices/create')).toBe(20);

		harness.server.reset();
		const second = await harness.run(parameters, rows);
		expect(count('/v1/invoices/list')).toBe(1);
		expect(count('/v1/invoices/create')).toBe(0);
		expect(second.items.map((i: { json: IDataObject }) => i.json.id)).toEqual(first.items.map((i: { json: IDataObject }) => i.json.id));
		expect(second.items.every((i: { json: IDataObject }) => i.json.reused === true)).toBe(true);
	});
});

describe('Checkout', () => {
	const checkout = (onExisting?: string) =>
		createParameters({ additionalFields: { referenceId: 'shop-77' }, ...(onExisting ? { options: { onExisting } } : {}) });

	test('Reuse It outputs the existing checkout: its source, its payment link; no second checkout', async () => {
		const first = await harness.run(checkout());
		const made = first.items[0].json;
		harness.server.reset();
		const second = await harness.run(checkout('reuse'));
		expect(second.error).toBeUndefined();
		expect(routes()).toEqual([
			'GET /v1/invoices/list 200',
			`GET /v1/invoices/retrieve/${String(made.source_id)} 200`,
			'GET /v1/links/pay 200',
		]);
		expect(second.items[0].json).toEqual({
			...harness.server.documentDetail('INVOICE', made.source_id as number),
			source_type: 'INVOICE',
			source_id: made.source_id,
			source_number: made.source_number,
			source_status: 'ACTIVE',
			url: made.url,
			reused: true,
		});
		expect(harness.server.checkouts).toHaveLength(0);

		const failed = await harness.run(checkout('fail'));
		expect(failed.error.message).toBe(`Dollr already holds invoice ${String(made.source_number)} (ID ${String(made.source_id)}, ACTIVE) with Reference ID 'shop-77' [item 0]`);
	});
});

describe('Party and Counterparty', () => {
	test('Party › Create: keyed by the phone in any notation; two rows with one new phone make one party', async () => {
		const before = harness.server.parties().length;
		const { items } = await harness.run(
			{ resource: 'party', operation: 'create', fullname: '={{ $json.name }}', phone: '={{ $json.phone }}', options: { onExisting: 'reuse', concurrency: 3 } },
			[
				{ name: 'Amara K.', phone: '+231 77 123 4567' },
				{ name: 'New Person', phone: '231775550001' },
				{ name: 'New Person again', phone: '(231) 775-550-001' },
			],
		);
		expect(items[0].json).toEqual({ ...amara, reused: true });
		expect(items[1].json).toMatchObject({ fullname: 'New Person', phone: '231775550001', reused: false });
		expect(items[2].json).toEqual({ ...items[1].json, reused: true });
		expect(harness.server.parties().length).toBe(before + 1);
		expect(count('/v1/parties/list')).toBe(1);

		const failed = await harness.run({ resource: 'party', operation: 'create', fullname: 'X', phone: '231771234567', options: { onExisting: 'fail' } });
		expect(failed.error.message).toBe(`Dollr already holds party 'Amara Kamara' (ID ${String(amara.id)}) with phone 231771234567 [item 0]`);
	});

	test('Counterparty › Create: keyed by party and relationship type', async () => {
		const before = harness.server.counterparties().length;
		const run = (relationshipType: string, onExisting: string) =>
			harness.run({ resource: 'counterparty', operation: 'create', relationshipType, additionalFields: { partyId: amara.id }, options: { onExisting } });
		const reused = await run('CUSTOMER', 'reuse');
		expect(reused.items[0].json).toEqual({ ...customer, reused: true });
		const supplier = await run('SUPPLIER', 'reuse');
		expect(supplier.items[0].json).toMatchObject({ relationship_type: 'SUPPLIER', party_id: amara.id, reused: false });
		expect(harness.server.counterparties().length).toBe(before + 1);
		const failed = await run('SUPPLIER', 'fail');
		expect(failed.error.message).toBe(
			`Dollr already holds counterparty ID ${String(supplier.items[0].json.id)} with party ID ${String(amara.id)} and relationship type SUPPLIER [item 0]`,
		);
		expect(count('/v1/counterparties/create')).toBe(1);
	});
});

describe('Remove Item', () => {
	function draftWithTwoLines(): { id: number; items: IDataObject[] } {
		const [draft] = harness.server.seedDocuments('INVOICE', [
			{ counterparty_id: customer.id, currency: 'USD', items: [{ name: 'A', qty: 1, amount: 1 }, { name: 'B', qty: 1, amount: 2 }] },
		]);
		return { id: draft.id as number, items: itemsOf(draft.id as number) };
	}

	test('whose first answer was lost, retried and told "not found": done, and the output says so', async () => {
		const { id, items } = draftWithTwoLines();
		const path = `/v1/invoices/${id}/items/${String(items[0].id)}/remove`;
		harness.server.injectFaults(path, [{ drop: true, afterHandling: true }]);
		const { items: out, error } = await harness.run({ resource: 'invoice', operation: 'removeItem', invoiceId: byId(id), itemId: items[0].id });
		expect(error).toBeUndefined();
		expect(routes()).toEqual([`DELETE ${path} dropped`, `DELETE ${path} 404`, `GET /v1/invoices/retrieve/${id} 200`]);
		expect(out[0].json).toEqual({ deleted: true, id: items[0].id, invoice_id: id, removed_before_retry: true });
		expect(itemsOf(id).map((item) => item.name)).toEqual(['B']);
	});

	test('any other "not found" stays an error', async () => {
		const { id } = draftWithTwoLines();
		const { error } = await harness.run({ resource: 'invoice', operation: 'removeItem', invoiceId: byId(id), itemId: 987654 });
		expect(error.message).toBe('Dollr could not find what was asked for: Item not found [item 0]');
		expect(routes()).toEqual([`DELETE /v1/invoices/${id}/items/987654/remove 404`]);
	});
});
