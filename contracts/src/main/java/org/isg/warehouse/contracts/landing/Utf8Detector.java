package org.isg.warehouse.contracts.landing;

import java.io.OutputStream;

/**
 * Watches a file's bytes go by and says whether they are UTF-8 holding at least one non-ASCII
 * character. GB18030 decodes almost any bytes, so a UTF-8 file declared GB18030 would not fail to
 * decode: it would load as mojibake. Chinese text in GB18030 is, in practice, never valid UTF-8.
 */
public final class Utf8Detector
        extends OutputStream
{
    private int continuationBytesExpected;
    private boolean valid = true;
    private boolean nonAscii;

    @Override
    public void write(int value)
    {
        int octet = value & 0xFF;
        if (!valid) {
            return;
        }
        if (continuationBytesExpected > 0) {
            if ((octet & 0xC0) != 0x80) {
                valid = false;
                return;
            }
            continuationBytesExpected--;
            return;
        }
        if (octet < 0x80) {
            return;
        }
        nonAscii = true;
        if ((octet & 0xE0) == 0xC0 && octet >= 0xC2) {
            continuationBytesExpected = 1;
        }
        else if ((octet & 0xF0) == 0xE0) {
            continuationBytesExpected = 2;
        }
        else if ((octet & 0xF8) == 0xF0 && octet <= 0xF4) {
            continuationBytesExpected = 3;
        }
        else {
            valid = false;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length)
    {
        for (int index = offset; index < offset + length && valid; index++) {
            write(bytes[index]);
        }
    }

    /** True when every byte so far is UTF-8 and at least one character is not ASCII. */
    public boolean isNonAsciiUtf8()
    {
        return valid && nonAscii && continuationBytesExpected == 0;
    }
}
