package org.isg.warehouse.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The one-line reasons of the pipeline's command line name the error code. */
class PipelineCommandTest
{
    @Test
    void aFailureIsOneLineNamingItsCode(@TempDir Path directory)
    {
        Path missingKey = directory.resolve("no-such.key");
        Outcome outcome = run("run", "--landing", directory.resolve("landing").toString(), "--warehouse", directory.resolve("warehouse").toString(),
                "--date", "2026-11-23", "--key-file", missingKey.toString());

        assertThat(outcome.exitCode()).isEqualTo(PipelineCommand.EXIT_FAILURE);
        assertThat(outcome.standardError()).isEqualTo("isg-pipeline: [PSEUDONYM_KEY_MISSING] cannot read the pseudonym key file " + missingKey + ": NoSuchFileException\n");
    }

    @Test
    void aWrongArgumentIsAUsageErrorNamingItsCode()
    {
        Outcome outcome = run("stage", "ingestion", "--landing", "l", "--warehouse", "w", "--date", "2026-11-23");

        assertThat(outcome.exitCode()).isEqualTo(PipelineCommand.EXIT_USAGE);
        assertThat(outcome.standardError()).startsWith("isg-pipeline: [INVALID_ARGUMENT] Invalid value for positional parameter at index 0 (<stage>): ");
    }

    private record Outcome(int exitCode, String standardError) {}

    private static synchronized Outcome run(String... arguments)
    {
        PrintStream standardError = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            int exitCode = PipelineCommand.configure(new CommandLine(new PipelineCommand()), "isg-pipeline").execute(arguments);
            return new Outcome(exitCode, captured.toString(UTF_8));
        }
        finally {
            System.setErr(standardError);
        }
    }
}
