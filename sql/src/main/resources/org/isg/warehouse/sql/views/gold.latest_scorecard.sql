-- Latest monthly scorecard of each cohort: score, rank and rank interval (5th–95th percentile of
-- 1,000 Monte Carlo draws), level scores, coverage; unscored bases say why. 各组最新月度评分卡
CREATE OR REPLACE VIEW isg.gold.latest_scorecard
COMMENT 'Latest monthly scorecard per cohort with rank intervals / 各组最新月度评分卡（含排名区间）'
SECURITY INVOKER AS
SELECT s.cohort, s.period, s.base_code, b.region_or_unit AS base_name, s.score, s.rank, s.rank_low, s.rank_high,
       s.micro_score, s.meso_score, s.macro_score, s.coverage, s.indicators_with_value, s.indicators_applicable,
       s.not_scored_reason, s.as_of
FROM isg.gold.base_scores s
JOIN (SELECT cohort, max(period) AS period FROM isg.gold.base_scores WHERE period_type = 'MONTH' GROUP BY cohort) latest
  ON latest.cohort = s.cohort AND latest.period = s.period
LEFT JOIN isg.ref.bases b ON b.base_code = s.base_code
WHERE s.period_type = 'MONTH'
