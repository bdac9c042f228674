import type { IDataObject, INodeType } from 'n8n-workflow';
import * as net from 'node:net';

import { DollrApi } from '../credentials/DollrApi.credentials';
import { Dollr } from '../nodes/Dollr/Dollr.node';
import { DollrTrigger } from '../nodes/DollrTrigger/DollrTrigger.node';
// The harness is plain CommonJS, shared with the demo and the benchmark.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDollrHarness } = require('./harness/dollr');

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: IDataObject & { items: IDataObject[] };
	status: number | 'dropped' | undefined;
	/** Server clock (ms) when the request arrived and when it was answered. */
	receivedAt: number;
	answeredAt: number | undefined;
	response?: IDataObject;
	/** The scripted answer given instead of the real one (see injectFaults). */
	fault?: IDataObject;
}

export interface Harness {
	server: {
		url: string;
		requests: RecordedRequest[];
		checkouts: Array<{ request: IDataObject; response: IDataObject }>;
		schemas: {
			request: (body: unknown) => boolean;
			response: (body: unknown) => boolean;
			/** ajv validators of test/spec/dollr-documents.yaml, by schema name (PartyCreate, ItemAdd, …). */
			documents: Record<string, ((body: unknown) => boolean) & { errors?: unknown }>;
		};
		expireTokens(): void;
		/** A number, or per request a number or a promise (the answer goes out when it settles). */
		setLatencyMs(ms: number | ((record: RecordedRequest) => number | Promise<unknown>)): void;
		/** Any invoice/order ('INVOICE' | 'ORDER'), checkout-made or not; PAID sets paid_at. Returns the document. */
		setSourceStatus(type: string, id: number, status: string): IDataObject;
		/** Documents straight into the store (no HTTP; fast for 100 000); returns them. See dollr-server.js. */
		seedDocuments(type: string, list: IDataObject[]): IDataObject[];
		/** The stored documents of a type, by ID, as the list endpoint answers them. */
		documents(type: string): IDataObject[];
		/** One document as retrieve answers it (items and counterparty embedded). */
		documentDetail(type: string, id: number): IDataObject | undefined;
		parties(): IDataObject[];
		counterparties(): IDataObject[];
		seedParties(list: IDataObject[]): IDataObject[];
		seedCounterparties(list: IDataObject[]): IDataObject[];
		/** Scripted answers, one per request; `null` lets one request through to the real answer. */
		injectFaults(path: string, faults: Array<IDataObject | null>): void;
		reset(): void;
	};
	run(parameters: IDataObject, items?: IDataObject[], nodeSettings?: IDataObject): Promise<{
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		items: any[];
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		error: any;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		run: any;
	}>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	runWorkflow(workflow: IDataObject): Promise<any>;
	/** The Dollr Trigger in an active workflow, polled through n8n-core (test/harness/poll.js). */
	poller(parameters: IDataObject, staticData?: IDataObject): Poller;
	pollerOf(workflow: IDataObject, nodeName: string, staticData?: IDataObject): Poller;
	/** "Fetch Test Event": the trigger in a manual run. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	fetchTestEvent(parameters: IDataObject): Promise<{ items: any[]; error: any; run: any }>;
	/** n8n's credentials helper; `store` holds the saved data, where the token n8n obtained lands. */
	credentials: { store: Map<string, { type: string; data: IDataObject }> };
	/** The engine's node types: the Dollr node and the n8n-nodes-base stand-ins. */
	nodeTypes: { getByName(name: string): INodeType };
	setCredential(data: IDataObject): void;
	listSearch(
		method: string,
		filter?: string,
		parameters?: IDataObject,
	): Promise<{ results: Array<{ name: string; value: string | number }>; paginationToken?: unknown }>;
	testCredential(): Promise<{ status: string; message: string }>;
	close(): Promise<void>;
}

export interface Poller {
	/** The static data as n8n's database holds it. */
	saved: IDataObject;
	/** The items of each execution the trigger started. */
	executions: Array<Array<{ json: IDataObject }>>;
	/** Errors of polls after the activation one (n8n records each as a failed execution). */
	reportedErrors: Array<Error & { description?: string }>;
	/** Activates ('activate', 'init', 'update'); resolves with the executions its poll started. */
	activate(activation?: string): Promise<Array<Array<{ json: IDataObject }>>>;
	tick(): Promise<{ items: Array<{ json: IDataObject }>; error?: Error & { description?: string } }>;
	restart(): Promise<Array<Array<{ json: IDataObject }>>>;
	deactivate(): void;
}

/** The local Dollr server and n8n's engine running the nodes from their TypeScript sources. */
export async function startHarness(serverOptions: IDataObject = {}): Promise<Harness> {
	return await startDollrHarness({ Dollr, DollrApi, DollrTrigger, server: serverOptions });
}

/**
 * One harness for a test file: started before its tests, closed after them, the
 * server's request log and scripted faults cleared before each test.
 */
export function useHarness(serverOptions: IDataObject = {}): Harness {
	let current: Harness | undefined;
	beforeAll(async () => {
		current = await startHarness(serverOptions);
	});
	afterAll(async () => {
		await current?.close();
	});
	beforeEach(() => current?.server.reset());
	return new Proxy({} as Harness, {
		get: (_target, key) => {
			if (!current) throw new Error('the harness is used before beforeAll started it');
			return current[key as keyof Harness];
		},
	});
}

/** A valid Create Checkout parameter set; `overrides` replace top-level parameters. */
export function createParameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'checkout',
		operation: 'create',
		mode: 'HOSTED',
		sourceKind: 'INVOICE',
		partyPhone: '231771234567',
		currency: 'USD',
		items: { item: [{ name: 'Solar lamp', amount: 45, currency: '' }] },
		...overrides,
	};
}

/** A port nothing listens on (bound, then closed), for connection-refused cases. */
export async function closedPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as net.AddressInfo;
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	return port;
}
