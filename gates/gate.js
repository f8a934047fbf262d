"use strict";
// Rollout gate: run by a Kubernetes Job (see components/kubernetes/gateJob.ts and
// docs/gates.md). Dependency-free on purpose: it is shipped in a ConfigMap and run
// as `node gate.js` in a pinned node image. Configuration comes from GATE_* env vars.
// Exit codes: 0 gate passed, 1 gate failed, 2 bad gate configuration.

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_CONFIG = 2;

class GateConfigError extends Error {}

const MODES = ["smoke", "analysis", "release", "handover"];
const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
// Prometheus's duration grammar, as the stack schema reads it (stacks/schema/common.ts): each unit at most once,
// largest first ("1h30m", not "30m1h" or "5s1m"), and not empty.
const PROMQL_DURATION = /^(?=[0-9])(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$/;

/** Escapes a PromQL label value for use inside double quotes. */
function escapeLabelValue(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Builds a PromQL label matcher list from exact-match labels plus optional extra matchers. */
function labelMatchers(labels, extra) {
  const parts = Object.keys(labels).map((k) => `${k}="${escapeLabelValue(labels[k])}"`);
  return parts.concat(extra ?? []).join(",");
}

/**
 * Flagger-like default checks for one track of an app: request success rate (non-5xx
 * share of requests) and p99 request latency, both over `window`.
 */
function defaultChecks(options) {
  const o = options ?? {};
  for (const key of ["namespace", "app"]) {
    if (typeof o[key] !== "string" || o[key] === "") {
      throw new GateConfigError(`defaultChecks: ${key} must be a non-empty string, got ${JSON.stringify(o[key])}`);
    }
  }
  const track = o.track ?? "canary";
  const window = o.window ?? "1m";
  const minSuccessRate = o.minSuccessRate ?? 0.99;
  const maxP99LatencySeconds = o.maxP99LatencySeconds ?? 0.5;
  const requestsMetric = o.requestsMetric ?? "http_requests_total";
  const durationMetric = o.durationBucketMetric ?? "http_request_duration_seconds_bucket";
  if (!PROMQL_DURATION.test(window)) {
    throw new GateConfigError(`defaultChecks: window must be a PromQL duration like "1m" or "30s", got ${JSON.stringify(window)}`);
  }
  if (!(minSuccessRate > 0 && minSuccessRate <= 1)) {
    throw new GateConfigError(`defaultChecks: minSuccessRate must be in (0, 1], got ${minSuccessRate}`);
  }
  if (!(maxP99LatencySeconds > 0 && Number.isFinite(maxP99LatencySeconds))) {
    throw new GateConfigError(`defaultChecks: maxP99LatencySeconds must be a positive number, got ${maxP99LatencySeconds}`);
  }
  const labels = { namespace: o.namespace, app: o.app, track };
  const all = labelMatchers(labels);
  const ok = labelMatchers(labels, ['code!~"5.."']);
  return [
    {
      name: "request-success-rate",
      query: `sum(rate(${requestsMetric}{${ok}}[${window}])) / sum(rate(${requestsMetric}{${all}}[${window}]))`,
      op: ">=",
      threshold: minSuccessRate,
    },
    {
      name: "request-duration-p99",
      query: `histogram_quantile(0.99, sum by (le) (rate(${durationMetric}{${all}}[${window}])))`,
      op: "<=",
      threshold: maxP99LatencySeconds,
    },
  ];
}

function parseNumber(env, key, fallback, { min, max, integer }) {
  const raw = env[key];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const kind = integer ? "an integer" : "a number";
    throw new GateConfigError(`${key} must be ${kind} between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function parseHttpUrl(key, raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new GateConfigError(`${key} must be an absolute http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GateConfigError(`${key} must use http or https, got ${JSON.stringify(raw)}`);
  }
  return url.toString();
}

/** Validates one analysis check; throws GateConfigError naming the check and field. */
function validateCheck(check, index) {
  const where = `GATE_CHECKS[${index}]`;
  if (check === null || typeof check !== "object" || Array.isArray(check)) {
    throw new GateConfigError(`${where} must be an object with name, query, op, threshold`);
  }
  const unknown = Object.keys(check).filter((k) => !["name", "query", "op", "threshold"].includes(k));
  if (unknown.length > 0) throw new GateConfigError(`${where} has unknown field(s): ${unknown.join(", ")}`);
  if (typeof check.name !== "string" || !CHECK_NAME.test(check.name)) {
    throw new GateConfigError(`${where}.name must match ${CHECK_NAME}, got ${JSON.stringify(check.name)}`);
  }
  if (typeof check.query !== "string" || check.query.trim() === "") {
    throw new GateConfigError(`${where} (${check.name}).query must be a non-empty PromQL string`);
  }
  if (check.op !== "<=" && check.op !== ">=") {
    throw new GateConfigError(`${where} (${check.name}).op must be "<=" or ">=", got ${JSON.stringify(check.op)}`);
  }
  if (typeof check.threshold !== "number" || !Number.isFinite(check.threshold)) {
    throw new GateConfigError(`${where} (${check.name}).threshold must be a finite number, got ${JSON.stringify(check.threshold)}`);
  }
  return { name: check.name, query: check.query, op: check.op, threshold: check.threshold };
}

function parseChecks(raw) {
  if (raw === undefined || raw.trim() === "") throw new GateConfigError("GATE_CHECKS is required in analysis mode (a JSON array of checks)");
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new GateConfigError(`GATE_CHECKS is not valid JSON: ${e.message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new GateConfigError("GATE_CHECKS must be a non-empty JSON array");
  const checks = parsed.map(validateCheck);
  const seen = new Set();
  for (const c of checks) {
    if (seen.has(c.name)) throw new GateConfigError(`GATE_CHECKS has a duplicate check name: ${c.name}`);
    seen.add(c.name);
  }
  return checks;
}

/** Reads and validates the gate configuration from environment variables. */
function parseConfig(env) {
  const mode = env.GATE_MODE;
  if (!MODES.includes(mode)) {
    throw new GateConfigError(`GATE_MODE must be one of ${MODES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(mode)}`);
  }
  const common = {
    mode,
    name: env.GATE_NAME ?? mode,
    samples: parseNumber(env, "GATE_SAMPLES", 1, { min: 1, max: 1000, integer: true }),
    intervalSeconds: parseNumber(env, "GATE_INTERVAL_SECONDS", 30, { min: 0, max: 3600 }),
    timeoutSeconds: parseNumber(env, "GATE_TIMEOUT_SECONDS", 5, { min: 0.001, max: 300 }),
    retries: parseNumber(env, "GATE_RETRIES", 2, { min: 0, max: 20, integer: true }),
    retryDelaySeconds: parseNumber(env, "GATE_RETRY_DELAY_SECONDS", 2, { min: 0, max: 300 }),
  };
  if (mode === "smoke") {
    const urls = (env.GATE_URLS ?? "").split(/[\s,]+/).filter((u) => u !== "");
    if (urls.length === 0) throw new GateConfigError("GATE_URLS is required in smoke mode (comma- or space-separated URLs)");
    const expected = env.GATE_EXPECTED_STATUS;
    let expectedStatus;
    if (expected !== undefined && expected !== "") {
      expectedStatus = Number(expected);
      if (!Number.isInteger(expectedStatus) || expectedStatus < 200 || expectedStatus > 299) {
        throw new GateConfigError(`GATE_EXPECTED_STATUS must be a 2xx status code, got ${JSON.stringify(expected)}`);
      }
    }
    return { ...common, urls: urls.map((u) => parseHttpUrl("GATE_URLS", u)), expectedStatus };
  }
  if (mode === "handover") return { ...common, traffic: parseTraffic(env.GATE_TRAFFIC) };
  if (env.GATE_PROMETHEUS_URL === undefined || env.GATE_PROMETHEUS_URL === "") {
    throw new GateConfigError(`GATE_PROMETHEUS_URL is required in ${mode} mode`);
  }
  const prometheusUrl = parseHttpUrl("GATE_PROMETHEUS_URL", env.GATE_PROMETHEUS_URL);
  const analysis = { ...common, prometheusUrl, checks: parseChecks(env.GATE_CHECKS) };
  if (mode === "analysis") return analysis;
  const steps = parseSteps(env.GATE_STEPS);
  const stepSeconds = parseNumber(env, "GATE_STEP_SECONDS", undefined, { min: 1, max: 86400, integer: true });
  if (stepSeconds === undefined) throw new GateConfigError("GATE_STEP_SECONDS is required in release mode (how long each weight is held)");
  if (analysis.intervalSeconds <= 0 || analysis.intervalSeconds > stepSeconds) {
    throw new GateConfigError(`GATE_INTERVAL_SECONDS must be above 0 and at most GATE_STEP_SECONDS (${stepSeconds}), got ${analysis.intervalSeconds}: each step is sampled at least once`);
  }
  const release = env.GATE_RELEASE;
  if (release === undefined || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(release)) {
    throw new GateConfigError(`GATE_RELEASE must name the release (a DNS-1123 label), got ${JSON.stringify(release)}`);
  }
  const hold = env.GATE_HOLD ?? "";
  if (hold !== "" && hold !== "true") throw new GateConfigError(`GATE_HOLD must be "true" or unset, got ${JSON.stringify(hold)}`);
  return { ...analysis, steps, stepSeconds, release, hold: hold === "true", traffic: parseTraffic(env.GATE_TRAFFIC) };
}

/** Route annotation naming the release the program last reset the route for: a release gate moves only its own release's traffic. */
const RELEASE_ANNOTATION = "platform.dev/release";

/** Route annotation holding a release gate's verdict, JSON {release, outcome, message}; the program reads it. */
const VERDICT_ANNOTATION = "platform.dev/release-verdict";
/** Route label holding the last verdict's outcome ("complete", "held" or "rolled-back"), for selectors and metrics. */
const OUTCOME_LABEL = "platform.dev/release-outcome";

/** GATE_STEPS: canary weights in percent, comma-separated, strictly rising, each 1..100. */
function parseSteps(raw) {
  if (raw === undefined || raw.trim() === "") throw new GateConfigError("GATE_STEPS is required in release mode (comma-separated canary weights)");
  const steps = raw.split(",").map((w) => w.trim());
  steps.forEach((w, i) => {
    const n = Number(w);
    if (!/^[0-9]+$/.test(w) || n < 1 || n > 100) throw new GateConfigError(`GATE_STEPS[${i}] must be an integer weight 1..100, got ${JSON.stringify(w)}`);
    if (i > 0 && n <= Number(steps[i - 1])) throw new GateConfigError(`GATE_STEPS must rise strictly, but ${n} follows ${steps[i - 1]}`);
  });
  if (steps.length > 20) throw new GateConfigError(`GATE_STEPS lists ${steps.length} weights, at most 20`);
  return steps.map(Number);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * GATE_TRAFFIC: the HTTPRoute the gate may change and the rules it writes (canaryRules): JSON
 * {namespace, route, path: {type, value}, port, stable, canary, header?: {name, value}}.
 */
function parseTraffic(raw) {
  if (raw === undefined || raw.trim() === "") throw new GateConfigError("GATE_TRAFFIC is required in release and handover modes (the route to change)");
  let t;
  try {
    t = JSON.parse(raw);
  } catch (e) {
    throw new GateConfigError(`GATE_TRAFFIC is not valid JSON: ${e.message}`);
  }
  if (t === null || typeof t !== "object" || Array.isArray(t)) throw new GateConfigError("GATE_TRAFFIC must be a JSON object");
  const unknown = Object.keys(t).filter((k) => !["namespace", "route", "path", "port", "stable", "canary", "header"].includes(k));
  if (unknown.length > 0) throw new GateConfigError(`GATE_TRAFFIC has unknown field(s): ${unknown.join(", ")}`);
  for (const key of ["namespace", "route", "stable", "canary"]) {
    if (typeof t[key] !== "string" || !DNS_LABEL.test(t[key])) throw new GateConfigError(`GATE_TRAFFIC.${key} must be a DNS-1123 label, got ${JSON.stringify(t[key])}`);
  }
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) throw new GateConfigError(`GATE_TRAFFIC.port must be an integer 1..65535, got ${JSON.stringify(t.port)}`);
  const path = t.path;
  if (path === null || typeof path !== "object" || typeof path.type !== "string" || typeof path.value !== "string" || !path.value.startsWith("/")) {
    throw new GateConfigError(`GATE_TRAFFIC.path must be {type, value} with a value starting with "/", got ${JSON.stringify(path)}`);
  }
  const header = t.header;
  if (header !== undefined && (header === null || typeof header.name !== "string" || typeof header.value !== "string" || header.name === "")) {
    throw new GateConfigError(`GATE_TRAFFIC.header must be {name, value}, got ${JSON.stringify(header)}`);
  }
  return { namespace: t.namespace, route: t.route, path: { type: path.type, value: path.value }, port: t.port, stable: t.stable, canary: t.canary, ...(header ? { header: { name: header.name, value: header.value } } : {}) };
}

/**
 * The route's rules for a canary weight (percent): with `header` a first rule sends matching requests to
 * the canary whatever the weight; the default rule splits between stable and canary. Weight 0: stable is
 * the only backend (no split); weight 100: canary is. Shared with the program (canaryRouteSpec).
 */
function canaryRules(traffic, weight, header) {
  const backend = (name, w) => ({ name, port: traffic.port, ...(w !== undefined ? { weight: w } : {}) });
  const path = { type: traffic.path.type, value: traffic.path.value };
  let backends;
  if (weight <= 0) backends = [backend(traffic.stable)];
  else if (weight >= 100) backends = [backend(traffic.canary)];
  else backends = [backend(traffic.stable, 100 - weight), backend(traffic.canary, weight)];
  return [
    ...(header ? [{ matches: [{ path, headers: [{ type: "Exact", name: header.name, value: header.value }] }], backendRefs: [backend(traffic.canary)] }] : []),
    { matches: [{ path }], backendRefs: backends },
  ];
}

/** True when `value op threshold` holds. NaN never passes. */
function compare(value, op, threshold) {
  if (Number.isNaN(value)) return false;
  return op === "<=" ? value <= threshold : value >= threshold;
}

/** Prometheus encodes sample values as strings, including "NaN", "+Inf" and "-Inf". */
function parseSampleValue(raw) {
  if (raw === "+Inf" || raw === "Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const n = Number(raw);
  return raw === "NaN" || !Number.isNaN(n) ? n : undefined;
}

/**
 * Interprets one /api/v1/query HTTP response. Returns { ok: true, value } for a single
 * numeric sample, otherwise { ok: false, reason }. NaN is returned as ok with value NaN
 * so the caller reports it against the threshold.
 */
function parseQueryResponse(httpStatus, text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: `malformed response (HTTP ${httpStatus}, not JSON)` };
  }
  if (body === null || typeof body !== "object") return { ok: false, reason: `malformed response (HTTP ${httpStatus}, not a JSON object)` };
  if (body.status !== "success") {
    const detail = typeof body.error === "string" ? `: ${body.errorType ?? "error"}: ${body.error}` : "";
    return { ok: false, reason: `query failed (HTTP ${httpStatus}, status ${JSON.stringify(body.status)})${detail}` };
  }
  if (httpStatus < 200 || httpStatus > 299) return { ok: false, reason: `unexpected HTTP ${httpStatus}` };
  const data = body.data;
  if (data === null || typeof data !== "object") return { ok: false, reason: "malformed response (no data)" };
  let sample;
  if (data.resultType === "vector") {
    if (!Array.isArray(data.result)) return { ok: false, reason: "malformed response (vector result is not an array)" };
    if (data.result.length === 0) return { ok: false, reason: "no data (empty result)" };
    if (data.result.length > 1) return { ok: false, reason: `ambiguous result (${data.result.length} series, expected 1; aggregate the query)` };
    sample = data.result[0] && data.result[0].value;
  } else if (data.resultType === "scalar") {
    sample = data.result;
  } else {
    return { ok: false, reason: `unsupported resultType ${JSON.stringify(data.resultType)} (expected vector or scalar)` };
  }
  if (!Array.isArray(sample) || sample.length !== 2) return { ok: false, reason: "malformed response (sample is not [timestamp, value])" };
  const value = parseSampleValue(sample[1]);
  if (value === undefined) return { ok: false, reason: `malformed response (sample value ${JSON.stringify(sample[1])} is not a number)` };
  return { ok: true, value };
}

function describeFetchError(err, timeoutSeconds) {
  if (err && (err.name === "TimeoutError" || err.name === "AbortError")) return `timed out after ${timeoutSeconds}s`;
  const cause = err && err.cause;
  const detail = cause && (cause.code ?? cause.message);
  return `unreachable: ${detail ?? (err && err.message) ?? String(err)}`;
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** GET with a timeout; resolves { status, text } or { error } (transport failure). */
async function httpGet(url, timeoutSeconds) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: "manual" });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { error: describeFetchError(err, timeoutSeconds) };
  }
}

/** Runs one instant query; retries transport errors and 5xx only, never bad values. */
async function queryPrometheus(prometheusUrl, query, options) {
  const o = { timeoutSeconds: 5, retries: 0, retryDelaySeconds: 0, ...options };
  const url = new URL("api/v1/query", prometheusUrl.endsWith("/") ? prometheusUrl : `${prometheusUrl}/`);
  url.searchParams.set("query", query);
  let last;
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (attempt > 0) await sleep(o.retryDelaySeconds);
    const res = await httpGet(url, o.timeoutSeconds);
    if (res.error !== undefined) {
      last = { ok: false, reason: res.error };
      continue;
    }
    last = parseQueryResponse(res.status, res.text);
    if (res.status < 500) break;
  }
  return last;
}

/** A sample for people: six significant digits (0.4999999999999993 reads 0.5); NaN and infinities as they are. */
function fmt(value) {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/**
 * One round of every check; resolves undefined when all hold, else what failed: the check, the value
 * against its threshold (or why there is no value). `where` is added to each log line.
 */
async function evaluateChecks(config, where, log) {
  for (const check of config.checks) {
    const r = await queryPrometheus(config.prometheusUrl, check.query, config);
    if (!r.ok) {
      const failure = r.reason.startsWith("no data") ? `check ${check.name}: no data (no traffic reached the canary, or its metrics are not scraped)` : `check ${check.name}: ${r.reason}`;
      log(`FAIL check=${check.name} ${where} reason="${r.reason}"`);
      return failure;
    }
    const passed = compare(r.value, check.op, check.threshold);
    const why = Number.isNaN(r.value) ? ' reason="value is NaN (no traffic?)"' : "";
    log(`${passed ? "PASS" : "FAIL"} check=${check.name} ${where} value=${fmt(r.value)} want ${check.op} ${check.threshold}${why}`);
    if (!passed) return `check ${check.name}: value ${fmt(r.value)}, want ${check.op} ${check.threshold}${Number.isNaN(r.value) ? " (NaN: no traffic?)" : ""}`;
  }
  return undefined;
}

/** Analysis gate: every check must hold in every sample; fails fast on the first breach. */
async function runAnalysis(config, log) {
  for (let s = 1; s <= config.samples; s++) {
    if (s > 1) await sleep(config.intervalSeconds);
    if ((await evaluateChecks(config, `sample=${s}/${config.samples}`, log)) !== undefined) return false;
  }
  return true;
}

/** Smoke gate: every URL must answer 2xx (or the expected status) within its retries. */
async function runSmoke(config, log) {
  for (let s = 1; s <= config.samples; s++) {
    if (s > 1) await sleep(config.intervalSeconds);
    for (const url of config.urls) {
      let reason = "";
      let passed = false;
      let attempt = 0;
      for (; attempt <= config.retries && !passed; attempt++) {
        if (attempt > 0) await sleep(config.retryDelaySeconds);
        const res = await httpGet(url, config.timeoutSeconds);
        if (res.error !== undefined) {
          reason = res.error;
        } else if (config.expectedStatus !== undefined ? res.status === config.expectedStatus : res.status >= 200 && res.status <= 299) {
          passed = true;
          reason = `status=${res.status}`;
        } else {
          reason = `status ${res.status}, want ${config.expectedStatus ?? "2xx"}`;
        }
      }
      const where = `url=${url} sample=${s}/${config.samples} attempts=${attempt}`;
      log(passed ? `PASS ${where} ${reason}` : `FAIL ${where} reason="${reason}"`);
      if (!passed) return false;
    }
  }
  return true;
}

/** Where the kubelet mounts the pod's ServiceAccount token, CA and namespace. */
const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * A client for the one HTTPRoute the gate may change, with the pod's own ServiceAccount token (in-cluster:
 * KUBERNETES_SERVICE_HOST/PORT, the mounted token and CA). Its Role allows get and patch of that route only.
 */
function routeClient(env, traffic, options, expectedRelease) {
  const fs = require("node:fs");
  const https = require("node:https");
  const o = { timeoutSeconds: 5, ...options };
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (host === undefined || host === "") throw new GateConfigError("KUBERNETES_SERVICE_HOST is not set: the gate must run in a pod with a ServiceAccount token");
  let token;
  let ca;
  try {
    token = fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/token`, "utf8").trim();
    ca = fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`);
  } catch (err) {
    throw new GateConfigError(`no ServiceAccount token at ${SERVICE_ACCOUNT_DIR} (automountServiceAccountToken must be true for this gate): ${err.message}`);
  }
  const path = `/apis/gateway.networking.k8s.io/v1/namespaces/${traffic.namespace}/httproutes/${traffic.route}`;
  const request = (method, body, query) =>
    new Promise((resolve) => {
      const req = https.request(
        { host: host.includes(":") ? `[${host}]` : host, port, path: `${path}${query ?? ""}`, method, ca, timeout: o.timeoutSeconds * 1000, headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body ? { "content-type": "application/merge-patch+json" } : {}) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timed out after ${o.timeoutSeconds}s`)));
      req.on("error", (err) => resolve({ error: err.message }));
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  /**
   * Replaces the route's rules, and records a verdict with them in the same patch when given; retries
   * transport errors, 5xx, 409 and 429 a few times. Resolves undefined or the error.
   */
  async function setRules(rules, verdict) {
    let last = "";
    for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt > 0) await sleep(Math.min(2, 0.25 * 2 ** attempt));
      // Only while the route is still this release's: a newer release resets it (annotated with its own id)
      // before its canary changes, and from then on this gate must not move its traffic. The patch carries the
      // resourceVersion it read, so a reset between the read and the patch is a conflict, read again.
      const current = await request("GET");
      if (current.error !== undefined) {
        last = current.error;
        continue;
      }
      if (current.status !== 200) {
        last = `HTTP ${current.status}: ${kubernetesMessage(current.text)}`;
        if (current.status < 500 && current.status !== 429) break;
        continue;
      }
      let metadata;
      try {
        metadata = JSON.parse(current.text).metadata ?? {};
      } catch {
        last = "the route's GET answered no JSON";
        continue;
      }
      const owner = (metadata.annotations ?? {})[RELEASE_ANNOTATION];
      if (expectedRelease !== undefined && owner !== expectedRelease) {
        return { superseded: `the route now belongs to release ${JSON.stringify(owner ?? null)}, not ${expectedRelease}` };
      }
      const body = { metadata: { resourceVersion: metadata.resourceVersion }, spec: { rules } };
      if (verdict !== undefined) Object.assign(body.metadata, { annotations: { [VERDICT_ANNOTATION]: JSON.stringify(verdict) }, labels: { [OUTCOME_LABEL]: verdict.outcome } });
      const res = await request("PATCH", body, "?fieldManager=platform-release-gate");
      if (res.error !== undefined) last = res.error;
      else if (res.status >= 200 && res.status < 300) return undefined;
      else {
        last = `HTTP ${res.status}: ${kubernetesMessage(res.text)}`;
        if (res.status < 500 && res.status !== 409 && res.status !== 429) break;
      }
    }
    return `patching HTTPRoute ${traffic.namespace}/${traffic.route} failed: ${last}`;
  }
  return { setRules };
}

function kubernetesMessage(text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === "string") return body.message;
  } catch {
    // not a Status object
  }
  return String(text).slice(0, 200);
}

/** Writes the one-line verdict where the kubelet reads a container's termination message (best effort). */
function terminationMessage(text) {
  try {
    require("node:fs").writeFileSync("/dev/termination-log", text);
  } catch {
    // no termination log (not in a pod): the last log line says the same
  }
}

/**
 * Release gate: walks the canary through every step in one run. Each step's weight is applied, then held
 * for GATE_STEP_SECONDS while every check is evaluated once per interval against that very traffic. The
 * first failing check (or a lost route, or SIGTERM) returns all traffic to stable at once (no header rule)
 * and fails the gate; when every step passed, all traffic goes to the canary, which now runs a verified
 * release, until the program promotes stable and hands traffic back (handover mode).
 */
async function runRelease(config, log, client, signal) {
  const t = config.traffic;
  const superseded = (err) => {
    log(`SUPERSEDED ${err.superseded}: this gate leaves its traffic alone`);
    return { ok: false, outcome: "superseded", message: `${config.name}: superseded: ${err.superseded}` };
  };
  const rollback = async (why) => {
    const message = `${config.name}: ${why}; traffic returned to ${t.stable} (100%)`;
    const err = await client.setRules(canaryRules(t, 0), { release: config.release, outcome: "rolled-back", message });
    if (isSuperseded(err)) return superseded(err);
    if (err === undefined) {
      log(`ROLLBACK ${why}; traffic returned to ${t.stable} (100%)`);
      return { ok: false, outcome: "rolled-back", message };
    }
    log(`ROLLBACK FAILED ${why}; ${err}: traffic may still reach ${t.canary}`);
    return { ok: false, outcome: "unsafe", message: `${config.name}: ${why}; ROLLBACK FAILED (${err}): traffic may still reach ${t.canary}` };
  };
  for (let k = 0; k < config.steps.length; k++) {
    const weight = config.steps[k];
    const at = `step ${k + 1}/${config.steps.length} (weight ${weight}%)`;
    const err = await client.setRules(canaryRules(t, weight, t.header));
    if (isSuperseded(err)) return superseded(err);
    if (err !== undefined) return rollback(`at ${at}: ${err}`);
    log(`STEP ${k + 1}/${config.steps.length} weight=${weight} hold=${config.stepSeconds}s`);
    const started = Date.now();
    let sample = 0;
    while (Date.now() - started < config.stepSeconds * 1000) {
      const wait = Math.min(config.intervalSeconds, Math.max(0, config.stepSeconds - (Date.now() - started) / 1000));
      await Promise.race([sleep(wait), signal.stopped]);
      if (signal.reason !== undefined) return rollback(`at ${at}: ${signal.reason}`);
      sample++;
      const failure = await evaluateChecks(config, `step=${k + 1} sample=${sample}`, log);
      if (failure !== undefined) return rollback(`at ${at}: ${failure}`);
    }
  }
  if (config.hold) {
    // A manual hold: the last weight (and the header rule) stays until an approved update resumes the walk.
    const last = config.steps[config.steps.length - 1];
    const held = `${config.name}: every step passed up to the hold (${config.steps.join(", ")}%); traffic held at ${last}% on ${t.canary} until the release is approved`;
    const err = await client.setRules(canaryRules(t, last, t.header), { release: config.release, outcome: "held", message: held });
    if (isSuperseded(err)) return superseded(err);
    if (err !== undefined) return rollback(`at the hold: ${err}`);
    log(`HELD at weight ${last} until the release is approved`);
    return { ok: true, outcome: "held", message: held };
  }
  const message = `${config.name}: every step passed (${config.steps.join(", ")}%); traffic on ${t.canary} (100%)`;
  const err = await client.setRules(canaryRules(t, 100), { release: config.release, outcome: "complete", message });
  if (isSuperseded(err)) return superseded(err);
  if (err !== undefined) return rollback(`after the last step: ${err}`);
  log(`COMPLETE every step passed; all traffic on ${t.canary} until stable is promoted`);
  return { ok: true, outcome: "complete", message };
}

function isSuperseded(err) {
  return err !== null && typeof err === "object" && typeof err.superseded === "string";
}

/** Handover gate: stable was promoted to the release and passed its smoke gate; it takes all traffic back. */
async function runHandover(config, log, client) {
  const err = await client.setRules(canaryRules(config.traffic, 0));
  if (err !== undefined) {
    log(`FAIL ${err}`);
    return { ok: false, outcome: "unsafe", message: `${config.name}: ${err}; traffic stays where it is` };
  }
  log(`HANDOVER traffic on ${config.traffic.stable} (100%)`);
  return { ok: true, outcome: "complete", message: `${config.name}: traffic on ${config.traffic.stable} (100%)` };
}

/** Parses the config, runs the gate and returns the process exit code. */
async function main(env, log, options = {}) {
  let config;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof GateConfigError) {
      log(`GATE CONFIG ERROR ${err.message}`);
      return EXIT_CONFIG;
    }
    throw err;
  }
  if (config.mode === "release" || config.mode === "handover") return runTrafficGate(config, env, log, options);
  const count = config.mode === "smoke" ? `urls=${config.urls.length}` : `checks=${config.checks.length}`;
  log(`GATE START name=${config.name} mode=${config.mode} ${count} samples=${config.samples}`);
  const passed = config.mode === "smoke" ? await runSmoke(config, log) : await runAnalysis(config, log);
  log(`GATE ${passed ? "PASSED" : "FAILED"} name=${config.name} mode=${config.mode}`);
  return passed ? EXIT_PASS : EXIT_FAIL;
}

/** Release and handover modes: they change the route with the pod's token. `options.client` replaces the in-cluster client (tests). */
async function runTrafficGate(config, env, log, options) {
  let client;
  try {
    client = options.client ?? routeClient(env, config.traffic, config, config.mode === "release" ? config.release : undefined);
  } catch (err) {
    if (!(err instanceof GateConfigError)) throw err;
    log(`GATE CONFIG ERROR ${err.message}`);
    return EXIT_CONFIG;
  }
  const what = config.mode === "release" ? `steps=${config.steps.join(",")} hold=${config.stepSeconds}s checks=${config.checks.length}` : `route=${config.traffic.route}`;
  log(`GATE START name=${config.name} mode=${config.mode} ${what}`);
  const signal = options.signal ?? stopSignal();
  let result;
  try {
    result = config.mode === "release" ? await runRelease(config, log, client, signal) : await runHandover(config, log, client);
  } catch (err) {
    // A fault of the gate itself mid-walk: traffic may sit on the canary at some weight; return it to stable.
    log(`GATE ERROR ${err && err.message ? err.message : err}`);
    result = { ok: false, outcome: "unsafe", message: `${config.name}: the gate failed: ${err && err.message ? err.message : err}` };
    if (config.mode === "release") {
      const back = await client.setRules(canaryRules(config.traffic, 0)).catch((e) => String(e && e.message ? e.message : e));
      const safe = back === undefined;
      log(safe ? `ROLLBACK after the gate's own error; traffic returned to ${config.traffic.stable} (100%)` : `ROLLBACK FAILED after the gate's own error: ${typeof back === "string" ? back : "superseded"}`);
      if (safe) result = { ok: false, outcome: "unsafe", message: `${result.message}; traffic returned to ${config.traffic.stable} (100%)` };
    }
  }
  const verdicts = { held: "HELD", "rolled-back": "ROLLED BACK", superseded: "SUPERSEDED" };
  log(`GATE ${verdicts[result.outcome] ?? (result.ok ? "PASSED" : "FAILED")} name=${config.name} mode=${config.mode}`);
  terminationMessage(result.message);
  // A rollback is the gate doing its duty: traffic is safe and the verdict is on the route, where the program
  // reads it and fails the update naming the check. The Job fails only when traffic could not be made safe.
  return result.outcome === "unsafe" ? EXIT_FAIL : EXIT_PASS;
}

/** Resolves `stopped` on SIGTERM (the Job deleted or past its deadline), so that a release rolls back before the pod dies. */
function stopSignal() {
  const signal = { reason: undefined };
  signal.stopped = new Promise((resolve) => {
    process.once("SIGTERM", () => {
      signal.reason = "the gate was stopped (SIGTERM: its Job was deleted or ran past its deadline)";
      resolve();
    });
  });
  return signal;
}

module.exports = {
  EXIT_PASS,
  EXIT_FAIL,
  EXIT_CONFIG,
  GateConfigError,
  escapeLabelValue,
  labelMatchers,
  defaultChecks,
  parseConfig,
  compare,
  parseSampleValue,
  parseQueryResponse,
  queryPrometheus,
  runAnalysis,
  runSmoke,
  evaluateChecks,
  canaryRules,
  parseTraffic,
  VERDICT_ANNOTATION,
  OUTCOME_LABEL,
  RELEASE_ANNOTATION,
  runRelease,
  runHandover,
  main,
};

if (require.main === module) {
  main(process.env, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.log(`GATE ERROR ${err && err.stack ? err.stack : err}`);
      process.exitCode = EXIT_FAIL;
    },
  );
}
