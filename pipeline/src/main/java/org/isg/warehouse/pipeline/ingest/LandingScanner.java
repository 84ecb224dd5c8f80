package org.isg.warehouse.pipeline.ingest;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the delivery folders of a landing area whose export date is on or before a day. Names
 * starting with {@code _} or {@code .} are not deliveries (the generator's sidecar lives there). A
 * folder whose name is not a date is listed too, so that it is rejected with a reason rather than
 * ignored.
 */
public final class LandingScanner
{
    /** The name of the levels under a linked folder, which are not looked at. */
    static final String LINKED = "_linked";

    private LandingScanner() {}

    public static List<LandingFolder> scan(String landing, LocalDate upTo, Configuration configuration)
    {
        try {
            Path root = new Path(landing);
            FileSystem fileSystem = root.getFileSystem(configuration);
            List<LandingFolder> folders = new ArrayList<>();
            if (!fileSystem.exists(root)) {
                throw new IllegalArgumentException("landing area " + landing + " does not exist");
            }
            String shownRoot = fileSystem.makeQualified(root).toString().replaceAll("/+$", "");
            // A link is never followed: a linked folder is one delivery, rejected without reading under it
            for (FileStatus dataset : visibleFolders(fileSystem, root)) {
                if (LandingLinks.isLink(fileSystem, dataset.getPath())) {
                    folders.add(new LandingFolder(dataset.getPath().toString(), shownRoot, dataset.getPath().getName(), LINKED, LINKED, true));
                    continue;
                }
                for (FileStatus base : visibleFolders(fileSystem, dataset.getPath())) {
                    if (LandingLinks.isLink(fileSystem, base.getPath())) {
                        folders.add(new LandingFolder(base.getPath().toString(), shownRoot, dataset.getPath().getName(), base.getPath().getName(), LINKED, true));
                        continue;
                    }
                    for (FileStatus day : visibleFolders(fileSystem, base.getPath())) {
                        String name = day.getPath().getName();
                        if (isOnOrBefore(name, upTo)) {
                            folders.add(new LandingFolder(day.getPath().toString(), shownRoot, dataset.getPath().getName(), base.getPath().getName(), name,
                                    LandingLinks.isLink(fileSystem, day.getPath())));
                        }
                    }
                }
            }
            folders.sort(Comparator.comparing(LandingFolder::exportDateText).thenComparing(LandingFolder::datasetName).thenComparing(LandingFolder::baseCode));
            return folders;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list landing area " + landing, e);
        }
    }

    private static boolean isOnOrBefore(String name, LocalDate upTo)
    {
        try {
            return !LocalDate.parse(name).isAfter(upTo);
        }
        catch (DateTimeParseException e) {
            return true;
        }
    }

    private static List<FileStatus> visibleFolders(FileSystem fileSystem, Path folder)
            throws IOException
    {
        List<FileStatus> folders = new ArrayList<>();
        for (FileStatus status : fileSystem.listStatus(folder)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
                folders.add(status);
            }
        }
        return folders;
    }
}
