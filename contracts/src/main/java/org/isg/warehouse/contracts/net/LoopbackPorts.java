package org.isg.warehouse.contracts.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Ports on 127.0.0.1, where every server the project starts listens: the Trino server and the local Airflow. */
public final class LoopbackPorts
{
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private LoopbackPorts() {}

    /**
     * Whether another process accepts connections on the port: a server starting there would fail,
     * or, worse, the other one would answer in its place.
     */
    public static boolean inUse(int port)
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
