// Pure, mock-free pieces of GateJob: the gate spec, its env vars, the Job name, the
// validation rules and the egress peers. See docs/gates.md.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseConfig, type Check, type GateConfig, type TrafficTarget } from "../../gates/gate";
import { projectRoot } from "../projectRoot";
import { egressCidrProblem } from "../../policies/lib/cidr";
import { sha256Digest } from "../../policies/lib/imageReference";

/**
 * Default gate image: the official Docker Hub `node:20-alpine` (Node 20.20.2 on Alpine 3.23.4,
 * built 2026-04-15), pinned by its multi-arch index digest as recorded by docker-library/repo-info.
 * Mirror it to your registry and override `image` where Docker Hub is not reachable.
 */
export const DEFAULT_GATE_IMAGE =
  "docker.io/library/node:20-alpine@sha256:fb4cd12c85ee03686f6af5362a0b0d56d50c58a04632e6c0fb8363f609372293";

/** Pod label carrying the gate kind ("smoke" | "analysis"); NetworkPolicies and Services can key on it. */
export const GATE_LABEL = "platform.dev/gate";

/** Where the script is mounted in the gate container. */
export const GATE_SCRIPT_DIR = "/opt/gate";

/** Timing shared by both modes. Unset fields use gate.js's defaults (see docs/gates.md). */
export interface GateTiming {
  /** Rounds of all URLs/checks; default 1. */
  readonly samples?: number;
  /** Pause between rounds, seconds; default 30. */
  readonly intervalSeconds?: number;
  /** Per-request timeout, seconds; default 5. */
  readonly timeoutSeconds?: number;
  /** Extra attempts per request on transport errors (and non-2xx in smoke, 5xx in analysis); default 2. */
  readonly retries?: number;
  /** Pause between attempts, seconds; default 2. */
  readonly retryDelaySeconds?: number;
}

/** Smoke gate: GET each URL (e.g. the preview Service's health endpoints); pass only on 2xx. */
export interface SmokeGateSpec extends GateTiming {
  readonly mode: "smoke";
  readonly urls: readonly string[];
  /** Exact 2xx status to require; default any 2xx. */
  readonly expectedStatus?: number;
}

/** Analysis gate: every check must hold in every sample (see defaultChecks in gates/gate.js). */
export interface AnalysisGateSpec extends GateTiming {
  readonly mode: "analysis";
  /** Base URL of Prometheus's HTTP API, e.g. http://prometheus-operated.monitoring:9090. */
  readonly prometheusUrl: string;
  readonly checks: readonly Check[];
}

/**
 * Release gate: walks a canary through `steps` in one run, holding each weight `stepSeconds` while the
 * checks are evaluated every `intervalSeconds` (the traffic of that very step); the first failure returns
 * all traffic to stable and fails the gate. Needs a ServiceAccount allowed to patch `traffic.route` only.
 */
export interface ReleaseGateSpec extends Omit<AnalysisGateSpec, "mode" | "samples"> {
  readonly mode: "release";
  readonly steps: readonly number[];
  readonly stepSeconds: number;
  /** The release's id, recorded with the gate's verdict on the route. */
  readonly release: string;
  /** Hold the last step's weight (verdict "held") instead of sending all traffic to the canary. Default false. */
  readonly hold?: boolean;
  readonly traffic: TrafficTarget;
}

/** Handover gate: stable runs the verified release; all traffic goes back to it. */
export interface HandoverGateSpec extends GateTiming {
  readonly mode: "handover";
  readonly traffic: TrafficTarget;
}

export type GateSpec = SmokeGateSpec | AnalysisGateSpec | ReleaseGateSpec | HandoverGateSpec;

/** Modes that change traffic themselves (they run with a ServiceAccount token). */
export function changesTraffic(spec: GateSpec): spec is ReleaseGateSpec | HandoverGateSpec {
  return spec.mode === "release" || spec.mode === "handover";
}

/**
 * One destination the gate pod may reach (besides DNS). NetworkPolicy matches pod IPs after
 * Service translation, so `port` is the destination pod's container port, not the Service port.
 */
export interface GateEgressTarget {
  readonly port: number;
  /** Namespace of the destination pods; default the gate's own namespace. Not with `cidr`. */
  readonly namespace?: string;
  /** Labels of the destination pods; default every pod in that namespace. Not with `cidr`. */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Destination outside the cluster (e.g. a managed Prometheus), as a CIDR. */
  readonly cidr?: string;
}

/** Which gate this is: a step index of a canary, the smoke test before the first shift, a release's walk (a canary's, or a blue-green switch) or handover. */
export type GateStep = number | "smoke" | "release" | "resume" | "switch" | "handover";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The gate program's env vars for a spec, in a stable order. */
export function gateEnv(spec: GateSpec, gateName: string): Array<{ name: string; value: string }> {
  const env: Record<string, string | number | undefined> = {
    GATE_MODE: spec.mode,
    GATE_NAME: gateName,
    GATE_SAMPLES: "samples" in spec ? spec.samples : undefined,
    GATE_INTERVAL_SECONDS: spec.intervalSeconds,
    GATE_TIMEOUT_SECONDS: spec.timeoutSeconds,
    GATE_RETRIES: spec.retries,
    GATE_RETRY_DELAY_SECONDS: spec.retryDelaySeconds,
  };
  if (spec.mode === "smoke") {
    env.GATE_URLS = spec.urls.join(",");
    env.GATE_EXPECTED_STATUS = spec.expectedStatus;
  } else if (spec.mode === "handover") {
    env.GATE_TRAFFIC = trafficJson(spec.traffic);
  } else {
    env.GATE_PROMETHEUS_URL = spec.prometheusUrl;
    // Normalised so that key order in the caller's objects does not change the Job name.
    env.GATE_CHECKS = JSON.stringify(spec.checks.map((c) => ({ name: c.name, query: c.query, op: c.op, threshold: c.threshold })));
    if (spec.mode === "release") {
      env.GATE_SAMPLES = undefined;
      env.GATE_STEPS = spec.steps.join(",");
      env.GATE_STEP_SECONDS = spec.stepSeconds;
      env.GATE_RELEASE = spec.release;
      env.GATE_HOLD = spec.hold === true ? "true" : undefined;
      env.GATE_TRAFFIC = trafficJson(spec.traffic);
    }
  }
  return Object.entries(env)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([name, value]) => ({ name, value: String(value) }));
}

/** GATE_TRAFFIC with its keys in a fixed order (the Job name must not depend on the caller's key order). */
function trafficJson(t: TrafficTarget): string {
  return JSON.stringify({ namespace: t.namespace, route: t.route, path: { type: t.path.type, value: t.path.value }, port: t.port, stable: t.stable, canary: t.canary, ...(t.header ? { header: { name: t.header.name, value: t.header.value } } : {}) });
}

/** Parses the env exactly as the gate program will; throws with the program's message. */
export function parseGateEnv(env: Array<{ name: string; value: string }>): GateConfig {
  return parseConfig(Object.fromEntries(env.map((e) => [e.name, e.value])));
}

/** Seconds a gate needs in the worst case (every request times out and is retried). */
export function worstCaseRuntimeSeconds(config: GateConfig): number {
  // A route patch: five attempts of the request timeout with backoff (gate.js routeClient).
  const patch = 5 * config.timeoutSeconds + 4;
  if (config.mode === "handover") return patch;
  if (config.mode === "release") {
    const perCheck = (config.retries + 1) * config.timeoutSeconds + config.retries * config.retryDelaySeconds;
    const samplesPerStep = Math.ceil(config.stepSeconds / config.intervalSeconds);
    return config.steps.length * (config.stepSeconds + samplesPerStep * config.checks.length * perCheck + patch) + 2 * patch;
  }
  const requests = config.mode === "smoke" ? config.urls.length : config.checks.length;
  const perRequest = (config.retries + 1) * config.timeoutSeconds + config.retries * config.retryDelaySeconds;
  return config.samples * requests * perRequest + (config.samples - 1) * config.intervalSeconds;
}

/** Default Job deadline: every attempt may use its worst case, plus 120 s for scheduling and image pull. */
export function defaultActiveDeadlineSeconds(config: GateConfig, backoffLimit: number): number {
  return Math.ceil(worstCaseRuntimeSeconds(config) * (backoffLimit + 1)) + 120;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|(?<!-)-+$/g, "");
}

/**
 * Stable short hash of everything that decides the gate's outcome: what it runs (env, image, script) and what it
 * tests (`tested`: the pod template hash of the track under test, when given).
 */
export function gateHash(parts: { app: string; version: string; step: GateStep; env: Array<{ name: string; value: string }>; image: string; script: string; tested?: string }): string {
  const scriptSha = createHash("sha256").update(parts.script).digest("hex");
  const canonical = JSON.stringify([parts.app, parts.version, String(parts.step), parts.env.map((e) => [e.name, e.value]), parts.image, scriptSha, ...(parts.tested !== undefined ? [parts.tested] : [])]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 10);
}

/**
 * Job name: `<app>-gate-<smoke|stepN>-<version>-<hash>`, at most 63 characters (DNS-1123
 * label; the Job controller copies it into a pod label). App and version are truncated to
 * fit; the hash covers their full values.
 */
export function gateJobName(app: string, version: string, step: GateStep, hash: string): string {
  const stepLabel = typeof step === "number" ? `step${step}` : step;
  const head = `${slug(app).slice(0, 24).replace(/(?<!-)-+$/, "")}-gate-${stepLabel}`;
  const room = 63 - head.length - hash.length - 2;
  const ver = slug(version).slice(0, Math.max(0, room)).replace(/(?<!-)-+$/, "");
  return ver === "" ? `${head}-${hash}` : `${head}-${ver}-${hash}`;
}

/** Reads the gate program shipped to the cluster (resolved from this file, not the cwd). */
export function readGateScript(): string {
  return fs.readFileSync(path.join(projectRoot(), "gates", "gate.js"), "utf8");
}

/** Plain inputs GateJob validates before registering anything. */
export interface GateJobValidationInput {
  readonly app: string;
  readonly version: string;
  readonly step: GateStep;
  readonly image: string;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly egress: readonly GateEgressTarget[];
  readonly config: GateConfig;
}

/** Returns every problem found (empty when valid); messages say what was given and what is allowed. */
export function validateGateJob(v: GateJobValidationInput): string[] {
  const errors: string[] = [];
  const check = (ok: boolean, message: string) => void (ok || errors.push(message));
  check(DNS_LABEL.test(v.app) && v.app.length <= 63, `app must be a DNS-1123 label (lowercase letters, digits, "-"), got ${JSON.stringify(v.app)}`);
  check(v.version.trim() !== "", "version must be a non-empty string (the release version or image digest)");
  check(typeof v.step === "string" ? ["smoke", "release", "resume", "switch", "handover"].includes(v.step) : Number.isInteger(v.step) && v.step >= 0, `step must be "smoke", "release", "resume", "switch", "handover" or an integer >= 0, got ${JSON.stringify(v.step)}`);
  check(sha256Digest(v.image) !== undefined, `image must be pinned by digest (name[:tag]@sha256:<64 hex>), got ${JSON.stringify(v.image)}`);
  check(Number.isInteger(v.backoffLimit) && v.backoffLimit >= 0 && v.backoffLimit <= 6, `backoffLimit must be an integer 0..6, got ${v.backoffLimit}`);
  const minRuntime = v.config.mode === "release" ? v.config.steps.length * v.config.stepSeconds : (v.config.samples - 1) * v.config.intervalSeconds;
  if (v.activeDeadlineSeconds !== undefined) {
    check(
      Number.isInteger(v.activeDeadlineSeconds) && v.activeDeadlineSeconds > minRuntime,
      `activeDeadlineSeconds must be an integer above the gate's shortest passing run (${minRuntime} s = (samples - 1) x interval), got ${v.activeDeadlineSeconds}`,
    );
  }
  if (v.ttlSecondsAfterFinished !== undefined) {
    check(
      Number.isInteger(v.ttlSecondsAfterFinished) && v.ttlSecondsAfterFinished >= 300,
      `ttlSecondsAfterFinished must be unset or an integer >= 300 (so the provider sees the Job finish), got ${v.ttlSecondsAfterFinished}`,
    );
  }
  check(v.egress.length > 0, "egress must list at least one destination (the preview Service's pods or Prometheus)");
  v.egress.forEach((t, i) => {
    check(Number.isInteger(t.port) && t.port >= 1 && t.port <= 65535, `egress[${i}].port must be an integer 1..65535, got ${t.port}`);
    if (t.cidr !== undefined) {
      const problem = egressCidrProblem(t.cidr);
      check(problem === undefined, `egress[${i}].cidr ${JSON.stringify(t.cidr)}: ${problem}`);
      check(t.namespace === undefined && t.podLabels === undefined, `egress[${i}] sets cidr together with namespace/podLabels; use one or the other`);
    }
  });
  return errors;
}
