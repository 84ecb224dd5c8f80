-- The scorecard of each cohort for its latest final month (every score in it final, SPEC §5), or, while
-- no month is final yet, its latest month; period and period_status say which. Score, rank and rank
-- interval (5th–95th percentile of 1,000 Monte Carlo draws), level scores, coverage; unscored bases say
-- why. gold.provisional_scorecard shows the latest month, final or not. 各组最新定稿月度评分卡
CREATE OR REPLACE VIEW isg.gold.latest_scorecard
COMMENT 'Scorecard per cohort for the latest final month (period_status says which) / 各组最新定稿月度评分卡（含排名区间）'
SECURITY INVOKER AS
WITH months AS (
    SELECT cohort, period, count_if(obs_status = 'A') > 0 AND count_if(obs_status = 'P') = 0 AS final
    FROM isg.gold.base_scores
    WHERE period_type = 'MONTH'
    GROUP BY cohort, period),
shown AS (
    SELECT cohort, coalesce(max(period) FILTER (WHERE final), max(period)) AS period, max(period) FILTER (WHERE final) IS NOT NULL AS final
    FROM months
    GROUP BY cohort)
SELECT s.cohort, s.period, CASE WHEN shown.final THEN 'FINAL' ELSE 'PROVISIONAL' END AS period_status, s.base_code, b.region_or_unit AS base_name,
       s.score, s.obs_status, s.rank, s.rank_low, s.rank_high, s.micro_score, s.meso_score, s.macro_score, s.coverage, s.indicators_with_value,
       s.indicators_applicable, s.not_scored_reason, s.as_of
FROM isg.gold.base_scores s
JOIN shown ON shown.cohort = s.cohort AND shown.period = s.period
LEFT JOIN isg.ref.bases b ON b.base_code = s.base_code
WHERE s.period_type = 'MONTH'
