package org.isg.warehouse.sql;

import org.isg.warehouse.contracts.files.Folders;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The Trino server distribution, extracted once from the tar.gz the build resolved through Maven
 * ({@code io.trino:trino-server:476}) into {@code $ISG_TRINO_HOME} (default
 * {@code ~/.cache/isg-warehouse}): {@code bin}, {@code lib}, {@code plugin/delta-lake} and
 * {@code plugin/password-authenticators}, about 330 MB of the 821 MB archive.
 */
final class TrinoInstallation
{
    private TrinoInstallation() {}

    static Path installed(Consumer<String> progress)
    {
        Properties build = new Properties();
        try {
            build.load(new StringReader(TrinoServer.resource("trino-server.properties")));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = build.getProperty("version");
        String top = "trino-server-" + version;
        String root = System.getenv().getOrDefault("ISG_TRINO_HOME", System.getProperty("user.home") + "/.cache/isg-warehouse");
        Path installation = Path.of(root, top);
        // Written last: an installation without it is incomplete (extraction interrupted) and is redone
        Path complete = installation.resolve(".isg-extracted");
        if (Files.isRegularFile(complete)) {
            return installation;
        }
        Path archive = Path.of(build.getProperty("archive"));
        if (!Files.isRegularFile(archive)) {
            throw new TrinoException(TrinoException.Code.NO_DISTRIBUTION, "no Trino server archive at %s: run 'mvn -DskipTests package' (the build resolves io.trino:trino-server:%s:tar.gz) or 'mvn dependency:get -Dartifact=io.trino:trino-server:%s:tar.gz'"
                    .formatted(archive, version, version));
        }
        progress.accept("trino: extracting %s into %s (once)".formatted(archive.getFileName(), installation));
        try {
            // A staging folder of this process's own: two servers starting at once do not extract into each other
            Path staging = Files.createDirectories(Path.of(root)).resolve(top + ".extracting-" + ProcessHandle.current().pid());
            Folders.deleteRecursively(staging);
            Files.createDirectories(staging);
            List<String> command = new ArrayList<>(List.of("tar", "-xzf", archive.toString(), "-C", staging.toString(),
                    top + "/bin", top + "/lib", top + "/plugin/delta-lake", top + "/plugin/password-authenticators"));
            for (String donor : TrinoServer.linkDonors()) {
                command.add(top + "/plugin/" + donor);
            }
            Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes(), UTF_8);
            if (tar.waitFor() != 0) {
                throw new TrinoException(TrinoException.Code.NO_DISTRIBUTION, "extracting %s failed: %s".formatted(archive, output.strip()));
            }
            for (String donor : TrinoServer.linkDonors()) {
                Folders.deleteRecursively(staging.resolve(top + "/plugin/" + donor));
            }
            // Hadoop's file system is not used (native local file system): four jars link into it, remove it after extraction
            Folders.deleteRecursively(staging.resolve(top + "/plugin/delta-lake/hdfs"));
            Folders.deleteRecursively(installation);
            Files.writeString(staging.resolve(top).resolve(".isg-extracted"), archive + "\n", UTF_8);
            Files.move(staging.resolve(top), installation, StandardCopyOption.ATOMIC_MOVE);
            Folders.deleteRecursively(staging);
            return installation;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
