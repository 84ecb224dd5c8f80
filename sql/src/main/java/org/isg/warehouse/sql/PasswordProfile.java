package org.isg.warehouse.sql;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.isg.warehouse.contracts.files.Folders;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The optional HTTPS + password profile of a warehouse's Trino server, under
 * {@code <warehouse>/_trino/secure} (mode 0700): a self-signed PKCS12 keystore for 127.0.0.1, a
 * bcrypt password file Trino's file authenticator reads, the generated passwords to hand out
 * ({@code passwords.properties}, mode 0600), and the secret the node shares with itself.
 */
public final class PasswordProfile
{
    private static final String KEYSTORE_PASSWORD_VARIABLE = "ISG_KEYSTORE_PASSWORD";

    public static final int BCRYPT_COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final String keystorePassword;
    private final String sharedSecret;
    private final Map<String, String> passwords;

    private PasswordProfile(Path folder, String keystorePassword, String sharedSecret, Map<String, String> passwords)
    {
        this.folder = requireNonNull(folder, "folder is null");
        this.keystorePassword = requireNonNull(keystorePassword, "keystorePassword is null");
        this.sharedSecret = requireNonNull(sharedSecret, "sharedSecret is null");
        this.passwords = Map.copyOf(passwords);
    }

    static Path folder(Path state)
    {
        return state.resolve("secure");
    }

    /** Creates the profile (replacing an existing one) for these users, each with a new random password. */
    public static PasswordProfile create(Path state, List<String> users, Path keytool)
    {
        Path folder = folder(state);
        try {
            Folders.deleteRecursively(folder);
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String keystorePassword = randomToken();
            // the password goes to keytool through its environment, never on a command line others can list
            ProcessBuilder keytoolCommand = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "trino", "-keyalg", "RSA", "-keysize", "2048", "-validity", "825",
                    "-dname", "CN=127.0.0.1, O=ISG Warehouse", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", folder.resolve("keystore.p12").toString(), "-storepass:env", KEYSTORE_PASSWORD_VARIABLE, "-keypass:env", KEYSTORE_PASSWORD_VARIABLE)
                    .redirectErrorStream(true);
            keytoolCommand.environment().put(KEYSTORE_PASSWORD_VARIABLE, keystorePassword);
            Process process = keytoolCommand.start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (process.waitFor() != 0) {
                throw new TrinoException(TrinoException.Code.SERVER_DID_NOT_START, "keytool failed: " + output.strip());
            }
            Map<String, String> passwords = new LinkedHashMap<>();
            List<String> hashes = new ArrayList<>();
            for (String user : users) {
                String password = randomToken();
                passwords.put(user, password);
                hashes.add(user + ":" + BCrypt.withDefaults().hashToString(BCRYPT_COST, password.toCharArray()));
            }
            Files.write(folder.resolve("password.db"), hashes, UTF_8);
            Properties secrets = new Properties();
            secrets.setProperty("keystore.password", keystorePassword);
            String sharedSecret = randomToken() + randomToken();
            secrets.setProperty("internal.shared-secret", sharedSecret);
            passwords.forEach((user, password) -> secrets.setProperty("password." + user, password));
            Path secretsFile = folder.resolve("passwords.properties");
            Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var writer = Files.newBufferedWriter(secretsFile, UTF_8)) {
                secrets.store(writer, "ISG Warehouse Trino password profile: hand each user their password; keep this file private");
            }
            return new PasswordProfile(folder, keystorePassword, sharedSecret, passwords);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The warehouse's profile, if one was created. */
    public static Optional<PasswordProfile> load(Path state)
    {
        Path secretsFile = folder(state).resolve("passwords.properties");
        if (!Files.isRegularFile(secretsFile)) {
            return Optional.empty();
        }
        try {
            Properties secrets = new Properties();
            secrets.load(new StringReader(Files.readString(secretsFile, UTF_8)));
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String name : secrets.stringPropertyNames()) {
                if (name.startsWith("password.")) {
                    passwords.put(name.substring("password.".length()), secrets.getProperty(name));
                }
            }
            return Optional.of(new PasswordProfile(folder(state), secrets.getProperty("keystore.password"), secrets.getProperty("internal.shared-secret"), passwords));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path keystore()
    {
        return folder.resolve("keystore.p12");
    }

    public String keystorePassword()
    {
        return keystorePassword;
    }

    Path passwordFile()
    {
        return folder.resolve("password.db");
    }

    String sharedSecret()
    {
        return sharedSecret;
    }

    public Optional<String> password(String user)
    {
        return Optional.ofNullable(passwords.get(user));
    }

    public Path passwordsFile()
    {
        return folder.resolve("passwords.properties");
    }

    private static String randomToken()
    {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
