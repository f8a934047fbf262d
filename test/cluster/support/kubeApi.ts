// A small client of the local API server for the test harness (the release suite's gate runner and
// workload): the kubeconfig's server, CA and admin client certificate, over node:https. Asynchronous, so
// it can run beside `pulumi up` in the harness process.
import * as fs from "node:fs";
import * as https from "node:https";
import { parse } from "yaml";

export interface KubeResponse {
    readonly status: number;
    readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    readonly text: string;
}

export interface ApiServer {
    readonly host: string;
    readonly port: number;
    /** PEM of the cluster CA (what a pod finds in its ServiceAccount directory as ca.crt). */
    readonly ca: string;
}

export class KubeApi {
    readonly server: ApiServer;
    private readonly cert?: string;
    private readonly key?: string;
    private readonly token?: string;

    constructor(kubeconfigPath: string, token?: string) {
        const config = parse(fs.readFileSync(kubeconfigPath, "utf8")) as {
            clusters: Array<{ cluster: { server: string; "certificate-authority-data": string } }>;
            users: Array<{ user: { "client-certificate-data"?: string; "client-key-data"?: string; token?: string } }>;
        };
        const cluster = config.clusters[0].cluster;
        const url = new URL(cluster.server);
        const b64 = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, "base64").toString("utf8"));
        this.server = { host: url.hostname, port: Number(url.port || 443), ca: b64(cluster["certificate-authority-data"])! };
        if (token !== undefined) this.token = token;
        else {
            const user = config.users[0].user;
            this.cert = b64(user["client-certificate-data"]);
            this.key = b64(user["client-key-data"]);
            this.token = user.token;
        }
    }

    /** The same server with a bearer token instead of the admin certificate (what a pod's ServiceAccount gets). */
    as(token: string, kubeconfigPath: string): KubeApi {
        return new KubeApi(kubeconfigPath, token);
    }

    request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<KubeResponse> {
        return new Promise((resolve, reject) => {
            const req = https.request({
                host: this.server.host, port: this.server.port, path, method, ca: this.server.ca, cert: this.cert, key: this.key, timeout: 10_000,
                headers: { accept: "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { "content-type": contentType } : {}) },
            }, (res) => {
                let text = "";
                res.setEncoding("utf8");
                res.on("data", (c: string) => (text += c));
                res.on("end", () => {
                    let parsed: unknown;
                    try {
                        parsed = JSON.parse(text);
                    } catch {
                        parsed = undefined;
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed, text });
                });
            });
            req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
            req.on("error", reject);
            if (body !== undefined) req.write(typeof body === "string" ? body : JSON.stringify(body));
            req.end();
        });
    }

    async get(path: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
        const r = await this.request("GET", path);
        if (r.status === 404) return undefined;
        if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
        return r.body;
    }
}
