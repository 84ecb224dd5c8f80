package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.pipeline.Progress;
import org.isg.warehouse.pipeline.SparkSessions;
import org.isg.warehouse.pipeline.Warehouse;
import org.isg.warehouse.pipeline.publish.Serving;
import org.isg.warehouse.sql.PasswordProfile;
import org.isg.warehouse.sql.TrinoServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./isg trino start|stop|status|secure}: the Trino server that serves a local warehouse. */
@Command(name = "trino", mixinStandardHelpOptions = true, description = "Start, stop or show the Trino 476 server that serves a warehouse (catalog isg, loopback).",
        subcommands = {TrinoCommand.Start.class, TrinoCommand.Stop.class, TrinoCommand.Status.class, TrinoCommand.Secure.class})
final class TrinoCommand
{
    /** The local warehouse folder whose Trino server a command manages. */
    static final class ServedWarehouse
    {
        @Option(names = "--warehouse", required = true, description = "warehouse root (a local folder)")
        Path warehouse;

        TrinoServer server()
        {
            return new TrinoServer(warehouse, Progress.toStandardError());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the server (once a query succeeds), then publish the warehouse.")
    static final class Start
            implements Callable<Integer>
    {
        @Mixin
        ServedWarehouse served;

        @Option(names = "--port", defaultValue = "" + TrinoServer.DEFAULT_PORT, description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
        int port;

        @Override
        public Integer call()
                throws Exception
        {
            Serving serving = serving(served.warehouse);
            serving.startAndPublish(port);
            System.out.printf("trino serving %s at %s%n", served.warehouse.toAbsolutePath().normalize(), serving.server().jdbcUrl());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server of a warehouse.")
    static final class Stop
            implements Callable<Integer>
    {
        @Mixin
        ServedWarehouse served;

        @Option(names = "--port", description = "ignored: the port the server was started on is used")
        Integer port;

        @Override
        public Integer call()
        {
            boolean stopped = served.server().stop();
            System.out.println(stopped ? "trino stopped" : "trino was not running");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the server of a warehouse runs and answers queries; exit 3 when it does not.")
    static final class Status
            implements Callable<Integer>
    {
        @Mixin
        ServedWarehouse served;

        @Option(names = "--port", description = "ignored: the port the server was started on is used")
        Integer port;

        @Override
        public Integer call()
        {
            TrinoServer.Status status = served.server().status();
            if (status.running()) {
                System.out.printf("trino running: pid %d, %s%n", status.pid().orElseThrow(), TrinoServer.jdbcUrl(status.port()));
                return 0;
            }
            System.out.println(status.pid().isPresent() ? "trino process %d runs but does not answer on port %d".formatted(status.pid().get(), status.port()) : "trino not running");
            return 3;
        }
    }

    @Command(name = "secure", mixinStandardHelpOptions = true,
            description = "Create the HTTPS + password profile of a warehouse's server: self-signed keystore for 127.0.0.1, bcrypt password file, a random password per user (admin, assessor, evaluator_<base> for every base). Takes effect at the next start.")
    static final class Secure
            implements Callable<Integer>
    {
        @Mixin
        ServedWarehouse served;

        @Override
        public Integer call()
        {
            List<String> users = new ArrayList<>(List.of("admin", "assessor"));
            BaseRegistry.load().bases().forEach(base -> users.add("evaluator_" + base.code().toLowerCase(Locale.ROOT)));
            Path state = served.warehouse.toAbsolutePath().normalize().resolve("_trino");
            PasswordProfile profile = PasswordProfile.create(state, users, Path.of(System.getProperty("java.home"), "bin", "keytool"));
            System.out.printf("password profile created for %d users; passwords in %s (mode 0600), keystore %s.%n"
                    + "Restart to use it: ./isg trino stop --warehouse %s && ./isg trino start --warehouse %s (HTTPS on the port after --port)%n",
                    users.size(), profile.passwordsFile(), profile.keystore(), served.warehouse, served.warehouse);
            return 0;
        }
    }

    static Serving serving(Path warehouse)
    {
        return new Serving(new Warehouse(SparkSessions.getOrCreate("isg-publish"), warehouse.toAbsolutePath().normalize().toString()), Progress.toStandardError());
    }
}
