package org.isg.warehouse.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.isg.warehouse.contracts.dataset.Dataset;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.files.Folders;
import org.isg.warehouse.contracts.registry.Base;
import org.isg.warehouse.contracts.registry.BaseRegistry;
import org.isg.warehouse.contracts.text.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.isg.warehouse.contracts.errors.StandardErrorCode.INVALID_ARGUMENT;

/**
 * Writes sample deliveries into a landing area exactly as SPEC §2 says, deterministic for a seed.
 * <p>
 * Besides the data it writes, under {@code <landing>/_generator/injected/}, a sidecar per delivery
 * listing exactly the defects injected into it (folders starting with {@code _} are not deliveries).
 * A correction of the previous day (a re-delivery with a later {@code exported_at}) is written when
 * that day's delivery is already in the landing area, as it is when the generator runs night by night.
 */
public final class ExportGenerator
{
    public static final String SIDECAR_FOLDER = "_generator/injected";
    static final double CORRECTION_PROBABILITY = 0.03;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> DELIVERY_DEFECTS = List.of(
            "MANIFEST_MISSING", "MANIFEST_UNPARSABLE", "CHECKSUM_MISMATCH", "ROW_COUNT_MISMATCH", "FILE_MISSING", "UNSUPPORTED_SCHEMA_VERSION");

    private final GenerateOptions options;
    private final BaseRegistry registry;
    private final SampleRecords records;
    private final Consumer<String> progress;
    /** Each experiment base's experiments, once the day of its first declaration is known. */
    private final Map<String, List<PlantedExperiment>> experiments = new HashMap<>();
    private final Map<String, LocalDate> declarationDays = new HashMap<>();

    public ExportGenerator(GenerateOptions options, BaseRegistry registry, Consumer<String> progress)
    {
        this.options = requireNonNull(options, "options is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.records = new SampleRecords(options.seed(), options.rowsPerDay(),
                baseCode -> options.experiments() == GenerateOptions.Experiments.PLANTED ? experiments.getOrDefault(baseCode, List.of()) : List.of());
        this.progress = requireNonNull(progress, "progress is null");
    }

    public record Summary(int deliveries, long rows, int rowDefects, int deliveryDefects, int corrections) {}

    public Summary generate()
    {
        List<Base> bases = selectedBases();
        int deliveries = 0;
        long rows = 0;
        int rowDefects = 0;
        int deliveryDefects = 0;
        int corrections = 0;
        for (LocalDate day = options.from(); !day.isAfter(options.to()); day = day.plusDays(1)) {
            for (Base base : bases) {
                BaseProfile profile = profile(base);
                Optional<LocalDate> declaredOn = declareExperiments(base, day);
                if (declaredOn.isPresent() && declaredOn.get().equals(day)) {
                    DeliveryResult result = writeDelivery(Dataset.EXPERIMENT_UNITS, base, profile, day, false);
                    deliveries++;
                    rows += result.rows();
                    rowDefects += result.rowDefects();
                    deliveryDefects += result.deliveryDefect() ? 1 : 0;
                }
                for (Dataset dataset : registry.expectedDatasets(base)) {
                    if (dataset == Dataset.DIVISIONS && !divisionsDue(base, day)) {
                        continue;
                    }
                    if (dataset != Dataset.DIVISIONS && Randoms.of(options.seed(), "correction", dataset, base.code(), day).nextDouble() < CORRECTION_PROBABILITY
                            && Files.exists(folder(dataset.tableName(), base.code(), day.minusDays(1)).resolve("manifest.json"))) {
                        DeliveryResult correction = writeDelivery(dataset, base, profile, day.minusDays(1), true);
                        corrections++;
                        rows += correction.rows();
                    }
                    DeliveryResult result = writeDelivery(dataset, base, profile, day, false);
                    deliveries++;
                    rows += result.rows();
                    rowDefects += result.rowDefects();
                    deliveryDefects += result.deliveryDefect() ? 1 : 0;
                }
            }
            if (options.defectRate() > 0 || options.everyRule()) {
                deliveryDefects += writeStrayDeliveries(day, bases.get(0));
            }
            progress.accept("generated %s: %d deliveries, %d rows so far".formatted(day, deliveries, rows));
        }
        return new Summary(deliveries, rows, rowDefects, deliveryDefects, corrections);
    }

    private List<Base> selectedBases()
    {
        if (options.bases().isEmpty()) {
            return registry.deliveringBases();
        }
        List<Base> bases = new ArrayList<>();
        for (String code : options.bases()) {
            Base base = registry.base(code).orElseThrow(() -> new IsgException(INVALID_ARGUMENT, "Unknown base code " + code + " (see ref.bases)"));
            if (registry.expectedDatasets(base).isEmpty()) {
                throw new IsgException(INVALID_ARGUMENT, "Base " + code + " delivers no dataset in v1");
            }
            bases.add(base);
        }
        return bases;
    }

    private BaseProfile profile(Base base)
    {
        return BaseProfile.of(options.seed(), base.code(), registry.bases().indexOf(base));
    }

    /**
     * The day the base declares its planted experiments: the day of its first {@code experiment_units}
     * delivery in the landing, else this day when it has experiments; empty when it has none or
     * experiments are off. Remembers the base's experiments, anchored at that day.
     */
    private Optional<LocalDate> declareExperiments(Base base, LocalDate day)
    {
        if (options.experiments() == GenerateOptions.Experiments.NONE) {
            return Optional.empty();
        }
        Path baseFolder = options.landing().resolve(Dataset.EXPERIMENT_UNITS.tableName()).resolve(base.code());
        LocalDate firstDeclaration = day;
        if (Files.isDirectory(baseFolder)) {
            try (Stream<Path> folders = Files.list(baseFolder)) {
                firstDeclaration = folders.map(folder -> folder.getFileName().toString())
                        .filter(name -> name.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}"))
                        .map(LocalDate::parse)
                        .min(LocalDate::compareTo)
                        .filter(earliest -> earliest.isBefore(day))
                        .orElse(day);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<PlantedExperiment> planted = PlantedExperiment.of(base.code(), registry.bases().indexOf(base), firstDeclaration);
        if (planted.isEmpty()) {
            return Optional.empty();
        }
        experiments.put(base.code(), planted);
        declarationDays.put(base.code(), firstDeclaration);
        return Optional.of(firstDeclaration);
    }

    /** Divisions are a snapshot: delivered with a base's first export and on the first of every month. */
    private boolean divisionsDue(Base base, LocalDate day)
    {
        if (day.getDayOfMonth() == 1) {
            return true;
        }
        Path baseFolder = options.landing().resolve(Dataset.DIVISIONS.tableName()).resolve(base.code());
        if (!Files.isDirectory(baseFolder)) {
            return true;
        }
        try (Stream<Path> folders = Files.list(baseFolder)) {
            return folders.noneMatch(folder -> folder.getFileName().toString().compareTo(day.toString()) < 0)
                    && !Files.exists(baseFolder.resolve(day.toString()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record DeliveryResult(long rows, int rowDefects, boolean deliveryDefect) {}

    @SuppressWarnings("EnumOrdinal") // the dataset's position spreads the delivery defects; changing it changes every seed's sample
    private DeliveryResult writeDelivery(Dataset dataset, Base base, BaseProfile profile, LocalDate day, boolean correction)
    {
        DatasetContract contract = dataset.contract();
        List<Map<String, String>> dayRecords = switch (dataset) {
            case GRID_CASES -> records.gridCases(profile, day);
            case ELDERCARE_SERVICE_LOGS -> records.eldercareLogs(profile, day);
            case HEALTH_SCREENINGS -> records.healthScreenings(profile, day);
            case THREE_ASSETS_LEDGER -> records.ledgerEntries(profile, day);
            case DIVISIONS -> records.divisions(profile);
            case EXPERIMENT_UNITS -> experiments.getOrDefault(base.code(), List.of()).stream().flatMap(experiment -> experiment.declaration().stream()).toList();
        };
        dayRecords = withHistory(dataset, base, profile, day, correction, dayRecords);
        if (correction && dayRecords.size() > 1) {
            // the correction retracts the last record of the day
            dayRecords = new ArrayList<>(dayRecords.subList(0, dayRecords.size() - 1));
        }
        SplittableRandom random = Randoms.of(options.seed(), "defects", dataset, base.code(), day);
        // A declaration is a document a base sends once, not a nightly export: it is written clean unless every rule is to be broken
        double defectRate = dataset.deliveredOnChange() ? 0 : options.defectRate();
        List<DefectInjector.OutputRow> rows = DefectInjector.inject(contract, day, dayRecords, options.everyRule(), defectRate, random);
        Path folder = folder(dataset.tableName(), base.code(), day);
        String deliveryName = dataset.tableName() + "/" + base.code() + "/" + day;
        try {
            Folders.deleteRecursively(folder);
            DeliveryWriter.WrittenDelivery written = DeliveryWriter.write(folder, contract, profile, rows, options.maxRowsPerFile());
            List<InjectedDefect> defects = new ArrayList<>();
            for (int index = 0; index < rows.size(); index++) {
                if (rows.get(index).brokenRule != null) {
                    DeliveryWriter.RowPosition position = written.positions().get(index);
                    defects.add(InjectedDefect.row(deliveryName, position.file(), position.line(), rows.get(index).brokenRule));
                }
            }
            SplittableRandom exportRandom = Randoms.of(options.seed(), "export", dataset, base.code(), day);
            LocalDateTime exportedLocal = exportRandom.nextDouble() < profile.lateExportShare()
                    ? day.plusDays(1).atTime(6, 30).plusMinutes(exportRandom.nextInt(150))
                    : day.plusDays(1).atTime(0, 30).plusMinutes(exportRandom.nextInt(120));
            if (correction) {
                exportedLocal = exportedLocal.plusDays(1).plusHours(1);
            }
            Map<String, Object> manifest = manifest(dataset, base, day, OffsetDateTime.of(exportedLocal, CHINA), written.files());
            String deliveryDefect = null;
            if (!correction && defectRate > 0 && exportRandom.nextDouble() < defectRate) {
                deliveryDefect = DELIVERY_DEFECTS.get(Math.floorMod((dataset.ordinal() * 31 + base.code().hashCode() + day.hashCode()), DELIVERY_DEFECTS.size()));
                breakDelivery(deliveryDefect, folder, manifest);
                defects.clear();
                defects.add(InjectedDefect.delivery(deliveryName, deliveryDefect));
            }
            if (!"MANIFEST_MISSING".equals(deliveryDefect) && !"MANIFEST_UNPARSABLE".equals(deliveryDefect)) {
                DeliveryWriter.writeManifest(folder, manifest);
            }
            // The files land a few minutes after the export: the on-time rate goes by their last-modified time (SPEC §4.1)
            FileTime landed = FileTime.from(exportedLocal.plusMinutes(3).atOffset(CHINA).toInstant());
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.setLastModifiedTime(file, landed);
                }
            }
            writeSidecar(dataset.tableName(), base.code(), day, defects);
            int rowDefects = deliveryDefect == null ? (int) defects.stream().filter(defect -> defect.kind().equals("ROW")).count() : 0;
            return new DeliveryResult(rows.size(), rowDefects, deliveryDefect != null);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write delivery " + deliveryName, e);
        }
    }

    /**
     * A planted experiment's outcome history goes out with the base's first export of its dataset,
     * the day it declares the experiment: the months before the warehouse knew the base.
     */
    private List<Map<String, String>> withHistory(Dataset dataset, Base base, BaseProfile profile, LocalDate day, boolean correction, List<Map<String, String>> dayRecords)
    {
        if (options.experiments() != GenerateOptions.Experiments.PLANTED || correction) {
            return dayRecords;
        }
        Optional<PlantedExperiment> planted = experiments.getOrDefault(base.code(), List.of()).stream()
                .filter(experiment -> experiment.outcomeDataset().equals(dataset.tableName()))
                .findFirst();
        if (planted.isEmpty() || !day.equals(declarationDays.get(base.code()))) {
            return dayRecords;
        }
        List<Map<String, String>> withHistory = new ArrayList<>(records.history(dataset.tableName(), profile, planted.get().historyFrom().atDay(1), day));
        withHistory.addAll(dayRecords);
        return withHistory;
    }

    @SuppressWarnings("unchecked")
    private static void breakDelivery(String defect, Path folder, Map<String, Object> manifest)
            throws IOException
    {
        List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
        switch (defect) {
            case "MANIFEST_MISSING" -> { }
            case "MANIFEST_UNPARSABLE" -> Files.writeString(folder.resolve("manifest.json"), "{\"dataset\": \"" + manifest.get("dataset") + "\", \"files\": [", UTF_8);
            case "CHECKSUM_MISMATCH" -> {
                String sha = (String) files.get(0).get("sha256");
                files.get(0).put("sha256", (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1));
            }
            case "ROW_COUNT_MISMATCH" -> files.get(0).put("rows", ((Number) files.get(0).get("rows")).longValue() + 1);
            case "FILE_MISSING" -> Files.delete(folder.resolve((String) files.get(0).get("name")));
            case "UNSUPPORTED_SCHEMA_VERSION" -> manifest.put("schema_version", 2);
            default -> throw new IllegalStateException("Unknown delivery defect " + defect);
        }
    }

    /** Deliveries the warehouse must refuse outright: an unknown dataset and an unknown base. */
    private int writeStrayDeliveries(LocalDate day, Base someBase)
            throws UncheckedIOException
    {
        long turn = day.toEpochDay() % 3;
        if (turn == 2) {
            return 0;
        }
        String datasetName = turn == 0 ? "parking_events" : Dataset.GRID_CASES.tableName();
        String baseCode = turn == 0 ? someBase.code() : "ZZ99";
        String reason = turn == 0 ? "UNKNOWN_DATASET" : "UNKNOWN_BASE";
        Path folder = folder(datasetName, baseCode, day);
        try {
            Folders.deleteRecursively(folder);
            Files.createDirectories(folder);
            byte[] content = "case_id\nX-1\n".getBytes(UTF_8);
            Files.write(folder.resolve("part-0001.csv"), content);
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("name", "part-0001.csv");
            file.put("format", "csv");
            file.put("encoding", "UTF-8");
            file.put("rows", 1);
            file.put("sha256", Sha256.hex(content));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("dataset", datasetName);
            manifest.put("base_code", baseCode);
            manifest.put("export_date", day.toString());
            manifest.put("schema_version", 1);
            manifest.put("exported_at", OffsetDateTime.of(day.plusDays(1).atTime(1, 0), CHINA).toString());
            manifest.put("files", List.of(file));
            DeliveryWriter.writeManifest(folder, manifest);
            writeSidecar(datasetName, baseCode, day, List.of(InjectedDefect.delivery(datasetName + "/" + baseCode + "/" + day, reason)));
            return 1;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> manifest(Dataset dataset, Base base, LocalDate day, OffsetDateTime exportedAt, List<DeliveryWriter.WrittenFile> written)
    {
        List<Map<String, Object>> files = new ArrayList<>();
        for (DeliveryWriter.WrittenFile file : written) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", file.name());
            entry.put("format", file.format());
            entry.put("encoding", file.encoding());
            entry.put("rows", file.rows());
            entry.put("sha256", file.sha256());
            files.add(entry);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("dataset", dataset.tableName());
        manifest.put("base_code", base.code());
        manifest.put("export_date", day.toString());
        manifest.put("schema_version", 1);
        manifest.put("exported_at", exportedAt.toString());
        manifest.put("files", files);
        return manifest;
    }

    private void writeSidecar(String dataset, String baseCode, LocalDate day, List<InjectedDefect> defects)
            throws IOException
    {
        Path sidecar = options.landing().resolve(SIDECAR_FOLDER).resolve(dataset).resolve(baseCode).resolve(day + ".jsonl");
        Files.createDirectories(sidecar.getParent());
        StringBuilder text = new StringBuilder();
        for (InjectedDefect defect : defects) {
            text.append(MAPPER.writeValueAsString(defect)).append('\n');
        }
        Files.writeString(sidecar, text.toString(), UTF_8);
    }

    /** Reads every sidecar under a landing area. */
    public static List<InjectedDefect> readSidecars(Path landing)
    {
        Path root = landing.resolve(SIDECAR_FOLDER);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<InjectedDefect> defects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                for (String line : Files.readAllLines(file, UTF_8)) {
                    if (!line.isBlank()) {
                        defects.add(MAPPER.readValue(line, InjectedDefect.class));
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return defects;
    }

    private Path folder(String dataset, String baseCode, LocalDate day)
    {
        return options.landing().resolve(dataset).resolve(baseCode).resolve(day.toString());
    }
}
