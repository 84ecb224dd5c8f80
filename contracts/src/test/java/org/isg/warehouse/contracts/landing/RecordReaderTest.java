package org.isg.warehouse.contracts.landing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordReaderTest
{
    private static final List<String> COLUMNS = List.of("id", "name", "count");

    @Test
    void csvWithQuotedCommasQuotesAndNewlinesKeepsPhysicalLines()
            throws Exception
    {
        String csv = "count,id,name\r\n"
                + "1,a,\"东方社区,第1网格\"\r\n"
                + "2,b,\"新华\"\"东区\"\"社区\"\r\n"
                + "3,c,\"幸福社区\n(含安置小区)\"\r\n"
                + ",d,\r\n";
        List<DeliveredRecord> records = read(csv.getBytes(UTF_8), FileFormat.CSV, UTF_8);
        assertThat(records).containsExactly(
                new DeliveredRecord(2, Arrays.asList("a", "东方社区,第1网格", "1"), Optional.empty()),
                new DeliveredRecord(3, Arrays.asList("b", "新华\"东区\"社区", "2"), Optional.empty()),
                new DeliveredRecord(4, Arrays.asList("c", "幸福社区\n(含安置小区)", "3"), Optional.empty()),
                // line 4 holds a line break inside quotes, so the next record starts on line 6
                new DeliveredRecord(6, Arrays.asList("d", null, null), Optional.empty()));
    }

    @Test
    void byteOrderMarkAndGb18030()
            throws Exception
    {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "id,name,count\nx,是,1\n".getBytes(UTF_8);
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);
        assertThat(read(withBom, FileFormat.CSV, UTF_8)).extracting(DeliveredRecord::values).containsExactly(List.of("x", "是", "1"));

        Charset gb18030 = Charset.forName("GB18030");
        byte[] gbk = "id,name,count\ny,衢州市常山县,2\n".getBytes(gb18030);
        assertThat(read(gbk, FileFormat.CSV, gb18030)).extracting(DeliveredRecord::values).containsExactly(List.of("y", "衢州市常山县", "2"));
        // The same GB18030 bytes are not valid UTF-8: the file is unreadable as declared
        assertThatThrownBy(() -> read(gbk, FileFormat.CSV, UTF_8))
                .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNREADABLE_FILE));
    }

    @Test
    void bytesTheEncodingRejectsAreReportedOnTheirOwnLineFarIntoAFile()
            throws Exception
    {
        // 100,000 lines (about 1 MB, many decoder buffers); a 0xFF byte, never valid in UTF-8, put on line 50,000 by hand
        StringBuilder csv = new StringBuilder("id,name,count\n");
        StringBuilder jsonl = new StringBuilder();
        for (int line = 2; line <= 100_000; line++) {
            csv.append("x").append(line).append(",n,1\n");
            jsonl.append("{\"id\": \"x").append(line).append("\", \"name\": \"n\", \"count\": \"1\"}\n");
        }
        for (int offset : new int[] {0, 2}) {
            assertThatThrownBy(() -> read(withInvalidByte(csv.toString(), 50_000, offset), FileFormat.CSV, UTF_8))
                    .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.UNREADABLE_FILE))
                    .hasMessage("part-0001.csv line 50000: bytes are not valid in the declared encoding");
            assertThatThrownBy(() -> read(withInvalidByte(jsonl.toString(), 50_000, offset), FileFormat.JSONL, UTF_8))
                    .hasMessage("part-0001.csv line 50000: bytes are not valid in the declared encoding");
        }
        // a file that starts with a line break (read, then put back while looking for a byte-order mark) counts it once
        assertThatThrownBy(() -> read(withInvalidByte("\n" + jsonl, 3, 0), FileFormat.JSONL, UTF_8))
                .hasMessage("part-0001.csv line 3: bytes are not valid in the declared encoding");
    }

    /** The text's UTF-8 bytes with the byte at an offset into a line (counted from 1) replaced by 0xFF. */
    private static byte[] withInvalidByte(String text, int line, int offset)
    {
        byte[] bytes = text.getBytes(UTF_8);
        int start = 0;
        for (int current = 1; current < line; current++) {
            start = text.indexOf('\n', start) + 1;
        }
        bytes[start + offset] = (byte) 0xFF;
        return bytes;
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsIsAMalformedRecordNotAnError()
            throws Exception
    {
        List<DeliveredRecord> records = read("id,name,count\na,b\nc,d,3\ne,\"unterminated\n".getBytes(UTF_8), FileFormat.CSV, UTF_8);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).parseError()).contains("expected 3 fields, found 2");
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(1).parseError()).isEmpty();
        assertThat(records.get(2).parseError()).contains("a quoted field is not closed before the end of the file");
        assertThat(records.get(2).line()).isEqualTo(4);
    }

    @Test
    void headerMustMatchTheContract()
    {
        assertThatThrownBy(() -> read("id,name,extra\n".getBytes(UTF_8), FileFormat.CSV, UTF_8))
                .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.HEADER_MISMATCH);
                    // the base's own header text is not repeated: its position is
                    assertThat(e.getMessage()).isEqualTo("part-0001.csv line 1: header does not match schema version 1: missing [count] columns at positions [3] are not in the contract");
                });
    }

    @Test
    void jsonLinesAcceptNumbersBooleansAndMissingFields()
            throws Exception
    {
        String jsonl = "{\"id\": \"a\", \"count\": 5}\n\n{\"id\": \"b\", \"name\": true}\n{\"id\": \n{\"id\": \"c\", \"other\": 1}\n";
        List<DeliveredRecord> records = read(jsonl.getBytes(UTF_8), FileFormat.JSONL, UTF_8);
        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isEqualTo(new DeliveredRecord(1, Arrays.asList("a", null, "5"), Optional.empty()));
        assertThat(records.get(1)).isEqualTo(new DeliveredRecord(3, Arrays.asList("b", "true", null), Optional.empty()));
        assertThat(records.get(2).parseError()).contains("not a valid JSON object");
        assertThat(records.get(3).parseError()).contains("field 2 of the object is not a column of the contract");
    }

    @Test
    void jsonNumbersKeepTheirExactTextAndARepeatedKeyMakesTheLineMalformed()
            throws Exception
    {
        String jsonl = "{\"id\": \"a\", \"count\": 12345678.5}\n"
                + "{\"id\": \"b\", \"count\": 1e3}\n"
                + "{\"id\": \"c\", \"count\": 1, \"count\": 2}\n"
                + "{\"id\": \"d\", \"name\": [\"x\"]}\n"
                + "{\"id\": \"e\"} {\"id\": \"f\"}\n";
        List<DeliveredRecord> records = read(jsonl.getBytes(UTF_8), FileFormat.JSONL, UTF_8);
        // as written, not 1.23456785E7; an exponent stays an exponent, which a CSV file could not give an INT either
        assertThat(records.get(0)).isEqualTo(new DeliveredRecord(1, Arrays.asList("a", null, "12345678.5"), Optional.empty()));
        assertThat(records.get(1)).isEqualTo(new DeliveredRecord(2, Arrays.asList("b", null, "1e3"), Optional.empty()));
        assertThat(records.get(2).parseError()).contains("field count appears twice");
        assertThat(records.get(3).parseError()).contains("field name holds an object or array");
        assertThat(records.get(4).parseError()).contains("text follows the JSON object");
    }

    @Test
    void aLineOrFieldOverItsLimitIsAMalformedRecordAndTheNextLinesStillRead()
            throws Exception
    {
        String longField = "x".repeat(Limits.FIELD_CHARACTERS + 1);
        String longLine = "y,".repeat(Limits.LINE_CHARACTERS / 2 + 1);
        // the third: one field too long to keep, which must not pass for a blank line
        String csv = "id,name,count\n1," + longField + ",1\n" + longLine + "\n" + longField + "\n2,b,2\n";
        List<DeliveredRecord> records = read(csv.getBytes(UTF_8), FileFormat.CSV, UTF_8);
        assertThat(records).hasSize(4);
        assertThat(records.get(2).parseError()).contains("field 1 is longer than 65,536 characters");
        records.remove(2);
        assertThat(records.get(0).parseError()).contains("field 2 is longer than 65,536 characters");
        assertThat(records.get(1).parseError()).contains("line 3 is longer than 1,048,576 characters");
        assertThat(records.get(2)).isEqualTo(new DeliveredRecord(5, Arrays.asList("2", "b", "2"), Optional.empty()));

        String jsonl = "{\"id\": \"" + longField + "\"}\n" + "z".repeat(Limits.LINE_CHARACTERS + 1) + "\n{\"id\": \"c\"}\n";
        List<DeliveredRecord> json = read(jsonl.getBytes(UTF_8), FileFormat.JSONL, UTF_8);
        assertThat(json.get(0).parseError()).contains("field id is longer than 65,536 characters");
        assertThat(json.get(1).parseError()).contains("line 2 is longer than 1,048,576 characters");
        assertThat(json.get(2)).isEqualTo(new DeliveredRecord(3, Arrays.asList("c", null, null), Optional.empty()));
    }

    @Test
    void overALimitTheRestOfTheRecordIsPassedWithItsLineBreaksAndQuotesAsWhenKept()
            throws Exception
    {
        String longField = "x".repeat(Limits.FIELD_CHARACTERS + 1);
        String csv = "id,name,count\n"
                // lines 2-4: a quoted field over the limit holding two line breaks and a comma
                + "1,\"" + longField + "\n,\n" + longField + "\",1\n"
                // lines 5-6: an unquoted field over the limit, then a quoted field holding a line break
                + "2," + longField + ",\"a\nb\"\n"
                + "3,c,3\n"
                // line 8: a quoted field over the limit that the file never closes
                + "4,\"" + longField;
        List<DeliveredRecord> records = read(csv.getBytes(UTF_8), FileFormat.CSV, UTF_8);
        assertThat(records).extracting(DeliveredRecord::line).containsExactly(2L, 5L, 7L, 8L);
        assertThat(records.get(0).parseError()).contains("field 2 is longer than 65,536 characters");
        assertThat(records.get(1).parseError()).contains("field 2 is longer than 65,536 characters");
        assertThat(records.get(2)).isEqualTo(new DeliveredRecord(7, Arrays.asList("3", "c", "3"), Optional.empty()));
        assertThat(records.get(3).parseError()).contains("a quoted field is not closed before the end of the file");

        // a line over the limit ends at its line break even when it holds quotes and commas
        String jsonl = "{\"id\": \"" + "\\\",".repeat(Limits.LINE_CHARACTERS / 3 + 1) + "\"}\n{\"id\": \"d\"}\n";
        List<DeliveredRecord> json = read(jsonl.getBytes(UTF_8), FileFormat.JSONL, UTF_8);
        assertThat(json).extracting(DeliveredRecord::line).containsExactly(1L, 2L);
        assertThat(json.get(0).parseError()).contains("line 1 is longer than 1,048,576 characters");
        assertThat(json.get(1)).isEqualTo(new DeliveredRecord(2, Arrays.asList("d", null, null), Optional.empty()));
    }

    private static List<DeliveredRecord> read(byte[] content, FileFormat format, Charset charset)
            throws DeliveryRejectedException
    {
        List<DeliveredRecord> records = new ArrayList<>();
        try (RecordReader reader = RecordReader.open("part-0001.csv", format, new ByteArrayInputStream(content), charset, COLUMNS)) {
            Optional<DeliveredRecord> record;
            while ((record = reader.next()).isPresent()) {
                records.add(record.get());
            }
        }
        return records;
    }
}
