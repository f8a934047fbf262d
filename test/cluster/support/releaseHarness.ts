// The release suite's harness, a process of its own beside `pulumi up` (which the suite runs blocking): a
// real Prometheus scraping the synthetic workload, the workload itself, the gate runner (gate pods run as
// processes against the real API server), and an observer of the app's HTTPRoute that records every change
// of its rules with the time seen. Started with a JSON config file as its one argument; writes `ready`,
// `route.jsonl` and `runs.json` into its work folder; stops on SIGTERM.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PrometheusServer } from "../../support/prometheus";
import { GateRunner } from "./gateRunner";
import { KubeApi } from "./kubeApi";
import { Workload } from "./workload";

export interface HarnessConfig {
    readonly kubeconfig: string;
    readonly namespace: string;
    readonly app: string;
    readonly workDir: string;
    /** Loopback addresses: Prometheus, the exporter, and each track's Service. */
    readonly addresses: { readonly prometheus: string; readonly metrics: string; readonly stable: string; readonly canary: string };
    /** Service port of the app (what the smoke gates call) and the Prometheus port. */
    readonly ports: { readonly app: number; readonly prometheus: number; readonly metrics: number };
    /** Cluster DNS names of Prometheus (as the stack's analysis.prometheusUrl names it). */
    readonly prometheusHost: string;
    /** Requests per second over both tracks. */
    readonly rate: number;
}

/**
 * One observed state of the route: the candidate's weight in its default rule (a canary's `<app>-canary`, or the
 * colour a blue-green switch walks to) and whether the header rule is there.
 */
export interface RouteObservation {
    readonly at: number;
    readonly weight: number;
    readonly header: boolean;
    readonly resourceVersion: string;
}

/**
 * The candidate's weight (percent) and the header rule of an app route's rules: the share of every backend but the
 * ones serving the last good version (`<app>-stable` of a canary, the live Service `<app>` of a blue-green app). Pure.
 */
export function observe(app: string, rules: ReadonlyArray<{ matches?: Array<{ headers?: unknown[] }>; backendRefs?: Array<{ name: string; weight?: number }> }>): { weight: number; header: boolean } {
    const header = rules.some((r) => (r.matches ?? []).some((m) => (m.headers ?? []).length > 0));
    const main = rules.find((r) => !(r.matches ?? []).some((m) => (m.headers ?? []).length > 0));
    const refs = main?.backendRefs ?? [];
    const total = refs.reduce((n, b) => n + (b.weight ?? 1), 0);
    const canary = refs.filter((b) => b.name !== app && b.name !== `${app}-stable`).reduce((n, b) => n + (b.weight ?? 1), 0);
    return { weight: total === 0 ? 0 : Math.round((100 * canary) / total), header };
}

/**
 * How often the observer reads the route: each change is seen up to this late, so a hold measured between two
 * observations can read short by as much (a weight held exactly 10 s may be observed for 9.9 s).
 */
export const ROUTE_POLL_MS = 100;

async function main(configFile: string): Promise<void> {
    const c = JSON.parse(fs.readFileSync(configFile, "utf8")) as HarnessConfig;
    const log = (line: string) => fs.appendFileSync(path.join(c.workDir, "harness.log"), `${new Date().toISOString()} ${line}\n`);
    const api = new KubeApi(c.kubeconfig);
    let weight = 0;
    let lastKey = "";
    const routeLog = path.join(c.workDir, "route.jsonl");
    const watchRoute = async () => {
        try {
            const route = await api.get(`/apis/gateway.networking.k8s.io/v1/namespaces/${c.namespace}/httproutes/${c.app}`);
            if (route === undefined) return;
            const o = observe(c.app, route.spec.rules ?? []);
            weight = o.weight;
            const key = `${o.weight}/${o.header}`;
            if (key !== lastKey) {
                lastKey = key;
                const entry: RouteObservation = { at: Date.now(), weight: o.weight, header: o.header, resourceVersion: route.metadata.resourceVersion };
                fs.appendFileSync(routeLog, `${JSON.stringify(entry)}\n`);
            }
        } catch (err) {
            log(`route observer: ${(err as Error).message}`);
        }
    };
    const routeTimer = setInterval(() => void watchRoute(), ROUTE_POLL_MS);

    const workload = new Workload({ namespace: c.namespace, app: c.app, rate: c.rate, behaviourFile: path.join(c.workDir, "behaviour.json"), canaryWeight: () => weight });
    await workload.listen({ stable: c.addresses.stable, canary: c.addresses.canary, metrics: c.addresses.metrics }, { app: c.ports.app, metrics: c.ports.metrics });
    const prometheus = new PrometheusServer({ listen: `${c.addresses.prometheus}:${c.ports.prometheus}`, targets: [`${c.addresses.metrics}:${c.ports.metrics}`] });
    await prometheus.start();

    // The gate runs as its pod's non-root user: give it a node it can reach (the checkout may sit in a private folder).
    const nodeDir = path.join(c.workDir, "node");
    fs.mkdirSync(nodeDir, { recursive: true, mode: 0o755 });
    fs.copyFileSync(process.execPath, path.join(nodeDir, "node"));
    fs.chmodSync(path.join(nodeDir, "node"), 0o755);
    for (let d = nodeDir; d !== path.dirname(d) && d.startsWith(os.tmpdir()); d = path.dirname(d)) fs.chmodSync(d, fs.statSync(d).mode | 0o055);
    const runner = new GateRunner(api, {
        nodeDir,
        namespace: c.namespace,
        // A blue-green app's colours answer where the tracks do (its live Service where stable does).
        hosts: { [c.prometheusHost]: c.addresses.prometheus, [`${c.app}-stable`]: c.addresses.stable, [`${c.app}-canary`]: c.addresses.canary, [c.app]: c.addresses.stable, [`${c.app}-blue`]: c.addresses.stable, [`${c.app}-green`]: c.addresses.canary },
        workDir: path.join(c.workDir, "gates"),
        kubeconfig: c.kubeconfig,
        log,
    });
    runner.start();
    const runsTimer = setInterval(() => fs.writeFileSync(path.join(c.workDir, "runs.json"), JSON.stringify(runner.runs)), 250);

    const stop = () => {
        clearInterval(routeTimer);
        clearInterval(runsTimer);
        fs.writeFileSync(path.join(c.workDir, "runs.json"), JSON.stringify(runner.runs));
        runner.stop();
        workload.close();
        prometheus.stop();
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
    fs.writeFileSync(path.join(c.workDir, "ready"), `${process.pid}\n`);
    log("harness ready");
}

if (require.main === module) {
    main(process.argv[2]).catch((err) => {
        console.error(err);
        process.exit(1);
    });
}
