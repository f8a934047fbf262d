import * as assert from "assert";
import { appDashboard, dashboardExpressions } from "../../components/observability/dashboard";
import { prometheusRuleSpec } from "../../components/observability/alertRules";
import { alertRulesArgs, apps } from "./fixtures";

type Parser = { parse(input: string): { iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void } };
let parser: Parser;

/** Positions of error nodes (⚠) in the lezer-promql parse tree; empty means the expression parses. */
function syntaxErrors(expr: string): number[] {
    const errors: number[] = [];
    parser.parse(expr).iterate({ enter: (n) => { if (n.type.isError) errors.push(n.from); } });
    return errors;
}

function allExpressions(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const tier of ["dev", "staging", "production"] as const) {
        for (const g of prometheusRuleSpec(alertRulesArgs(tier)).groups) {
            for (const r of g.rules) out.push([`${tier} ${g.name} ${r.alert ?? r.record}`, r.expr]);
        }
    }
    for (const a of apps) {
        const d = appDashboard({ namespace: "shop-production", app: a.name, tracks: a.tracks, availabilityTarget: a.availabilityTarget, latencyMs: a.latencyMs ?? 500 });
        dashboardExpressions(d).forEach((e, i) => out.push([`dashboard ${a.name} #${i}`, e]));
    }
    return out;
}

describe("PromQL expressions parse with @prometheus-io/lezer-promql", () => {
    before(async () => {
        ({ parser } = (await import("@prometheus-io/lezer-promql")) as unknown as { parser: Parser });
    });

    it("detects a broken expression (the check can fail)", () => {
        assert.notDeepStrictEqual(syntaxErrors('sum by (namespace (rate(http_requests_total{app="x"}[5m]))'), []);
        assert.notDeepStrictEqual(syntaxErrors('up{app="x"} == '), []);
        assert.notDeepStrictEqual(syntaxErrors("rate(http_requests_total[5 m])"), []);
        assert.deepStrictEqual(syntaxErrors('sum by (namespace) (rate(http_requests_total{app="x"}[5m]))'), []);
    });

    it("parses every rule, recording rule and dashboard target", () => {
        const exprs = allExpressions();
        assert.ok(exprs.length > 100, `expected many expressions, found ${exprs.length}`);
        const bad = exprs.filter(([, e]) => syntaxErrors(e).length > 0).map(([where, e]) => `${where}: ${e}`);
        assert.deepStrictEqual(bad, []);
    });
});
