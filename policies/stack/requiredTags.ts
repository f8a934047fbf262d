import type { ResourceValidationPolicy } from "@pulumi/policy";
import { tagsPropertyOf } from "../lib/cloud";
import { configWithDefaults } from "../lib/config";
import { K8S, WORKLOAD_TYPES, labelsOf } from "../lib/kubernetes";
import { known } from "../lib/unknown";
import { obj, strMap } from "../lib/values";
import { isPatchType } from "../lib/workloadTypes";

const configSchema = {
    properties: {
        requiredTags: { type: "array" as const, items: { type: "string" as const }, default: ["owner", "environment", "cost-center"] },
        checkKubernetes: { type: "boolean" as const, default: true, description: "Also require the keys as labels on Namespaces and workloads." },
        kubernetesLabelPrefix: { type: "string" as const, default: "platform.dev/", description: "Kubernetes labels may carry the keys under this prefix (platform.dev/owner), as label keys should be domain-qualified." },
    },
};

/** Tags/labels of a resource, or undefined when the type is not taggable. */
function tagsOf(type: string, props: Record<string, any>, checkKubernetes: boolean): Record<string, string> | undefined {
    if (type.startsWith("kubernetes:")) {
        // A patch keeps the live object's labels; only the objects the stack creates must carry them.
        return checkKubernetes && (type === K8S.namespace || (WORKLOAD_TYPES.has(type) && !isPatchType(type))) ? labelsOf(props) : undefined;
    }
    const path = tagsPropertyOf(type);
    if (!path) {
        return undefined;
    }
    let v: unknown = props;
    for (const key of path) {
        v = obj(v)[key];
    }
    return strMap(v);
}

export const requiredTags: ResourceValidationPolicy = {
    name: "stack-required-tags",
    description: "Every taggable cloud resource (AWS/Azure tags, GCP labels) and every Kubernetes Namespace and workload carries the required keys (owner, environment, cost-center).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Set the `platform:tags` stack config (applied by the components), or the AWS provider's `defaultTags`, so every resource gets owner, environment and cost-center.",
    configSchema,
    validateResource: (args, report) => {
        const cfg = configWithDefaults<{ requiredTags: string[]; checkKubernetes: boolean; kubernetesLabelPrefix: string }>(configSchema, args.getConfig());
        const tags = tagsOf(args.type, args.props, cfg.checkKubernetes);
        if (!tags) {
            return;
        }
        // AWS provider default tags are merged by the provider, not present in the inputs.
        const defaults = known(() => strMap(obj(obj(args.provider?.props.defaultTags).tags)), {});
        const prefix = args.type.startsWith("kubernetes:") ? cfg.kubernetesLabelPrefix : "";
        const missing = cfg.requiredTags.filter(k => tags[k] === undefined && (prefix === "" || tags[prefix + k] === undefined) && defaults[k] === undefined);
        if (missing.length > 0) {
            report(`missing required ${args.type.startsWith("kubernetes:") ? "labels" : "tags"}: ${missing.join(", ")}`);
        }
    },
};
