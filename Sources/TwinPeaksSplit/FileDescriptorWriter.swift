// Writing bytes to an open file descriptor with every error reported: a full disk or `/dev/full`
// is an InputError naming the file and the system's reason, never a trap (FileHandle.write traps).
import Foundation
import TwinPeaksBio
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileDescriptorWriter {
    /// Writes all of `bytes` to `descriptor`, retrying short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw InputError(name, "cannot write: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}

/// Standard output for results (tables, lists), with write errors reported.
public enum StandardOutput {
    public static func write(_ text: String) throws {
        try FileDescriptorWriter.writeAll(Array(text.utf8), to: STDOUT_FILENO, name: "stdout")
    }
}
