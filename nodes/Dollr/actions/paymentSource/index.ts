import type { DollrResource } from '../types';
import * as getPaymentLink from './getPaymentLink.operation';
import * as getReceiptLink from './getReceiptLink.operation';
import * as getStatus from './getStatus.operation';

/** Following a checkout up: is it paid, and the links to hand out. All are GETs, retried safely. */
export const paymentSource: DollrResource = {
	option: { name: 'Payment Source', value: 'paymentSource' },
	operations: [getStatus, getPaymentLink, getReceiptLink],
};
