export * from "./conventions";
export * from "./dashboard";
export * from "./monitoring";
export * from "./alertRules";
export * from "./alertRouting";
export * from "./kubePrometheusStack";
export * as rules from "./rules";
