-- The scorecard of each cohort for its latest month, final or not (the current month is usually
-- provisional, and most bases not yet scored in it); period_status says which. 各组最新（含暂定）月度评分卡
CREATE OR REPLACE VIEW isg.gold.provisional_scorecard
COMMENT 'Scorecard per cohort for the latest month, provisional or final / 各组最新月度评分卡（含暂定）'
SECURITY INVOKER AS
WITH shown AS (
    SELECT cohort, max(period) AS period
    FROM isg.gold.base_scores
    WHERE period_type = 'MONTH'
    GROUP BY cohort),
status AS (
    SELECT s.cohort, s.period, count_if(s.obs_status = 'A') > 0 AND count_if(s.obs_status = 'P') = 0 AS final
    FROM isg.gold.base_scores s
    JOIN shown ON shown.cohort = s.cohort AND shown.period = s.period
    WHERE s.period_type = 'MONTH'
    GROUP BY s.cohort, s.period)
SELECT s.cohort, s.period, CASE WHEN status.final THEN 'FINAL' ELSE 'PROVISIONAL' END AS period_status, s.base_code, b.region_or_unit AS base_name,
       s.score, s.obs_status, s.rank, s.rank_low, s.rank_high, s.micro_score, s.meso_score, s.macro_score, s.coverage, s.indicators_with_value,
       s.indicators_applicable, s.not_scored_reason, s.as_of
FROM isg.gold.base_scores s
JOIN status ON status.cohort = s.cohort AND status.period = s.period
LEFT JOIN isg.ref.bases b ON b.base_code = s.base_code
WHERE s.period_type = 'MONTH'
