'use strict';
/**
 * The local Dollr server in its own process for `npm run bench:trigger`, so that
 * the benchmark's CPU time is n8n's side alone. Forked by trigger.js; commands
 * over IPC: { seed: { type, count, paidShare } }, { pay: { type, count } }.
 * Requests are not recorded (100 000-document answers would pile up).
 */
const { startDollrServer } = require('../server/dollr-server');

/** A seeded pseudo-random sequence in [0, 1) (mulberry32), so runs compare. */
function seededRandom(seed) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

async function serve() {
	const random = seededRandom(42);
	const server = await startDollrServer({ record: false });
	process.on('message', ({ seed, pay }) => {
		if (seed) {
			const list = Array.from({ length: seed.count }, () => ({
				status: random() < seed.paidShare ? 'PAID' : 'ACTIVE',
				currency: 'USD',
			}));
			server.seedDocuments(seed.type, list);
		}
		if (pay) {
			const unpaid = server.documents(pay.type).filter((d) => d.status !== 'PAID');
			for (let i = 0; i < pay.count && unpaid.length > 0; i++) {
				const [document] = unpaid.splice(Math.floor(random() * unpaid.length), 1);
				server.setSourceStatus(pay.type, document.id, 'PAID');
			}
		}
		const documents = server.documents(seed?.type ?? pay?.type ?? 'INVOICE');
		process.send({ url: server.url, count: documents.length, paid: documents.filter((d) => d.status === 'PAID').length });
	});
	process.send({ url: server.url });
	process.on('disconnect', () => server.close().then(() => process.exit(0)));
}

if (require.main === module) serve();

module.exports = { seededRandom };
