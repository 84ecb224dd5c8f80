package org.isg.warehouse.pipeline.privacy;

import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Replaces personal identifiers with keyed pseudonyms: hex HMAC-SHA-256 of the trimmed identifier
 * under a secret key that is never stored in the warehouse. The same identifier always gives the
 * same pseudonym (so people can be counted and followed), and without the key a pseudonym cannot be
 * reversed or recomputed from a guessed identifier.
 */
public final class Pseudonymizer
        implements Serializable
{
    public static final String KEY_ENVIRONMENT_VARIABLE = "ISG_PSEUDONYM_KEY";
    public static final String KEY_FILE_ENVIRONMENT_VARIABLE = "ISG_PSEUDONYM_KEY_FILE";
    public static final int MINIMUM_KEY_BYTES = 16;

    private final byte[] key;
    private transient Mac mac;

    public Pseudonymizer(byte[] key)
    {
        this.key = Arrays.copyOf(key, key.length);
    }

    /**
     * The key from {@code --key-file}, else {@value #KEY_FILE_ENVIRONMENT_VARIABLE}, else
     * {@value #KEY_ENVIRONMENT_VARIABLE}. A key file inside the warehouse is refused.
     */
    public static Pseudonymizer fromConfiguration(Optional<Path> keyFileOption, Map<String, String> environment, Path warehouse)
    {
        Optional<Path> keyFile = keyFileOption.or(() -> Optional.ofNullable(environment.get(KEY_FILE_ENVIRONMENT_VARIABLE)).map(Path::of));
        byte[] key;
        if (keyFile.isPresent()) {
            Path file = keyFile.get().toAbsolutePath().normalize();
            if (file.startsWith(warehouse.toAbsolutePath().normalize())) {
                throw new MissingKeyException("the pseudonym key file " + file + " is inside the warehouse directory; keep it outside");
            }
            try {
                key = Files.readString(file, UTF_8).strip().getBytes(UTF_8);
            }
            catch (IOException e) {
                throw new MissingKeyException("cannot read the pseudonym key file " + file + ": " + e.getClass().getSimpleName());
            }
        }
        else if (environment.get(KEY_ENVIRONMENT_VARIABLE) != null) {
            key = environment.get(KEY_ENVIRONMENT_VARIABLE).strip().getBytes(UTF_8);
        }
        else {
            throw new MissingKeyException("no pseudonym key: set %s (the secret) or %s (a file holding it), or pass --key-file; personal identifiers are never written without one"
                    .formatted(KEY_ENVIRONMENT_VARIABLE, KEY_FILE_ENVIRONMENT_VARIABLE));
        }
        if (key.length < MINIMUM_KEY_BYTES) {
            throw new MissingKeyException("the pseudonym key is shorter than " + MINIMUM_KEY_BYTES + " bytes");
        }
        return new Pseudonymizer(key);
    }

    /** Writes a new random key file readable by its owner only (mode 0600). */
    public static void createKeyFile(Path file)
            throws IOException
    {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n", UTF_8);
        try {
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to restrict
        }
    }

    public String pseudonym(String identifier)
    {
        if (identifier == null) {
            return null;
        }
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
            }
            catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is not available", e);
            }
        }
        return HexFormat.of().formatHex(mac.doFinal(identifier.strip().getBytes(UTF_8)));
    }

    public static final class MissingKeyException
            extends IsgException
    {
        public MissingKeyException(String message)
        {
            super(StandardErrorCode.PSEUDONYM_KEY_MISSING, message);
        }
    }
}
