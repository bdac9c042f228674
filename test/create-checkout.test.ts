import type { IDataObject } from 'n8n-workflow';

import { DollrApi } from '../credentials/DollrApi.credentials';
import { Dollr } from '../nodes/Dollr/Dollr.node';
import { createParameters, startHarness, type Harness } from './helpers';

let harness: Harness;

beforeAll(async () => {
	harness = await startHarness();
});
afterAll(async () => await harness.close());
beforeEach(() => harness.server.reset());

const creates = () => harness.server.requests.filter((r) => r.path === '/v1/checkouts/create');
const tokenRequests = () => harness.server.requests.filter((r) => r.path === '/v1/jwt/client/obtain/token');

describe('Create Checkout', () => {
	test('sends every field the user set, in the API shape, with the bearer n8n obtained', async () => {
		const { items, error } = await harness.run(
			createParameters({
				sourceKind: 'ORDER',
				partyPhone: ' +231 77-123-4567 ',
				currency: 'usd',
				items: { item: [{ name: ' Solar lamp ', amount: 45.5, currency: 'lrd' }] },
				additionalFields: {
					partyName: 'Comfort Kollie',
					partyEmail: 'comfort@example.com',
					partyRelationship: 'CUSTOMER',
					referenceId: 'order-1042',
					note: 'Thank you',
					dueDate: '2026-12-31T17:00:00Z',
					expiresAt: '2027-01-15T08:30:00+01:00',
					successUrl: 'https://shop.example.com/thanks',
					cancelUrl: 'https://shop.example.com/cart',
					counterpartyId: 77,
				},
			}),
		);
		expect(error).toBeUndefined();

		const [token] = tokenRequests();
		expect(token.body).toEqual({ client_id: 'test-client', client_secret: 'test-secret' });
		const [create] = creates();
		expect(create.method).toBe('POST');
		expect(create.status).toBe(200);
		expect(create.body).toEqual({
			mode: 'HOSTED',
			source_kind: 'ORDER',
			party_phone: '231771234567',
			currency: 'USD',
			items: [{ name: 'Solar lamp', amount: 45.5, currency: 'LRD' }],
			party_name: 'Comfort Kollie',
			party_email: 'comfort@example.com',
			party_relationship: 'CUSTOMER',
			reference_id: 'order-1042',
			note: 'Thank you',
			due_date: '2026-12-31T17:00:00.000Z',
			expires_at: '2027-01-15T08:30:00.000+01:00',
			success_url: 'https://shop.example.com/thanks',
			cancel_url: 'https://shop.example.com/cart',
			counterparty_id: 77,
		});
		const issued = harness.server.requests[0];
		expect(create.headers.authorization).toBe(`Bearer ${issuedToken(issued)}`);

		// The API's answer, unchanged, paired to its input item.
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual(harness.server.checkouts[0].response);
		expect(harness.server.schemas.response(items[0].json)).toBe(true);
		expect(items[0].json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('leaves untouched optional fields out of the body', async () => {
		const { error } = await harness.run(createParameters());
		expect(error).toBeUndefined();
		expect(Object.keys(creates()[0].body).sort()).toEqual(['currency', 'items', 'mode', 'party_phone', 'source_kind']);
		// Empty or blank strings in an opened collection count as untouched too.
		harness.server.reset();
		await harness.run(createParameters({ additionalFields: { partyName: '', note: '  ', successUrl: '' } }));
		expect(Object.keys(creates()[0].body)).not.toEqual(expect.arrayContaining(['party_name', 'note', 'success_url']));
	});

	test('one checkout per input item, from expressions, with item currency defaulting to the checkout currency', async () => {
		const orders = [
			{ phone: '231771234567', currency: 'USD', lines: [{ name: 'Lamp', amount: 45 }, { name: 'Cable', amount: '2.5', currency: 'LRD' }] },
			{ phone: '250788123456', currency: 'rwf', lines: [{ name: 'Data bundle', amount: 5000 }] },
			{ phone: '231886000111', currency: 'LRD', lines: [{ name: 'Rice, 25 kg', amount: 3200.75 }] },
		];
		const { items, error } = await harness.run(
			createParameters({
				partyPhone: '={{ $json.phone }}',
				currency: '={{ $json.currency }}',
				itemsInput: 'json',
				itemsJson: '={{ $json.lines }}',
				additionalFields: { referenceId: '=order-{{ $itemIndex }}' },
			}),
			orders,
		);
		expect(error).toBeUndefined();
		expect(items.map((item: { pairedItem: unknown }) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(creates().map((r) => r.body.items)).toEqual([
			[
				{ name: 'Lamp', amount: 45, currency: 'USD' },
				{ name: 'Cable', amount: 2.5, currency: 'LRD' },
			],
			[{ name: 'Data bundle', amount: 5000, currency: 'RWF' }],
			[{ name: 'Rice, 25 kg', amount: 3200.75, currency: 'LRD' }],
		]);
		expect(items.map((item: { json: IDataObject }) => [item.json.reference_id, item.json.total_amount])).toEqual([
			['order-0', 47.5],
			['order-1', 5000],
			['order-2', 3200.75],
		]);
		// One token for the whole run (or one kept from an earlier test), reused by every create.
		expect(tokenRequests().length).toBeLessThanOrEqual(1);
		expect(new Set(creates().map((r) => r.headers.authorization)).size).toBe(1);
	});

	test('several line items from the fixed collection', async () => {
		const { items } = await harness.run(
			createParameters({
				items: {
					item: [
						{ name: 'Consulting', amount: 250, currency: '' },
						{ name: 'Travel', amount: 80.25, currency: 'USD' },
					],
				},
			}),
		);
		expect(creates()[0].body.items).toEqual([
			{ name: 'Consulting', amount: 250, currency: 'USD' },
			{ name: 'Travel', amount: 80.25, currency: 'USD' },
		]);
		expect(items[0].json.total_amount).toBe(330.25);
	});

	test.each([
		['partyPhone', 'Party Phone is required'],
		['currency', 'Currency is required'],
		['mode', 'Mode is required'],
		['sourceKind', 'Source Kind is required'],
		['itemsJson', 'Items (JSON) is required'],
	])('%s resolving to nothing fails that item before any request, naming the field', async (name, message) => {
		// n8n refuses to start a workflow whose required field is literally empty (next test);
		// at run time an empty value comes from an expression over the item's data.
		const parameters = createParameters({ [name]: '={{ $json.missing }}', itemsInput: name === 'itemsJson' ? 'json' : 'defineBelow' });
		const { items, error } = await harness.run(parameters, [{}, {}]);
		expect(items).toEqual([]);
		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toEqual(expect.any(String));
		expect(error.context.itemIndex).toBe(0);
		expect(creates()).toHaveLength(0);
	});

	test('no line items fails before any request; an empty required field stops n8n from starting', async () => {
		const { error } = await harness.run(createParameters({ itemsInput: 'json', itemsJson: '[]' }));
		expect(error.message).toBe('Items must hold at least one line item [item 0]');
		await expect(harness.run(createParameters({ partyPhone: '' }))).rejects.toThrow(
			'Parameter "Party Phone" is required',
		);
		expect(creates()).toHaveLength(0);
	});

	test('a line item without a name or amount is named by its position', async () => {
		const { error } = await harness.run(
			createParameters({ items: { item: [{ name: 'Lamp', amount: 45 }, { name: '', amount: 3 }] } }),
		);
		expect(error.message).toBe('Items › 2 › Name is required [item 0]');
		const second = await harness.run(createParameters({ items: { item: [{ name: 'Lamp', amount: 0 }] } }));
		expect(second.error.message).toBe('Items › 1 › Amount must be at least 0.01, got 0 [item 0]');
		expect(creates()).toHaveLength(0);
	});

	test('a value that contains a system error code keeps the message naming the field', async () => {
		// n8n swaps any error message containing e.g. EPERM or ENOENT for its own generic text.
		const { error } = await harness.run(
			createParameters({ items: { item: [{ name: 'Lamp', amount: '={{ "EPERM" }}' }] } }),
		);
		expect(error.message).toBe("Items › 1 › Amount must be a number, got 'EPERM' [item 0]");
		expect(creates()).toHaveLength(0);
	});

	test("Dollr's 422 is surfaced with the user's field name and the server's message", async () => {
		harness.server.injectFaults('/v1/checkouts/create', [
			{
				status: 422,
				body: {
					detail: [
						{ loc: ['body', 'items', 1, 'amount'], msg: 'Amount exceeds the merchant limit', type: 'value_error' },
						{ loc: ['body', 'party_phone'], msg: 'Unsupported network', type: 'value_error' },
					],
				},
			},
		]);
		const { error } = await harness.run(
			createParameters({ items: { item: [{ name: 'A', amount: 1 }, { name: 'B', amount: 999999 }] } }),
		);
		expect(error.message).toBe(
			'Dollr rejected the request: Items › 2 › Amount: Amount exceeds the merchant limit (and 1 more) [item 0]',
		);
		expect(error.description).toContain('Party Phone: Unsupported network');
		expect(error.httpCode).toBe('422');
		expect(harness.server.checkouts).toHaveLength(0);
	});

	test('an expired token is renewed once and the create goes through', async () => {
		await harness.run(createParameters());
		const tokensBefore = tokenRequests().length; // 0 when the credential kept a token from an earlier test
		harness.server.expireTokens();

		const { items, error } = await harness.run(createParameters());
		expect(error).toBeUndefined();
		expect(items[0].json.url).toEqual(expect.any(String));
		expect(tokenRequests()).toHaveLength(tokensBefore + 1);
		expect(creates().map((r) => r.status)).toEqual([200, 401, 200]);
		expect(harness.server.checkouts).toHaveLength(2);
		// The renewed token is what the retry sent.
		const renewed = issuedToken(tokenRequests()[tokensBefore]);
		expect(creates()[2].headers.authorization).toBe(`Bearer ${renewed}`);
	});

	test('a wrong client secret fails clearly, without creating anything', async () => {
		harness.setCredential({ clientSecret: 'not-the-secret' });
		try {
			const { items, error } = await harness.run(createParameters());
			expect(items).toEqual([]);
			expect(error.message).toBe(
				'Dollr refused the Client ID or Client Secret (HTTP 401: Invalid client credentials) [item 0]',
			);
			expect(error.description).toContain('merchant portal');
			expect(creates()).toHaveLength(0);
		} finally {
			harness.setCredential({});
		}
	});

	test('continue on fail: every input item comes out once, in order, paired, errors included', async () => {
		const inputs = [
			{ phone: '231771234567' },
			{ phone: '12' },
			{ phone: '250788123456' },
			{ phone: 'call me' },
		];
		const { items, error } = await harness.run(createParameters({ partyPhone: '={{ $json.phone }}' }), inputs, {
			onError: 'continueRegularOutput',
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items.map((item: { pairedItem: unknown }) => item.pairedItem)).toEqual(
			inputs.map((_, index) => ({ item: index })),
		);
		expect(items[0].json.url).toEqual(expect.any(String));
		// n8n keeps `json` to { error } and the whole error (with its hint) on the item.
		expect(items[1].json).toEqual({ error: "Party Phone must be 8-15 digits without '+' [item 1]" });
		expect(items[1].error.description).toContain('231771234567');
		expect(items[1].error.context.itemIndex).toBe(1);
		expect(items[2].json.url).toEqual(expect.any(String));
		expect(items[3].json.error).toBe("Party Phone must be 8-15 digits without '+' [item 3]");
		expect(harness.server.checkouts.map((c) => c.request.party_phone)).toEqual(['231771234567', '250788123456']);
	});

	test("continue on fail with an error output: failures go to n8n's error branch", async () => {
		const inputs = [{ phone: '231771234567', orderId: 'a' }, { phone: '12', orderId: 'b' }];
		const { run, error } = await harness.run(createParameters({ partyPhone: '={{ $json.phone }}' }), inputs, {
			onError: 'continueErrorOutput',
		});
		expect(error).toBeUndefined();
		const [success, failure] = run.data.resultData.runData.Dollr[0].data.main;
		expect(success.map((item: { json: IDataObject }) => item.json.source_number)).toEqual([expect.any(String)]);
		expect(failure).toHaveLength(1);
		expect(failure[0].json.error).toBe("Party Phone must be 8-15 digits without '+' [item 1]");
		expect(failure[0].pairedItem).toEqual({ item: 1 });
	});

	test('the credential test tells a good ID/secret from a wrong one', async () => {
		expect(await harness.testCredential()).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		harness.setCredential({ clientId: 'someone-else' });
		try {
			const result = await harness.testCredential();
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Dollr refused the Client ID or Client Secret');
		} finally {
			harness.setCredential({});
		}
	});
});

describe('node description', () => {
	test('is usable as an AI tool and names what saved workflows depend on', () => {
		const { description } = new Dollr();
		expect(description.name).toBe('dollr');
		expect(description.usableAsTool).toBe(true);
		const names = description.properties.map((p) => p.name);
		expect(names).toEqual(
			expect.arrayContaining(['resource', 'operation', 'mode', 'sourceKind', 'partyPhone', 'currency', 'items', 'itemsInput', 'itemsJson', 'additionalFields', 'options']),
		);
		const additional = description.properties.find((p) => p.name === 'additionalFields')?.options?.map((o) => o.name);
		expect(additional?.sort()).toEqual(
			['partyName', 'partyEmail', 'partyRelationship', 'referenceId', 'note', 'dueDate', 'expiresAt', 'successUrl', 'cancelUrl', 'counterpartyId'].sort(),
		);
		const credential = new DollrApi();
		expect(credential.name).toBe('dollrApi');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'baseUrl',
			'clientId',
			'clientSecret',
			'allowMoneyOut',
			'moneyOutLimit',
			'passcode',
			'passcodePhone',
			'passcodeUserId',
			'clientIp',
			'accessToken',
		]);
	});
});

function issuedToken(tokenRequest: { response?: IDataObject }): string {
	return String(tokenRequest.response?.access_token);
}

describe('example workflow (test/workflows/create-checkout.json)', () => {
	test('creates one checkout per order, from the pinned orders, in n8n\'s engine', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const workflow = require('./workflows/create-checkout.json');
		const run = await harness.runWorkflow(workflow);
		const output = run.data.resultData.runData['Create Checkout'][0].data.main[0];
		expect(output.map((item: { json: IDataObject }) => [item.json.reference_id, item.json.total_amount, item.json.currency])).toEqual([
			['order-1042', 45, 'USD'],
			['order-1043', 5000, 'RWF'],
		]);
		expect(creates().map((r) => r.body.party_phone)).toEqual(['231771234567', '250788123456']);
	});
});
