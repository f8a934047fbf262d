// Which series a PromQL expression reads, with the Prometheus grammar (@prometheus-io/lezer-promql). Pure.

// The package is ESM-typed; its CommonJS build is what this CommonJS program loads.
const { parser } = require("@prometheus-io/lezer-promql") as typeof import("@prometheus-io/lezer-promql", { with: { "resolution-mode": "import" } });

/** A label matcher of a series selector: `name op "value"`. */
export interface LabelMatcher {
    readonly name: string;
    readonly op: string;
    readonly value: string;
}

/** What an expression reads: each series selector's matchers (the metric name as `__name__`), or a syntax error. */
export type SeriesSelectors = { readonly selectors: LabelMatcher[][] } | { readonly syntaxError: number };

/** A PromQL string literal's value ("..." and '...' with escapes, `...` raw); undefined when it cannot be read. */
function stringValue(literal: string): string | undefined {
    const quote = literal[0];
    const body = literal.slice(1, -1);
    if (quote === "`") return body;
    try {
        return JSON.parse(quote === "'" ? `"${body.replace(/\\'/g, "'").replace(/"/g, "\\\"")}"` : literal) as string;
    } catch {
        return undefined;
    }
}

/** The series selectors of `query`, each as its list of matchers. */
export function seriesSelectors(query: string): SeriesSelectors {
    const tree = parser.parse(query);
    let syntaxError: number | undefined;
    const selectors: LabelMatcher[][] = [];
    const text = (from: number, to: number) => query.slice(from, to);
    tree.iterate({
        enter: (node) => {
            if (node.type.isError) syntaxError ??= node.from;
            if (node.name !== "VectorSelector") return;
            const matchers: LabelMatcher[] = [];
            const identifier = node.node.getChild("Identifier");
            if (identifier) matchers.push({ name: "__name__", op: "=", value: text(identifier.from, identifier.to) });
            for (const m of node.node.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
                const name = m.getChild("LabelName");
                const op = m.getChild("MatchOp");
                const value = m.getChild("StringLiteral");
                if (name && op && value) matchers.push({ name: text(name.from, name.to), op: text(op.from, op.to), value: stringValue(text(value.from, value.to)) ?? "" });
            }
            for (const m of node.node.getChild("LabelMatchers")?.getChildren("QuotedLabelMatcher") ?? []) {
                const name = m.getChild("QuotedLabelName")?.getChild("StringLiteral");
                const op = m.getChild("MatchOp");
                const value = m.getChild("StringLiteral");
                if (name && op && value) matchers.push({ name: stringValue(text(name.from, name.to)) ?? "", op: text(op.from, op.to), value: stringValue(text(value.from, value.to)) ?? "" });
            }
            selectors.push(matchers);
        },
    });
    return syntaxError !== undefined ? { syntaxError } : { selectors };
}

/** True when every series selector of `query` selects only series with exactly these label values (and there is one). */
export function selectsOnly(query: string, labels: Readonly<Record<string, string>>): boolean {
    const found = seriesSelectors(query);
    if ("syntaxError" in found || found.selectors.length === 0) return false;
    return found.selectors.every((matchers) => Object.entries(labels).every(([name, value]) => matchers.some((m) => m.name === name && m.op === "=" && m.value === value)));
}
