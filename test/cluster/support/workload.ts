// A synthetic workload for the release suite: what the app's two tracks would serve and export. Each
// track answers its health paths on its own loopback address (the hosts file of the gate runner gives it
// the track Service's name), and one exporter serves the counters and latency histogram a ServiceMonitor
// would scrape, labelled namespace/app/track as the platform's relabelling does. Requests are generated
// at a fixed total rate and split between the tracks by the route's live weights (read from the API
// server), so the analysis samples the very traffic each step sends; what a track does with them
// (success ratio, latency) is the behaviour file's, re-read on every tick so a test can change it.
import * as fs from "node:fs";
import * as http from "node:http";

export interface TrackBehaviour {
    /** Share of requests answered without a 5xx, 0..1. Default 1. */
    readonly successRate?: number;
    /** Latency of every request, milliseconds. Default 20. */
    readonly latencyMs?: number;
    /** From this canary weight (percent) on, the track answers `degraded` instead. Default never. */
    readonly degradeAtWeight?: number;
    readonly degraded?: { readonly successRate?: number; readonly latencyMs?: number };
}

export interface Behaviour {
    readonly stable?: TrackBehaviour;
    readonly canary?: TrackBehaviour;
    /** The `track` label each side's series carry (a blue-green switch judges its colour). Default stable, canary. */
    readonly labels?: { readonly stable?: string; readonly canary?: string };
}

/** Bucket bounds of the latency histogram, seconds. */
export const BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** What a track does at a canary weight. Pure. */
export function effective(t: TrackBehaviour | undefined, canaryWeight: number): { successRate: number; latencyMs: number } {
    const base = { successRate: t?.successRate ?? 1, latencyMs: t?.latencyMs ?? 20 };
    if (t?.degradeAtWeight !== undefined && canaryWeight >= t.degradeAtWeight) {
        return { successRate: t.degraded?.successRate ?? base.successRate, latencyMs: t.degraded?.latencyMs ?? base.latencyMs };
    }
    return base;
}

interface Counters { ok: number; errors: number; buckets: number[]; sum: number }

export class Workload {
    private readonly counters: Record<"stable" | "canary", Counters> = { stable: fresh(), canary: fresh() };
    private weight = 0;
    private last = Date.now();
    private timer?: NodeJS.Timeout;
    private readonly servers: http.Server[] = [];

    constructor(private readonly o: {
        readonly namespace: string;
        readonly app: string;
        /** Requests per second over both tracks. */
        readonly rate: number;
        readonly behaviourFile: string;
        /** Reads the route's current canary weight (percent). */
        readonly canaryWeight: () => number;
    }) {}

    async listen(addresses: { stable: string; canary: string; metrics: string }, ports: { app: number; metrics: number }): Promise<void> {
        const health: http.RequestListener = (_req, res) => {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("ok\n");
        };
        const metrics: http.RequestListener = (req, res) => {
            if (req.url !== "/metrics") {
                res.writeHead(404);
                res.end();
                return;
            }
            this.advance();
            res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
            res.end(this.exposition());
        };
        const bind = (listener: http.RequestListener, host: string, port: number) =>
            new Promise<void>((resolve, reject) => {
                const s = http.createServer(listener);
                s.once("error", reject);
                s.listen(port, host, () => resolve());
                this.servers.push(s);
            });
        await bind(health, addresses.stable, ports.app);
        await bind(health, addresses.canary, ports.app);
        await bind(metrics, addresses.metrics, ports.metrics);
        this.timer = setInterval(() => this.advance(), 100);
    }

    close(): void {
        if (this.timer) clearInterval(this.timer);
        for (const s of this.servers) s.close();
    }

    private behaviour(): Behaviour {
        try {
            return JSON.parse(fs.readFileSync(this.o.behaviourFile, "utf8")) as Behaviour;
        } catch {
            return {};
        }
    }

    /** Adds the requests served since the last call, split by the live weight. */
    private advance(): void {
        const now = Date.now();
        const dt = (now - this.last) / 1000;
        this.last = now;
        this.weight = this.o.canaryWeight();
        const b = this.behaviour();
        for (const track of ["stable", "canary"] as const) {
            const share = track === "canary" ? this.weight / 100 : 1 - this.weight / 100;
            const n = this.o.rate * share * dt;
            if (n <= 0) continue;
            const e = effective(b[track], this.weight);
            const c = this.counters[track];
            c.ok += n * e.successRate;
            c.errors += n * (1 - e.successRate);
            c.sum += n * (e.latencyMs / 1000);
            BUCKETS.forEach((le, i) => {
                if (e.latencyMs / 1000 <= le) c.buckets[i] += n;
            });
            c.buckets[BUCKETS.length] += n;
        }
    }

    private exposition(): string {
        const lines = ["# TYPE http_requests_total counter", "# TYPE http_request_duration_seconds histogram"];
        const labels = this.behaviour().labels ?? {};
        for (const track of ["stable", "canary"] as const) {
            const c = this.counters[track];
            const l = `namespace="${this.o.namespace}",app="${this.o.app}",track="${labels[track] ?? track}"`;
            lines.push(`http_requests_total{${l},code="200"} ${c.ok}`, `http_requests_total{${l},code="500"} ${c.errors}`);
            BUCKETS.forEach((le, i) => lines.push(`http_request_duration_seconds_bucket{${l},le="${le}"} ${c.buckets[i]}`));
            lines.push(`http_request_duration_seconds_bucket{${l},le="+Inf"} ${c.buckets[BUCKETS.length]}`);
            lines.push(`http_request_duration_seconds_sum{${l}} ${c.sum}`, `http_request_duration_seconds_count{${l}} ${c.ok + c.errors}`);
        }
        return `${lines.join("\n")}\n`;
    }
}

function fresh(): Counters {
    return { ok: 0, errors: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0 };
}
