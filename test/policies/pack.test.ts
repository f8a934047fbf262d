// The compiled pack started exactly as the Pulumi CLI starts it (@pulumi/pulumi's run-policy-pack,
// the pack directory as working directory), then driven over the real Analyzer gRPC service.
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { AnalyzeRequest, AnalyzeResponse, AnalyzerInfo, AnalyzerResourceOptions } from "@pulumi/pulumi/proto/analyzer_pb";
import { policies } from "../../policies/rules";
import { secureDeployment } from "./fixtures";
import { edit } from "./harness";
import { repoRoot } from "../support/plan";

const ROOT = repoRoot;
const PACK = path.join(ROOT, "policies");

describe("compiled pack under the CLI's policy-pack runner", function () {
    this.timeout(120_000);
    let child: ChildProcess;
    let client: AnalyzerClient;

    before(async () => {
        const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(PACK, "tsconfig.json")], { encoding: "utf8" });
        assert.strictEqual(tsc.status, 0, tsc.stdout + tsc.stderr);
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK] });
        child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: PACK, stdio: ["ignore", "pipe", "pipe"] });
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stdout!.on("data", (d: Buffer) => {
                out += d.toString();
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) resolve(m[1]);
            });
            child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
            child.on("exit", code => reject(new Error(`pack exited ${code}: ${err}`)));
        });
        client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });
    after(() => {
        client?.close();
        child?.kill();
    });

    it("serves every rule with its enforcement level, severity-bearing description and config schema", async () => {
        const info = await new Promise<AnalyzerInfo>((resolve, reject) => client.getAnalyzerInfo(new Empty(), (e: grpc.ServiceError | null, r: AnalyzerInfo) => (e ? reject(e) : resolve(r))));
        assert.strictEqual(info.getName(), "platform-policies");
        assert.deepStrictEqual(info.getPoliciesList().map(p => p.getName()).sort(), policies.map(p => p.name).sort());
        const replicas = info.getPoliciesList().find(p => p.getName() === "k8s-minimum-replicas")!;
        assert.deepStrictEqual(replicas.getConfigschema()!.getProperties()!.toJavaScript().minReplicas, policies.find(p => p.name === "k8s-minimum-replicas")!.configSchema!.properties.minReplicas);
    });

    it("analyzes a privileged Deployment through the real analyzer and reports the rule", async () => {
        const req = new AnalyzeRequest();
        req.setType("kubernetes:apps/v1:Deployment");
        req.setName("web");
        req.setUrn("urn:pulumi:production::platform::kubernetes:apps/v1:Deployment::web");
        req.setProperties(Struct.fromJavaScript(edit(secureDeployment, "spec.template.spec.containers.0.securityContext.privileged", true)));
        req.setOptions(new AnalyzerResourceOptions());
        const res = await new Promise<AnalyzeResponse>((resolve, reject) => client.analyze(req, (e: grpc.ServiceError | null, r: AnalyzeResponse) => (e ? reject(e) : resolve(r))));
        const diags = res.getDiagnosticsList().map(d => [d.getPolicyname(), d.getMessage()]);
        assert.ok(diags.some(([p, m]) => p === "k8s-no-privileged-containers" && /container "web" sets securityContext.privileged: true/.test(m)), JSON.stringify(diags));
        assert.ok(!diags.some(([p]) => p === "k8s-no-privilege-escalation"), JSON.stringify(diags));
    });
});
