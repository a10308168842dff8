// Tensor: a shape and row-major Float32 values. A value type (copy-on-write through [Float]);
// layers read and write it through unsafe buffer pointers in their hot loops.

public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// Sizes of each axis, outermost first. A scalar has shape [].
    public private(set) var shape: [Int]
    /// Row-major values; `values.count == shape.product`.
    public private(set) var values: [Float]

    /// A tensor of the given shape holding `values` in row-major order.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.shapeMismatch("tensor: negative size in shape \(shape)")
        }
        guard shape.reduce(1, *) == values.count else {
            throw TensorError.shapeMismatch(
                "tensor: shape \(shape) holds \(shape.reduce(1, *)) values, but \(values.count) were given")
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.values = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// A tensor with every value equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.shape = shape
        self.values = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor whose values the caller writes completely in `initializer` (no zero fill).
    @inline(__always)
    init(uninitialized shape: [Int], _ initializer: (UnsafeMutablePointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { initializer(buffer.baseAddress!) }
            initialized = count
        }
    }

    /// Values drawn from N(0, standardDeviation²) with the given generator.
    public static func normal(_ shape: [Int], standardDeviation: Float = 1,
                              using generator: inout SeededGenerator) -> Tensor {
        var tensor = Tensor(zeros: shape)
        for index in tensor.values.indices {
            tensor.values[index] = generator.nextNormal() * standardDeviation
        }
        return tensor
    }

    /// Values drawn uniformly from [low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float,
                               using generator: inout SeededGenerator) -> Tensor {
        var tensor = Tensor(zeros: shape)
        for index in tensor.values.indices {
            tensor.values[index] = low + (high - low) * generator.nextUniform()
        }
        return tensor
    }

    /// A scalar tensor (shape []).
    public init(scalar: Float) {
        shape = []
        values = [scalar]
    }

    /// Number of values.
    @inline(__always) public var count: Int { values.count }
    /// Number of axes.
    @inline(__always) public var rank: Int { shape.count }

    /// The value at a flat (row-major) index.
    @inline(__always)
    public subscript(flat index: Int) -> Float {
        get { values[index] }
        set { values[index] = newValue }
    }

    /// The value at a multi-index, e.g. `t[b, i, j]`. An out-of-range index traps, as arrays do.
    public subscript(_ indices: Int...) -> Float {
        get { values[flatIndex(indices)] }
        set { values[flatIndex(indices)] = newValue }
    }

    private func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "tensor index \(indices) for shape \(shape)")
        var flat = 0
        for (index, size) in zip(indices, shape) {
            precondition(index >= 0 && index < size, "tensor index \(indices) for shape \(shape)")
            flat = flat * size + index
        }
        return flat
    }

    /// The same values under another shape with the same count; one axis may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0, newShape.filter({ $0 == -1 }).count == 1 else {
                throw TensorError.shapeMismatch("reshape: cannot reshape \(shape) to \(newShape)")
            }
            resolved[inferred] = count / known
        }
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(1, *) == count else {
            throw TensorError.shapeMismatch("reshape: cannot reshape \(shape) (\(count) values) to \(newShape)")
        }
        var copy = self
        copy.shape = resolved
        return copy
    }

    /// Read access to the values without copying.
    @inline(__always)
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer(body)
    }

    /// Write access to the values without copying (the count cannot change).
    @inline(__always)
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try values.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Throws unless the shape matches `expected`, where nil matches any size.
    /// `context` names the caller in the message, e.g. "linear encoder.0.ffn.in: input".
    public func checkShape(_ expected: [Int?], _ context: String) throws {
        let matches = expected.count == shape.count
            && zip(expected, shape).allSatisfy { want, have in want == nil || want == have }
        if !matches {
            let wanted = "[" + expected.map { $0.map(String.init) ?? "_" }.joined(separator: ", ") + "]"
            throw TensorError.shapeMismatch("\(context): shape \(shape), expected \(wanted)")
        }
    }

    /// True when no value is NaN or infinite.
    public var isFinite: Bool { values.allSatisfy { $0.isFinite } }

    public var description: String {
        let shown = values.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), values: [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
