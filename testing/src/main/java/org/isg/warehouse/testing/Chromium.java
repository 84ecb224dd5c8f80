package org.isg.warehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Debian's headless Chromium for the browser tests: installed by the set-up script
 * {@code install-chromium.sh} when missing, started with no network of its own (a file: page, no
 * background connections) and a fresh profile under the test's folder.
 */
public final class Chromium
{
    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    public static final Path CHINESE_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    private static final long TIMEOUT_SECONDS = 180;
    private static final String CONSOLE = ":CONSOLE";

    private Chromium() {}

    /** What a page did: its DOM after its scripts ran, every console message it wrote, and its screenshot. */
    public record Rendered(String dom, List<String> consoleMessages, Path screenshot)
    {
        public Rendered
        {
            requireNonNull(dom, "dom is null");
            consoleMessages = List.copyOf(consoleMessages);
            requireNonNull(screenshot, "screenshot is null");
        }
    }

    /** Installs the browser and the Chinese font when missing (the set-up script), then returns the browser. */
    public static synchronized Path executable()
            throws IOException, InterruptedException
    {
        if (!Files.isExecutable(EXECUTABLE) || !Files.exists(CHINESE_FONT)) {
            Path script = Files.createTempFile("install-chromium", ".sh");
            try (InputStream stream = Chromium.class.getResourceAsStream("install-chromium.sh")) {
                Files.write(script, requireNonNull(stream, "install-chromium.sh is missing").readAllBytes());
            }
            Process install = new ProcessBuilder("sh", script.toString()).inheritIO().start();
            if (!install.waitFor(15, TimeUnit.MINUTES) || install.exitValue() != 0 || !Files.isExecutable(EXECUTABLE)) {
                throw new IOException("the browser tests need Debian's chromium; install-chromium.sh could not install it (exit "
                        + (install.isAlive() ? "timeout" : install.exitValue()) + ")");
            }
            Files.delete(script);
        }
        return EXECUTABLE;
    }

    /** Loads the file, lets its scripts run, and saves a screenshot {@code width} × {@code height} pixels. */
    public static Rendered render(Path page, Path workDirectory, Path screenshot, int width, int height)
            throws IOException, InterruptedException
    {
        Files.createDirectories(workDirectory);
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Path domFile = workDirectory.resolve("dom.html");
        Path logFile = workDirectory.resolve("chromium.log");
        run(page, workDirectory.resolve("profile-dom"), List.of("--enable-logging=stderr", "--v=0", "--dump-dom"), domFile, logFile);
        run(page, workDirectory.resolve("profile-screenshot"), List.of("--screenshot=" + screenshot.toAbsolutePath(), "--window-size=" + width + "," + height),
                workDirectory.resolve("screenshot.out"), workDirectory.resolve("screenshot.log"));
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(logFile, UTF_8)) {
            if (line.contains(CONSOLE)) {
                console.add(line);
            }
        }
        return new Rendered(Files.readString(domFile, UTF_8), console, screenshot);
    }

    private static void run(Path page, Path profile, List<String> action, Path out, Path log)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=15000"));
        command.addAll(action);
        command.add(page.toAbsolutePath().toUri().toString());
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish rendering %s in %d s".formatted(page, TIMEOUT_SECONDS));
        }
        if (process.exitValue() != 0) {
            throw new IOException("chromium exited %d rendering %s (log: %s)".formatted(process.exitValue(), page, log));
        }
    }
}
