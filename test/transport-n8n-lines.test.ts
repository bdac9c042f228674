/**
 * The transport reads failures from the NodeApiError n8n's request helper throws.
 * n8n 2.x keeps the request error on it as `cause`; n8n 1.x (still widely run)
 * drops `cause` and keeps only `httpCode` and `context.data`. Real request errors
 * from the local server, wrapped both ways, must be read the same.
 */
import axios from 'axios';
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { classify } from '../nodes/Dollr/transport';
import { closedPort, startHarness, type Harness } from './helpers';

const node: INode = { id: 'n', name: 'Dollr', type: 'n8n-nodes-dollr.dollr', typeVersion: 1, position: [0, 0], parameters: {} };
const CREATE = '/v1/checkouts/create';

let harness: Harness;
beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => await harness.close());

/** The error axios throws for one POST to the local server (or to `url`). */
async function requestError(url: string): Promise<unknown> {
	try {
		await axios.post(url, {}, { timeout: 1000 });
	} catch (error) {
		return error;
	}
	throw new Error('the request did not fail');
}

/** As n8n 1.x builds it: its ExecutionBaseError declares `cause` as a class field, which leaves it undefined. */
function asN8n1(error: unknown): NodeApiError {
	const wrapped = new NodeApiError(node, error as JsonObject);
	Object.assign(wrapped, { cause: undefined });
	return wrapped;
}

test.each([
	['429 with Retry-After', { status: 429, body: { detail: 'Slow down' }, headers: { 'Retry-After': '2' } }, { kind: 'http', status: 429 }],
	['422', { status: 422, body: { detail: [{ loc: ['body', 'items', 0, 'amount'], msg: 'too small', type: 'x' }] } }, { kind: 'http', status: 422, data: { detail: [{ loc: ['body', 'items', 0, 'amount'], msg: 'too small', type: 'x' }] } }],
	['503', { status: 503, body: { detail: 'Down' } }, { kind: 'http', status: 503, data: { detail: 'Down' } }],
	['a dropped connection', { drop: true }, { kind: 'reset' }],
	['an answer past the timeout', { delayMs: 2000 }, { kind: 'timeout' }],
])('%s reads the same from n8n 2.x and 1.x errors', async (_, fault, expected) => {
	harness.server.injectFaults(CREATE, [fault, fault]);
	const n8n2 = classify(new NodeApiError(node, (await requestError(`${harness.server.url}${CREATE}`)) as JsonObject));
	const n8n1 = classify(asN8n1(await requestError(`${harness.server.url}${CREATE}`)));
	expect(n8n2).toMatchObject(expected);
	expect(n8n1).toMatchObject(expected);
	if ('headers' in fault) {
		expect(n8n2).toMatchObject({ retryAfterMs: 2000 }); // only 2.x passes the headers on
		expect(n8n1).toMatchObject({ retryAfterMs: undefined });
	}
});

test.each([
	['a refused connection', async () => `http://127.0.0.1:${await closedPort()}${CREATE}`, 'refused'],
	['a host that does not resolve', async () => `http://api.dollr.invalid${CREATE}`, 'unresolved'],
])('%s reads the same from n8n 2.x and 1.x errors', async (_, address, kind) => {
	const url = await address();
	expect(classify(new NodeApiError(node, (await requestError(url)) as JsonObject))).toEqual({ kind, atToken: undefined });
	expect(classify(asN8n1(await requestError(url)))).toEqual({ kind, atToken: undefined });
});
