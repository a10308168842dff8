// One shard of a batch job (`--shard i/n`, or a SLURM array task): which chains it embeds and
// the file it writes.

import TwinPeaksBio

/// Shard `index` of `count` (1-based). Chains are dealt round-robin in dataset order, so shards
/// get similar mixes of long and short chains.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The most shards a run may have: SLURM's own array limit (MaxArraySize) is at most 4,000,001,
    /// and a merge visits every shard file, so a count past this is a typo, not a plan.
    public static let maximumCount = 1_000_000

    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= Self.maximumCount, index >= 1, index <= count else {
            throw InputError("shard \(index)/\(count)", "expected i/n with 1 ≤ i ≤ n ≤ \(Self.maximumCount), e.g. 3/8")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw InputError("shard '\(text)'", "expected i/n with 1 ≤ i ≤ n, e.g. 3/8")
        }
        try self.init(index: i, count: n)
    }

    /// The shard of a SLURM array task, from SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and
    /// SLURM_ARRAY_TASK_MIN (so `--array=0-7` and `--array=1-8` both give shards 1/8 … 8/8); nil
    /// outside an array job.
    public static func fromEnvironment(_ environment: [String: String]) throws -> Shard? {
        guard let idText = environment["SLURM_ARRAY_TASK_ID"], let countText = environment["SLURM_ARRAY_TASK_COUNT"] else {
            return nil
        }
        guard let id = Int(idText), let count = Int(countText) else {
            throw InputError("SLURM_ARRAY_TASK_ID=\(idText) SLURM_ARRAY_TASK_COUNT=\(countText)", "expected integers")
        }
        let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
        return try Shard(index: id - minimum + 1, count: count)
    }

    /// True when the chain at `position` (0-based, in dataset order) belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index - 1 }

    /// The shards 1…`count` of a run, checked (`count` within 1 … maximumCount) before any is made.
    public static func all(count: Int) throws -> [Shard] {
        guard count >= 1, count <= maximumCount else {
            throw InputError("--merge-shards \(count)", "expected a shard count of 1 … \(maximumCount)")
        }
        return try (1...count).map { try Shard(index: $0, count: count) }
    }

    /// At most `limit` of `shards`' file names, for an error message that stays readable.
    public static func list(_ shards: [Shard], output: String, limit: Int = 20) -> String {
        let named = shards.prefix(limit).map { "\($0.index) (\($0.outputPath(output)))" }.joined(separator: ", shard ")
        return named + (shards.count > limit ? " and \(shards.count - limit) more" : "")
    }

    /// The file this shard writes: `<output>.shard-i-of-n`.
    public func outputPath(_ output: String) -> String { "\(output).shard-\(index)-of-\(count)" }

    public var description: String { "\(index)/\(count)" }
}
