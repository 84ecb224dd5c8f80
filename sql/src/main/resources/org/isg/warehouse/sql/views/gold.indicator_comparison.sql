-- One indicator and period across the bases of each cohort: value, interval, status and rank
-- (best first by the indicator's direction; rows without a value are not ranked). 跨基地指标比较
CREATE OR REPLACE VIEW isg.gold.indicator_comparison
COMMENT 'Cross-base comparison of an indicator in a period: value, interval, status, rank in cohort / 跨基地指标比较'
SECURITY INVOKER AS
SELECT v.indicator_code, i.name_zh, i.name_en, v.period_type, v.period, v.cohort, v.base_code, v.value, v.unit,
       v.ci_low, v.ci_high, v.obs_status,
       CASE WHEN v.value IS NOT NULL THEN
           rank() OVER (PARTITION BY v.indicator_code, v.period_type, v.period, v.cohort, v.value IS NULL
                        ORDER BY CASE WHEN i.direction = 'UP' THEN -v.value ELSE v.value END)
       END AS rank_in_cohort
FROM isg.gold.indicator_values v
JOIN isg.ref.indicators i ON i.indicator_code = v.indicator_code
