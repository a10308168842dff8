// Writing an output file the pipeline way: into its folder under a temporary name, then renamed,
// so an interrupted stage never leaves a half file that the next stage would trust. Special files
// (a FIFO, /dev/null, /dev/full) are written in place: renaming over them would replace them.
import Foundation
import TwinPeaksBio
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum OutputFile {
    public static func write(_ text: String, to path: String) throws {
        var status = stat()
        // stat follows a symbolic link: a link to a FIFO is written like the FIFO.
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                throw InputError(path, "is a folder; expected the path of a file to write")
            case S_IFREG:
                break
            default:
                return try writeInPlace(text, to: path)
            }
        }
        // A link to a regular file: replace the file it points to, keep the link.
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw InputError(path, "cannot create its folder \(url.deletingLastPathComponent().path); expected a writable place")
        }
        StaleTemporaries.remove(for: url)
        let temporary = StaleTemporaries.temporaryPath(for: url, processID: ProcessInfo.processInfo.processIdentifier)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        do {
            defer { unlink(temporary) }  // after a successful rename nothing is left under this name
            try writeAndClose(text, to: descriptor, name: path)
            // rename(2) replaces the target in one step.
            guard rename(temporary, url.path) == 0 else {
                throw InputError(path, "cannot rename the finished temporary file into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// A FIFO or a device: opened for writing as it is (no temporary, nothing created or replaced).
    private static func writeInPlace(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else {
            throw InputError(path, "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        try writeAndClose(text, to: descriptor, name: path)
    }

    private static func writeAndClose(_ text: String, to descriptor: Int32, name: String) throws {
        do {
            try FileDescriptorWriter.writeAll(Array(text.utf8), to: descriptor, name: name)
        } catch {
            _ = close(descriptor)
            throw error
        }
        // close(2) can report a deferred write error (NFS, quota): a file that was not stored whole.
        guard close(descriptor) == 0 else { throw InputError(name, "cannot write: \(String(cString: strerror(errno)))") }
    }
}
