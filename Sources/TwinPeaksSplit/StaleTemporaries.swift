// The temporaries of OutputFile (`.NAME.PID.tmp` beside NAME) and their clean-up: a run killed
// before its rename leaves a complete-looking hidden file that nothing else would remove.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StaleTemporaries {
    static func temporaryPath(for url: URL, processID: Int32) -> String {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(processID).tmp").path
    }

    /// Removes `.NAME.PID.tmp` beside `url` for every PID that is no longer a running process.
    /// Only names of exactly that form are touched, so no file of another program is removed.
    static func remove(for url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).", suffix = ".tmp"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(suffix) && name.count > prefix.count + suffix.count {
            let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pid = Int32(digits), pid > 0,
                  pid != ProcessInfo.processInfo.processIdentifier else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists (EPERM: alive, not ours).
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(name).path) }
        }
    }
}
