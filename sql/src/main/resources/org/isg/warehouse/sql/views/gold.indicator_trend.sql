-- One indicator of one base over time: filter by base_code and indicator_code. 单个指标的时间趋势
-- Values withheld by small-cell confidentiality (gold.confidentiality: C primary, D secondary) show no
-- value, numerator or interval here; conf_status says which.
CREATE OR REPLACE VIEW isg.gold.indicator_trend
COMMENT 'Indicator values over time, with names, unit and interval; filter by base_code and indicator_code; small cells withheld (conf_status) / 指标趋势'
SECURITY INVOKER AS
SELECT v.base_code, v.indicator_code, i.name_zh, i.name_en, v.level, v.period_type, v.period,
       CASE WHEN c.conf_status IS NULL THEN v.value END AS value, v.unit,
       CASE WHEN c.conf_status IS NULL THEN v.ci_low END AS ci_low,
       CASE WHEN c.conf_status IS NULL THEN v.ci_high END AS ci_high,
       CASE WHEN c.conf_status IS NULL THEN v.numerator END AS numerator, v.denominator, v.obs_status,
       coalesce(c.conf_status, 'F') AS conf_status, v.as_of
FROM isg.gold.indicator_values v
JOIN isg.ref.indicators i ON i.indicator_code = v.indicator_code
LEFT JOIN isg.gold.confidentiality c
    ON c.base_code = v.base_code AND c.indicator_code = v.indicator_code AND c.period_type = v.period_type AND c.period = v.period
