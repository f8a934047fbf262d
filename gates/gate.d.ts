// Types for gates/gate.js (plain CommonJS so it can run in the cluster without a build).
// Keep in step with gate.js; test/gates/gate.test.ts exercises every export at runtime.

export declare const EXIT_PASS: 0;
export declare const EXIT_FAIL: 1;
export declare const EXIT_CONFIG: 2;

/** Thrown for an invalid gate configuration (exit code 2). */
export declare class GateConfigError extends Error {}

export type CheckOp = "<=" | ">=";

/** One analysis check: the gate passes only if `value(query) op threshold`. */
export interface Check {
  readonly name: string;
  readonly query: string;
  readonly op: CheckOp;
  readonly threshold: number;
}

export interface DefaultChecksOptions {
  /** Value of the `namespace` label on the app's metrics. */
  readonly namespace: string;
  /** Value of the `app` label on the app's metrics. */
  readonly app: string;
  /** Value of the `track` label; default "canary". */
  readonly track?: string;
  /** PromQL range window; default "1m". */
  readonly window?: string;
  /** Minimum ratio of non-5xx requests, in (0, 1]; default 0.99 (99%). */
  readonly minSuccessRate?: number;
  /** Maximum p99 request duration in seconds; default 0.5 (500 ms). */
  readonly maxP99LatencySeconds?: number;
  /** Counter with a `code` label; default "http_requests_total". */
  readonly requestsMetric?: string;
  /** Histogram bucket series; default "http_request_duration_seconds_bucket". */
  readonly durationBucketMetric?: string;
}

interface CommonConfig {
  readonly name: string;
  readonly samples: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly retryDelaySeconds: number;
}
export interface SmokeConfig extends CommonConfig {
  readonly mode: "smoke";
  readonly urls: string[];
  readonly expectedStatus?: number;
}
export interface AnalysisConfig extends CommonConfig {
  readonly mode: "analysis";
  readonly prometheusUrl: string;
  readonly checks: Check[];
}
/** The HTTPRoute a release or handover gate changes, and what its rules point at. */
export interface TrafficTarget {
  readonly namespace: string;
  readonly route: string;
  readonly path: { readonly type: string; readonly value: string };
  /** Service port of both tracks. */
  readonly port: number;
  /** Service names of the tracks. */
  readonly stable: string;
  readonly canary: string;
  /** Requests with this header reach the canary whatever the weight (only while a release walks). */
  readonly header?: { readonly name: string; readonly value: string };
}
export interface ReleaseConfig extends Omit<AnalysisConfig, "mode"> {
  readonly mode: "release";
  /** Canary weights in percent, strictly rising. */
  readonly steps: number[];
  /** How long each weight is held (and analysed), seconds. */
  readonly stepSeconds: number;
  /** The release's id (GATE_RELEASE), recorded with the verdict. */
  readonly release: string;
  /** GATE_HOLD: after the last step, hold its weight (verdict "held") instead of sending all traffic to the canary. */
  readonly hold: boolean;
  readonly traffic: TrafficTarget;
}
export interface HandoverConfig extends CommonConfig {
  readonly mode: "handover";
  readonly traffic: TrafficTarget;
}
export type GateConfig = SmokeConfig | AnalysisConfig | ReleaseConfig | HandoverConfig;

/** What a release or handover gate uses to change its route: resolves undefined, or what went wrong. */
export interface RouteClient {
  /** Resolves undefined, what went wrong, or `superseded` when a newer release owns the route now. */
  setRules(rules: unknown[], verdict?: ReleaseVerdict): Promise<string | { superseded: string } | undefined>;
}
/** What a release gate records on the route (annotation VERDICT_ANNOTATION, label OUTCOME_LABEL). */
export interface ReleaseVerdict {
  readonly release: string;
  readonly outcome: "complete" | "held" | "rolled-back";
  readonly message: string;
}
export declare const VERDICT_ANNOTATION: "platform.dev/release-verdict";
export declare const OUTCOME_LABEL: "platform.dev/release-outcome";
export declare const RELEASE_ANNOTATION: "platform.dev/release";
/** SIGTERM as seen by a release: `reason` is set once `stopped` resolved. */
export interface StopSignal {
  reason?: string;
  readonly stopped: Promise<void>;
}
export interface GateResult {
  readonly ok: boolean;
  /** complete: every step passed; rolled-back: traffic returned to stable, verdict recorded; unsafe: traffic could not be made safe. */
  /** superseded: a newer release reset the route; this gate left its traffic alone. */
  readonly outcome: "complete" | "held" | "rolled-back" | "superseded" | "unsafe";
  /** The one-line verdict (also the container's termination message). */
  readonly message: string;
}

export type QueryResult = { ok: true; value: number } | { ok: false; reason: string };
export type Log = (line: string) => void;

export declare function escapeLabelValue(value: string): string;
export declare function labelMatchers(labels: Record<string, string>, extra?: string[]): string;
/** Flagger-like default checks (success rate >= 99%, p99 <= 500 ms) for one track. */
export declare function defaultChecks(options: DefaultChecksOptions): Check[];
/** Reads GATE_* variables; throws GateConfigError with a message naming the variable. */
export declare function parseConfig(env: Record<string, string | undefined>): GateConfig;
export declare function compare(value: number, op: CheckOp, threshold: number): boolean;
export declare function parseSampleValue(raw: unknown): number | undefined;
export declare function parseQueryResponse(httpStatus: number, text: string): QueryResult;
export declare function queryPrometheus(
  prometheusUrl: string,
  query: string,
  options?: { timeoutSeconds?: number; retries?: number; retryDelaySeconds?: number },
): Promise<QueryResult>;
export declare function runAnalysis(config: AnalysisConfig, log: Log): Promise<boolean>;
export declare function runSmoke(config: SmokeConfig, log: Log): Promise<boolean>;
/** One round of every check: undefined when all hold, else the failing check with its value and threshold. */
export declare function evaluateChecks(config: AnalysisConfig | ReleaseConfig, where: string, log: Log): Promise<string | undefined>;
/** The route's rules at a canary weight (0: stable only, 100: canary only), with the header rule when given. */
export declare function canaryRules(traffic: TrafficTarget, weight: number, header?: { name: string; value: string }): Array<Record<string, unknown>>;
export declare function parseTraffic(raw: string | undefined): TrafficTarget;
export declare function runRelease(config: ReleaseConfig, log: Log, client: RouteClient, signal: StopSignal): Promise<GateResult>;
export declare function runHandover(config: HandoverConfig, log: Log, client: RouteClient): Promise<GateResult>;
/** Runs the gate and resolves to the exit code (0 pass, 1 fail, 2 bad configuration). */
export declare function main(env: Record<string, string | undefined>, log: Log, options?: { client?: RouteClient; signal?: StopSignal }): Promise<0 | 1 | 2>;
