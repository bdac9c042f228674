/**
 * Bad days: the local server answers a scripted mix of faults while the node
 * creates a batch of checkouts with continue-on-fail. Every item must come out
 * once, paired to its input, as its checkout or as an error a user can act on;
 * no create that may have reached Dollr is sent again.
 */
import type { IDataObject } from 'n8n-workflow';

import { closedPort, createParameters as checkoutParameters, startHarness, type Harness, type RecordedRequest } from './helpers';

const CREATE = '/v1/checkouts/create';
const TOKEN = '/v1/jwt/client/obtain/token';
// Long enough that a loaded machine answers in time, short enough to keep the slow-answer cases quick.
const TIMEOUT_MS = 1000;


/** Create Checkout for each input item, its reference read from the item. */
function createParameters(options: IDataObject = {}): IDataObject {
	return checkoutParameters({
		partyPhone: '+231 77 123 4567',
		currency: 'usd',
		items: {
			item: [
				{ name: 'Solar lamp', amount: 45, currency: '' },
				{ name: 'Delivery', amount: '={{ $json.delivery }}', currency: '' },
			],
		},
		additionalFields: { referenceId: '={{ $json.ref }}' },
		options: { maxRetries: 2, timeout: TIMEOUT_MS, ...options },
	});
}

const refusedStatus = (r: RecordedRequest) => r.status === 429;

const validation422 = {
	status: 422,
	body: {
		detail: [
			{ loc: ['body', 'items', 1, 'amount'], msg: 'Input should be greater than or equal to 0.01', type: 'greater_than_equal' },
			{ loc: ['body', 'party_phone'], msg: "String should match pattern '^[1-9]\\d{7,14}$'", type: 'string_pattern_mismatch' },
		],
	},
};

/**
 * The script, per input item: the answers its attempts get (consumed in order,
 * as concurrency 1 sends the items one after the other), and what must come out.
 * `created`: the server made its checkout although the answer failed (afterHandling).
 */
const SCRIPT: Array<{ faults: IDataObject[]; outcome: 'checkout' | RegExp; created?: boolean }> = [
	{ faults: [], outcome: 'checkout' },
	{ faults: [validation422], outcome: /^Dollr rejected the request: Items › 2 › Amount: Input should be greater than or equal to 0\.01 \(and 1 more\) \[item 1\]$/ },
	{ faults: [{ status: 429, headers: { 'retry-after': '0' } }], outcome: 'checkout' },
	{ faults: [{ status: 429 }], outcome: 'checkout' }, // no Retry-After: the node's own backoff
	{
		faults: [0, 1, 2].map(() => ({ status: 429, headers: { 'retry-after': '0' } })),
		outcome: /^Dollr is rate limiting these requests and still refused after 2 retries \[item 4\]$/,
	},
	{ faults: [{ status: 500 }], outcome: /^Dollr failed with HTTP 500; the checkout may have been created \[item 5\]$/ },
	{ faults: [{ status: 502, html: true }], outcome: /^Dollr failed with HTTP 502; the checkout may have been created \[item 6\]$/ },
	{ faults: [{ delayMs: TIMEOUT_MS + 400 }], outcome: /^Dollr did not answer in time; the checkout may have been created \[item 7\]$/ },
	{ faults: [{ drop: true }], outcome: /^Dollr dropped the connection; the checkout may have been created \[item 8\]$/ },
	{ faults: [{ status: 200, html: true }], outcome: /^Dollr answered with something other than JSON; the checkout may have been created \[item 9\]$/ },
	{ faults: [{ status: 500, afterHandling: true }], outcome: /^Dollr failed with HTTP 500; the checkout may have been created \[item 10\]$/, created: true },
	{ faults: [{ drop: true, afterHandling: true }], outcome: /^Dollr dropped the connection; the checkout may have been created \[item 11\]$/, created: true },
	{ faults: [{ status: 502, html: true, afterHandling: true }], outcome: /may have been created \[item 12\]$/, created: true },
	{ faults: [{ delayMs: TIMEOUT_MS + 400, afterHandling: true }], outcome: /did not answer in time; the checkout may have been created \[item 13\]$/, created: true },
	{ faults: [{ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }], outcome: /HTTP 500; the checkout may have been created \[item 14\]$/ },
	{ faults: [], outcome: 'checkout' },
];

describe('faults: every item out once, no checkout twice', () => {
	let harness: Harness;
	beforeAll(async () => {
		harness = await startHarness();
	});
	afterAll(async () => {
		await harness.close();
	});
	beforeEach(() => harness.server.reset());

	test('a scripted mix of answers across a batch, with continue-on-fail', async () => {
		const inputs = SCRIPT.map((_, i) => ({ ref: `fault-${i}`, delivery: 5 + i }));
		harness.server.injectFaults(
			CREATE,
			// `null`: that request gets the server's real answer.
			SCRIPT.flatMap(({ faults, outcome }) => (outcome === 'checkout' ? [...faults, null] : faults)),
		);
		const started = Date.now();
		const { items, error } = await harness.run(createParameters(), inputs, { onError: 'continueRegularOutput' });
		const seconds = (Date.now() - started) / 1000;
		expect(error).toBeUndefined();
		expect(items).toHaveLength(inputs.length);

		const creates = (harness.server.requests as RecordedRequest[]).filter((r) => r.path === CREATE);
		const checkouts = harness.server.checkouts as Array<{ request: IDataObject; response: IDataObject }>;
		SCRIPT.forEach(({ faults, outcome, created }, i) => {
			const out = items[i];
			const ref = inputs[i].ref;
			expect(out.pairedItem).toEqual({ item: i });
			const sent = creates.filter((r) => r.body.reference_id === ref);
			const made = checkouts.filter((c) => c.request.reference_id === ref);
			// At most one send that Dollr may have processed; the others were refused (429).
			expect(sent.filter((r) => !refusedStatus(r)).length).toBeLessThanOrEqual(1);
			expect(sent).toHaveLength(outcome === 'checkout' ? faults.length + 1 : faults.length);
			if (outcome === 'checkout') {
				expect(made).toHaveLength(1);
				expect(out.json).toEqual(made[0].response);
				expect(out.json).toMatchObject({ reference_id: ref, total_amount: 45 + 5 + i });
				expect(out.json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
				expect(out.json.source_number).toMatch(/^INV-\d{4}-\d{4}$/);
			} else {
				expect(made).toHaveLength(created ? 1 : 0);
				expect(String(out.json.error)).toMatch(outcome);
				expect(typeof out.error.description).toBe('string');
				if (/may have been created/.test(String(out.json.error))) {
					expect(out.error.description).toContain(`Look for Reference ID '${ref}'`);
				}
			}
		});
		// Exactly one checkout per success, plus the ones whose answer failed after Dollr made them.
		const successes = SCRIPT.filter(({ outcome }) => outcome === 'checkout').length;
		const afterHandling = SCRIPT.filter(({ created }) => created).length;
		expect(checkouts).toHaveLength(successes + afterHandling);
		expect(items.filter((item: { json: IDataObject }) => item.json.url)).toHaveLength(successes);
		// The 422 names the user's fields, one line each.
		expect(items[1].error.description).toBe(
			"Items › 2 › Amount: Input should be greater than or equal to 0.01\nParty Phone: String should match pattern '^[1-9]\\d{7,14}$'\nCorrect the field(s) above and run the node again.",
		);
		expect(items[4].error.description).toMatch(/Lower Concurrency, raise Max Retries/);
		// eslint-disable-next-line no-console
		console.log(
			`faults: ${inputs.length} items, ${successes} checkouts, ${inputs.length - successes} errors (${afterHandling} created by Dollr before the answer failed), ${creates.length} create requests, ${seconds.toFixed(2)} s`,
		);
	});

	test('with concurrency, a 429 holds back the batch and every item still comes out once', async () => {
		const inputs = Array.from({ length: 12 }, (_, i) => ({ ref: `conc-${i}`, delivery: 1 }));
		harness.server.injectFaults(CREATE, [
			null,
			{ status: 429, headers: { 'retry-after': '0' } },
			{ status: 429, headers: { 'retry-after': '0' } },
			{ status: 500 },
			{ drop: true, afterHandling: true },
		]);
		const { items, error } = await harness.run(createParameters({ concurrency: 4 }), inputs, {
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(inputs.length);
		const creates = (harness.server.requests as RecordedRequest[]).filter((r) => r.path === CREATE);
		const checkouts = harness.server.checkouts as Array<{ request: IDataObject }>;
		let failed = 0;
		inputs.forEach(({ ref }, i) => {
			expect(items[i].pairedItem).toEqual({ item: i });
			const sent = creates.filter((r) => r.body.reference_id === ref);
			expect(sent.filter((r) => !refusedStatus(r))).toHaveLength(1);
			const made = checkouts.filter((c) => c.request.reference_id === ref);
			if (items[i].json.error) {
				failed++;
				expect(items[i].json.error).toMatch(new RegExp(`may have been created \\[item ${i}\\]$`));
				expect(made.length).toBe(sent.some((r) => r.fault?.afterHandling) ? 1 : 0);
			} else {
				expect(made).toHaveLength(1);
				expect(items[i].json.reference_id).toBe(ref);
			}
		});
		expect(failed).toBe(2);
		expect(checkouts).toHaveLength(inputs.length - 1);
	});

	test('401 after n8n renewed the token', async () => {
		const refused = { status: 401, body: { detail: 'Could not validate credentials' } };
		harness.server.injectFaults(CREATE, [refused, refused]);
		const { items } = await harness.run(createParameters(), [{ ref: 'auth-1', delivery: 1 }], {
			onError: 'continueRegularOutput',
		});
		expect(items[0].json).toEqual({ error: 'Dollr refused the credentials: Could not validate credentials [item 0]' });
		expect(items[0].error.description).toMatch(/renewed the access token.*Client ID, Client Secret and Base URL/);
		const paths = (harness.server.requests as RecordedRequest[]).map((r) => r.path);
		// The renewal asked for a new token between the two refused creates, and nothing was created.
		expect(paths.slice(-3)).toEqual([CREATE, TOKEN, CREATE]);
		expect(harness.server.checkouts).toHaveLength(0);
	});

	test('403 and 404, each with its own message and hint', async () => {
		harness.server.injectFaults(CREATE, [
			{ status: 403, body: { detail: 'Merchant account is not verified' } },
			{ status: 404, body: { detail: 'Not Found' } },
		]);
		const { items } = await harness.run(
			createParameters(),
			[
				{ ref: 'gate-0', delivery: 1 },
				{ ref: 'gate-1', delivery: 1 },
			],
			{ onError: 'continueRegularOutput' },
		);
		expect(items[0].json.error).toBe(
			'Dollr refused this request for your merchant account: Merchant account is not verified [item 0]',
		);
		expect(items[0].error.description).toMatch(/not verified yet.*Finish verification in the Dollr merchant portal/);
		expect(items[1].json.error).toBe('Dollr could not find what was asked for: Not Found [item 1]');
		expect(items[1].error.description).toContain(`Base URL in the credential (the API root, e.g. https://api.heydollr.app; it is ${harness.server.url})`);
		expect(harness.server.checkouts).toHaveLength(0);
	});

	test('the token exchange failing: retried, and never reported as a checkout that may exist', async () => {
		harness.setCredential({}); // no stored token: the run asks for one
		harness.server.injectFaults(TOKEN, [{ status: 503 }]);
		const recovered = await harness.run(createParameters(), [{ ref: 'tok-0', delivery: 1 }], {
			onError: 'continueRegularOutput',
		});
		expect(recovered.items[0].json.reference_id).toBe('tok-0');

		harness.setCredential({});
		harness.server.reset();
		harness.server.injectFaults(TOKEN, [{ status: 502, html: true }, { drop: true }, { status: 500 }, { status: 500 }]);
		const failed = await harness.run(createParameters(), [{ ref: 'tok-1', delivery: 1 }], {
			onError: 'continueRegularOutput',
		});
		expect(failed.items[0].json).toEqual({ error: 'Could not get a Dollr access token (HTTP 500: Injected 500) [item 0]' });
		expect(failed.items[0].error.description).toBe(
			`Check the Base URL in the credential (${harness.server.url}) and that Dollr is reachable from n8n. Tried 3 times. Nothing was sent for this item, so no checkout was created.`,
		);
		const paths = (harness.server.requests as RecordedRequest[]).map((r) => r.path);
		expect(paths.filter((p) => p === CREATE)).toHaveLength(0);

		harness.setCredential({ clientSecret: 'not-the-secret' });
		const refused = await harness.run(createParameters(), [{ ref: 'tok-2', delivery: 1 }], {
			onError: 'continueRegularOutput',
		});
		harness.setCredential({});
		expect(refused.items[0].json.error).toBe(
			'Dollr refused the Client ID or Client Secret (HTTP 401: Invalid client credentials) [item 0]',
		);
		expect(refused.items[0].error.description).toMatch(/^Copy the Client ID and Client Secret again .* no checkout was created\.$/);
		expect(harness.server.checkouts).toHaveLength(0);
	});

	test('a Base URL whose host does not resolve: a message naming the host, for the token and for a GET', async () => {
		// .invalid never resolves (RFC 6761); n8n would replace the message with its generic ENOTFOUND text.
		const baseUrl = 'http://api.dollr.invalid';
		harness.setCredential({ baseUrl });
		try {
			const { items } = await harness.run(createParameters(), [{ ref: 'dns-0', delivery: 1 }], {
				onError: 'continueRegularOutput',
			});
			expect(items[0].json).toEqual({ error: "Could not find Dollr's host 'api.dollr.invalid': the name does not resolve [item 0]" });
			expect(items[0].error.description).toMatch(/^Check the Base URL in the Dollr credential for a typo \(it is http:\/\/api\.dollr\.invalid;.* so no checkout was created\.$/);

			// With a token already held, the request itself is what cannot find the host.
			harness.setCredential({ baseUrl, accessToken: 'held-token' });
			const status = await harness.run({ resource: 'paymentSource', operation: 'getStatus', sourceType: 'INVOICE', sourceId: 7 });
			expect(status.error.message).toBe("Could not find Dollr's host 'api.dollr.invalid': the name does not resolve [item 0]");
			expect(status.error.description).toMatch(/Nothing was sent for this item\.$/);
		} finally {
			harness.setCredential({});
		}
	});

	test('connection refused: retried, then a message naming the Base URL', async () => {
		const port = await closedPort();
		const baseUrl = `http://127.0.0.1:${port}`;
		harness.setCredential({ baseUrl });
		try {
			const { items } = await harness.run(createParameters({ maxRetries: 1 }), [{ ref: 'down-0', delivery: 1 }], {
				onError: 'continueRegularOutput',
			});
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({ error: `Could not connect to Dollr at ${baseUrl}: the connection was refused [item 0]` });
			expect(items[0].error.description).toMatch(/^Tried 2 times\. Check the Base URL/);
		} finally {
			harness.setCredential({});
		}
	});
});
