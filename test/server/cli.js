#!/usr/bin/env node
'use strict';
/**
 * Starts the local Dollr server and keeps it running:
 *   node test/server/cli.js [--port 8787] [--latency 20] [--token-lifetime 60] [--seed] [--max-creates-in-flight 10] [--auto-settle-ms 5000]
 * --seed adds three parties with their counterparties, four invoices and an order (seedExampleData): people
 * to pay out to, a published invoice to collect; the wallets and the passcode are the server's defaults.
 * --auto-settle-ms makes every money execution PROCESSING halfway and COMPLETED after that time (with
 * --seed it defaults to 5000, so a person sees PENDING → COMPLETED; 0 turns it off).
 *
 * Started with an IPC channel (child_process.fork, as `npm run bench:n8n` does), it
 * also talks to its parent: it sends { type: 'ready', url, clientId, clientSecret },
 * then { type: 'token' } whenever a token is asked for (before the answer goes out),
 * and answers { type: 'stats' } with what it saw of the creates and the money routes ({ type: 'stats', ... },
 * see `stats` below) and { type: 'reset' } by forgetting it ({ type: 'reset' }).
 */
const { startDollrServer, seedExampleData, DEFAULT_CLIENTS } = require('./dollr-server');

const TOKEN_PATH = '/v1/jwt/client/obtain/token';
const CREATE_PATH = '/v1/checkouts/create';

function flag(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const ipc = typeof process.send === 'function';
const latency = flag('latency', 0);

/** The create requests since the last reset: counts by status, checkouts per reference, first and last time. */
function stats(server) {
	const creates = server.requests.filter((r) => r.method === 'POST' && r.path === CREATE_PATH);
	const byStatus = {};
	for (const r of creates) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
	const byReference = {};
	for (const { request } of server.checkouts) {
		const ref = request.reference_id ?? '';
		byReference[ref] = (byReference[ref] ?? 0) + 1;
	}
	// The money side: requests per route and the payouts the server holds (test/bench/money.js).
	const byRoute = {};
	for (const r of server.requests) {
		const route = `${r.method} ${r.path.replace(/^\/v1\/status\/(\w+)\/.+$/, '/v1/status/$1/{reference_id}')} ${r.status}`;
		byRoute[route] = (byRoute[route] ?? 0) + 1;
	}
	return {
		requests: server.requests.length,
		byRoute,
		payouts: server.executions('payout').length,
		creates: creates.length,
		byStatus,
		checkouts: server.checkouts.length,
		byReference,
		tokens: server.requests.filter((r) => r.path === TOKEN_PATH).length,
		firstCreateAt: creates[0]?.receivedAt,
		lastAnsweredAt: Math.max(0, ...creates.map((r) => r.answeredAt ?? 0)) || undefined,
	};
}

startDollrServer({
	port: flag('port', 0),
	// Told on the way out: the token's answer still waits its latency, so the parent
	// hears of the request while the caller waits for the token.
	latencyMs: ipc
		? (record) => {
				if (record.path === TOKEN_PATH) process.send({ type: 'token' });
				return latency;
			}
		: latency,
	tokenLifetimeMinutes: flag('token-lifetime', 60),
	maxCreatesInFlight: flag('max-creates-in-flight', undefined),
	record: ipc,
	autoSettleMs: flag('auto-settle-ms', process.argv.includes('--seed') ? 5000 : 0),
}).then((server) => {
	if (process.argv.includes('--seed')) seedExampleData(server);
	const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];
	console.log(JSON.stringify({ url: server.url, clientId, clientSecret }));
	const stop = () => server.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	if (!ipc) return;
	process.send({ type: 'ready', url: server.url, clientId, clientSecret });
	process.on('message', (message) => {
		if (message?.type === 'stats') process.send({ type: 'stats', ...stats(server) });
		if (message?.type === 'reset') {
			server.reset();
			process.send({ type: 'reset' });
		}
	});
	// The parent went away: nothing is left to serve.
	process.on('disconnect', stop);
});
