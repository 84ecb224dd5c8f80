package org.isg.warehouse.cli;

import org.isg.warehouse.orchestration.AirflowCommand;
import org.isg.warehouse.pipeline.PipelineCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code ./isg}: the command-line contract of SPEC §6. Exit 0 on success; otherwise a one-line
 * reason on standard error and a non-zero exit.
 */
@Command(name = "isg", mixinStandardHelpOptions = true, version = "ISG Warehouse 0.1.0",
        description = "ISG Warehouse: nightly ingest of the experiment bases' exports into checked Delta tables.",
        subcommands = {GenerateCommand.class, PipelineCommand.Run.class, PipelineCommand.RunStage.class, PipelineCommand.RebuildGold.class, DemoCommand.class,
                TrinoCommand.class, PublishCommand.class, PublishReleaseCommand.class, ExportCommand.class, ReportCommand.class, BenchmarkCommand.class, BenchmarkGoldCommand.class, BenchmarkViewsCommand.class, BenchmarkEffectsCommand.class, BenchmarkDeltaCommand.class, DocsCommand.class})
public final class IsgCommand
        implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        CommandLine.usage(this, System.out);
        return PipelineCommand.EXIT_USAGE;
    }

    public static void main(String[] arguments)
    {
        CommandLine commandLine = new CommandLine(new IsgCommand());
        // Added before the handlers are set, so they apply to it too
        commandLine.addSubcommand("airflow", new AirflowCommand(System.getenv(), System.out).commandLine());
        PipelineCommand.configure(commandLine, "isg");
        int exit = commandLine.execute(arguments);
        System.exit(exit);
    }
}
