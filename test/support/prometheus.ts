// A real Prometheus server for tests (the Debian package `prometheus`, the one that gives promtool), on a
// loopback address with its storage in a temporary folder, scraping the targets a test names.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";

export interface PrometheusOptions {
    /** host:port to listen on (loopback). */
    readonly listen: string;
    /** host:port targets of one scrape job, their labels kept as exported (honor_labels). */
    readonly targets: readonly string[];
    /** Scrape interval; default "1s". */
    readonly scrapeInterval?: string;
}

export class PrometheusServer {
    readonly url: string;
    private readonly dir: string;
    private child?: ChildProcess;

    constructor(private readonly o: PrometheusOptions) {
        this.url = `http://${o.listen}`;
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-prometheus-"));
    }

    /** Starts the server and resolves once /-/ready answers (at most 30 s). */
    async start(): Promise<void> {
        const interval = this.o.scrapeInterval ?? "1s";
        const config = path.join(this.dir, "prometheus.yml");
        fs.writeFileSync(config, stringify({
            global: { scrape_interval: interval, evaluation_interval: interval },
            scrape_configs: [{ job_name: "workload", honor_labels: true, static_configs: [{ targets: [...this.o.targets] }] }],
        }));
        const binary = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].find((p) => fs.existsSync(p));
        if (binary === undefined) throw new Error("prometheus is not installed (Debian package prometheus; .ci/run installs it)");
        const log = fs.openSync(path.join(this.dir, "prometheus.log"), "a");
        this.child = spawn(binary, [
            `--config.file=${config}`, `--storage.tsdb.path=${path.join(this.dir, "data")}`, `--web.listen-address=${this.o.listen}`,
            "--storage.tsdb.retention.time=1h", "--web.enable-lifecycle",
        ], { stdio: ["ignore", log, log] });
        fs.closeSync(log);
        for (const until = Date.now() + 30_000; Date.now() < until;) {
            if (this.child.exitCode !== null) throw new Error(`prometheus exited ${this.child.exitCode}: ${this.log().slice(-2000)}`);
            try {
                if ((await fetch(`${this.url}/-/ready`)).ok) return;
            } catch {
                // not listening yet
            }
            await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error(`prometheus not ready in 30 s: ${this.log().slice(-2000)}`);
    }

    /** One instant query's value (the first series), or undefined when there is none. */
    async value(query: string): Promise<number | undefined> {
        const r = (await (await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
        const first = r.data.result[0];
        return first === undefined ? undefined : Number(first.value[1]);
    }

    log(): string {
        const file = path.join(this.dir, "prometheus.log");
        return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    }

    stop(): void {
        this.child?.kill("SIGKILL");
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
