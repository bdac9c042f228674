import type { IDataObject, INodeType } from 'n8n-workflow';
import * as net from 'node:net';

import { DollrApi } from '../credentials/DollrApi.credentials';
import { Dollr } from '../nodes/Dollr/Dollr.node';
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
		schemas: { request: (body: unknown) => boolean; response: (body: unknown) => boolean };
		expireTokens(): void;
		setLatencyMs(ms: number | ((record: RecordedRequest) => number)): void;
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
	/** n8n's credentials helper; `store` holds the saved data, where the token n8n obtained lands. */
	credentials: { store: Map<string, { type: string; data: IDataObject }> };
	/** The engine's node types: the Dollr node and the n8n-nodes-base stand-ins. */
	nodeTypes: { getByName(name: string): INodeType };
	setCredential(data: IDataObject): void;
	testCredential(): Promise<{ status: string; message: string }>;
	close(): Promise<void>;
}

/** The local Dollr server and n8n's engine running the node from its TypeScript sources. */
export async function startHarness(serverOptions: IDataObject = {}): Promise<Harness> {
	return await startDollrHarness({ Dollr, DollrApi, server: serverOptions });
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
