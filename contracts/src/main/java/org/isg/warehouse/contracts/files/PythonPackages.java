package org.isg.warehouse.contracts.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Python packages the project installs for itself from PyPI, by name and pinned version, into a
 * folder of the project's cache ({@code $ISG_CACHE_HOME}, default {@code ~/.cache/isg-warehouse})
 * whose name carries a hash of the pins: a changed lock file installs into a new folder, an
 * unchanged one is reused. Nothing is installed system-wide; a fresh machine needs only
 * {@code python3} with {@code pip} (docs/operations.md lists what is installed where).
 */
public final class PythonPackages
{
    /** Written last: a folder without it is an interrupted installation and is redone. */
    private static final String COMPLETE = ".isg-installed";

    private PythonPackages() {}

    /** The project's cache folder for installed tools. */
    public static Path cacheHome()
    {
        String configured = System.getenv("ISG_CACHE_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "isg-warehouse");
    }

    /** The Python interpreter used to create environments: {@code $ISG_PYTHON}, else {@code python3} on the path. */
    public static String python()
    {
        String configured = System.getenv("ISG_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    /**
     * A virtual environment named {@code name-<hash>} with the requirements installed under the
     * constraints (every transitive package pinned). Returns the environment's folder; its
     * programs are in {@code bin/}.
     */
    public static Path virtualEnvironment(String name, String requirements, String constraints, Consumer<String> progress)
    {
        requireNonNull(progress, "progress is null");
        Path environment = cacheHome().resolve(name + "-" + hash(requirements, constraints, pythonVersion()));
        return underLock(environment, () -> {
            progress.accept("%s: installing pinned Python packages into %s (once; about two minutes)".formatted(name, environment));
            // A virtual environment cannot be moved (its scripts name their interpreter), so it is built in place
            Folders.deleteRecursively(environment);
            Files.createDirectories(environment.getParent());
            run(List.of(python(), "-m", "venv", environment.toString()), environment.getParent(), name);
            Path requirementsFile = Files.writeString(environment.resolve("requirements.txt"), requirements, UTF_8);
            Path constraintsFile = Files.writeString(environment.resolve("constraints.txt"), constraints, UTF_8);
            run(List.of(environment.resolve("bin/python").toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
                    "--requirement", requirementsFile.toString(), "--constraint", constraintsFile.toString()), environment, name);
            return environment;
        });
    }

    /**
     * One package installed without its dependencies into the folder {@code name-<hash>}, for
     * packages that are used as files (a JDK runtime, a Spark distribution) rather than imported.
     */
    public static Path packageFiles(String name, String pinnedRequirement, Consumer<String> progress)
    {
        requireNonNull(progress, "progress is null");
        if (!pinnedRequirement.matches("[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+")) {
            throw new IllegalArgumentException("not a pinned requirement (name==version): " + pinnedRequirement);
        }
        Path folder = cacheHome().resolve(name + "-" + hash(pinnedRequirement));
        return underLock(folder, () -> {
            progress.accept("%s: installing %s into %s (once)".formatted(name, pinnedRequirement, folder));
            Path staging = folder.resolveSibling(folder.getFileName() + ".installing-" + ProcessHandle.current().pid());
            Folders.deleteRecursively(staging);
            Files.createDirectories(staging);
            run(List.of(python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--no-deps",
                    "--target", staging.toString(), pinnedRequirement), staging, name);
            Folders.deleteRecursively(folder);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            return folder;
        });
    }

    private interface Installation
    {
        Path install()
                throws IOException;
    }

    /** Installs at most once, also when several processes ask at the same time. */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    private static Path underLock(Path folder, Installation installation)
    {
        try {
            if (Files.isRegularFile(folder.resolve(COMPLETE))) {
                return folder;
            }
            Files.createDirectories(folder.getParent());
            Path lockFile = folder.resolveSibling(folder.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (Files.isRegularFile(folder.resolve(COMPLETE))) {
                    return folder;
                }
                Path installed = installation.install();
                Files.writeString(installed.resolve(COMPLETE), "installed by ISG Warehouse\n", UTF_8);
                return installed;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pythonVersion()
    {
        return runForOutput(List.of(python(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"), "python").strip();
    }

    private static void run(List<String> command, Path workingFolder, String name)
            throws IOException
    {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PIP_NO_COLOR", "1", "PYTHONDONTWRITEBYTECODE", "1"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("%s: '%s' failed (exit %d): %s".formatted(name, String.join(" ", command.subList(0, Math.min(4, command.size()))),
                        process.exitValue(), tail(output)));
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing " + name, e);
        }
    }

    private static String runForOutput(List<String> command, String name)
    {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("'%s' failed: %s".formatted(String.join(" ", command), tail(output)));
            }
            return output;
        }
        catch (IOException e) {
            throw new UncheckedIOException("%s: cannot run %s (install Python 3.10 or newer with pip, or set ISG_PYTHON)".formatted(name, python()), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(String output)
    {
        List<String> lines = new ArrayList<>(output.strip().lines().toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static String hash(String... parts)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
