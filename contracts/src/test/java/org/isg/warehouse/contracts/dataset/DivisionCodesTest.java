package org.isg.warehouse.contracts.dataset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DivisionCodesTest
{
    @Test
    void aDivisionCoversItsCodeWithoutTheTrailingZeroGroups()
    {
        assertThat(DivisionCodes.coveredPrefix("320505001002")).isEqualTo("320505001002");
        assertThat(DivisionCodes.coveredPrefix("320505001000")).isEqualTo("320505001");
        assertThat(DivisionCodes.coveredPrefix("320505000000")).isEqualTo("320505");
        assertThat(DivisionCodes.coveredPrefix("320500000000")).isEqualTo("3205");
        assertThat(DivisionCodes.coveredPrefix("320000000000")).isEqualTo("32");
        // a zero group inside the code is not trailing: the street 000 of a county still has its community digits
        assertThat(DivisionCodes.coveredPrefix("320505000001")).isEqualTo("320505000001");
    }

    @Test
    void theSqlFormReadsTheSameGroups()
    {
        assertThat(DivisionCodes.coveredPrefixSql("division_code")).isEqualTo("CASE"
                + " WHEN substr(division_code, 10, 3) <> '000' THEN substr(division_code, 1, 12)"
                + " WHEN substr(division_code, 7, 3) <> '000' THEN substr(division_code, 1, 9)"
                + " WHEN substr(division_code, 5, 2) <> '00' THEN substr(division_code, 1, 6)"
                + " WHEN substr(division_code, 3, 2) <> '00' THEN substr(division_code, 1, 4)"
                + " ELSE substr(division_code, 1, 2) END");
    }
}
