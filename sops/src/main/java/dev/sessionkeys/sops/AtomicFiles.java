package dev.sessionkeys.sops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a secret file the safe way: a 0600 temp file next to the target, fsync, then an atomic rename. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target} with mode 0600.
     *
     * @param overwrite false to refuse when {@code target} exists (key files are never replaced silently)
     */
    static void write(Path target, byte[] bytes, boolean overwrite) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!overwrite && Files.exists(absolute)) {
            throw new SopsException(SopsException.Reason.IO,
                    absolute + " already exists; refusing to overwrite it (move it away or choose another path)");
        }
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = createPrivateTemp(dir, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (overwrite) {
                moveAtomically(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Files.move without REPLACE_EXISTING fails if the target appeared meanwhile.
                moveAtomically(temp, absolute);
            }
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw new SopsException(SopsException.Reason.IO,
                    absolute + " already exists; refusing to overwrite it (move it away or choose another path)");
        } catch (IOException e) {
            throw new SopsException(SopsException.Reason.IO,
                    "cannot write " + absolute + ": " + e.getMessage() + " (check the directory exists and is writable)",
                    e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temp file is 0600 and holds only what the target would have held
                }
            }
        }
    }

    private static void moveAtomically(Path from, Path to, StandardCopyOption... options) throws IOException {
        StandardCopyOption[] all = new StandardCopyOption[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            if (options.length == 0 && Files.exists(to)) {
                throw new FileAlreadyExistsException(to.toString());
            }
            Files.move(from, to, all);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, options);
        }
    }

    private static Path createPrivateTemp(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, prefix, ".tmp", mode);
        }
        Path temp = Files.createTempFile(dir, prefix, ".tmp");
        temp.toFile().setReadable(false, false);
        temp.toFile().setReadable(true, true);
        temp.toFile().setWritable(false, false);
        temp.toFile().setWritable(true, true);
        return temp;
    }

}
