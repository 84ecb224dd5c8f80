package org.isg.warehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes a hand-made delivery (one CSV file plus its manifest) into a landing area, replacing any
 * delivery already in the folder, as a base re-delivering would.
 */
public final class TestDeliveries
{
    private TestDeliveries() {}

    public static void writeCsv(Path landing, String dataset, String baseCode, String exportDate, String exportedAt, String csv)
            throws Exception
    {
        Path folder = landing.resolve(dataset).resolve(baseCode).resolve(exportDate);
        if (Files.exists(folder)) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(folder);
        byte[] content = csv.getBytes(UTF_8);
        Files.write(folder.resolve("part-0001.csv"), content);
        long rows = csv.lines().count() - 1;
        String manifest = """
                {"dataset": "%s", "base_code": "%s", "export_date": "%s", "schema_version": 1, "exported_at": "%s",
                 "files": [{"name": "part-0001.csv", "format": "csv", "encoding": "UTF-8", "rows": %d, "sha256": "%s"}]}
                """.formatted(dataset, baseCode, exportDate, exportedAt, rows, sha256(content));
        Files.writeString(folder.resolve("manifest.json"), manifest, UTF_8);
    }

    /**
     * Writes a manifest declaring one file with the given content's row count and SHA-256, without
     * writing the file itself (a test puts a link or other bytes there).
     */
    public static Path writeManifest(Path landing, String dataset, String baseCode, String exportDate, String exportedAt, String format, byte[] declaredContent, long rows)
            throws IOException
    {
        Path folder = landing.resolve(dataset).resolve(baseCode).resolve(exportDate);
        Files.createDirectories(folder);
        String manifest = """
                {"dataset": "%s", "base_code": "%s", "export_date": "%s", "schema_version": 1, "exported_at": "%s",
                 "files": [{"name": "part-0001.%s", "format": "%s", "encoding": "UTF-8", "rows": %d, "sha256": "%s"}]}
                """.formatted(dataset, baseCode, exportDate, exportedAt, format, format, rows, sha256(declaredContent));
        Files.writeString(folder.resolve("manifest.json"), manifest, UTF_8);
        return folder;
    }

    private static String sha256(byte[] content)
            throws IOException
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }
}
