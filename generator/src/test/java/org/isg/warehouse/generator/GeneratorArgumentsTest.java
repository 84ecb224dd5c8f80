package org.isg.warehouse.generator;

import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.isg.warehouse.contracts.errors.StandardErrorCode.INVALID_ARGUMENT;

/**
 * A base code the registry does not know is the user's mistake, reported as such: the command line
 * prints {@code [INVALID_ARGUMENT] Unknown base code ...} rather than "unexpected" and a hint to
 * rerun for a stack trace, and nothing is written.
 */
class GeneratorArgumentsTest
{
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @Test
    void anUnknownBaseCodeIsAnInvalidArgument(@TempDir Path landing)
            throws Exception
    {
        GenerateOptions options = new GenerateOptions(landing, DAY, DAY, List.of("C01", "F01"), GenerateOptions.DEFAULT_SEED, 0, false, 4,
                GenerateOptions.DEFAULT_MAX_ROWS_PER_FILE);

        assertThatThrownBy(() -> new ExportGenerator(options, BaseRegistry.load(), line -> { }).generate())
                .isInstanceOfSatisfying(IsgException.class, failure -> assertThat(failure.errorCode()).isEqualTo(INVALID_ARGUMENT.toErrorCode()))
                .hasMessage("Unknown base code F01 (see ref.bases)");
        try (var written = Files.list(landing)) {
            assertThat(written).isEmpty();
        }
    }
}
