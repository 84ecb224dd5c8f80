package org.isg.warehouse.pipeline.privacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudonymizerTest
{
    @Test
    void isHmacSha256OfTheIdentifier()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(new Pseudonymizer("Jefe".getBytes(UTF_8)).pseudonym("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // surrounding blanks are not part of an identifier
        assertThat(new Pseudonymizer("Jefe".getBytes(UTF_8)).pseudonym(" what do ya want for nothing?\t"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(new Pseudonymizer("Jefe".getBytes(UTF_8)).pseudonym(null)).isNull();
    }

    @Test
    void refusesToStartWithoutAKey(@TempDir Path directory)
    {
        assertThatThrownBy(() -> Pseudonymizer.fromConfiguration(Optional.empty(), Map.of(), directory.resolve("warehouse")))
                .hasMessageStartingWith("no pseudonym key: set ISG_PSEUDONYM_KEY (the secret) or ISG_PSEUDONYM_KEY_FILE");
        assertThatThrownBy(() -> Pseudonymizer.fromConfiguration(Optional.empty(), Map.of("ISG_PSEUDONYM_KEY", "short"), directory.resolve("warehouse")))
                .hasMessage("the pseudonym key is shorter than 16 bytes");
    }

    @Test
    void keyFileIsPrivateAndOutsideTheWarehouse(@TempDir Path directory)
            throws Exception
    {
        Path keyFile = directory.resolve("secrets/pseudonym.key");
        Pseudonymizer.createKeyFile(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        Pseudonymizer fromFile = Pseudonymizer.fromConfiguration(Optional.of(keyFile), Map.of(), directory.resolve("warehouse"));
        Pseudonymizer fromEnvironment = Pseudonymizer.fromConfiguration(Optional.empty(), Map.of("ISG_PSEUDONYM_KEY", Files.readString(keyFile, UTF_8)), directory.resolve("warehouse"));
        assertThat(fromFile.pseudonym("110101194901011234")).isEqualTo(fromEnvironment.pseudonym("110101194901011234"));

        Path inside = directory.resolve("warehouse/pseudonym.key");
        Pseudonymizer.createKeyFile(inside);
        assertThatThrownBy(() -> Pseudonymizer.fromConfiguration(Optional.of(inside), Map.of(), directory.resolve("warehouse")))
                .hasMessageContaining("is inside the warehouse directory");
    }
}
