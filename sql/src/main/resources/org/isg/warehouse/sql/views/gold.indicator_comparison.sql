-- One indicator and period across the bases of each cohort: value, interval, status and rank
-- (best first by the indicator's direction; rows without a value are not ranked). 跨基地指标比较
-- Values withheld by small-cell confidentiality (gold.confidentiality) show no value and are not ranked.
CREATE OR REPLACE VIEW isg.gold.indicator_comparison
COMMENT 'Cross-base comparison of an indicator in a period: value, interval, status, rank in cohort; small cells withheld (conf_status) / 跨基地指标比较'
SECURITY INVOKER AS
WITH released AS (
    SELECT v.indicator_code, v.period_type, v.period, v.cohort, v.base_code, v.unit, v.obs_status,
           CASE WHEN c.conf_status IS NULL THEN v.value END AS value,
           CASE WHEN c.conf_status IS NULL THEN v.ci_low END AS ci_low,
           CASE WHEN c.conf_status IS NULL THEN v.ci_high END AS ci_high,
           coalesce(c.conf_status, 'F') AS conf_status
    FROM isg.gold.indicator_values v
    LEFT JOIN isg.gold.confidentiality c
        ON c.base_code = v.base_code AND c.indicator_code = v.indicator_code AND c.period_type = v.period_type AND c.period = v.period)
SELECT v.indicator_code, i.name_zh, i.name_en, v.period_type, v.period, v.cohort, v.base_code, v.value, v.unit,
       v.ci_low, v.ci_high, v.obs_status, v.conf_status,
       CASE WHEN v.value IS NOT NULL THEN
           rank() OVER (PARTITION BY v.indicator_code, v.period_type, v.period, v.cohort, v.value IS NULL
                        ORDER BY CASE WHEN i.direction = 'UP' THEN -v.value ELSE v.value END)
       END AS rank_in_cohort
FROM released v
JOIN isg.ref.indicators i ON i.indicator_code = v.indicator_code
