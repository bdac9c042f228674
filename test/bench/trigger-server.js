'use strict';
/**
 * The local Dollr server in its own process for `npm run bench:trigger`, so that
 * the benchmark's CPU time is n8n's side alone. Forked by trigger.js; commands
 * over IPC: { seed: { type, count, paidShare } }, { pay: { type, count } }.
 * Requests are not recorded (100 000-document answers would pile up).
 */
const { startDollrServer } = require('../server/dollr-server');

/** A fixed pseudo-random sequence, so runs compare. */
let state = 42;
const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

startDollrServer({ record: false }).then((server) => {
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
});
