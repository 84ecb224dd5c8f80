package org.isg.warehouse.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The optional HTTPS + password profile on a real Trino 476 server (an empty warehouse is enough):
 * each user's generated password works over HTTPS, a wrong one does not, and plain HTTP does not
 * accept a bare user name any more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordProfileTest
{
    @TempDir
    static Path warehouse;

    private TrinoServer server;
    private PasswordProfile profile;
    private int port;

    @BeforeAll
    void startWithAPasswordProfile()
            throws IOException
    {
        Files.createDirectories(warehouse.resolve("_trino"));
        profile = PasswordProfile.create(warehouse.resolve("_trino"), List.of("admin", "assessor", "evaluator_c01"), Path.of(System.getProperty("java.home"), "bin", "keytool"));
        server = new TrinoServer(warehouse, line -> { });
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server.start(port);
    }

    @AfterAll
    void stop()
    {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theProfileKeepsItsSecretsPrivateAndHashesWithBcrypt()
            throws IOException
    {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile.passwordsFile()))).isEqualTo("rw-------");
        List<String> hashes = Files.readAllLines(profile.passwordFile());
        assertThat(hashes).hasSize(3).allSatisfy(line -> assertThat(line).matches("[a-z_0-9]+:\\$2a\\$10\\$.{53}"));
        assertThat(String.join("\n", hashes)).doesNotContain(profile.password("assessor").orElseThrow());
    }

    @Test
    void eachUserConnectsOverHttpsWithTheirPassword()
            throws Exception
    {
        assertThat(server.jdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:%d/isg?SSL=true".formatted(port + 1));
        for (String user : List.of("admin", "assessor", "evaluator_c01")) {
            try (Connection connection = server.connect(user); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT current_user")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(user);
            }
        }
    }

    @Test
    void aWrongPasswordOrPlainHttpIsRefused()
    {
        Properties wrong = https("assessor", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/isg".formatted(port + 1), wrong).createStatement().executeQuery("SELECT 1"))
                .hasMessageContaining("Invalid credentials");
        Properties bareName = new Properties();
        bareName.setProperty("user", "admin");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/isg".formatted(port), bareName).createStatement().executeQuery("SELECT 1"))
                .hasMessageContaining("Authentication");
    }

    @Test
    void aConfiguredTargetConnectsOverHttpsWithThePasswordFromTheEnvironment()
            throws Exception
    {
        // What the publish stage gets under Airflow: the URL, the user and password, the trust store of a self-signed certificate
        TrinoTarget target = TrinoTarget.configured(Optional.empty(), Map.of(
                TrinoTarget.URL_VARIABLE, "jdbc:trino://127.0.0.1:%d/isg?SSL=true".formatted(port + 1),
                TrinoTarget.USER_VARIABLE, "admin",
                TrinoTarget.PASSWORD_VARIABLE, profile.password("admin").orElseThrow(),
                TrinoTarget.TRUST_STORE_VARIABLE, profile.keystore().toString(),
                TrinoTarget.TRUST_STORE_PASSWORD_VARIABLE, profile.keystorePassword())).orElseThrow();
        try (Connection connection = target.connect(); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT current_user")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("admin");
        }
        assertThat(target.toString()).doesNotContain(profile.password("admin").orElseThrow()).contains("with a password");
        // A password over plain HTTP is refused before connecting; blank settings (an unset Airflow variable) mean none
        assertThatThrownBy(() -> TrinoTarget.configured(Optional.of("jdbc:trino://127.0.0.1:%d/isg".formatted(port)), Map.of(TrinoTarget.PASSWORD_VARIABLE, "x")))
                .hasMessage("a Trino password needs HTTPS: add ?SSL=true to jdbc:trino://127.0.0.1:%d/isg".formatted(port));
        assertThat(TrinoTarget.configured(Optional.of(" "), Map.of(TrinoTarget.URL_VARIABLE, ""))).isEmpty();
    }

    private Properties https(String user, String password)
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", profile.keystore().toString());
        properties.setProperty("SSLTrustStorePassword", profile.keystorePassword());
        properties.setProperty("SSLTrustStoreType", "PKCS12");
        return properties;
    }
}
