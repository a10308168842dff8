// Writing an output file the pipeline way: into its folder under a temporary name, then renamed,
// so an interrupted stage never leaves a half file that the next stage would trust.
import Foundation
import TwinPeaksBio
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum OutputFile {
    public static func write(_ text: String, to path: String) throws {
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
        do {
            defer { unlink(temporary) }  // after a successful rename nothing is left under this name
            do {
                try FileDescriptorWriter.writeAll(Array(text.utf8), to: descriptor, name: path)
            } catch {
                _ = close(descriptor)
                throw error
            }
            // close(2) can report a deferred write error (NFS, quota): a file that was not stored whole.
            guard close(descriptor) == 0 else { throw InputError(path, "cannot write: \(String(cString: strerror(errno)))") }
            // rename(2) replaces the target in one step.
            guard rename(temporary, url.path) == 0 else {
                throw InputError(path, "cannot rename the finished temporary file into place: \(String(cString: strerror(errno)))")
            }
        }
    }
}
