// An output written piece by piece: a file under a temporary name in its folder, renamed into place
// by `finish()` (so a killed run leaves no file a later stage would trust), or standard output,
// where each piece goes out as it is written.
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
    /// The file's path and its temporary name; nil for standard output.
    private let file: (path: String, temporary: String)?
    private var finished = false

    /// Standard output: every `write` goes out at once; `finish` does nothing more.
    public static func standardOutput() -> StreamingOutput { StreamingOutput(name: "stdout", descriptor: STDOUT_FILENO, file: nil) }

    private init(name: String, descriptor: Int32, file: (path: String, temporary: String)?) {
        self.name = name
        self.descriptor = descriptor
        self.file = file
    }

    /// Opens `path` for writing under a temporary name beside it; nothing appears under `path` until `finish()`.
    public init(file path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            // Renaming over a folder fails, and over a device (/dev/full) would replace it.
            let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            guard !isFolder.boolValue, type == .typeRegular else {
                throw InputError(path, "\(isFolder.boolValue ? "is a folder" : "is not a regular file"); expected the path of a file to write")
            }
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw InputError(path, "cannot create its folder \(url.deletingLastPathComponent().path); expected a writable place")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        self.name = path
        self.descriptor = descriptor
        self.file = (url.path, temporary)
    }

    /// An unfinished file is abandoned: its temporary name is removed and `path` is left as it was.
    deinit {
        if let file, !finished {
            _ = close(descriptor)
            unlink(file.temporary)
        }
    }

    public func write(_ text: String) throws {
        try FileDescriptorWriter.writeAll(Array(text.utf8), to: descriptor, name: name)
    }

    /// Closes the file and renames it into place (rename(2) replaces the target in one step).
    public func finish() throws {
        guard let file, !finished else { return }
        finished = true
        defer { unlink(file.temporary) }  // after a successful rename nothing is left under this name
        // close(2) can report a deferred write error (NFS, quota): a file that was not stored whole.
        guard close(descriptor) == 0 else { throw InputError(name, "cannot write: \(String(cString: strerror(errno)))") }
        guard rename(file.temporary, file.path) == 0 else {
            throw InputError(name, "cannot rename the finished temporary file into place: \(String(cString: strerror(errno)))")
        }
    }
}
