package org.isg.warehouse.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrinoServerTest
{
    @Test
    void aPortAnotherProcessHoldsIsRefusedBeforeAServerIsLaunched(@TempDir Path warehouse)
            throws Exception
    {
        List<String> progress = new ArrayList<>();
        // another warehouse's server, or anything else listening on the loopback port
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            TrinoServer server = new TrinoServer(warehouse, progress::add);
            assertThatThrownBy(() -> server.start(port))
                    .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.code()).isEqualTo(TrinoException.Code.PORT_IN_USE))
                    .hasMessage(("port %d on 127.0.0.1 is in use by another process (another warehouse's Trino server? './isg trino stop --warehouse <its folder>' "
                            + "stops one); stop it, or start this warehouse's server with another --port").formatted(port));
        }
        // nothing was launched or recorded for this warehouse
        assertThat(warehouse.resolve("_trino/pid")).doesNotExist();
        assertThat(progress).isEmpty();
    }
}
