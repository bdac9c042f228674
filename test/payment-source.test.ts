/**
 * Payment Source (Get Status, Get Payment Link, Get Receipt Link) through n8n's
 * engine against the local Dollr server: the requests Dollr receives, the
 * outputs, retries of the GETs, the receipt before and after PAID, and the
 * example workflow invoice-loop.json.
 */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { Dollr } from '../nodes/Dollr/Dollr.node';
import { createParameters, startHarness, type Harness } from './helpers';
import invoiceLoop from './workflows/invoice-loop.json';

// The harness is plain CommonJS, shared with the demo and the benchmark.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_TYPE, CREDENTIAL_ID } = require('./harness/dollr');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NodeTypes, runWorkflow, outputOf } = require('./harness/n8n-engine');

type Checkout = IDataObject & { source_id: number; source_number: string; source_type: string; url: string };

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => await harness.close());
// Faults a failed test did not consume must not leak into the next one.
afterEach(() => harness.server.reset());

/** Creates one checkout through the node and returns Dollr's answer. */
async function createCheckout(sourceKind = 'INVOICE'): Promise<Checkout> {
	const { items, error } = await harness.run(createParameters({ sourceKind }));
	expect(error).toBeUndefined();
	return items[0].json as Checkout;
}

/** The requests the server received on `path` since `from`. */
function requestsTo(path: string, from = 0) {
	return harness.server.requests.slice(from).filter((request) => request.path === path);
}

function currentBearer(): string {
	return `Bearer ${harness.credentials.store.get(CREDENTIAL_ID)!.data.accessToken}`;
}

describe('node description', () => {
	it('has the Payment Source resource with the operations and fields named in the issue', () => {
		const { properties } = new Dollr().description;
		const resource = properties.find((p) => p.name === 'resource')!;
		expect(resource.options).toContainEqual({ name: 'Payment Source', value: 'paymentSource' });
		const operations = properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('paymentSource'),
		)!;
		expect((operations.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'getStatus',
			'getPaymentLink',
			'getReceiptLink',
		]);
		const field = (name: string, operation: string) =>
			properties.find((p) => p.name === name && p.displayOptions?.show?.operation?.includes(operation));
		expect((field('sourceType', 'getStatus')!.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'INVOICE',
			'ORDER',
		]);
		expect(field('sourceId', 'getStatus')!.type).toBe('number');
		expect(field('sourceNumber', 'getPaymentLink')!.type).toBe('string');
		expect(field('sourceNumber', 'getReceiptLink')!.type).toBe('string');
		expect(field('sourceId', 'getReceiptLink')).toBeUndefined();
	});
});

describe('Get Status', () => {
	it('sends GET /v1/status/source with the type, the id and the bearer, and passes the answer through', async () => {
		const invoice = await createCheckout('INVOICE');
		const order = await createCheckout('ORDER');
		const from = harness.server.requests.length;

		const { items, error } = await harness.run(
			{
				resource: 'paymentSource',
				operation: 'getStatus',
				sourceType: '={{ $json.source_type }}',
				sourceId: '={{ $json.source_id }}',
			},
			[invoice, order],
		);

		expect(error).toBeUndefined();
		const sent = requestsTo('/v1/status/source', from);
		expect(sent.map((r) => [r.method, r.query, r.headers.authorization])).toEqual([
			['GET', { source_type: 'INVOICE', source_id: String(invoice.source_id) }, currentBearer()],
			['GET', { source_type: 'ORDER', source_id: String(order.source_id) }, currentBearer()],
		]);
		expect(sent.every((r) => r.body === undefined && r.status === 200)).toBe(true);
		expect(items).toEqual([
			{
				json: {
					source_id: invoice.source_id,
					source_type: 'INVOICE',
					source_number: invoice.source_number,
					status: 'ACTIVE',
					currency: 'USD',
					total_amount: 45,
					paid_at: null,
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({ json: expect.objectContaining({ source_type: 'ORDER', status: 'ACTIVE' }), pairedItem: { item: 1 } }),
		]);
	});

	it('sees a source move from ACTIVE to PAID', async () => {
		const invoice = await createCheckout();
		const parameters = { resource: 'paymentSource', operation: 'getStatus', sourceType: 'INVOICE', sourceId: invoice.source_id };

		const before = await harness.run(parameters);
		expect(before.items[0].json).toMatchObject({ status: 'ACTIVE', paid_at: null });

		harness.server.setSourceStatus('INVOICE', invoice.source_id, 'PAID');
		const after = await harness.run(parameters);
		expect(after.error).toBeUndefined();
		expect(after.items[0].json.status).toBe('PAID');
		expect(Date.parse(after.items[0].json.paid_at)).not.toBeNaN();
	});

	it('names Dollr\'s 404 for an unknown source with the item', async () => {
		const { error } = await harness.run({ resource: 'paymentSource', operation: 'getStatus', sourceType: 'ORDER', sourceId: 999999 });
		expect(error.message).toBe('Dollr could not find what was asked for: Source not found [item 0]');
	});
});

describe('Get Payment Link', () => {
	it('sends GET /v1/links/pay with the type and the trimmed number, and outputs {url}', async () => {
		const invoice = await createCheckout();
		const from = harness.server.requests.length;

		const { items, error } = await harness.run({
			resource: 'paymentSource',
			operation: 'getPaymentLink',
			sourceType: 'INVOICE',
			sourceNumber: `  ${invoice.source_number} `,
		});

		expect(error).toBeUndefined();
		const sent = requestsTo('/v1/links/pay', from);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			query: { source_type: 'INVOICE', source_number: invoice.source_number },
			headers: expect.objectContaining({ authorization: currentBearer() }),
		});
		expect(items).toEqual([{ json: { url: invoice.url }, pairedItem: { item: 0 } }]);
	});
});

describe('Get Receipt Link', () => {
	const receipt = (sourceType: string, sourceNumber: string) => ({
		resource: 'paymentSource',
		operation: 'getReceiptLink',
		sourceType,
		sourceNumber,
	});

	it('is refused with a clear message before PAID and served after', async () => {
		const order = await createCheckout('ORDER');
		const from = harness.server.requests.length;

		const refused = await harness.run(receipt('ORDER', order.source_number));
		expect(refused.error.message).toBe(
			'The receipt is available once the order is PAID; check its status with Get Status [item 0]',
		);
		expect(refused.error.description).toContain('HTTP 409');
		// A 4xx is an answer, not a failure: asked once, not retried.
		expect(requestsTo('/v1/links/receipt', from).map((r) => [r.query, r.status])).toEqual([
			[{ source_type: 'ORDER', source_number: order.source_number }, 409],
		]);

		harness.server.setSourceStatus('ORDER', order.source_id, 'PAID');
		const served = await harness.run(receipt('ORDER', order.source_number));
		expect(served.error).toBeUndefined();
		expect(served.items).toEqual([
			{ json: { url: expect.stringMatching(new RegExp(`^${harness.server.url}/receipt/`)) }, pairedItem: { item: 0 } },
		]);
		const last = requestsTo('/v1/links/receipt', from).at(-1);
		expect(last).toMatchObject({ method: 'GET', status: 200, headers: expect.objectContaining({ authorization: currentBearer() }) });
	});

	it('says invoice for an invoice, and leaves the transport\'s message for 401, 403 and 429 alone', async () => {
		const invoice = await createCheckout('INVOICE');
		const unpaid = await harness.run(receipt('INVOICE', invoice.source_number));
		expect(unpaid.error.message).toMatch(/^The receipt is available once the invoice is PAID/);

		const transportMessage = async (fault: IDataObject) => {
			// n8n renews the token after a 401 and asks once more: that one is refused too.
			harness.server.injectFaults('/v1/links/receipt', fault.status === 401 ? [fault, fault] : [fault]);
			const { error } = await harness.run({ ...receipt('INVOICE', invoice.source_number), options: { maxRetries: 0 } });
			return error.message;
		};
		expect(await transportMessage({ status: 403, body: { detail: 'Merchant not verified' } })).toBe(
			'Dollr refused this request for your merchant account: Merchant not verified [item 0]',
		);
		expect(await transportMessage({ status: 401, body: { detail: 'Could not validate credentials' } })).toBe(
			'Dollr refused the credentials: Could not validate credentials [item 0]',
		);
		expect(await transportMessage({ status: 429, headers: { 'retry-after': '0' } })).toBe(
			'Dollr is rate limiting these requests and still refused after 0 retries [item 0]',
		);
	});
});

describe('retries', () => {
	it('retries a GET after a 503 and after a timeout', async () => {
		const invoice = await createCheckout();
		const from = harness.server.requests.length;
		// The late answer's delay starts when the server has the request, after the node's timeout
		// started: it is late at any speed. The timeout is wide for the other answers (milliseconds).
		harness.server.injectFaults('/v1/status/source', [{ status: 503 }, { delayMs: 1300, status: 200, body: {} }]);

		const { items, error } = await harness.run({
			resource: 'paymentSource',
			operation: 'getStatus',
			sourceType: 'INVOICE',
			sourceId: invoice.source_id,
			options: { timeout: 1000 },
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ source_id: invoice.source_id, status: 'ACTIVE' });
		const attempts = requestsTo('/v1/status/source', from).map((r) => (r.fault ? (r.fault.delayMs ? 'late' : r.fault.status) : r.status));
		expect(attempts).toEqual([503, 'late', 200]);
	});

	it('does not retry a create after a 503', async () => {
		const checkoutsBefore = harness.server.checkouts.length;
		const from = harness.server.requests.length;
		// Dollr created the checkout, then a gateway answered 503.
		harness.server.injectFaults('/v1/checkouts/create', [{ status: 503, afterHandling: true }]);

		const { error } = await harness.run(createParameters());

		expect(error.message).toBe('Dollr failed with HTTP 503; the checkout may have been created [item 0]');
		expect(requestsTo('/v1/checkouts/create', from)).toHaveLength(1);
		expect(harness.server.checkouts.length).toBe(checkoutsBefore + 1);
	});
});

describe('input errors', () => {
	it('with continueOnFail, a bad Source ID becomes an error item paired with its input; nothing is sent for it', async () => {
		const invoice = await createCheckout();
		const from = harness.server.requests.length;

		const { items, error } = await harness.run(
			{ resource: 'paymentSource', operation: 'getStatus', sourceType: 'INVOICE', sourceId: '={{ $json.id }}' },
			[{ id: invoice.source_id }, { id: -3 }, { id: 2.5 }],
			{ onError: 'continueRegularOutput' },
		);

		expect(error).toBeUndefined();
		expect(items[0]).toMatchObject({ json: { source_id: invoice.source_id }, pairedItem: { item: 0 } });
		// n8n keeps only `error` in the json of an item that carries its error.
		expect(items[1]).toMatchObject({
			json: { error: 'Source ID must be a positive whole number, got -3 [item 1]' },
			error: { description: 'Enter the numeric ID, e.g. 42.' },
			pairedItem: { item: 1 },
		});
		expect(items[2]).toMatchObject({
			json: { error: 'Source ID must be a positive whole number, got 2.5 [item 2]' },
			pairedItem: { item: 2 },
		});
		expect(requestsTo('/v1/status/source', from)).toHaveLength(1);
	});

	it('stops the run on an empty Source Number, naming the field and the item', async () => {
		const invoice = await createCheckout();
		const from = harness.server.requests.length;

		const { error } = await harness.run(
			{ resource: 'paymentSource', operation: 'getPaymentLink', sourceType: 'INVOICE', sourceNumber: '={{ $json.number }}' },
			[{ number: invoice.source_number }, { number: '   ' }],
		);

		expect(error.message).toBe('Source Number is required [item 1]');
		expect(requestsTo('/v1/links/pay', from).map((r) => r.query.source_number)).toEqual([invoice.source_number]);
	});

	it('refuses a Source Type other than INVOICE or ORDER from an expression', async () => {
		const { error } = await harness.run({
			resource: 'paymentSource',
			operation: 'getStatus',
			sourceType: '={{ "SUBSCRIPTION" }}',
			sourceId: 1,
		});
		expect(error.message).toBe("Source Type must be INVOICE or ORDER, got 'SUBSCRIPTION' [item 0]");
	});
});

describe('example workflow invoice-loop.json', () => {
	it('creates a checkout per order, checks the status and gets the receipt only for the paid one', async () => {
		const checkoutsBefore = harness.server.checkouts.length;
		const from = harness.server.requests.length;
		// The harness does not simulate time: this Wait stands for the ten
		// minutes in which the first customer (order-1042) pays.
		const payingWait: INodeType = {
			description: { ...harness.nodeTypes.getByName('n8n-nodes-base.wait').description },
			async execute() {
				const items = this.getInputData();
				harness.server.setSourceStatus(String(items[0].json.source_type), Number(items[0].json.source_id), 'PAID');
				return [items];
			},
		};
		const nodeTypes = new NodeTypes({ [NODE_TYPE]: new Dollr(), 'n8n-nodes-base.wait': payingWait });

		const run = await runWorkflow({ workflow: structuredClone(invoiceLoop), nodeTypes, credentialsHelper: harness.credentials });

		expect(run.data.resultData.error).toBeUndefined();
		const created = harness.server.checkouts.slice(checkoutsBefore).map((c) => c.response);
		expect(created.map((c) => c.reference_id)).toEqual(['order-1042', 'order-1043']);
		expect(outputOf(run, 'Get Status').map((i: { json: IDataObject }) => i.json.status)).toEqual(['PAID', 'ACTIVE']);
		expect(outputOf(run, 'Get Receipt Link')).toEqual([
			{ json: { url: expect.stringMatching(/\/receipt\//) }, pairedItem: { item: 0 } },
		]);
		expect(outputOf(run, 'Not paid yet').map((i: { json: IDataObject }) => i.json.source_number)).toEqual([created[1].source_number]);
		const apiCalls = harness.server.requests.slice(from).filter((r) => !r.path.startsWith('/v1/jwt/'));
		expect(apiCalls.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)).toEqual([
			'POST /v1/checkouts/create {}',
			'POST /v1/checkouts/create {}',
			`GET /v1/status/source {"source_type":"INVOICE","source_id":"${created[0].source_id}"}`,
			`GET /v1/status/source {"source_type":"INVOICE","source_id":"${created[1].source_id}"}`,
			`GET /v1/links/receipt {"source_type":"INVOICE","source_number":"${created[0].source_number}"}`,
		]);
	});
});
