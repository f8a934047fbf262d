import type { ResourceValidationPolicy } from "@pulumi/policy";
import { annotationsOf } from "../lib/kubernetes";
import { arr, num, obj } from "../lib/values";

/** Annotation the CanarySplit component sets on its HTTPRoute: the traffic steps, e.g. "10,25,50,100". */
export const CANARY_STEPS_ANNOTATION = "platform.dev/canary-steps";

/** Problems with a list of canary traffic percentages (empty when valid). */
export function canaryStepProblems(steps: unknown[]): string[] {
    const problems: string[] = [];
    const values = steps.map(s => num(typeof s === "object" && s !== null ? obj(s).weight : s));
    values.forEach((v, i) => {
        if (v === undefined || v <= 0 || v > 100) {
            problems.push(`step ${i + 1} (${JSON.stringify(steps[i])}) is not a percentage in 1..100`);
        } else if (i > 0 && values[i - 1] !== undefined && v <= values[i - 1]!) {
            problems.push(`canary steps must rise strictly, but step ${i + 1} (${v}) is not above step ${i} (${values[i - 1]})`);
        }
    });
    if (values.length === 0) {
        problems.push("no canary steps");
    }
    return problems;
}

export const canaryStepsRising: ResourceValidationPolicy = {
    name: "k8s-canary-steps-rising",
    description: `Canary traffic steps (the ${CANARY_STEPS_ANNOTATION} annotation, or a CanarySplit component's steps) are percentages in 1..100 that rise strictly.`,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "List the canary weights in strictly increasing order, each between 1 and 100, e.g. [10, 25, 50, 100].",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        let steps: unknown[] | undefined;
        if (args.type.startsWith("kubernetes:")) {
            const a = annotationsOf(args.props)[CANARY_STEPS_ANNOTATION];
            steps = a === undefined ? undefined : a.split(",").map(s => s.trim());
        } else if (args.type.startsWith("platform:") && args.type.endsWith(":CanarySplit")) {
            steps = arr(args.props.steps);
        }
        for (const p of steps ? canaryStepProblems(steps) : []) {
            report(p);
        }
    },
};
