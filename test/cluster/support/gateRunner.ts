// The kubelet's part for gate pods, which kwok does not run: a gate pod that kwok marked Running is run
// here as a process, with its container's own command and env, its ConfigMap volumes at their mount
// paths, its ServiceAccount token (a TokenRequest bound to the pod) at the kubelet's path and the
// kubelet's KUBERNETES_SERVICE_* variables, as its runAsUser; cluster DNS is a hosts file naming the
// harness's loopback addresses. Its exit is reported on the pod's status as a kubelet would (terminated
// state, exit code, the log's tail as the message under FallbackToLogsOnError), so the Job controller
// completes or fails the Job. A pod deleted while its process runs gets SIGTERM, as from a kubelet.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { KubeApi } from "./kubeApi";

export interface GateRun {
    readonly pod: string;
    readonly job: string;
    readonly startedAt: string;
    finishedAt?: string;
    exitCode?: number;
    readonly logFile: string;
}

export interface GateRunnerOptions {
    readonly namespace: string;
    /** Cluster DNS names the gates use, and the loopback address each stands for. */
    readonly hosts: Readonly<Record<string, string>>;
    /** Where each run's work folder and log go. */
    readonly workDir: string;
    readonly kubeconfig: string;
    /** A folder holding `node`, readable and traversable by the pods' users (the image's node stands in). */
    readonly nodeDir: string;
    readonly log: (line: string) => void;
}

/** Lines of the kubelet's FallbackToLogsOnError message: the log's last 80 lines, at most 2,048 bytes. */
export function fallbackMessage(log: string): string {
    const tail = log.trimEnd().split("\n").slice(-80).join("\n");
    const bytes = Buffer.from(tail, "utf8");
    return bytes.length <= 2048 ? tail : bytes.subarray(bytes.length - 2048).toString("utf8");
}

/** The shell script run in a fresh mount namespace: binds each file and folder at its path, then execs the command as the pod's user. */
export function mountScript(binds: ReadonlyArray<{ source: string; target: string; dir: boolean; readOnly?: boolean }>, uid: number, command: readonly string[], env: Readonly<Record<string, string>>): string {
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const lines = ["set -eu"];
    for (const b of binds) {
        if (b.dir) {
            // A missing mount point is made on a tmpfs over its nearest existing parent (in this namespace only).
            lines.push(`if [ ! -d ${q(b.target)} ]; then p=${q(b.target)}; while [ ! -d "$p" ]; do p=$(dirname "$p"); done; mount -t tmpfs tmpfs "$p"; mkdir -p ${q(b.target)}; fi`);
        }
        lines.push(`mount --bind ${q(b.source)} ${q(b.target)}`);
        if (b.readOnly) lines.push(`mount -o remount,bind,ro ${q(b.target)}`);
    }
    const envArgs = Object.entries(env).map(([k, v]) => q(`${k}=${v}`)).join(" ");
    lines.push(`exec setpriv --reuid=${uid} --regid=${uid} --clear-groups -- env -i ${envArgs} ${command.map(q).join(" ")}`);
    return lines.join("\n");
}

export class GateRunner {
    readonly runs: GateRun[] = [];
    private readonly processes = new Map<string, ChildProcess>();
    private timer?: NodeJS.Timeout;
    private busy = false;

    constructor(private readonly api: KubeApi, private readonly o: GateRunnerOptions) {
        fs.mkdirSync(o.workDir, { recursive: true });
    }

    start(): void {
        this.timer = setInterval(() => void this.tick(), 250);
    }

    stop(): void {
        if (this.timer) clearInterval(this.timer);
        for (const p of this.processes.values()) p.kill("SIGKILL");
    }

    private async tick(): Promise<void> {
        if (this.busy) return;
        this.busy = true;
        try {
            const list = await this.api.get(`/api/v1/namespaces/${this.o.namespace}/pods?labelSelector=platform.dev%2Fgate`);
            const seen = new Set<string>();
            for (const pod of list?.items ?? []) {
                const name = pod.metadata.name as string;
                seen.add(name);
                const running = this.processes.get(name);
                if (running && pod.metadata.deletionTimestamp) running.kill("SIGTERM");
                if (!running && !this.runs.some((r) => r.pod === name) && pod.status?.phase === "Running" && !pod.metadata.deletionTimestamp) await this.launch(pod);
            }
            for (const [name, p] of this.processes) if (!seen.has(name)) p.kill("SIGTERM");
        } catch (err) {
            this.o.log(`gate runner: ${(err as Error).message}`);
        } finally {
            this.busy = false;
        }
    }

    private async launch(pod: any): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
        const name = pod.metadata.name as string;
        const dir = fs.mkdtempSync(path.join(this.o.workDir, `${name}-`));
        fs.chmodSync(dir, 0o755);
        const logFile = path.join(dir, "log");
        const run: GateRun = { pod: name, job: pod.metadata.labels?.["job-name"] ?? "", startedAt: new Date().toISOString(), logFile };
        this.runs.push(run);
        const container = pod.spec.containers[0];
        const binds: Array<{ source: string; target: string; dir: boolean; readOnly?: boolean }> = [];
        for (const m of container.volumeMounts ?? []) {
            const volume = (pod.spec.volumes ?? []).find((v: { name: string }) => v.name === m.name);
            const source = fs.mkdtempSync(path.join(dir, "volume-"));
            fs.chmodSync(source, 0o755);
            const problem = volume?.configMap !== undefined ? await this.configMapFiles(volume.configMap, source)
                : volume?.projected !== undefined ? await this.projectedFiles(pod, volume.projected, source)
                : `volume ${m.name}: only configMap and projected volumes are run here`;
            if (problem !== undefined) return this.finish(run, 1, problem);
            binds.push({ source, target: m.mountPath, dir: true, readOnly: m.readOnly === true });
        }
        // What the kubelet gives every container, whatever enableServiceLinks says.
        const env: Record<string, string> = { PATH: `${this.o.nodeDir}:/usr/bin:/bin`, HOSTNAME: name, KUBERNETES_SERVICE_HOST: this.api.server.host, KUBERNETES_SERVICE_PORT: String(this.api.server.port) };
        for (const e of container.env ?? []) {
            if (e.value === undefined) return this.finish(run, 1, `env ${e.name}: only literal values are run here`);
            env[e.name] = e.value;
        }
        const hosts = path.join(dir, "hosts");
        fs.writeFileSync(hosts, `127.0.0.1 localhost\n${Object.entries(this.o.hosts).map(([h, ip]) => `${ip} ${h}`).join("\n")}\n`, { mode: 0o644 });
        binds.push({ source: hosts, target: "/etc/hosts", dir: false });
        const uid = container.securityContext?.runAsUser ?? pod.spec.securityContext?.runAsUser ?? 65532;
        const out = fs.openSync(logFile, "a");
        const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", "-c", mountScript(binds, uid, container.command, env)], { stdio: ["ignore", out, out] });
        fs.closeSync(out);
        this.processes.set(name, child);
        this.o.log(`gate runner: started ${name}`);
        child.on("exit", (code, signal) => {
            this.processes.delete(name);
            void this.finish(run, code ?? (signal === "SIGTERM" ? 143 : 137));
        });
    }

    /** A ConfigMap volume's files (its keys), as the kubelet writes them; a problem, or undefined. */
    private async configMapFiles(ref: { name: string; defaultMode?: number }, into: string): Promise<string | undefined> {
        const cm = await this.api.get(`/api/v1/namespaces/${this.o.namespace}/configmaps/${ref.name}`);
        if (cm === undefined) return `configmap ${ref.name} not found`;
        for (const [k, v] of Object.entries(cm.data ?? {})) fs.writeFileSync(path.join(into, k), String(v), { mode: ref.defaultMode ?? 0o644 });
        return undefined;
    }

    /**
     * The projected volume the ServiceAccount admission adds (kube-api-access-*): a token requested for the
     * pod's ServiceAccount and bound to the pod, the cluster CA from kube-root-ca.crt, the namespace.
     */
    private async projectedFiles(pod: any, projected: { sources: any[] }, into: string): Promise<string | undefined> { // eslint-disable-line @typescript-eslint/no-explicit-any
        const ns = this.o.namespace;
        for (const src of projected.sources ?? []) {
            if (src.serviceAccountToken !== undefined) {
                const sa = pod.spec.serviceAccountName as string;
                const token = await this.api.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, {
                    apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest",
                    spec: { expirationSeconds: src.serviceAccountToken.expirationSeconds ?? 3600, ...(src.serviceAccountToken.audience ? { audiences: [src.serviceAccountToken.audience] } : {}), boundObjectRef: { apiVersion: "v1", kind: "Pod", name: pod.metadata.name, uid: pod.metadata.uid } },
                });
                if (token.status !== 201 && token.status !== 200) return `token for ${sa}: HTTP ${token.status} ${token.text.slice(0, 200)}`;
                fs.writeFileSync(path.join(into, src.serviceAccountToken.path), token.body.status.token, { mode: 0o644 });
            } else if (src.configMap !== undefined) {
                const cm = await this.api.get(`/api/v1/namespaces/${ns}/configmaps/${src.configMap.name}`);
                for (const item of src.configMap.items ?? []) {
                    const value = cm?.data?.[item.key] ?? (src.configMap.name === "kube-root-ca.crt" && item.key === "ca.crt" ? this.api.server.ca : undefined);
                    if (value === undefined) return `configmap ${src.configMap.name} has no ${item.key}`;
                    fs.writeFileSync(path.join(into, item.path), value, { mode: 0o644 });
                }
            } else if (src.downwardAPI !== undefined) {
                for (const item of src.downwardAPI.items ?? []) {
                    if (item.fieldRef?.fieldPath !== "metadata.namespace") return `downwardAPI ${item.fieldRef?.fieldPath}: only metadata.namespace is run here`;
                    fs.writeFileSync(path.join(into, item.path), ns, { mode: 0o644 });
                }
            } else return `projected source ${Object.keys(src).join(",")}: not run here`;
        }
        return undefined;
    }

    private async finish(run: GateRun, exitCode: number, problem?: string): Promise<void> {
        if (problem !== undefined) fs.appendFileSync(run.logFile, `gate runner: ${problem}\n`);
        run.exitCode = exitCode;
        run.finishedAt = new Date().toISOString();
        const log = fs.existsSync(run.logFile) ? fs.readFileSync(run.logFile, "utf8") : "";
        const terminated = { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: run.startedAt, finishedAt: run.finishedAt, ...(exitCode !== 0 && log.trim() !== "" ? { message: fallbackMessage(log) } : {}) };
        const pod = await this.api.get(`/api/v1/namespaces/${this.o.namespace}/pods/${run.pod}`).catch(() => undefined);
        if (pod === undefined) return;
        const status = {
            status: {
                phase: exitCode === 0 ? "Succeeded" : "Failed",
                containerStatuses: [{ name: pod.spec.containers[0].name, image: pod.spec.containers[0].image, imageID: "", ready: false, restartCount: 0, started: false, state: { terminated } }],
            },
        };
        const r = await this.api.request("PATCH", `/api/v1/namespaces/${this.o.namespace}/pods/${run.pod}/status`, status, "application/merge-patch+json");
        this.o.log(`gate runner: ${run.pod} exited ${exitCode}; pod status HTTP ${r.status}`);
    }
}
