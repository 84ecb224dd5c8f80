package org.isg.warehouse.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * A Trino server the publish stage connects to by URL, for runs that have no server beside their
 * Spark driver (under Airflow, on a cluster): {@code --trino-url} or {@code ISG_TRINO_URL}, the
 * user and password from the environment ({@code ISG_TRINO_USER}, default {@code admin};
 * {@code ISG_TRINO_PASSWORD}), and for a server with a self-signed certificate its trust store
 * ({@code ISG_TRINO_TRUSTSTORE}, {@code ISG_TRINO_TRUSTSTORE_PASSWORD}, PKCS12). The password never
 * travels on a command line, and {@link #toString()} leaves it out.
 */
public record TrinoTarget(String jdbcUrl, String user, Optional<String> password, Optional<Path> trustStore, Optional<String> trustStorePassword)
{
    public static final String URL_VARIABLE = "ISG_TRINO_URL";
    public static final String USER_VARIABLE = "ISG_TRINO_USER";
    public static final String PASSWORD_VARIABLE = "ISG_TRINO_PASSWORD";
    public static final String TRUST_STORE_VARIABLE = "ISG_TRINO_TRUSTSTORE";
    public static final String TRUST_STORE_PASSWORD_VARIABLE = "ISG_TRINO_TRUSTSTORE_PASSWORD";

    public TrinoTarget
    {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(trustStore, "trustStore is null");
        requireNonNull(trustStorePassword, "trustStorePassword is null");
        if (!jdbcUrl.startsWith("jdbc:trino://")) {
            throw new TrinoException(TrinoException.Code.PUBLISH_FAILED, "not a Trino JDBC URL (jdbc:trino://host:port/catalog): " + jdbcUrl);
        }
        if (password.isPresent() && !jdbcUrl.contains("SSL=true")) {
            // trino-jdbc refuses to send a password in clear; say so before connecting
            throw new TrinoException(TrinoException.Code.PUBLISH_FAILED, "a Trino password needs HTTPS: add ?SSL=true to " + jdbcUrl);
        }
    }

    /**
     * The configured server: the URL given (a command-line option), else {@value #URL_VARIABLE};
     * empty when neither is set or the value is blank (Airflow renders an unset variable as "").
     */
    public static Optional<TrinoTarget> configured(Optional<String> url, Map<String, String> environment)
    {
        Optional<String> chosen = url.filter(value -> !value.isBlank()).or(() -> value(environment, URL_VARIABLE));
        return chosen.map(jdbcUrl -> new TrinoTarget(jdbcUrl.strip(),
                value(environment, USER_VARIABLE).orElse("admin"),
                value(environment, PASSWORD_VARIABLE),
                value(environment, TRUST_STORE_VARIABLE).map(Path::of),
                value(environment, TRUST_STORE_PASSWORD_VARIABLE)));
    }

    public Connection connect()
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(value -> properties.setProperty("password", value));
        trustStore.ifPresent(path -> {
            properties.setProperty("SSLTrustStorePath", path.toString());
            properties.setProperty("SSLTrustStoreType", "PKCS12");
        });
        trustStorePassword.ifPresent(value -> properties.setProperty("SSLTrustStorePassword", value));
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public String toString()
    {
        return "TrinoTarget[%s as %s%s]".formatted(jdbcUrl, user, password.isPresent() ? " with a password" : "");
    }

    private static Optional<String> value(Map<String, String> environment, String name)
    {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
