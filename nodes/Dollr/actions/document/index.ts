import type { DollrResource } from '../types';
import * as addItem from './addItem.operation';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getReceipt from './getReceipt.operation';
import { INVOICE, ORDER, type DocumentKind } from './kinds';
import * as publish from './publish.operation';
import * as removeItem from './removeItem.operation';
import * as update from './update.operation';
import * as updateItem from './updateItem.operation';

const OPERATIONS = [create, get, getAll, update, addItem, updateItem, removeItem, publish, cancel, getReceipt];

/** Invoice or Order: the same operations, built from the kind's names and paths. */
function documentResource(kind: DocumentKind): DollrResource {
	return {
		option: { name: kind.label, value: kind.resource },
		operations: OPERATIONS.map(({ operation }) => operation(kind)),
	};
}

export const invoice = documentResource(INVOICE);
export const order = documentResource(ORDER);
