// Where an embed run stands: chains done of total, speed in residues per second, time left;
// formatted as the one-line progress report the CLI prints on stderr.

/// A progress report from `EmbedStage.run`.
public struct EmbedProgress: Sendable {
    /// Chains stored (including those found from an earlier run) and chains in this shard.
    public var done: Int
    public var total: Int
    /// Residues embedded by this run, and the seconds it has taken.
    public var residues: Int
    public var seconds: Double
    /// Residues still to embed.
    public var residuesLeft: Int

    public var residuesPerSecond: Double { seconds > 0 ? Double(residues) / seconds : 0 }
    public var secondsLeft: Double? { residuesPerSecond > 0 ? Double(residuesLeft) / residuesPerSecond : nil }

    /// `embed: 1200/9000 chains (13.3%), 51234 residues/s, 0:00:42 left`
    public var line: String {
        let percent = total > 0 ? Double(done) / Double(total) * 100 : 100
        let left = secondsLeft.map { "\(Self.clock($0)) left" } ?? "time left unknown"
        return "embed: \(done)/\(total) chains (\(String(format1: percent))%), "
            + "\(Int(residuesPerSecond.rounded())) residues/s, \(left)"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}

private extension String {
    /// One decimal place without Foundation's formatter.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
