// `syntheticEvents`: generated transaction histories standing in for CoLES's per-user data (methods.md §2: no
// real per-user event data is available offline). Each entity has a class that acts weakly and diffusely:
//   codes     a Zipf distribution (exponent 1.1) over `codes`; with probability tilt^2.5 an event's rank is
//             mapped through its class's own permutation of the codes (the power keeps the default 0.3 weak,
//             about 5 % of events, so that aggregate features score near the replication's ROC-AUC of 0.80 on
//             5,000 entities; 1 makes codes class-specific), and a class-dependent share of events repeats the
//             previous code (habits: order carries signal);
//   amounts   log-normal, the mean of log(amount) shifted by `amountShift` per class, plus a per-code effect and a
//             per-entity level; 3 % are refunds (negative);
//   times     fractional days in [0, days); the hour of day peaks at 10:00 for the first class and 16:00 for the
//             last, the weekend share rises with the class (periodicity carries signal);
//   currency  0 (home) but for a per-entity share of foreign ones.
// Entities also have favourite codes (half of their events), so that sub-sequences of one entity resemble each
// other more than those of others: what contrastive training learns from. Lengths are log-uniform in `length`.
//
// Entity e's history is drawn from its own stream, so it does not depend on how many entities are generated.
import type { Random } from '../random/index.js';
import type { EventSequences } from './events.js';

export interface SyntheticEventsOptions {
    readonly entities: number;
    readonly codes: number;
    readonly length: { readonly min: number; readonly max: number };
    readonly classes: number;
    readonly currencies: number;
    readonly tilt: number;
    readonly amountShift: number;
    readonly days: number;
}

const ZIPF_EXPONENT = 1.1;
const FAVOURITES = 5;
const FAVOURITE_SHARE = 0.5;
const REFUND_SHARE = 0.03;

export function syntheticEvents(options: SyntheticEventsOptions, random: Random): EventSequences {
    const { entities, codes, classes, currencies, tilt, amountShift, days } = options;
    const { min, max } = options.length;
    if (!(min >= 1 && max >= min)) throw new RangeError(`syntheticEvents: lengths ${min} .. ${max}`);
    // what every entity shares: the Zipf ranks' cumulative weights, each class's permutation, each code's amount effect
    const structure = random.fork('structure');
    const cumulative = new Float64Array(codes);
    for (let r = 0, total = 0; r < codes; r++) cumulative[r] = total += 1 / (r + 1) ** ZIPF_EXPONENT;
    for (let r = 0; r < codes; r++) cumulative[r]! /= cumulative[codes - 1]!;
    const classCodes = Array.from({ length: classes }, () => structure.permutation(codes));
    const codeEffect = structure.normals(codes, 0, 0.5);
    const zipfRank = (u: number) => {
        let lo = 0, hi = codes - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid]! < u) lo = mid + 1; else hi = mid; }
        return lo;
    };
    const classShare = tilt ** 2.5;
    const position = (c: number) => (classes > 1 ? c / (classes - 1) : 0);   // 0 for the first class, 1 for the last

    const labels = new Int32Array(entities);
    const histories: { time: Float64Array; code: Int32Array; currency: Int32Array; amount: Float64Array }[] = [];
    for (let e = 0; e < entities; e++) {
        const r = random.fork('entity', e);
        const c = r.integer(0, classes);
        labels[e] = c;
        const n = Math.min(max, Math.floor(Math.exp(r.uniform(Math.log(min), Math.log(max + 1)))));
        const classCode = (rank: number) => (r.random() < classShare ? classCodes[c]![rank]! : rank);
        const favourites = Array.from({ length: FAVOURITES }, () => classCode(zipfRank(r.random())));
        const repeat = 0.1 + 0.3 * tilt * position(c);
        const level = r.normal(3.5, 0.5);
        const foreign = currencies > 1 ? 0.1 * r.random() ** 2 : 0;
        const peakHour = 10 + 6 * position(c) + r.normal(0, 1.5);
        const weekendWeight = 1 + 0.6 * position(c);

        // times first (sorted), then the events in time order, so that habits follow time
        const time = new Float64Array(n);
        for (let i = 0; i < n; i++) {
            let day: number;
            // a weekday is accepted with probability 1/weekendWeight, a weekend day always
            do day = r.integer(0, days); while (day % 7 < 5 && r.random() * weekendWeight > 1);
            const hour = (((r.normal(peakHour, 2.5) % 24) + 24) % 24);
            time[i] = day + hour / 24;
        }
        time.sort();
        const code = new Int32Array(n), currency = new Int32Array(n), amount = new Float64Array(n);
        for (let i = 0; i < n; i++) {
            code[i] = i > 0 && r.random() < repeat ? code[i - 1]!
                : r.random() < FAVOURITE_SHARE ? favourites[r.integer(0, FAVOURITES)]!
                : classCode(zipfRank(r.random()));
            currency[i] = r.random() < foreign ? r.integer(1, currencies) : 0;
            const magnitude = Math.exp(r.normal(level + amountShift * c + codeEffect[code[i]!]!, 0.8));
            amount[i] = Math.round((r.random() < REFUND_SHARE ? -magnitude : magnitude) * 100) / 100;
        }
        histories.push({ time, code, currency, amount });
    }

    const offsets = new Int32Array(entities + 1);
    histories.forEach((h, e) => { offsets[e + 1] = offsets[e]! + h.time.length; });
    const total = offsets[entities]!;
    const time = new Float64Array(total), code = new Int32Array(total), currency = new Int32Array(total), amount = new Float64Array(total);
    histories.forEach((h, e) => {
        time.set(h.time, offsets[e]); code.set(h.code, offsets[e]); currency.set(h.currency, offsets[e]); amount.set(h.amount, offsets[e]);
    });
    const width = String(entities - 1).length;
    return {
        // ids that sort like the entities' indices
        entities: Array.from({ length: entities }, (_, e) => `u${String(e).padStart(width, '0')}`),
        offsets,
        time,
        fields: new Map([
            ['mcc_code', { kind: 'category' as const, categories: Array.from({ length: codes }, (_, k) => String(k)), codes: code }],
            ['currency', { kind: 'category' as const, categories: Array.from({ length: Math.max(currencies, 1) }, (_, k) => String(k)), codes: currency }],
            ['amount', { kind: 'amount' as const, values: amount }],
        ]),
        labels,
    };
}
