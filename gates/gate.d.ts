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
export type GateConfig = SmokeConfig | AnalysisConfig;

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
/** Runs the gate and resolves to the exit code (0 pass, 1 fail, 2 bad configuration). */
export declare function main(env: Record<string, string | undefined>, log: Log): Promise<0 | 1 | 2>;
