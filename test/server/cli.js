#!/usr/bin/env node
'use strict';
// Starts the local Dollr server and keeps it running:
// node test/server/cli.js [--port 8787] [--latency 20] [--token-lifetime 60] [--seed]
// --seed adds two parties with their counterparties, three invoices and an order (seedExampleData).
const { startDollrServer, seedExampleData, DEFAULT_CLIENTS } = require('./dollr-server');

function flag(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

startDollrServer({
	port: flag('port', 0),
	latencyMs: flag('latency', 0),
	tokenLifetimeMinutes: flag('token-lifetime', 60),
	record: false,
}).then((server) => {
	if (process.argv.includes('--seed')) seedExampleData(server);
	const [clientId, clientSecret] = Object.entries(DEFAULT_CLIENTS)[0];
	console.log(JSON.stringify({ url: server.url, clientId, clientSecret }));
	const stop = () => server.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
});
