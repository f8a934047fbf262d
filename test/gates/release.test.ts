import * as assert from "node:assert/strict";
import * as gate from "../../gates/gate";
import { emptyVector, FakePrometheus, vector } from "./fakePrometheus";

const CHECKS = gate.defaultChecks({ namespace: "shop", app: "checkout" });
const [SUCCESS, LATENCY] = CHECKS.map((c) => c.query);
const TRAFFIC: gate.TrafficTarget = { namespace: "shop", route: "checkout", path: { type: "PathPrefix", value: "/checkout" }, port: 80, stable: "checkout-stable", canary: "checkout-canary", header: { name: "x-canary", value: "always" } };

/** The route as the gate leaves it: every rules list it wrote, in order, reduced to the canary's weight and the header rule. */
class RecordingRoute implements gate.RouteClient {
    readonly writes: Array<{ weight: number; header: boolean }> = [];
    readonly verdicts: gate.ReleaseVerdict[] = [];
    refuseFrom?: number;
    /** From this write on, a newer release owns the route. */
    supersededFrom?: number;
    async setRules(rules: unknown[], verdict?: gate.ReleaseVerdict): Promise<string | { superseded: string } | undefined> {
        if (this.supersededFrom !== undefined && this.writes.length >= this.supersededFrom) return { superseded: 'the route now belongs to release "def456", not abc123' };
        if (this.refuseFrom !== undefined && this.writes.length >= this.refuseFrom) return "patching HTTPRoute shop/checkout failed: HTTP 403: forbidden";
        const rs = rules as Array<{ matches: Array<{ headers?: unknown[] }>; backendRefs: Array<{ name: string; weight?: number }> }>;
        const main = rs.find((r) => r.matches.every((m) => m.headers === undefined))!;
        const canary = main.backendRefs.find((b) => b.name === "checkout-canary");
        this.writes.push({ weight: canary === undefined ? 0 : canary.weight ?? 100, header: rs.length === 2 });
        if (verdict !== undefined) this.verdicts.push(verdict);
        return undefined;
    }
    get weight(): number {
        return this.writes.at(-1)?.weight ?? 0;
    }
}

function releaseEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
    return { GATE_MODE: "release", GATE_NAME: "checkout-release", GATE_PROMETHEUS_URL: url, GATE_CHECKS: JSON.stringify(CHECKS), GATE_RETRIES: "0", GATE_STEPS: "10,50,100", GATE_STEP_SECONDS: "1", GATE_INTERVAL_SECONDS: "0.5", GATE_RELEASE: "abc123", GATE_TRAFFIC: JSON.stringify(TRAFFIC), ...extra };
}

const never: gate.StopSignal = { stopped: new Promise<void>(() => undefined) };

/** The configuration error for the release env with `env` over it, or "" when it parses. */
function message(env: Record<string, string>): string {
    try {
        gate.parseConfig({ ...releaseEnv("http://prometheus:9090"), ...env });
    } catch (err) {
        return (err as Error).message;
    }
    return "";
}

describe("gate program: release mode walks the steps and rolls back by itself", () => {
    const prom = new FakePrometheus();
    let url = "";
    before(async () => (url = await prom.start()));
    after(() => prom.stop());
    beforeEach(() => (prom.queries.length = 0));

    async function release(route: RecordingRoute, extra: Record<string, string> = {}, signal = never) {
        const lines: string[] = [];
        const config = gate.parseConfig(releaseEnv(url, extra)) as gate.ReleaseConfig;
        const result = await gate.runRelease(config, (l) => lines.push(l), route, signal);
        return { result, lines };
    }

    it("applies each weight with the header rule, samples it every interval for the step's duration, then sends all traffic to the canary", async () => {
        const route = new RecordingRoute();
        prom.answer = (q) => (q === SUCCESS ? vector("1") : q === LATENCY ? vector("0.05") : emptyVector);
        const { result, lines } = await release(route);
        assert.deepEqual(route.writes, [{ weight: 10, header: true }, { weight: 50, header: true }, { weight: 100, header: true }, { weight: 100, header: false }]);
        assert.equal(result.ok, true);
        assert.equal(result.message, "checkout-release: every step passed (10, 50, 100%); traffic on checkout-canary (100%)");
        // The verdict goes with the last patch only, for this release.
        assert.deepEqual(route.verdicts, [{ release: "abc123", outcome: "complete", message: result.message }]);
        // Two samples per step (1 s held, 0.5 s interval), both checks each time.
        assert.equal(prom.queries.length, 3 * 2 * 2);
        assert.deepEqual(lines.filter((l) => l.startsWith("STEP")), ["STEP 1/3 weight=10 hold=1s", "STEP 2/3 weight=50 hold=1s", "STEP 3/3 weight=100 hold=1s"]);
        assert.ok(lines.includes("PASS check=request-success-rate step=3 sample=2 value=1 want >= 0.99"));
    });

    it("a check failing at the second step returns all traffic to stable at once (no header rule) and names the check, value and threshold", async () => {
        const route = new RecordingRoute();
        prom.answer = (q) => (q === SUCCESS ? vector(route.weight >= 50 ? "0.9" : "0.99") : vector("0.05"));
        const { result, lines } = await release(route);
        assert.deepEqual(route.writes, [{ weight: 10, header: true }, { weight: 50, header: true }, { weight: 0, header: false }]);
        assert.equal(result.ok, false);
        assert.equal(result.outcome, "rolled-back");
        assert.equal(result.message, "checkout-release: at step 2/3 (weight 50%): check request-success-rate: value 0.9, want >= 0.99; traffic returned to checkout-stable (100%)");
        assert.deepEqual(route.verdicts, [{ release: "abc123", outcome: "rolled-back", message: result.message }], "recorded with the rollback's own patch");
        assert.ok(lines.includes("FAIL check=request-success-rate step=2 sample=1 value=0.9 want >= 0.99"), "on the first sample of that step");
        // The threshold itself passes (>=): 0.99 held through step 1's two samples.
        assert.ok(lines.includes("PASS check=request-success-rate step=1 sample=2 value=0.99 want >= 0.99"));
    });

    it("a hold walks its steps, then keeps the last weight and the header rule, and records that it holds", async () => {
        const route = new RecordingRoute();
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        const { result, lines } = await release(route, { GATE_STEPS: "10,50", GATE_HOLD: "true" });
        assert.deepEqual(route.writes, [{ weight: 10, header: true }, { weight: 50, header: true }, { weight: 50, header: true }]);
        assert.equal(result.outcome, "held");
        assert.deepEqual(route.verdicts, [{ release: "abc123", outcome: "held", message: "checkout-release: every step passed up to the hold (10, 50%); traffic held at 50% on checkout-canary until the release is approved" }]);
        assert.ok(lines.includes("HELD at weight 50 until the release is approved"));
        assert.equal(message({ GATE_HOLD: "yes" }), 'GATE_HOLD must be "true" or unset, got "yes"');
    });

    it("no data is a failure that says so", async () => {
        const route = new RecordingRoute();
        prom.answer = () => emptyVector;
        const { result } = await release(route);
        assert.equal(result.message, "checkout-release: at step 1/3 (weight 10%): check request-success-rate: no data (no traffic reached the canary, or its metrics are not scraped); traffic returned to checkout-stable (100%)");
        assert.deepEqual(route.writes.at(-1), { weight: 0, header: false });
    });

    it("a latency breach (<= threshold) rolls back too; the threshold itself passes", async () => {
        const route = new RecordingRoute();
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector(route.weight >= 100 ? "0.51" : "0.5"));
        const { result } = await release(route);
        assert.equal(result.message, "checkout-release: at step 3/3 (weight 100%): check request-duration-p99: value 0.51, want <= 0.5; traffic returned to checkout-stable (100%)");
    });

    it("SIGTERM (the Job deleted or past its deadline) rolls back before the gate exits", async () => {
        const route = new RecordingRoute();
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        let stop!: () => void;
        const signal: gate.StopSignal = { stopped: new Promise<void>((r) => (stop = r)) };
        setTimeout(() => {
            signal.reason = "stopped by the test";
            stop();
        }, 200);
        const { result } = await release(route, {}, signal);
        assert.equal(result.message, "checkout-release: at step 1/3 (weight 10%): stopped by the test; traffic returned to checkout-stable (100%)");
        assert.equal(prom.queries.length, 0, "no sample after the stop");
    });

    it("a route a newer release has reset is left alone: no further weight, no rollback, no verdict, exit 0", async () => {
        const route = new RecordingRoute();
        route.supersededFrom = 1;
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        const lines: string[] = [];
        assert.equal(await gate.main(releaseEnv(url), (l) => lines.push(l), { client: route, signal: never }), 0);
        assert.deepEqual(route.writes, [{ weight: 10, header: true }]);
        assert.deepEqual(route.verdicts, []);
        assert.deepEqual(lines.slice(-2), ['SUPERSEDED the route now belongs to release "def456", not abc123: this gate leaves its traffic alone', "GATE SUPERSEDED name=checkout-release mode=release"]);
    });

    it("a fault of the gate itself mid-walk returns traffic to stable and fails the Job (no verdict: the program refuses to promote)", async () => {
        const route = new RecordingRoute();
        const setRules = route.setRules.bind(route);
        let calls = 0;
        route.setRules = async (rules, verdict) => {
            if (++calls === 2) throw new Error("socket hang up");
            return setRules(rules, verdict);
        };
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        const lines: string[] = [];
        assert.equal(await gate.main(releaseEnv(url), (l) => lines.push(l), { client: route, signal: never }), 1);
        assert.deepEqual(route.writes, [{ weight: 10, header: true }, { weight: 0, header: false }]);
        assert.deepEqual(route.verdicts, []);
        assert.ok(lines.includes("GATE ERROR socket hang up"));
        assert.ok(lines.includes("ROLLBACK after the gate's own error; traffic returned to checkout-stable (100%)"));
    });

    it("a route it may not patch fails the release, and says when the rollback itself failed", async () => {
        const route = new RecordingRoute();
        route.refuseFrom = 1;
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        const { result } = await release(route);
        assert.equal(result.outcome, "unsafe");
        assert.equal(result.message, "checkout-release: at step 2/3 (weight 50%): patching HTTPRoute shop/checkout failed: HTTP 403: forbidden; ROLLBACK FAILED (patching HTTPRoute shop/checkout failed: HTTP 403: forbidden): traffic may still reach checkout-canary");
    });

    it("main: exit 0 once traffic is safe (completed, or rolled back with its verdict recorded), 1 when it is not, 2 without a ServiceAccount token", async () => {
        prom.answer = (q) => (q === SUCCESS ? vector("0.5") : vector("0.05"));
        const lines: string[] = [];
        assert.equal(await gate.main(releaseEnv(url), (l) => lines.push(l), { client: new RecordingRoute(), signal: never }), 0);
        assert.equal(lines.at(-1), "GATE ROLLED BACK name=checkout-release mode=release");
        const refusing = new RecordingRoute();
        refusing.refuseFrom = 1;
        assert.equal(await gate.main(releaseEnv(url), () => undefined, { client: refusing, signal: never }), 1);
        prom.answer = (q) => (q === SUCCESS ? vector("1") : vector("0.05"));
        assert.equal(await gate.main(releaseEnv(url, { GATE_STEPS: "100" }), () => undefined, { client: new RecordingRoute(), signal: never }), 0);
        lines.length = 0;
        assert.equal(await gate.main(releaseEnv(url), (l) => lines.push(l), { signal: never }), 2);
        assert.deepEqual(lines, ["GATE CONFIG ERROR KUBERNETES_SERVICE_HOST is not set: the gate must run in a pod with a ServiceAccount token"]);
    });

    it("handover gives stable all traffic (no header rule)", async () => {
        const route = new RecordingRoute();
        const config = gate.parseConfig({ GATE_MODE: "handover", GATE_NAME: "checkout-handover", GATE_TRAFFIC: JSON.stringify(TRAFFIC) }) as gate.HandoverConfig;
        const result = await gate.runHandover(config, () => undefined, route);
        assert.deepEqual(route.writes, [{ weight: 0, header: false }]);
        assert.equal(result.message, "checkout-handover: traffic on checkout-stable (100%)");
    });
});

describe("gate program: release and handover configuration", () => {
    const bad = (env: Record<string, string>) => assert.throws(() => gate.parseConfig({ ...releaseEnv("http://prometheus:9090"), ...env }), gate.GateConfigError);

    it("steps: integers 1..100, strictly rising, at most 20", () => {
        assert.deepEqual((gate.parseConfig(releaseEnv("http://p:9090", { GATE_STEPS: "1,100" })) as gate.ReleaseConfig).steps, [1, 100]);
        assert.equal(message({ GATE_STEPS: "0,50" }), 'GATE_STEPS[0] must be an integer weight 1..100, got "0"');
        assert.equal(message({ GATE_STEPS: "50,101" }), 'GATE_STEPS[1] must be an integer weight 1..100, got "101"');
        assert.equal(message({ GATE_STEPS: "50,50" }), "GATE_STEPS must rise strictly, but 50 follows 50");
        assert.equal(message({ GATE_STEPS: "10,2.5" }), 'GATE_STEPS[1] must be an integer weight 1..100, got "2.5"');
        assert.equal(message({ GATE_STEPS: Array.from({ length: 21 }, (_, i) => i + 1).join(",") }), "GATE_STEPS lists 21 weights, at most 20");
        assert.equal(message({ GATE_STEPS: "" }), "GATE_STEPS is required in release mode (comma-separated canary weights)");
    });

    it("the release id is required, a DNS-1123 label", () => {
        assert.equal(message({ GATE_RELEASE: "" }), 'GATE_RELEASE must name the release (a DNS-1123 label), got ""');
        assert.equal(message({ GATE_RELEASE: "Abc" }), 'GATE_RELEASE must name the release (a DNS-1123 label), got "Abc"');
    });

    it("the step's hold is required, and every step is sampled at least once (interval above 0, at most the hold)", () => {
        assert.equal(message({ GATE_STEP_SECONDS: "" }), "GATE_STEP_SECONDS is required in release mode (how long each weight is held)");
        bad({ GATE_STEP_SECONDS: "0" });
        assert.equal((gate.parseConfig(releaseEnv("http://p:9090", { GATE_STEP_SECONDS: "1", GATE_INTERVAL_SECONDS: "1" })) as gate.ReleaseConfig).stepSeconds, 1);
        assert.equal(message({ GATE_STEP_SECONDS: "1", GATE_INTERVAL_SECONDS: "1.5" }), "GATE_INTERVAL_SECONDS must be above 0 and at most GATE_STEP_SECONDS (1), got 1.5: each step is sampled at least once");
        bad({ GATE_INTERVAL_SECONDS: "0" });
    });

    it("the traffic target: exactly the known fields, DNS labels, a port, a path from /", () => {
        assert.deepEqual(gate.parseTraffic(JSON.stringify(TRAFFIC)), TRAFFIC);
        assert.equal(message({ GATE_TRAFFIC: JSON.stringify({ ...TRAFFIC, verbs: ["delete"] }) }), "GATE_TRAFFIC has unknown field(s): verbs");
        assert.equal(message({ GATE_TRAFFIC: JSON.stringify({ ...TRAFFIC, route: "../secrets" }) }), 'GATE_TRAFFIC.route must be a DNS-1123 label, got "../secrets"');
        assert.equal(message({ GATE_TRAFFIC: JSON.stringify({ ...TRAFFIC, port: 0 }) }), "GATE_TRAFFIC.port must be an integer 1..65535, got 0");
        bad({ GATE_TRAFFIC: JSON.stringify({ ...TRAFFIC, path: { type: "PathPrefix", value: "checkout" } }) });
        bad({ GATE_TRAFFIC: "[]" });
        bad({ GATE_TRAFFIC: "{" });
        assert.equal(message({ GATE_MODE: "handover", GATE_TRAFFIC: "" }), "GATE_TRAFFIC is required in release and handover modes (the route to change)");
    });

    it("the route's rules: stable only at 0, canary only at 100, a split between, the header rule first", () => {
        const { header: _h, ...plain } = TRAFFIC;
        const path = { type: "PathPrefix", value: "/checkout" };
        assert.deepEqual(gate.canaryRules(plain, 0), [{ matches: [{ path }], backendRefs: [{ name: "checkout-stable", port: 80 }] }]);
        assert.deepEqual(gate.canaryRules(plain, 100), [{ matches: [{ path }], backendRefs: [{ name: "checkout-canary", port: 80 }] }]);
        assert.deepEqual(gate.canaryRules(plain, 1, TRAFFIC.header), [
            { matches: [{ path, headers: [{ type: "Exact", name: "x-canary", value: "always" }] }], backendRefs: [{ name: "checkout-canary", port: 80 }] },
            { matches: [{ path }], backendRefs: [{ name: "checkout-stable", port: 80, weight: 99 }, { name: "checkout-canary", port: 80, weight: 1 }] },
        ]);
    });
});
