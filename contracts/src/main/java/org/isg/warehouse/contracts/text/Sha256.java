package org.isg.warehouse.contracts.text;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;

/** SHA-256, which every Java runtime has: of bytes, or of a text's UTF-8 bytes, as bytes or lower-case hex. */
public final class Sha256
{
    private Sha256() {}

    public static byte[] digest(byte[] content)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (NoSuchAlgorithmException e) {
            // the Java SE specification requires every implementation to have it
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] content)
    {
        return HexFormat.of().formatHex(digest(content));
    }

    public static String hex(String text)
    {
        return hex(text.getBytes(UTF_8));
    }
}
