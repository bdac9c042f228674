import type { IDataObject } from 'n8n-workflow';

import { type Poller, useHarness } from './helpers';

/**
 * The Dollr Trigger through n8n-core's poll path (PollContext + PollTriggerExecutor,
 * test/harness/poll.js) against the local Dollr server's list endpoints. Static data
 * is carried as n8n saves it, and into a new Workflow object on restart().
 */
const harness = useHarness();

type SourceType = 'INVOICE' | 'ORDER';

/** Creates `count` documents of a type (ACTIVE, USD unless `fields` say otherwise); resolves their IDs. */
function seed(type: SourceType, count: number, fields: IDataObject = {}): number[] {
	const before = new Set(harness.server.documents(type).map((d) => d.id));
	harness.server.seedDocuments(
		type,
		Array.from({ length: count }, () => ({ status: 'ACTIVE', currency: 'USD', ...fields })),
	);
	return harness.server
		.documents(type)
		.map((d) => d.id as number)
		.filter((id) => !before.has(id))
		.sort((a, b) => a - b);
}

const pay = (type: SourceType, ...ids: number[]) => ids.forEach((id) => harness.server.setSourceStatus(type, id, 'PAID'));
const idsOf = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.id);
const listRequests = () => harness.server.requests.filter((r) => r.path.endsWith('/list'));

/** Invoices only, PAID, any currency: the default use. */
const INVOICES_PAID = { sourceTypes: ['INVOICE'], status: 'PAID' };

async function activated(parameters: IDataObject = INVOICES_PAID): Promise<Poller> {
	const poller = harness.poller(parameters);
	expect(await poller.activate()).toEqual([]);
	return poller;
}

describe('Dollr Trigger: exactly once', () => {
	test('activation records a baseline: documents already PAID do not fire, then or later', async () => {
		const ids = seed('INVOICE', 4);
		pay('INVOICE', ids[0], ids[1]);
		const poller = await activated();
		expect(listRequests().map((r) => [r.path, r.query])).toEqual([['/v1/invoices/list', { status: 'PAID' }]]);
		expect(poller.saved).toEqual({ 'node:Dollr Trigger': { INVOICE: expect.objectContaining({ status: 'PAID', currency: '' }) } });
		for (let i = 0; i < 3; i++) expect(await poller.tick()).toEqual({ items: [], error: undefined });
		expect(poller.executions).toEqual([]);
	});

	test('a document paid later fires once, however many polls follow', async () => {
		const ids = seed('INVOICE', 3);
		const poller = await activated();
		pay('INVOICE', ids[1]);
		const { items } = await poller.tick();
		expect(idsOf(items)).toEqual([ids[1]]);
		// Dollr's fields unchanged, no source_type with one type watched.
		expect(items[0].json).toEqual(harness.server.documents('INVOICE').find((d) => d.id === ids[1]));
		expect(items[0].json).not.toHaveProperty('source_type');
		for (let i = 0; i < 4; i++) expect((await poller.tick()).items).toEqual([]);
		expect(poller.executions).toHaveLength(1);
	});

	test('two paid between polls both fire, in one execution, by ID', async () => {
		const ids = seed('INVOICE', 5);
		const poller = await activated();
		pay('INVOICE', ids[3], ids[1]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[1], ids[3]]);
		expect(poller.executions).toHaveLength(1);
		expect((await poller.tick()).items).toEqual([]);
	});

	test('an older document paid late fires (IDs are not a watermark)', async () => {
		const ids = seed('INVOICE', 6);
		const poller = await activated();
		pay('INVOICE', ids[5]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[5]]);
		pay('INVOICE', ids[0]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[0]]);
		const newer = seed('INVOICE', 2);
		pay('INVOICE', newer[1], ids[2]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[2], newer[1]]);
		expect(poller.executions.flat().map((item) => item.json.id)).toEqual([ids[5], ids[0], ids[2], newer[1]]);
	});

	const failures: Array<[string, IDataObject[], RegExp]> = [
		['5xx on every retry', Array(4).fill({ status: 503 }), /Dollr failed with HTTP 503 after 3 retries/],
		['429 on every retry', Array(4).fill({ status: 429, headers: { 'retry-after': '0' } }), /rate limiting/],
		['an HTML page (non-JSON)', [{ html: true }], /something other than a list/],
		['a JSON object instead of the list', [{ status: 200, body: { detail: 'maintenance' } }], /something other than a list/],
		['a 401 after n8n renewed the token', [{ status: 401 }, { status: 401 }], /Dollr refused the credentials/],
		['dropped connections', Array(4).fill({ drop: true }), /dropped the connection after 3 retries/],
	];
	test.each(failures)('a failed poll (%s) changes nothing; the next good poll emits what was missed', async (_label, faults, message) => {
		const ids = seed('INVOICE', 4);
		const poller = await activated();
		const saved = JSON.stringify(poller.saved);
		pay('INVOICE', ids[2]);
		harness.server.injectFaults('/v1/invoices/list', faults);
		const failed = await poller.tick();
		expect(failed.items).toEqual([]);
		expect(failed.error?.message).toMatch(message);
		expect(failed.error?.message).not.toMatch(/\[item/);
		expect(JSON.stringify(poller.saved)).toBe(saved);
		pay('INVOICE', ids[0]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[0], ids[2]]);
		expect(poller.executions).toHaveLength(1);
	}, 20_000);

	test('a document without an integer id fails the poll with a clear message, nothing recorded', async () => {
		const ids = seed('INVOICE', 2);
		const poller = await activated();
		const saved = JSON.stringify(poller.saved);
		pay('INVOICE', ids[0]);
		harness.server.injectFaults('/v1/invoices/list', [{ status: 200, body: [{ id: 'INV-1', status: 'PAID' }] }]);
		const failed = await poller.tick();
		expect(failed.error?.message).toBe('Dollr listed invoice 1 without a whole-number id (got "INV-1")');
		expect(JSON.stringify(poller.saved)).toBe(saved);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[0]]);
	});

	test('a restart of n8n is not an activation: what was paid while it was down fires on the first poll', async () => {
		const ids = seed('INVOICE', 3);
		const poller = await activated();
		pay('INVOICE', ids[0]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[0]]);
		poller.deactivate(); // n8n stops
		pay('INVOICE', ids[2]);
		const atStart = await poller.restart(); // a new Workflow object from the saved static data, activation 'init'
		expect(atStart.map(idsOf)).toEqual([[ids[2]]]);
		expect((await poller.tick()).items).toEqual([]);
		// Restarted again with nothing new: nothing fires, ids[0] stays seen.
		expect(await poller.restart()).toEqual([]);
	});

	test('saving the active workflow (update) keeps the state; switching it off and on again starts a new baseline', async () => {
		const ids = seed('INVOICE', 4);
		const poller = await activated();
		pay('INVOICE', ids[0]);
		expect((await poller.activate('update')).map(idsOf)).toEqual([[ids[0]]]);
		poller.deactivate();
		pay('INVOICE', ids[1]);
		expect(await poller.activate('activate')).toEqual([]);
		expect((await poller.tick()).items).toEqual([]);
		pay('INVOICE', ids[2]);
		expect(idsOf((await poller.tick()).items)).toEqual([ids[2]]);
	});

	test('a changed filter starts a new baseline instead of a burst of history', async () => {
		const ids = seed('INVOICE', 4);
		pay('INVOICE', ids[0]);
		const first = harness.poller(INVOICES_PAID);
		await first.activate();
		harness.server.setSourceStatus('INVOICE', ids[1], 'CANCELED');
		// The same static data, now watching CANCELED, saved as an update of the active workflow.
		const changed = harness.poller({ ...INVOICES_PAID, status: 'CANCELED' }, first.saved);
		expect(await changed.activate('update')).toEqual([]);
		harness.server.setSourceStatus('INVOICE', ids[2], 'CANCELED');
		expect(idsOf((await changed.tick()).items)).toEqual([ids[2]]);
	});
});

describe('Dollr Trigger: filters and types', () => {
	test('Currency filter: Dollr is asked for that currency only, other currencies never fire', async () => {
		const usd = seed('INVOICE', 2, { currency: 'USD' });
		const lrd = seed('INVOICE', 2, { currency: 'LRD' });
		const poller = await activated({ ...INVOICES_PAID, filters: { currency: 'lrd' } });
		pay('INVOICE', usd[0], lrd[1]);
		expect(idsOf((await poller.tick()).items)).toEqual([lrd[1]]);
		expect(listRequests().every((r) => r.query.currency === 'LRD' && r.query.status === 'PAID')).toBe(true);
	});

	test('both types: one request per type, items carry source_type, each type fires once', async () => {
		const invoices = seed('INVOICE', 2);
		const orders = seed('ORDER', 2);
		const poller = await activated({ sourceTypes: ['INVOICE', 'ORDER'], status: 'PAID' });
		expect(listRequests().map((r) => r.path)).toEqual(['/v1/invoices/list', '/v1/orders/list']);
		pay('ORDER', orders[1]);
		pay('INVOICE', invoices[0]);
		const { items } = await poller.tick();
		expect(items.map((item) => [item.json.source_type, item.json.id])).toEqual([
			['INVOICE', invoices[0]],
			['ORDER', orders[1]],
		]);
		expect(items[1].json.order_number).toBeDefined();
		expect((await poller.tick()).items).toEqual([]);
	});

	test('a failure of the second list keeps the state of the first too', async () => {
		const invoices = seed('INVOICE', 2);
		const orders = seed('ORDER', 2);
		const poller = await activated({ sourceTypes: ['INVOICE', 'ORDER'], status: 'PAID' });
		pay('INVOICE', invoices[0]);
		pay('ORDER', orders[0]);
		harness.server.injectFaults('/v1/orders/list', [{ html: true }]);
		expect((await poller.tick()).error).toBeDefined();
		expect((await poller.tick()).items.map((item) => item.json.id)).toEqual([invoices[0], orders[0]]);
	});

	test('another watched status: ACTIVE fires when an invoice is published', async () => {
		seed('INVOICE', 2);
		const poller = await activated({ sourceTypes: ['INVOICE'], status: 'ACTIVE' });
		const [fresh] = seed('INVOICE', 1);
		expect(idsOf((await poller.tick()).items)).toEqual([fresh]);
	});

	test('a bad field fails before any request, naming the field', async () => {
		const poller = harness.poller({ sourceTypes: ['INVOICE'], status: '={{ "SHIPPED" }}' });
		await expect(poller.activate()).rejects.toThrow(/^Trigger On must be one of PAID, ACTIVE, PROCESSING, CANCELED$/);
		const currency = harness.poller({ ...INVOICES_PAID, filters: { currency: 'dollars' } });
		await expect(currency.activate()).rejects.toThrow(/^Currency must be a three-letter ISO 4217 code$/);
		expect(listRequests()).toEqual([]);
	});
});

describe('Dollr Trigger: Fetch Test Event (manual run)', () => {
	test('returns the latest matching document of each watched type and changes no state', async () => {
		const ids = seed('INVOICE', 3);
		const orders = seed('ORDER', 2);
		pay('INVOICE', ids[0], ids[1]);
		pay('ORDER', orders[0]);
		const poller = await activated({ sourceTypes: ['INVOICE', 'ORDER'], status: 'PAID' });
		const saved = JSON.stringify(poller.saved);
		pay('INVOICE', ids[2]);
		const { items, error } = await harness.fetchTestEvent({ sourceTypes: ['INVOICE', 'ORDER'], status: 'PAID' });
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.source_type, item.json.id])).toEqual([
			['INVOICE', ids[2]],
			['ORDER', orders[0]],
		]);
		expect(JSON.stringify(poller.saved)).toBe(saved);
		// The active workflow still gets its event.
		expect(idsOf((await poller.tick()).items)).toEqual([ids[2]]);
	});

	test('with nothing in the status, a clear message saying what to do', async () => {
		seed('INVOICE', 1, { currency: 'RWF' });
		const { items, error } = await harness.fetchTestEvent({ ...INVOICES_PAID, filters: { currency: 'RWF' } });
		expect(items).toEqual([]);
		expect(error.message).toBe('Dollr has no invoice with status PAID in RWF yet, so there is nothing to show');
		expect(error.description).toMatch(/then fetch again/);
	});
});

describe('the example workflow test/workflows/paid-trigger.json', () => {
	test('an invoice paid after activation runs Invoice paid → Get Receipt Link → Notify once, with its receipt link', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('./workflows/paid-trigger.json');
		const [before, after] = seed('INVOICE', 2);
		pay('INVOICE', before);
		const poller = harness.pollerOf(workflow, 'Invoice paid');
		expect(await poller.activate()).toEqual([]);
		pay('INVOICE', after);
		const { items } = await poller.tick();
		expect(idsOf(items)).toEqual([after]);
		// n8n then runs the workflow from the trigger with those items.
		const run = await harness.runWorkflow({ ...workflow, pinData: { 'Invoice paid': items } });
		const notified = run.data.resultData.runData['Notify (replace with Send Email)'][0].data.main[0];
		expect(notified).toHaveLength(1);
		expect(notified[0].json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/receipt\//);
		const invoiceNumber = harness.server.documents('INVOICE').find((d) => d.id === after)?.invoice_number;
		expect(harness.server.requests.filter((r) => r.path === '/v1/links/receipt').map((r) => r.query.source_number)).toEqual([invoiceNumber]);
		expect((await poller.tick()).items).toEqual([]);
	});
});
