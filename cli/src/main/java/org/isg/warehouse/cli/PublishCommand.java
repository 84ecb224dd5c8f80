package org.isg.warehouse.cli;

import org.isg.warehouse.sql.Publisher;
import org.isg.warehouse.sql.TrinoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code ./isg publish}: registers the tables and (re)creates the views in the running Trino server. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Register every Delta table and (re)create the evaluator views in the running Trino server (also the last stage of every run).")
final class PublishCommand
        implements Callable<Integer>
{
    @Mixin
    TrinoCommand.ServedWarehouse served;

    @Override
    public Integer call()
            throws Exception
    {
        if (!served.server().status().running()) {
            throw new TrinoException(TrinoException.Code.SERVER_NOT_RUNNING, "no Trino server runs for %s: './isg trino start --warehouse %s'".formatted(served.warehouse, served.warehouse));
        }
        Publisher.Result result = TrinoCommand.serving(served.warehouse).publish();
        System.out.printf("published: %d tables registered, %d already registered, views: %s%n", result.tablesRegistered(), result.tablesAlreadyRegistered(), String.join(", ", result.views()));
        return 0;
    }
}
