import fc from 'fast-check';

import { IdRuns } from '../nodes/DollrTrigger/seen-ids';

/** Sorted, distinct IDs from a generated list. */
const sortedIds = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

// IDs as Dollr could number them: small and dense, or spread up to 2^53 - 1.
const idList = fc.oneof(
	fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }),
	fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1 }), { maxLength: 60 }),
	fc.array(fc.integer({ min: 1_000_000, max: 1_000_400 }), { maxLength: 300 }),
);

describe('IdRuns: the seen-ID set of the Dollr Trigger', () => {
	test('decode(encode(set)) is the set, whatever the IDs', () => {
		fc.assert(
			fc.property(idList, (ids) => {
				const sorted = sortedIds(ids);
				const text = IdRuns.fromSorted(sorted).encode();
				const back = IdRuns.decode(text);
				expect(back.size).toBe(sorted.length);
				expect(back.missing(sorted)).toEqual([]);
				expect(back.encode()).toBe(text);
			}),
			{ numRuns: 2000 },
		);
	});

	test('missing() finds exactly the IDs not in the set; union() adds them', () => {
		fc.assert(
			fc.property(idList, idList, (seenList, currentList) => {
				const seen = new Set(seenList);
				const current = sortedIds(currentList);
				const runs = IdRuns.decode(IdRuns.fromSorted(sortedIds(seenList)).encode());
				const fresh = runs.missing(current);
				expect(fresh).toEqual(current.filter((id) => !seen.has(id)));
				const after = runs.union(IdRuns.fromSorted(fresh));
				expect(after.missing(current)).toEqual([]);
				expect(after.size).toBe(new Set([...seenList, ...currentList]).size);
			}),
			{ numRuns: 2000 },
		);
	});

	test('size follows how IDs are scattered: one run is a few bytes, a random half of 100 000 about 2 bits per ID', () => {
		const all = Array.from({ length: 50_000 }, (_, i) => i + 1);
		expect(IdRuns.fromSorted(all).encode().length).toBeLessThan(30);
		const coins = fc.sample(fc.boolean(), { numRuns: 100_000, seed: 7 });
		const half = Array.from({ length: 100_000 }, (_, i) => i + 1).filter((_, i) => coins[i]);
		const text = IdRuns.fromSorted(half).encode();
		expect(text.length * 6).toBeLessThan(half.length * 2.2);
		expect(IdRuns.decode(text).missing(half)).toEqual([]);
	});

	test('text it did not write is refused, not misread', () => {
		for (const text of ['', 'x', 'r1', 'r1.2.5.0.0', 'r1.2.5.0.0.!!', 'r1.-1', 'r2.0', 'r1.1.5.99.0.A']) {
			expect(() => IdRuns.decode(text)).toThrow();
		}
		expect(IdRuns.decode('r1.0').size).toBe(0);
	});
});
