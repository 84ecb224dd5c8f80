package org.isg.warehouse.contracts.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.isg.warehouse.contracts.landing.RejectionReason.MANIFEST_INVALID;
import static org.isg.warehouse.contracts.landing.RejectionReason.MANIFEST_UNPARSABLE;

/**
 * {@code manifest.json} of a delivery (SPEC §2).
 */
public record Manifest(String dataset, String baseCode, LocalDate exportDate, int schemaVersion, OffsetDateTime exportedAt, List<ManifestFile> files)
{
    public static final String FILE_NAME = "manifest.json";
    public static final Charset GB18030 = Charset.forName("GB18030");

    // A repeated key makes the manifest unparsable rather than letting the last value win
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Manifest
    {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(baseCode, "baseCode is null");
        requireNonNull(exportDate, "exportDate is null");
        requireNonNull(exportedAt, "exportedAt is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
    }

    public static Manifest parse(byte[] content)
            throws DeliveryRejectedException
    {
        JsonNode root;
        try {
            String text = new String(content, UTF_8);
            // a byte-order mark is read like in the data files
            root = MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        }
        catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text: only its position is reported
            throw new DeliveryRejectedException(MANIFEST_UNPARSABLE, e.getLocation() == null
                    ? "manifest.json is not valid JSON"
                    : "manifest.json is not valid JSON (line %d, column %d)".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new DeliveryRejectedException(MANIFEST_UNPARSABLE, "manifest.json is not a JSON object");
        }
        String dataset = text(root, "dataset");
        String baseCode = text(root, "base_code");
        LocalDate exportDate;
        try {
            exportDate = LocalDate.parse(text(root, "export_date"));
        }
        catch (DateTimeParseException e) {
            throw invalid("export_date is not an ISO date (yyyy-MM-dd)");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw invalid("schema_version is missing or not an integer");
        }
        OffsetDateTime exportedAt;
        try {
            exportedAt = OffsetDateTime.parse(text(root, "exported_at"));
        }
        catch (DateTimeParseException e) {
            throw invalid("exported_at is not an ISO-8601 timestamp with an offset");
        }
        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isArray() || filesNode.isEmpty()) {
            throw invalid("files is missing or empty");
        }
        if (filesNode.size() > Limits.FILES_PER_DELIVERY) {
            throw new DeliveryRejectedException(RejectionReason.TOO_MANY_FILES, "manifest.json lists %d files; a delivery has at most %d".formatted(filesNode.size(), Limits.FILES_PER_DELIVERY));
        }
        List<ManifestFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode fileNode : filesNode) {
            if (!fileNode.isObject()) {
                throw invalid("files[] holds a non-object");
            }
            String name = text(fileNode, "name");
            if (!FILE_NAME_PATTERN.matcher(name).matches() || name.equals(FILE_NAME)) {
                throw invalid("files[%d].name is not a plain file name in the delivery folder".formatted(files.size()));
            }
            // the base's file name is shown only in its usual form (LandingNames)
            String shown = "file " + LandingNames.file(files.size(), name);
            if (!names.add(name)) {
                throw invalid(shown + " is listed twice");
            }
            String formatName = text(fileNode, "format");
            FileFormat format = FileFormat.fromManifestName(formatName)
                    .orElseThrow(() -> invalid(shown + ": format is not csv or jsonl"));
            Charset encoding = switch (text(fileNode, "encoding").toUpperCase(Locale.ROOT)) {
                case "UTF-8", "UTF8" -> UTF_8;
                case "GB18030", "GBK" -> GB18030;
                default -> throw invalid(shown + ": encoding is not UTF-8 or GB18030");
            };
            JsonNode rows = fileNode.get("rows");
            if (rows == null || !rows.isIntegralNumber() || rows.asLong() < 0) {
                throw invalid(shown + ": rows is missing or not a non-negative integer");
            }
            String sha256 = text(fileNode, "sha256").toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw invalid(shown + ": sha256 is not 64 hex characters");
            }
            files.add(new ManifestFile(name, format, encoding, rows.asLong(), sha256));
        }
        return new Manifest(dataset, baseCode, exportDate, version.asInt(), exportedAt, files);
    }

    public long declaredRows()
    {
        return files.stream().mapToLong(ManifestFile::rows).sum();
    }

    private static String text(JsonNode node, String field)
            throws DeliveryRejectedException
    {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(field + " is missing or not a string");
        }
        return value.asText();
    }

    private static DeliveryRejectedException invalid(String message)
    {
        return new DeliveryRejectedException(MANIFEST_INVALID, "manifest.json: " + message);
    }
}
