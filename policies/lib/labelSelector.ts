import { arr, obj, strMap } from "./values";

/** A Kubernetes LabelSelector as the rules read it: `matchLabels` and `matchExpressions`. */
export interface LabelSelector {
    readonly matchLabels: Readonly<Record<string, string>>;
    readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>;
}

/** Reads a LabelSelector from props (reads every field, so an unknown value throws as props do). */
export function labelSelectorOf(value: unknown): LabelSelector {
    const s = obj(value);
    return {
        matchLabels: strMap(s.matchLabels),
        matchExpressions: arr(s.matchExpressions).map(obj).map((e) => ({ key: String(e.key ?? ""), operator: String(e.operator ?? ""), values: arr(e.values).map(String) })),
    };
}

/**
 * True for an empty label selector (`{}`, or absent): no matchLabels, no matchExpressions. What it selects
 * depends on the kind: every pod for a NetworkPolicy's podSelector and a policy/v1 budget, none in v1beta1.
 */
export function selectsAll(selector: unknown): boolean {
    const s = obj(selector);
    return Object.keys(obj(s.matchLabels)).length === 0 && arr(s.matchExpressions).length === 0;
}

/**
 * The API server's LabelSelector semantics: every matchLabels pair present, and every expression true
 * (In: the label is present with one of the values; NotIn: absent, or none of the values; Exists;
 * DoesNotExist). An operator the API server would refuse matches nothing. An empty selector matches
 * everything: callers decide what an empty selector means for their kind.
 */
export function labelSelectorMatches(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
    if (!Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v)) return false;
    return s.matchExpressions.every(({ key, operator, values }) => {
        const has = Object.prototype.hasOwnProperty.call(labels, key);
        switch (operator) {
            case "In":
                return has && values.includes(labels[key]);
            case "NotIn":
                return !has || !values.includes(labels[key]);
            case "Exists":
                return has;
            case "DoesNotExist":
                return !has;
            default:
                return false;
        }
    });
}
