export * from "./changeSummary";
export * from "./imageRef";
export * from "./maintenanceWindow";
export * from "./promotion";
export * from "./releaseManifest";
export * from "./releaseHistory";
