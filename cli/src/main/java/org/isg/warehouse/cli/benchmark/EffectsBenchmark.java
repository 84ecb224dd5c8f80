package org.isg.warehouse.cli.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.files.PythonPackages;
import org.isg.warehouse.experiments.AggregationType;
import org.isg.warehouse.experiments.ControlGroup;
import org.isg.warehouse.experiments.DidOracle;
import org.isg.warehouse.experiments.EffectSummary;
import org.isg.warehouse.experiments.MultiplierBootstrap;
import org.isg.warehouse.experiments.PublishedEffect;
import org.isg.warehouse.experiments.SimulatedExperiment;
import org.isg.warehouse.experiments.UnitPanel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The estimation of the experiment effects at national size — 92 bases × 3 experiments, each 50
 * units over 36 months, both comparisons, 999 bootstrap draws — and, on a few of the same panels,
 * the same work by csdid (the Python port of R {@code did}) measured in the same run.
 */
public final class EffectsBenchmark
{
    public static final int BASES = 92;
    public static final int EXPERIMENTS_PER_BASE = 3;
    public static final int DRAWS = 999;
    /** 20 never treated, three cohorts of 10 starting in months 13, 19 and 25 of 36. */
    public static final SimulatedExperiment EXPERIMENT = new SimulatedExperiment(36, 20, List.of(new SimulatedExperiment.Cohort(13, 10),
            new SimulatedExperiment.Cohort(19, 10), new SimulatedExperiment.Cohort(25, 10)), 2.0, 0.05, 0.0, 1.0, 0.0);

    private final Path work;
    private final Consumer<String> progress;

    public EffectsBenchmark(Path work, Consumer<String> progress)
    {
        this.work = requireNonNull(work, "work is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Figures(int panels, double seconds, long peakHeapBytes, int peerPanels, double ownSecondsOnPeerPanels, double peerSeconds,
            double largestDifferenceFromPeer, double meanSimpleEffect, double plantedSimpleEffect)
    {
        double ratioToPeer()
        {
            return ownSecondsOnPeerPanels / peerSeconds;
        }
    }

    public Figures run(int peerPanels)
            throws IOException, InterruptedException
    {
        int panels = BASES * EXPERIMENTS_PER_BASE;
        List<UnitPanel> workload = new ArrayList<>();
        for (int panel = 0; panel < panels; panel++) {
            workload.add(EXPERIMENT.panel(panel));
        }
        HeapPeaks.reset();
        long started = System.nanoTime();
        double simpleSum = 0;
        for (int panel = 0; panel < panels; panel++) {
            MultiplierBootstrap bootstrap = new MultiplierBootstrap(DRAWS, panel);
            for (ControlGroup controlGroup : ControlGroup.values()) {
                EffectSummary summary = EffectSummary.estimate(workload.get(panel), controlGroup, bootstrap, 0.05);
                if (controlGroup == ControlGroup.NEVER_TREATED) {
                    simpleSum += simple(summary).estimate();
                }
            }
            if ((panel + 1) % 46 == 0) {
                progress.accept("effects: %d of %d panels estimated (%.1f s)".formatted(panel + 1, panels, (System.nanoTime() - started) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = HeapPeaks.peakBytes();

        // The same work as the peer's on its panels: never-treated comparison, bootstrap and all aggregations
        long ownStarted = System.nanoTime();
        List<Double> ownSimple = new ArrayList<>();
        for (int panel = 0; panel < peerPanels; panel++) {
            ownSimple.add(simple(EffectSummary.estimate(workload.get(panel), ControlGroup.NEVER_TREATED, new MultiplierBootstrap(DRAWS, panel), 0.05)).estimate());
        }
        double ownSeconds = (System.nanoTime() - ownStarted) / 1e9;
        progress.accept("effects: installing or reusing csdid for the peer (once per machine)");
        Path python = PythonPackages.virtualEnvironment(DidOracle.ENVIRONMENT, DidOracle.requirements(), DidOracle.constraints(), progress).resolve("bin").resolve("python");
        JsonNode peer = runPeer(python, workload.subList(0, peerPanels));
        double peerSeconds = 0;
        double largestDifference = 0;
        for (int panel = 0; panel < peerPanels; panel++) {
            peerSeconds += peer.path("seconds").get(panel).asDouble();
            largestDifference = Math.max(largestDifference, Math.abs(peer.path("simple").get(panel).asDouble() - ownSimple.get(panel)));
        }
        return new Figures(panels, seconds, peakHeap, peerPanels, ownSeconds, peerSeconds, largestDifference, simpleSum / panels, EXPERIMENT.simpleEffect());
    }

    private static PublishedEffect simple(EffectSummary summary)
    {
        return summary.effects().stream().filter(effect -> effect.aggregation() == AggregationType.SIMPLE).findFirst().orElseThrow();
    }

    private JsonNode runPeer(Path python, List<UnitPanel> panels)
            throws IOException, InterruptedException
    {
        Files.createDirectories(work);
        Path script = work.resolve("csdid_peer.py");
        try (InputStream stream = EffectsBenchmark.class.getResourceAsStream("csdid_peer.py")) {
            Files.write(script, requireNonNull(stream, "csdid_peer.py").readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), work.resolve("peer.json").toString()));
        for (int index = 0; index < panels.size(); index++) {
            Path csv = work.resolve("panel-%03d.csv".formatted(index));
            Files.write(csv, DidOracle.longFormat(panels.get(index)), UTF_8);
            command.add(csv.toString());
        }
        progress.accept("effects: csdid on %d of the panels".formatted(panels.size()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("csdid peer failed: " + output.strip());
        }
        return new ObjectMapper().readTree(work.resolve("peer.json").toFile());
    }

    public static void appendToReport(Path report, Figures figures)
            throws IOException
    {
        Runtime runtime = Runtime.getRuntime();
        StringBuilder text = new StringBuilder();
        text.append("\n## Experiment effects at national size (%s)\n\n"
                .formatted(LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))));
        text.append(("Machine: %d cores, max heap %d MiB, Java %s. Workload (`./isg benchmark-effects`): %d bases × %d experiments = %d panels, each %d units "
                + "(20 never treated, cohorts of 10 starting in months 13, 19 and 25) over %d months, planted effect growing from 2.0 by 5%% a month. "
                + "Per panel and comparison (never treated, not yet treated): ATT(g,t), the three aggregations, the placebo and Wald pre-tests, "
                + "%d-draw multiplier bootstrap with the event study's uniform band.%n%n")
                .formatted(runtime.availableProcessors(), runtime.maxMemory() >> 20, System.getProperty("java.version"), BASES, EXPERIMENTS_PER_BASE, figures.panels(),
                        EXPERIMENT.neverTreatedUnits() + 30, EXPERIMENT.periods(), DRAWS));
        text.append("| measure | figure |\n|---|---|\n");
        text.append("| every panel, both comparisons | %.1f s (target: under 60 s) |%n".formatted(figures.seconds()));
        text.append("| peak heap | %d MiB |%n".formatted(figures.peakHeapBytes() >> 20));
        text.append("| %d panels, never-treated comparison: ISG Warehouse / csdid 0.4.3 (same work, same run) | %.2f s / %.2f s = **%.3f×** |%n"
                .formatted(figures.peerPanels(), figures.ownSecondsOnPeerPanels(), figures.peerSeconds(), figures.ratioToPeer()));
        text.append("| largest difference of the simple effect from csdid's on those panels | %.1e |%n".formatted(figures.largestDifferenceFromPeer()));
        text.append("| mean simple effect over the panels / planted | %.4f / %.4f |%n".formatted(figures.meanSimpleEffect(), figures.plantedSimpleEffect()));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text.toString(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
