import type { DollrResource } from '../types';
import * as create from './create.operation';
import { COLLECTION, type MoneyFlow, PAYOUT, REFUND, TRANSFER } from './flows';
import * as getStatus from './getStatus.operation';

/** Collection, Payout, Transfer, Refund: the same two operations, built from the flow's table entry. */
function moneyResource(flow: MoneyFlow): DollrResource {
	return {
		option: { name: flow.label, value: flow.resource },
		operations: [create.operation(flow), getStatus.operation(flow)],
	};
}

export const collection = moneyResource(COLLECTION);
export const payout = moneyResource(PAYOUT);
export const transfer = moneyResource(TRANSFER);
export const refund = moneyResource(REFUND);

/** The resources whose Create moves money: the Wait for Result options show for them. */
export const MONEY_RESOURCES = [COLLECTION, PAYOUT, TRANSFER, REFUND].map((flow) => flow.resource);
