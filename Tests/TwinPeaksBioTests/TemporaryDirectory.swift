// A scratch directory for one test, removed when the value goes away, with a gzip helper.
import Foundation

final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "twinpeaks-bio-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` in the directory and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Compresses `file` with the system gzip (an independent implementation) and returns `file.gz`.
    func gzip(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-kf", file]
        try process.run()
        process.waitUntilExit()
        return file + ".gz"
    }
}
