import { Dollr } from '../nodes/Dollr/Dollr.node';
import { DollrApi } from '../credentials/DollrApi.credentials';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDollrHarness } = require('./harness/dollr');

test('smoke', async () => {
	const h = await startDollrHarness({ Dollr, DollrApi });
	const r = await h.run(
		{ resource: 'checkout', operation: 'create', mode: 'HOSTED', sourceKind: 'INVOICE', partyPhone: '+231 77 123 4567', currency: 'usd', items: { item: [{ name: 'Lamp', amount: 45, currency: '' }] } },
		[{ a: 1 }],
	);
	console.log(JSON.stringify(r.items, null, 1), r.error, JSON.stringify(h.server.requests.map((x: any) => [x.method, x.path, x.body, x.headers.authorization, x.headers.connection]), null, 1));
	await h.close();
});
