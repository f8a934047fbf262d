import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isListType, kindOf } from "../lib/kinds";
import { arr } from "../lib/values";

/**
 * Fail closed on `*List` objects. The pack reads Kubernetes objects one at a time, each rule the kinds
 * it guards; a ServiceList, ClusterRoleBindingList or NetworkPolicyList applies its items to the cluster
 * while no rule reads them. The platform never declares one, so any List is refused, whatever it holds.
 */
export const noListObjects: ResourceValidationPolicy = {
    name: "k8s-no-list-objects",
    description: "Fail closed: no Kubernetes `*List` object (ServiceList, ClusterRoleBindingList, NetworkPolicyList, ConfigMapList, any kind and version): its items would reach the cluster without any rule of the pack reading them.",
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps: "Declare each item of the list as its own resource of its own kind, so that the rules guarding that kind inspect it.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!isListType(args.type)) {
            return;
        }
        const items = arr(args.props.items);
        report(`${kindOf(args.type)}List applies ${items.length === 1 ? "1 item" : `${items.length} items`} the pack's rules do not inspect: declare each ${kindOf(args.type)} on its own`);
    },
};
