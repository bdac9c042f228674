/**
 * What n8n's editor shows of the package outside a node's fields: the subtitle under each
 * node on the canvas (an expression n8n evaluates with n8n-workflow, as here), and the
 * codex file's aliases, which the node panel's search matches. The panel itself is
 * checked in a real browser by `npm run test:ui` (step 7).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workflow, type INode, type INodeType } from 'n8n-workflow';

import { Dollr } from '../nodes/Dollr/Dollr.node';
import { resources } from '../nodes/Dollr/actions/router';
import { DollrTrigger } from '../nodes/DollrTrigger/DollrTrigger.node';

const { NodeTypes } = require('./harness/n8n-engine');

const DOLLR = 'n8n-nodes-dollr.dollr';
const TRIGGER = 'n8n-nodes-dollr.dollrTrigger';

/** The subtitle n8n's editor shows for a node with these parameters. */
function subtitleOf(type: string, nodeType: INodeType, parameters: INode['parameters']): unknown {
	const node: INode = { id: '1', name: 'Dollr', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: new NodeTypes({ [type]: nodeType }), active: false });
	return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle, 'internal', {});
}

describe('the canvas subtitle', () => {
	const operations = resources.flatMap(({ option: resource, operations }) =>
		operations.map(({ option }) => [String(resource.value), String(option.value), `${option.name}: ${resource.name}`]),
	);

	it.each(operations)('Dollr %s › %s reads "%s"', (resource, operation, text) => {
		expect(subtitleOf(DOLLR, new Dollr(), { resource, operation })).toBe(text);
	});

	it('shows the default operation for a node just added (n8n fills in the defaults)', () => {
		expect(subtitleOf(DOLLR, new Dollr(), {})).toBe('Create: Checkout');
	});

	it.each([
		['PAID', 'When paid'],
		['ACTIVE', 'When published'],
		['CANCELED', 'When canceled'],
		['PROCESSING', 'When a payer starts paying'],
	])('Dollr Trigger on %s reads "%s"', (status, text) => {
		expect(subtitleOf(TRIGGER, new DollrTrigger(), { status })).toBe(text);
	});
});

describe('the node panel', () => {
	const codex = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'nodes', file), 'utf8'));

	it('finds the Dollr entry by what users type for it (n8n matches the display name and the codex aliases)', () => {
		const aliases: string[] = codex('Dollr/Dollr.node.json').alias;
		for (const word of ['invoice', 'payout', 'mobile money']) expect(aliases).toContain(word);
	});

	it("lists the trigger's statuses as its events, each with a sentence", () => {
		// n8n's panel takes the options of a trigger field labelled "Trigger On" (or "Event(s)") as events.
		const field = new DollrTrigger().description.properties.find((p) => p.name === 'status');
		expect(field?.displayName).toBe('Trigger On');
		const actions = (field?.options as Array<{ value: string; action?: string }>).map(({ value, action }) => [value, action]);
		expect(actions).toEqual([
			['ACTIVE', 'When an invoice or order is published'],
			['CANCELED', 'When an invoice or order is canceled'],
			['PAID', 'When an invoice or order is paid'],
			['PROCESSING', 'When a payer starts paying'],
		]);
	});
});
