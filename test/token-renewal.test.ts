/**
 * One token per renewal per process: executions of the same Dollr client (Base URL,
 * Client ID, secret) that meet an expired token share one token request, and one
 * that meets it after the renewal takes the new token without asking again
 * (credentials/DollrApi.credentials.ts, `tokenRenewals`). Separate workflow runs
 * through n8n's engine, as n8n runs concurrent executions in one process.
 */
import type { IDataObject } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { tokenRenewals } from '../credentials/DollrApi.credentials';
import { createParameters, startHarness, useHarness, type Harness, type RecordedRequest } from './helpers';

const TOKEN = '/v1/jwt/client/obtain/token';
const CREATE = '/v1/checkouts/create';
const EXECUTIONS = 16;

const harness = useHarness();
beforeEach(() => harness.server.setLatencyMs(0));

/**
 * Holds the answers to the next `count` requests to `path` until the last of them
 * has arrived, then sends them all: requests in flight together, by events, not timing.
 */
function holdAnswers(on: Harness, path: string, count: number): void {
	let release = () => {};
	const allArrived = new Promise<void>((resolve) => (release = resolve));
	let arrived = 0;
	on.server.setLatencyMs((record) => {
		if (record.path !== path || arrived >= count) return 0;
		if (++arrived === count) release();
		return allArrived;
	});
}

function requests(on: Harness, path: string): RecordedRequest[] {
	return on.server.requests.filter((record) => record.path === path);
}

/** The tokens the server issued, in order. */
function issued(on: Harness): string[] {
	return requests(on, TOKEN)
		.filter((record) => record.status === 200)
		.map((record) => String(record.response?.access_token));
}

function storedToken(on: Harness): unknown {
	return on.credentials.store.get('dollr-local')?.data.accessToken;
}

/** `count` separate workflow runs at once, one checkout each. */
async function concurrentRuns(count: number, prefix: string, options: IDataObject = {}) {
	return await Promise.all(
		Array.from({ length: count }, async (_, i) => {
			const { items, error } = await harness.run(createParameters({ additionalFields: { referenceId: `${prefix}-${i}` }, options }));
			return { reference: items[0]?.json.reference_id, error };
		}),
	);
}

/** The credential holds a valid token (from an earlier test or this run); resolves it. */
async function holdingToken(): Promise<string> {
	await harness.run(createParameters());
	harness.server.reset();
	return String(storedToken(harness));
}

test(`${EXECUTIONS} executions meeting an expired token make one token request`, async () => {
	const old = await holdingToken();
	harness.server.expireTokens();
	// Every execution has sent its create with the old token before any is refused.
	holdAnswers(harness, CREATE, EXECUTIONS);

	const results = await concurrentRuns(EXECUTIONS, 'expired');

	expect(results).toEqual(Array.from({ length: EXECUTIONS }, (_, i) => ({ reference: `expired-${i}`, error: undefined })));
	const creates = requests(harness, CREATE);
	const refused = creates.filter((record) => record.status === 401);
	expect(refused).toHaveLength(EXECUTIONS);
	expect(refused.every((record) => record.headers.authorization === `Bearer ${old}`)).toBe(true);
	expect(requests(harness, TOKEN)).toHaveLength(1);
	const [renewed] = issued(harness);
	const accepted = creates.filter((record) => record.status === 200);
	expect(accepted).toHaveLength(EXECUTIONS);
	expect(accepted.every((record) => record.headers.authorization === `Bearer ${renewed}`)).toBe(true);
	expect(storedToken(harness)).toBe(renewed);
	expect(harness.server.checkouts).toHaveLength(EXECUTIONS);
});

test('an execution that read the token before a renewal gets the new one without a token request', async () => {
	const old = await holdingToken();
	harness.server.expireTokens();
	await harness.run(createParameters()); // renews
	const [renewed] = issued(harness);
	expect(renewed).toEqual(expect.any(String));

	// As an execution (or another item's run) that read the credential before the renewal was saved.
	harness.setCredential({ accessToken: old });
	try {
		harness.server.reset();
		const { items, error } = await harness.run(createParameters({ additionalFields: { referenceId: 'late' } }));

		expect(error).toBeUndefined();
		expect(items[0].json.reference_id).toBe('late');
		expect(requests(harness, TOKEN)).toHaveLength(0);
		expect(requests(harness, CREATE).map((r) => [r.status, r.headers.authorization])).toEqual([
			[401, `Bearer ${old}`],
			[200, `Bearer ${renewed}`],
		]);
		expect(storedToken(harness)).toBe(renewed);
	} finally {
		harness.setCredential({});
	}
});

test('a token request that fails is not kept: the next run asks again', async () => {
	await holdingToken();
	harness.server.expireTokens();
	harness.server.injectFaults(TOKEN, [{ status: 503 }]);

	const failed = await harness.run(createParameters({ options: { maxRetries: 0 } }));
	expect(failed.error.message).toBe('Could not get a Dollr access token (HTTP 503: Injected 503) [item 0]');

	const next = await harness.run(createParameters({ additionalFields: { referenceId: 'after-failure' }, options: { maxRetries: 0 } }));
	expect(next.error).toBeUndefined();
	expect(next.items[0].json.reference_id).toBe('after-failure');
	expect(requests(harness, TOKEN).map((r) => r.status)).toEqual([503, 200]);
	expect(harness.server.checkouts).toHaveLength(1);
});

test(`${EXECUTIONS} executions sharing a token request that fails: each retries, one more token, all created`, async () => {
	await holdingToken();
	harness.server.expireTokens();
	holdAnswers(harness, CREATE, EXECUTIONS);
	harness.server.injectFaults(TOKEN, [{ status: 503 }]);

	const results = await concurrentRuns(EXECUTIONS, 'shared-failure');

	expect(results.every((result) => result.error === undefined)).toBe(true);
	expect(requests(harness, TOKEN).map((r) => r.status)).toEqual([503, 200]);
	expect(harness.server.checkouts).toHaveLength(EXECUTIONS);
});

describe('other clients and Base URLs', () => {
	// The same secret as the default client: only the Client ID tells them apart.
	const OTHER = { clientId: 'other-client', clientSecret: 'test-secret' };
	let second: Harness;
	beforeAll(async () => {
		// A second server, with the default client and another one.
		second = await startHarness({ clients: { 'test-client': 'test-secret', [OTHER.clientId]: OTHER.clientSecret } });
	});
	afterAll(async () => await second.close());
	beforeEach(() => second.server.setLatencyMs(0));

	test('do not share a token', async () => {
		harness.setCredential({}); // no token yet: every credential below asks for one
		try {
			// The second server answers no token until both of its clients have asked for one.
			holdAnswers(second, TOKEN, 2);
			const runs = [harness, second].map((on) => on.run(createParameters()));
			second.setCredential(OTHER);
			runs.push(second.run(createParameters()));
			const results = await Promise.all(runs);

			expect(results.map((result) => result.error)).toEqual([undefined, undefined, undefined]);
			expect(requests(harness, TOKEN)).toHaveLength(1);
			expect(requests(second, TOKEN).map((r) => r.body.client_id).sort()).toEqual(['other-client', 'test-client']);
			// Each create carried the token its own server issued to its own client.
			for (const on of [harness, second]) {
				for (const create of requests(on, CREATE)) {
					expect(issued(on).map((token) => `Bearer ${token}`)).toContain(create.headers.authorization);
				}
			}
			const bySecond = requests(second, CREATE).map((r) => String(r.headers.authorization));
			expect(new Set(bySecond).size).toBe(2);
		} finally {
			harness.setCredential({});
			second.setCredential({});
		}
	});

	test('what the process keeps: a key derived from the secret, the newest token, hashes of the older ones', async () => {
		await harness.run(createParameters()); // no token stored: obtains one
		const kept = JSON.stringify([...tokenRenewals].map(([key, client]) => [key, client.newest, [...client.replaced]]));
		expect(kept).not.toContain('test-secret');
		expect([...tokenRenewals.keys()].every((key) => /^[0-9a-f]{64}$/.test(key))).toBe(true);
		// One entry per client and Base URL: two servers, two clients on the second.
		expect(tokenRenewals.size).toBe(3);
		const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
		const key = sha256(JSON.stringify([harness.server.url, 'test-client', 'test-secret']));
		const mine = tokenRenewals.get(key);
		expect(mine?.newest).toBe(storedToken(harness));
		// The tokens it replaced are kept only as hashes.
		expect(mine?.replaced.size).toBeGreaterThan(0);
		for (const hash of mine?.replaced ?? []) expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(mine?.renewal).toBeUndefined();
	});
});
