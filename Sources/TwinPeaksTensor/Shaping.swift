// Slicing, concatenation and sums, with their backward passes. (Reshape is `Tensor.reshaped`;
// its backward is reshaping the gradient back.)

/// Views a shape as [outer, axis, inner] around `axis`.
private func split(_ shape: [Int], at axis: Int) -> (outer: Int, size: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}

extension Ops {
    /// The entries `range` along `axis` (e.g. tokens 3..<7 of [batch, tokens, width]).
    public static func slice(_ x: Tensor, axis: Int, range: Range<Int>) throws -> Tensor {
        try check(axis >= 0 && axis < x.rank, "slice: axis \(axis) of a rank-\(x.rank) tensor \(x.shape)")
        try check(range.lowerBound >= 0 && range.upperBound <= x.shape[axis],
                  "slice: range \(range) along axis \(axis) of \(x.shape), expected within 0..<\(x.shape[axis])")
        let (outer, size, inner) = split(x.shape, at: axis)
        var shape = x.shape
        shape[axis] = range.count
        return Tensor(uninitialized: shape) { y in
            x.withUnsafeBufferPointer { x in
                let width = range.count * inner
                for o in 0..<outer {
                    (y + o * width).update(from: x.baseAddress! + (o * size + range.lowerBound) * inner, count: width)
                }
            }
        }
    }

    /// Backward of `slice`: the gradient lands in `range` along `axis`, zeros elsewhere.
    public static func sliceBackward(_ dOutput: Tensor, inputShape: [Int], axis: Int, range: Range<Int>) throws -> Tensor {
        var expected = inputShape
        if axis >= 0 && axis < expected.count { expected[axis] = range.count }
        try dOutput.checkShape(expected, "slice backward: output gradient")
        let (outer, size, inner) = split(inputShape, at: axis)
        var dx = Tensor(zeros: inputShape)
        dx.withUnsafeMutableBufferPointer { dx in dOutput.withUnsafeBufferPointer { dy in
            let width = range.count * inner
            for o in 0..<outer {
                (dx.baseAddress! + (o * size + range.lowerBound) * inner).update(from: dy.baseAddress! + o * width, count: width)
            }
        } }
        return dx
    }

    /// Joins tensors along `axis`; all other sizes must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorError.shapeMismatch("concatenate: no tensors given") }
        try check(axis >= 0 && axis < first.rank, "concatenate: axis \(axis) of a rank-\(first.rank) tensor")
        for (index, part) in parts.enumerated() {
            var expected: [Int?] = first.shape
            expected[axis] = nil
            try part.checkShape(expected, "concatenate along axis \(axis): part \(index)")
        }
        let (outer, _, inner) = split(first.shape, at: axis)
        let total = parts.reduce(0) { $0 + $1.shape[axis] }
        var shape = first.shape
        shape[axis] = total
        return Tensor(uninitialized: shape) { y in
            var offset = 0
            for part in parts {
                let width = part.shape[axis] * inner
                part.withUnsafeBufferPointer { p in
                    for o in 0..<outer {
                        (y + o * total * inner + offset).update(from: p.baseAddress! + o * width, count: width)
                    }
                }
                offset += width
            }
        }
    }

    /// Backward of `concatenate`: the gradient split back into pieces of the parts' sizes along `axis`.
    public static func concatenateBackward(_ dOutput: Tensor, sizes: [Int], axis: Int) throws -> [Tensor] {
        try check(axis >= 0 && axis < dOutput.rank && dOutput.shape[axis] == sizes.reduce(0, +),
                  "concatenate backward: gradient \(dOutput.shape) along axis \(axis), expected size \(sizes.reduce(0, +))")
        var start = 0
        return try sizes.map { size in
            defer { start += size }
            return try slice(dOutput, axis: axis, range: start..<(start + size))
        }
    }

    /// Sum of all values, as a scalar tensor (accumulated in Double).
    public static func sum(_ x: Tensor) -> Tensor {
        Tensor(scalar: Float(x.values.reduce(0.0) { $0 + Double($1) }))
    }

    /// Backward of `sum`: every input value receives the scalar gradient.
    public static func sumBackward(_ dOutput: Tensor, inputShape: [Int]) throws -> Tensor {
        try check(dOutput.count == 1, "sum backward: gradient \(dOutput.shape), expected a scalar")
        return Tensor(repeating: dOutput.values[0], shape: inputShape)
    }

    /// Sum along `axis`, which is removed from the shape.
    public static func sum(_ x: Tensor, axis: Int) throws -> Tensor {
        try check(axis >= 0 && axis < x.rank, "sum: axis \(axis) of a rank-\(x.rank) tensor \(x.shape)")
        let (outer, size, inner) = split(x.shape, at: axis)
        var shape = x.shape
        shape.remove(at: axis)
        var y = Tensor(zeros: shape)
        y.withUnsafeMutableBufferPointer { y in x.withUnsafeBufferPointer { x in
            for o in 0..<outer {
                for s in 0..<size {
                    let source = x.baseAddress! + (o * size + s) * inner, target = y.baseAddress! + o * inner
                    for i in 0..<inner { target[i] += source[i] }
                }
            }
        } }
        return y
    }

    /// Backward of `sum(_:axis:)`: the gradient repeated along the removed axis.
    public static func sumBackward(_ dOutput: Tensor, inputShape: [Int], axis: Int) throws -> Tensor {
        var expected = inputShape
        try check(axis >= 0 && axis < inputShape.count, "sum backward: axis \(axis) of \(inputShape)")
        expected.remove(at: axis)
        try dOutput.checkShape(expected, "sum backward: output gradient")
        let (outer, size, inner) = split(inputShape, at: axis)
        return Tensor(uninitialized: inputShape) { dx in
            dOutput.withUnsafeBufferPointer { dy in
                for o in 0..<outer {
                    for s in 0..<size {
                        (dx + (o * size + s) * inner).update(from: dy.baseAddress! + o * inner, count: inner)
                    }
                }
            }
        }
    }
}
