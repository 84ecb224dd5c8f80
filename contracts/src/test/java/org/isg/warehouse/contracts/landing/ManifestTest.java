package org.isg.warehouse.contracts.landing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest
{
    private static final String VALID = """
            {"dataset": "grid_cases", "base_code": "C01", "export_date": "2026-11-23", "schema_version": 1,
             "exported_at": "2026-11-24T01:05:00+08:00",
             "files": [{"name": "part-0001.csv", "format": "csv", "encoding": "GB18030", "rows": 1520,
                        "sha256": "%s"}]}
            """.formatted("ab".repeat(32));

    @Test
    void parsesTheSpecExample()
            throws Exception
    {
        Manifest manifest = Manifest.parse(VALID.getBytes(UTF_8));
        assertThat(manifest.dataset()).isEqualTo("grid_cases");
        assertThat(manifest.exportDate()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(manifest.exportedAt()).isEqualTo(OffsetDateTime.parse("2026-11-24T01:05:00+08:00"));
        assertThat(manifest.files()).singleElement().satisfies(file -> {
            assertThat(file.encoding().name()).isEqualTo("GB18030");
            assertThat(file.rows()).isEqualTo(1520);
        });
    }

    @Test
    void rejectsWithAReasonNamingTheField()
    {
        assertRejected("{\"dataset\": ", RejectionReason.MANIFEST_UNPARSABLE, "manifest.json is not valid JSON (line 1, column 13)");
        assertRejected(VALID.replace("\"exported_at\": \"2026-11-24T01:05:00+08:00\",", ""), RejectionReason.MANIFEST_INVALID, "manifest.json: exported_at is missing or not a string");
        assertRejected(VALID.replace("2026-11-24T01:05:00+08:00", "2026-11-24 01:05:00"), RejectionReason.MANIFEST_INVALID, "manifest.json: exported_at is not an ISO-8601 timestamp with an offset");
        assertRejected(VALID.replace("GB18030", "BIG5"), RejectionReason.MANIFEST_INVALID, "manifest.json: file part-0001.csv: encoding is not UTF-8 or GB18030");
        assertRejected(VALID.replace("part-0001.csv", "../etc/passwd"), RejectionReason.MANIFEST_INVALID, "manifest.json: files[0].name is not a plain file name in the delivery folder");
        // a repeated key would otherwise silently take the last value
        assertRejected(VALID.replace("\"schema_version\": 1,", "\"schema_version\": 1, \"schema_version\": 2,"), RejectionReason.MANIFEST_UNPARSABLE, "manifest.json is not valid JSON (line");
        assertRejected(VALID.replace("ab".repeat(32), "abc"), RejectionReason.MANIFEST_INVALID, "manifest.json: file part-0001.csv: sha256 is not 64 hex characters");
    }

    @Test
    void aManifestListingMoreThan64FilesIsRejectedWithItsOwnReason()
    {
        StringBuilder files = new StringBuilder();
        for (int index = 1; index <= Limits.FILES_PER_DELIVERY + 1; index++) {
            files.append(index == 1 ? "" : ", ").append("{\"name\": \"part-%04d.csv\", \"format\": \"csv\", \"encoding\": \"UTF-8\", \"rows\": 1, \"sha256\": \"%s\"}"
                    .formatted(index, "ab".repeat(32)));
        }
        String manifest = VALID.substring(0, VALID.indexOf("\"files\"")) + "\"files\": [" + files + "]}";
        assertRejected(manifest, RejectionReason.TOO_MANY_FILES, "manifest.json lists 65 files; a delivery has at most 64");
    }

    @Test
    void aByteOrderMarkIsReadLikeInTheDataFiles()
            throws Exception
    {
        assertThat(Manifest.parse(("\uFEFF" + VALID).getBytes(UTF_8)).dataset()).isEqualTo("grid_cases");
    }

    @Test
    void noMessageRepeatsTheManifestsText()
    {
        String canary = "CANARY-110101199001011234";
        for (String broken : List.of("{\"dataset\": " + canary, VALID.replace("part-0001.csv", canary + "/x"), VALID.replace("\"csv\"", "\"" + canary + "\""))) {
            assertThatThrownBy(() -> Manifest.parse(broken.getBytes(UTF_8))).isInstanceOf(DeliveryRejectedException.class).message().doesNotContain(canary);
        }
    }

    private static void assertRejected(String manifest, RejectionReason reason, String messageStart)
    {
        assertThatThrownBy(() -> Manifest.parse(manifest.getBytes(UTF_8)))
                .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith(messageStart);
                });
    }
}
