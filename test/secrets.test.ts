/**
 * The Dollr client secret and the bearer tokens the server issued must appear
 * nowhere a user or a log can see: output items, error messages and
 * descriptions, the thrown error (as JSON and as a log would print it), the
 * whole run result. Checked across the failure cases, with and without
 * continue-on-fail.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { IDataObject } from 'n8n-workflow';

import { closedPort, createParameters, startHarness, type Harness } from './helpers';

const CREATE = '/v1/checkouts/create';
const TOKEN = '/v1/jwt/client/obtain/token';
const CLIENT_ID = 'leak-test-client';
const SECRET = `dollr-secret-${randomUUID()}`;
const WRONG_SECRET = `dollr-wrong-secret-${randomUUID()}`;
// Every answer but the one delayed past it comes from this process within milliseconds:
// 1 s holds on a machine several times slower (the delayed one is late by order, not by speed).
const TIMEOUT_MS = 1000;

const parameters = createParameters({
	additionalFields: { referenceId: 'leak-1' },
	options: { maxRetries: 1, timeout: TIMEOUT_MS },
});

/** Each case sets the server and the credential up to fail one way; `expect` is what the message must say. */
const CASES: Array<{ name: string; setup: (h: Harness) => Promise<void> | void; expect: RegExp }> = [
	{ name: 'wrong client secret', setup: (h) => h.setCredential({ clientId: CLIENT_ID, clientSecret: WRONG_SECRET }), expect: /refused the Client ID or Client Secret/ },
	{
		name: 'token endpoint fails',
		setup: (h) => {
			h.setCredential({ clientId: CLIENT_ID, clientSecret: SECRET }); // no stored token: ask for one
			h.server.injectFaults(TOKEN, [{ status: 500 }, { status: 500 }]);
		},
		expect: /^Could not get a Dollr access token \(HTTP 500: Injected 500\) \[item 0\]$/,
	},
	{
		name: 'token endpoint answers HTML',
		setup: (h) => {
			h.setCredential({ clientId: CLIENT_ID, clientSecret: SECRET });
			h.server.injectFaults(TOKEN, [{ status: 200, html: true }]);
		},
		expect: /without an access token/,
	},
	{
		name: '401 after renewal',
		setup: (h) => h.server.injectFaults(CREATE, [0, 1].map(() => ({ status: 401, body: { detail: 'Could not validate credentials' } }))),
		expect: /refused the credentials/,
	},
	{ name: '403', setup: (h) => h.server.injectFaults(CREATE, [{ status: 403, body: { detail: 'Not verified' } }]), expect: /merchant account/ },
	{ name: '404', setup: (h) => h.server.injectFaults(CREATE, [{ status: 404, body: { detail: 'Not Found' } }]), expect: /could not find/ },
	{
		name: '422',
		setup: (h) =>
			h.server.injectFaults(CREATE, [{ status: 422, body: { detail: [{ loc: ['body', 'currency'], msg: 'Field required', type: 'missing' }] } }]),
		expect: /Currency: Field required/,
	},
	{
		name: '429 until out of retries',
		setup: (h) => h.server.injectFaults(CREATE, [0, 1].map(() => ({ status: 429, headers: { 'retry-after': '0' } }))),
		expect: /rate limiting/,
	},
	{ name: '500', setup: (h) => h.server.injectFaults(CREATE, [{ status: 500 }]), expect: /may have been created/ },
	{ name: '502 HTML', setup: (h) => h.server.injectFaults(CREATE, [{ status: 502, html: true }]), expect: /may have been created/ },
	{ name: 'timeout', setup: (h) => h.server.injectFaults(CREATE, [{ delayMs: TIMEOUT_MS + 300 }]), expect: /did not answer in time/ },
	{ name: 'dropped', setup: (h) => h.server.injectFaults(CREATE, [{ drop: true, afterHandling: true }]), expect: /dropped the connection/ },
	{ name: 'HTML 200', setup: (h) => h.server.injectFaults(CREATE, [{ status: 200, html: true }]), expect: /other than JSON/ },
	{
		name: 'connection refused',
		setup: async (h) => h.setCredential({ clientId: CLIENT_ID, clientSecret: SECRET, baseUrl: `http://127.0.0.1:${await closedPort()}` }),
		expect: /connection was refused/,
	},
];

describe('secrets never leak', () => {
	let harness: Harness;
	/** Every bearer token the server handed out during the tests. */
	const issued = new Set<string>();

	beforeAll(async () => {
		harness = await startHarness({ clients: { [CLIENT_ID]: SECRET } });
	});
	afterAll(async () => {
		await harness.close();
	});

	function collectTokens() {
		for (const r of harness.server.requests as Array<{ path: string; response?: IDataObject; headers: IDataObject }>) {
			if (r.path === TOKEN && typeof r.response?.access_token === 'string') issued.add(r.response.access_token);
			const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
			if (bearer) issued.add(bearer);
		}
	}

	/** Everything a user or a log could see of a run. */
	function visibleText(result: { items: unknown[]; error?: Error & IDataObject; run: { data: { resultData: unknown } } }) {
		const { error } = result;
		return [
			JSON.stringify(result.items),
			error ? `${error.message}\n${String(error.description ?? '')}` : '',
			error ? JSON.stringify(error) : '',
			error ? inspect(error, { depth: Infinity }) : '',
			error ? String(error.stack ?? '') : '',
			JSON.stringify(result.run.data.resultData),
		].join('\n');
	}

	function expectNoSecret(text: string) {
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(WRONG_SECRET);
		for (const token of issued) {
			expect(text).not.toContain(token);
			// The signature part alone is the secret half of a JWT.
			expect(text).not.toContain(token.split('.')[2]);
		}
	}

	test.each(CASES.flatMap((c) => [{ ...c, continueOnFail: true }, { ...c, continueOnFail: false }]))(
		'$name (continue on fail: $continueOnFail)',
		async ({ setup, expect: message, continueOnFail }) => {
			harness.server.reset();
			harness.setCredential({ clientId: CLIENT_ID, clientSecret: SECRET });
			// A token issued before the case, so that the run has one to leak.
			await harness.run(parameters, [{}]);
			collectTokens();
			await setup(harness);
			const result = await harness.run(parameters, [{}], continueOnFail ? { onError: 'continueRegularOutput' } : {});
			collectTokens();
			expect(issued.size).toBeGreaterThan(0);
			if (continueOnFail) {
				expect(result.error).toBeUndefined();
				expect(String(result.items[0].json.error)).toMatch(message);
			} else {
				expect(result.error?.message).toMatch(message);
			}
			expectNoSecret(visibleText(result));
		},
	);

	test('a successful run shows the checkout and no token', async () => {
		harness.server.reset();
		harness.setCredential({ clientId: CLIENT_ID, clientSecret: SECRET });
		const result = await harness.run(parameters, [{}, {}]);
		collectTokens();
		expect(result.items.map((i: { json: IDataObject }) => typeof i.json.url)).toEqual(['string', 'string']);
		expectNoSecret(visibleText(result));
	});
});
