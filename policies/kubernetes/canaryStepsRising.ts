import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import { annotationsOf } from "../lib/kubernetes";
import { arr, num, obj } from "../lib/values";

/** Annotation the CanarySplit component sets on its HTTPRoute: the traffic steps, e.g. "10,25,50,100". */
export const CANARY_STEPS_ANNOTATION = "platform.dev/canary-steps";

/** Problems with a list of canary traffic percentages (empty when valid); the first step at most `maxFirstStep`. */
export function canaryStepProblems(steps: unknown[], maxFirstStep = 100): string[] {
    const problems: string[] = [];
    const values = steps.map(s => num(typeof s === "object" && s !== null ? obj(s).weight : s));
    values.forEach((v, i) => {
        if (v === undefined || v <= 0 || v > 100) {
            problems.push(`step ${i + 1} (${JSON.stringify(steps[i])}) is not a percentage in 1..100`);
        } else if (i > 0 && values[i - 1] !== undefined && v <= values[i - 1]!) {
            problems.push(`canary steps must rise strictly, but step ${i + 1} (${v}) is not above step ${i} (${values[i - 1]})`);
        }
    });
    if (values[0] !== undefined && values[0] > maxFirstStep && values[0] <= 100) {
        problems.push(`step 1 sends ${values[0]}% of traffic to the canary before any analysis has seen it (at most ${maxFirstStep}% in this tier)`);
    }
    if (values.length === 0) {
        problems.push("no canary steps");
    }
    return problems;
}

const configSchema = {
    properties: {
        maxFirstStep: { type: "number" as const, minimum: 1, maximum: 100, default: 100, description: "The most traffic the first step may send to the canary: it follows only a smoke test." },
    },
};

export const canaryStepsRising: ResourceValidationPolicy = {
    name: "k8s-canary-steps-rising",
    description: `Canary traffic steps (the ${CANARY_STEPS_ANNOTATION} annotation, or a CanarySplit component's steps) are percentages in 1..100 that rise strictly, the first at most maxFirstStep (it follows only a smoke test). Config: maxFirstStep=100.`,
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "List the canary weights in strictly increasing order, each between 1 and 100, starting small, e.g. [10, 25, 50, 100].",
    configSchema,
    validateResource: (args, report) => {
        let steps: unknown[] | undefined;
        if (args.type.startsWith("kubernetes:")) {
            const a = annotationsOf(args.props)[CANARY_STEPS_ANNOTATION];
            steps = a === undefined ? undefined : a.split(",").map(s => s.trim());
        } else if (args.type.startsWith("platform:") && args.type.endsWith(":CanarySplit")) {
            steps = arr(args.props.steps);
        }
        const { maxFirstStep } = configWithDefaults<{ maxFirstStep: number }>(configSchema, args.getConfig());
        for (const p of steps ? canaryStepProblems(steps, maxFirstStep) : []) {
            report(p);
        }
    },
};
