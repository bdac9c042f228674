import type { DollrResource } from '../types';
import * as detectOperator from './detectOperator.operation';
import * as getFeeTier from './getFeeTier.operation';
import * as getFeeTiers from './getFeeTiers.operation';
import * as getGatewayFees from './getGatewayFees.operation';
import * as getPlatformFees from './getPlatformFees.operation';
import * as quote from './quote.operation';
import * as quoteDocument from './quoteDocument.operation';

/** Read-only: what a payment costs, the fee tables, the operator of a number. All GETs, retried safely. */
export const pricing: DollrResource = {
	option: { name: 'Pricing', value: 'pricing' },
	operations: [quote, quoteDocument, detectOperator, getGatewayFees, getPlatformFees, getFeeTier, getFeeTiers],
};
