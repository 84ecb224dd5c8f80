package org.isg.warehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A loopback port free at the time of asking, for servers the tests start (Trino, Spark daemons).
 */
public final class TestPorts
{
    private TestPorts() {}

    public static int free()
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
