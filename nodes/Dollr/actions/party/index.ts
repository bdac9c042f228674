import type { DollrResource } from '../types';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

/** A contact (person or business) with a phone number: what a counterparty links to. */
export const party: DollrResource = {
	option: { name: 'Party', value: 'party' },
	operations: [create, get, getAll],
};
