// A progress line on stderr, rewritten in place: what is done, the rate, and the time left.

import Foundation

public final class ProgressLine {
    private let label: String
    private let total: Int
    private let start = Date()
    private var lastPrint = Date.distantPast
    public var enabled: Bool

    public init(_ label: String, total: Int, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Reports `done` of `total` units (`unit` e.g. "samples") and extra text; at most 4 times a second.
    public func update(done: Int, unitsPerSecond: Double, unit: String, extra: String = "", force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastPrint) >= 0.25 else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        let left = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let line = "\r\(label) \(done)/\(total) \(extra) \(String(format: "%.0f", unitsPerSecond)) \(unit)/s, "
            + "\(Self.duration(elapsed)) elapsed, \(Self.duration(left)) left   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
            : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
