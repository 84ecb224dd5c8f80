package org.isg.warehouse.sql.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class LatestScorecardQueryTest
{
    @Test
    void theReportReadsTheViewsQueryOverTheReleasesVersionOfTheScores()
            throws IOException
    {
        String query = AssessmentReport.latestScorecardOver("isg.gold.base_scores FOR VERSION AS OF 7");
        // the view reads gold.base_scores twice: for the months that are final, and for the scores shown
        assertThat(query.split("isg\\.gold\\.base_scores FOR VERSION AS OF 7", -1)).hasSize(3);
        assertThat(query.replace("isg.gold.base_scores FOR VERSION AS OF 7", "")).doesNotContain("base_scores");
        assertThat(query.strip()).startsWith("WITH months AS (").doesNotContain("CREATE").doesNotContain("COMMENT");
    }
}
