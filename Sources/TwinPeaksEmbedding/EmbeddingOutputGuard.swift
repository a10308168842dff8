// What `embed` may replace: only an embedding store it wrote itself (its provenance on the root),
// never a folder, a device, a FIFO or a file of someone else. The finished store takes the
// output's place with rename(2), in one step.
import Foundation
import TwinPeaksBio
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum EmbeddingOutputGuard {
    /// Refuses, before any work, an existing `path` that the finished store must not replace.
    static func checkReplaceable(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }  // nothing there yet
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw InputError(path, "is a folder; embed never removes a folder: give the path of an .h5 file to write")
        case S_IFREG:
            let store = try? EmbeddingStore(opening: path)
            let written = store.map { s in ["twinpeaks_version", "provider"].allSatisfy { (try? s.metadata($0)) != nil } } ?? false
            guard written else {
                throw InputError(path, "exists and is not an embedding file this tool wrote (no twinpeaks provenance); "
                                 + "embed replaces only its own output: move the file away or choose another --output")
            }
        default:
            throw InputError(path, "is not a regular file; an HDF5 embedding store cannot be written to a device or FIFO: "
                             + "give the path of a file")
        }
    }

    /// Moves the finished `temporary` over `path` in one step.
    static func replace(_ path: String, with temporary: String) throws {
        try checkReplaceable(path)
        guard rename(temporary, path) == 0 else {
            throw InputError(path, "cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
        }
    }
}
