-- How much each release revised each indicator: values revised, mean absolute revision, by reason. 指标修订概况
CREATE OR REPLACE VIEW isg.gold.revision_summary
COMMENT 'Per release and indicator: values revised and the mean absolute revision, by reason / 各次发布的指标修订概况'
SECURITY INVOKER AS
SELECT r.to_release, r.from_release, r.indicator_code, i.name_zh, i.name_en, r.reason,
       count(*) AS values_revised,
       avg(abs(r.revision)) AS mean_absolute_revision,
       count_if(r.old_value IS NULL) AS values_gained,
       count_if(r.new_value IS NULL) AS values_lost
FROM isg.gold.revisions r
LEFT JOIN isg.ref.indicators i ON i.indicator_code = r.indicator_code
GROUP BY r.to_release, r.from_release, r.indicator_code, i.name_zh, i.name_en, r.reason
