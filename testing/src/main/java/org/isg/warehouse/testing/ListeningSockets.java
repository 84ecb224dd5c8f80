package org.isg.warehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The TCP sockets listening on this machine, read from {@code /proc/net/tcp} and {@code tcp6}: what
 * a test checks to prove that a server it started listens on loopback only.
 */
public final class ListeningSockets
{
    private static final String LISTEN = "0A";
    private static final String IPV4_LOOPBACK = "0100007F";
    private static final String IPV6_LOOPBACK = "00000000000000000000000001000000";
    private static final String IPV4_MAPPED_LOOPBACK = "0000000000000000FFFF00000100007F";

    private ListeningSockets() {}

    /** A listening socket: its local address as the kernel writes it (hex) and its port. */
    public record Socket(String hexAddress, int port)
    {
        public boolean loopback()
        {
            return hexAddress.equals(IPV4_LOOPBACK) || hexAddress.equals(IPV6_LOOPBACK) || hexAddress.equals(IPV4_MAPPED_LOOPBACK);
        }
    }

    /** Every socket listening on the port, on any address. */
    public static List<Socket> onPort(int port)
    {
        return all().stream().filter(socket -> socket.port() == port).toList();
    }

    public static List<Socket> all()
    {
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+", -1);
                    String[] local = fields[1].split(":", -1);
                    if (fields[3].equals(LISTEN)) {
                        sockets.add(new Socket(local[0].toUpperCase(Locale.ROOT), Integer.parseInt(local[1], 16)));
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sockets;
    }
}
