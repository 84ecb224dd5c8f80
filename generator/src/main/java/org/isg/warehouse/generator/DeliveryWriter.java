package org.isg.warehouse.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.isg.warehouse.contracts.dataset.Column;
import org.isg.warehouse.contracts.dataset.ColumnType;
import org.isg.warehouse.contracts.dataset.DatasetContract;
import org.isg.warehouse.contracts.text.Sha256;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Writes the data files of one delivery exactly as SPEC §2 describes (CSV with a header or JSON
 * lines; UTF-8, UTF-8 with a byte-order mark, or GB18030; LF or CRLF) and reports, for each row, the
 * file and the physical line it starts on.
 */
final class DeliveryWriter
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Charset GB18030 = Charset.forName("GB18030");

    record WrittenFile(String name, String format, String encoding, long rows, String sha256) {}

    record RowPosition(String file, long line) {}

    record WrittenDelivery(List<WrittenFile> files, List<RowPosition> positions) {}

    private DeliveryWriter() {}

    static WrittenDelivery write(Path folder, DatasetContract contract, BaseProfile base, List<DefectInjector.OutputRow> rows, int maxRowsPerFile)
            throws IOException
    {
        Files.createDirectories(folder);
        List<WrittenFile> files = new ArrayList<>();
        List<RowPosition> positions = new ArrayList<>();
        int fileCount = Math.max(1, (rows.size() + maxRowsPerFile - 1) / maxRowsPerFile);
        for (int fileIndex = 0; fileIndex < fileCount; fileIndex++) {
            List<DefectInjector.OutputRow> part = rows.subList(fileIndex * maxRowsPerFile, Math.min(rows.size(), (fileIndex + 1) * maxRowsPerFile));
            String name = "part-%04d.%s".formatted(fileIndex + 1, base.jsonLines() ? "jsonl" : "csv");
            StringBuilder text = new StringBuilder();
            if (base.jsonLines()) {
                writeJsonLines(contract, part, name, text, positions);
            }
            else {
                writeCsv(contract, base, part, name, text, positions);
            }
            Charset encoding = base.gb18030() ? GB18030 : UTF_8;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (base.byteOrderMark()) {
                bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            }
            bytes.write(text.toString().getBytes(encoding));
            byte[] content = bytes.toByteArray();
            Files.write(folder.resolve(name), content);
            files.add(new WrittenFile(name, base.jsonLines() ? "jsonl" : "csv", base.gb18030() ? "GB18030" : "UTF-8", part.size(), Sha256.hex(content)));
        }
        return new WrittenDelivery(files, positions);
    }

    private static void writeCsv(DatasetContract contract, BaseProfile base, List<DefectInjector.OutputRow> rows, String name, StringBuilder text, List<RowPosition> positions)
    {
        String newline = base.crlf() ? "\r\n" : "\n";
        List<String> columns = new ArrayList<>(contract.columnNames());
        if (base.baseIndex() % 4 == 3) {
            // some systems export the columns in another order; the header says which is which
            java.util.Collections.reverse(columns);
        }
        text.append(String.join(",", columns)).append(newline);
        long line = 2;
        for (DefectInjector.OutputRow row : rows) {
            positions.add(new RowPosition(name, line));
            List<String> fields = new ArrayList<>();
            for (String column : columns) {
                fields.add(csvField(row.values.get(column)));
            }
            if (row.malformed) {
                fields.remove(fields.size() - 1);
            }
            String record = String.join(",", fields);
            text.append(record).append(newline);
            line += 1 + record.chars().filter(character -> character == '\n').count();
        }
    }

    private static String csvField(String value)
    {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static void writeJsonLines(DatasetContract contract, List<DefectInjector.OutputRow> rows, String name, StringBuilder text, List<RowPosition> positions)
            throws IOException
    {
        long line = 1;
        for (DefectInjector.OutputRow row : rows) {
            positions.add(new RowPosition(name, line));
            if (row.malformed) {
                text.append("{\"").append(contract.keyColumn()).append("\": ").append('\n');
            }
            else {
                ObjectNode node = MAPPER.createObjectNode();
                for (Column column : contract.columns()) {
                    String value = row.values.get(column.name());
                    if (value == null) {
                        continue; // JSON exports leave out empty fields
                    }
                    if (column.type() == ColumnType.INT && value.matches("-?[0-9]{1,9}")) {
                        node.put(column.name(), Integer.parseInt(value));
                    }
                    else if (column.type() == ColumnType.BOOLEAN && (value.equals("true") || value.equals("false"))) {
                        node.put(column.name(), Boolean.parseBoolean(value));
                    }
                    else {
                        node.put(column.name(), value);
                    }
                }
                text.append(MAPPER.writeValueAsString(node)).append('\n');
            }
            line++;
        }
    }

    static void writeManifest(Path folder, Map<String, Object> manifest)
    {
        try {
            Files.write(folder.resolve("manifest.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
