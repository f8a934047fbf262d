import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AZURE } from "../lib/cloud";
import { arr, obj } from "../lib/values";

export const keyVaultKeyRotation: ResourceValidationPolicy = {
    name: "azure-keyvault-key-rotation",
    description: "Key Vault keys carry a rotation policy with a Rotate lifetime action.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set `properties.rotationPolicy.lifetimeActions` with `action.type: \"rotate\"` and a `trigger.timeAfterCreate` such as P90D.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== AZURE.keyVaultKey) {
            return;
        }
        const actions = arr(obj(obj(args.props.properties).rotationPolicy).lifetimeActions);
        if (!actions.some(a => String(obj(obj(a).action).type).toLowerCase() === "rotate")) {
            report("the key has no rotation policy with a Rotate action");
        }
    },
};
