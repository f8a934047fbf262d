import { num, str, type PromRule, type PromRuleGroup, type RuleContext } from "./types";

/** Which data alerts to include, and how to find the backup workloads. */
export interface DataRuleOptions {
    /** PostgreSQL alerts from postgres_exporter (pg_up, connections, slow queries). Default true. */
    readonly database?: boolean;
    /** Backup alerts (backup CronJobs and Velero schedules). Default true. */
    readonly backups?: boolean;
    /** Replication lag alert (postgres_exporter on the DR replica). Default true. */
    readonly replication?: boolean;
    /** Regex (RE2, anchored by Prometheus) of backup CronJob names in the namespace. Default `.*backup.*`. */
    readonly backupCronJobRegex?: string;
    /** Regex of Velero schedule names belonging to this environment. Default `<namespace>-.*`. */
    readonly veleroScheduleRegex?: string;
}

/** Database (postgres_exporter), backup (kube-state-metrics, Velero) and DR replication alerts. */
export function dataRuleGroup(ctx: RuleContext, opts: DataRuleOptions = {}): PromRuleGroup {
    const ns = `namespace=${str(ctx.namespace)}`;
    const t = ctx.thresholds;
    const rules: PromRule[] = [];
    if (opts.database ?? true) {
        const labels = (severity: string) => ({ severity, namespace: ctx.namespace, app: "database" });
        rules.push(
            {
                alert: "DatabaseDown",
                expr: `pg_up{${ns}} == 0`,
                for: ctx.for.databaseDown,
                labels: labels("critical"),
                annotations: { summary: "Database unreachable", description: "postgres_exporter {{ $labels.instance }} cannot reach PostgreSQL." },
            },
            {
                alert: "DatabaseConnectionsHigh",
                expr: `sum by (namespace, instance) (pg_stat_database_numbackends{${ns}}) > ${num(t.dbConnections)}`,
                for: ctx.for.dbConnections,
                labels: labels("warning"),
                annotations: { summary: `More than ${num(t.dbConnections)} database connections`, description: "PostgreSQL {{ $labels.instance }} has many open connections." },
            },
            {
                alert: "DatabaseSlowQueries",
                expr: `max by (namespace, instance, datname) (pg_stat_activity_max_tx_duration{${ns}, state="active"}) > ${num(t.slowQuerySeconds)}`,
                for: ctx.for.slowQueries,
                labels: labels("warning"),
                annotations: { summary: `Active transactions running longer than ${num(t.slowQuerySeconds)} s`, description: "Database {{ $labels.datname }} on {{ $labels.instance }} keeps running slow queries." },
            },
        );
    }
    if (opts.replication ?? true) {
        rules.push({
            alert: "DatabaseReplicationLagHigh",
            expr: `max by (namespace, instance) (pg_replication_lag_seconds{${ns}}) > ${num(t.replicationLagSeconds)}`,
            for: ctx.for.replicationLag,
            labels: { severity: "critical", namespace: ctx.namespace, app: "dr" },
            annotations: { summary: `Replication lag above the RPO (${num(t.replicationLagSeconds)} s)`, description: "Replica {{ $labels.instance }} is behind its primary by more than the recovery point objective." },
        });
    }
    if (opts.backups ?? true) {
        const cronJobs = str(opts.backupCronJobRegex ?? ".*backup.*");
        const schedules = str(opts.veleroScheduleRegex ?? `${ctx.namespace}-.*`);
        const maxAge = num(t.backupMaxAgeHours * 3600);
        const labels = (severity: string) => ({ severity, namespace: ctx.namespace, app: "backup" });
        rules.push(
            {
                alert: "BackupJobFailed",
                expr: `sum by (namespace, job_name) (kube_job_status_failed{${ns}, job_name=~${cronJobs}}) > 0`,
                labels: labels("warning"),
                annotations: { summary: "Backup job failed", description: "Backup Job {{ $labels.job_name }} failed." },
            },
            {
                alert: "BackupLate",
                expr: `time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{${ns}, cronjob=~${cronJobs}}) > ${maxAge}`,
                labels: labels("critical"),
                annotations: { summary: `No successful backup for ${num(t.backupMaxAgeHours)} h`, description: "CronJob {{ $labels.cronjob }} has not completed a backup in time." },
            },
            {
                alert: "VeleroBackupLate",
                expr: `time() - max by (schedule) (velero_backup_last_successful_timestamp{schedule=~${schedules}}) > ${maxAge}`,
                labels: labels("critical"),
                annotations: { summary: `No successful Velero backup for ${num(t.backupMaxAgeHours)} h`, description: "Velero schedule {{ $labels.schedule }} has not completed a backup in time." },
            },
        );
    }
    return { name: `${ctx.namespace}.data`, rules };
}
