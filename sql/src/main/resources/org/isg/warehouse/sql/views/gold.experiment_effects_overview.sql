-- Each experiment's headline: the overall effect on each outcome against never-treated units, with its
-- interval, the pre-trend placebo and the trust grade; an evaluator sees their own base's (row filter of
-- gold.experiment_effects). docs/experiments.md says how to read a grade. 实验效应总览
CREATE OR REPLACE VIEW isg.gold.experiment_effects_overview
COMMENT 'Experiment effects: overall ATT per experiment and outcome against never-treated units, placebo pre-trend, trust grade / 实验效应总览'
SECURITY INVOKER AS
SELECT e.base_code, e.experiment_id, e.title, e.technology, e.indicator_code, i.name_zh, i.name_en, i.unit, e.unit_level,
       e.estimate, e.std_error, e.ci_low, e.ci_high,
       p.estimate AS pre_trend_estimate, p.ci_low AS pre_trend_ci_low, p.ci_high AS pre_trend_ci_high, e.wald_p_value,
       e.trust_grade, e.trust_flags, e.estimation_flags, e.units, e.treated_units, e.comparison_units, e.as_of
FROM isg.gold.experiment_effects e
LEFT JOIN isg.ref.indicators i ON i.indicator_code = e.indicator_code
LEFT JOIN isg.gold.experiment_effects p
       ON p.base_code = e.base_code AND p.experiment_id = e.experiment_id AND p.indicator_code = e.indicator_code
      AND p.control_group = e.control_group AND p.aggregation = 'PRE_TREND'
WHERE e.control_group = 'NEVER_TREATED' AND e.aggregation = 'SIMPLE'
