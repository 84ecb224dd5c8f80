package org.isg.warehouse.pipeline.storage;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's local file system, with the two calls it makes by starting a process done in the JVM.
 * Without Hadoop's native library, Hadoop 3.3 runs {@code chmod} for every file and folder it
 * creates with a permission and {@code readlink} twice for every rename (each Delta commit); a
 * tiny night started about 950 processes, 2.5 ms each. Symbolic links and the sticky bit, which
 * the warehouse never has, still take Hadoop's own path.
 */
public class InProcessRawLocalFileSystem
        extends RawLocalFileSystem
{
    private static final short STICKY_BIT = 01000;

    @Override
    public void setPermission(Path path, FsPermission permission)
            throws IOException
    {
        if ((permission.toShort() & STICKY_BIT) != 0) {
            super.setPermission(path, permission);
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        add(permissions, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        add(permissions, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        add(permissions, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(pathToFile(path).toPath(), permissions);
    }

    /** What Hadoop returns for a file or folder that is not a link: its status, found without {@code readlink}. */
    @Override
    public FileStatus getFileLinkStatus(Path path)
            throws IOException
    {
        if (Files.isSymbolicLink(pathToFile(path).toPath())) {
            return super.getFileLinkStatus(path);
        }
        return getFileStatus(path);
    }

    private static void add(Set<PosixFilePermission> permissions, FsAction action, PosixFilePermission read, PosixFilePermission write, PosixFilePermission execute)
    {
        if (action.implies(FsAction.READ)) {
            permissions.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            permissions.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            permissions.add(execute);
        }
    }
}
