// An output written piece by piece: a file under a temporary name in its folder, renamed into place
// by `finish()` (so a killed run leaves no file a later stage would trust), or standard output,
// where each piece goes out as it is written. A FIFO or a device (/dev/null, /dev/full) is written
// in place: renaming over it would replace it.
import Foundation
import TwinPeaksBio
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class StreamingOutput {
    private let name: String
    private var descriptor: Int32
    /// The file's path and its temporary name; nil for standard output and for a file written in place.
    private let file: (path: String, temporary: String)?
    /// Whether `finish` closes the descriptor (every file; not standard output).
    private let ownsDescriptor: Bool
    private var finished = false

    /// Standard output: every `write` goes out at once; `finish` does nothing more.
    public static func standardOutput() -> StreamingOutput {
        StreamingOutput(name: "stdout", descriptor: STDOUT_FILENO, file: nil, ownsDescriptor: false)
    }

    private init(name: String, descriptor: Int32, file: (path: String, temporary: String)?, ownsDescriptor: Bool) {
        self.name = name
        self.descriptor = descriptor
        self.file = file
        self.ownsDescriptor = ownsDescriptor
    }

    /// Opens `path` for writing under a temporary name beside it; nothing appears under `path` until
    /// `finish()`. A FIFO or a device is opened as it is.
    public convenience init(file path: String) throws {
        var status = stat()
        // stat follows a symbolic link: a link to a FIFO is written like the FIFO.
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                throw InputError(path, "is a folder; expected the path of a file to write")
            case S_IFREG:
                break
            default:
                let descriptor = open(path, O_WRONLY)
                guard descriptor >= 0 else {
                    throw InputError(path, "cannot open for writing: \(String(cString: strerror(errno)))")
                }
                self.init(name: path, descriptor: descriptor, file: nil, ownsDescriptor: true)
                return
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
        self.init(name: path, descriptor: descriptor, file: (url.path, temporary), ownsDescriptor: true)
    }

    /// An unfinished file is abandoned: its temporary name is removed and `path` is left as it was.
    deinit {
        guard ownsDescriptor, !finished else { return }
        _ = close(descriptor)
        if let file { unlink(file.temporary) }
    }

    public func write(_ text: String) throws {
        try FileDescriptorWriter.writeAll(Array(text.utf8), to: descriptor, name: name)
    }

    public func write(bytes: [UInt8]) throws {
        try FileDescriptorWriter.writeAll(bytes, to: descriptor, name: name)
    }

    /// Closes the file and renames it into place (rename(2) replaces the target in one step).
    public func finish() throws {
        guard ownsDescriptor, !finished else { return }
        finished = true
        defer { if let file { unlink(file.temporary) } }  // after a successful rename nothing is left under this name
        // close(2) can report a deferred write error (NFS, quota): a file that was not stored whole.
        guard close(descriptor) == 0 else { throw InputError(name, "cannot write: \(String(cString: strerror(errno)))") }
        if let file {
            guard rename(file.temporary, file.path) == 0 else {
                throw InputError(name, "cannot rename the finished temporary file into place: \(String(cString: strerror(errno)))")
            }
        }
    }
}
