"use strict";
// Rollout gate: run by a Kubernetes Job (see components/kubernetes/gateJob.ts and
// docs/gates.md). Dependency-free on purpose: it is shipped in a ConfigMap and run
// as `node gate.js` in a pinned node image. Configuration comes from GATE_* env vars.
// Exit codes: 0 gate passed, 1 gate failed, 2 bad gate configuration.

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_CONFIG = 2;

class GateConfigError extends Error {}

const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const PROMQL_DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

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
  if (mode !== "smoke" && mode !== "analysis") {
    throw new GateConfigError(`GATE_MODE must be "smoke" or "analysis", got ${JSON.stringify(mode)}`);
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
  if (env.GATE_PROMETHEUS_URL === undefined || env.GATE_PROMETHEUS_URL === "") {
    throw new GateConfigError("GATE_PROMETHEUS_URL is required in analysis mode");
  }
  const prometheusUrl = parseHttpUrl("GATE_PROMETHEUS_URL", env.GATE_PROMETHEUS_URL);
  return { ...common, prometheusUrl, checks: parseChecks(env.GATE_CHECKS) };
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

function fmt(value) {
  return Number.isNaN(value) ? "NaN" : String(value);
}

/** Analysis gate: every check must hold in every sample; fails fast on the first breach. */
async function runAnalysis(config, log) {
  for (let s = 1; s <= config.samples; s++) {
    if (s > 1) await sleep(config.intervalSeconds);
    for (const check of config.checks) {
      const r = await queryPrometheus(config.prometheusUrl, check.query, config);
      const where = `check=${check.name} sample=${s}/${config.samples}`;
      if (!r.ok) {
        log(`FAIL ${where} reason="${r.reason}"`);
        return false;
      }
      const passed = compare(r.value, check.op, check.threshold);
      const why = Number.isNaN(r.value) ? ' reason="value is NaN (no traffic?)"' : "";
      log(`${passed ? "PASS" : "FAIL"} ${where} value=${fmt(r.value)} want ${check.op} ${check.threshold}${why}`);
      if (!passed) return false;
    }
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

/** Parses the config, runs the gate and returns the process exit code. */
async function main(env, log) {
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
  const count = config.mode === "smoke" ? `urls=${config.urls.length}` : `checks=${config.checks.length}`;
  log(`GATE START name=${config.name} mode=${config.mode} ${count} samples=${config.samples}`);
  const passed = config.mode === "smoke" ? await runSmoke(config, log) : await runAnalysis(config, log);
  log(`GATE ${passed ? "PASSED" : "FAILED"} name=${config.name} mode=${config.mode}`);
  return passed ? EXIT_PASS : EXIT_FAIL;
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
