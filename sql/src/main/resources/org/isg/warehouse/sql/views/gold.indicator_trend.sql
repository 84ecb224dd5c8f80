-- One indicator of one base over time: filter by base_code and indicator_code. 单个指标的时间趋势
CREATE OR REPLACE VIEW isg.gold.indicator_trend
COMMENT 'Indicator values over time, with names, unit and interval; filter by base_code and indicator_code / 指标趋势'
SECURITY INVOKER AS
SELECT v.base_code, v.indicator_code, i.name_zh, i.name_en, v.level, v.period_type, v.period, v.value, v.unit,
       v.ci_low, v.ci_high, v.numerator, v.denominator, v.obs_status, v.as_of
FROM isg.gold.indicator_values v
JOIN isg.ref.indicators i ON i.indicator_code = v.indicator_code
