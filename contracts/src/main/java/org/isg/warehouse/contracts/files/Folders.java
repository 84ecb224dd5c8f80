package org.isg.warehouse.contracts.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Local folder housekeeping shared by the generator, the command line and the Trino server
 * manager.
 */
public final class Folders
{
    private Folders() {}

    /** Deletes the folder and everything in it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path folder)
            throws IOException
    {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
