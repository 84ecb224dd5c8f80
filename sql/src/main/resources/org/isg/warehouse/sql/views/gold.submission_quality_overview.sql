-- Submission quality per base, dataset and month, with the base's name. 数据报送质量
CREATE OR REPLACE VIEW isg.gold.submission_quality_overview
COMMENT 'Reporting, on-time and valid-row rates per base, dataset and month / 数据报送质量'
SECURITY INVOKER AS
SELECT q.base_code, b.region_or_unit AS base_name, q.cohort, q.dataset, q.month, q.reporting_rate, q.on_time_rate,
       q.valid_row_rate, q.days_reported, q.days_on_time, q.days_in_period, q.rows_received, q.rows_accepted, q.as_of
FROM isg.gold.submission_quality q
LEFT JOIN isg.ref.bases b ON b.base_code = q.base_code
