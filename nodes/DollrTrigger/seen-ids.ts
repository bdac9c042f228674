/**
 * The IDs of the documents a trigger has already seen, kept small enough for a
 * workflow's static data.
 *
 * Dollr's list endpoints answer the whole current list, unpaginated, and
 * document no timestamp on its items, nor that IDs grow over time. So telling a
 * new document from one seen before needs the set of IDs seen, exactly (a
 * probabilistic filter would drop real payments). The set is kept as runs of
 * consecutive IDs, stored as the gaps and lengths between them, each coded with
 * a Rice code (a unary quotient and k plain bits, k chosen per stream for the
 * smallest result) and written straight into base64 text.
 *
 * What that costs depends on how the seen IDs are scattered, not on how many
 * there are: IDs 1..50 000 all seen is one run (a few bytes); 50 000 seen out
 * of 100 000 at random is about 2 bits per ID (13 KB); IDs scattered over a far
 * larger numbering (Dollr numbering every merchant's documents in one sequence)
 * cost about log2(spacing) + 2 bits each. A quotient of 24 or more is escaped
 * into an Elias gamma code, so one huge gap stays cheap whatever k is.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...ALPHABET].map((char, value) => [char, value]));
/** Unary quotients from this length on are escaped (see above). */
const ESCAPE = 24;
const FORMAT = 'r1';

class BitWriter {
	private readonly chars: string[] = [];
	private acc = 0;
	private bits = 0;

	bit(value: number): void {
		this.acc = (this.acc << 1) | value;
		if (++this.bits === 6) {
			this.chars.push(ALPHABET[this.acc]);
			this.acc = 0;
			this.bits = 0;
		}
	}

	/** `value` (a whole number below 2^53) in `count` bits, most significant first. */
	number(value: number, count: number): void {
		for (let i = count - 1; i >= 0; i--) this.bit(Math.floor(value / 2 ** i) % 2);
	}

	text(): string {
		if (this.bits > 0) this.chars.push(ALPHABET[this.acc << (6 - this.bits)]);
		return this.chars.join('');
	}
}

class BitReader {
	private index = 0;
	private acc = 0;
	private bits = 0;

	constructor(private readonly text: string) {}

	bit(): number {
		if (this.bits === 0) {
			const value = DIGIT.get(this.text[this.index++]);
			if (value === undefined) throw new Error('the seen-ID data ends early or holds a foreign character');
			this.acc = value;
			this.bits = 6;
		}
		this.bits--;
		return (this.acc >> this.bits) & 1;
	}

	number(count: number): number {
		let value = 0;
		for (let i = 0; i < count; i++) value = value * 2 + this.bit();
		return value;
	}
}

function bitLength(value: number): number {
	return value === 0 ? 0 : Math.floor(Math.log2(value)) + 1;
}

function riceCost(value: number, k: number): number {
	const quotient = Math.floor(value / 2 ** k);
	return k + (quotient < ESCAPE ? quotient + 1 : ESCAPE + 2 * bitLength(quotient - ESCAPE + 1) - 1);
}

function writeRice(out: BitWriter, value: number, k: number): void {
	const quotient = Math.floor(value / 2 ** k);
	if (quotient < ESCAPE) {
		for (let i = 0; i < quotient; i++) out.bit(1);
		out.bit(0);
	} else {
		for (let i = 0; i < ESCAPE; i++) out.bit(1);
		const rest = quotient - ESCAPE + 1; // Elias gamma: n - 1 zeros, then the n bits of `rest`
		const length = bitLength(rest);
		out.number(0, length - 1);
		out.number(rest, length);
	}
	out.number(value - quotient * 2 ** k, k);
}

function readRice(input: BitReader, k: number): number {
	let quotient = 0;
	while (quotient < ESCAPE && input.bit() === 1) quotient++;
	if (quotient === ESCAPE) {
		let zeros = 0;
		while (input.bit() === 0) {
			if (++zeros > 53) throw new Error('the seen-ID data holds a number that is too large');
		}
		quotient = ESCAPE - 1 + (2 ** zeros + input.number(zeros));
	}
	return quotient * 2 ** k + input.number(k);
}

/**
 * The k that codes `values` smallest. Judged on at most 4 096 of them (evenly
 * spread): the choice only changes the size, never what is decoded.
 */
function bestK(values: number[]): number {
	const step = Math.max(1, Math.floor(values.length / 4096));
	let best = 0;
	let bestCost = Infinity;
	const maxK = bitLength(Math.max(0, ...values.filter((_, i) => i % step === 0)));
	for (let k = 0; k <= maxK; k++) {
		let cost = 0;
		for (let i = 0; i < values.length; i += step) cost += riceCost(values[i], k);
		if (cost < bestCost) [best, bestCost] = [k, cost];
	}
	return best;
}

/** A set of whole numbers (0 up to 2^53) held as sorted, disjoint, non-adjacent runs [start, end). */
export class IdRuns {
	private constructor(
		private readonly starts: number[],
		private readonly ends: number[],
	) {}

	static empty(): IdRuns {
		return new IdRuns([], []);
	}

	/** From IDs sorted ascending (repeats allowed). */
	static fromSorted(ids: ArrayLike<number>): IdRuns {
		const starts: number[] = [];
		const ends: number[] = [];
		for (let i = 0; i < ids.length; i++) {
			const id = ids[i];
			if (ends.length > 0 && id <= ends[ends.length - 1]) {
				ends[ends.length - 1] = Math.max(ends[ends.length - 1], id + 1);
			} else {
				starts.push(id);
				ends.push(id + 1);
			}
		}
		return new IdRuns(starts, ends);
	}

	get runCount(): number {
		return this.starts.length;
	}

	get size(): number {
		let size = 0;
		for (let i = 0; i < this.starts.length; i++) size += this.ends[i] - this.starts[i];
		return size;
	}

	/** Those of `ids` (sorted ascending) that are not in the set, in order. One pass over both. */
	missing(ids: ArrayLike<number>): number[] {
		const out: number[] = [];
		let run = 0;
		for (let i = 0; i < ids.length; i++) {
			const id = ids[i];
			while (run < this.ends.length && this.ends[run] <= id) run++;
			if (run === this.starts.length || id < this.starts[run]) out.push(id);
		}
		return out;
	}

	/** The set with `other` added. */
	union(other: IdRuns): IdRuns {
		const starts: number[] = [];
		const ends: number[] = [];
		let a = 0;
		let b = 0;
		while (a < this.starts.length || b < other.starts.length) {
			const takeA = b === other.starts.length || (a < this.starts.length && this.starts[a] <= other.starts[b]);
			const start = takeA ? this.starts[a] : other.starts[b];
			const end = takeA ? this.ends[a++] : other.ends[b++];
			if (ends.length > 0 && start <= ends[ends.length - 1]) {
				ends[ends.length - 1] = Math.max(ends[ends.length - 1], end);
			} else {
				starts.push(start);
				ends.push(end);
			}
		}
		return new IdRuns(starts, ends);
	}

	/** `r1.<runs>.<first start>.<k gaps>.<k lengths>.<bits>`: text for the workflow's static data. */
	encode(): string {
		const count = this.starts.length;
		if (count === 0) return `${FORMAT}.0`;
		const gaps: number[] = [];
		const lengths: number[] = [];
		for (let i = 0; i < count; i++) {
			if (i > 0) gaps.push(this.starts[i] - this.ends[i - 1] - 1);
			lengths.push(this.ends[i] - this.starts[i] - 1);
		}
		const kGap = bestK(gaps);
		const kLength = bestK(lengths);
		const out = new BitWriter();
		for (let i = 0; i < count; i++) {
			if (i > 0) writeRice(out, gaps[i - 1], kGap);
			writeRice(out, lengths[i], kLength);
		}
		return `${FORMAT}.${count}.${this.starts[0]}.${kGap}.${kLength}.${out.text()}`;
	}

	/** The set `encode` wrote. Throws on text it did not write (the caller decides what then). */
	static decode(text: string): IdRuns {
		const [format, countText, firstText, kGapText, kLengthText, bits = ''] = text.split('.');
		const count = Number(countText);
		if (format !== FORMAT || !Number.isSafeInteger(count) || count < 0) throw new Error('not seen-ID data');
		if (count === 0) return IdRuns.empty();
		const [first, kGap, kLength] = [firstText, kGapText, kLengthText].map(Number);
		if (![first, kGap, kLength].every((n) => Number.isSafeInteger(n) && n >= 0) || kGap > 53 || kLength > 53) {
			throw new Error('not seen-ID data');
		}
		const input = new BitReader(bits);
		const starts: number[] = new Array(count);
		const ends: number[] = new Array(count);
		for (let i = 0; i < count; i++) {
			starts[i] = i === 0 ? first : ends[i - 1] + 1 + readRice(input, kGap);
			ends[i] = starts[i] + 1 + readRice(input, kLength);
		}
		return new IdRuns(starts, ends);
	}
}
