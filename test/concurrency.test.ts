/**
 * Concurrency across items (options.concurrency), through n8n's engine against
 * the local Dollr server. What is in flight is measured on the server side, from
 * the time each request was received and answered.
 */
import { startHarness, type Harness, type RecordedRequest } from './helpers';

const CREATE = '/v1/checkouts/create';


interface OutputItem {
	json: Record<string, unknown>;
	pairedItem: unknown;
}

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});

afterAll(async () => {
	await harness.close();
});

beforeEach(() => {
	harness.server.reset();
	harness.server.setLatencyMs(0);
});

/** One checkout per input item; reference, amount and currency come from the item. */
function parameters(options: object = {}) {
	return {
		resource: 'checkout',
		operation: 'create',
		mode: 'HOSTED',
		sourceKind: 'INVOICE',
		partyPhone: '={{ $json.phone }}',
		currency: '={{ $json.currency }}',
		items: { item: [{ name: 'Month-end invoice', amount: '={{ $json.amount }}', currency: '' }] },
		additionalFields: { referenceId: '={{ $json.ref }}' },
		options,
	};
}

function orders(count: number) {
	return Array.from({ length: count }, (_, i) => ({
		ref: `order-${i}`,
		amount: 10 + i,
		currency: i % 3 === 0 ? 'RWF' : 'USD',
		phone: '231771234567',
	}));
}

function creates(): RecordedRequest[] {
	return harness.server.requests.filter((record) => record.path === CREATE);
}

/** The most requests the server held at one moment (received, not yet answered). */
function maxInFlight(records: RecordedRequest[]): number {
	const events = records.flatMap((record) => [
		{ at: record.receivedAt, delta: 1 },
		{ at: record.answeredAt as number, delta: -1 },
	]);
	// An answer and a request at the same instant: the answer went first.
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let current = 0;
	let max = 0;
	for (const { delta } of events) {
		current += delta;
		max = Math.max(max, current);
	}
	return max;
}

/** What a checkout output says about its item, without what the server generates (ids, tokens). */
function essence(item: OutputItem) {
	const { reference_id, total_amount, currency, source_type, error } = item.json;
	return { reference_id, total_amount, currency, source_type, error, pairedItem: item.pairedItem };
}

describe('Concurrency option', () => {
	test.each([1, 4])('concurrency %i: that many creates are in flight at once, never more', async (concurrency) => {
		// Long enough that every lane has its create in flight even on a loaded machine.
		harness.server.setLatencyMs(150);
		const { items, error } = await harness.run(parameters({ concurrency }), orders(16));

		expect(error).toBeUndefined();
		expect(items).toHaveLength(16);
		expect(creates()).toHaveLength(16);
		expect(creates().every((record) => record.status === 200)).toBe(true);
		expect(maxInFlight(creates())).toBe(concurrency);
	});

	test('a run that starts without a token fetches one token, not one per lane', async () => {
		harness.setCredential({}); // a new credential: no token stored yet
		harness.server.setLatencyMs(150);
		const { items } = await harness.run(parameters({ concurrency: 4 }), orders(8));

		expect(items).toHaveLength(8);
		expect(harness.server.requests.filter((record) => record.path === '/v1/jwt/client/obtain/token')).toHaveLength(1);
		expect(maxInFlight(creates())).toBe(4);
	});

	test('a token that expires mid-run is renewed once; every later create sends the renewed token', async () => {
		await harness.run(parameters(), orders(1)); // the credential holds a token
		harness.server.reset();
		let answered = 0;
		harness.server.setLatencyMs((record) => {
			if (record.path === CREATE && record.status === 200 && ++answered === 2) harness.server.expireTokens();
			return 0;
		});
		const { items, error } = await harness.run(parameters(), orders(5));

		expect(error).toBeUndefined();
		expect(items.map((item: OutputItem) => item.json.reference_id)).toEqual(orders(5).map(({ ref }) => ref));
		expect(harness.server.requests.map((r) => `${r.path === CREATE ? 'create' : r.path} ${r.status}`)).toEqual([
			'create 200',
			'create 200',
			'create 401',
			'/v1/jwt/client/obtain/token 200',
			'create 200',
			'create 200',
			'create 200',
		]);
		const bearers = creates().map((r) => r.headers.authorization);
		expect(new Set(bearers.slice(0, 3)).size).toBe(1);
		expect(new Set(bearers.slice(3)).size).toBe(1);
		expect(bearers[3]).not.toBe(bearers[0]);
		expect(harness.server.checkouts).toHaveLength(5);
	});

	test('the default is one item at a time', async () => {
		harness.server.setLatencyMs(20);
		const { items } = await harness.run(parameters(), orders(6));

		expect(items).toHaveLength(6);
		expect(maxInFlight(creates())).toBe(1);
	});

	test('output order and pairedItem are the same as with concurrency 1, though answers come back out of order', async () => {
		const input = orders(20);
		const sequential = await harness.run(parameters({ concurrency: 1 }), input);
		harness.server.reset();
		// Item 1 (the first lane's first; item 0 goes alone, see the router) is answered only
		// after another lane's create has been: answers out of input order at any speed.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		harness.server.setLatencyMs((record) => {
			const ref = record.body?.reference_id;
			if (record.path !== CREATE || ref === 'order-0') return 0;
			if (ref === 'order-1') return held;
			setImmediate(release); // once this answer has gone out
			return 0;
		});
		const concurrent = await harness.run(parameters({ concurrency: 5 }), input);

		expect(sequential.error).toBeUndefined();
		expect(concurrent.error).toBeUndefined();
		expect(concurrent.items.map(essence)).toEqual(sequential.items.map(essence));
		expect(concurrent.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(concurrent.items.map((item) => item.json.reference_id)).toEqual(input.map(({ ref }) => ref));
		// The check above means something only if the server did answer out of input order.
		const answered = [...creates()].sort((a, b) => (a.answeredAt as number) - (b.answeredAt as number));
		expect(answered.map((record) => record.body?.reference_id)).not.toEqual(input.map(({ ref }) => ref));
	});

	test('with continue-on-fail every item comes out, in order, errors naming their own item', async () => {
		harness.server.setLatencyMs(15);
		const input = orders(12);
		input[2].phone = '12'; // refused by the node's own validation: never sent
		// Two creates fail on the server; which items get them depends on the race.
		harness.server.injectFaults(CREATE, [
			{ status: 400, body: { detail: 'Invalid counterparty' } },
			{ status: 500, body: { detail: 'Internal Server Error' } },
		]);

		const { items, error } = await harness.run(parameters({ concurrency: 4 }), input, {
			onError: 'continueRegularOutput',
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		const failedOnServer = new Map(
			creates()
				.filter((record) => record.fault !== undefined)
				.map((record) => [record.body?.reference_id, record.status]),
		);
		expect([...failedOnServer.values()].sort()).toEqual([400, 500]);
		items.forEach((item, index) => {
			const ref = input[index].ref;
			if (index === 2) {
				expect(item.json.error).toBe(`Party Phone must be 8-15 digits without '+' [item 2]`);
			} else if (failedOnServer.has(ref)) {
				expect(item.json.error).toEqual(expect.stringContaining(`[item ${index}]`));
				expect(item.json.error).toEqual(
					expect.stringContaining(failedOnServer.get(ref) === 400 ? 'Invalid counterparty' : 'HTTP 500'),
				);
			} else {
				expect(item.json.error).toBeUndefined();
				expect(item.json.reference_id).toBe(ref);
			}
		});
		// Item 2 was never sent; the 500 is not retried (the checkout may exist).
		expect(creates()).toHaveLength(11);
	});

	test('without continue-on-fail the first failure stops the run and no new item starts', async () => {
		harness.server.setLatencyMs((record) => (record.fault ? 0 : 50));
		// Item 0 goes alone (see the router) and succeeds; the first create of the lanes fails.
		harness.server.injectFaults(CREATE, [null, { status: 400, body: { detail: 'Invalid counterparty' } }]);

		const { error } = await harness.run(parameters({ concurrency: 4 }), orders(20));

		expect(error?.message).toMatch(/^Dollr answered HTTP 400: Invalid counterparty \[item [1-4]\]$/);
		// The four lanes had started items 1-4; they finish them, and none starts item 5 or later.
		const sent = creates().map((record) => record.body?.reference_id);
		expect(sent.sort()).toEqual(['order-0', 'order-1', 'order-2', 'order-3', 'order-4']);
	});

	test('a 429 seen by one lane holds back every lane until Retry-After has passed', async () => {
		// Item 0 goes alone (see the router); then the 429 (the lanes' first create received)
		// comes back while the other lanes' creates are still in flight.
		harness.server.setLatencyMs((record) => (record.fault ? 100 : 250));
		harness.server.injectFaults(CREATE, [
			null,
			{ status: 429, body: { detail: 'Too many requests' }, headers: { 'Retry-After': '1' } },
		]);

		const { items, error } = await harness.run(parameters({ concurrency: 4 }), orders(8));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.reference_id)).toEqual(orders(8).map(({ ref }) => ref));
		const refused = creates().find((record) => record.status === 429) as RecordedRequest;
		const resumeAt = (refused.answeredAt as number) + 1000;
		// The other lanes had a create in flight when the 429 was answered; they completed it...
		const inFlight = creates().slice(1).filter(
			(record) => record !== refused && record.receivedAt < (refused.answeredAt as number),
		);
		expect(inFlight).toHaveLength(3);
		expect(inFlight.every((record) => record.status === 200 && (record.answeredAt as number) < resumeAt)).toBe(true);
		// ...but sent nothing more until Retry-After was over (a few ms allowed for clock rounding).
		const later = creates().filter((record) => record.receivedAt > (refused.answeredAt as number));
		// 8 items + 1 retry, less item 0 (alone, first) and the four lanes' first creates.
		expect(later).toHaveLength(8 + 1 - 5);
		expect(Math.min(...later.map((record) => record.receivedAt))).toBeGreaterThanOrEqual(resumeAt - 5);
		// The refused item was sent again and created once.
		const refusedRef = refused.body?.reference_id;
		expect(creates().filter((record) => record.body?.reference_id === refusedRef).map((r) => r.status)).toEqual([429, 200]);
	});

	test.each([
		['abc', "Concurrency must be a whole number from 1 to 64, got 'abc'"],
		[0, 'Concurrency must be a whole number from 1 to 64, got 0'],
		[2.5, 'Concurrency must be a whole number from 1 to 64, got 2.5'],
	])('a Concurrency of %p is refused before anything is sent', async (value, message) => {
		const { items, error } = await harness.run(parameters({ concurrency: `={{ ${JSON.stringify(value)} }}` }), orders(3));

		expect(items).toEqual([]);
		expect(error?.message).toBe(message);
		expect(creates()).toEqual([]);
	});
});
