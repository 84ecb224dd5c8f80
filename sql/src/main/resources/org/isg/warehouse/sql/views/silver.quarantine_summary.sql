-- Quarantined rows per base, dataset, export month and broken rule. 隔离记录汇总（按基地、规则）
CREATE OR REPLACE VIEW isg.silver.quarantine_summary
COMMENT 'Quarantined rows per base, dataset, month and broken rule / 隔离记录按基地和规则汇总'
SECURITY INVOKER AS
SELECT q.base_code, q.dataset, substr(CAST(q.export_date AS varchar), 1, 7) AS export_month, rule, count(*) AS rows_quarantined
FROM isg.silver.quarantine q
CROSS JOIN UNNEST(q.broken_rules) AS broken(rule)
GROUP BY q.base_code, q.dataset, substr(CAST(q.export_date AS varchar), 1, 7), rule
