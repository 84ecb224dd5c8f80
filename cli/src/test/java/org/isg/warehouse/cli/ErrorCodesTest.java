package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.errors.ErrorCode;
import org.isg.warehouse.contracts.errors.ErrorCodeSupplier;
import org.isg.warehouse.contracts.errors.StandardErrorCode;
import org.isg.warehouse.contracts.landing.RejectionReason;
import org.isg.warehouse.orchestration.airflow.AirflowException;
import org.isg.warehouse.sql.TrinoException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The error codes of every module: unique, and each documented with its type where an engineer looks. */
class ErrorCodesTest
{
    private static final List<ErrorCode> CODES = Stream.of(StandardErrorCode.values(), RejectionReason.values(), TrinoException.Code.values(), AirflowException.Code.values())
            .flatMap(Stream::of)
            .map(ErrorCodeSupplier::toErrorCode)
            .toList();

    @Test
    void everyCodeIsUniqueByNumberAndName()
    {
        assertThat(CODES).extracting(ErrorCode::code).doesNotHaveDuplicates();
        assertThat(CODES).extracting(ErrorCode::name).doesNotHaveDuplicates();
    }

    @Test
    void everyFailureCodeIsInTheRunbookWithItsType()
            throws IOException
    {
        String runbook = Files.readString(Path.of(System.getProperty("isg.repository.root", "..")).resolve("docs/operations.md"), UTF_8);
        for (ErrorCode code : CODES) {
            switch (code.type()) {
                // rejection reasons are listed in docs/contracts.md, generated from the enum
                case BAD_DELIVERY -> { }
                case USER_ERROR, INTERNAL_ERROR, EXTERNAL -> assertThat(runbook).as(code.name()).contains("| `%s` | %s |".formatted(code.name(), code.type()));
            }
        }
    }
}
