package org.isg.warehouse.pipeline.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessRawLocalFileSystemTest
{
    @TempDir
    java.nio.file.Path directory;

    @Test
    void permissionsAreSetAsChmodSetsThem()
            throws IOException
    {
        InProcessRawLocalFileSystem fileSystem = fileSystem();
        java.nio.file.Path file = Files.writeString(directory.resolve("file"), "x", UTF_8);
        fileSystem.setPermission(new Path(file.toUri()), new FsPermission((short) 0750));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
        fileSystem.setPermission(new Path(file.toUri()), new FsPermission((short) 0604));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw----r--");
    }

    @Test
    void aFileOrALinkHasTheStatusHadoopsOwnFileSystemGivesIt()
            throws IOException
    {
        RawLocalFileSystem hadoops = new RawLocalFileSystem();
        hadoops.initialize(URI.create("file:///"), new Configuration(false));
        InProcessRawLocalFileSystem fileSystem = fileSystem();
        java.nio.file.Path file = Files.writeString(directory.resolve("file"), "12345", UTF_8);
        java.nio.file.Path link = Files.createSymbolicLink(directory.resolve("link"), file);

        for (java.nio.file.Path path : java.util.List.of(file, link, directory)) {
            FileStatus expected = hadoops.getFileLinkStatus(new Path(path.toUri()));
            FileStatus actual = fileSystem.getFileLinkStatus(new Path(path.toUri()));
            assertThat(actual.isSymlink()).as(path.toString()).isEqualTo(expected.isSymlink());
            assertThat(actual.isDirectory()).as(path.toString()).isEqualTo(expected.isDirectory());
            assertThat(actual.getLen()).as(path.toString()).isEqualTo(expected.getLen());
            assertThat(actual.getPath()).as(path.toString()).isEqualTo(expected.getPath());
        }
        assertThat(fileSystem.getFileLinkStatus(new Path(file.toUri())).getLen()).isEqualTo(5);

        assertThatThrownBy(() -> fileSystem.getFileLinkStatus(new Path(directory.resolve("missing").toUri())))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void aFileContextRenameOntoAnExistingFileFailsAsDeltaExpects()
            throws IOException
    {
        // Delta's log store commits a version by renaming without overwrite; an existing version must stay
        Configuration configuration = new Configuration(false);
        InProcessLocalFileSystem.SPARK_SETTINGS.forEach((key, value) -> configuration.set(key.substring("spark.hadoop.".length()), value));
        FileContext context = FileContext.getFileContext(URI.create("file:///"), configuration);
        assertThat(context.getDefaultFileSystem()).isInstanceOf(InProcessLocalFs.class);
        java.nio.file.Path committed = Files.writeString(directory.resolve("00000000000000000001.json"), "first", UTF_8);
        java.nio.file.Path attempt = Files.writeString(directory.resolve(".attempt.tmp"), "second", UTF_8);

        assertThatThrownBy(() -> context.rename(new Path(attempt.toUri()), new Path(committed.toUri()), Options.Rename.NONE))
                .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
        assertThat(Files.readString(committed, UTF_8)).isEqualTo("first");

        java.nio.file.Path next = directory.resolve("00000000000000000002.json");
        context.rename(new Path(attempt.toUri()), new Path(next.toUri()), Options.Rename.NONE);
        assertThat(Files.readString(next, UTF_8)).isEqualTo("second");
    }

    private static InProcessRawLocalFileSystem fileSystem()
            throws IOException
    {
        InProcessRawLocalFileSystem fileSystem = new InProcessRawLocalFileSystem();
        fileSystem.initialize(URI.create("file:///"), new Configuration(false));
        return fileSystem;
    }
}
