package org.isg.warehouse.sql.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FunnelLimitsTest
{
    @Test
    void proportionLimitsWorkedOutByHand()
    {
        // p = 0.8, n = 100: standard error √(0.8 · 0.2 / 100) = 0.04; 95%: 0.8 ± 1.96 · 0.04; 99.8%: 0.8 ± 3.09 · 0.04
        FunnelLimits.Limits limits = FunnelLimits.at(FunnelLimits.Model.PROPORTION, 0.8, 100);
        assertThat(limits.low95()).isCloseTo(72.160144, within(1e-5));
        assertThat(limits.high95()).isCloseTo(87.839856, within(1e-5));
        assertThat(limits.low998()).isCloseTo(67.639071, within(1e-5));
        assertThat(limits.high998()).isCloseTo(92.360929, within(1e-5));
        // p = 0.98, n = 30: 0.98 + 3.09 · 0.0256 passes 1, the limit stops at 100%
        assertThat(FunnelLimits.at(FunnelLimits.Model.PROPORTION, 0.98, 30).high998()).isEqualTo(100.0);
    }

    @Test
    void ratePerThousandLimitsArePoisson()
    {
        // λ = 0.05, n = 2,000: standard error √(0.05 / 2000) = 0.005; 95%: 1000 · (0.05 ± 1.96 · 0.005)
        FunnelLimits.Limits limits = FunnelLimits.at(FunnelLimits.Model.RATE_PER_THOUSAND, 0.05, 2000);
        assertThat(limits.low95()).isCloseTo(40.200180, within(1e-5));
        assertThat(limits.high95()).isCloseTo(59.799820, within(1e-5));
    }

    @Test
    void theCurveSpansTheDenominatorsOnALogScale()
    {
        List<FunnelLimits.Limits> curve = FunnelLimits.curve(FunnelLimits.Model.PROPORTION, 0.5, 10, 1000, 3);
        assertThat(curve).extracting(FunnelLimits.Limits::denominator).containsExactly(10.0, 100.0, 1000.0);
    }

    @Test
    void embeddedJsonCannotEndTheScriptElement()
            throws Exception
    {
        // a base declares an experiment titled to break out of the page's script element
        String json = AssessmentReport.json(Map.of("title", "</script><script>alert(1)</script> & \u2028"));
        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
        assertThat(json).contains("\\u003c/script\\u003e");
        assertThat(Html.escape("<b title=\"x\">'&'</b>")).isEqualTo("&lt;b title=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
    }
}
