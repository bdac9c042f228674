import type { DollrOperation } from '../types';
import { executionStatus } from './execute';
import { statusReferenceField } from './fields';
import type { MoneyFlow } from './flows';

/** Get Status: `status/<type>/<reference_id>`, Dollr's ExecutionResponse unchanged. A GET: retried. */
export function operation(flow: MoneyFlow): DollrOperation {
	return {
		option: {
			name: 'Get Status',
			value: 'getStatus',
			action: `Get the status of a ${flow.noun}`,
			description: `Ask Dollr how a ${flow.noun} stands (PENDING, PROCESSING, COMPLETED or FAILED) by its Reference ID`,
		},
		properties: [statusReferenceField(flow.noun)],
		async execute(itemIndex, transport) {
			return await executionStatus.call(this, flow, itemIndex, transport);
		},
	};
}
