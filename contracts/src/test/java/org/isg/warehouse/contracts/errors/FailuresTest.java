package org.isg.warehouse.contracts.errors;

import org.isg.warehouse.contracts.landing.RejectionReason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest
{
    @Test
    void aCodedFailureAnywhereInTheCauseChainGivesCodeAndMessage()
    {
        IsgException missingKey = new IsgException(StandardErrorCode.PSEUDONYM_KEY_MISSING, "no pseudonym key: set ISG_PSEUDONYM_KEY\nsecond line");
        RuntimeException wrapped = new RuntimeException("stage failed", missingKey);

        assertThat(Failures.errorCode(wrapped)).isEqualTo(new ErrorCode(2, "PSEUDONYM_KEY_MISSING", ErrorType.USER_ERROR));
        assertThat(Failures.safeMessage(wrapped)).isEqualTo("no pseudonym key: set ISG_PSEUDONYM_KEY");
        assertThat(Failures.oneLine(wrapped)).isEqualTo("[PSEUDONYM_KEY_MISSING] no pseudonym key: set ISG_PSEUDONYM_KEY");
    }

    @Test
    void anUncodedFailureIsInternalAndItsMessageIsNotRepeated()
    {
        // A foreign message may quote data: an identity-card number here
        IllegalStateException foreign = new IllegalStateException("cannot cast '110101199001011234' to INT");

        assertThat(Failures.errorCode(foreign)).isEqualTo(new ErrorCode(0x0002_0001, "GENERIC_INTERNAL_ERROR", ErrorType.INTERNAL_ERROR));
        assertThat(Failures.oneLine(foreign))
                .isEqualTo("[GENERIC_INTERNAL_ERROR] unexpected java.lang.IllegalStateException; run the stage again with ISG_DEBUG=1 to print its stack trace")
                .doesNotContain("110101199001011234");
    }

    @Test
    void codesAreUniqueAndLieInTheirTypesRange()
    {
        List<ErrorCode> codes = new ArrayList<>();
        Stream.of(StandardErrorCode.values()).map(ErrorCodeSupplier::toErrorCode).forEach(codes::add);
        Stream.of(RejectionReason.values()).map(ErrorCodeSupplier::toErrorCode).forEach(codes::add);

        assertThat(codes).extracting(ErrorCode::code).doesNotHaveDuplicates();
        assertThat(codes).extracting(ErrorCode::name).doesNotHaveDuplicates();
        assertThat(codes).allSatisfy(code -> assertThat(code.code() & 0xFFFF_0000).as(code.name()).isEqualTo(code.type().codeBase()));
        assertThat(RejectionReason.CHECKSUM_MISMATCH.toErrorCode()).isEqualTo(new ErrorCode(0x0001_000A, "CHECKSUM_MISMATCH", ErrorType.BAD_DELIVERY));
    }
}
