/**
 * For the tests of the local Dollr server over HTTP (fetch), the way the node
 * sees it: a running server with a bearer from its token endpoint, and one call.
 */
// The server is plain CommonJS, shared with the demo and the benchmark.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDollrServer, DEFAULT_CLIENTS } = require('./server/dollr-server');

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LocalServer {
	server: Json;
	/** `Bearer <token>`, issued by the server to its default client. */
	bearer: string;
}

/** Starts a server (options as startDollrServer's) and obtains a bearer from it. */
export async function startWithBearer(options: Json = {}): Promise<LocalServer> {
	const server = await startDollrServer(options);
	const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS as Record<string, string>)[0];
	const answer = await fetch(`${server.url}/v1/jwt/client/obtain/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
	});
	return { server, bearer: `Bearer ${((await answer.json()) as Json).access_token}` };
}

/** One call with the bearer (none if empty) and a JSON body, if any: its status and parsed answer. */
export async function send(
	{ server, bearer }: LocalServer,
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; json: Json }> {
	const answer = await fetch(`${server.url}${path}`, {
		method,
		headers: { ...(bearer ? { authorization: bearer } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: answer.status, json: (await answer.json()) as Json };
}
