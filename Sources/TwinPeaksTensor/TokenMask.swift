// TokenMask: which tokens of a padded batch are real, [batch, length] of Bool (true = a real
// token, false = padding; note PyTorch's key_padding_mask uses the opposite sense).

public struct TokenMask: Equatable, Sendable {
    public let batch: Int
    public let length: Int
    /// Row-major [batch, length]; true marks a real token.
    public let valid: [Bool]

    /// A mask from explicit flags, row-major [batch, length].
    public init(batch: Int, length: Int, valid: [Bool]) throws {
        guard batch >= 0, length >= 0, valid.count == batch * length else {
            throw TensorError.shapeMismatch(
                "token mask: \(valid.count) flags for [\(batch), \(length)], expected \(batch * length)")
        }
        self.batch = batch
        self.length = length
        self.valid = valid
    }

    /// A mask where sequence b holds its first `lengths[b]` tokens and the rest is padding.
    public init(lengths: [Int], length: Int) throws {
        for (index, count) in lengths.enumerated() where count < 0 || count > length {
            throw TensorError.shapeMismatch(
                "token mask: sequence \(index) has length \(count), expected 0...\(length)")
        }
        self.batch = lengths.count
        self.length = length
        var valid = [Bool](repeating: false, count: lengths.count * length)
        for (b, count) in lengths.enumerated() {
            for t in 0..<count { valid[b * length + t] = true }
        }
        self.valid = valid
    }

    /// Every token real.
    public static func full(batch: Int, length: Int) -> TokenMask {
        // Cannot fail: the mask has exactly batch × length entries.
        try! TokenMask(batch: batch, length: length, valid: [Bool](repeating: true, count: batch * length))
    }

    /// Number of real tokens in each sequence.
    public var lengths: [Int] {
        (0..<batch).map { b in (0..<length).reduce(0) { $0 + (valid[b * length + $1] ? 1 : 0) } }
    }

    /// Throws unless this mask fits activations [batch, length, ...]; `context` names the caller.
    func check(batch expectedBatch: Int, length expectedLength: Int, _ context: String) throws {
        guard batch == expectedBatch, length == expectedLength else {
            throw TensorError.shapeMismatch(
                "\(context): mask [\(batch), \(length)], expected [\(expectedBatch), \(expectedLength)]")
        }
    }
}
