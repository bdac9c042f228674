import type { DollrOperation } from '../types';
import { createExecution } from './execute';
import { createProperties, type MoneyFlow } from './flows';

/** Request Payment / Send a Payout / Transfer / Refund: the flow's Create, through the one mechanism. */
export function operation(flow: MoneyFlow): DollrOperation {
	return {
		option: { name: flow.create.name, value: 'create', action: flow.create.action, description: flow.create.description },
		properties: createProperties(flow),
		async execute(itemIndex, transport) {
			return await createExecution.call(this, flow, itemIndex, transport);
		},
	};
}
