import type { DollrResource } from '../types';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

/** A party linked to the merchant with a relationship type: whom invoices and orders bill. */
export const counterparty: DollrResource = {
	option: { name: 'Counterparty', value: 'counterparty' },
	operations: [create, get, getAll, update],
};
