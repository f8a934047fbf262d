import { createHash } from "node:crypto";
import type { PolicyResource } from "@pulumi/policy";
import { K8S, namespaceOf, podSpecOf } from "./kubernetes";
import { known } from "./unknown";
import { arr, obj } from "./values";

/** What the pack accepts as the platform's gate program; both lists empty: any labelled Job (dev). */
export interface GateAllowList {
    /** Images a gate container may run (pinned by digest). Empty: any image. */
    readonly gateImages: readonly string[];
    /** sha256 (hex) of the `gate.js` a gate's ConfigMap may carry. Empty: any script. */
    readonly gateScriptSha256: readonly string[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Why a Job labelled as a gate is not the platform's gate program, or [] when it is: one container runs
 * exactly `node <dir>/gate.js` with `<dir>` mounted read-only from a ConfigMap of the stack whose
 * `gate.js` is an allowed script, from an allowed image, with no NODE_OPTIONS or envFrom (either could
 * preload other code) and nothing else mounted over the script. A value unknown during preview is not
 * held against the Job.
 */
export function gateJobProblems(job: PolicyResource, resources: readonly PolicyResource[], allow: GateAllowList): string[] {
    if (allow.gateImages.length === 0 && allow.gateScriptSha256.length === 0) {
        return [];
    }
    const spec = podSpecOf(job.type, job.props) ?? {};
    const volumes = new Map(arr(spec.volumes).map(obj).map((v) => [String(v.name), v]));
    const problems: string[] = [];
    const runner = arr(spec.containers).map(obj).find((c) => {
        const command = arr(c.command);
        return command.length === 2 && command[0] === "node" && typeof command[1] === "string" && command[1].endsWith("/gate.js");
    });
    if (runner === undefined) {
        return [`no container runs exactly \`node <dir>/gate.js\``];
    }
    const dir = String(arr(runner.command)[1]).slice(0, -"/gate.js".length);
    if (arr(runner.args).length > 0) problems.push(`its gate container passes args ${JSON.stringify(runner.args)}`);
    if (arr(runner.envFrom).length > 0) problems.push("its gate container takes envFrom, which could set NODE_OPTIONS");
    if (arr(runner.env).map(obj).some((e) => e.name === "NODE_OPTIONS")) problems.push("its gate container sets NODE_OPTIONS");
    const image = known(() => runner.image as unknown, undefined);
    if (allow.gateImages.length > 0 && typeof image === "string" && !allow.gateImages.includes(image)) {
        problems.push(`its image ${image} is not an allowed gate image (${allow.gateImages.join(", ")})`);
    }
    const mounts = arr(runner.volumeMounts).map(obj);
    const scriptMount = mounts.find((m) => m.mountPath === dir && m.subPath === undefined);
    const over = mounts.filter((m) => m !== scriptMount && typeof m.mountPath === "string" && (m.mountPath === dir || m.mountPath.startsWith(`${dir}/`)));
    if (over.length > 0) problems.push(`${over.map((m) => String(m.name)).join(", ")} mounted over its script directory ${dir}`);
    const configMapName = scriptMount === undefined ? undefined : obj(volumes.get(String(scriptMount.name))?.configMap).name;
    if (typeof configMapName !== "string") {
        problems.push(`its script directory ${dir} is not mounted from a ConfigMap`);
        return problems;
    }
    if (allow.gateScriptSha256.length > 0) {
        const ns = namespaceOf(job.props);
        const cm = resources.find((r) => r.type === K8S.configMap && known(() => obj(r.props.metadata).name === configMapName && namespaceOf(r.props) === ns, false));
        const script = cm === undefined ? undefined : known(() => obj(cm.props.data)["gate.js"] as unknown, null);
        if (cm === undefined) problems.push(`its script ConfigMap ${configMapName} is not part of the stack`);
        else if (typeof script === "string" && !allow.gateScriptSha256.includes(sha256(script))) {
            problems.push(`its gate.js (ConfigMap ${configMapName}, sha256 ${sha256(script).slice(0, 12)}...) is not the platform's gate program`);
        } else if (script === undefined) problems.push(`its script ConfigMap ${configMapName} has no gate.js`);
    }
    return problems;
}
