// One local alignment found by MMseqs2 between a query and a target sequence.

public struct SequenceHit: Hashable, Sendable {
    /// Indices into the query and target lists given to the search.
    public var query: Int
    public var target: Int
    /// Fraction of identical aligned positions (MMseqs2 `fident`, over the alignment length).
    public var identity: Double
    /// 1-based inclusive alignment ends and full lengths.
    public var queryStart: Int, queryEnd: Int, queryLength: Int
    public var targetStart: Int, targetEnd: Int, targetLength: Int
    public var eValue: Double

    public init(query: Int, target: Int, identity: Double, queryStart: Int, queryEnd: Int, queryLength: Int,
                targetStart: Int, targetEnd: Int, targetLength: Int, eValue: Double) {
        self.query = query; self.target = target; self.identity = identity
        self.queryStart = queryStart; self.queryEnd = queryEnd; self.queryLength = queryLength
        self.targetStart = targetStart; self.targetEnd = targetEnd; self.targetLength = targetLength
        self.eValue = eValue
    }

    /// The fraction of the shorter sequence that the alignment covers.
    public var coverageOfShorter: Double {
        if queryLength <= targetLength {
            return Double(queryEnd - queryStart + 1) / Double(max(queryLength, 1))
        }
        return Double(targetEnd - targetStart + 1) / Double(max(targetLength, 1))
    }
}
